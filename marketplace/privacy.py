"""What the marketplace holds about a person (registered with ``openlab.accounts.privacy``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from openlab.accounts.privacy import stamp

from .models import Interest, Membership, SavedSearch


def memberships_of(user) -> list[dict]:
    return [{"organization": m.organization.display_name, "role": m.role, "since": stamp(m.joined_at)}
            for m in Membership.objects.filter(user=user).select_related("organization")]


def saved_searches_of(user) -> list[dict]:
    return [{"board": s.kind, "query": s.readable_query(), "name": s.name, "alerts": s.frequency,
             "saved_at": stamp(s.created_at)} for s in SavedSearch.objects.filter(user=user)]


def interests_sent_by(user) -> list[dict]:
    return [{"kind": i.kind, "message": i.message, "sent_at": stamp(i.created_at)}
            for i in Interest.objects.filter(created_by=user)]


def erase(user) -> None:
    """The person leaves their organisations; the last administrator of one with other members must
    hand over first."""
    for membership in Membership.objects.select_for_update().filter(user=user, role=Membership.Role.ADMIN):
        others = Membership.objects.filter(organization=membership.organization).exclude(user=user)
        if others.exists() and not others.filter(role=Membership.Role.ADMIN).exists():
            raise ValidationError(_("You are the last administrator of %(org)s: make another member an "
                                    "administrator first.") % {"org": membership.organization.display_name})
    Membership.objects.filter(user=user).delete()
    SavedSearch.objects.filter(user=user).delete()  # a leaver's searches tell nobody anything any more
