from celery import shared_task


@shared_task(acks_late=True)
def sweep_jobs() -> int:
    """Every minute (Celery beat): dispatch the work a down broker kept waiting."""
    from .services import sweep

    return sweep()
