"""Computing and storing matches: need → solutions, solution → open needs, partnership request →
counterparts. Candidates come from the search backend (text relevance plus hard filters, and the
listings of the wanted types); ``scoring.py`` ranks them; the result is stored in ``Match``."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.models import Municipality, Need, Organization, PartnershipRequest, Solution

from .inference import infer_types
from .models import Match, MatchRun
from .scoring import ENGINE_VERSION, Demand, Offer, Partner, score_need_offer, score_partners
from .search import get_backend

TYPE_CANDIDATES = 100


@dataclass
class Pair:
    target_kind: str
    target: object
    score: object  # scoring.Score


# Profiles: the ORM at the edge, plain dataclasses for the scorer ---------------------------------

def demand_of(need: Need) -> Demand:
    municipality = need.organization.municipality
    types = [t.code for t in need.types.all()]
    text = " ".join([need.title, need.problem, need.desired_outcome])
    return Demand(
        id=need.pk, types=types, fields=[need.field_id] if need.field_id else [],
        inferred_types=[] if types else [code for code, _c in infer_types(text)],
        budget_min=need.budget_min_krw, budget_max=need.budget_max_krw,
        population=municipality.population if municipality else None,
        municipality=municipality.code if municipality else "", sido=municipality.code[:2] if municipality else "",
        overseas=need.organization.kind == Organization.Kind.OVERSEAS,
        requires_open_source=need.requires_open_source, requires_data_hub=need.requires_data_hub,
        deadline=need.deadline)


def offer_of(solution: Solution) -> Offer:
    types = [solution.primary_type_id] + [t.code for t in solution.types.all() if t.code != solution.primary_type_id]
    return Offer(
        id=solution.pk, types=types, price_min=solution.price_min_krw, price_max=solution.price_max_krw,
        min_population=solution.min_population, max_population=solution.max_population,
        open_source=solution.open_source, data_hub=solution.data_hub_ready, nationwide=solution.nationwide,
        sidos=[m.code for m in solution.service_sidos.all()], overseas=solution.overseas,
        languages=list(solution.languages), deployment_months=solution.deployment_months,
        deployments=[d.municipality_id or "" for d in solution.deployments.all()],
        org_size=solution.organization.size)


def partner_of(listing) -> Partner:
    if isinstance(listing, Solution):
        return Partner(id=listing.pk, kind="solution", types=[t.code for t in listing.types.all()],
                       org_size=listing.organization.size)
    return Partner(id=listing.pk, kind="partnership", types=[t.code for t in listing.types.all()],
                   direction=listing.direction, org_size=listing.organization.size,
                   target_sizes=listing.target_size_list, sido=listing.region_id or "",
                   collaboration=listing.collaboration)


def _municipality_lookups(codes):
    found = {m.code: m for m in Municipality.objects.filter(code__in=[c for c in codes if c])}
    return (lambda code: code[:2]), (lambda code: found[code].population if code in found else None)


def text_of(listing) -> str:
    types = " ".join(f"{t.name_ko} {t.name_en}" for t in listing.types.all())
    if isinstance(listing, Need):
        return " ".join([listing.title, listing.title, listing.problem, listing.desired_outcome, types])
    if isinstance(listing, Solution):
        return " ".join([listing.title, listing.title, listing.summary, " ".join(listing.keywords), types])
    return " ".join([listing.title, listing.title, listing.description, types])


# Candidates --------------------------------------------------------------------------------------

def _retrieve(kind: str, text: str, filters: dict, type_codes: list[str], *, limit: int) -> dict[int, float]:
    """Text candidates with their relevance, plus listings of the wanted types (relevance 0)."""
    backend = get_backend()
    found = dict(backend.candidates(kind, text, filters=filters, limit=limit))
    for code in type_codes[:5]:
        for hit in backend.search(kind, "", filters=filters | {"type": code}, limit=TYPE_CANDIDATES).hits:
            found.setdefault(hit.object_id, 0.0)
    return found


def _published_solutions(ids):
    return (Solution.objects.filter(pk__in=ids, status=Solution.Status.PUBLISHED,
                                    organization__status=Organization.Status.VERIFIED)
            .select_related("organization", "primary_type").prefetch_related("types", "service_sidos", "deployments"))


def _open_needs(ids):
    return (Need.objects.filter(pk__in=ids, status=Need.Status.OPEN, organization__status=Organization.Status.VERIFIED)
            .select_related("organization", "organization__municipality").prefetch_related("types"))


# Computing ---------------------------------------------------------------------------------------

def pairs_for_need(need: Need, *, today=None) -> list[Pair]:
    today = today or timezone.localdate()
    demand = demand_of(need)
    candidates = _retrieve("solution", text_of(need), {"status": ["published"]},
                           demand.types or demand.inferred_types, limit=settings.MATCH_CANDIDATES)
    solutions = list(_published_solutions(candidates))
    sido_of, population_of = _municipality_lookups({c for s in solutions for c in offer_of(s).deployments})
    pairs = []
    for solution in solutions:
        score = score_need_offer(demand, offer_of(solution), text=candidates.get(solution.pk, 0.0), today=today,
                                 weights=settings.MATCHING_WEIGHTS, sido_of=sido_of, population_of=population_of)
        pairs.append(Pair("solution", solution, score))
    return pairs


def pairs_for_solution(solution: Solution, *, today=None) -> list[Pair]:
    today = today or timezone.localdate()
    offer = offer_of(solution)
    candidates = _retrieve("need", text_of(solution), {"status": ["open"]}, offer.types,
                           limit=settings.MATCH_CANDIDATES)
    sido_of, population_of = _municipality_lookups(offer.deployments)
    pairs = []
    for need in _open_needs(candidates):
        score = score_need_offer(demand_of(need), offer, text=candidates.get(need.pk, 0.0), today=today,
                                 weights=settings.MATCHING_WEIGHTS, sido_of=sido_of, population_of=population_of)
        pairs.append(Pair("need", need, score))
    return pairs


def pairs_for_partnership(request: PartnershipRequest) -> list[Pair]:
    """``seeking``: SMEs' and startups' solutions, and ``offering`` requests; ``offering``: ``seeking``
    requests and large firms' solutions."""
    source = partner_of(request)
    text = text_of(request)
    types = source.types
    other_direction = "offering" if request.direction == "seeking" else "seeking"
    sizes = ["startup", "sme"] if request.direction == "seeking" else ["large"]
    pairs = []
    requests = _retrieve("partnership", text, {"status": ["open"], "direction": other_direction}, types,
                         limit=settings.MATCH_CANDIDATES)
    for other in (PartnershipRequest.objects.filter(pk__in=requests, status="open",
                                                    organization__status=Organization.Status.VERIFIED)
                  .exclude(organization=request.organization).select_related("organization", "region")
                  .prefetch_related("types")):
        pairs.append(Pair("partnership", other, score_partners(source, partner_of(other), text=requests[other.pk],
                                                               weights=settings.MATCHING_WEIGHTS)))
    solutions = {}
    for size in sizes:
        solutions |= _retrieve("solution", text, {"status": ["published"], "size": size}, types,
                               limit=settings.MATCH_CANDIDATES)
    for solution in _published_solutions(solutions).exclude(organization=request.organization):
        pairs.append(Pair("solution", solution, score_partners(source, partner_of(solution),
                                                               text=solutions[solution.pk],
                                                               weights=settings.MATCHING_WEIGHTS)))
    return pairs


