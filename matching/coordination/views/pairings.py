"""The pairing ("match") page: both listings, the explanation, the audit trail, and what each
person may do there (coordinators: introduce, reject, snooze; the two sides: answer, record the
outcome, write messages)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.kinds import KINDS
from marketplace.models import Attachment
from matching.explain import sentences
from openlab.accounts.decorators import coordinator_required

from .. import services
from ..forms import (
    AnswerForm,
    IntroduceForm,
    MeetingDeclineForm,
    MeetingForm,
    MessageForm,
    OutcomeForm,
    RejectForm,
    SnoozeForm,
)
from ..meetings import MEETING_STATES
from ..models import Pairing, PairingMessage
from ..selectors import pairings_visible_to, with_mutual


def _visible(request, pk) -> Pairing:
    pairing = with_mutual(pairings_visible_to(request.user)).filter(pk=pk).first()
    if pairing is None:
        raise Http404
    return pairing


def _listing(kind, pk):
    return KINDS[kind].model.objects.filter(pk=pk).select_related("organization").first()


def _side(user, pairing):
    try:
        return services.side_of(user, pairing)
    except PermissionDenied:
        return None


@login_required
def pairing_detail(request, pk, *, forms=None, status=200):
    pairing = _visible(request, pk)
    side = _side(request.user, pairing)
    coordinator = request.user.is_coordinator
    forms = forms or {}
    context = {
        "pairing": pairing, "side": side, "is_coordinator": coordinator,
        "a": _listing(pairing.a_kind, pairing.a_id), "b": _listing(pairing.b_kind, pairing.b_id),
        "reasons": sentences([tuple(r) for r in pairing.breakdown.get("reasons", [])]),
        "contributions": pairing.breakdown.get("contributions", {}),
        "events": pairing.events.select_related("actor"),
        "thread": pairing.messages.select_related("organization", "author") if services.can_read(
            request.user, pairing) and pairing.state in (*services.CONNECTED_OR_BETTER, Pairing.State.CLOSED) else None,
        "attachments": _attachments(pairing),
    }
    if coordinator and pairing.state in services.QUEUE_STATES:
        context |= {"introduce_form": forms.get("introduce") or IntroduceForm(pairing=pairing),
                    "reject_form": forms.get("reject") or RejectForm(),
                    "snooze_form": forms.get("snooze") or SnoozeForm()}
    if side and pairing.state in services.AWAITING_ANSWER and not getattr(pairing, f"{side}_answer"):
        context["answer_form"] = forms.get("answer") or AnswerForm()
    if (side or coordinator) and pairing.state in (*services.CONNECTED_OR_BETTER, Pairing.State.CLOSED):
        context["meetings"] = pairing.meetings.select_related("proposed_by")
    if side and pairing.state in MEETING_STATES:
        meeting_form = forms.get("meeting")
        context["meeting_form"] = meeting_form or MeetingForm()
        context["meeting_slots"] = (meeting_form.slots() + ["", "", ""])[:3] if meeting_form else ["", "", ""]
        context["meeting_decline_form"] = MeetingDeclineForm()
    if side and pairing.state in services.CONNECTED_OR_BETTER:
        context["outcome_form"] = forms.get("outcome") or OutcomeForm()
        context["message_form"] = forms.get("message") or MessageForm()
    return render(request, "coordination/pairing_detail.html", context, status=status)


def _attachments(pairing):


    ids = list(pairing.messages.values_list("pk", flat=True))
    found = {}
    for attachment in Attachment.objects.filter(content_type=ContentType.objects.get_for_model(PairingMessage),
                                                object_id__in=ids):
        found.setdefault(attachment.object_id, []).append(attachment)
    return found


def _act(request, pk, form_name, form, action, success):
    """Run ``action(pairing, data)`` when ``form`` is valid; errors re-render the page (400)."""
    pairing = _visible(request, pk)
    if form.is_valid():
        try:
            action(pairing, form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, success)
            return redirect("coordination:pairing_detail", pk=pk)
    return pairing_detail(request, pk, forms={form_name: form}, status=400)


@require_POST
@coordinator_required
def pairing_introduce(request, pk):
    pairing = _visible(request, pk)
    users = get_user_model().objects

    def introduce(p, data):
        services.pairing_introduce(coordinator=request.user, pairing=p, a_contact=users.filter(
            pk=data["a_contact"]).first(), b_contact=users.filter(pk=data["b_contact"]).first(), note=data["note"])

    return _act(request, pk, "introduce", IntroduceForm(request.POST, pairing=pairing), introduce,
                _("Both sides have been introduced."))


@require_POST
@coordinator_required
def pairing_reject(request, pk):
    return _act(request, pk, "reject", RejectForm(request.POST), lambda p, d: services.pairing_reject(
        coordinator=request.user, pairing=p, reason=d["reason"], note=d["note"]), _("The pair was rejected."))


@require_POST
@coordinator_required
def pairing_snooze(request, pk):
    return _act(request, pk, "snooze", SnoozeForm(request.POST), lambda p, d: services.pairing_snooze(
        coordinator=request.user, pairing=p, until=d["until"]), _("The pair was snoozed."))


@require_POST
@coordinator_required
def pairing_shortlist(request, pk):
    pairing = _visible(request, pk)
    try:
        services.pairing_shortlist(coordinator=request.user, pairing=pairing)
        messages.success(request, _("The pair was shortlisted."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("coordination:pairing_detail", pk=pk)


@require_POST
@login_required
def pairing_answer(request, pk):
    return _act(request, pk, "answer", AnswerForm(request.POST), lambda p, d: services.pairing_answer(
        user=request.user, pairing=p, accept=d["answer"] == "accept", reason=d["reason"], note=d["note"]),
        _("Your answer was recorded."))


@require_POST
@login_required
def pairing_outcome(request, pk):
    return _act(request, pk, "outcome", OutcomeForm(request.POST), lambda p, d: services.pairing_outcome(
        user=request.user, pairing=p, outcome=d["outcome"], note=d["note"]), _("The outcome was recorded."))


@require_POST
@login_required
def pairing_message(request, pk):
    return _act(request, pk, "message", MessageForm(request.POST, request.FILES), lambda p, d: services.message_post(
        user=request.user, pairing=p, body=d["body"], upload=d.get("file")), _("Message sent."))
