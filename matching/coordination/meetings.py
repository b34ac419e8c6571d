"""Meetings between the two sides of a connected pairing: one side proposes one to three times (local
times in Asia/Seoul, in the future), how and where; the other confirms one or declines asking for other
times. A confirmed meeting tells both sides and the coordinator who introduced them; a reminder goes
out 24 hours before; once it is over, the pairing asks how it went (held: the meeting-held state)."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.selectors import member_users
from openlab.notifications.services import notify
from openlab.text_limits import bounded

from .models import Meeting, Pairing
from .services import pairing_outcome, side_of

S = Pairing.State
#: Pairs meet more than once: after connecting, after a first meeting, around a pilot.
MEETING_STATES = (S.CONNECTED, S.MEETING_HELD, S.PILOT_AGREED)
REMIND_BEFORE = timedelta(hours=24)
ASK_AFTER = timedelta(hours=1)  # after the meeting's start, when the pairing asks how it went


def parse_slot(value) -> datetime:
    """A local date-time (``2026-12-10T14:00``, as a browser's datetime-local sends it) or one with
    its offset; naive ones are Asia/Seoul (the site's time zone)."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise ValidationError({"slot": _("“%(value)s” is not a date and time (YYYY-MM-DDTHH:MM).") % {
                "value": str(value)[:40]}}) from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _slots(values) -> list[datetime]:
    values = [v for v in (values or []) if str(v).strip()]
    if not 1 <= len(values) <= Meeting.SLOTS_MAX:
        raise ValidationError({"slot": _("Propose one to three times.")})
    moments = sorted({parse_slot(v) for v in values})
    now = timezone.now()
    if any(moment <= now for moment in moments):
        raise ValidationError({"slot": _("Propose times in the future.")})
    if any(moment > now + timedelta(days=366) for moment in moments):
        raise ValidationError({"slot": _("Propose times within the next year.")})
    return moments


def _place(mode: str, place: str) -> str:
    if mode not in Meeting.Mode.values:
        raise ValidationError({"mode": _("Choose online or in person.")})
    place = bounded(place, field="place", limit=Meeting.PLACE_MAX)
    if not place:
        raise ValidationError({"place": _("Give the link (online) or the address (in person).")})
    if mode == Meeting.Mode.ONLINE:
        try:
            URLValidator(schemes=["https", "http"])(place)
        except ValidationError as exc:
            raise ValidationError({"place": _("An online meeting needs its link (https://…).")}) from exc
    return place


def _side_users(pairing: Pairing, side: str) -> list:
    return member_users(pairing.a_org if side == "a" else pairing.b_org)


def _pairing_url(pairing: Pairing) -> str:
    return reverse("coordination:pairing_detail", args=[pairing.pk]) + "#meetings"


def _tell(users, meeting: Meeting, event: str) -> None:
    notify(users=users, kind="meeting", key=f"meeting:{meeting.pk}:{event}", template=f"meeting_{event}",
           url=_pairing_url(meeting.pairing), context={"meeting": meeting, "pairing": meeting.pairing})


@transaction.atomic
def meeting_propose(*, user, pairing: Pairing, slots, mode: str, place: str) -> Meeting:
    side = side_of(user, pairing)
    pairing = Pairing.objects.select_for_update(of=("self",)).select_related("a_org", "b_org").get(pk=pairing.pk)
    if pairing.state not in MEETING_STATES:
        raise ValidationError({"state": _("Meetings are set up once both sides are connected.")})
    moments = _slots(slots)
    place = _place(mode, place)
    meeting = Meeting.objects.create(pairing=pairing, proposed_by=user, proposed_side=side,
                                     slots=[m.isoformat() for m in moments], mode=mode, place=place)
    _tell(_side_users(pairing, meeting.answering_side), meeting, "proposed")
    return meeting


