"""The one search interface. A backend indexes listings' stored search documents, answers keyword
searches with filters, facets and sorting, and retrieves candidates for the matching scorer.

Filters use the names of the board filters (``marketplace/filters.py``): ``type``, ``field``,
``sido``, ``status`` (a list), ``open_source`` … and mean the same in every backend; ``facet_ok``
is their meaning, which the Elasticsearch backend translates into queries."""

from dataclasses import dataclass, field


class SearchQueryError(Exception):
    """A search engine refused a query (a fault in the query or the index, not an outage): logged as
    an error and shown as a clear message, never answered quietly by another backend."""

FACETS = {
    "solution": ["types", "fields", "status", "org_size", "open_source", "data_hub"],
    "need": ["types", "fields", "status", "sido", "programme", "living_lab", "overseas"],
    "partnership": ["types", "fields", "status", "direction", "collaboration", "target_sizes"],
}
SORTS = ("relevance", "newest", "deadline")
MAX_QUERY_CHARS = 500


@dataclass
class Hit:
    object_id: int
    score: float
    highlight: str = ""


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    backend: str = ""

    @property
    def ids(self) -> list[int]:
        return [hit.object_id for hit in self.hits]


def _overlaps(low, high, want_low, want_high) -> bool:
    if want_low is not None and high is not None and high < want_low:
        return False
    if want_high is not None and low is not None and low > want_high:
        return False
    return True


def facet_ok(kind: str, facets: dict, filters: dict) -> bool:
    """Whether a document with ``facets`` passes ``filters`` (absent or None filters pass)."""
    for name, value in filters.items():
        if value is None or value == "" or value == []:
            continue
        if name == "status":
            if facets.get("status") not in value:
                return False
        elif name == "type":
            if value not in facets.get("types", []):
                return False
        elif name == "field":
            if value not in facets.get("fields", []):
                return False
        elif name == "organization":
            if facets.get("organization") != value:
                return False
        elif name == "sido":
            if kind == "solution":
                if not (facets.get("nationwide") or value in facets.get("sidos", [])):
                    return False
            elif kind == "partnership":
                if facets.get("sido") not in ("", value):
                    return False
            elif facets.get("sido") != value:
                return False
        elif name in ("open_source", "data_hub", "living_lab", "overseas"):
            if bool(facets.get(name)) is not bool(value):
                return False
        elif name == "size":
            key = "target_sizes" if kind == "partnership" else "org_size"
            present = facets.get(key)
            if (value not in present) if isinstance(present, list) else (present != value):
                return False
        elif name in ("programme", "direction", "collaboration"):
            if facets.get(name) != value:
                return False
        elif name == "price_min":
            if not _overlaps(facets.get("price_min"), facets.get("price_max"), value, None):
                return False
        elif name == "price_max":
            if not _overlaps(facets.get("price_min"), facets.get("price_max"), None, value):
                return False
        elif name == "budget_min":
            if not _overlaps(facets.get("budget_min"), facets.get("budget_max"), value, None):
                return False
        elif name == "budget_max":
            if not _overlaps(facets.get("budget_min"), facets.get("budget_max"), None, value):
                return False
        elif name == "deadline_after":
            deadline = facets.get("deadline")
            if not deadline or deadline < value:
                return False
        else:
            raise ValueError(f"unknown filter {name!r}")
    return True


class SearchBackend:
    """What every backend provides. ``documents`` are the dicts of ``documents.prepare``."""

    name = "base"

    def index(self, documents: list[dict]) -> None:
        raise NotImplementedError

    def remove(self, kind: str, object_ids: list[int]) -> None:
        raise NotImplementedError

    def search(self, kind: str, query: str, *, filters: dict | None = None, sort: str = "relevance",
               offset: int = 0, limit: int = 20, facets: bool = True, highlight: bool = True) -> SearchResults:
        """A page of hits; ``facets=False`` skips the counts and ``highlight=False`` the snippets (for
        callers that only need the ranked ids)."""
        raise NotImplementedError

    def candidates(self, kind: str, text: str, *, filters: dict | None = None,
                   limit: int = 200) -> list[tuple[int, float]]:
        """(object id, text relevance in [0, 1]) of the ``limit`` documents that
        best match ``text`` (a need's or solution's own words) and pass ``filters``."""
        raise NotImplementedError

    def relevance(self, kind: str, text: str, object_ids: list[int], *, filters: dict | None = None) -> dict[int, float]:
        """The text relevance that ``candidates(kind, text, filters=filters)`` gives these documents
        (0 for one it would not return): how the other side of a pair scores it, so that a pair has
        one score whichever side asks."""
        wanted = set(object_ids)
        found = {pk: r for pk, r in self.candidates(kind, text, filters=filters, limit=10_000) if pk in wanted}
        return {pk: found.get(pk, 0.0) for pk in object_ids}

    def of_types(self, kind: str, codes: list[str], *, filters: dict | None = None, limit: int = 50) -> list[int]:
        """Ids of recent documents of each of these types that pass ``filters`` (matching's
        candidates of the wanted types, whatever their text)."""
        found = []
        for code in codes:
            found += self.search(kind, "", filters=(filters or {}) | {"type": code}, sort="newest", limit=limit,
                                 facets=False).ids
        return found

    def facets_of(self, kind: str, object_ids: list[int]) -> dict[int, dict]:
        """The stored facets of these documents (what the scorer needs), by object id: read-only
        mappings (lists where the stored document has lists)."""
        raise NotImplementedError

    def outdated_ids(self, kind: str) -> set[int]:
        """Documents analysed by an older version of ``analysis.py`` (only backends that store the
        analysis know)."""
        return set()

    def indexed_ids(self, kind: str) -> set[int]:
        raise NotImplementedError

    def rebuild(self, kind: str, documents, *, progress=None) -> int:
        raise NotImplementedError
