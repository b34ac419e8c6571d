"""What the search layer stores: each indexed listing's analysed document, so that an index is
rebuilt without analysing again and every process's embedded index can catch up with the others."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """The analysed form of one listing. Rows of listings no longer public stay as tombstones
    (``public=False``, no terms) until a rebuild, so that every process's index sees the removal."""

    kind = models.CharField(max_length=12)
    object_id = models.PositiveBigIntegerField()
    public = models.BooleanField(default=True)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    terms = models.JSONField(default=dict)
    facets = models.JSONField(default=dict)
    analysis_version = models.PositiveSmallIntegerField(default=1)
    indexed_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_document_per_listing")]
        # Each process's refresh reads the rows of one kind written since its last check.
        indexes = [models.Index(fields=["kind", "indexed_at"], name="document_kind_indexed_at")]
        db_table = "matching_searchdocument"  # created by the matching app before the search layer had one
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return f"{self.kind}:{self.object_id}"