KIND_OF = {Need: "need", Solution: "solution", PartnershipRequest: "partnership"}
COMPUTE = {"need": pairs_for_need, "solution": pairs_for_solution, "partnership": pairs_for_partnership}


def ranked(pairs: list[Pair]) -> list[Pair]:
    kept = [p for p in pairs if not p.score.is_excluded]
    return sorted(kept, key=lambda p: (-p.score.score, p.target_kind, p.target.pk))


@transaction.atomic
def match_compute(*, listing) -> list[Match]:
    """Compute and store the listing's matches (replacing the previous ones); returns the ranked ones."""
    kind = KIND_OF[type(listing)]
    pairs = COMPUTE[kind](listing)
    now = timezone.now()
    best = ranked(pairs)[: settings.MATCHES_STORED]
    excluded = [p for p in pairs if p.score.is_excluded][: settings.MATCHES_STORED]
    rows = [Match(source_kind=kind, source_id=listing.pk, target_kind=p.target_kind, target_id=p.target.pk,
                  score=p.score.score, rank=rank, excluded=False, breakdown=p.score.as_dict(),
                  engine_version=ENGINE_VERSION, computed_at=now) for rank, p in enumerate(best, start=1)]
    rows += [Match(source_kind=kind, source_id=listing.pk, target_kind=p.target_kind, target_id=p.target.pk,
                   score=0.0, rank=None, excluded=True, breakdown=p.score.as_dict(), engine_version=ENGINE_VERSION,
                   computed_at=now) for p in excluded]
    Match.objects.filter(source_kind=kind, source_id=listing.pk).delete()
    Match.objects.bulk_create(rows)
    MatchRun.objects.update_or_create(kind=kind, object_id=listing.pk, defaults={
        "computed_at": now, "engine_version": ENGINE_VERSION, "candidates": len(pairs)})
    return rows[: len(best)]


def affected_sources(kind: str, object_id: int) -> list[tuple[str, int]]:
    """Listings whose stored matches include this one (their lists change when it changes)."""
    return list(Match.objects.filter(target_kind=kind, target_id=object_id)
                .values_list("source_kind", "source_id").distinct()[:500])
