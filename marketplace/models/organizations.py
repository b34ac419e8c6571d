"""Organisations (municipalities, companies, overseas partners, the coordinating body) and who
belongs to them."""

import hashlib

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..validators import format_business_number, validate_business_number
from .reference import Municipality

LONG_TEXT_MAX = 20_000  # an organisation's description
NOTE_MAX = 3_000  # a coordinator's reason


class Organization(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        COMPANY = "company", _("Company")
        OVERSEAS = "overseas", _("Overseas city or partner")
        COORDINATOR = "coordinator", _("Coordinating body")

    class Size(models.TextChoices):
        STARTUP = "startup", _("Startup")
        SME = "sme", _("SME")
        LARGE = "large", _("Large firm")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name (Korean)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    size = models.CharField(_("company size"), max_length=10, choices=Size.choices, blank=True)
    business_number = models.CharField(
        _("business registration number"), max_length=10, null=True, blank=True, unique=True,
        validators=[validate_business_number],
    )
    municipality = models.OneToOneField(
        Municipality, verbose_name=_("municipality"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="organization",
    )
    hq_sido = models.ForeignKey(
        Municipality, verbose_name=_("headquarters (시도)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="headquartered_companies",
        limit_choices_to={"level": Municipality.Level.SIDO},
    )
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=LONG_TEXT_MAX,
                                   validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    logo = models.ImageField(_("logo"), upload_to="logos/%Y/", blank=True)
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True, unique=True)

    status = models.CharField(_("verification status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    status_reason = models.TextField(_("reason"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)])
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["status", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="company") | Q(size=""), name="org_size_only_for_companies",
            ),
            models.CheckConstraint(
                condition=Q(kind="municipality") | Q(municipality__isnull=True),
                name="org_municipality_only_for_municipalities",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "ko").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def business_number_display(self) -> str:
        return format_business_number(self.business_number) if self.business_number else ""


class VerificationDecision(models.Model):
    """Every verification decision a coordinator takes, kept as history."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(_("decision"), max_length=10, choices=Organization.Status.choices)
    reason = models.TextField(_("reason"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)])
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("verification decision")
        verbose_name_plural = _("verification decisions")


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} @ {self.organization} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An e-mailed, single-use invitation to join an organisation. Only the token's hash is stored."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role.choices,
                            default=Membership.Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organization}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired
