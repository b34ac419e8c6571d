"""REST API of the matching engine: ``GET /api/v1/<needs|solutions|partnerships>/<id>/matches/``, a
listing's ranked counterparts, for its own organisation and coordinators."""

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace import selectors as marketplace_selectors
from marketplace.kinds import KINDS

from .selectors import MAX_LIMIT, can_see_matches, matches_for, shown_floor
from .tasks import schedule_missing


class MatchSerializer(serializers.Serializer):
    """One ranked counterpart (documentation of the matches endpoints' items)."""

    rank = serializers.IntegerField()
    score = serializers.FloatField(help_text="In [0, 1]: the harmonic mean of both sides' fit.")
    kind = serializers.ChoiceField(choices=["need", "solution", "partnership"])
    id = serializers.IntegerField()
    external_id = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    organization = serializers.CharField()
    organization_id = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    breakdown = serializers.DictField()


class ListingMatchesView(APIView):
    kind = None

    @extend_schema(parameters=[OpenApiParameter("limit", int, description="Default 20, at most 100.")],
                   responses={200: MatchSerializer(many=True)})
    def get(self, request, pk):
        """Ranked counterparts with ``score`` in [0, 1], ``rank`` and ``reasons`` (the listing's own
        organisation, which sees those scoring at least ``MATCH_SHOW_MIN_SCORE``, and coordinators)."""
        model = KINDS[self.kind].model
        listing = marketplace_selectors.listings_visible_to(model, request.user).filter(pk=pk).first()
        if listing is None:
            raise Http404
        if not can_see_matches(request.user, listing):
            raise PermissionDenied("Only the listing's organisation and coordinators see its matches.")
        try:
            limit = int(request.query_params.get("limit", 20))
        except ValueError:
            raise ValidationError({"limit": ["Give a whole number from 1 to 100."]}) from None
        if not 1 <= limit <= MAX_LIMIT:
            raise ValidationError({"limit": ["Give a whole number from 1 to 100."]})
        matches = matches_for(listing, limit=limit, min_score=shown_floor(request.user))
        if schedule_missing(listing, matches):
            matches = matches_for(listing, limit=limit, min_score=shown_floor(request.user))
        return Response([item.as_dict() for item in matches])


urlpatterns = [
    path(f"{kind.url_prefix}/<id:pk>/matches/", ListingMatchesView.as_view(kind=name), name=f"{name}-matches")
    for name, kind in KINDS.items()
]
