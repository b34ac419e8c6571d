"""The reciprocal scorer: plain Python, no ORM, shared by both search backends.

A pair is scored from both sides: how well the offer fits the need (``fit``) and how well the need
fits the company behind the offer (``appeal``). Each side is a weighted mean of features in [0, 1];
the pair's score is their harmonic mean, so a pair ranks high only when both sides fit. Requirements
that are not met exclude the pair, with the reason kept for coordinators.

Reasons are (code, params) pairs; ``explain.py`` turns them into translated sentences."""

from dataclasses import dataclass, field
from datetime import date

ENGINE_VERSION = "12"  # 2: feedback from declines and outcomes (feedback.py); 3: practical features a tenth;
# 4: a partnership's type agreement is a need's (related types; a guessed type's field counts for less);
# 5: the types that serve other fields (platforms, analytics, boards, poles) are related to those they serve;
# 6: a Korean glossary phrase written whole in a need meets its group whatever Kiwi reads (빈자리를);
# a need that meets fewer than ten listings is filled from the other types of its field (services.py)
# 7: a term's idf is counted among the documents written in its language (search.embedded.term_idf)
# 8: a same-field or related type of a guessed one agrees at 0.6 of its agreement, not 0.5
# 9: a need's guessed type's field counts only for the types related to it (UNRELATED_FIELD)
# 10: the words of partnering (중소기업, startup, bid, 기술...) weigh a fifth in a query (search.analysis)
# 11: types related by the graders' labels join the computed relations (graded_relations.py)
# 12: an English listing's text coverage owes none of a Korean need's words the glossary cannot
# translate (search.embedded.reachable_weight)

# What the pair is about first; the practical features a tenth as much (settings.MATCHING_WEIGHTS).
DEFAULT_WEIGHTS = {
    "fit": {"text": 2.0, "type": 3.0, "budget": 0.15, "population": 0.05, "proof": 0.1, "language": 0.1},
    "appeal": {"region": 0.1, "price_floor": 0.15, "timing": 0.1, "type": 1.0},
    "partner": {"text": 2.0, "type": 3.0, "size": 0.2, "region": 0.1, "collaboration": 0.1},
}
# The type agreement of a same-field or related type, when the types were guessed: a guess of a guess.
INFERRED_FIELD = 0.6
FIELD = 0.5  # the type agreement of a type of a wanted field
# A type of a guessed type's field that is not related to it (``marketplace.type_relations``) seldom
# answers the need: of the types of the field of the demo tuning split's needs' best-graded types, 10 of
# the 521 not related to it were graded relevant, and of the types related to it (any field) 37 of 216.
# It agrees at this instead of FIELD, so that the related types (of any field) and not the rest of the
# field fill the places after the guessed ones (chosen on the tuning sets from 0, 0.1, 0.2 and 0.3;
# partnership requests keep FIELD, where it ranked worse).
UNRELATED_FIELD = 0.1
INFERRED_TYPE_WEIGHT = 0.5  # of the type feature's weight, when the types were guessed
INFERRED_TEXT_WEIGHT = 1.5  # of the text feature's weight, when the types were guessed
NEUTRAL = 0.5  # a feature that cannot be judged (missing data) neither helps nor hurts much
# A related type (``marketplace.type_relations``) agrees by its similarity to a wanted type, scaled,
# and always less than another wanted type does (0.8).
RELATED_SCALE = 4.0
RELATED_CAP = 0.79


@dataclass
class Demand:
    """A need, as the scorer sees it."""

    id: int
    types: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    inferred_types: list[str] = field(default_factory=list)
    inferred_confidence: list[float] = field(default_factory=list)  # of each inferred type, when known
    related: dict[str, float] = field(default_factory=dict)  # types related to the wanted ones: similarity
    budget_min: int | None = None
    budget_max: int | None = None
    population: int | None = None
    municipality: str = ""
    sido: str = ""
    overseas: bool = False
    requires_open_source: bool = False
    requires_data_hub: bool = False
    deadline: date | None = None


@dataclass
class Offer:
    """A solution, as the scorer sees it."""

    id: int
    types: list[str] = field(default_factory=list)  # the primary type first
    price_min: int | None = None
    price_max: int | None = None
    min_population: int | None = None
    max_population: int | None = None
    open_source: bool = False
    data_hub: bool = False
    nationwide: bool = False
    sidos: list[str] = field(default_factory=list)
    overseas: bool = False
    languages: list[str] = field(default_factory=list)
    deployment_months: int | None = None
    deployments: list[str] = field(default_factory=list)  # municipality codes ("" for overseas cities)
    org_size: str = ""


