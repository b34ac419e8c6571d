"""Celery tasks of coordination: they call the services; retries live here."""

from celery import shared_task

from .services import remind_and_expire


@shared_task(acks_late=True)
def remind_introductions() -> dict:
    """Hourly (Celery beat): remind unanswered introductions after 3 and 7 days, expire them after 14."""
    return remind_and_expire()
