"""What declines, rejections and good outcomes teach the ranking of similar pairs (``feedback.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models import Organization, SolutionType


class FeedbackSignal(models.Model):
    """What a decline, a rejection or a good outcome says about similar pairs: the organisation
    concerned, the solution type, and the signal (a decline reason, or success)."""

    class Signal(models.TextChoices):
        NOT_RELEVANT = "not_relevant", _("Not relevant")
        BUDGET = "budget", _("Budget")
        TIMING = "timing", _("Timing")
        REGION = "region", _("Region")
        SUCCESS = "success", _("Connected or better")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    solution_type = models.ForeignKey(SolutionType, on_delete=models.CASCADE, related_name="+")
    signal = models.CharField(max_length=12, choices=Signal.choices)
    source = models.CharField(max_length=40)  # e.g. "pairing:12:a" or "interest:7": one signal per source
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "signal"], name="one_signal_per_source")]
        indexes = [models.Index(fields=["organization", "solution_type"])]
