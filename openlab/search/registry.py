"""The kinds of document the search layer indexes. The search layer names no model of the apps above
it: each app registers what it indexes (in its ``AppConfig.ready``), as Wagtail's search registry and
django-elasticsearch-dsl's documents do."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IndexedKind:
    """One kind of indexed document: how to read its rows and turn one into a search document."""

    name: str
    #: every row of the kind, with what ``prepare`` reads
    queryset: Callable[[], object]
    #: the rows that may be public (what a rebuild indexes)
    indexable: Callable[[], object]
    should_index: Callable[[object], bool]
    #: a row's search document: ``{"kind", "object_id", "title", "body", "terms", "facets", …}``
    prepare: Callable[[object], dict]


_kinds: dict[str, IndexedKind] = {}


def register(kind: IndexedKind) -> None:
    _kinds[kind.name] = kind


def get(name: str) -> IndexedKind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"no indexed kind {name!r} is registered") from None


def names() -> list[str]:
    return list(_kinds)
