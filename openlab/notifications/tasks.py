"""Celery beat: the daily digest of notifications."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model

from .models import Notification
from .services import purge_read, send_daily_digest


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    """E-mail each user who has notifications waiting for the daily digest."""
    users = get_user_model().objects.filter(
        pk__in=Notification.objects.filter(email=Notification.Email.PENDING).values("user"))
    return sum(1 for user in users if send_daily_digest(user))


@shared_task(acks_late=True)
def purge_read_notifications() -> int:
    """Daily (Celery beat): forget the notifications read more than ``RETENTION_DAYS`` ago."""
    return purge_read(older_than=timedelta(days=settings.RETENTION_DAYS))
