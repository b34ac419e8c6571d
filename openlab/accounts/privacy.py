"""Personal data (PIPA): a user downloads what Open Lab holds about them, and deletes their account.

Deleting erases the person, not the organisation's work: the account is emptied of every personal
field (e-mail, name, phone, password, e-mail addresses, sessions, tokens, notifications, preferences)
and leaves its organisations; listings, interests, messages and audit entries stay, credited to
"a former member". The row itself stays so that audit trails keep pointing somewhere."""

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _


def personal_data(user) -> dict:
    from marketplace.models import Interest, Membership
    from matching.models import Pairing, PairingMessage
    from openlab.notifications.models import Notification

    def stamp(value):
        return value.isoformat() if value else None

    return {
        "exported_at": timezone.now().isoformat(),
        "account": {"email": user.email, "display_name": user.display_name, "phone": user.phone,
                    "preferred_language": user.preferred_language, "date_joined": stamp(user.date_joined),
                    "last_login": stamp(user.last_login)},
        "email_addresses": [{"email": a.email, "verified": a.verified, "primary": a.primary}
                            for a in user.emailaddress_set.all()],
        "memberships": [{"organization": m.organization.display_name, "role": m.role,
                         "since": stamp(m.joined_at)}
                        for m in Membership.objects.filter(user=user).select_related("organization")],
        "api_tokens": [{"name": t.name, "starts_with": t.prefix, "created_at": stamp(t.created_at),
                        "revoked_at": stamp(t.revoked_at)} for t in user.api_tokens.all()],
        "interests_sent": [{"kind": i.kind, "message": i.message, "sent_at": stamp(i.created_at)}
                           for i in Interest.objects.filter(created_by=user)],
        "messages": [{"pairing": m.pairing_id, "body": m.body, "sent_at": stamp(m.created_at)}
                     for m in PairingMessage.objects.filter(author=user)],
        "introductions_as_contact": [p.pk for p in Pairing.objects.filter(a_contact=user)]
        + [p.pk for p in Pairing.objects.filter(b_contact=user)],
        "notifications": [{"kind": n.kind, "subject": n.subject, "created_at": stamp(n.created_at),
                           "read_at": stamp(n.read_at)} for n in Notification.objects.filter(user=user)],
    }


@transaction.atomic
def account_delete(*, user) -> None:
    from marketplace.models import Membership

    for membership in Membership.objects.select_for_update().filter(user=user, role=Membership.Role.ADMIN):
        others = Membership.objects.filter(organization=membership.organization).exclude(user=user)
        if others.exists() and not others.filter(role=Membership.Role.ADMIN).exists():
            raise ValidationError(_("You are the last administrator of %(org)s: make another member an "
                                    "administrator first.") % {"org": membership.organization.display_name})
    Membership.objects.filter(user=user).delete()
    user.emailaddress_set.all().delete()
    user.api_tokens.all().delete()
    user.notifications.all().delete()
    from openlab.notifications.models import Preference

    Preference.objects.filter(user=user).delete()
    for session in Session.objects.filter(expire_date__gt=timezone.now()):
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    from openlab.audit.services import audit

    audit("account_deleted", actor=user, target=f"user {user.pk}")
    user.email = f"deleted-{user.pk}@{user.DELETED_DOMAIN}"
    user.display_name = ""
    user.phone = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
