"""Snippets of a keyword search's matches in the stored documents (for the listings a page shows)."""

from .embedded import highlight
from .models import SearchDocument


def highlights_for(kind: str, ids, query: str) -> dict[int, str]:
    """``{object id: snippet}`` of the documents of ``kind`` with these ids."""
    if not query or not ids:
        return {}
    rows = SearchDocument.objects.of_kind(kind).filter(object_id__in=list(ids)).values_list("object_id", "title", "body")
    return {pk: highlight(body, query) or highlight(title, query) for pk, title, body in rows}
