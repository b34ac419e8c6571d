"""The site shell in a real browser: Korean by default, English on request, nothing from other hosts,
and a coordinator verifying an organisation from the queue."""

import pytest

from marketplace import services
from marketplace.models import Organization

from ..factories import PASSWORD, CoordinatorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_home_in_korean_then_english_with_no_other_host(page, live_server):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("h1").inner_text() == "스마트도시 오픈랩"
    page.select_option("#language-select", "en")
    page.click("form.ol-lang button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Smart City Open Lab"
    assert page.get_by_role("heading", name="For municipalities").is_visible()
    # KRDS's stylesheet, fonts and icons all come from this server.
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Pretendard GOV"')
    assert page.hosts == {live_server.url.split("/")[2]}


def test_skip_link_moves_focus_to_main(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"


@pytest.fixture
def pending_and_coordinator(page, live_server):
    """A pending organisation, and a coordinator signed in to the browser."""
    founder = UserFactory(email="founder@newco.kr")
    organization = services.organization_create(user=founder, kind="overseas", name="Da Nang", country="VN")
    coordinator = CoordinatorFactory(email="coord@openlab.kr")
    sign_in(page, live_server, coordinator.email)
    return organization, coordinator


def test_coordinator_verifies_an_organisation_in_the_browser(page, live_server, pending_and_coordinator):
    organization, coordinator = pending_and_coordinator
    page.goto(f"{live_server.url}/coordinator/organizations/")
    row = page.locator("tr", has_text="Da Nang")
    row.get_by_role("button", name="인증").click()
    page.wait_for_load_state()
    assert "Da Nang" in page.locator(".ol-messages").inner_text()
    organization.refresh_from_db()
    assert organization.status == Organization.Status.VERIFIED
    assert organization.status_changed_by == coordinator


def test_reject_without_reason_keeps_the_organisation_pending(page, live_server, pending_and_coordinator):
    organization, _coordinator = pending_and_coordinator
    page.goto(f"{live_server.url}/coordinator/organizations/{organization.pk}/reject/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".form-hint-invalid").count() == 1
    organization.refresh_from_db()
    assert organization.status == Organization.Status.PENDING


def test_pages_and_their_scripts_run_under_the_content_security_policy(page, live_server):
    """No page needs an inline script: the browser reports no policy violation, and the dashboard's
    charts (Chart.js, served from here) are drawn."""
    from ..factories import MembershipFactory, MunicipalityOrganizationFactory

    violations = []
    page.on("console", lambda message: violations.append((page.url, message.text[:60]))
            if "Content Security Policy" in message.text else None)
    officer = MembershipFactory(organization=MunicipalityOrganizationFactory(), user__email="csp@city.kr").user
    coordinator = CoordinatorFactory(email="csp-coord@openlab.kr")
    for url in ("/", "/solutions/", "/stats/", "/api/docs/"):
        page.goto(live_server.url + url)
    sign_in(page, live_server, officer.email)
    page.goto(live_server.url + "/needs/new/")
    page.fill("#id_problem", "전통시장 주변 주차 공간이 부족합니다")
    page.goto(live_server.url + "/accounts/logout/")
    page.click("main form button[type=submit]")
    sign_in(page, live_server, coordinator.email)
    page.goto(live_server.url + "/coordinator/")
    page.wait_for_function("document.getElementById('funnel-chart').width > 0 && window.Chart !== undefined")
    assert violations == []
