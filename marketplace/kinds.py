"""The kinds registry: the one place that says what each kind of listing is. Pages, the API, the
importer, the search registration and the matching engine read it instead of spelling out tables of
their own."""

from dataclasses import dataclass

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
