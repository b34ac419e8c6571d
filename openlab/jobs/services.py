"""``enqueue`` records a job in the caller's transaction and hands it to Celery after commit;
``dispatch`` and ``sweep`` (Celery beat) send whatever is still pending."""

import logging
from datetime import timedelta
from importlib import import_module

from celery import current_app
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Job

logger = logging.getLogger(__name__)
REDISPATCH_AFTER = timedelta(minutes=10)  # a dispatched job not done by then is sent again (tasks are idempotent)


def enqueue(task: str, *args, **kwargs) -> Job:
    job = Job.objects.create(task=task, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: dispatch(job.pk), robust=True)
    return job


def dispatch(job_id: int) -> bool:
    """Hand one job to the broker; False (and the job stays pending) when the broker is down."""
    job = Job.objects.filter(pk=job_id, done_at__isnull=True).first()
    if job is None:
        return False
    Job.objects.filter(pk=job.pk).update(dispatched_at=timezone.now(), attempts=job.attempts + 1)
    try:
        if current_app.conf.task_always_eager:  # no broker: run it here
            import_module(job.task.rsplit(".", 1)[0])  # registers the task
            current_app.tasks[job.task].apply(args=job.args, kwargs=job.kwargs, task_id=job.task_id, throw=True)
        else:
            current_app.send_task(job.task, args=job.args, kwargs=job.kwargs, task_id=job.task_id)
    except Exception as exc:  # broker unreachable (or, eagerly, the task failed): the sweeper retries
        Job.objects.filter(pk=job.pk).update(dispatched_at=None)
        logger.warning("job %s (%s) not dispatched: %s", job.pk, job.task, exc)
        return False
    return True


def pending():
    """Jobs never handed to a broker, or handed long ago and still not done."""
    now = timezone.now()
    return (Job.objects.filter(done_at__isnull=True)
            .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - REDISPATCH_AFTER)).order_by("pk"))


def sweep(limit: int = 500) -> int:
    """Send the jobs still pending; returns how many were handed to the broker."""
    return sum(1 for pk in pending().values_list("pk", flat=True)[:limit] if dispatch(pk))


def mark_done(task_id: str) -> None:
    """The job's task succeeded: keep when, and forget its arguments (an e-mail's body, say)."""
    if task_id and task_id.startswith("job-") and task_id[4:].isdigit():
        Job.objects.filter(pk=int(task_id[4:]), done_at__isnull=True).update(done_at=timezone.now(), args=[],
                                                                              kwargs={})


def purge_done(*, older_than: timedelta) -> int:
    """Delete the jobs done before ``older_than`` ago; returns how many."""
    deleted, _by_model = Job.objects.filter(done_at__lt=timezone.now() - older_than).delete()
    return deleted


def is_done(task_id: str | None) -> bool:
    """Whether this job already completed (a redelivered task then does nothing again)."""
    if not task_id or not task_id.startswith("job-") or not task_id[4:].isdigit():
        return False
    return Job.objects.filter(pk=int(task_id[4:]), done_at__isnull=False).exists()
