"""Reading matches for pages, the API and the ``match`` command."""

import functools
from dataclasses import dataclass

from django.conf import settings

from marketplace.kinds import KINDS, refers_to, type_id
from marketplace.selectors import member_organization_ids
from openlab.rows import column, columns, fetch, joined

from .explain import sentences
from .models import Match, MatchRun
from .scoring import ENGINE_VERSION

MAX_LIMIT = 100


@dataclass
class MatchItem:
    rank: int
    score: float
    kind: str
    listing: object
    reasons: list[str]
    breakdown: dict
    engine_version: str = ""  # of the engine that stored it

    def as_dict(self) -> dict:
        listing = self.listing
        return {"rank": self.rank, "score": round(self.score, 4), "kind": self.kind, "id": listing.pk,
                "external_id": listing.external_id, "title": listing.title,
                "organization": listing.organization.display_name, "organization_id": listing.organization_id,
                "reasons": self.reasons, "breakdown": {k: self.breakdown.get(k) for k in ("sides", "contributions")}}


def can_see_matches(user, listing) -> bool:
    """A listing's matches are for its own organisation and for coordinators."""
    if getattr(user, "is_coordinator", False):
        return True
    return bool(user.is_authenticated and listing.organization_id in member_organization_ids(user))


def current_run(kind: str, pk) -> MatchRun | None:
    """The listing's stored match run, when the current engine made it."""
    run = MatchRun.objects.filter(content_type_id=type_id(kind), object_id=pk).first()
    return run if run is not None and run.engine_version == ENGINE_VERSION else None


def shown_floor(user) -> float:
    """The lowest score shown: organisations do not see weak matches (``MATCH_SHOW_MIN_SCORE``);
    coordinators see every one."""
    return 0.0 if getattr(user, "is_coordinator", False) else settings.MATCH_SHOW_MIN_SCORE


def matches_for(listing, *, limit: int = 20, min_score: float = 0.0) -> list[MatchItem]:
    """The listing's stored ranked matches scoring at least ``min_score`` (none until they are
    computed: ``tasks.schedule_missing``): of its best ``limit``, those whose listing is still public."""
    found = []
    for target_kind in KINDS[listing.kind].counterparts:
        found += _public_matches(listing, target_kind, min(limit, MAX_LIMIT), min_score)
    found.sort(key=lambda pair: pair[0].rank)
    items = []
    for row, target in found:
        reasons = [tuple(r) for r in row.breakdown.get("reasons", [])]
        items.append(MatchItem(len(items) + 1, row.score, row.target_kind, target, sentences(reasons), row.breakdown,
                               row.engine_version))
    return items


def _public_matches(listing, target_kind: str, limit: int, min_score: float) -> list[tuple[Match, object]]:
    """Of the listing's best ``limit`` stored matches, those with a public ``target_kind`` listing of a
    verified organisation, with that listing and its organisation: one plain query, as every visit
    of a listing's owner reads it (``openlab.rows``)."""
    model = KINDS[target_kind].model
    organization = model._meta.get_field("organization").related_model
    rows = fetch(_public_matches_sql(target_kind), [
        type_id(listing.kind), listing.pk, False, min_score, limit, type_id(target_kind), *model.LISTED_STATUSES,
        organization.Status.VERIFIED], prepare=True)
    found = []
    for match, target, owner in joined(rows, Match, model, organization):
        target.organization = owner
        found.append((match, target))
    return found


@functools.cache
def _public_matches_sql(target_kind: str) -> str:
    model = KINDS[target_kind].model
    organization = model._meta.get_field("organization").related_model
    def of(name, alias="m"):
        return column(Match, name, alias)

    statuses = ", ".join(["%s"] * len(model.LISTED_STATUSES))
    best = (f'SELECT * FROM "{Match._meta.db_table}" b WHERE {of("source_type", "b")} = %s '
            f'AND {of("source_id", "b")} = %s AND {of("excluded", "b")} = %s '
            f'AND {of("score", "b")} >= %s ORDER BY {of("rank", "b")} LIMIT %s')
    return (f'SELECT {columns(Match, "m")}, {columns(model, "t")}, {columns(organization, "o")} FROM ({best}) m '
            f'JOIN "{model._meta.db_table}" t ON {column(model, "id", "t")} = {of("target_id")} '
            f'JOIN "{organization._meta.db_table}" o ON {column(organization, "id", "o")} = {column(model, "organization", "t")} '
            f'WHERE {of("target_type")} = %s AND {column(model, "status", "t")} IN ({statuses}) '
            f'AND {column(organization, "status", "o")} = %s ORDER BY {of("rank")}')


def excluded_for(listing, *, limit: int = 50) -> list[tuple[Match, list[str]]]:
    """Pairs the scorer excluded, with why (for coordinators)."""
    rows = Match.objects.filter(refers_to("source", listing.kind, listing.pk), excluded=True)[:limit]
    return [(row, sentences([tuple(r) for r in row.breakdown.get("excluded", [])])) for row in rows]
