"""API viewsets for organisations, listings and interests. Reads start from the same visibility
selectors as the pages; writes call the same services; what a caller may not see is a 404."""

import json

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from openlab import pagecache
from openlab.ids import ID_REGEX

from .. import selectors, services
from ..facets import facet_counts_for
from ..filters import NeedFilter, PartnershipFilter, SolutionFilter
from ..models import Interest, Need, Organization, PartnershipRequest, Solution
from ..services.listings import OWNER_KINDS
from .listing_serializers import (
    DeclineSerializer,
    InterestSerializer,
    NeedSerializer,
    OrganizationSerializer,
    PartnershipSerializer,
    QuestionAskSerializer,
    QuestionSerializer,
    SolutionSerializer,
    StatusSerializer,
)

ARCHIVED = {Solution: Solution.Status.ARCHIVED, Need: Need.Status.CLOSED,
            PartnershipRequest: PartnershipRequest.Status.CLOSED}


class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                          viewsets.GenericViewSet):
    """Organisations: verified ones for everyone, plus your own. Administrators edit their own."""

    lookup_value_regex = ID_REGEX

    serializer_class = OrganizationSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.organizations_visible_to(self.request.user).select_related("municipality", "hq_sido")

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in services.ORGANIZATION_FIELDS}
        serializer.instance = services.organization_update(user=self.request.user,
                                                           organization=serializer.instance, **data)


def _owner_for(request, model, named: Organization | None) -> Organization:
    """The organisation a new listing belongs to: the one named, or the caller's only eligible one."""
    if named is not None:
        return named
    eligible = [m.organization for m in selectors.memberships_of(request.user)
                if m.organization.kind in OWNER_KINDS[model]]
    if len(eligible) != 1:
        raise ValidationError({"organization": ["Name the organisation (its id) this listing belongs to."]})
    return eligible[0]


class ListingViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.UpdateModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = ID_REGEX
    model = None
    permission_classes = [IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        return (selectors.listings_visible_to(self.model, self.request.user)
                .prefetch_related("types").order_by("-published_at", "-created_at", "-pk"))

    def list(self, request, *args, **kwargs):
        """The filtered page, with ``facets`` (counts per filter value) and, for ``q``, ``highlight``."""
        params = (request.get_host(), request.is_secure(), pagecache.query_params(request.query_params))
        public = selectors.sees_public_listings(request.user, self.model)
        if type(request.accepted_renderer) is JSONRenderer:  # the JSON itself, not made again per request
            body = pagecache.cached(self.model.kind, "api-list-json", params,
                                    lambda: JSONRenderer().render(self._list_payload(request)), public=public)
            return HttpResponse(body, content_type="application/json")
        return Response(pagecache.cached(self.model.kind, "api-list", params, lambda: self._list_payload(request),
                                         public=public))

    def _list_payload(self, request) -> dict:
        filterset = self.filterset_class(request.query_params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        queryset = filterset.qs
        page = self.paginate_queryset(queryset)
        data = self.get_serializer(page, many=True).data
        filterset.highlights.load(self.model.kind, [row["id"] for row in data])
        for row in data:
            if filterset.highlights:
                row["highlight"] = filterset.highlights.get(row["id"], "")
        payload = self.get_paginated_response(data).data
        payload["facets"] = facet_counts_for(request, self.model.kind, queryset)
        return json.loads(json.dumps(payload, cls=JSONEncoder))  # plain data, as it will be cached

    def perform_create(self, serializer):
        owner = _owner_for(self.request, self.model, serializer.validated_data.get("organization"))
        serializer.instance = services.listing_create(user=self.request.user, organization=owner, model=self.model,
                                                      data=serializer.service_data())

    def perform_update(self, serializer):
        serializer.instance = services.listing_update(user=self.request.user, listing=serializer.instance,
                                                      data=serializer.service_data())

    def _set_status(self, request, new_status, awarded=None, listing=None):
        listing = listing or self.get_object()
        services.listing_set_status(user=request.user, listing=listing, status=new_status,
                                    awarded_solution=awarded)
        listing.refresh_from_db()
        return Response(self.get_serializer(listing).data)

    @extend_schema(request=StatusSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Change the status: publish, close, reopen, award (with ``awarded_solution``) or archive."""
        listing = self.get_object()  # an invisible listing is a 404 before the body is read
        serializer = StatusSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        new_status = serializer.validated_data["status"]
        if new_status not in self.model.Status.values:
            raise ValidationError({"status": [f"Choose one of {', '.join(self.model.Status.values)}."]})
        return self._set_status(request, new_status, serializer.validated_data.get("awarded_solution"), listing)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._set_status(request, services.listings.PUBLISHED_STATUS[self.model])

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive a solution or close a need or partnership request (nothing is deleted)."""
        return self._set_status(request, ARCHIVED[self.model])


_STATUS_DOC = OpenApiParameter("status", description="Without it, every listing you may see is returned.")


@extend_schema_view(list=extend_schema(parameters=[_STATUS_DOC]))
class SolutionViewSet(ListingViewSet):
    """Companies' smart-city solutions (the catalogue)."""

    model = Solution
    serializer_class = SolutionSerializer
    filterset_class = SolutionFilter

    def get_queryset(self):
        return super().get_queryset().prefetch_related("service_sidos", "deployments")


@extend_schema_view(list=extend_schema(parameters=[_STATUS_DOC]))
class NeedViewSet(ListingViewSet):
    """Municipalities' and overseas cities' needs (the needs board)."""

    model = Need
    serializer_class = NeedSerializer
    filterset_class = NeedFilter

    @extend_schema(methods=["GET"], responses=QuestionSerializer(many=True))
    @extend_schema(methods=["POST"], request=QuestionAskSerializer, responses={201: QuestionSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def questions(self, request, pk=None):
        """Clarification questions: answered and published ones for everyone (never who asked); the
        need's organisation sees all, an asking company its own. POST: a verified company asks."""
        need = self.get_object()
        if request.method == "POST":
            serializer = QuestionAskSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            question = services.question_ask(user=request.user, need=need, text=serializer.validated_data["text"])
            return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)
        return Response(QuestionSerializer(selectors.questions_visible_to(request.user, need), many=True).data)


@extend_schema_view(list=extend_schema(parameters=[_STATUS_DOC]))
class PartnershipViewSet(ListingViewSet):
    """Partnership requests between large firms and SMEs/startups."""

    model = PartnershipRequest
    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilter


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("box", enum=["received", "sent"]), OpenApiParameter("state", enum=Interest.State.values),
    OpenApiParameter("kind", enum=Interest.Kind.values)]))
class InterestViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Two-way interest. Creating the same pair and direction again updates the message."""

    lookup_value_regex = ID_REGEX

    serializer_class = InterestSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        qs = selectors.interests_visible_to(self.request.user).order_by("-updated_at", "-pk")
        params = self.request.query_params
        own = selectors.member_organization_ids(self.request.user)
        errors = {}
        box = params.get("box", "")
        if box == "received":
            qs = qs.filter(recipient_id__in=own)
        elif box == "sent":
            qs = qs.filter(sender_id__in=own)
        elif box:
            errors["box"] = ["Choose received or sent."]
        for name, choices in (("state", Interest.State.values), ("kind", Interest.Kind.values)):
            value = params.get(name, "")
            if value and value not in choices:
                errors[name] = [f"Choose one of {', '.join(choices)}."]
            elif value:
                qs = qs.filter(**{name: value})
        if errors:
            raise ValidationError(errors)
        return qs

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kind, message = data.get("kind"), data.get("message", "")
        need, solution, partnership = data.get("need"), data.get("solution"), data.get("partnership")
        if kind in (Interest.Kind.PROPOSAL, Interest.Kind.INVITATION):
            missing = {name: ["This field is required."] for name, value in (("need", need), ("solution", solution))
                       if value is None}
            if missing:
                raise ValidationError(missing)
            action_ = services.interest_propose if kind == Interest.Kind.PROPOSAL else services.interest_invite
            interest = action_(user=request.user, need=need, solution=solution, message=message)
        else:
            if partnership is None:
                raise ValidationError({"partnership": ["This field is required."]})
            organization = data.get("organization")
            if organization is None:
                companies = [m.organization for m in selectors.memberships_of(request.user)
                             if m.organization.kind == Organization.Kind.COMPANY]
                if len(companies) != 1:
                    raise ValidationError({"organization": ["Name the company that responds."]})
                organization = companies[0]
            interest = services.interest_respond(user=request.user, organization=organization,
                                                 partnership=partnership, message=message, solution=solution)
        # The answer only shows the interest: no choice of listings to build for input.
        return Response(InterestSerializer(interest).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def opened(self, request, pk=None):
        """The recipient has read it (reading with GET records nothing): the sender sees when."""
        interest = self.get_object()
        services.interest_mark_opened(user=request.user, interest=interest)
        interest.refresh_from_db()
        return Response(self.get_serializer(interest).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        interest = services.interest_accept(user=request.user, interest=self.get_object())
        return Response(self.get_serializer(interest).data)

    @extend_schema(request=DeclineSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        interest = self.get_object()  # an invisible interest is a 404 before the body is read
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        interest = services.interest_decline(user=request.user, interest=interest, **serializer.validated_data)
        return Response(self.get_serializer(interest).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        interest = services.interest_withdraw(user=request.user, interest=self.get_object())
        return Response(self.get_serializer(interest).data)
