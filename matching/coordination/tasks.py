"""Celery tasks of coordination: they call the services; retries live here."""

from celery import shared_task

from .meetings import meetings_ask_outcome, meetings_remind
from .services import remind_and_expire


@shared_task(acks_late=True)
def remind_introductions() -> dict:
    """Hourly (Celery beat): remind unanswered introductions after 3 and 7 days, expire them after 14."""
    return remind_and_expire()


@shared_task(acks_late=True)
def follow_meetings() -> dict:
    """Hourly (Celery beat): the reminder 24 hours before each confirmed meeting; after it, ask whether
    it was held."""
    return {"reminded": meetings_remind(), "asked": meetings_ask_outcome()}
