from datetime import timedelta

from celery import shared_task
from django.conf import settings

from .services import purge_done, sweep


@shared_task(acks_late=True)
def sweep_jobs() -> int:
    """Every minute (Celery beat): dispatch the work a down broker kept waiting."""
    return sweep()


@shared_task(acks_late=True)
def purge_jobs() -> int:
    """Daily (Celery beat): forget the jobs done more than ``RETENTION_DAYS`` ago."""
    return purge_done(older_than=timedelta(days=settings.RETENTION_DAYS))
