"""``manage.py backup [--output FILE]``: pg_dump (PostgreSQL) or a JSON dump (SQLite)."""

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from marketplace.backup import backup


class Command(BaseCommand):
    help = "Back up the database: pg_dump custom format for PostgreSQL, JSON for SQLite."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path)

    def handle(self, *args, output, **options):
        suffix = ".dump" if connection.vendor == "postgresql" else ".json"
        output = output or Path("var/backups") / f"openlab-{datetime.now():%Y%m%d-%H%M%S}{suffix}"
        try:
            path = backup(output)
        except Exception as exc:
            raise CommandError(f"backup failed: {exc}") from exc
        self.stdout.write(f"backup written to {path} ({path.stat().st_size:,} bytes)")