@dataclass
class Partner:
    """A partnership request, or a counterpart solution in the partnership matching."""

    id: int
    kind: str  # "partnership" or "solution"
    types: list[str] = field(default_factory=list)
    inferred: bool = False  # the types were guessed from the words (no author chose them)
    direction: str = ""
    org_size: str = ""
    target_sizes: list[str] = field(default_factory=list)
    sido: str = ""
    collaboration: str = ""
    related: dict[str, float] = field(default_factory=dict)  # types related to its own: similarity


@dataclass
class Score:
    score: float
    sides: dict[str, float]
    features: dict[str, dict[str, float]]
    contributions: dict[str, dict[str, float]]
    reasons: list[tuple[str, dict]]
    excluded: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def is_excluded(self) -> bool:
        return bool(self.excluded)

    def as_dict(self) -> dict:
        contributions = {side: {name: round(value, 4) for name, value in parts.items()}
                         for side, parts in self.contributions.items()}
        return {"score": self.score, "sides": self.sides, "features": self.features,
                "contributions": contributions, "reasons": [list(r) for r in self.reasons],
                "excluded": [list(r) for r in self.excluded], "engine_version": ENGINE_VERSION}


def harmonic(a: float, b: float) -> float:
    return 0.0 if a <= 0 or b <= 0 else 2 * a * b / (a + b)


def field_of(code: str) -> str:
    """A solution type's field (TRF for TRF-06)."""
    return code.split("-")[0]


def overlap_share(low, high, budget_low, budget_high) -> float | None:
    """How much of the price range [low, high] lies inside the budget [budget_low, budget_high]."""
    if (low is None and high is None) or (budget_low is None and budget_high is None):
        return None
    low = low if low is not None else (high or 0)
    high = high if high is not None else low
    budget_low = budget_low if budget_low is not None else 0
    budget_high = budget_high if budget_high is not None else max(high, budget_low)
    inside = max(0, min(high, budget_high) - max(low, budget_low))
    width = high - low
    if width == 0:
        return 1.0 if budget_low <= low <= budget_high else 0.0
    return inside / width


def type_agreement(offer_types: list[str], wanted: list[str], wanted_fields: list[str], *,
                   kin_field: float = FIELD) -> tuple[float, str]:
    """1 for the primary type wanted, 0.8 for another type wanted, FIELD for a wanted field and
    ``kin_field`` for the field of a wanted type."""
    if not offer_types or not (wanted or wanted_fields):
        return 0.0, ""
    if offer_types[0] in wanted:
        return 1.0, offer_types[0]
    common = [t for t in offer_types if t in wanted]
    if common:
        return 0.8, common[0]
    for fields, agreement in ((set(wanted_fields), FIELD), ({field_of(t) for t in wanted}, kin_field)):
        same_field = [t for t in offer_types if field_of(t) in fields]
        if same_field:
            return agreement, field_of(same_field[0])
    return 0.0, ""


def related_agreement(offer_types: list[str], related: dict[str, float]) -> tuple[float, str]:
    """How far the offer's primary type is related to what the need wants (0 when it is not)."""
    if not offer_types or offer_types[0] not in related:
        return 0.0, ""
    return min(RELATED_CAP, RELATED_SCALE * related[offer_types[0]]), offer_types[0]


def _confidence_of(demand: Demand, code: str) -> float:
    """How much a guessed type counts: 1 for the best guess, in proportion for the others."""
    if code not in demand.inferred_types or len(demand.inferred_confidence) != len(demand.inferred_types):
        return 1.0
    best = max(demand.inferred_confidence) or 1.0
    return demand.inferred_confidence[demand.inferred_types.index(code)] / best


def _weighted(features: dict[str, float], weights: dict[str, float]) -> tuple[float, dict[str, float]]:
    total = sum(weights[name] for name in features)
    contributions = {name: weights[name] * value / total for name, value in features.items()}
    return (sum(contributions.values()) if total else 0.0), contributions


def _months_until(deadline: date | None, today: date) -> int | None:
    if deadline is None:
        return None
    return (deadline.year - today.year) * 12 + deadline.month - today.month


