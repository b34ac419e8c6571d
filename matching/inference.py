"""Solution types inferred from a need's own words, for needs whose officer chose none and for the
suggestions shown while a need is written."""

import math
from collections import Counter
from functools import lru_cache

from .search.analysis import SUBWORD_PREFIX, query_terms, terms

# Words in many type names that say nothing about which one is meant.
GENERIC = {"스마트", "smart", "서비스", "servic", "관리", "manag", "기반", "base", "플랫폼", "platform",
           "정보", "inform", "시스템", "system", "제공", "provid", "ai", "iot"}
MIN_SHARE = 0.5


def _meaningful(text: str) -> frozenset:
    words = set(terms(text, subwords=False))
    return frozenset(words - GENERIC) or frozenset(words)


@lru_cache(maxsize=1)
def type_vocabulary() -> dict[str, tuple[frozenset, frozenset]]:
    """Each type's meaningful words in Korean and in English."""
    from marketplace.models import SolutionType

    return {t.code: (_meaningful(t.name_ko), _meaningful(t.name_en)) for t in SolutionType.objects.all()}


@lru_cache(maxsize=1)
def word_weights() -> dict[str, float]:
    """Rarer words in type names say more: 충전소 names one type, 공공 several."""
    counts = Counter(word for names in type_vocabulary().values() for words in names for word in words)
    total = len(type_vocabulary())
    return {word: math.log(1 + total / count) for word, count in counts.items()}


def _present(word: str, found: set[str]) -> bool:
    # A two-syllable Korean word also counts inside a longer one (전기 in 전기차).
    return word in found or (len(word) == 2 and "가" <= word[0] <= "힣" and SUBWORD_PREFIX + word in found)


def infer_types(text: str, *, limit: int = 3) -> list[tuple[str, float]]:
    """(type code, confidence in [0, 1]) of the types the text is most likely about: the weighted
    share of a type name's words (Korean or English) found in the text or its synonyms."""
    if not text or not text.strip():
        return []
    found = set(query_terms(text[:5000]))
    weights = word_weights()
    scored = []
    for code, names in type_vocabulary().items():
        best = 0.0
        for words in names:
            if not words:
                continue
            total = sum(weights[w] for w in words)
            share = sum(weights[w] for w in words if _present(w, found)) / total
            best = max(best, share)
        if best >= MIN_SHARE:
            scored.append((code, round(best, 3)))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
