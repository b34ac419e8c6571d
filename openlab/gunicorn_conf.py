"""gunicorn settings: ``gunicorn openlab.wsgi -c openlab/gunicorn_conf.py``. Each worker loads the
Korean analyser's model and the embedded search index when it starts, so that no visitor's first
search waits for them (several seconds)."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 60


def post_worker_init(worker):
    from matching.search.warmup import warm

    warm()
