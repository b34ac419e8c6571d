"""What coordinators do with matches: a pairing is one pair of listings on its way from a suggestion
to a contract, with every state change kept (``PairingEvent``), the two organisations' message
thread (``PairingMessage``) and what declines teach the ranking (``FeedbackSignal``).

Stored ``Match`` rows are replaced each time matches are recomputed; a pairing is never deleted, so it
is what pages link to and what the funnel counts."""

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.kinds import name_of_type, type_id
from marketplace.models import Interest, Organization, SolutionField, SolutionType

DeclineReason = Interest.DeclineReason
INTRO_NOTE_MAX = 3000  # a coordinator's introduction
REASON_NOTE_MAX = 500  # the details of a rejection or a decline
OUTCOME_NOTE_MAX = 1000
MESSAGE_MAX = 3000


class Pairing(models.Model):
    class Kind(models.TextChoices):
        NEED_SOLUTION = "need_solution", _("Need ↔ solution")
        PARTNERSHIP = "partnership", _("Partnership")

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTRODUCED = "introduced", _("Introduced")
        ACCEPTED = "accepted", _("Accepted by one side")
        DECLINED = "declined", _("Declined")
        CONNECTED = "connected", _("Connected")
        MEETING_HELD = "meeting_held", _("Meeting held")
        PILOT_AGREED = "pilot_agreed", _("Pilot agreed")
        CONTRACT_SIGNED = "contract_signed", _("Contract signed")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected by a coordinator")
        EXPIRED = "expired", _("Expired unanswered")

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # Side A is the need (or the partnership request); side B the solution (or the counterpart): each a
    # content-type pair (filter with ``marketplace.kinds.refers_to``); a paired listing cannot be deleted
    # (``receivers.protect_paired_listing``).
    a_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    a_id = models.PositiveBigIntegerField()
    a = GenericForeignKey("a_type", "a_id")
    a_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    b_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    b_id = models.PositiveBigIntegerField()
    b = GenericForeignKey("b_type", "b_id")
    b_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    title_a = models.CharField(max_length=200)
    title_b = models.CharField(max_length=200)
    field = models.ForeignKey(SolutionField, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    solution_type = models.ForeignKey(SolutionType, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    sido = models.CharField(_("시도"), max_length=2, blank=True)
    programme = models.CharField(_("programme"), max_length=24, blank=True)

    score = models.FloatField(_("score"), default=0.0)
    breakdown = models.JSONField(default=dict)
    engine_version = models.CharField(max_length=10, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)

    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUGGESTED)
    state_changed_at = models.DateTimeField(_("state since"))
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)

    introduced_at = models.DateTimeField(_("introduced at"), null=True, blank=True)
    introduced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    intro_note = models.TextField(_("note"), max_length=INTRO_NOTE_MAX, blank=True,
                                  validators=[MaxLengthValidator(INTRO_NOTE_MAX)])
    a_contact = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    b_contact = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    a_answer = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    a_answered_at = models.DateTimeField(null=True, blank=True)
    b_answer = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    b_answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=12, choices=DeclineReason.choices, blank=True)
    decline_note = models.CharField(_("details"), max_length=500, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    connected_at = models.DateTimeField(null=True, blank=True)
    meeting_at = models.DateTimeField(null=True, blank=True)
    pilot_at = models.DateTimeField(null=True, blank=True)
    contract_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "pk"]
        db_table = "matching_pairing"  # the tables predate the coordination app
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        constraints = [
            models.UniqueConstraint(fields=["a_type", "a_id", "b_type", "b_id"], name="one_pairing_per_pair"),
            models.CheckConstraint(condition=~Q(a_org=models.F("b_org")), name="pairing_between_two_orgs"),
        ]
        indexes = [models.Index(fields=["state", "score"]), models.Index(fields=["a_org", "state"]),
                   models.Index(fields=["b_org", "state"]), models.Index(fields=["b_type", "b_id"], name="pairing_side_b")]

    def __str__(self):
        return f"{self.title_a} ↔ {self.title_b}"

    @staticmethod
    def sides(a, b) -> dict:
        """The lookup of the pairing of listing ``a`` (side A) with listing ``b`` (side B)."""
        return {"a_type_id": type_id(a.kind), "a_id": a.pk, "b_type_id": type_id(b.kind), "b_id": b.pk}

    @property
    def a_kind(self) -> str:
        return name_of_type(self.a_type_id)

    @property
    def b_kind(self) -> str:
        return name_of_type(self.b_type_id)

    def side_of(self, organization_id) -> str | None:
        if organization_id == self.a_org_id:
            return "a"
        if organization_id == self.b_org_id:
            return "b"
        return None


class PairingEvent(models.Model):
    """One state change (or snooze, or reminder) of a pairing. Never edited, never deleted."""

    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("who"))
    from_state = models.CharField(_("from"), max_length=16, blank=True)
    to_state = models.CharField(_("to"), max_length=16)
    action = models.CharField(_("action"), max_length=16)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["to_state", "at"])]
        db_table = "matching_pairingevent"
        verbose_name = _("pairing event")
        verbose_name_plural = _("pairing events")

    def __str__(self):
        return f"{self.pairing_id}: {self.from_state} → {self.to_state}"


class PairingMessage(models.Model):
    """A message between the two organisations of a connected pairing (plain text)."""

    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="messages")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("message"), max_length=MESSAGE_MAX, validators=[MaxLengthValidator(MESSAGE_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        db_table = "matching_pairingmessage"
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.pairing_id}: {self.body[:40]}"


class Meeting(models.Model):
    """A meeting the two sides of a connected pairing settle: one side proposes one to three times, the
    other confirms one (or declines, asking for others); a reminder goes out the day before, and after
    it the pairing asks whether it was held."""

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        OFFLINE = "offline", _("In person")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined: other times asked for")
        HELD = "held", _("Held")

    SLOTS_MAX = 3
    PLACE_MAX = 300
    NOTE_MAX = 500
    MINUTES = 60  # how long a meeting is put in a calendar

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="meetings")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_side = models.CharField(max_length=1)  # "a" or "b": the other side answers
    slots = models.JSONField(_("proposed times"), default=list)  # ISO 8601 with the offset, 1 to 3
    mode = models.CharField(_("how"), max_length=8, choices=Mode.choices)
    place = models.CharField(_("link or address"), max_length=PLACE_MAX)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    starts_at = models.DateTimeField(_("time"), null=True, blank=True)
    decline_note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    outcome_asked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "starts_at"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.pairing_id}: {self.get_state_display()}"

    @property
    def answering_side(self) -> str:
        return "b" if self.proposed_side == "a" else "a"

    @property
    def slot_times(self) -> list:
        return [datetime.fromisoformat(slot) for slot in self.slots]

    @property
    def has_started(self) -> bool:
        return self.starts_at is not None and self.starts_at <= timezone.now()
