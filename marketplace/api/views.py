from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from .. import selectors
from ..models import Municipality
from .serializers import MunicipalitySerializer, SolutionFieldSerializer


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("sido", OpenApiTypes.STR, description="2-digit 시도 code (old codes accepted), e.g. 48"),
    OpenApiParameter("q", OpenApiTypes.STR, description="Part of the Korean or English name, or a code prefix"),
    OpenApiParameter("level", OpenApiTypes.STR, enum=["sido", "sigungu"]),
]))
class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """The gazetteer: 17 시도 and their 시군구, with codes, names and centroids."""

    serializer_class = MunicipalitySerializer
    lookup_value_regex = r"\d{2}|\d{5}"
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        sido = params.get("sido", "").strip()
        level = params.get("level", "").strip()
        errors = {}
        if sido:
            found = selectors.municipality_by_code(sido)
            if found is None or found.level != Municipality.Level.SIDO:
                errors["sido"] = [_("Unknown 시도 code: %(code)s.") % {"code": sido}]
            else:
                sido = found.code
        if level and level not in Municipality.Level.values:
            errors["level"] = [_("Choose sido or sigungu.")]
        if errors:
            raise ValidationError(errors)
        return selectors.municipalities_search(sido=sido or None, q=params.get("q", "").strip()[:100] or None,
                                               level=level or None)

    def get_object(self):
        found = selectors.municipality_by_code(self.kwargs["pk"])
        if found is None:
            raise Http404
        return found


class TaxonomyViewSet(viewsets.ReadOnlyModelViewSet):
    """The solution taxonomy from the plan: 9 fields with their 60 solution types."""

    serializer_class = SolutionFieldSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Z]{3}"
    filter_backends = []

    def get_queryset(self):
        return selectors.taxonomy()
