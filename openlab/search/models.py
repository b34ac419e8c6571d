"""What the search layer stores: each indexed listing's analysed document, so that an index is
rebuilt without analysing again and every process's embedded index can catch up with the others."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import registry


class SearchDocumentQuerySet(models.QuerySet):
    def of_kind(self, kind: str):
        """The documents of one indexed kind (``registry``)."""
        return self.filter(content_type_id=registry.type_id(kind))


class SearchDocument(models.Model):
    """The analysed form of one listing. Rows of listings no longer public stay as tombstones
    (``public=False``, no terms) until a rebuild, so that every process's index sees the removal; so
    the listing is named by a content-type pair, not a foreign key that would take the row with it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    listing = GenericForeignKey("content_type", "object_id")
    public = models.BooleanField(default=True)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    terms = models.JSONField(default=dict)
    facets = models.JSONField(default=dict)
    analysis_version = models.PositiveSmallIntegerField(default=1)
    indexed_at = models.DateTimeField(db_index=True)

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_document_per_listing")]
        # Each process's refresh reads the rows of one kind written since its last check.
        indexes = [models.Index(fields=["content_type", "indexed_at"], name="document_kind_indexed_at")]
        db_table = "matching_searchdocument"  # created by the matching app before the search layer had one
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return f"{self.kind}:{self.object_id}"

    @classmethod
    def of(cls, document: dict) -> "SearchDocument":
        """An unsaved row of a search document as ``IndexedKind.prepare`` returns it."""
        values = {k: v for k, v in document.items() if k != "kind"}
        return cls(content_type_id=registry.type_id(document["kind"]), **values)

    @property
    def kind(self) -> str:
        return registry.name_of_type(self.content_type_id)