def score_need_offer(demand: Demand, offer: Offer, *, text: float, today: date, weights=None,
                     sido_of=None, population_of=None, feedback=None) -> Score:
    """How well a solution and a need fit each other. ``sido_of``/``population_of`` look up a
    deployment's municipality (for "proof in similar municipalities"); ``feedback`` is what earlier
    declines and outcomes of similar pairs say (``feedback.Feedback``)."""
    weights = weights or DEFAULT_WEIGHTS
    reasons, excluded = [], []

    # Requirements: unmet ones exclude the pair.
    if demand.requires_open_source and not offer.open_source:
        excluded.append(("requires_open_source", {}))
    if demand.requires_data_hub and not offer.data_hub:
        excluded.append(("requires_data_hub", {}))
    # Region is a soft factor (the appeal's "region"), explained, never a wall: an officer still wants
    # the best company that has not worked in the province yet, and a company not yet abroad may take
    # the step (K-City Network exists for that). Only filters the user chooses exclude.
    if demand.overseas:
        covered = offer.overseas
        if not covered:
            reasons.append(("overseas_not_served", {}))
    else:
        covered = offer.nationwide or demand.sido in offer.sidos
        if not covered:
            reasons.append(("region_not_served", {"sido": demand.sido}))

    fit = {"text": max(0.0, min(1.0, text))}
    wanted = demand.types or demand.inferred_types
    guessed = not demand.types and bool(demand.inferred_types)
    kin_field = UNRELATED_FIELD if guessed and not (offer.types and offer.types[0] in demand.related) else FIELD
    agreement, matched = type_agreement(offer.types, wanted, demand.fields, kin_field=kin_field)
    kin, kin_code = related_agreement(offer.types, demand.related)
    by_relation = kin > agreement
    if by_relation:
        agreement, matched = kin, kin_code
    if guessed:
        # A guessed type is less certain than a chosen one (the more so the less confident the guess),
        # and its field (a guess of a guess) far less.
        agreement *= 0.9 * _confidence_of(demand, matched) if agreement >= 0.8 else INFERRED_FIELD
    fit["type"] = agreement
    if matched:
        code = "related_type" if by_relation else "type_match" if "-" in matched else "field_match"
        reasons.append((code, {"code": matched, "inferred": not demand.types}))
    share = overlap_share(offer.price_min, offer.price_max, demand.budget_min, demand.budget_max)
    fit["budget"] = NEUTRAL if share is None else share
    if share is not None and share > 0:
        reasons.append(("budget_overlap", {"percent": round(share * 100)}))
    if demand.population and (offer.min_population or offer.max_population):
        inside = ((offer.min_population or 0) <= demand.population
                  <= (offer.max_population or demand.population))
        fit["population"] = 1.0 if inside else 0.2
        if inside:
            reasons.append(("population_fit", {"population": demand.population}))
    else:
        fit["population"] = NEUTRAL
    sido_of = sido_of or (lambda code: code[:2])
    same_region = [code for code in offer.deployments if code and sido_of(code) == demand.sido]
    similar = []
    if population_of and demand.population:
        for code in offer.deployments:
            population = population_of(code)
            if code and population and 0.5 <= population / demand.population <= 2:
                similar.append(code)
    proof = min(1.0, 0.25 * len(offer.deployments) + 0.25 * len(same_region) + 0.25 * len(similar))
    fit["proof"] = proof
    if same_region:
        reasons.append(("deployments_in_region", {"sido": demand.sido, "count": len(same_region)}))
    elif offer.deployments:
        reasons.append(("deployments", {"count": len(offer.deployments)}))
    if demand.overseas:
        fit["language"] = 1.0 if "en" in offer.languages else 0.0
        if "en" in offer.languages:
            reasons.append(("english", {}))
    if offer.data_hub:
        reasons.append(("data_hub", {}))
    if offer.open_source:
        reasons.append(("open_source", {}))

    appeal = {"region": 1.0 if covered else 0.3 if demand.overseas else 0.0}
    if offer.price_min is not None and demand.budget_max is not None:
        appeal["price_floor"] = 1.0 if offer.price_min <= demand.budget_max else max(
            0.0, 1 - (offer.price_min - demand.budget_max) / max(demand.budget_max, 1))
        if offer.price_min > demand.budget_max:
            reasons.append(("price_above_budget", {}))
    else:
        appeal["price_floor"] = NEUTRAL
    months = _months_until(demand.deadline, today)
    if offer.deployment_months and months is not None:
        # The proposal deadline plus a year of delivery is the window a municipal project usually has.
        appeal["timing"] = 1.0 if offer.deployment_months <= months + 12 else 0.4
        if offer.deployment_months <= months + 12:
            reasons.append(("timing_fit", {"months": offer.deployment_months}))
    else:
        appeal["timing"] = NEUTRAL
    appeal["type"] = 1.0 if agreement >= 0.8 else agreement
    if feedback is not None:
        sides = {"fit": fit, "appeal": appeal}
        for side, feature, factor in feedback.factors:
            if feature in sides[side]:
                sides[side][feature] = round(sides[side][feature] * factor, 4)
                reasons.append(("feedback_feature", {"feature": feature}))

    fit_weights = dict(weights["fit"])
    if not demand.types:
        # Types guessed from the officer's words are less certain than chosen ones: lean on the text.
        fit_weights["type"] *= INFERRED_TYPE_WEIGHT
        fit_weights["text"] *= INFERRED_TEXT_WEIGHT
    fit_score, fit_parts = _weighted(fit, fit_weights)
    appeal_score, appeal_parts = _weighted(appeal, weights["appeal"])
    # Neither side's practical fit makes up for a pair that is not about the same thing at all.
    relevance = max(fit["text"], fit["type"])
    total = 0.0 if excluded else harmonic(fit_score, appeal_score) * relevance ** 0.5
    if feedback is not None and feedback.delta and total > 0:
        total = min(1.0, max(0.0, total + feedback.delta))
        reasons.append(("feedback_penalty" if feedback.delta < 0 else "feedback_bonus", {"delta": feedback.delta}))
    return Score(score=round(total, 4), sides={"fit": round(fit_score, 4), "appeal": round(appeal_score, 4)},
                 features={"fit": fit, "appeal": appeal}, contributions={"fit": fit_parts, "appeal": appeal_parts},
                 reasons=reasons, excluded=excluded)


