"""``manage.py import_listings FILE --kind organizations|solutions|needs|partnerships [--partial] [--dry-run]
[--verified-by COORDINATOR_EMAIL]``"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from marketplace.importing import COLUMNS, count_rows, import_file


class Command(BaseCommand):
    help = ("Import organisations or listings from JSON Lines (.jsonl) or CSV (.csv). Without --partial the "
            "file is all-or-nothing; every failed row is reported and the command then exits non-zero.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=sorted(COLUMNS))
        parser.add_argument("--partial", action="store_true", help="Keep the good rows when some fail.")
        parser.add_argument("--dry-run", action="store_true", help="Validate every row and keep nothing.")
        parser.add_argument("--verified-by", metavar="EMAIL",
                            help="The coordinator who verifies the organisations whose rows say verified=true.")

    def handle(self, *args, file: Path, kind: str, partial: bool, dry_run: bool, verified_by=None, **options):
        coordinator = None
        if verified_by:
            coordinator = get_user_model().objects.filter(email__iexact=verified_by, is_active=True).first()
            if coordinator is None or not coordinator.is_coordinator:
                raise CommandError(f"--verified-by {verified_by}: no active coordinator with this e-mail")
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        if file.suffix.lower() not in (".jsonl", ".csv"):
            raise CommandError(f"{file.name}: expected a .jsonl or .csv file")
        try:
            total = count_rows(file)
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file.name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        with tqdm(total=total, unit="row", disable=not sys.stderr.isatty() or total < 50, file=sys.stderr,
                  desc=f"Importing {kind}") as progress:
            try:
                report = import_file(file, kind=kind, partial=partial, dry_run=dry_run, progress=progress,
                                     verified_by=coordinator)
            except UnicodeDecodeError as exc:
                raise CommandError(f"{file.name}: not UTF-8 text ({exc.reason})") from exc
        for line, field, message in report.errors:
            self.stdout.write(f"line {line}: {field}: {message}")
        kept = not dry_run and (partial or not report.failed)
        summary = (f"{report.rows} rows: {report.created} created, {report.updated} updated, "
                   f"{report.failed} failed")
        if dry_run:
            summary += " (dry run: nothing was saved)"
        elif not kept:
            summary += " (nothing was saved: fix the rows above, or use --partial to keep the good ones)"
        if report.failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
