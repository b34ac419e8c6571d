"""Celery beat: the daily digest of notifications."""

from celery import shared_task
from django.contrib.auth import get_user_model

from .models import Notification
from .services import send_daily_digest


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    """E-mail each user who has notifications waiting for the daily digest."""
    users = get_user_model().objects.filter(
        pk__in=Notification.objects.filter(email=Notification.Email.PENDING).values("user"))
    return sum(1 for user in users if send_daily_digest(user))
