"""``manage.py restore FILE [--database NAME]``: load a backup into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marketplace.backup import restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", help="PostgreSQL: restore into this (empty) database instead")

    def handle(self, *args, file, database, **options):
        try:
            restore(file, database=database)
        except FileNotFoundError as exc:
            raise CommandError(f"no such backup: {exc}") from exc
        except Exception as exc:
            raise CommandError(f"restore failed: {exc}") from exc
        self.stdout.write(f"restored {file}")
