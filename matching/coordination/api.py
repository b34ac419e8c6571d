"""REST API of the coordination loop: ``/api/v1/matches/`` (pairings, with their actions and
messages), ``GET /api/v1/stats/``. Same rules as the pages: the
services decide, the views translate."""

from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from matching.explain import sentences
from openlab.ids import ID_REGEX

from . import dashboard, services
from . import meetings as meeting_services
from .models import (
    INTRO_NOTE_MAX,
    OUTCOME_NOTE_MAX,
    REASON_NOTE_MAX,
    DeclineReason,
    Meeting,
    Pairing,
    PairingMessage,
)
from .selectors import pairings_visible_to, review_queue, with_mutual


class PairingSerializer(serializers.ModelSerializer):
    a_org = serializers.CharField(source="a_org.display_name", read_only=True)
    b_org = serializers.CharField(source="b_org.display_name", read_only=True)
    a_kind = serializers.CharField(read_only=True, help_text="need or partnership")
    b_kind = serializers.CharField(read_only=True, help_text="solution or partnership")
    mutual = serializers.BooleanField(read_only=True, default=False)
    # Blank until a side answers or declines: the schema says so (a blank value is in each enum).
    a_answer = serializers.ChoiceField(choices=Pairing.Answer.choices, allow_blank=True, read_only=True)
    b_answer = serializers.ChoiceField(choices=Pairing.Answer.choices, allow_blank=True, read_only=True)
    decline_reason = serializers.ChoiceField(choices=DeclineReason.choices, allow_blank=True, read_only=True)
    reasons = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()

    class Meta:
        model = Pairing
        fields = ["id", "kind", "state", "score", "mutual", "a_kind", "a_id", "a_org_id", "a_org", "title_a",
                  "b_kind", "b_id", "b_org_id", "b_org", "title_b", "field", "sido", "programme", "reasons",
                  "snoozed_until", "introduced_at", "a_answer", "b_answer", "decline_reason", "connected_at",
                  "meeting_at", "pilot_at", "contract_at", "closed_at", "contacts", "created_at", "state_changed_at"]
        read_only_fields = fields

    def get_reasons(self, pairing) -> list[str]:
        return sentences([tuple(r) for r in pairing.breakdown.get("reasons", [])])

    def get_contacts(self, pairing) -> dict:
        """Each side's contact, once introduced (before that there is none to show)."""
        if not pairing.introduced_at:
            return {}
        return {side: {"name": user.display_name, "email": user.email}
                for side, user in (("a", pairing.a_contact), ("b", pairing.b_contact)) if user is not None}


class EventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.display_name", default=None, allow_null=True)  # null: the system
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    action = serializers.CharField()
    note = serializers.CharField()


class IntroduceSerializer(serializers.Serializer):
    a_contact = serializers.IntegerField(help_text="User id of the contact on side A (a member of it)")
    b_contact = serializers.IntegerField(help_text="User id of the contact on side B (a member of it)")
    note = serializers.CharField(required=False, allow_blank=True, max_length=INTRO_NOTE_MAX)


class RejectSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=REASON_NOTE_MAX)


class SnoozeSerializer(serializers.Serializer):
    until = serializers.DateField()


class PairingDeclineSerializer(RejectSerializer):
    pass


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[s.value for s in services.OUTCOMES] + [Pairing.State.CLOSED.value])
    note = serializers.CharField(required=False, allow_blank=True, max_length=OUTCOME_NOTE_MAX)


class MessageSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.display_name", read_only=True)
    author = serializers.CharField(source="author.display_name", read_only=True, default=None)
    file = serializers.FileField(write_only=True, required=False)

    class Meta:
        model = PairingMessage
        fields = ["id", "organization", "author", "body", "created_at", "file"]
        read_only_fields = ["id", "organization", "author", "created_at"]


