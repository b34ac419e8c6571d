"""axe-core (from npm, injected by the test) on the main pages in Korean and English: no serious or
critical violation. Keyboard only: the need form and the match queue work without a mouse."""

from pathlib import Path

import pytest

from marketplace.models import Membership, Need

from ..factories import (
    CoordinatorFactory,
    MembershipFactory,
    MunicipalityOrganizationFactory,
    NeedFactory,
    SolutionFactory,
)
from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""")
    return result


def test_axe_finds_what_it_should(browser):
    """The check itself can fail: an image without alternative text is a critical violation."""
    page = browser.new_page()
    page.set_content('<html lang="ko"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
    assert any(v.startswith("image-alt") for v in serious_violations(page))
    page.close()


@pytest.fixture
def people(db):
    city = MunicipalityOrganizationFactory()
    officer = MembershipFactory(organization=city, role=Membership.Role.ADMIN, user__email="a11y@city.kr").user
    need = NeedFactory(organization=city, title="전통시장 주차난")
    solution = SolutionFactory(title="빈자리알림")
    MembershipFactory(organization=solution.organization, user__email="a11y@company.kr")
    from tests.coordination.test_pipeline import suggest

    suggest(need, solution)
    return {"officer": officer, "need": need, "coordinator": CoordinatorFactory(email="a11y-coord@openlab.kr")}


@pytest.mark.parametrize("locale", ["ko-KR", "en-US"])
def test_main_pages_have_no_serious_violations(browser, live_server, people, locale):
    context = browser.new_context(locale=locale, bypass_csp=True)  # only so that the test can inject axe
    page = context.new_page()
    page.set_default_timeout(15000)
    if locale == "en-US":
        page.goto(live_server.url + "/")
        page.select_option("#language-select", "en")
        page.click("form.ol-lang button[type=submit]")
    found = {}
    for url in ("/", "/solutions/", f"/needs/{people['need'].pk}/"):
        page.goto(live_server.url + url)
        found[url] = serious_violations(page)
    sign_in(page, live_server, people["officer"].email)
    for url in ("/needs/new/", "/workspace/"):
        page.goto(live_server.url + url)
        found[url] = serious_violations(page)
    page.goto(live_server.url + "/accounts/logout/")
    page.click("main form button[type=submit]")
    sign_in(page, live_server, people["coordinator"].email)
    for url in ("/coordinator/matches/", "/coordinator/"):
        page.goto(live_server.url + url)
        found[url] = serious_violations(page)
    context.close()
    assert {url: v for url, v in found.items() if v} == {}


def test_need_form_and_queue_by_keyboard_only(browser, live_server, people):
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, people["officer"].email)
    page.goto(live_server.url + "/needs/new/")
    page.focus("#id_title")
    page.keyboard.type("버스정류장 폭염 쉼터")
    page.keyboard.press("Tab")
    page.keyboard.type("어르신들이 버스를 기다리며 더위에 그대로 노출됩니다.")
    page.focus("#id_contact_name")
    page.keyboard.type("김주무관")
    with page.expect_navigation():
        page.locator("#id_title").press("Enter")  # submitting from the keyboard saves a draft
    assert Need.objects.filter(title="버스정류장 폭염 쉼터").exists()

    page.goto(live_server.url + "/accounts/logout/")
    page.keyboard.press("Tab")
    page.click("main form button[type=submit]")
    sign_in(page, live_server, people["coordinator"].email)
    page.goto(live_server.url + "/coordinator/matches/")
    page.focus("#queue-table a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#introduce-form").is_visible()
    # Tick a row and shortlist it with the keyboard alone.
    page.go_back()
    page.focus("#queue-table input[type=checkbox]")
    page.keyboard.press("Space")
    page.focus("#id_action")
    page.keyboard.press("ArrowDown")  # (nothing chosen) → introduce
    page.keyboard.press("ArrowDown")  # introduce → shortlist
    assert page.locator("#id_action").input_value() == "shortlist"
    with page.expect_navigation():
        page.focus("#bulk-form button[type=submit]")
        page.keyboard.press("Enter")
    assert page.locator("#confirm-form").is_visible()  # asked once more, still by keyboard
    with page.expect_navigation():
        page.focus("#confirm-form button[type=submit]")
        page.keyboard.press("Enter")
    from matching.coordination.models import Pairing

    assert Pairing.objects.get().state == Pairing.State.SHORTLISTED
    context.close()
