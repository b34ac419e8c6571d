"""Two connected sides settle a meeting in their own browsers: the officer proposes two times, the
founder picks the second, and both see it confirmed with its calendar file."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from marketplace.models import Membership
from matching.coordination import services
from matching.coordination.models import Meeting
from tests.coordination.test_pipeline import suggest

from ..factories import CoordinatorFactory, MembershipFactory, NeedFactory, SolutionFactory
from .test_coordination import _signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _local(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0).strftime("%Y-%m-%dT%H:%M")


def test_propose_two_times_and_confirm_one(browser, live_server):
    need, solution = NeedFactory(title="주차난 해소"), SolutionFactory(title="빈자리알림")
    officer = MembershipFactory(organization=need.organization, role=Membership.Role.ADMIN, user__email="o@m.kr").user
    founder = MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN,
                                user__email="f@m.kr").user
    pairing = suggest(need, solution)
    services.pairing_introduce(coordinator=CoordinatorFactory(), pairing=pairing, a_contact=officer,
                               b_contact=founder)
    services.pairing_answer(user=officer, pairing=pairing, accept=True)
    services.pairing_answer(user=founder, pairing=pairing, accept=True)

    city = _signed_in(browser, live_server, officer.email)
    city.goto(f"{live_server.url}/pairings/{pairing.pk}/")
    city.fill("#meeting-slot-0", _local(3, 10))
    city.fill("#meeting-slot-1", _local(4, 15))
    city.select_option("#id_mode", "offline")
    city.fill("#id_place", "통영시청 3층 회의실")
    city.locator("#meeting-form").get_by_role("button", name="제안").click()
    city.wait_for_load_state()
    meeting = Meeting.objects.get()
    assert len(meeting.slots) == 2 and meeting.place == "통영시청 3층 회의실"

    company = _signed_in(browser, live_server, founder.email)
    company.goto(f"{live_server.url}/pairings/{pairing.pk}/#meetings")
    company.locator(f"label[for=meeting-{meeting.pk}-slot-1]").click()
    company.get_by_role("button", name="이 시간으로 확정").click()
    company.wait_for_load_state()
    meeting.refresh_from_db()
    assert meeting.state == "confirmed" and timezone.localtime(meeting.starts_at).hour == 15
    link = company.get_by_role("link", name="캘린더에 추가 (.ics)")
    assert link.is_visible() and link.get_attribute("href") == f"/meetings/{meeting.pk}/ics"
