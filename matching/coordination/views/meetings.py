"""Meetings on a pairing's page: propose (the page again with its errors when refused), confirm one
of the times, decline asking for others, mark held; the calendar file for the two sides and
coordinators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import meetings
from ..calendar_files import meeting_ics
from ..forms import MeetingDeclineForm, MeetingForm
from ..models import Meeting
from .pairings import _act, pairing_detail


@require_POST
@login_required
def meeting_propose(request, pk):
    form = MeetingForm(request.POST)
    return _act(request, pk, "meeting", form, lambda pairing, data: meetings.meeting_propose(
        user=request.user, pairing=pairing, slots=form.slots(), mode=data["mode"], place=data["place"]),
        _("Meeting proposed. The other side chooses one of the times."))


def _meeting(request, pk) -> Meeting:
    meeting = Meeting.objects.select_related("pairing").filter(pk=pk).first()
    if meeting is None or not meetings.can_see(request.user, meeting):
        raise Http404
    return meeting


def _answer(request, pk, action, success):
    meeting = _meeting(request, pk)
    try:
        action(meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return pairing_detail(request, meeting.pairing_id, status=400)
    except PermissionDenied as exc:  # a coordinator, say: sees the meeting, does not answer for a side
        messages.error(request, str(exc))
        return pairing_detail(request, meeting.pairing_id, status=403)
    messages.success(request, success)
    return redirect(f"/pairings/{meeting.pairing_id}/#meetings")


@require_POST
@login_required
def meeting_confirm(request, pk):
    return _answer(request, pk, lambda meeting: meetings.meeting_confirm(
        user=request.user, meeting=meeting, slot=request.POST.get("slot")),
        _("Meeting confirmed. Both sides and the coordinator are told; the calendar file is on this page."))


@require_POST
@login_required
def meeting_decline(request, pk):
    form = MeetingDeclineForm(request.POST)
    form.is_valid()
    return _answer(request, pk, lambda meeting: meetings.meeting_decline(
        user=request.user, meeting=meeting, note=request.POST.get("note", "")),
        _("Declined. The other side is asked for other times."))


@require_POST
@login_required
def meeting_held(request, pk):
    return _answer(request, pk, lambda meeting: meetings.meeting_held(user=request.user, meeting=meeting),
                   _("Recorded: the meeting was held."))


@require_safe
@login_required
def meeting_calendar(request, pk):
    meeting = _meeting(request, pk)
    if meeting.state not in (Meeting.State.CONFIRMED, Meeting.State.HELD):
        raise Http404
    response = HttpResponse(meeting_ics(meeting, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="openlab-meeting-{meeting.pk}.ics"'
    return response
