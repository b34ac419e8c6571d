"""Form controls a first-time user can see and use: every checkbox and radio on the main forms is a
visible KRDS control (the input hidden, a box drawn on the label that follows it), and choosing one by
its label works."""

import pytest

from ..factories import MembershipFactory, MunicipalityOrganizationFactory, OrganizationFactory
from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

INVISIBLE = """() => Array.from(document.querySelectorAll('main input[type=checkbox], main input[type=radio]'))
  .filter(input => {
    const label = input.nextElementSibling;
    if (!label || label.tagName !== 'LABEL' || label.htmlFor !== input.id) return true;
    const box = getComputedStyle(label, '::before');
    return box.content === 'none' || parseFloat(box.width) < 8 || parseFloat(box.height) < 8;
  }).map(input => input.id || input.name)"""


def test_every_check_and_radio_is_visible_and_works(browser, live_server):
    founder = MembershipFactory(organization=OrganizationFactory(), user__email="forms-f@q.kr").user
    officer = MembershipFactory(organization=MunicipalityOrganizationFactory(), user__email="forms-o@q.kr").user
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, founder.email)
    for path in ("/solutions/new/", "/partnerships/new/", "/solutions/", "/needs/"):
        page.goto(live_server.url + path)
        assert page.evaluate(INVISIBLE) == [], path
    page.goto(live_server.url + "/solutions/new/")
    region = page.locator("input[name=service_sidos]").first
    page.locator(f"label[for={region.get_attribute('id')}]").click()
    assert region.is_checked()
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, officer.email)
    page.goto(live_server.url + "/needs/new/")
    assert page.evaluate(INVISIBLE) == []


def test_an_empty_form_says_what_to_fix_on_top_and_links_to_each_field(browser, live_server):
    officer = MembershipFactory(organization=MunicipalityOrganizationFactory(), user__email="forms-e@q.kr").user
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, officer.email)
    page.goto(live_server.url + "/needs/new/")
    assert page.locator("label[for=id_contact_name] .ol-required").count() == 1
    page.locator("main form.ol-form button[type=submit]").first.click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert").first
    assert summary.is_visible() and summary.bounding_box()["y"] < page.locator("#id_title").bounding_box()["y"]
    summary.locator('a[href="#id_problem"]').click()
    assert page.evaluate("location.hash") == "#id_problem"


def test_withdrawing_an_interest_asks_first_and_cancel_keeps_it(browser, live_server):
    from marketplace import services
    from marketplace.models import Interest

    from ..factories import NeedFactory, SolutionFactory

    need, solution = NeedFactory(), SolutionFactory()
    founder = MembershipFactory(organization=solution.organization, user__email="forms-w@q.kr").user
    interest = services.interest_propose(user=founder, need=need, solution=solution, message="제안합니다")
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, founder.email)
    page.goto(f"{live_server.url}/interests/{interest.pk}/")
    page.get_by_role("button", name="철회").click()
    page.wait_for_load_state()
    assert page.locator("#confirm-form").is_visible() and Interest.objects.get().state == "sent"
    page.get_by_role("link", name="취소").click()
    page.wait_for_load_state()
    assert Interest.objects.get().state == "sent"
    page.get_by_role("button", name="철회").click()
    page.locator("#confirm-form").get_by_role("button", name="철회").click()
    page.wait_for_load_state()
    assert Interest.objects.get().state == "withdrawn"


def test_the_recipient_s_page_sends_the_read_receipt(browser, live_server):
    from marketplace import services
    from marketplace.models import Interest

    from ..factories import NeedFactory, SolutionFactory

    need, solution = NeedFactory(), SolutionFactory()
    founder = MembershipFactory(organization=solution.organization, user__email="forms-r1@q.kr").user
    officer = MembershipFactory(organization=need.organization, user__email="forms-r2@q.kr").user
    interest = services.interest_propose(user=founder, need=need, solution=solution, message="제안합니다")
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, founder.email)
    page.goto(f"{live_server.url}/interests/{interest.pk}/")
    assert page.locator("form[data-receipt]").count() == 0  # the sender's look is no receipt
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, officer.email)
    with page.expect_response(lambda r: r.url.endswith(f"/interests/{interest.pk}/opened/")) as sent:
        page.goto(f"{live_server.url}/interests/{interest.pk}/")
    assert sent.value.status == 204 and Interest.objects.get().opened_at is not None


def test_the_type_picker_groups_filters_and_takes_the_live_suggestions(browser, live_server):
    from marketplace.models import Need

    officer = MembershipFactory(organization=MunicipalityOrganizationFactory(), user__email="forms-t@q.kr").user
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, officer.email)
    page.goto(live_server.url + "/needs/new/")
    picker = page.locator("[data-type-picker]")
    assert picker.locator("details[data-type-group]").count() == 9  # the taxonomy's nine fields
    assert page.evaluate(INVISIBLE) == []
    picker.locator("[data-type-filter]").fill("주차")
    visible = picker.locator("[data-type-option]:visible")
    assert visible.count() >= 1 and all("주차" in t for t in visible.all_inner_texts())
    picker.locator("[data-type-filter]").fill("")
    page.fill("#id_title", "전통시장 주변 불법 주차")
    page.fill("#id_problem", "시장 주변 주차 공간이 부족하고 불법 주차가 많습니다.")
    suggestion = picker.locator("[data-type-suggestions] button").first
    suggestion.wait_for()
    suggestion.click()
    ticked = picker.locator("input[name=types]:checked")
    assert ticked.count() == 1
    code = ticked.get_attribute("value")
    page.fill("#id_contact_name", "김주무관")
    page.fill("#id_budget_min_krw", "1,500")  # 만원, with the separator people type
    page.fill("#id_budget_max_krw", "15,000")
    page.fill("#id_title_en", "Illegal parking around markets")
    page.locator("main form.ol-form button[type=submit]").first.click()
    page.wait_for_load_state()
    need = Need.objects.get()
    assert [t.code for t in need.types.all()] == [code]
    assert (need.budget_min_krw, need.budget_max_krw) == (15_000_000, 150_000_000)
    assert "1,500만 원–1억 5,000만 원" in page.locator("main").inner_text()