QUEUE_PARAMS = [
    OpenApiParameter("queue", OpenApiTypes.BOOL, description="Coordinators: only pairs waiting for review "
                     "(suggested or shortlisted, not snoozed, above the queue threshold), mutual interest first"),
    OpenApiParameter("state", OpenApiTypes.STR, enum=Pairing.State.values),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=Pairing.Kind.values),
    OpenApiParameter("field", OpenApiTypes.STR, description="Field code, e.g. TRF"),
    OpenApiParameter("sido", OpenApiTypes.STR, description="2-digit 시도 code"),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(("score", "age", "newest"))),
]


class MeetingSerializer(serializers.ModelSerializer):
    slots = serializers.ListField(child=serializers.DateTimeField(), read_only=True,
                                  help_text="The proposed times (ISO 8601 with the offset).")
    starts_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Meeting
        fields = ["id", "pairing", "proposed_side", "slots", "mode", "place", "state", "starts_at", "decline_note",
                  "created_at", "decided_at"]
        read_only_fields = fields


class MeetingProposeSerializer(serializers.Serializer):
    slot = serializers.ListField(child=serializers.CharField(max_length=40), min_length=1,
                                 max_length=Meeting.SLOTS_MAX,
                                 help_text="One to three local times in Asia/Seoul, e.g. 2026-12-10T14:00.")
    mode = serializers.ChoiceField(choices=Meeting.Mode.choices)
    place = serializers.CharField(max_length=Meeting.PLACE_MAX)


class MeetingConfirmSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=0, max_value=Meeting.SLOTS_MAX - 1,
                                    help_text="The index of the chosen time (0-based).")


class MeetingDeclineSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=Meeting.NOTE_MAX)


