"""``manage.py bench_search --listings N --queries Q``: figures for the embedded backend against the
naive way, on synthetic listings in a throwaway database (the real one is never touched). The last
line is one JSON object."""

import json
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from matching.benchmark import run


class Command(BaseCommand):
    help = "Benchmark keyword search and matching on N synthetic listings in a throwaway database."

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, default=10_000)
        parser.add_argument("--queries", type=int, default=200)

    def handle(self, *args, listings, queries, **options):
        if listings < 100 or queries < 10:
            raise CommandError("use at least --listings 100 and --queries 10")
        old_name = connection.settings_dict["NAME"]
        self.stdout.write("creating a throwaway database …")
        with tempfile.TemporaryDirectory(prefix="openlab-bench-") as scratch:
            if connection.vendor == "sqlite":
                # On disk, as in production: an in-memory SQLite database would count in peak memory.
                connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(scratch) / "bench.sqlite3")
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            try:
                # As production runs: with DEBUG on, Django's query log would keep every bulk insert
                # of analysed documents and count in peak memory.
                with override_settings(DEBUG=False):
                    figures = run(listings, queries, out=self.stdout.write)
            finally:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        self.stdout.write(f"index build {figures['build_s']} s from stored analysis "
                          f"(analysis from scratch {figures['analyse_s']} s); peak memory {figures['peak_mb']} MB")
        for name in ("search", "match"):
            p50, p95, naive = (figures[f"{name}_p50_ms"], figures[f"{name}_p95_ms"], figures[f"naive_{name}_p95_ms"])
            ratio = naive / p95 if p95 else float("inf")
            self.stdout.write(f"{name:6}: p50 {p50} ms, p95 {p95} ms; naive p95 {naive} ms ({ratio:.1f}x)")
        self.stdout.write(f"solution → needs: first {figures['solution_match_first_ms']} ms (best scores computed), "
                          f"p95 of the next {figures['solution_match_p95_ms']} ms (reused while the index is unchanged)")
        self.stdout.write(json.dumps(figures))
