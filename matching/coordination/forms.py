"""Forms of the review queue and of the pairing page."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models import Municipality, Programme, SolutionField

from .models import (
    INTRO_NOTE_MAX,
    MESSAGE_MAX,
    OUTCOME_NOTE_MAX,
    REASON_NOTE_MAX,
    DeclineReason,
    Meeting,
    Pairing,
)
from .services import OUTCOMES

EMPTY = [("", _("All"))]


class QueueFilterForm(forms.Form):
    field = forms.ModelChoiceField(SolutionField.objects.all(), required=False, label=_("Field"),
                                   empty_label=_("All"))
    sido = forms.ChoiceField(required=False, label=_("시도"))
    programme = forms.ChoiceField(choices=EMPTY + list(Programme.choices), required=False, label=_("Programme"))
    kind = forms.ChoiceField(choices=EMPTY + list(Pairing.Kind.choices), required=False, label=_("Kind"))
    state = forms.ChoiceField(choices=[("", _("Waiting for review"))] + list(Pairing.State.choices), required=False,
                              label=_("State"))
    sort = forms.ChoiceField(choices=[("score", _("Score")), ("age", _("Oldest first")), ("newest", _("Newest first"))],
                             required=False, label=_("Sort"))
    min_score = forms.IntegerField(required=False, min_value=0, max_value=100, label=_("Lowest score (of 100)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sido"].choices = EMPTY + [(m.code, m.name) for m in Municipality.objects.filter(level="sido")]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"field": data["field"].code if data.get("field") else "", "sido": data.get("sido") or "",
                "programme": data.get("programme") or "", "kind": data.get("kind") or "",
                "state": data.get("state") or "", "sort": data.get("sort") or "score",
                "min_score": data["min_score"] / 100 if data.get("min_score") is not None else None}


class BulkForm(forms.Form):
    ACTIONS = [("introduce", _("Introduce (each side's first administrator as the contact)")),
               ("shortlist", _("Shortlist")), ("reject", _("Reject")), ("snooze", _("Snooze"))]
    # No default: a coordinator chooses what to do to the ticked pairs, and why when rejecting.
    action = forms.ChoiceField(choices=[("", _("Choose an action…"))] + ACTIONS, label=_("Action"))
    reason = forms.ChoiceField(choices=[("", _("Choose a reason…"))] + list(DeclineReason.choices), required=False,
                               label=_("Reason"))
    until = forms.DateField(required=False, label=_("Snooze until"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, max_length=REASON_NOTE_MAX, label=_("Note"))

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("reason"):
            self.add_error("reason", _("Give the reason for rejecting."))
        if data.get("action") == "snooze" and not data.get("until"):
            self.add_error("until", _("Choose the date until which to snooze."))
        return data


def _member_choices(organization):
    return [(m.user_id, f"{m.user.display_name or m.user.email} <{m.user.email}>")
            for m in organization.memberships.select_related("user").order_by("role", "pk") if m.user.is_active]


class IntroduceForm(forms.Form):
    a_contact = forms.TypedChoiceField(coerce=int, label=_("Contact on side A"))
    b_contact = forms.TypedChoiceField(coerce=int, label=_("Contact on side B"))
    note = forms.CharField(required=False, max_length=INTRO_NOTE_MAX, widget=forms.Textarea(attrs={"rows": 4}),
                           label=_("Note to both sides"))

    def __init__(self, *args, pairing: Pairing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a_contact"].choices = _member_choices(pairing.a_org)
        self.fields["a_contact"].label = _("Contact at %(org)s") % {"org": pairing.a_org.display_name}
        self.fields["b_contact"].choices = _member_choices(pairing.b_org)
        self.fields["b_contact"].label = _("Contact at %(org)s") % {"org": pairing.b_org.display_name}


class RejectForm(forms.Form):
    reason = forms.ChoiceField(choices=[("", _("Choose a reason…"))] + list(DeclineReason.choices), label=_("Reason"))
    note = forms.CharField(required=False, max_length=REASON_NOTE_MAX, label=_("Details"))


class SnoozeForm(forms.Form):
    until = forms.DateField(label=_("Snooze until"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("Snooze until a date after today."))
        return until


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))], label=_("Answer"),
                               widget=forms.RadioSelect)
    reason = forms.ChoiceField(choices=[("", _("Choose a reason…"))] + list(DeclineReason.choices), required=False,
                               label=_("Reason"))
    note = forms.CharField(required=False, max_length=REASON_NOTE_MAX, label=_("Details"))

    def clean(self):
        data = super().clean()
        if data.get("answer") == "decline" and not data.get("reason"):
            self.add_error("reason", _("Choose the reason for declining."))
        return data


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=[(s.value, s.label) for s in OUTCOMES] + [
        (Pairing.State.CLOSED.value, _("Close (nothing more will come of it)"))], label=_("Outcome"))
    note = forms.CharField(required=False, max_length=OUTCOME_NOTE_MAX, label=_("Note"))


class MessageForm(forms.Form):
    body = forms.CharField(max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 4}), label=_("Message"))
    file = forms.FileField(required=False, label=_("Attachment (PDF or image)"))


class MeetingForm(forms.Form):
    """A meeting proposal: one to three ``slot`` inputs (datetime-local, Asia/Seoul), how and where."""

    mode = forms.ChoiceField(label=_("How"), choices=Meeting.Mode.choices)
    place = forms.CharField(label=_("Link (online) or address (in person)"), max_length=Meeting.PLACE_MAX)

    def slots(self) -> list[str]:
        return [value for value in self.data.getlist("slot") if value.strip()] if self.is_bound else []


class MeetingDeclineForm(forms.Form):
    note = forms.CharField(label=_("Which times would suit you?"), max_length=Meeting.NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))
