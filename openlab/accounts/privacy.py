"""Personal data (PIPA): a user downloads what Open Lab holds about them, and deletes their account.

Deleting erases the person, not the organisation's work: the account is emptied of every personal
field (e-mail, name, phone, password, e-mail addresses, sessions, tokens, notifications, preferences)
and leaves its organisations; listings, interests, messages and audit entries stay, credited to
"a former member". The row itself stays so that audit trails keep pointing somewhere.

The apps above this one say what they hold about a person and how it is erased
(``register_personal_data``, ``register_erasure``, in their ``AppConfig.ready``)."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from openlab.audit.services import audit

#: name -> exporter(user) -> JSON-ready data
_exporters: dict[str, Callable] = {}
#: eraser(user): removes or detaches what the app holds of the person; may raise ValidationError
_erasers: list[Callable] = []


def register_personal_data(name: str, exporter: Callable) -> None:
    _exporters[name] = exporter


def register_erasure(eraser: Callable) -> None:
    if eraser not in _erasers:
        _erasers.append(eraser)


def stamp(value):
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {"email": user.email, "display_name": user.display_name, "phone": user.phone,
                    "preferred_language": user.preferred_language, "date_joined": stamp(user.date_joined),
                    "last_login": stamp(user.last_login)},
        "email_addresses": [{"email": a.email, "verified": a.verified, "primary": a.primary}
                            for a in user.emailaddress_set.all()],
        "api_tokens": [{"name": t.name, "starts_with": t.prefix, "created_at": stamp(t.created_at),
                        "revoked_at": stamp(t.revoked_at)} for t in user.api_tokens.all()],
    }
    for name, exporter in _exporters.items():
        data[name] = exporter(user)
    return data


@transaction.atomic
def account_delete(*, user) -> None:
    for eraser in _erasers:  # an eraser that refuses (the last administrator) rolls everything back
        eraser(user)
    user.emailaddress_set.all().delete()
    user.api_tokens.all().delete()
    user.sessions.all().delete()
    audit("account_deleted", actor=user, target=f"user {user.pk}")
    user.email = f"deleted-{user.pk}@{user.DELETED_DOMAIN}"
    user.display_name = ""
    user.phone = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
