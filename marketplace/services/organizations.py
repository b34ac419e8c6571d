"""Writes for organisations, memberships, invitations and verification."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.after_write import organization_changed
from openlab.accounts.mail import email_enqueue
from openlab.accounts.models import User
from openlab.audit.services import audit

from ..models import Invitation, Membership, Organization, VerificationDecision
from ..models.organizations import invitation_token_hash
from ..validators import normalize_business_number

ORGANIZATION_FIELDS = (
    "name", "name_en", "kind", "size", "business_number", "municipality", "hq_sido", "country",
    "website", "description", "logo", "external_id",
)


def _require_admin(*, user, organization: Organization) -> Membership:
    membership = Membership.objects.filter(user=user, organization=organization).first()
    if membership is None or not membership.is_admin:
        raise PermissionDenied(_("Only an administrator of this organisation can do this."))
    return membership


def _require_coordinator(user) -> None:
    if not getattr(user, "is_coordinator", False):
        raise PermissionDenied(_("Only partnership coordinators can do this."))


def _clean_kind_specific(organization: Organization) -> None:
    """Fields that belong to one kind of organisation only, and the ones each kind needs."""
    errors = {}
    kind = organization.kind
    if organization.business_number:
        organization.business_number = normalize_business_number(organization.business_number)
    if kind == Organization.Kind.COMPANY:
        if not organization.size:
            errors["size"] = _("Choose the company's size.")
        if not organization.business_number:
            errors["business_number"] = _("Companies must give their business registration number.")
        if organization.hq_sido_id is None:
            errors["hq_sido"] = _("Choose the 시도 of the company's headquarters.")
    else:
        organization.size = ""
    if kind == Organization.Kind.MUNICIPALITY:
        if organization.municipality_id is None:
            errors["municipality"] = _("Choose the municipality this organisation represents.")
    else:
        organization.municipality = None
    if kind == Organization.Kind.OVERSEAS and not organization.country:
        errors["country"] = _("Choose the country of the overseas organisation.")
    if errors:
        raise ValidationError(errors)


def _save(organization: Organization) -> Organization:
    _clean_kind_specific(organization)
    organization.full_clean()
    organization.save()
    organization_changed(organization, reindex=False)
    return organization


@transaction.atomic
def organization_create(*, user, **data) -> Organization:
    """Create a pending organisation with ``user`` as its first administrator."""
    unknown = set(data) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise ValueError(f"unknown organisation fields: {sorted(unknown)}")
    organization = Organization(**data, created_by=user, status=Organization.Status.PENDING)
    _save(organization)
    Membership.objects.create(user=user, organization=organization, role=Membership.Role.ADMIN)
    return organization


@transaction.atomic
def organization_update(*, user, organization: Organization, **data) -> Organization:
    """Edit an organisation (its admins only). Kind and verification are not editable here."""
    _require_admin(user=user, organization=organization)
    for name, value in data.items():
        if name not in ORGANIZATION_FIELDS or name == "kind":
            raise ValueError(f"field {name!r} cannot be edited")
        setattr(organization, name, value)
    return _save(organization)


IMPORT_FIELDS = ("kind", "name", "name_en", "size", "business_number", "municipality", "hq_sido", "country",
                 "website")


@transaction.atomic
def organization_import(*, external_id: str, data: dict, verified: bool, verified_by=None) -> tuple[Organization, bool]:
    """Create or update the organisation keyed by ``external_id`` from an import row (the operator's
    command); returns it and whether it was created. ``verified`` asks for verification, which, as on
    the pages, a coordinator decides (``verified_by``) and is audited; a rejected organisation stays
    rejected, and a verified one stays verified."""
    organization = Organization.objects.select_for_update().filter(external_id=external_id).first()
    created = organization is None
    if created:
        organization = Organization(external_id=external_id, status=Organization.Status.PENDING)
    for name, value in data.items():
        if name not in IMPORT_FIELDS:
            raise ValueError(f"field {name!r} cannot be imported")
        setattr(organization, name, value)
    _clean_kind_specific(organization)
    organization.full_clean()  # the row's own errors first
    if verified and organization.status == Organization.Status.REJECTED:
        raise ValidationError({"verified": _("A coordinator rejected this organisation (%(reason)s): it stays "
                                             "rejected; a coordinator decides again in the verification queue.")
                               % {"reason": organization.status_reason or "—"}})
    if verified and organization.status != Organization.Status.VERIFIED and verified_by is None:
        raise ValidationError({"verified": _("Verification is a coordinator's decision: run the import with "
                                             "--verified-by and a coordinator's e-mail.")})
    _save(organization)
    if verified and organization.status != Organization.Status.VERIFIED:
        organization_verify(coordinator=verified_by, organization=organization, reason="import")
        organization.refresh_from_db()
    return organization, created


@transaction.atomic
def organization_verify(*, coordinator, organization: Organization, reason: str = "") -> Organization:
    _require_coordinator(coordinator)
    return _decide(coordinator, organization, Organization.Status.VERIFIED, reason)


@transaction.atomic
def organization_reject(*, coordinator, organization: Organization, reason: str) -> Organization:
    _require_coordinator(coordinator)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for rejecting this organisation.")})
    return _decide(coordinator, organization, Organization.Status.REJECTED, reason.strip())


def _decide(coordinator, organization, status, reason):
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    now = timezone.now()
    organization.status = status
    organization.status_reason = reason
    organization.status_changed_at = now
    organization.status_changed_by = coordinator
    organization.save(update_fields=["status", "status_reason", "status_changed_at", "status_changed_by",
                                     "updated_at"])
    VerificationDecision.objects.create(organization=organization, status=status, reason=reason,
                                        decided_by=coordinator, decided_at=now)
    audit("verification", actor=coordinator, organization=organization, target=status, reason=reason)
    _notify_admins_of_decision(organization)
    organization_changed(organization)
    return organization


def _notify_admins_of_decision(organization: Organization) -> None:
    for membership in organization.memberships.filter(role=Membership.Role.ADMIN).select_related("user"):
        user = membership.user
        with translation.override(user.preferred_language):
            context = {"organization": organization, "user": user,
                       "url": settings.SITE_URL + reverse("marketplace:organization_detail", args=[organization.pk])}
            subject = render_to_string("marketplace/email/verification_subject.txt", context).strip()
            body = render_to_string("marketplace/email/verification_message.txt", context)
        email_enqueue(message=EmailMultiAlternatives(subject=subject, body=body, to=[user.email]))


# Invitations -------------------------------------------------------------------------------------

@transaction.atomic
def invitation_create(*, user, organization: Organization, email: str,
                      role: str = Membership.Role.MEMBER) -> tuple[Invitation, str]:
    """Invite ``email`` to ``organization``; returns the invitation and the one-time token."""
    _require_admin(user=user, organization=organization)
    email = (email or "").strip().lower()
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the organisation.")})
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    # A new invitation to the same address replaces any earlier one still open.
    organization.invitations.filter(email__iexact=email, accepted_at__isnull=True,
                                    revoked_at__isnull=True).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization=organization, email=email, role=role, token_hash=invitation_token_hash(token),
        invited_by=user, expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    _send_invitation(invitation, token)
    audit("invitation", actor=user, organization=organization, target=email, role=role)
    return invitation, token


def _send_invitation(invitation: Invitation, token: str) -> None:
    invitee = User.objects.filter(email__iexact=invitation.email).first()
    language = invitee.preferred_language if invitee else invitation.invited_by.preferred_language
    with translation.override(language):
        context = {"invitation": invitation, "organization": invitation.organization,
                   "url": settings.SITE_URL + reverse("marketplace:invitation_accept", args=[token]),
                   "days": settings.INVITATION_VALID_DAYS}
        subject = render_to_string("marketplace/email/invitation_subject.txt", context).strip()
        body = render_to_string("marketplace/email/invitation_message.txt", context)
    email_enqueue(message=EmailMultiAlternatives(subject=subject, body=body, to=[invitation.email]))


def invitation_for_token(token: str) -> Invitation | None:
    return (Invitation.objects.select_related("organization", "invited_by")
            .filter(token_hash=invitation_token_hash(token or "")).first())


@transaction.atomic
def invitation_accept(*, user, token: str) -> Membership:
    """Join the invitation's organisation. Single use, expires, and only for the invited address."""
    invitation = (Invitation.objects.select_for_update()
                  .filter(token_hash=invitation_token_hash(token or "")).first())
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."), code="invalid")
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation was withdrawn."), code="revoked")
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask for a new one."), code="expired")
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}, code="wrong_user")
    membership, created = Membership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role})
    audit("invitation_accepted", actor=user, organization=invitation.organization, target=invitation.email,
          role=membership.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def invitation_revoke(*, user, invitation: Invitation) -> None:
    _require_admin(user=user, organization=invitation.organization)
    if invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


# Memberships -------------------------------------------------------------------------------------

def _lock_admins(organization: Organization) -> int:
    """Lock the organisation's admin rows so two concurrent demotions cannot leave it without one."""
    return len(list(Membership.objects.select_for_update()
                    .filter(organization=organization, role=Membership.Role.ADMIN)))


@transaction.atomic
def membership_set_role(*, user, membership: Membership, role: str) -> Membership:
    _require_admin(user=user, organization=membership.organization)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    admins = _lock_admins(membership.organization)
    membership.refresh_from_db()
    if membership.is_admin and role != Membership.Role.ADMIN and admins <= 1:
        raise ValidationError(_("The last administrator cannot be demoted. Make someone else an "
                                "administrator first."), code="last_admin")
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit("role_change", actor=user, organization=membership.organization, target=membership.user.email,
          before=before, after=role)
    return membership


@transaction.atomic
def membership_remove(*, user, membership: Membership) -> None:
    """An admin removes a member, or a member leaves (``user`` is the member themself)."""
    if membership.user_id != user.pk:
        _require_admin(user=user, organization=membership.organization)
    admins = _lock_admins(membership.organization)
    membership.refresh_from_db()
    if membership.is_admin and admins <= 1:
        raise ValidationError(_("The last administrator cannot leave the organisation. Make someone "
                                "else an administrator first."), code="last_admin")
    audit("member_removed", actor=user, organization=membership.organization, target=membership.user.email)
    membership.delete()


def municipality_set_population(*, user, organization: Organization, population: int | None) -> None:
    """A municipality's admins keep its population current (it drives matching)."""
    _require_admin(user=user, organization=organization)
    if organization.kind != Organization.Kind.MUNICIPALITY or organization.municipality is None:
        raise ValidationError(_("Only municipality organisations have a population."))
    municipality = organization.municipality
    municipality.population = population
    municipality.full_clean()
    municipality.save(update_fields=["population"])
