"""Solution types inferred for a listing whose author chose none (needs, partnership requests), and
the suggestions shown while a need is written. Two sources of evidence, combined:

- the catalogue itself (pseudo-relevance feedback): the types of the published solutions whose text
  best matches the listing's, weighted by their relevance and rank;
- the type profiles: each type's Korean and English names and problem phrases.

Each type has a profile of phrases: its Korean and English names and the problem phrases in
``marketplace/data/type_terms.txt``. A phrase is found when all its words are in the text (or in the
text's synonyms). A type's score is the summed rarity (idf over the profiles) of the distinct words
of its found phrases, so 충전소, which only one type mentions, says more than 데이터, which many do."""

import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

from openlab.search import get_backend
from openlab.search.analysis import SUBWORD_PREFIX, query_terms, terms

from .models import SolutionType
from .reference_data import CATCH_ALL_TYPE

TYPE_TERMS_FILE = Path(__file__).resolve().parent / "data" / "type_terms.txt"
# Words in many type names that say nothing about which one is meant.
GENERIC = {"스마트", "smart", "서비스", "servic", "관리", "manag", "기반", "base", "플랫폼", "platform",
           "정보", "inform", "시스템", "system", "제공", "provid", "ai", "iot", "기타", "other"}
MIN_SCORE = 2.5  # about one word that few types use
RELATIVE = 0.5  # a type must score at least half of the best one
SATURATION = 4.5  # the score at which confidence reaches about 0.63


def _phrase(text: str) -> frozenset:
    words = set(terms(text, subwords=False))
    return frozenset(words - GENERIC)


def _profile_lines() -> dict[str, list[str]]:
    lines = {}
    for line in TYPE_TERMS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and ":" in line:
            code, phrases = line.split(":", 1)
            lines[code.strip()] = [p.strip() for p in phrases.split(",") if p.strip()]
    return lines


@lru_cache(maxsize=1)
def solution_types() -> dict[str, SolutionType]:
    """Every solution type by code, read once per process: fixed reference data, as the profiles are."""
    return SolutionType.objects.select_related("field").in_bulk()


@lru_cache(maxsize=1)
def type_profiles() -> dict[str, tuple[frozenset, ...]]:
    """Each type's phrases (as sets of analysed words), names first."""
    extra = _profile_lines()
    profiles = {}
    for solution_type in SolutionType.objects.all():
        phrases = [solution_type.name_ko, solution_type.name_en, *extra.get(solution_type.code, [])]
        profiles[solution_type.code] = tuple(p for p in dict.fromkeys(_phrase(text) for text in phrases) if p)
    return profiles


@lru_cache(maxsize=1)
def word_weights() -> dict[str, float]:
    """The rarity of each profile word across types."""
    profiles = type_profiles()
    counts = Counter(word for phrases in profiles.values() for word in set().union(*phrases) if phrases)
    return {word: math.log(1 + len(profiles) / count) for word, count in counts.items()}


def _present(word: str, found: set[str]) -> bool:
    # A two-syllable Korean word also counts inside a longer one (전기 in 전기차).
    return word in found or (len(word) == 2 and "가" <= word[0] <= "힣" and SUBWORD_PREFIX + word in found)


FEEDBACK_DEPTH = 10  # solutions whose types count as evidence
FEEDBACK_SHARE = 0.5  # how much of a type's confidence the catalogue's evidence makes (the rest: the profiles)
MIN_CONFIDENCE = 0.2


def feedback_types(ranked: list[tuple[list[str], float]]) -> dict[str, float]:
    """Each type's share of the evidence in [0, 1] from the best text matches, given as (their types,
    primary first; relevance in [0, 1]) best first: a match counts by its relevance over the square
    root of its rank, its primary type fully and its other types half."""
    weights: Counter = Counter()
    for rank, (types, relevance) in enumerate(ranked[:FEEDBACK_DEPTH], start=1):
        types = [code for code in types if code != CATCH_ALL_TYPE]  # "other" is no type to guess
        if relevance <= 0 or not types:
            continue
        weight = relevance / rank ** 0.5
        weights[types[0]] += weight
        for code in types[1:]:
            weights[code] += weight / 2
    total = sum(weights.values())
    return {code: weight / total for code, weight in weights.items()} if total else {}


