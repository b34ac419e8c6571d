"""The kinds registry: the one place that says what each kind of listing is. Pages, the API, the
importer, the search registration and the matching engine read it instead of spelling out tables of
their own."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Need, PartnershipRequest, Solution


@dataclass(frozen=True)
class ListingKind:
    name: str  # "need": stored in search documents, matches and URLs' names
    model: type
    url_prefix: str  # "needs": /needs/<pk>/, /api/v1/needs/, the importer's kind
    label: str
    label_plural: str
    #: the kinds whose listings the matching engine ranks for this one
    counterparts: tuple[str, ...]
    #: what a listing page of this kind shows first (select_related)
    related: tuple[str, ...]


KINDS: dict[str, ListingKind] = {
    kind.name: kind for kind in (
        ListingKind("solution", Solution, "solutions", _("Solution"), _("Solutions"), ("need",),
                    ("organization", "primary_type")),
        ListingKind("need", Need, "needs", _("Need"), _("Needs"), ("solution",),
                    ("organization", "organization__municipality", "field")),
        ListingKind("partnership", PartnershipRequest, "partnerships", _("Partnership request"),
                    _("Partnership requests"), ("partnership", "solution"), ("organization", "region")),
    )
}
NAMES = tuple(KINDS)
BY_PREFIX = {kind.url_prefix: kind for kind in KINDS.values()}


def kind_of(name: str) -> ListingKind:
    return KINDS[name]


def model_of(name: str) -> type:
    return KINDS[name].model


def type_id(name: str) -> int:
    """The id of the content type of a kind's model: what ``Match``, ``MatchRun`` and ``Pairing`` store
    to name a kind (Django's content-type manager caches it per process)."""
    return ContentType.objects.get_for_model(KINDS[name].model).pk


def name_of_type(content_type_id: int) -> str:
    """The kind a stored content type names (``type_id``'s inverse)."""
    return _NAMES_BY_MODEL[ContentType.objects.get_for_id(content_type_id).model_class()]


_NAMES_BY_MODEL = {kind.model: kind.name for kind in KINDS.values()}


def refers_to(prefix: str, kind: str, pk) -> Q:
    """The rows that name a listing of ``kind`` (``pk``, or any of a list of them) by the content-type
    pair ``<prefix>_type`` and ``<prefix>_id``: ``Match.objects.filter(refers_to("target", "need", 3))``."""
    many = isinstance(pk, (list, tuple, set, frozenset))
    return Q(**{f"{prefix}_type_id": type_id(kind), f"{prefix}_id__in" if many else f"{prefix}_id": pk})
