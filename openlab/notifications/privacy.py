"""What the notification centre holds about a person (registered with ``openlab.accounts.privacy``)."""

from openlab.accounts.privacy import stamp

from .models import Notification, Preference


def notifications_of(user) -> list[dict]:
    return [{"kind": n.kind, "subject": n.subject, "created_at": stamp(n.created_at), "read_at": stamp(n.read_at)}
            for n in Notification.objects.filter(user=user)]


def erase(user) -> None:
    Notification.objects.filter(user=user).delete()
    Preference.objects.filter(user=user).delete()
