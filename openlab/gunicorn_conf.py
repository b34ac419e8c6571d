"""gunicorn settings: ``gunicorn openlab.wsgi -c openlab/gunicorn_conf.py``. Each worker loads the
Korean analyser's model and the embedded search index when it starts, so that no visitor's first
search waits for them (several seconds), then moves them out of the garbage collector's reach
(``gc.freeze``), and logs "warmed" when it has."""

import gc
import os
import time

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 60
# What the application logs (request errors with their tracebacks) goes to the error log, also when
# gunicorn runs as a daemon.
capture_output = True


def post_worker_init(worker):
    from openlab.search.warmup import warm

    started = time.monotonic()
    warm()
    # The analyser's model and the index live as long as the worker: keep the collector from walking
    # them again and again (a full collection of them paused a request for 60-100 ms).
    gc.collect()
    gc.freeze()
    worker.log.info("worker %s warmed in %.1f s", worker.pid, time.monotonic() - started)
