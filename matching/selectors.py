"""Reading matches for pages, the API and the ``match`` command."""

from dataclasses import dataclass

from .explain import sentences
from .models import Match, MatchRun
from .scoring import ENGINE_VERSION
from .search.documents import KINDS

MODELS = KINDS
MAX_LIMIT = 100


@dataclass
class MatchItem:
    rank: int
    score: float
    kind: str
    listing: object
    reasons: list[str]
    breakdown: dict

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
    from marketplace.selectors import member_organization_ids

    return bool(user.is_authenticated and listing.organization_id in member_organization_ids(user))


def run_generation(kind: str, pk) -> str:
    """The generation of a listing's stored match run (moved on when a run is stored: apps.py)."""
    return f"match-run:{kind}:{pk}"


def current_run(kind: str, pk) -> MatchRun | None:
    """The listing's stored match run, when the current engine made it."""
    run = MatchRun.objects.filter(kind=kind, object_id=pk).first()
    return run if run is not None and run.engine_version == ENGINE_VERSION else None


def match_version(listing) -> tuple | None:
    """What identifies the listing's stored matches (a new computation changes it), or None when
    they were never computed or by an older engine. Cached until the next run is stored."""
    from marketplace import caching

    def read() -> tuple:
        run = current_run(listing.kind, listing.pk)
        return (run.pk, run.computed_at.isoformat(), run.engine_version) if run else ()

    return caching.cached(run_generation(listing.kind, listing.pk), "version", None, (), read) or None


def matches_for(listing, *, limit: int = 20, compute_missing: bool = True) -> list[MatchItem]:
    """The listing's ranked matches (computed now if they never were, or by an older engine)."""
    from .services import match_ensure

    kind = listing.kind
    if compute_missing and current_run(kind, listing.pk) is None:
        match_ensure(listing=listing)  # under the listing's lock: another request may be computing them
    rows = list(Match.objects.filter(source_kind=kind, source_id=listing.pk, excluded=False)
                .order_by("rank")[: min(limit, MAX_LIMIT)])
    targets = {}
    for target_kind in {row.target_kind for row in rows}:
        ids = [row.target_id for row in rows if row.target_kind == target_kind]
        model = MODELS[target_kind]
        public = model.objects.filter(pk__in=ids, status__in=model.LISTED_STATUSES,
                                      organization__status="verified").select_related("organization")
        targets |= {(target_kind, obj.pk): obj for obj in public}
    items = []
    for row in rows:
        target = targets.get((row.target_kind, row.target_id))
        if target is None:  # became private since the matches were computed
            continue
        reasons = [tuple(r) for r in row.breakdown.get("reasons", [])]
        items.append(MatchItem(len(items) + 1, row.score, row.target_kind, target, sentences(reasons), row.breakdown))
    return items


def excluded_for(listing, *, limit: int = 50) -> list[tuple[Match, list[str]]]:
    """Pairs the scorer excluded, with why (for coordinators)."""
    rows = Match.objects.filter(source_kind=listing.kind, source_id=listing.pk, excluded=True)[:limit]
    return [(row, sentences([tuple(r) for r in row.breakdown.get("excluded", [])])) for row in rows]
