"""Facet filters shared by the board pages and the API (``?type=TRF-07&sido=48&status=published``).
Unknown values are refused: the pages show the message, the API answers 400 naming the field."""

import django_filters as filters
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BigIntegerField, Case, F, Func, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from openlab.ids import IdField
from openlab.search import get_backend
from openlab.search.base import MAX_QUERY_CHARS
from openlab.search.highlights import highlights_for

from .models import (
    Municipality,
    Need,
    Organization,
    PartnershipRequest,
    Programme,
    Solution,
    SolutionField,
    SolutionType,
)


def _field_choices():
    return [(f.code, f.name) for f in SolutionField.objects.order_by("position")]


def _type_choices():
    return [(t.code, f"{t.code} {t.name}") for t in SolutionType.objects.order_by("field__position", "position")]


def _sido_choices():
    return [(m.code, m.name) for m in Municipality.objects.filter(level=Municipality.Level.SIDO)]


def _position_in(ids: list[int]):
    """An expression for each row's position in ``ids`` (relevance order): PostgreSQL's
    ``array_position`` (one parameter, whatever the length); elsewhere a CASE of one branch per id."""
    if connection.vendor == "postgresql":
        return Func(Value(list(ids), output_field=ArrayField(BigIntegerField())), F("pk"),
                    function="array_position", output_field=IntegerField())
    return Case(*[When(pk=pk, then=position) for position, pk in enumerate(ids)], output_field=IntegerField())


class Highlights:
    """Snippets of the keyword matches, made only for the listings a page shows: ``load(kind, ids)``
    reads their stored bodies once; ``get(pk)`` then answers (an empty dict until loaded)."""

    def __init__(self, query: str = ""):
        self.query = query
        self.found: dict[int, str] = {}

    def load(self, kind: str, ids) -> "Highlights":
        self.found = highlights_for(kind, ids, self.query)
        return self

    def get(self, pk, default=""):
        return self.found.get(pk, default)

    def __bool__(self):
        return bool(self.query)


class YesNoAll(BooleanWidget):
    """"All / Yes / No" rather than django-filter's "Unknown / Yes / No"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


def _choice(label, choices, **kwargs):
    return filters.ChoiceFilter(label=label, choices=choices, empty_label=_("All"), **kwargs)


def _yes_no(label, **kwargs):
    return filters.BooleanFilter(label=label, widget=YesNoAll, **kwargs)


MAX_AMOUNT_KRW = 10**15  # far beyond any budget; a larger number is a field error, not an overflow
SORT_CHOICES = [("relevance", _("Relevance")), ("newest", _("Newest")), ("deadline", _("Deadline"))]


class IdFilter(filters.NumberFilter):
    """An id filter: a number out of an id's range is a field error (400 in the API), not a 500."""

    field_class = IdField


class ListingFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Keywords"), method="filter_q")
    type = _choice(_("Solution type"), _type_choices, method="filter_type")
    field = _choice(_("Field"), _field_choices, method="filter_field")
    organization = IdFilter(label=_("Organisation"), field_name="organization_id")
    sort = filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="filter_sort")

    kind = ""
    highlights: dict

    def filter_q(self, queryset, name, value: str):
        """Keyword search by the search backend (Elasticsearch or embedded), in relevance order;
        the other filters and the visibility rules stay with the database."""
        query = value.strip()[:MAX_QUERY_CHARS]
        if not query:
            return queryset
        results = get_backend().search(self.kind, query, limit=1000, facets=False, highlight=False)
        self.highlights = Highlights(query)  # snippets for the shown page only (see Highlights.load)
        ranked = results.ids
        return queryset.filter(pk__in=ranked).annotate(relevance_rank=_position_in(ranked)).order_by("relevance_rank")

    def filter_sort(self, queryset, name, value: str):
        if value == "newest":
            return queryset.order_by(F("published_at").desc(nulls_last=True), "-pk")
        if value == "deadline" and hasattr(queryset.model, "deadline"):
            return queryset.order_by(F("deadline").asc(nulls_last=True), "-pk")
        return queryset

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.highlights = Highlights()
        if self.data is not None and "q" in self.data:
            data = self.data.copy()
            data["q"] = (data.get("q") or "")[:MAX_QUERY_CHARS]
            self.data = data

    def filter_type(self, queryset, name, value: str):
        return queryset.filter(types__code=value).distinct()

    def filter_field(self, queryset, name, value: str):
        return queryset.filter(types__field_id=value).distinct()


