"""``/api/v1/saved-searches/``: one's own saved searches (create, list, rename or change alerts,
delete); nobody else's, coordinators included."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from openlab.ids import ID_REGEX

from ..models import SavedSearch
from ..services import saved_searches as service


class SavedSearchSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=SavedSearch.Board.choices,
                                   help_text="The board: needs, solutions or partnerships.")
    query = serializers.CharField(max_length=500, allow_blank=True, required=False, default="",
                                  help_text="The board's query string, e.g. q=주차&field=TRF.")
    name = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    board_url = serializers.CharField(read_only=True)

    class Meta:
        model = SavedSearch
        fields = ["id", "kind", "query", "name", "frequency", "board_url", "created_at"]
        read_only_fields = ["id", "board_url", "created_at"]


class SavedSearchUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, allow_blank=True, required=False)
    frequency = serializers.ChoiceField(choices=SavedSearch.Frequency.choices, required=False)


@extend_schema_view(
    update=extend_schema(request=SavedSearchUpdateSerializer, responses=SavedSearchSerializer),
    partial_update=extend_schema(request=SavedSearchUpdateSerializer, responses=SavedSearchSerializer),
)
class SavedSearchViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = SavedSearchSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = ID_REGEX
    filter_backends = []

    def get_queryset(self):
        return SavedSearch.objects.filter(user=self.request.user)

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return SavedSearchUpdateSerializer
        return SavedSearchSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = service.saved_search_create(user=self.request.user, kind=data["kind"],
                                                          query=data.get("query", ""), name=data.get("name", ""),
                                                          frequency=data.get("frequency", "daily"))

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = service.saved_search_update(user=self.request.user, saved=serializer.instance,
                                                          name=data.get("name"), frequency=data.get("frequency"))

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response.data = SavedSearchSerializer(self.get_object()).data
        return response

    def perform_destroy(self, instance):
        service.saved_search_delete(user=self.request.user, saved=instance)


