"""The database failing mid-request: a clear 503 page (JSON under /api/), /healthz says so, and the
service's transaction leaves nothing half-written."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from marketplace.models import Deployment, Solution, SolutionType

from .factories import MembershipFactory


def failing(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def founder(db):
    return MembershipFactory().user


def test_a_connection_lost_mid_service_saves_nothing_and_answers_503(founder, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(founder)
    # The solution row is written, then the connection fails while its references are saved.
    monkeypatch.setattr("marketplace.services.listings._save_nested", failing)
    response = client.post(reverse("marketplace:solution_create"), {
        "title": "빈자리알림", "summary": "빈 주차면 안내", "description": "안내", "primary_type": "TRF-07",
        "nationwide": "on", "pricing_model": "purchase", "languages": "ko",
        "deployments-TOTAL_FORMS": "0", "deployments-INITIAL_FORMS": "0"})
    assert response.status_code == 503 and response["Retry-After"]
    assert "Nothing you sent was saved" in response.content.decode() or "저장되지" in response.content.decode()
    assert not Solution.objects.exists() and not Deployment.objects.exists()


def test_the_api_answers_json_503(founder, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(founder)
    monkeypatch.setattr("marketplace.services.listings._save_nested", failing)
    response = client.post("/api/v1/solutions/", {"title": "빈자리알림", "summary": "안내", "types": ["TRF-07"]},
                           content_type="application/json")
    assert response.status_code == 503 and response.json()["code"] == "database_unavailable"
    assert not Solution.objects.exists()


def test_other_errors_stay_500(db, monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr("marketplace.views.home.render", lambda *a, **k: 1 / 0)
    response = client.get("/")
    assert response.status_code == 500


def test_healthz_reports_the_database_down(db, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr("openlab.health.connection.cursor", failing)
        response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["database"]["status"] == "down"
    assert SolutionType.objects.exists()  # the real connection is untouched


def test_the_500_page_is_in_the_sites_layout_and_language(db, monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr("marketplace.views.home.render", lambda *a, **k: 1 / 0)
    html = client.get("/").content.decode()
    assert '<html lang="ko">' in html and 'class="ol-nav"' in html and "문제가 발생했습니다" in html
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Something went wrong" in html
