"""The kinds of document the search layer indexes. The search layer names no model of the apps above
it: each app registers what it indexes (in its ``AppConfig.ready``), as Wagtail's search registry and
django-elasticsearch-dsl's documents do."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class IndexedKind:
    """One kind of indexed document: how to read its rows and turn one into a search document."""

    name: str
    #: the model of the rows (search documents name it by its content type)
    model: type
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


def type_id(name: str) -> int:
    """The id of the content type that search documents of ``name`` store."""
    return ContentType.objects.get_for_model(get(name).model).pk


def name_of_type(content_type_id: int) -> str:
    """The indexed kind whose model a stored content type names."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    for kind in _kinds.values():
        if kind.model is model:
            return kind.name
    raise LookupError(f"no indexed kind has content type {content_type_id}")
