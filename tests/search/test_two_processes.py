"""A listing indexed by another process (a Celery worker, another web worker) is searchable here at
once: the embedded index shares nothing but the database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from openlab import search

from ..factories import SolutionFactory

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("needs a database another process can open (PostgreSQL; CI runs it)")
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_listing_indexed_by_another_process_is_found_here():
    url = _database_url()
    solution = SolutionFactory(title="다른 프로세스가 색인한 주차 솔루션")
    assert search.get_backend().search("solution", "주차").ids == []  # this process has loaded its index
    env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "openlab.settings.test"}
    code = f"from openlab.search.tasks import index_now; index_now('solution', [{solution.pk}])"
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)
    assert search.get_backend().search("solution", "주차").ids == [solution.pk]