def score_partners(source: Partner, other: Partner, *, text: float, weights=None) -> Score:
    """How well two sides of a partnership fit: a request and a counterpart request or solution.
    Reciprocal: each side's company size must be what the other aims at (when it says)."""
    weights = weights or DEFAULT_WEIGHTS
    reasons, excluded = [], []
    if source.kind == other.kind == "partnership" and source.direction == other.direction:
        excluded.append(("same_direction", {}))
    features = {"text": max(0.0, min(1.0, text))}
    # The type agreement of a need's (``score_need_offer``): related types count, and a guessed type's
    # field far less than a chosen one's.
    agreement, matched = type_agreement(other.types, source.types, [])
    kin, kin_code = related_agreement(other.types, source.related)
    by_relation = kin > agreement
    if by_relation:
        agreement, matched = kin, kin_code
    if source.inferred and agreement < 0.8:
        agreement *= INFERRED_FIELD
    features["type"] = agreement if source.types else NEUTRAL
    if matched:
        code = "related_type" if by_relation else "type_match" if "-" in matched else "field_match"
        reasons.append((code, {"code": matched, "inferred": source.inferred}))

    def aims(at: Partner, size: str) -> float:
        if not at.target_sizes or not size:
            return NEUTRAL
        return 1.0 if size in at.target_sizes else 0.0

    there, back = aims(source, other.org_size), aims(other, source.org_size)
    features["size"] = harmonic(there, back) if there and back else 0.0
    if there == 1.0:
        reasons.append(("size_fit", {"size": other.org_size}))
    if there == 0.0:
        excluded.append(("size_not_wanted", {"size": other.org_size}))
    features["region"] = 1.0 if not source.sido or not other.sido or source.sido == other.sido else 0.3
    if other.kind == "partnership":
        features["collaboration"] = 1.0 if source.collaboration == other.collaboration else 0.4
        if source.collaboration == other.collaboration:
            reasons.append(("collaboration_match", {"collaboration": source.collaboration}))
    total, parts = _weighted(features, weights["partner"])
    # As for needs: size, region and collaboration do not make up for two requests about different things.
    relevance = max(features["text"], features["type"] if source.types else 0.0)
    mutual = harmonic(total, features["size"]) * relevance ** 0.5 if not excluded else 0.0
    return Score(score=round(mutual, 4), sides={"fit": round(total, 4), "appeal": round(features["size"], 4)},
                 features={"fit": features}, contributions={"fit": parts}, reasons=reasons, excluded=excluded)
