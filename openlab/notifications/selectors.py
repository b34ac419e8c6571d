"""Reading notifications."""

from .models import Notification


def unread_count(user) -> int:
    """The header's count of the user's unread notifications."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
