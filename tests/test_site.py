import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from .factories import CoordinatorFactory, MembershipFactory, MunicipalityOrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_home_explains_the_three_sides_in_korean(client):
    html = client.get("/").content.decode()
    assert '<html lang="ko">' in html
    assert "스마트도시 오픈랩" in html and "지자체" in html and "코디네이터" in html


def test_a_first_visit_follows_the_browsers_language_and_the_switcher_sticks(client):
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ko">' in client.get("/", HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9").content.decode()
    assert '<html lang="ko">' in client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR").content.decode()  # Korean by default
    client.post("/i18n/setlang/", {"language": "ko", "next": "/"})
    assert '<html lang="ko">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()


def test_a_signed_in_users_preference_beats_the_browser(client):
    client.force_login(UserFactory(preferred_language="ko"))
    assert '<html lang="ko">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()


def test_english_ui_renders_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Smart City Open Lab" in html and "For municipalities" in html and "Sign in" in html
    assert "로그인" not in html
    login = client.get(reverse("account_login")).content.decode()
    assert "Sign In" in login or "Sign in" in login


def test_navigation_follows_the_role(client):
    assert "Register your organisation" not in client.get("/").content.decode()  # anonymous
    client.force_login(UserFactory())
    assert "기관 등록" in client.get("/").content.decode()
    officer = MembershipFactory(organization=MunicipalityOrganizationFactory()).user
    client.force_login(officer)
    assert "우리 지자체" in client.get("/").content.decode()
    company_user = MembershipFactory().user
    client.force_login(company_user)
    assert "우리 기업" in client.get("/").content.decode()
    client.force_login(CoordinatorFactory())
    assert "기관 인증 대기열" in client.get("/").content.decode()


def test_pages_reference_no_other_host(client):
    for url in ["/", reverse("account_login"), reverse("account_signup"), "/api/docs/"]:
        html = client.get(url).content.decode()
        for attr in ("src=", "href="):
            for chunk in html.split(attr)[1:]:
                target = chunk[1:].split(chunk[0], 1)[0]
                assert not target.startswith(("http://", "https://", "//")) or "127.0.0.1" in target, (url, target)


def test_vendored_krds_css_points_only_at_local_files():
    css = (ROOT / "static/vendor/krds/css/krds.min.css").read_text(encoding="utf-8")
    assert "krds.go.kr" not in css and "url(../img/component/icon/ico_angle.svg)" in css
    assert (ROOT / "static/vendor/krds/img/component/icon/ico_angle.svg").exists()


def test_healthz_reports_services(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"]["status"] == "up"
    assert body["broker"]["status"] == "up" and body["search"]["status"] == "up"


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["status"] == "down"


def test_healthz_reports_a_broker_that_is_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from openlab.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        body = client.get("/healthz").json()
    finally:
        app.conf.broker_url = previous
    assert body["broker"]["status"] == "down" and body["status"] == "degraded"  # writes wait in the outbox


def test_healthz_reports_elasticsearch_down_on_a_closed_port(client, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    body = client.get("/healthz").json()
    assert body["search"] == {"status": "down", "backend": "elasticsearch", "fallback": "embedded"}


def test_api_schema_is_served(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/municipalities/" in response.content.decode()


def test_check_deploy_passes_under_production_settings():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "openlab.settings.production",
           "SECRET_KEY": "p" * 20 + "Zq8#x!K2m$Lr7@Wv4&Tn9^Bs3*Hd6%Jf1", "ALLOWED_HOSTS": "openlab.example.kr",
           "CACHE_URL": "redis://127.0.0.1:6379/1"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_a_per_process_cache():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "openlab.settings.production", "SECRET_KEY": "x" * 50,
           "ALLOWED_HOSTS": "openlab.example.kr"}
    env.pop("CACHE_URL", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "CACHE_URL" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "openlab.settings.production",
           "ALLOWED_HOSTS": "openlab.example.kr", "CACHE_URL": "redis://127.0.0.1:6379/1"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_seed_demo_is_idempotent():
    from django.core.management import call_command

    from marketplace.models import Organization
    from openlab.accounts.models import User

    call_command("seed_demo", stdout=open(os.devnull, "w"))
    counts = (Organization.objects.count(), User.objects.count())
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    assert (Organization.objects.count(), User.objects.count()) == counts
    assert Organization.objects.filter(status="verified").count() == counts[0]
    assert set(Organization.objects.values_list("kind", flat=True)) == {"municipality", "company", "overseas",
                                                                        "coordinator"}
    assert set(Organization.objects.exclude(size="").values_list("size", flat=True)) == {"startup", "sme", "large"}
    coordinator = User.objects.get(email="coordinator@openlab.demo.openlab.kr")
    assert coordinator.is_coordinator and not coordinator.is_superuser


@pytest.mark.parametrize("path, page", [("/", "홈"), ("/solutions/", "솔루션 카탈로그"), ("/accounts/login/", "로그인")])
def test_the_title_names_the_page_then_the_site(client, path, page):
    html = client.get(path).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    assert title == f"{page} | 스마트도시 오픈랩"


def test_error_pages_are_in_the_sites_layout_and_language(client):
    missing = client.get("/needs/999999/")
    html = missing.content.decode()
    assert missing.status_code == 404 and "페이지를 찾을 수 없습니다" in html and 'class="ol-nav"' in html
    client.cookies["django_language"] = "en"
    html = client.get("/needs/999999/").content.decode()
    assert "Page not found" in html and '<html lang="en">' in html
    client.force_login(MembershipFactory().user)
    forbidden = client.get("/coordinator/")
    assert forbidden.status_code == 403 and "Not allowed" in forbidden.content.decode()
