"""Reading matches for pages, the API and the ``match`` command."""

from dataclasses import dataclass

from django.conf import settings

from marketplace.kinds import KINDS
from marketplace.selectors import member_organization_ids

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
    run = MatchRun.objects.filter(kind=kind, object_id=pk).first()
    return run if run is not None and run.engine_version == ENGINE_VERSION else None


def shown_floor(user) -> float:
    """The lowest score shown: organisations do not see weak matches (``MATCH_SHOW_MIN_SCORE``);
    coordinators see every one."""
    return 0.0 if getattr(user, "is_coordinator", False) else settings.MATCH_SHOW_MIN_SCORE


def matches_for(listing, *, limit: int = 20, min_score: float = 0.0) -> list[MatchItem]:
    """The listing's stored ranked matches scoring at least ``min_score`` (none until they are
    computed: ``tasks.schedule_missing``)."""
    kind = listing.kind
    rows = list(Match.objects.filter(source_kind=kind, source_id=listing.pk, excluded=False, score__gte=min_score)
                .order_by("rank")[: min(limit, MAX_LIMIT)])
    targets = {}
    for target_kind in {row.target_kind for row in rows}:
        ids = [row.target_id for row in rows if row.target_kind == target_kind]
        model = KINDS[target_kind].model
        public = model.objects.filter(pk__in=ids, status__in=model.LISTED_STATUSES,
                                      organization__status="verified").select_related("organization")
        targets |= {(target_kind, obj.pk): obj for obj in public}
    items = []
    for row in rows:
        target = targets.get((row.target_kind, row.target_id))
        if target is None:  # became private since the matches were computed
            continue
        reasons = [tuple(r) for r in row.breakdown.get("reasons", [])]
        items.append(MatchItem(len(items) + 1, row.score, row.target_kind, target, sentences(reasons), row.breakdown,
                               row.engine_version))
    return items


def excluded_for(listing, *, limit: int = 50) -> list[tuple[Match, list[str]]]:
    """Pairs the scorer excluded, with why (for coordinators)."""
    rows = Match.objects.filter(source_kind=listing.kind, source_id=listing.pk, excluded=True)[:limit]
    return [(row, sentences([tuple(r) for r in row.breakdown.get("excluded", [])])) for row in rows]
