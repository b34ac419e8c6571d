"""Celery tasks of the matching engine. They take ids, fetch, and call the services; retries live
here. Recomputing is idempotent: running a task twice stores the same matches."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from marketplace.kinds import KINDS
from openlab.search.tasks import index_documents

from . import digests
from .scoring import ENGINE_VERSION
from .selectors import current_run
from .services import affected_sources, match_compute

logger = logging.getLogger(__name__)


def schedule_matches(kind: str, object_id: int) -> None:
    """Recompute a listing's matches soon; a burst of changes within the coalescing window runs once."""
    if cache.add(f"match-pending:{kind}:{object_id}", 1, timeout=settings.MATCH_COALESCE_SECONDS * 6):
        recompute_matches.apply_async((kind, object_id), countdown=settings.MATCH_COALESCE_SECONDS)


def schedule_missing(listing, shown=()) -> bool:
    """Ask for a listing's matches when the current engine never computed them (a page or API read
    only reads; the computation is queued, and runs at once when Celery is eager); True when they
    have been computed meanwhile (eager Celery), so that the caller reads them again.
    ``shown``, the matches the read found, answers without a query when the current engine stored
    them: a listing's rows all come from one computation."""
    if shown and shown[0].engine_version == ENGINE_VERSION:
        return False
    if current_run(listing.kind, listing.pk) is not None:
        return False
    schedule_matches(listing.kind, listing.pk)
    return settings.CELERY_TASK_ALWAYS_EAGER


def documents_indexed(sender, *, ids, **kwargs) -> None:
    """``openlab.search.signals.documents_indexed``: the listings' matches follow their documents."""
    if sender in KINDS:
        for object_id in ids:
            schedule_matches(sender, object_id)


@shared_task(bind=True, max_retries=3, retry_backoff=True, acks_late=True)
def recompute_matches(self, kind: str, object_id: int, fan_out: bool = True) -> int:
    """Recompute one listing's matches, and those of the listings whose lists include it."""
    cache.delete(f"match-pending:{kind}:{object_id}")
    listing = KINDS[kind].model.objects.filter(pk=object_id).select_related("organization").first()
    count = 0
    others = affected_sources(kind, object_id) if fan_out else []
    if listing is not None and listing.status in listing.LISTED_STATUSES and listing.organization.is_verified:
        count = len(match_compute(listing=listing))
    for other_kind, other_id in others:
        recompute_matches.delay(other_kind, other_id, fan_out=False)
    return count


GUESS_BATCH = 200


@shared_task(acks_late=True)
def recompute_all_matches() -> int:
    """Nightly (Celery beat): every open need, published solution and open partnership request. A
    need or request that names no type is indexed again first, so that its guessed types follow the
    catalogue as it is today (its matches follow the new document: ``documents_indexed``)."""
    count = 0
    for name, kind in KINDS.items():
        model = kind.model
        listed = model.objects.filter(status__in=model.LISTED_STATUSES, organization__status="verified")
        guessed = set()
        if name != "solution":
            guessed = set(listed.filter(types__isnull=True).values_list("pk", flat=True))
            ordered = sorted(guessed)
            for start in range(0, len(ordered), GUESS_BATCH):
                index_documents.delay(name, ordered[start:start + GUESS_BATCH])
        for object_id in listed.values_list("pk", flat=True):
            if object_id not in guessed:
                recompute_matches.delay(name, object_id, fan_out=False)
        count += listed.count()
    return count


@shared_task(acks_late=True)
def send_weekly_digests() -> int:
    """Mondays (Celery beat): each organisation hears of the week's new listings matching its own."""
    return digests.send_weekly_digests()
