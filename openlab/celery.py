"""The Celery application, configured from Django settings (``CELERY_`` namespace).

Without ``CELERY_BROKER_URL`` tasks run eagerly in the calling process; with it, workers started by
``celery -A openlab worker`` consume them from the broker.
"""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openlab.settings.production")

app = Celery("openlab")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def warm_worker(**kwargs) -> None:
    """Each worker process loads Kiwi's model and the search index as it starts: the first task that
    searches (matching, saved-search alerts) does not wait 3 s for them."""
    from openlab.search.warmup import warm  # after Django is set up in the worker process

    warm()
