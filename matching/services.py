"""Computing and storing matches: need → solutions, solution → open needs, partnership request →
counterparts. Candidates come from the search backend (text relevance plus hard filters, and the
listings of the wanted types); ``scoring.py`` ranks them; the result is stored in ``Match``."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from marketplace.kinds import KINDS, name_of_type, refers_to, type_id
from marketplace.models import Municipality, Need, Organization, PartnershipRequest, Solution
from marketplace.selectors import member_users
from marketplace.services import listing_guesses_refresh
from marketplace.type_inference import solution_types, stored_inferred_types
from marketplace.type_relations import related_types, relating_types
from openlab.notifications.services import notify
from openlab.rows import column, fetch, values_in
from openlab.search import get_backend

from .feedback import Signals
from .models import Match, MatchRun
from .scoring import ENGINE_VERSION, Demand, Offer, Partner, field_of, score_need_offer, score_partners
from .signals import matches_stored

TYPE_CANDIDATES = 50
RELATED_FROM = 2  # the first wanted types whose related types count
RELATED_CANDIDATES = 5  # listings of each related type among the candidates (each costs a scoring)
# A need whose words and types meet fewer listings than a page of matches shows is filled from the
# other types of its first wanted type's field, FILL_EACH listings of each.
FILL_BELOW = 10
FILL_EACH = 2


@dataclass
class Pair:
    target_kind: str
    target_id: int
    score: object  # scoring.Score


# Profiles: the ORM at the edge, plain dataclasses for the scorer ---------------------------------

def related_to(codes: list[str]) -> dict[str, float]:
    """The types related to the first wanted ones (not wanted themselves), with their similarity."""
    table, found = related_types(), {}
    for code in codes[:RELATED_FROM]:
        for other, similarity in table.get(code, {}).items():
            if other not in codes and similarity > found.get(other, 0.0):
                found[other] = similarity
    return found


def demand_of(need: Need, *, inferred: bool = True, guessed=None) -> Demand:
    """``guessed``: the need's guessed (type, confidence) pairs when the caller has them fresh
    (``listing_guesses_refresh``); otherwise those its search document stores."""
    municipality = need.organization.municipality
    types = [t.code for t in need.types.all()]
    if types or not inferred:
        guessed = []
    elif guessed is None:
        guessed = stored_inferred_types(need)
    return Demand(
        id=need.pk, types=types, fields=[need.field_id] if need.field_id else [],
        inferred_types=[code for code, _c in guessed], inferred_confidence=[c for _code, c in guessed],
        related=related_to(types or [code for code, _c in guessed]),
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


# From the search documents' facets: scoring hundreds of candidates needs no ORM objects.

def offer_from(object_id: int, f: dict) -> Offer:
    return Offer(id=object_id, types=list(f.get("types", [])), price_min=f.get("price_min"),
                 price_max=f.get("price_max"), min_population=f.get("min_population"),
                 max_population=f.get("max_population"), open_source=bool(f.get("open_source")),
                 data_hub=bool(f.get("data_hub")), nationwide=bool(f.get("nationwide")), sidos=list(f.get("sidos", [])),
                 overseas=bool(f.get("overseas")), languages=list(f.get("languages", [])),
                 deployment_months=f.get("deployment_months"), deployments=list(f.get("deployments", [])),
                 org_size=f.get("org_size", ""))


def demand_from(object_id: int, f: dict) -> Demand:
    chosen = [t for t in f.get("types", [])]
    inferred = [] if chosen else list(f.get("inferred_types", []))
    return Demand(id=object_id, types=chosen, fields=[f["field"]] if f.get("field") else [],
                  inferred_types=inferred, inferred_confidence=[] if chosen else list(f.get("inferred_confidence", [])),
                  related=related_to(chosen or inferred),
                  budget_min=f.get("budget_min"), budget_max=f.get("budget_max"), population=f.get("population"),
                  municipality=f.get("municipality", ""), sido=f.get("sido", ""), overseas=bool(f.get("overseas")),
                  requires_open_source=bool(f.get("requires_open_source")),
                  requires_data_hub=bool(f.get("requires_data_hub")),
                  deadline=date.fromisoformat(f["deadline"]) if f.get("deadline") else None)


def partner_from(kind: str, object_id: int, f: dict) -> Partner:
    types = list(f.get("types", []) or f.get("inferred_types", []))
    return Partner(id=object_id, kind=kind, types=types,
                   inferred=not f.get("types") and bool(f.get("inferred_types")), direction=f.get("direction", ""),
                   org_size=f.get("org_size", ""), target_sizes=list(f.get("target_sizes", [])),
                   sido=f.get("sido", ""), collaboration=f.get("collaboration", ""), related=related_to(types))


def partner_of(listing, *, guessed=None) -> Partner:
    if isinstance(listing, Solution):
        return Partner(id=listing.pk, kind="solution", types=[t.code for t in listing.types.all()],
                       org_size=listing.organization.size)
    chosen = [t.code for t in listing.types.all()]
    guessed = stored_inferred_types(listing) if guessed is None else guessed
    types = chosen or [c for c, _ in guessed]
    return Partner(id=listing.pk, kind="partnership", types=types,
                   inferred=not chosen and bool(types), direction=listing.direction, org_size=listing.organization.size,
                   target_sizes=listing.target_size_list, sido=listing.region_id or "",
                   collaboration=listing.collaboration, related=related_to(types))


def _municipality_lookups(codes):
    """The 시도 and the population of the municipalities the candidates were deployed in (plain SQL:
    the ORM takes milliseconds to compile hundreds of codes)."""
    codes = sorted({c for c in codes if c})
    found = dict(fetch(f'SELECT {column(Municipality, "code", "m")}, {column(Municipality, "population", "m")} '
                       f'FROM "{Municipality._meta.db_table}" m WHERE {values_in(Municipality, "code", "m", codes)}',
                       codes)) if codes else {}
    return (lambda code: code[:2]), (lambda code: found.get(code))


def text_of(listing) -> str:
    types = " ".join(f"{t.name_ko} {t.name_en}" for t in listing.types.all())
    if isinstance(listing, Need):
        return " ".join([listing.title, listing.title, listing.problem, listing.desired_outcome, types])
    if isinstance(listing, Solution):
        return " ".join([listing.title, listing.title, listing.summary, " ".join(listing.keywords), types])
    return " ".join([listing.title, listing.title, listing.description, types])


# Candidates --------------------------------------------------------------------------------------

def _retrieve(kind: str, text: str, filters: dict, type_codes: list[str], *, limit: int,
              related=()) -> dict[int, float]:
    """Text candidates with their relevance, plus listings of the wanted types and of the ``related``
    ones (relevance 0)."""
    backend = get_backend()
    found = dict(backend.candidates(kind, text, filters=filters, limit=limit))
    for object_id in backend.of_types(kind, type_codes[:5], filters=filters, limit=TYPE_CANDIDATES):
        found.setdefault(object_id, 0.0)
    others = [code for code in related if code not in type_codes[:5]]
    if others:
        for object_id in backend.of_types(kind, others, filters=filters, limit=RELATED_CANDIDATES):
            found.setdefault(object_id, 0.0)
    return found


def _field_kin(wanted: list[str]) -> list[str]:
    """The other types of the first wanted type's field (HLT-03 for a need about HLT-01)."""
    field = field_of(wanted[0])
    return sorted(code for code in solution_types() if field_of(code) == field and code not in wanted)