@extend_schema_view(list=extend_schema(parameters=QUEUE_PARAMS))
class MatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Pairs on their way from suggestion to contract. Coordinators see all; an organisation sees the
    pairs it was introduced to."""

    lookup_value_regex = ID_REGEX

    serializer_class = PairingSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        errors = {}
        for name, choices in (("state", Pairing.State.values), ("kind", Pairing.Kind.values),
                              ("sort", ["score", "age", "newest"])):
            if params.get(name) and params[name] not in choices:
                errors[name] = [f"Choose one of {', '.join(choices)}."]
        if errors:
            raise ValidationError(errors)
        if params.get("queue") in ("1", "true") and self.request.user.is_coordinator:
            return review_queue(field=params.get("field", ""), sido=params.get("sido", ""), kind=params.get("kind", ""),
                                state=params.get("state", ""), sort=params.get("sort", "score"))
        qs = with_mutual(pairings_visible_to(self.request.user))
        for name in ("state", "kind", "sido"):
            if params.get(name):
                qs = qs.filter(**{name: params[name]})
        if params.get("field"):
            qs = qs.filter(field_id=params["field"])
        return qs.order_by(*{"score": ("-score", "pk"), "age": ("created_at", "pk"),
                             "newest": ("-created_at", "-pk")}[params.get("sort") or "score"])

    def _done(self, pairing):
        return Response(self.get_serializer(with_mutual(pairings_visible_to(self.request.user)).get(pk=pairing.pk)).data)

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request, pk=None):
        """The audit trail: every state change, snooze and reminder."""
        return Response(EventSerializer(self.get_object().events.select_related("actor"), many=True).data)

    def _pair_and_body(self, serializer_class):
        """The pair (an invisible one is a 404 before the body is read) and the validated body."""
        pairing = self.get_object()
        return pairing, _valid(serializer_class, self.request)

    @extend_schema(request=IntroduceSerializer)
    @action(detail=True, methods=["post"])
    def introduce(self, request, pk=None):
        pairing, data = self._pair_and_body(IntroduceSerializer)
        users = get_user_model().objects
        return self._done(services.pairing_introduce(
            coordinator=request.user, pairing=pairing, a_contact=users.filter(pk=data["a_contact"]).first(),
            b_contact=users.filter(pk=data["b_contact"]).first(), note=data.get("note", "")))

    @extend_schema(request=RejectSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        pairing, data = self._pair_and_body(RejectSerializer)
        return self._done(services.pairing_reject(coordinator=request.user, pairing=pairing,
                                                  reason=data["reason"], note=data.get("note", "")))

    @extend_schema(request=SnoozeSerializer)
    @action(detail=True, methods=["post"])
    def snooze(self, request, pk=None):
        pairing, data = self._pair_and_body(SnoozeSerializer)
        return self._done(services.pairing_snooze(coordinator=request.user, pairing=pairing,
                                                  until=data["until"]))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._done(services.pairing_answer(user=request.user, pairing=self.get_object(), accept=True))

    @extend_schema(request=PairingDeclineSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        pairing, data = self._pair_and_body(PairingDeclineSerializer)
        return self._done(services.pairing_answer(user=request.user, pairing=pairing, accept=False,
                                                  reason=data["reason"], note=data.get("note", "")))

    @extend_schema(request=OutcomeSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        pairing, data = self._pair_and_body(OutcomeSerializer)
        return self._done(services.pairing_outcome(user=request.user, pairing=pairing,
                                                   outcome=data["outcome"], note=data.get("note", "")))

    @extend_schema(methods=["GET"], responses=MessageSerializer(many=True))
    @extend_schema(methods=["POST"], request=MessageSerializer, responses=MessageSerializer)
    @action(detail=True, methods=["get", "post"], parser_classes=[JSONParser, MultiPartParser, FormParser],
            pagination_class=None)
    def messages(self, request, pk=None):
        """The two organisations' thread (once both accepted): only they and coordinators read it."""
        pairing = self.get_object()
        if not services.can_read(request.user, pairing):
            raise NotFound
        if request.method == "POST":
            data = _valid(MessageSerializer, request)
            message = services.message_post(user=request.user, pairing=pairing, body=data["body"],
                                            upload=data.get("file"))
            return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)
        return Response(MessageSerializer(pairing.messages.select_related("organization", "author"), many=True).data)

    @extend_schema(methods=["GET"], responses=MeetingSerializer(many=True))
    @extend_schema(methods=["POST"], request=MeetingProposeSerializer, responses={201: MeetingSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def meetings(self, request, pk=None):
        """The pair's meetings; POST proposes one (either side, once connected)."""
        pairing = self.get_object()
        if request.method == "POST":
            data = _valid(MeetingProposeSerializer, request)
            meeting = meeting_services.meeting_propose(user=request.user, pairing=pairing, slots=data["slot"],
                                                       mode=data["mode"], place=data["place"])
            return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)
        return Response(MeetingSerializer(pairing.meetings.all(), many=True).data)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class StatsViewSet(viewsets.ViewSet):
    """Aggregated, non-personal figures of the market (the numbers of ``/stats/``)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def list(self, request):
        return Response(dashboard.public_statistics())


router = DefaultRouter()
class MeetingViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meetings of connected pairs: the two sides and coordinators read them; the side that did not
    propose confirms one of the times or declines asking for others."""

    serializer_class = MeetingSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = ID_REGEX
    filter_backends = []

    def get_queryset(self):
        return Meeting.objects.filter(pairing__in=pairings_visible_to(self.request.user))

    def get_object(self):
        meeting = super().get_object()
        if not meeting_services.can_see(self.request.user, meeting):
            raise NotFound
        return meeting

    @extend_schema(request=MeetingConfirmSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        meeting = self.get_object()  # another organisation's meeting is a 404 before the body is read
        data = _valid(MeetingConfirmSerializer, request)
        return Response(MeetingSerializer(meeting_services.meeting_confirm(
            user=request.user, meeting=meeting, slot=data["slot"])).data)

    @extend_schema(request=MeetingDeclineSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        meeting = self.get_object()
        data = _valid(MeetingDeclineSerializer, request)
        return Response(MeetingSerializer(meeting_services.meeting_decline(
            user=request.user, meeting=meeting, note=data["note"])).data)


router.register("matches", MatchViewSet, basename="match")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("stats", StatsViewSet, basename="stats")
urlpatterns = router.urls
