"""What the matching engine stores: the computed matches between listings and when they were computed."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.kinds import name_of_type


class Match(models.Model):
    """A computed pair: a listing (source) and a counterpart (target), with score and breakdown.
    Excluded pairs are kept too (``excluded``), with the reason, for coordinators. Both listings are
    named by a content-type pair (filter with ``marketplace.kinds.refers_to``); a deleted listing's
    matches go with it (``receivers.listing_deleted``)."""

    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    score = models.FloatField()
    rank = models.PositiveIntegerField(null=True, blank=True)
    excluded = models.BooleanField(default=False)
    breakdown = models.JSONField(default=dict)
    engine_version = models.CharField(max_length=10)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["source_type", "source_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["source_type", "source_id", "target_type", "target_id"],
                                               name="one_match_per_pair")]
        indexes = [models.Index(fields=["source_type", "source_id", "excluded", "rank"], name="match_source_rank"),
                   models.Index(fields=["target_type", "target_id"], name="match_target")]
        verbose_name = _("match")
        verbose_name_plural = _("matches")

    def __str__(self):
        return f"{self.source_kind}:{self.source_id} → {self.target_kind}:{self.target_id} ({self.score:.2f})"

    @property
    def source_kind(self) -> str:
        return name_of_type(self.source_type_id)

    @property
    def target_kind(self) -> str:
        return name_of_type(self.target_type_id)


class MatchRun(models.Model):
    """When a listing's matches were last computed (so "no matches" and "not computed" differ)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    listing = GenericForeignKey("content_type", "object_id")
    computed_at = models.DateTimeField()
    engine_version = models.CharField(max_length=10)
    candidates = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_run_per_listing")]

    @property
    def kind(self) -> str:
        return name_of_type(self.content_type_id)
