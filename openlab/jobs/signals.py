from celery.signals import task_success

from .services import mark_done


@task_success.connect
def _job_succeeded(sender=None, **kwargs):
    mark_done(getattr(sender.request, "id", None) if sender is not None else None)
