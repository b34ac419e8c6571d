"""REST API of the notification centre: ``/api/v1/notifications/`` (one's own only)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from openlab.ids import ID_REGEX

from .models import Notification
from .selectors import unread_count
from .services import mark_read


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class ReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False,
                                help_text="Notification ids; without it, all are marked read")


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("unread", OpenApiTypes.BOOL, description="Only unread notifications")]))
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in user's own notifications."""

    lookup_value_regex = ID_REGEX

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    queryset = Notification.objects.none()  # for the schema; get_queryset is what answers

    def get_queryset(self):
        qs = Notification.objects.filter(user=self.request.user)
        if self.request.query_params.get("unread") in ("1", "true"):
            qs = qs.filter(read_at__isnull=True)
        return qs

    @extend_schema(request=ReadSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def read(self, request):
        data = _valid(ReadSerializer, request)
        changed = mark_read(user=request.user, ids=data.get("ids"))
        return Response({"marked_read": changed,
                         "unread": unread_count(request.user)})


router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")
urlpatterns = router.urls
