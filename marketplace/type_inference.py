"""Solution types inferred from a need's own words, for needs whose officer chose none and for the
suggestions shown while a need is written.

Each type has a profile of phrases: its Korean and English names and the problem phrases in
``marketplace/data/type_terms.txt``. A phrase is found when all its words are in the text (or in the
text's synonyms). A type's score is the summed rarity (idf over the profiles) of the distinct words
of its found phrases, so 충전소, which only one type mentions, says more than 데이터, which many do."""

import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

from openlab.search.analysis import SUBWORD_PREFIX, query_terms, terms

from .models import SolutionType

TYPE_TERMS_FILE = Path(__file__).resolve().parent / "data" / "type_terms.txt"
# Words in many type names that say nothing about which one is meant.
GENERIC = {"스마트", "smart", "서비스", "servic", "관리", "manag", "기반", "base", "플랫폼", "platform",
           "정보", "inform", "시스템", "system", "제공", "provid", "ai", "iot", "기타", "other"}
MIN_SCORE = 2.5  # about one word that few types use
RELATIVE = 0.5  # a type must score at least half of the best one
SATURATION = 6.0  # the score at which confidence reaches about 0.63


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


def infer_types(text: str, *, limit: int = 3) -> list[tuple[str, float]]:
    """(type code, confidence in [0, 1]) of the types the text is most likely about, best first."""
    if not text or not text.strip():
        return []
    found = set(query_terms(text[:5000]))
    weights = word_weights()
    scores = {}
    for code, phrases in type_profiles().items():
        words = set()
        for phrase in phrases:
            if all(_present(word, found) for word in phrase):
                words |= phrase
        score = sum(weights[word] for word in words)
        if score >= MIN_SCORE:
            scores[code] = score
    if not scores:
        return []
    best = max(scores.values())
    kept = sorted(((code, s) for code, s in scores.items() if s >= RELATIVE * best), key=lambda i: (-i[1], i[0]))
    return [(code, round(1 - math.exp(-score / SATURATION), 3)) for code, score in kept[:limit]]
