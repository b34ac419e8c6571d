"""API representations of organisations, listings and interests. Codes stand for reference data
(``types: ["TRF-07"]``, ``service_sidos: ["48"]``, ``municipality: "48220"``); writes are handed to the
services, so the API validates exactly as the pages do."""

from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from ..markup import render_markdown
from ..models import (
    Deployment,
    Interest,
    Municipality,
    Need,
    Organization,
    PartnershipRequest,
    Programme,
    Question,
    Solution,
    SolutionField,
    SolutionType,
)
from ..models.listings import KEYWORD_MAX
from ..models.questions import QUESTION_MAX, QUESTION_MIN
from ..selectors import (
    can_see_need_contact,
    listings_visible_to,
    member_organization_ids,
    municipality_by_code,
)


class CodeListField(serializers.ListField):
    """A list of reference codes, returned as objects in the order given."""

    def __init__(self, *, lookup, label_unknown, **kwargs):
        self.lookup = lookup
        self.label_unknown = label_unknown
        super().__init__(child=serializers.CharField(max_length=10), max_length=60, **kwargs)

    def to_internal_value(self, data):
        codes = super().to_internal_value(data)
        found, unknown = [], []
        for code in codes:
            obj = self.lookup(code)
            (found if obj is not None else unknown).append(obj if obj is not None else code)
        if unknown:
            raise serializers.ValidationError(self.label_unknown % {"codes": ", ".join(unknown)})
        return list(dict.fromkeys(found))

    def to_representation(self, value):
        return [obj.pk for obj in value.all()] if hasattr(value, "all") else [obj.pk for obj in value]


def _type(code):
    return SolutionType.objects.filter(code=code).first()


def _sido(code):
    found = municipality_by_code(code)
    return found if found is not None and found.level == Municipality.Level.SIDO else None


class OrganizationSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality_id", read_only=True, allow_null=True)
    hq_sido = serializers.CharField(source="hq_sido_id", read_only=True, allow_null=True)
    country = serializers.CharField(read_only=True)
    business_number = serializers.CharField(read_only=True, allow_null=True)
    size = serializers.ChoiceField(choices=Organization.Size.choices, read_only=True, allow_blank=True,
                                   help_text="Companies only; empty for municipalities and overseas cities")

    class Meta:
        model = Organization
        fields = ["id", "name", "name_en", "kind", "size", "business_number", "municipality", "hq_sido",
                  "country", "website", "description", "status", "created_at"]
        read_only_fields = ["kind", "size", "business_number", "status", "created_at"]


class DeploymentSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality_id", required=False, allow_null=True,
                                         allow_blank=True)
    country = CountryField(required=False, allow_blank=True)

    class Meta:
        model = Deployment
        fields = ["municipality", "city", "country", "year", "programme", "outcome"]

    def validate_municipality(self, value):
        if not value:
            return None
        found = municipality_by_code(value)
        if found is None:
            raise serializers.ValidationError(_("Unknown municipality code: %(code)s.") % {"code": value})
        return found

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "municipality_id" in values:
            values["municipality"] = values.pop("municipality_id")
        return values


class ListingSerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False)
    organization_name = serializers.CharField(source="organization.display_name", read_only=True)
    types = CodeListField(lookup=_type, label_unknown=_("Unknown solution type codes: %(codes)s."),
                          required=False)

    read_only = ["status", "created_at", "updated_at", "published_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "organization" in self.fields:
            # Only one's own organisations can be named as the owner.
            self.fields["organization"].queryset = Organization.objects.filter(
                pk__in=member_organization_ids(request.user))

    def service_data(self) -> dict:
        data = dict(self.validated_data)
        data.pop("organization", None)
        return data


class SolutionSerializer(ListingSerializer):
    service_sidos = CodeListField(lookup=_sido, label_unknown=_("Unknown 시도 codes: %(codes)s."), required=False)
    deployments = DeploymentSerializer(many=True, required=False)
    description_html = serializers.SerializerMethodField()
    keywords = serializers.ListField(child=serializers.CharField(max_length=KEYWORD_MAX), max_length=30, required=False)
    certifications = serializers.ListField(child=serializers.CharField(max_length=100), max_length=30,
                                           required=False)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=["ko", "en"]), max_length=2,
                                      required=False)

    class Meta:
        model = Solution
        fields = ["id", "organization", "organization_name", "status", "title", "summary", "title_en", "summary_en",
                  "description",
                  "description_html", "types", "keywords", "nationwide", "service_sidos", "overseas",
                  "price_min_krw", "price_max_krw", "pricing_model", "deployment_months", "min_population",
                  "max_population", "open_source", "license", "data_hub_ready", "certifications", "languages",
                  "deployments", "created_at", "updated_at", "published_at"]
        read_only_fields = ListingSerializer.read_only

    def get_description_html(self, obj) -> str:
        return str(render_markdown(obj.description))