def _facets(kind: str, ids) -> dict[int, dict]:
    return get_backend().facets_of(kind, list(ids))


# Computing ---------------------------------------------------------------------------------------

def pairs_for_need(need: Need, *, today=None, guessed=None) -> list[Pair]:
    today = today or timezone.localdate()
    demand = demand_of(need, guessed=guessed)
    wanted = demand.types or demand.inferred_types
    candidates = _retrieve("solution", text_of(need), {"status": ["published"]}, wanted,
                           limit=settings.MATCH_CANDIDATES, related=list(demand.related))
    if wanted and len(candidates) < FILL_BELOW:
        for object_id in get_backend().of_types("solution", _field_kin(wanted), filters={"status": ["published"]},
                                                limit=FILL_EACH):
            candidates.setdefault(object_id, 0.0)
    facets = _facets("solution", candidates)
    offers = [offer_from(pk, f) for pk, f in facets.items()
              if f.get("status") == "published" and f.get("organization") != need.organization_id]
    sido_of, population_of = _municipality_lookups({c for o in offers for c in o.deployments})
    owners = {offer.id: facets[offer.id].get("organization") for offer in offers}
    signals = Signals({need.organization_id, *owners.values()})
    return [Pair("solution", offer.id, score_need_offer(
        demand, offer, text=candidates.get(offer.id, 0.0), today=today, weights=settings.MATCHING_WEIGHTS,
        sido_of=sido_of, population_of=population_of,
        feedback=signals.for_pair((need.organization_id, owners[offer.id]), offer.types[0] if offer.types else None)))
        for offer in offers]