def _answerable(user, meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("pairing__a_org", "pairing__b_org").get(
        pk=meeting.pk)
    side = side_of(user, meeting.pairing)
    if side != meeting.answering_side:
        raise PermissionDenied(_("The other side answers a proposal."))
    if meeting.state != Meeting.State.PROPOSED:
        raise ValidationError({"state": _("This meeting was answered already.")})
    return meeting


@transaction.atomic
def meeting_confirm(*, user, meeting: Meeting, slot) -> Meeting:
    meeting = _answerable(user, meeting)
    try:
        index = int(slot)
        chosen = parse_slot(meeting.slots[index]) if index >= 0 else None
    except (TypeError, ValueError, IndexError):
        chosen = None
    if chosen is None:
        raise ValidationError({"slot": _("Choose one of the proposed times.")})
    if chosen <= timezone.now():
        raise ValidationError({"slot": _("That time has passed: ask for other times.")})
    meeting.state, meeting.starts_at = Meeting.State.CONFIRMED, chosen
    meeting.decided_by, meeting.decided_at = user, timezone.now()
    meeting.save()
    pairing = meeting.pairing
    users = _side_users(pairing, "a") + _side_users(pairing, "b")
    if pairing.introduced_by_id:
        users.append(pairing.introduced_by)
    _tell(users, meeting, "confirmed")
    return meeting


@transaction.atomic
def meeting_decline(*, user, meeting: Meeting, note: str) -> Meeting:
    meeting = _answerable(user, meeting)
    note = bounded(note, field="note", limit=Meeting.NOTE_MAX)
    if not note:
        raise ValidationError({"note": _("Say which times would suit you.")})
    meeting.state, meeting.decline_note = Meeting.State.DECLINED, note
    meeting.decided_by, meeting.decided_at = user, timezone.now()
    meeting.save()
    _tell(_side_users(meeting.pairing, meeting.proposed_side), meeting, "declined")
    return meeting


@transaction.atomic
def meeting_held(*, user, meeting: Meeting) -> Meeting:
    """Either side says the meeting took place: the pairing reaches its meeting-held state (once)."""
    meeting = Meeting.objects.select_for_update().select_related("pairing").get(pk=meeting.pk)
    side_of(user, meeting.pairing)
    if meeting.state != Meeting.State.CONFIRMED or meeting.starts_at > timezone.now():
        raise ValidationError({"state": _("Only a confirmed meeting whose time has come can be marked held.")})
    meeting.state = Meeting.State.HELD
    meeting.save()
    if meeting.pairing.state == S.CONNECTED:
        pairing_outcome(user=user, pairing=meeting.pairing, outcome=S.MEETING_HELD)
    return meeting


def can_see(user, meeting: Meeting) -> bool:
    """The two sides and coordinators (the calendar file, the meeting on the pairing's page)."""
    if getattr(user, "is_coordinator", False):
        return True
    try:
        side_of(user, meeting.pairing)
    except PermissionDenied:
        return False
    return True


def _tell_both_once(meetings, event: str, stamp: str, now) -> int:
    """Tell both sides of each meeting about ``event`` and stamp the meeting (``stamp``) so that the
    next run tells nobody again."""
    told = 0
    for meeting in meetings.select_related("pairing__a_org", "pairing__b_org"):
        with transaction.atomic():
            pairing = meeting.pairing
            _tell(_side_users(pairing, "a") + _side_users(pairing, "b"), meeting, event)
            Meeting.objects.filter(pk=meeting.pk).update(**{stamp: now})
        told += 1
    return told


def meetings_remind(*, now=None) -> int:
    """Celery beat (hourly): the reminder 24 hours before each confirmed meeting, once."""
    now = now or timezone.now()
    due = Meeting.objects.filter(state=Meeting.State.CONFIRMED, reminded_at__isnull=True, starts_at__gt=now,
                                 starts_at__lte=now + REMIND_BEFORE)
    return _tell_both_once(due, "reminder", "reminded_at", now)


def meetings_ask_outcome(*, now=None) -> int:
    """Celery beat (hourly): after a confirmed meeting's time, ask both sides whether it was held."""
    now = now or timezone.now()
    over = Meeting.objects.filter(state=Meeting.State.CONFIRMED, outcome_asked_at__isnull=True,
                                  starts_at__lte=now - ASK_AFTER)
    return _tell_both_once(over, "outcome", "outcome_asked_at", now)
