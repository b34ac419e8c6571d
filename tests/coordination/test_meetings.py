"""Meetings on a connected pairing: either side proposes one to three future times; the other confirms
one (both sides and the introducing coordinator are told) or declines asking for others; the
calendar file is for the two sides and coordinators; a reminder 24 hours before and a question after;
held moves the pairing to meeting-held; the dashboard counts them per week."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from matching.coordination import meetings
from matching.coordination.dashboard import Period, meetings_by_week
from matching.coordination.models import Meeting, Pairing
from openlab.notifications.models import Notification

from ..factories import MembershipFactory
from .test_pipeline import connect, introduce, pair  # noqa: F401 (the pair fixture)

S = Pairing.State


def local(days=3, hour=14):
    """A local (Asia/Seoul) date-time string as a browser's datetime-local sends it."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def connected(pair, coordinator):  # noqa: F811
    connect(pair, coordinator)
    return pair


def propose(connected, **kw):
    data = {"slots": [local(3), local(4)], "mode": "online", "place": "https://meet.example.kr/abc"} | kw
    return meetings.meeting_propose(user=connected["officer"], pairing=connected["pairing"], **data)


def test_a_proposal_is_for_connected_pairs_only(pair, coordinator):  # noqa: F811
    introduce(pair, coordinator)
    with pytest.raises(ValidationError):
        propose(pair)
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("slots, mode, place, field", [
    ([], "online", "https://m.kr/x", "slot"),
    ([local(1), local(2), local(3), local(4)], "online", "https://m.kr/x", "slot"),
    ([local(-1)], "online", "https://m.kr/x", "slot"),
    (["내일 오후"], "online", "https://m.kr/x", "slot"),
    ([local(2)], "online", "시청 3층", "place"),
    ([local(2)], "offline", "", "place"),
    ([local(2)], "phone", "010", "mode"),
])
def test_bad_proposals_are_field_errors(connected, slots, mode, place, field):
    with pytest.raises(ValidationError) as exc:
        propose(connected, slots=slots, mode=mode, place=place)
    assert field in exc.value.message_dict and not Meeting.objects.exists()


def test_times_are_korea_time_and_the_other_side_is_told(connected):
    meeting = propose(connected, slots=[local(3, 14)])
    assert meeting.slot_times[0].utcoffset() == timedelta(hours=9) and meeting.slot_times[0].hour == 14
    assert Notification.objects.filter(user=connected["founder"], kind="meeting").exists()
    assert not Notification.objects.filter(user=connected["officer"], kind="meeting").exists()


def test_the_other_side_confirms_and_everyone_with_the_coordinator_is_told(connected, coordinator):
    meeting = propose(connected)
    with pytest.raises(PermissionDenied):  # the proposer does not answer their own proposal
        meetings.meeting_confirm(user=connected["officer"], meeting=meeting, slot=0)
    with pytest.raises(ValidationError):
        meetings.meeting_confirm(user=connected["founder"], meeting=meeting, slot=5)
    meeting = meetings.meeting_confirm(user=connected["founder"], meeting=meeting, slot=1)
    assert meeting.state == "confirmed" and meeting.starts_at == meeting.slot_times[1]
    told = set(Notification.objects.filter(key=f"meeting:{meeting.pk}:confirmed").values_list("user_id", flat=True))
    assert {connected["officer"].pk, connected["founder"].pk, coordinator.pk} <= told
    with pytest.raises(ValidationError):  # answered once
        meetings.meeting_decline(user=connected["founder"], meeting=meeting, note="다른 시간")


def test_declining_asks_for_other_times(connected):
    meeting = propose(connected)
    with pytest.raises(ValidationError):
        meetings.meeting_decline(user=connected["founder"], meeting=meeting, note="")
    meeting = meetings.meeting_decline(user=connected["founder"], meeting=meeting, note="다음 주 화요일 오전은 어떠세요?")
    assert meeting.state == "declined"
    assert Notification.objects.get(user=connected["officer"], kind="meeting").body == "다음 주 화요일 오전은 어떠세요?"


