"""The Celery application, configured from Django settings (``CELERY_`` namespace).

Without ``CELERY_BROKER_URL`` tasks run eagerly in the calling process; with it, workers started by
``celery -A openlab worker`` consume them from the broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openlab.settings.production")

app = Celery("openlab")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
