"""The e-mail task through a real Redis broker and a real Celery worker process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .services import require_redis

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.services


@pytest.fixture
def worker(tmp_path):
    broker = require_redis()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    queue = f"test-{os.getpid()}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "openlab.settings.dev", "CELERY_BROKER_URL": broker,
           "CELERY_RESULT_BACKEND": broker, "EMAIL_URL": f"filemail:///{mail_dir}", "DEBUG": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "openlab", "worker", "--pool=solo", "--concurrency=1",
         "-Q", queue, "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield {"broker": broker, "queue": queue, "mail_dir": mail_dir, "process": process}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_email_task_completes_on_a_real_worker(worker):
    from celery import Celery

    client = Celery("openlab-test", broker=worker["broker"], backend=worker["broker"])
    result = client.send_task(
        "openlab.accounts.tasks.send_email", queue=worker["queue"],
        kwargs={"subject": "오픈랩 테스트", "body": "본문입니다", "to": ["officer@tongyeong.go.kr"]})
    try:
        assert result.get(timeout=60) == 1
    except Exception:
        worker["process"].terminate()
        output = worker["process"].communicate(timeout=20)[0]
        raise AssertionError(f"worker did not complete the task:\n{output[-4000:]}")
    files = list(worker["mail_dir"].iterdir())
    assert len(files) == 1
    text = files[0].read_text(encoding="utf-8")
    assert "officer@tongyeong.go.kr" in text
