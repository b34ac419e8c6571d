"""Backups: ``pg_dump`` (custom format) for PostgreSQL, a JSON dump of every table for SQLite;
restoring takes either into an empty database. Used by ``make backup`` / ``make restore FILE=…``."""

import os
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

# Rebuilt by migrations or by the site itself: not part of a JSON dump.
JSON_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "accounts.session", "admin.logentry"]


def _pg_env() -> tuple[dict, list[str]]:
    db = settings.DATABASES["default"]
    env = os.environ | ({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    return env, args


def backup(path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        env, args = _pg_env()
        subprocess.run(["pg_dump", "-Fc", "--no-owner", *args, "-f", str(path), settings.DATABASES["default"]["NAME"]],
                       check=True, env=env)
    else:
        with path.open("w", encoding="utf-8") as out:
            call_command("dumpdata", exclude=JSON_EXCLUDES, natural_foreign=True, indent=0, stdout=out)
    return path


def restore(path: Path, *, database: str | None = None) -> None:
    """Restore into an empty database (PostgreSQL: ``database`` names it, default the configured
    one; JSON: the configured database, migrated and flushed first)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(path)
    if path.suffix == ".json":
        call_command("migrate", verbosity=0, interactive=False)
        call_command("flush", verbosity=0, interactive=False)
        call_command("loaddata", str(path), verbosity=0)
        return
    env, args = _pg_env()
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", *args, "-d",
                    database or settings.DATABASES["default"]["NAME"], str(path)], check=True, env=env)