class NeedSerializer(ListingSerializer):
    field = serializers.SlugRelatedField(slug_field="code", queryset=SolutionField.objects.all(), required=False,
                                         allow_null=True)
    problem_html = serializers.SerializerMethodField()
    contact_hidden = serializers.SerializerMethodField(
        help_text="True when the contact e-mail and phone are withheld (until an introduction or mutual interest)")
    municipality = serializers.CharField(source="organization.municipality_id", read_only=True, allow_null=True)
    programme = serializers.ChoiceField(choices=Programme.choices, required=False)

    class Meta:
        model = Need
        fields = ["id", "organization", "organization_name", "municipality", "status", "title", "title_en",
                  "summary_en", "problem",
                  "problem_html", "desired_outcome", "field", "types", "budget_min_krw", "budget_max_krw",
                  "programme", "deadline", "clarification_deadline", "requires_open_source", "requires_data_hub",
                  "living_lab", "contact_name", "contact_email", "contact_phone", "contact_hidden", "awarded_solution",
                  "created_at",
                  "updated_at", "published_at"]
        read_only_fields = [*ListingSerializer.read_only, "awarded_solution"]

    def get_problem_html(self, obj) -> str:
        return str(render_markdown(obj.problem))

    def get_contact_hidden(self, obj) -> bool:
        request = self.context.get("request")
        return not can_see_need_contact(getattr(request, "user", None), obj)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if data.get("contact_hidden"):
            data["contact_email"] = data["contact_phone"] = ""  # personal data: see can_see_need_contact
        return data


class PartnershipSerializer(ListingSerializer):
    target_sizes = serializers.ListField(child=serializers.ChoiceField(choices=Organization.Size.choices),
                                         required=False, max_length=3)
    region = serializers.SlugRelatedField(slug_field="code", required=False, allow_null=True,
                                          queryset=Municipality.objects.filter(level=Municipality.Level.SIDO))
    description_html = serializers.SerializerMethodField()

    class Meta:
        model = PartnershipRequest
        fields = ["id", "organization", "organization_name", "status", "direction", "title", "title_en",
                  "summary_en", "description",
                  "description_html", "types", "collaboration", "target_sizes", "region", "deadline",
                  "created_at", "updated_at", "published_at"]
        read_only_fields = ListingSerializer.read_only

    def get_description_html(self, obj) -> str:
        return str(render_markdown(obj.description))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["target_sizes"] = instance.target_size_list
        return data


class StatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    awarded_solution = serializers.PrimaryKeyRelatedField(queryset=Solution.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["awarded_solution"].queryset = listings_visible_to(Solution, request.user)


class VisibleListingField(serializers.PrimaryKeyRelatedField):
    """A listing named by id, among those the requesting user may see: unknown and invisible ids read
    the same. Worked out when the field is validated, not for every field of every serializer made."""

    def get_queryset(self):
        queryset, request = super().get_queryset(), self.context.get("request")
        return queryset if request is None else listings_visible_to(queryset.model, request.user)


class MemberOrganizationField(serializers.PrimaryKeyRelatedField):
    """One of the requesting user's organisations."""

    def get_queryset(self):
        queryset, request = super().get_queryset(), self.context.get("request")
        return queryset if request is None else queryset.filter(pk__in=member_organization_ids(request.user))


class InterestSerializer(serializers.ModelSerializer):
    # Blank until the recipient declines: the schema says so (a blank value is in its enum).
    decline_reason = serializers.ChoiceField(choices=Interest.DeclineReason.choices, allow_blank=True, read_only=True)
    sender_name = serializers.CharField(source="sender.display_name", read_only=True)
    recipient_name = serializers.CharField(source="recipient.display_name", read_only=True)
    organization = MemberOrganizationField(
        queryset=Organization.objects.all(), required=False, write_only=True,
        help_text=_("For responses: the company responding (default: your only company)."))
    # What one may not see cannot be named either.
    need = VisibleListingField(queryset=Need.objects.all(), required=False, allow_null=True)
    solution = VisibleListingField(queryset=Solution.objects.all(), required=False, allow_null=True)
    partnership = VisibleListingField(queryset=PartnershipRequest.objects.all(), required=False, allow_null=True)
    mutual = serializers.SerializerMethodField()

    class Meta:
        model = Interest
        fields = ["id", "kind", "organization", "sender", "sender_name", "recipient", "recipient_name", "need",
                  "solution", "partnership", "message", "state", "opened_at", "decided_at", "decline_reason",
                  "decline_note", "mutual", "mutual_at", "created_at", "updated_at"]
        # Repeating an interest updates it (the service decides), so no uniqueness validator here.
        validators = []
        read_only_fields = ["sender", "recipient", "state", "opened_at", "decided_at", "decline_reason",
                            "decline_note", "mutual_at", "created_at", "updated_at"]

    def get_mutual(self, obj) -> bool:
        return obj.mutual_at is not None


class DeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Interest.DeclineReason.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class QuestionSerializer(serializers.ModelSerializer):
    """A clarification question on a need with its answer; never who asked."""

    question = serializers.CharField(source="text", read_only=True)
    asked_at = serializers.DateTimeField(source="created_at", read_only=True)
    answered_at = serializers.DateTimeField(source="decided_at", read_only=True, allow_null=True)

    class Meta:
        model = Question
        fields = ["id", "question", "answer", "state", "asked_at", "answered_at"]
        read_only_fields = fields


class QuestionAskSerializer(serializers.Serializer):
    text = serializers.CharField(min_length=QUESTION_MIN, max_length=QUESTION_MAX)