class SolutionFilter(ListingFilter):
    sido = _choice(_("Region (시도)"), _sido_choices, method="filter_sido")
    price_min = filters.NumberFilter(label=_("Budget from (KRW)"), method="filter_price_min", min_value=0,
                                    max_value=MAX_AMOUNT_KRW)
    price_max = filters.NumberFilter(label=_("Budget up to (KRW)"), method="filter_price_max", min_value=0,
                                    max_value=MAX_AMOUNT_KRW)
    open_source = _yes_no(_("Open source"), field_name="open_source")
    data_hub = _yes_no(_("Data Hub ready"), field_name="data_hub_ready")
    size = _choice(_("Company size"), Organization.Size.choices, field_name="organization__size")
    status = _choice(_("Status"), Solution.Status.choices)

    class Meta:
        model = Solution
        fields = ["q", "sort", "field", "type", "sido", "price_min", "price_max", "open_source", "data_hub",
                  "size", "status", "organization"]

    kind = "solution"

    def filter_sido(self, queryset, name, value: str):
        return queryset.filter(Q(nationwide=True) | Q(service_sidos__code=value)).distinct()

    def filter_price_min(self, queryset, name, value):
        # Solutions whose price range reaches the budget's lower end.
        return queryset.filter(Q(price_max_krw__isnull=True) | Q(price_max_krw__gte=value))

    def filter_price_max(self, queryset, name, value):
        return queryset.filter(Q(price_min_krw__isnull=True) | Q(price_min_krw__lte=value))


class NeedFilter(ListingFilter):
    sido = _choice(_("Region (시도)"), _sido_choices, method="filter_sido")
    programme = _choice(_("Programme"), Programme.choices)
    budget_min = filters.NumberFilter(label=_("Budget from (KRW)"), method="filter_budget_min", min_value=0,
                                    max_value=MAX_AMOUNT_KRW)
    budget_max = filters.NumberFilter(label=_("Budget up to (KRW)"), method="filter_budget_max", min_value=0,
                                    max_value=MAX_AMOUNT_KRW)
    deadline_after = filters.DateFilter(label=_("Deadline on or after"), field_name="deadline", lookup_expr="gte")
    living_lab = _yes_no(_("Living lab"), field_name="living_lab")
    overseas = _yes_no(_("Overseas"), method="filter_overseas")
    status = _choice(_("Status"), Need.Status.choices)

    class Meta:
        model = Need
        fields = ["q", "sort", "field", "type", "sido", "programme", "budget_min", "budget_max", "deadline_after",
                  "living_lab", "overseas", "status", "organization"]

    kind = "need"

    def filter_field(self, queryset, name, value: str):
        return queryset.filter(Q(field_id=value) | Q(types__field_id=value)).distinct()

    def filter_sido(self, queryset, name, value: str):
        return queryset.filter(organization__municipality__code__startswith=value)

    def filter_budget_min(self, queryset, name, value):
        return queryset.filter(Q(budget_max_krw__isnull=True) | Q(budget_max_krw__gte=value))

    def filter_budget_max(self, queryset, name, value):
        return queryset.filter(Q(budget_min_krw__isnull=True) | Q(budget_min_krw__lte=value))

    def filter_overseas(self, queryset, name, value):
        overseas = Q(organization__kind=Organization.Kind.OVERSEAS)
        return queryset.filter(overseas) if value else queryset.exclude(overseas)


class PartnershipFilter(ListingFilter):
    direction = _choice(_("Direction"), PartnershipRequest.Direction.choices)
    collaboration = _choice(_("Kind of collaboration"), PartnershipRequest.Collaboration.choices)
    size = _choice(_("Company size aimed at"), Organization.Size.choices, field_name="target_sizes",
                   lookup_expr="contains")
    sido = _choice(_("Region (시도)"), _sido_choices, method="filter_sido")
    status = _choice(_("Status"), PartnershipRequest.Status.choices)

    class Meta:
        model = PartnershipRequest
        fields = ["q", "sort", "direction", "collaboration", "field", "type", "size", "sido", "status",
                  "organization"]

    kind = "partnership"

    def filter_sido(self, queryset, name, value: str):
        return queryset.filter(Q(region__isnull=True) | Q(region_id=value))


#: Each kind's board filters: the board, its API list and saved searches read a query the same way.
FILTERSETS = {"solution": SolutionFilter, "need": NeedFilter, "partnership": PartnershipFilter}
