"""What the matching engine stores: the computed matches between listings and when they were computed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Match(models.Model):
    """A computed pair: a listing (source) and a counterpart (target), with score and breakdown.
    Excluded pairs are kept too (``excluded``), with the reason, for coordinators."""

    source_kind = models.CharField(max_length=12)
    source_id = models.PositiveBigIntegerField()
    target_kind = models.CharField(max_length=12)
    target_id = models.PositiveBigIntegerField()
    score = models.FloatField()
    rank = models.PositiveIntegerField(null=True, blank=True)
    excluded = models.BooleanField(default=False)
    breakdown = models.JSONField(default=dict)
    engine_version = models.CharField(max_length=10)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["source_kind", "source_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["source_kind", "source_id", "target_kind", "target_id"],
                                               name="one_match_per_pair")]
        indexes = [models.Index(fields=["source_kind", "source_id", "excluded", "rank"]),
                   models.Index(fields=["target_kind", "target_id"])]
        verbose_name = _("match")
        verbose_name_plural = _("matches")

    def __str__(self):
        return f"{self.source_kind}:{self.source_id} → {self.target_kind}:{self.target_id} ({self.score:.2f})"


class MatchRun(models.Model):
    """When a listing's matches were last computed (so "no matches" and "not computed" differ)."""

    kind = models.CharField(max_length=12)
    object_id = models.PositiveBigIntegerField()
    computed_at = models.DateTimeField()
    engine_version = models.CharField(max_length=10)
    candidates = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_run_per_listing")]
