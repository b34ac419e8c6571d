"""The whole coordination loop in real browsers: a coordinator introduces a pair from the queue,
both sides accept in their own browsers and exchange a message, and the dashboard funnel shows the
connection."""

import pytest

from marketplace.models import Membership
from matching.coordination.models import Pairing
from tests.coordination.test_pipeline import suggest

from ..factories import CoordinatorFactory, MembershipFactory, NeedFactory, SolutionFactory
from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _signed_in(browser, live_server, email, locale="ko-KR"):
    page = browser.new_context(locale=locale).new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, email)
    return page


def test_introduce_accept_talk_and_count(browser, live_server):
    need = NeedFactory(title="전통시장 주차난 해소")
    solution = SolutionFactory(title="빈자리알림 스마트 주차")
    officer = MembershipFactory(organization=need.organization, role=Membership.Role.ADMIN,
                                user__email="officer@city.kr", user__display_name="김주무관").user
    founder = MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN,
                                user__email="founder@startup.kr", user__display_name="이대표").user
    pairing = suggest(need, solution)
    coordinator = CoordinatorFactory(email="coord@openlab.kr")

    desk = _signed_in(browser, live_server, coordinator.email)
    desk.goto(f"{live_server.url}/coordinator/matches/")
    desk.locator("#queue-table").get_by_role("link", name="전통시장 주차난 해소").click()
    desk.select_option("#id_a_contact", str(officer.pk))
    desk.select_option("#id_b_contact", str(founder.pk))
    desk.fill("#id_note", "두 분 모두 전통시장 주차 문제를 다룹니다.")
    desk.locator("#introduce-form").get_by_role("button", name="연결 제안").click()
    desk.wait_for_load_state()
    assert desk.locator("#pairing-state").inner_text() == "연결 제안됨"

    city = _signed_in(browser, live_server, officer.email)
    city.goto(f"{live_server.url}/notifications/")
    city.locator("#notifications li", has_text="연결 제안").get_by_role("button", name="보기").click()
    city.wait_for_load_state()
    assert "founder@startup.kr" in city.locator("#pairing-contacts").inner_text()
    city.locator("#answer-form label", has_text="수락").click()
    city.locator("#answer-form").get_by_role("button", name="응답 보내기").click()
    city.wait_for_load_state()
    assert city.locator("#pairing-state").inner_text() == "한쪽 수락"

    company = _signed_in(browser, live_server, founder.email, locale="en-US")
    company.goto(f"{live_server.url}/pairings/{pairing.pk}/")
    company.locator("#answer-form label", has_text="수락").click()
    company.locator("#answer-form").get_by_role("button", name="응답 보내기").click()
    company.wait_for_load_state()
    assert company.locator("#pairing-state").inner_text() == "연결됨"
    company.fill("#id_body", "다음 주 화요일에 현장을 보러 가도 될까요?")
    company.locator("#message-form").get_by_role("button", name="보내기").click()
    company.wait_for_load_state()

    city.reload()
    assert "다음 주 화요일" in city.locator("#thread").inner_text()
    city.fill("#id_body", "네, 오후 2시에 뵙겠습니다.")
    city.locator("#message-form").get_by_role("button", name="보내기").click()
    city.wait_for_load_state()
    assert city.locator("#thread li").count() == 2

    desk.goto(f"{live_server.url}/coordinator/")
    connected = desk.locator('#funnel-table tr[data-stage="connected"] td').first.inner_text()
    assert connected == "1"
    assert Pairing.objects.get(pk=pairing.pk).state == Pairing.State.CONNECTED
    for page in (desk, city, company):
        page.context.close()
