"""Celery tasks of the search layer. They take ids, fetch through the kind's registration, and index;
retries live here. Indexing is idempotent: running a task twice leaves the same index."""

import logging

from celery import shared_task

from . import registry, write_backends
from .models import SearchDocument
from .signals import documents_indexed

logger = logging.getLogger(__name__)
INDEX_BATCH_SIZE = 200


def documents_for(kind: str, ids) -> tuple[list[dict], list[int]]:
    """(the documents to index, the ids to remove) for these rows of ``kind`` as they are now."""
    indexed = registry.get(kind)
    rows = {obj.pk: obj for obj in indexed.queryset().filter(pk__in=ids)}
    public = [indexed.prepare(obj) for obj in rows.values() if indexed.should_index(obj)]
    return public, [pk for pk in ids if pk not in {d["object_id"] for d in public}]


def replay_since(engine, kind: str, since) -> int:
    """Re-apply to ``engine`` every row indexed since ``since``: the embedded index stamps each write
    (``SearchDocument.indexed_at``), and a rebuild of another engine may have read a row before a write
    that went to the index it then replaced. Returns how many rows were replayed."""
    ids = list(SearchDocument.objects.of_kind(kind).filter(indexed_at__gte=since).values_list("object_id", flat=True))
    public, gone = documents_for(kind, ids)
    if public:
        engine.index(public)
    if gone:
        engine.remove(kind, gone)
    return len(ids)


def index_now(kind: str, ids: list[int]) -> None:
    """(Re)index or remove these rows in every backend. Elasticsearch errors propagate so that the
    task retries; the embedded index (in the database) is written first and always."""
    public, gone = documents_for(kind, ids)
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
def index_documents(self, kind: str, ids: list[int]) -> None:
    try:
        for start in range(0, len(ids), INDEX_BATCH_SIZE):
            index_now(kind, ids[start:start + INDEX_BATCH_SIZE])
    except Exception as exc:
        logger.warning("indexing %s %s failed (%s); retrying", kind, ids[:5], exc)
        if not self.request.is_eager:
            raise self.retry(exc=exc) from exc
        # Eager mode (no broker): the embedded index is written; the remote one waits for a rebuild.
    documents_indexed.send(sender=kind, ids=list(ids))