def catalogue_matches(text: str) -> list[tuple[list[str], float]]:
    """(types, relevance) of the published solutions that best match ``text``, best first."""
    backend = get_backend()
    found = backend.candidates("solution", text, filters={"status": ["published"]}, limit=FEEDBACK_DEPTH)
    facets = backend.facets_of("solution", [pk for pk, _r in found])
    return [(list(facets[pk].get("types", [])), relevance) for pk, relevance in found if pk in facets]


INFERRED_LIMIT = 3


def infer_types(text: str, *, limit: int | None = None, matches=None) -> list[tuple[str, float]]:
    """(type code, confidence in [0, 1]) of the types the text is most likely about, best first.
    ``matches``: the catalogue's best matches for the text when the caller has them already
    (``catalogue_matches``)."""
    if not text or not text.strip():
        return []
    profiles = dict(profile_types(text))
    matches = catalogue_matches(text) if matches is None else matches
    evidence = feedback_types(matches)
    if evidence:
        # The catalogue's evidence counts as much as its best match covers the text: listings that
        # share one common word (전기 in a need about lonely deaths) do not outvote a type whose
        # profile names the problem.
        strength = max(relevance for _types, relevance in matches)
        top = max(evidence.values())
        combined = {code: FEEDBACK_SHARE * strength * evidence.get(code, 0.0) / top
                    + (1 - FEEDBACK_SHARE) * profiles.get(code, 0.0) for code in set(evidence) | set(profiles)}
    else:
        combined = profiles
    kept = [(code, c) for code, c in combined.items() if c >= MIN_CONFIDENCE]
    if not kept:
        return []
    best = max(c for _code, c in kept)
    kept = sorted(((code, c) for code, c in kept if c >= RELATIVE * best), key=lambda i: (-i[1], i[0]))
    return [(code, round(c, 3)) for code, c in kept[:limit or INFERRED_LIMIT]]


def profile_types(text: str, *, limit: int = 5) -> list[tuple[str, float]]:
    """(type code, confidence) from the type profiles alone."""
    if not text or not text.strip():
        return []
    query = query_terms(text[:5000])
    found = set(query)
    concept_of = {}
    for number, concept in enumerate(query.concepts):
        for word in concept:
            concept_of.setdefault(word, number)
    weights = word_weights()
    scores = {}
    for code, phrases in type_profiles().items():
        words = set()
        for phrase in phrases:
            if all(_present(word, found) for word in phrase):
                words |= phrase
        # A glossary concept counts once, by its rarest word: 공사장, 건설 현장 and construction site
        # are one thing the text names, not three.
        best: dict = {}
        for word in words:
            concept = concept_of.get(word, word)
            best[concept] = max(best.get(concept, 0.0), weights[word])
        score = sum(best.values())
        if score >= MIN_SCORE:
            scores[code] = score
    if not scores:
        return []
    best = max(scores.values())
    kept = sorted(((code, s) for code, s in scores.items() if s >= RELATIVE * best), key=lambda i: (-i[1], i[0]))
    return [(code, round(1 - math.exp(-score / SATURATION), 3)) for code, score in kept[:limit]]


def inference_text(listing) -> str:
    """The words a listing's types are inferred from (the same at indexing and at matching)."""
    if listing.kind == "need":
        return f"{listing.title} {listing.problem} {listing.desired_outcome}"
    if listing.kind == "partnership":
        return f"{listing.title} {listing.description}"
    return f"{listing.title} {listing.summary}"


def listing_inferred_types(listing) -> list[tuple[str, float]]:
    """The inferred types of a listing whose author chose none ([] when types were chosen)."""
    if listing.pk and list(listing.types.all()):
        return []
    return infer_types(inference_text(listing))


def stored_inferred_types(listing, *, or_now: bool = True) -> list[tuple[str, float]]:
    """The listing's guessed (type, confidence) pairs as its search document stores them (what the
    matching on both sides uses); when it is not indexed, guessed now (``or_now``) or none."""
    stored = get_backend().facets_of(listing.kind, [listing.pk]).get(listing.pk) if listing.pk else None
    if stored is not None and "inferred_types" in stored:
        codes = list(stored["inferred_types"])
        return list(zip(codes, list(stored.get("inferred_confidence") or [1.0] * len(codes))))
    return listing_inferred_types(listing) if or_now else []
