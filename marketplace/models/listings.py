"""The three kinds of posting: companies' solutions, municipalities' needs and partnership requests
between large firms and SMEs. Publishing rules live in ``marketplace/rules.py``."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .organizations import Organization
from .reference import Municipality, SolutionField, SolutionType

#: Questions on a need close this many days before its proposal deadline, unless it says otherwise.
QUESTION_DAYS_BEFORE_DEADLINE = 7
#: A keyword as long as the longest solution type's English name (56) and a little more.
KEYWORD_MAX = 80
#: Descriptions and problems: long enough for any real text, short enough to render and search fast.
LONG_TEXT_MAX = 20_000


@deconstructible
class ShortTextList:
    """A list of at most ``items`` texts of at most ``length`` characters each (keywords,
    certifications): the same rule for forms, the API and the importer, through the services."""

    def __init__(self, items: int, length: int):
        self.items, self.length = items, length

    def __call__(self, value):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError(_("Give a list of texts."), code="invalid")
        if len(value) > self.items:
            raise ValidationError(_("At most %(n)d entries (this has %(count)d).") % {
                "n": self.items, "count": len(value)}, code="max_items")
        for item in value:
            if len(item) > self.length:
                raise ValidationError(_("“%(item)s…” is too long: at most %(n)d characters each.") % {
                    "item": item[:20], "n": self.length}, code="max_length")

    def __eq__(self, other):
        return isinstance(other, ShortTextList) and (self.items, self.length) == (other.items, other.length)


class Programme(models.TextChoices):
    HUB_CITY = "hub_city", _("Hub smart city (거점형)")
    COMPACT_CITY = "compact_city", _("Compact smart city (강소형)")
    SOLUTION_ROLLOUT = "solution_rollout", _("Smart city solution rollout (솔루션 확산)")
    URBAN_REGENERATION = "urban_regeneration", _("Everyday urban regeneration (생활밀착형 도시재생)")
    OWN_BUDGET = "own_budget", _("Municipality's own project (자체 사업)")
    K_CITY = "k_city", _("K-City Network")
    OTHER = "other", _("Other")


class Listing(models.Model):
    """What every posting has: an owner, a title, an import key and who wrote it when."""

    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200)
    # What K-City Network partners read (optional): shown to English readers where it exists, and searched.
    title_en = models.CharField(_("title in English"), max_length=200, blank=True,
                                help_text=_("Optional: what overseas partners read on the English site."))
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    #: Statuses in which others may see the listing (when its organisation is verified).
    PUBLIC_STATUSES: tuple[str, ...] = ()
    #: Statuses that appear on the public boards by default.
    LISTED_STATUSES: tuple[str, ...] = ()
    #: The kinds of organisation that own this kind of listing (and whose members see its drafts).
    OWNER_KINDS: frozenset[str] = frozenset()
    kind = ""

    class Meta:
        abstract = True
        ordering = ["-published_at", "-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES and self.organization.is_verified

    @property
    def localized_title(self) -> str:
        """The English title for English readers, where the listing has one."""
        return self.title_en if self.title_en and translation.get_language() == "en" else self.title

    @property
    def localized_summary(self) -> str:
        if self.summary_en and translation.get_language() == "en":
            return self.summary_en
        return getattr(self, "summary", "")


class Solution(Listing):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class PricingModel(models.TextChoices):
        PURCHASE = "purchase", _("Purchase")
        SUBSCRIPTION = "subscription", _("Subscription")
        PER_UNIT = "per_unit", _("Per unit")
        NEGOTIABLE = "negotiable", _("Negotiable")

    PUBLIC_STATUSES = (Status.PUBLISHED,)
    LISTED_STATUSES = (Status.PUBLISHED,)
    OWNER_KINDS = frozenset({Organization.Kind.COMPANY})
    kind = "solution"

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.CharField(_("one-line summary"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is allowed."),
                                   max_length=LONG_TEXT_MAX, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    primary_type = models.ForeignKey(SolutionType, verbose_name=_("primary solution type"),
                                     on_delete=models.PROTECT, related_name="primary_solutions")
    types = models.ManyToManyField(SolutionType, verbose_name=_("solution types"), related_name="solutions")
    keywords = models.JSONField(_("keywords"), default=list, blank=True, validators=[ShortTextList(30, KEYWORD_MAX)])
    nationwide = models.BooleanField(_("serves the whole country"), default=False)
    service_sidos = models.ManyToManyField(
        Municipality, verbose_name=_("service regions (시도)"), blank=True, related_name="+",
        limit_choices_to={"level": Municipality.Level.SIDO})
    overseas = models.BooleanField(_("serves overseas cities"), default=False)
    price_min_krw = models.PositiveBigIntegerField(_("lowest price (KRW)"), null=True, blank=True)
    price_max_krw = models.PositiveBigIntegerField(_("highest price (KRW)"), null=True, blank=True)
    pricing_model = models.CharField(_("pricing model"), max_length=12, choices=PricingModel.choices,
                                     default=PricingModel.NEGOTIABLE)
    deployment_months = models.PositiveSmallIntegerField(
        _("typical deployment time (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)])
    min_population = models.PositiveIntegerField(_("smallest suitable population"), null=True, blank=True)
    max_population = models.PositiveIntegerField(_("largest suitable population"), null=True, blank=True)
    open_source = models.BooleanField(_("open source"), default=False)
    license = models.CharField(_("licence"), max_length=100, blank=True)
    data_hub_ready = models.BooleanField(_("Smart City Data Hub / NGSI-LD ready"), default=False)
    certifications = models.JSONField(_("certifications"), default=list, blank=True,
                                      validators=[ShortTextList(30, 100)])
    languages = models.JSONField(_("languages offered"), default=list, blank=True)

    class Meta(Listing.Meta):
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        indexes = [models.Index(fields=["status", "organization"]),
                   models.Index(fields=["-published_at", "-created_at"], name="solution_board_order")]


class Deployment(models.Model):
    """A reference: where the solution has been deployed, and with what result."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="deployments")
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="deployments")
    city = models.CharField(_("overseas city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990),
                                                                  MaxValueValidator(2100)])
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")

    def __str__(self):
        return f"{self.place} {self.year}"

    @property
    def place(self) -> str:
        if self.municipality_id:
            return self.municipality.full_name
        return self.city


