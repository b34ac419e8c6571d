"""Keeping the search indexes in step with what they index: after a write commits, a Celery task takes
the ids and (re)indexes or removes them in every backend. A rolled-back write enqueues nothing."""

from openlab.jobs.services import enqueue

INDEX_TASK = "openlab.search.tasks.index_documents"


def documents_changed(kind: str, ids: list[int]) -> None:
    """Call inside the writing transaction: the job is recorded with the write, and the index follows
    once it commits (or, if the broker is down, once the sweeper finds the job)."""
    if ids:
        enqueue(INDEX_TASK, kind, list(ids))