def test_the_pages_propose_confirm_and_serve_the_calendar_file_to_the_right_people(client, connected, coordinator):
    client.force_login(connected["officer"])
    url = reverse("coordination:meeting_propose", args=[connected["pairing"].pk])
    bad = client.post(url, {"slot": [local(-2)], "mode": "online", "place": "https://m.kr/x"})
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode() and not Meeting.objects.exists()
    assert local(-2) in bad.content.decode()  # what was typed is kept
    assert client.post(url, {"slot": [local(5), local(6)], "mode": "offline", "place": "통영시청 3층"}).status_code == 302
    meeting = Meeting.objects.get()
    client.force_login(connected["founder"])
    page = client.get(reverse("coordination:pairing_detail", args=[connected["pairing"].pk])).content.decode()
    assert f'action="/meetings/{meeting.pk}/confirm/"' in page
    assert client.post(f"/meetings/{meeting.pk}/confirm/", {"slot": "1"}).status_code == 302
    for user, status in ((connected["founder"], 200), (connected["officer"], 200), (coordinator, 200),
                         (MembershipFactory().user, 404)):
        client.force_login(user)
        response = client.get(f"/meetings/{meeting.pk}/ics")
        assert response.status_code == status
        if status == 200:
            event = Calendar.from_ical(response.content).walk("VEVENT")[0]
            assert event.decoded("dtstart") == Meeting.objects.get().starts_at
            assert str(event["location"]) == "통영시청 3층" and response["Content-Type"].startswith("text/calendar")
    client.logout()
    assert client.get(f"/meetings/{meeting.pk}/ics").status_code == 302  # to sign in


def test_reminder_the_day_before_then_the_question_after_then_held(connected, coordinator):
    meeting = meetings.meeting_confirm(user=connected["founder"], meeting=propose(connected, slots=[local(2)]), slot=0)
    assert meetings.meetings_remind(now=meeting.starts_at - timedelta(hours=30)) == 0
    assert meetings.meetings_remind(now=meeting.starts_at - timedelta(hours=20)) == 1
    assert meetings.meetings_remind(now=meeting.starts_at - timedelta(hours=19)) == 0  # once
    assert Notification.objects.filter(key=f"meeting:{meeting.pk}:reminder").count() == 2  # both sides
    with pytest.raises(ValidationError):  # not before its time
        meetings.meeting_held(user=connected["officer"], meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    assert meetings.meetings_ask_outcome() == 1 and meetings.meetings_ask_outcome() == 0
    meetings.meeting_held(user=connected["founder"], meeting=meeting)
    pairing = Pairing.objects.get(pk=connected["pairing"].pk)
    assert pairing.state == S.MEETING_HELD and Meeting.objects.get().state == "held"
    # Pairs meet again after a first meeting.
    again = propose(connected, slots=[local(9)])
    assert again.pairing_id == pairing.pk


def test_the_api_proposes_confirms_and_hides_meetings_from_others(client, connected):
    client.force_login(connected["officer"])
    created = client.post(f"/api/v1/matches/{connected['pairing'].pk}/meetings/",
                          {"slot": [local(3)], "mode": "online", "place": "https://m.kr/x"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["state"] == "proposed"
    meeting_id = created.json()["id"]
    client.force_login(connected["founder"])
    confirmed = client.post(f"/api/v1/meetings/{meeting_id}/confirm/", {"slot": 0}, content_type="application/json")
    assert confirmed.status_code == 200 and confirmed.json()["starts_at"]
    client.force_login(MembershipFactory().user)
    assert client.get(f"/api/v1/meetings/{meeting_id}/").status_code == 404
    assert client.post(f"/api/v1/meetings/{meeting_id}/decline/", {"note": "x"},
                       content_type="application/json").status_code == 404


def test_the_dashboard_counts_meetings_per_week(client, connected, coordinator):
    first = meetings.meeting_confirm(user=connected["founder"], meeting=propose(connected, slots=[local(2)]), slot=0)
    propose(connected, slots=[local(3)])
    rows = meetings_by_week(Period.last_days(30, today=timezone.localdate() + timedelta(days=7)))
    assert sum(r["proposed"] for r in rows) == 2 and sum(r["confirmed"] for r in rows) == 1
    week = timezone.localtime(first.starts_at).date()
    assert any(r["week"] == week - timedelta(days=week.weekday()) and r["confirmed"] == 1 for r in rows)
    client.force_login(coordinator)
    assert 'id="meetings-table"' in client.get(reverse("coordination:coordinator_home")).content.decode()
