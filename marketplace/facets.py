"""Facet counts for the boards and the API: how many of the current results have each value of
each filter. Counted in the database over the filtered, visible results."""

from django.db.models import Count
from django.db.models.functions import Substr

FACETS = {
    "solution": {"type": "types__code", "field": "types__field_id", "size": "organization__size",
                 "open_source": "open_source", "data_hub": "data_hub_ready", "status": "status"},
    "need": {"type": "types__code", "field": "field_id", "programme": "programme", "living_lab": "living_lab",
             "sido": "sido", "status": "status"},
    "partnership": {"type": "types__code", "field": "types__field_id", "direction": "direction",
                    "collaboration": "collaboration", "status": "status"},
}


def _key(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def facet_counts(kind: str, queryset) -> dict[str, dict[str, int]]:
    counts = {}
    base = queryset.order_by()
    if "sido" in FACETS[kind]:
        base = base.annotate(sido=Substr("organization__municipality__code", 1, 2))
    for name, path in FACETS[kind].items():
        rows = base.values(path).annotate(n=Count("pk", distinct=True)).values_list(path, "n")
        counts[name] = {_key(value): n for value, n in rows if value not in (None, "")}
    return counts


def label_choices_with_counts(form, counts: dict[str, dict[str, int]]) -> None:
    """Show each filter value's count next to it ("스마트 주차 (12)")."""
    for name, values in counts.items():
        field = form.fields.get(name)
        if field is None or not hasattr(field, "choices"):
            continue
        labelled = []
        for value, label in field.choices:
            key = {True: "true", False: "false"}.get(value, str(value))
            labelled.append((value, f"{label} ({values.get(key, 0)})" if value not in ("", None) else label))
        field.choices = labelled


def facet_counts_for(request, kind: str, queryset) -> dict[str, dict[str, int]]:
    """``facet_counts`` of a board or API list page (which anonymous visitors get from the page cache)."""
    return facet_counts(kind, queryset)
