"""Celery tasks of the matching engine. They take ids, fetch, and call the indexing code; retries live
here. Indexing is idempotent: running a task twice leaves the same index."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)
INDEX_BATCH_SIZE = 200


def index_now(kind: str, ids: list[int]) -> None:
    """(Re)index or remove these listings in every backend. Elasticsearch errors propagate so that
    the task retries; the embedded index (in the database) is written first and always."""
    from .search import documents, write_backends

    listings = {obj.pk: obj for obj in documents.queryset(kind).filter(pk__in=ids)}
    public = [documents.prepare(kind, obj) for pk, obj in listings.items() if documents.should_index(obj)]
    gone = [pk for pk in ids if pk not in {d["object_id"] for d in public}]
    failures = []
    for backend in write_backends():
        try:
            if public:
                backend.index(public)
            if gone:
                backend.remove(kind, gone)
        except Exception as exc:  # a remote engine's outage must not lose the embedded write
            if backend.name == "embedded":
                raise
            failures.append(exc)
    if failures:
        raise failures[0]


@shared_task(bind=True, max_retries=8, retry_backoff=True, retry_backoff_max=600, retry_jitter=True,
             acks_late=True)
def index_listings(self, kind: str, ids: list[int]) -> None:
    try:
        for start in range(0, len(ids), INDEX_BATCH_SIZE):
            index_now(kind, ids[start:start + INDEX_BATCH_SIZE])
    except Exception as exc:
        logger.warning("indexing %s %s failed (%s); retrying", kind, ids[:5], exc)
        if not self.request.is_eager:
            raise self.retry(exc=exc) from exc
        # Eager mode (no broker): the embedded index is written; the remote one waits for a rebuild.
    for object_id in ids:
        schedule_matches(kind, object_id)


def schedule_matches(kind: str, object_id: int) -> None:
    """Recompute a listing's matches soon; a burst of changes within the coalescing window runs once."""
    from django.conf import settings
    from django.core.cache import cache

    if cache.add(f"match-pending:{kind}:{object_id}", 1, timeout=settings.MATCH_COALESCE_SECONDS * 6):
        recompute_matches.apply_async((kind, object_id), countdown=settings.MATCH_COALESCE_SECONDS)


@shared_task(bind=True, max_retries=3, retry_backoff=True, acks_late=True)
def recompute_matches(self, kind: str, object_id: int, fan_out: bool = True) -> int:
    """Recompute one listing's matches, and those of the listings whose lists include it."""
    from django.core.cache import cache

    from .search.documents import KINDS
    from .services import affected_sources, match_compute

    cache.delete(f"match-pending:{kind}:{object_id}")
    listing = KINDS[kind].objects.filter(pk=object_id).select_related("organization").first()
    count = 0
    others = affected_sources(kind, object_id) if fan_out else []
    if listing is not None and listing.status in listing.LISTED_STATUSES and listing.organization.is_verified:
        count = len(match_compute(listing=listing))
    for other_kind, other_id in others:
        recompute_matches.delay(other_kind, other_id, fan_out=False)
    return count


@shared_task(acks_late=True)
def recompute_all_matches() -> int:
    """Nightly (Celery beat): every open need, published solution and open partnership request."""
    from marketplace.models import Need, PartnershipRequest, Solution

    count = 0
    for kind, model in (("need", Need), ("solution", Solution), ("partnership", PartnershipRequest)):
        for object_id in model.objects.filter(status__in=model.LISTED_STATUSES,
                                              organization__status="verified").values_list("pk", flat=True):
            recompute_matches.delay(kind, object_id, fan_out=False)
            count += 1
    return count


@shared_task(acks_late=True)
def remind_introductions() -> dict:
    """Hourly (Celery beat): remind unanswered introductions after 3 and 7 days, expire them after 14."""
    from .pipeline import remind_and_expire

    return remind_and_expire()
