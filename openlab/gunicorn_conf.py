"""gunicorn settings: ``gunicorn openlab.wsgi -c openlab/gunicorn_conf.py``. Each worker loads the
Korean analyser's model and the embedded search index when it starts, so that no visitor's first
search waits for them (several seconds), and logs "warmed" when it has."""

import os
import time

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 60


def post_worker_init(worker):
    from matching.search.warmup import warm

    started = time.monotonic()
    warm()
    worker.log.info("worker %s warmed in %.1f s", worker.pid, time.monotonic() - started)
