"""``manage.py search_index --check`` reports drift between the database and each search backend
(non-zero exit on drift); ``--rebuild [--backend NAME] [--kind KIND]`` rebuilds from the database."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from openlab.search import backend, backend_names, registry
from openlab.search.elasticsearch import unavailable_errors
from openlab.search.tasks import replay_since


class Command(BaseCommand):
    help = "Check the search indexes against the database, or rebuild them from it."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="Report drift; exit 1 when there is any.")
        group.add_argument("--rebuild", action="store_true", help="Rebuild from the database.")
        parser.add_argument("--backend", choices=backend_names(), help="Only this backend (default: all).")
        parser.add_argument("--kind", choices=sorted(registry.names()), help="Only this kind of listing.")

    def handle(self, *args, check, rebuild, kind: str | None, **options):
        names = [options["backend"]] if options.get("backend") else backend_names()
        kinds = [kind] if kind else sorted(registry.names())
        problems = []
        for name in names:
            engine = _backend(name)
            for each in kinds:
                try:
                    if rebuild:
                        self._rebuild(engine, name, each)
                    else:
                        problems += self._check(engine, name, each)
                except unavailable_errors() as exc:
                    problems.append(f"{name}: unreachable ({exc.__class__.__name__})")
                    break
        if problems:
            for line in problems:
                self.stdout.write(line)
            raise CommandError(f"{len(problems)} problem(s) found" + ("" if rebuild else
                               "; run search_index --rebuild to repair"))
        if check:
            self.stdout.write(self.style.SUCCESS("search indexes match the database"))

    def _check(self, engine, name, kind) -> list[str]:
        expected = set(registry.get(kind).indexable().values_list("pk", flat=True))
        indexed = engine.indexed_ids(kind)
        missing, extra = expected - indexed, indexed - expected
        lines = []
        if missing:
            lines.append(f"{name}: {kind}: {len(missing)} missing, e.g. {sorted(missing)[:10]}")
        if extra:
            lines.append(f"{name}: {kind}: {len(extra)} that should not be there, e.g. {sorted(extra)[:10]}")
        outdated = engine.outdated_ids(kind) & expected
        if outdated:
            lines.append(f"{name}: {kind}: {len(outdated)} analysed by an older analyser, e.g. {sorted(outdated)[:10]}")
        if not lines:
            self.stdout.write(f"{name}: {kind}: {len(expected)} indexed, no drift")
        return lines

    def _rebuild(self, engine, name, kind) -> None:
        listings = registry.get(kind).indexable()
        total = listings.count()
        started = timezone.now()
        with tqdm(total=total, unit="doc", desc=f"{name} {kind}", file=sys.stderr,
                  disable=not sys.stderr.isatty()) as progress:
            count = engine.rebuild(kind, (registry.get(kind).prepare(obj) for obj in listings.iterator(chunk_size=500)),
                                   progress=progress)
        replayed = 0
        if name != "default":  # the embedded index is the record of writes: replay them into the new index
            replayed = replay_since(engine, kind, started)
        self.stdout.write(f"{name}: {kind}: rebuilt with {count} documents; {replayed} written meanwhile replayed")


def _backend(name):
    return backend(name)
