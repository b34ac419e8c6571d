"""Solution types inferred from a need's own words, for needs whose officer chose none and for the
suggestions shown while a need is written."""

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


def infer_types(text: str, *, limit: int = 3) -> list[tuple[str, float]]:
    """(type code, confidence in [0, 1]) of the types the text is most likely about."""
    if not text or not text.strip():
        return []
    found = {term for term in query_terms(text[:5000]) if not term.startswith(SUBWORD_PREFIX)}
    scored = []
    for code, names in type_vocabulary().items():
        share = max(len(words & found) / len(words) for words in names if words)
        if share >= MIN_SHARE:
            scored.append((code, round(share, 3)))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
