"""Nothing is lost when the broker is down: the write succeeds, its work waits as a job in the
database, and once the broker is back the sweeper sends it and a real worker completes it.
Needs PostgreSQL (the worker process opens the test database) and Redis (CI has both)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from marketplace import services
from marketplace.models import Membership
from openlab.jobs.models import Job
from openlab.jobs.services import sweep

from .factories import MembershipFactory, NeedFactory, SolutionFactory
from .services import require_redis

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def use_broker(app, url: str, queue: str) -> None:
    """Point this process's Celery app at another broker (and stop running tasks in-process)."""
    app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=queue, task_publish_retry=False,
                    broker_connection_timeout=1, broker_connection_retry=False)
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu keeps producers per connection across the process


@pytest.fixture
def celery_app():
    from openlab.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue",
                                            "task_publish_retry", "broker_connection_timeout",
                                            "broker_connection_retry")}
    yield app
    use_broker(app, saved["broker_url"], saved["task_default_queue"])
    app.conf.update(saved)


def test_work_waits_while_the_broker_is_down_and_completes_when_it_returns(celery_app, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process must open the test database (PostgreSQL; CI runs it)")
    broker = require_redis()
    queue = f"test-jobs-{os.getpid()}"
    use_broker(celery_app, "redis://127.0.0.1:1/0", queue)  # nothing listens there: the broker is down

    need, solution = NeedFactory(), SolutionFactory()
    officer = MembershipFactory(organization=need.organization, role=Membership.Role.ADMIN).user
    MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN,
                      user__email="founder@parking.kr")
    interest = services.interest_invite(user=officer, need=need, solution=solution, message="검토 부탁드립니다")
    assert interest.pk  # the write succeeded
    waiting = Job.objects.filter(task="openlab.accounts.tasks.send_email", done_at__isnull=True)
    assert waiting.count() == 1 and waiting.get().dispatched_at is None

    use_broker(celery_app, broker, queue)  # the broker is back
    settings = connection.settings_dict
    url = (f"postgres://{settings.get('USER') or 'postgres'}@{settings.get('HOST') or '127.0.0.1'}:"
           f"{settings.get('PORT') or 5432}/{settings['NAME']}")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "openlab.settings.dev", "DEBUG": "false", "DATABASE_URL": url,
           "CELERY_BROKER_URL": broker, "EMAIL_URL": f"filemail:///{mail_dir}"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "openlab", "worker", "--pool=solo", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert sweep() >= 1
        deadline = time.monotonic() + 60
        while waiting.exists() and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)  # polling the database for the worker's result, with a deadline
        assert not waiting.exists(), "the worker did not complete the job"
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    sent = [p.read_text(encoding="utf-8") for p in mail_dir.iterdir()]
    assert len(sent) == 1 and "founder@parking.kr" in sent[0], output[-3000:]
    assert sweep() == 0  # nothing left to send
