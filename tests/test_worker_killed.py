"""A worker killed in the middle of a task: the task was acknowledged late, so the broker delivers it
again to the next worker, which completes it, and the e-mail goes out once. Needs PostgreSQL (the
worker opens the test database) and Redis."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from openlab.jobs.models import Job
from openlab.jobs.services import enqueue

from .services import require_redis
from .test_nothing_lost import celery_app, use_broker  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class SilentSmtp:
    """Accepts connections and never answers: a send through it hangs, mid-task."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.port = self.server.getsockname()[1]
        self.connected = threading.Event()
        self.clients = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            self.clients.append(client)
            self.connected.set()

    def close(self):
        for client in self.clients:
            client.close()
        self.server.close()


def start_worker(env, queue):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "openlab", "worker", "--pool=solo", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_a_task_cut_off_by_a_killed_worker_completes_once_on_the_next(celery_app, tmp_path):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("the worker process must open the test database (PostgreSQL; CI runs it)")
    broker = require_redis()
    queue = f"test-kill-{os.getpid()}"
    use_broker(celery_app, broker, queue)
    settings = connection.settings_dict
    url = (f"postgres://{settings.get('USER') or 'postgres'}@{settings.get('HOST') or '127.0.0.1'}:"
           f"{settings.get('PORT') or 5432}/{settings['NAME']}")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    smtp = SilentSmtp()
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "openlab.settings.dev", "DEBUG": "false", "DATABASE_URL": url,
            "CELERY_BROKER_URL": broker, "CELERY_VISIBILITY_TIMEOUT": "2"}
    first = start_worker(base | {"EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}"}, queue)
    second = None
    try:
        from django.db import transaction

        with transaction.atomic():
            job = enqueue("openlab.accounts.tasks.send_email", subject="재전송 시험", body="본문",
                          to=["officer@tongyeong.go.kr"])
        assert smtp.connected.wait(60), "the first worker never started the task"
        first.send_signal(signal.SIGKILL)  # mid-send: the message was not acknowledged
        first.wait(timeout=30)
        assert Job.objects.get(pk=job.pk).done_at is None
        second = start_worker(base | {"EMAIL_URL": f"filemail:///{mail_dir}"}, queue)
        deadline = time.monotonic() + 90
        while Job.objects.filter(pk=job.pk, done_at__isnull=True).exists() and time.monotonic() < deadline:
            time.sleep(0.2)  # polling the database for the second worker's result, with a deadline
        assert Job.objects.get(pk=job.pk).done_at is not None, "the task was not delivered again"
    finally:
        smtp.close()
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
    sent = list(mail_dir.iterdir())
    text = sent[0].read_text(encoding="utf-8")
    assert len(sent) == 1 and "officer@tongyeong.go.kr" in text
    assert f"Message-ID: <{job.task_id}@" in text  # a copy the first worker may have sent has the same id