class Need(Listing):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        AWARDED = "awarded", _("Awarded")

    PUBLIC_STATUSES = (Status.OPEN, Status.CLOSED, Status.AWARDED)
    LISTED_STATUSES = (Status.OPEN,)
    OWNER_KINDS = frozenset({Organization.Kind.MUNICIPALITY, Organization.Kind.OVERSEAS})
    kind = "need"

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    problem = models.TextField(_("the problem"), help_text=_("In your own words. Markdown is allowed."),
                               max_length=LONG_TEXT_MAX, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    desired_outcome = models.TextField(_("desired outcome"), blank=True, max_length=LONG_TEXT_MAX,
                                       validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    field = models.ForeignKey(SolutionField, verbose_name=_("field"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="needs")
    types = models.ManyToManyField(SolutionType, verbose_name=_("solution types"), blank=True,
                                   related_name="needs")
    budget_min_krw = models.PositiveBigIntegerField(_("lowest budget (KRW)"), null=True, blank=True)
    budget_max_krw = models.PositiveBigIntegerField(_("highest budget (KRW)"), null=True, blank=True)
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices,
                                 default=Programme.OWN_BUDGET)
    deadline = models.DateField(_("proposal deadline"), null=True, blank=True)
    clarification_deadline = models.DateField(
        _("questions until"), null=True, blank=True,
        help_text=_("Companies may ask questions until this day (empty: seven days before the proposal deadline)."))
    requires_open_source = models.BooleanField(_("requires open source"), default=False)
    requires_data_hub = models.BooleanField(_("requires Data Hub integration"), default=False)
    living_lab = models.BooleanField(
        _("living lab"), default=False,
        help_text=_("Residents or a company's consumer panel take part (민간 협력 리빙랩)."))
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    awarded_solution = models.ForeignKey(Solution, verbose_name=_("awarded solution"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="awarded_needs")

    class Meta(Listing.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [models.Index(fields=["status", "organization"]), models.Index(fields=["deadline"]),
                   models.Index(fields=["-published_at", "-created_at"], name="need_board_order")]

    @property
    def municipality(self) -> Municipality | None:
        return self.organization.municipality

    @property
    def is_overseas(self) -> bool:
        return self.organization.kind == Organization.Kind.OVERSEAS

    @property
    def questions_until(self):
        """The last day companies may ask: the clarification deadline, else a week before the
        proposal deadline (None: no deadline, questions stay open while the need is)."""
        if self.clarification_deadline:
            return self.clarification_deadline
        return self.deadline - timedelta(days=QUESTION_DAYS_BEFORE_DEADLINE) if self.deadline else None


class PartnershipRequest(Listing):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Direction(models.TextChoices):
        SEEKING = "seeking", _("Seeking technology")
        OFFERING = "offering", _("Offering technology")

    class Collaboration(models.TextChoices):
        JOINT_BID = "joint_bid", _("Joint bid")
        SUPPLY = "supply", _("Supply")
        POC = "poc", _("Proof of concept")
        INVESTMENT = "investment", _("Investment")
        OVERSEAS = "overseas", _("Overseas joint entry")

    PUBLIC_STATUSES = (Status.OPEN, Status.CLOSED)
    LISTED_STATUSES = (Status.OPEN,)
    OWNER_KINDS = frozenset({Organization.Kind.COMPANY})
    kind = "partnership"

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    description = models.TextField(_("description"), help_text=_("Markdown is allowed."), max_length=LONG_TEXT_MAX,
                                   validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    types = models.ManyToManyField(SolutionType, verbose_name=_("solution types"), blank=True,
                                   related_name="partnership_requests")
    collaboration = models.CharField(_("kind of collaboration"), max_length=12, choices=Collaboration.choices)
    # Comma-separated Organization.Size codes ("startup,sme"): a short fixed list, filtered by substring.
    target_sizes = models.CharField(_("company sizes aimed at"), max_length=40, blank=True)
    region = models.ForeignKey(Municipality, verbose_name=_("region (시도)"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               limit_choices_to={"level": Municipality.Level.SIDO},
                               help_text=_("Leave empty for the whole country."))
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    class Meta(Listing.Meta):
        verbose_name = _("partnership request")
        verbose_name_plural = _("partnership requests")
        indexes = [models.Index(fields=["status", "organization"]),
                   models.Index(fields=["-published_at", "-created_at"], name="partnership_board_order")]

    @property
    def target_size_list(self) -> list[str]:
        return [s for s in self.target_sizes.split(",") if s]

    def get_target_sizes_display(self) -> str:
        labels = dict(Organization.Size.choices)
        return ", ".join(str(labels.get(s, s)) for s in self.target_size_list)
