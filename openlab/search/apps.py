import os
import sys
import threading

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "openlab.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        # ``manage.py runserver`` (``make run``): the serving process warms the analyser and the index
        # in the background, so the first search after a restart does not wait for them. gunicorn
        # workers (gunicorn_conf) and Celery workers (openlab/celery.py) warm as they start.
        if os.environ.get("RUN_MAIN") == "true" and "runserver" in sys.argv:
            from .warmup import warm

            threading.Thread(target=warm, name="search-warmup", daemon=True).start()
