"""Two-way interest (양방향 매칭): a company proposes its solution for a need, a municipality invites
a solution to its need, a company responds to a partnership request. Rules in ``interests.py``."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .listings import Need, PartnershipRequest, Solution
from .organizations import Organization


class Interest(models.Model):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal (company → need)")
        INVITATION = "invitation", _("Invitation (municipality → solution)")
        RESPONSE = "response", _("Response to a partnership request")

    class State(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class DeclineReason(models.TextChoices):
        NOT_RELEVANT = "not_relevant", _("Not relevant")
        BUDGET = "budget", _("Budget")
        TIMING = "timing", _("Timing")
        REGION = "region", _("Region")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    sender = models.ForeignKey(Organization, verbose_name=_("from"), on_delete=models.PROTECT,
                               related_name="interests_sent")
    recipient = models.ForeignKey(Organization, verbose_name=_("to"), on_delete=models.PROTECT,
                                  related_name="interests_received")
    need = models.ForeignKey(Need, null=True, blank=True, on_delete=models.PROTECT, related_name="interests")
    solution = models.ForeignKey(Solution, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="interests")
    partnership = models.ForeignKey(PartnershipRequest, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="interests")
    message = models.TextField(_("message"), max_length=3000, validators=[MaxLengthValidator(3000)])
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SENT)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decline_reason = models.CharField(_("reason"), max_length=12, choices=DeclineReason.choices, blank=True)
    decline_note = models.CharField(_("details"), max_length=500, blank=True)
    #: Set on every interest of a pair once both sides want it (what coordinators review).
    mutual_at = models.DateTimeField(_("mutual since"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(fields=["kind", "need", "solution"],
                                    condition=Q(kind__in=["proposal", "invitation"]),
                                    name="one_interest_per_need_solution_direction"),
            models.UniqueConstraint(fields=["partnership", "sender"], condition=Q(kind="response"),
                                    name="one_response_per_partnership_sender"),
            models.CheckConstraint(
                condition=(Q(kind="response", partnership__isnull=False, need__isnull=True)
                           | Q(kind__in=["proposal", "invitation"], need__isnull=False,
                               solution__isnull=False, partnership__isnull=True)),
                name="interest_targets_match_kind"),
        ]
        indexes = [models.Index(fields=["recipient", "state"]), models.Index(fields=["sender", "state"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.sender} → {self.recipient}"

    @property
    def subject(self):
        """What the interest is about, from the recipient's side."""
        if self.kind == self.Kind.PROPOSAL:
            return self.need
        if self.kind == self.Kind.INVITATION:
            return self.solution
        return self.partnership

    @property
    def is_live(self) -> bool:
        return self.state in (self.State.SENT, self.State.ACCEPTED)
