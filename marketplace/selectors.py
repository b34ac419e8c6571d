"""Reads: plain functions that return querysets or objects for views, the API and commands."""

from django.db.models import Q, QuerySet

from .models import Invitation, Membership, Municipality, Organization, SolutionField


def memberships_of(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organization"))
        user._memberships_cache = cached
    return cached


def active_membership_for(user, organization_id) -> Membership | None:
    memberships = memberships_of(user)
    for membership in memberships:
        if membership.organization_id == organization_id:
            return membership
    return memberships[0] if memberships else None


def membership_of(*, user, organization: Organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


def organizations_visible_to(user) -> QuerySet[Organization]:
    """Verified organisations for everyone; one's own and, for coordinators, all of them."""
    qs = Organization.objects.all()
    if getattr(user, "is_coordinator", False):
        return qs
    if user.is_authenticated:
        return qs.filter(Q(status=Organization.Status.VERIFIED) | Q(memberships__user=user)).distinct()
    return qs.filter(status=Organization.Status.VERIFIED)


def verification_queue(*, status: str = Organization.Status.PENDING) -> QuerySet[Organization]:
    return (Organization.objects.filter(status=status)
            .select_related("municipality", "municipality__parent", "hq_sido", "created_by")
            .order_by("created_at"))


def organization_members(*, organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("-role", "user__email")


def pending_invitations(*, organization: Organization) -> QuerySet[Invitation]:
    from django.utils import timezone

    return organization.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def municipalities_search(*, sido: str | None = None, q: str | None = None, level: str | None = None):
    qs = Municipality.objects.select_related("parent")
    if sido:
        qs = qs.filter(Q(parent_id=sido) | Q(code=sido))
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(Q(name_ko__icontains=q) | Q(name_en__icontains=q) | Q(code__startswith=q))
    return qs


def municipality_by_code(code: str) -> Municipality | None:
    """Look a municipality up by its current code or by an old code kept as an alias."""
    code = (code or "").strip()
    found = Municipality.objects.filter(code=code).first()
    if found is None:
        found = Municipality.objects.filter(aliases__code=code).first()
    return found


def taxonomy() -> QuerySet[SolutionField]:
    return SolutionField.objects.prefetch_related("types").order_by("position")