def pairs_for_solution(solution: Solution, *, today=None, guessed=None) -> list[Pair]:
    """The open needs for a solution, each scored exactly as the need's own matching scores the
    solution (the need's words against the solution, not the other way round): one pair, one score.
    (``guessed`` is unused: a solution's types are chosen.)"""
    today = today or timezone.localdate()
    offer = offer_of(solution)
    # The needs of the types its own is related to, and of those related to its own (a control
    # platform's needs are about floods and fires: those needs count the platform as related).
    related = [*related_to(offer.types[:1]), *(relating_types().get(offer.types[0], []) if offer.types else [])]
    candidates = _retrieve("need", text_of(solution), {"status": ["open"]}, offer.types,
                           limit=settings.MATCH_CANDIDATES, related=list(dict.fromkeys(related)))
    sido_of, population_of = _municipality_lookups(offer.deployments)
    facets = {pk: f for pk, f in _facets("need", candidates).items() if f.get("status") == "open"}
    needs = Need.objects.filter(pk__in=list(facets)).prefetch_related("types")
    backend = get_backend()
    texts = {need.pk: backend.relevance("solution", text_of(need), [solution.pk],
                                        filters={"status": ["published"]})[solution.pk] for need in needs}
    signals = Signals({solution.organization_id, *(f.get("organization") for f in facets.values())})
    primary = offer.types[0] if offer.types else None
    return [Pair("need", pk, score_need_offer(
        demand_from(pk, f), offer, text=texts.get(pk, 0.0), today=today,
        weights=settings.MATCHING_WEIGHTS, sido_of=sido_of, population_of=population_of,
        feedback=signals.for_pair((f.get("organization"), solution.organization_id), primary)))
        for pk, f in facets.items() if pk in texts]


def pairs_for_partnership(request: PartnershipRequest, *, guessed=None) -> list[Pair]:
    """``seeking``: SMEs' and startups' solutions, and ``offering`` requests; ``offering``: ``seeking``
    requests and large firms' solutions. Two requests are scored from the seeking side whichever of
    them asks (one pair, one score)."""
    source = partner_of(request, guessed=guessed)
    text = text_of(request)
    other_direction = "offering" if request.direction == "seeking" else "seeking"
    sizes = ["startup", "sme"] if request.direction == "seeking" else ["large"]
    backend = get_backend()
    pairs = []
    requests = _retrieve("partnership", text, {"status": ["open"], "direction": other_direction}, source.types,
                         limit=settings.MATCH_CANDIDATES)
    others = {pk: f for pk, f in _facets("partnership", requests).items() if f.get("organization") != request.organization_id}
    if request.direction == "seeking":
        scored = {pk: (source, partner_from("partnership", pk, f), requests[pk]) for pk, f in others.items()}
    else:
        listings = PartnershipRequest.objects.filter(pk__in=list(others)).prefetch_related("types")
        scored = {other.pk: (partner_from("partnership", other.pk, others[other.pk]), source, backend.relevance(
            "partnership", text_of(other), [request.pk], filters={"status": ["open"], "direction": "offering"}
        )[request.pk]) for other in listings}
    for pk, (seeking, offering, relevance) in scored.items():
        pairs.append(Pair("partnership", pk, score_partners(seeking, offering, text=relevance,
                                                            weights=settings.MATCHING_WEIGHTS)))
    solutions = {}
    for size in sizes:
        solutions |= _retrieve("solution", text, {"status": ["published"], "size": size}, source.types,
                               limit=settings.MATCH_CANDIDATES, related=list(source.related))
    for pk, f in _facets("solution", solutions).items():
        if f.get("organization") != request.organization_id:
            pairs.append(Pair("solution", pk, score_partners(source, partner_from("solution", pk, f),
                                                             text=solutions[pk], weights=settings.MATCHING_WEIGHTS)))
    return pairs


COMPUTE = {"need": pairs_for_need, "solution": pairs_for_solution, "partnership": pairs_for_partnership}


def ranked(pairs: list[Pair]) -> list[Pair]:
    kept = [p for p in pairs if not p.score.is_excluded]
    return sorted(kept, key=lambda p: (-p.score.score, p.target_kind, p.target_id))


def _lock(listing) -> None:
    """Serialise the computations of one listing's matches (two web workers opening a page whose
    matches were never computed, a worker recomputing them after a write): the second waits for the
    first to commit, then replaces its rows instead of colliding with them. In a transaction."""
    list(type(listing).objects.select_for_update().filter(pk=listing.pk).values_list("pk", flat=True))


@transaction.atomic
def match_compute(*, listing) -> list[Match]:
    """Compute and store the listing's matches (replacing the previous ones); returns the ranked ones."""
    _lock(listing)
    kind = listing.kind
    # A need or request that names no type is matched by what the catalogue says of its words today,
    # not by what it said when the listing was indexed.
    pairs = COMPUTE[kind](listing, guessed=listing_guesses_refresh(listing))
    now = timezone.now()
    best = ranked(pairs)[: settings.MATCHES_STORED]
    excluded = [p for p in pairs if p.score.is_excluded][: settings.MATCHES_STORED]
    source_type = type_id(kind)
    rows = [Match(source_type_id=source_type, source_id=listing.pk, target_type_id=type_id(p.target_kind),
                  target_id=p.target_id, score=p.score.score, rank=rank, excluded=False, breakdown=p.score.as_dict(),
                  engine_version=ENGINE_VERSION, computed_at=now) for rank, p in enumerate(best, start=1)]
    rows += [Match(source_type_id=source_type, source_id=listing.pk, target_type_id=type_id(p.target_kind),
                   target_id=p.target_id, score=0.0, rank=None, excluded=True, breakdown=p.score.as_dict(), engine_version=ENGINE_VERSION,
                   computed_at=now) for p in excluded]
    before = set(Match.objects.filter(refers_to("source", kind, listing.pk), excluded=False,
                                      score__gte=settings.STRONG_MATCH_SCORE).values_list("target_type", "target_id"))
    Match.objects.filter(refers_to("source", kind, listing.pk)).delete()
    Match.objects.bulk_create(rows)
    matches_stored.send(sender=kind, listing=listing, rows=rows[: len(best)])
    _notify_strong(listing, [r for r in rows[: len(best)] if r.score >= settings.STRONG_MATCH_SCORE
                             and (r.target_type_id, r.target_id) not in before])
    MatchRun.objects.update_or_create(content_type_id=source_type, object_id=listing.pk, defaults={
        "computed_at": now, "engine_version": ENGINE_VERSION, "candidates": len(pairs)})
    return rows[: len(best)]


def _notify_strong(listing, new_rows) -> None:
    """Tell the listing's organisation about strong matches it has not been told about."""
    if not new_rows:
        return
    shown = new_rows[:10]
    found = {}
    for kind in {row.target_kind for row in shown}:  # one query per kind, not per row
        ids = [row.target_id for row in shown if row.target_kind == kind]
        found |= {(kind, pk): title for pk, title in KINDS[kind].model.objects.filter(pk__in=ids).values_list("pk", "title")}
    titles = [found[(row.target_kind, row.target_id)] for row in shown if (row.target_kind, row.target_id) in found]
    key = "strong:{}:{}:{}".format(listing.kind, listing.pk, ",".join(f"{r.target_kind}{r.target_id}" for r in new_rows))
    notify(users=member_users(listing.organization), kind="strong_matches", key=key[:120], template="strong_matches",
           url=reverse(f"marketplace:{listing.kind}_detail", args=[listing.pk]),
           context={"listing": listing, "count": len(new_rows), "titles": titles})


def affected_sources(kind: str, object_id: int) -> list[tuple[str, int]]:
    """Listings whose stored matches include this one (their lists change when it changes)."""
    found = (Match.objects.filter(refers_to("target", kind, object_id))
             .values_list("source_type", "source_id").distinct()[:500])
    return [(name_of_type(source_type), source_id) for source_type, source_id in found]
