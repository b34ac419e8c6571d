"""Celery tasks of the marketplace: saved-search alerts after listings are indexed, and their daily and
weekly digests (beat)."""

from celery import shared_task

from .kinds import KINDS
from .services.saved_searches import saved_search_digests, saved_searches_check


@shared_task(acks_late=True)
def check_saved_searches(kind: str, ids: list[int]) -> int:
    return saved_searches_check(kind=kind, ids=ids)


@shared_task(acks_late=True)
def send_saved_search_digests(frequency: str) -> int:
    return saved_search_digests(frequency=frequency)


def documents_indexed(sender, *, ids, **kwargs) -> None:
    """``openlab.search.signals.documents_indexed``: saved searches look at what was (re)indexed (the
    board's keyword search reads the index, so they look once it holds the listing)."""
    if sender in KINDS and ids:
        check_saved_searches.delay(sender, list(ids))

