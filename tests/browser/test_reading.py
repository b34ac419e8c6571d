"""Reading on any screen: links look like links, Markdown keeps its bullets, search snippets are plain
words, and every page fits a 375 px phone without sideways scrolling."""

import pytest
from django.db import transaction

from openlab import search
from tests.search_fixtures import index_everything

from ..factories import MembershipFactory, NeedFactory, OrganizationFactory, SolutionFactory
from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def listings():
    with transaction.atomic():
        need = NeedFactory(title="전통시장 주차 정보 통합", problem=(
            "중앙시장 주변 **주차** 공간이 부족합니다.\n\n- 주말 혼잡\n- 배달 불가\n\n"
            "자세한 자료: https://example.kr/" + "a" * 120 + "/data.pdf"))
        solution = SolutionFactory(title="빈자리 주차 안내", description="**주차** 면을 실시간 안내합니다.")
    index_everything(search.backend())
    return need, solution


def test_links_lists_and_snippets_read_as_they_should(browser, live_server, listings):
    need, _solution = listings
    page = browser.new_context(locale="ko-KR").new_page()
    page.goto(f"{live_server.url}/needs/{need.pk}/")
    assert page.locator(".ol-prose li").first.evaluate("e => getComputedStyle(e).listStyleType") == "disc"
    link = page.locator(".ol-breadcrumb a").first
    assert "underline" in link.evaluate("e => getComputedStyle(e).textDecorationLine")
    page.goto(f"{live_server.url}/solutions/?q=주차")
    results = page.locator("main").inner_text()
    assert "빈자리 주차 안내" in results and "**" not in results


def test_every_page_fits_a_phone(browser, live_server, listings):
    need, solution = listings
    founder = MembershipFactory(organization=OrganizationFactory(), user__email="phone@q.kr").user
    page = browser.new_context(locale="ko-KR", viewport={"width": 375, "height": 740}).new_page()
    for path in ("/", "/solutions/", "/needs/", "/partnerships/", f"/needs/{need.pk}/", f"/solutions/{solution.pk}/",
                 "/stats/", "/accounts/login/"):
        page.goto(live_server.url + path)
        assert page.evaluate(SIDEWAYS) <= 0, path
    sign_in(page, live_server, founder.email)
    for path in ("/solutions/new/", "/partnerships/new/", "/workspace/", "/saved-searches/", "/notifications/",
                 "/accounts/profile/"):
        page.goto(live_server.url + path)
        assert page.evaluate(SIDEWAYS) <= 0, path
    from tests.coordination.test_pipeline import suggest

    from ..factories import CoordinatorFactory

    pairing = suggest(need, solution)
    desk = browser.new_context(locale="ko-KR", viewport={"width": 375, "height": 740}).new_page()
    sign_in(desk, live_server, CoordinatorFactory(email="phone-desk@q.kr").email)
    for path in ("/coordinator/", "/coordinator/matches/", f"/pairings/{pairing.pk}/", "/coordinator/organizations/"):
        desk.goto(live_server.url + path)
        assert desk.evaluate(SIDEWAYS) <= 0, path


def test_the_dashboard_charts_are_drawn_in_the_korean_web_font(browser, live_server, listings):
    from ..factories import CoordinatorFactory

    coordinator = CoordinatorFactory(email="charts@openlab.kr")
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/coordinator/")
    page.wait_for_selector("body[data-charts-drawn=true]")
    assert "Pretendard GOV" in page.evaluate("Chart.defaults.font.family")
    assert page.evaluate("""document.fonts.check('12px "Pretendard GOV"', '가')""")


def test_an_english_browser_gets_english_on_its_first_visit_and_the_choice_sticks(browser, live_server):
    page = browser.new_context(locale="en-US").new_page()
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title().endswith("| Smart City Open Lab")
    page.select_option("#language-select", "ko")
    page.click("form.ol-lang button[type=submit]")
    page.wait_for_load_state()
    page.goto(live_server.url + "/solutions/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.title() == "솔루션 카탈로그 | 스마트도시 오픈랩"
