"""Entry points: the servers and the worker start with production settings unless told otherwise
(a forgotten variable never turns DEBUG on); ``manage.py`` starts with the development ones."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("module", ["openlab.wsgi", "openlab.asgi"])
def test_the_application_servers_default_to_production_settings(module):
    result = _run(f"import {module}")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr  # production requires it; dev would not


def test_the_celery_worker_defaults_to_production_settings():
    result = _run("import os, openlab.celery; print(os.environ['DJANGO_SETTINGS_MODULE'])")
    assert result.stdout.strip() == "openlab.settings.production"


def test_manage_py_defaults_to_development_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "manage.py", "diffsettings", "--output", "unified"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "+ DEBUG = True" in result.stdout


def test_sqlite_writers_wait_for_each_other_instead_of_failing():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = "sqlite:////tmp/openlab-settings-check.sqlite3"
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'openlab.settings.dev'; django.setup(); "
            "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert "'timeout': 20" in result.stdout and "'transaction_mode': 'IMMEDIATE'" in result.stdout
