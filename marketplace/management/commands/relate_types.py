"""``manage.py relate_types [--write]``: the related solution types computed from today's catalogue."""

from django.core.management.base import BaseCommand, CommandError

from marketplace.models import Solution
from marketplace.type_relations import RELATED_TYPES_FILE, compute_relations, format_relations


class Command(BaseCommand):
    help = ("Compute related solution types from the published solutions and the type profiles; print them, "
            f"or with --write replace {RELATED_TYPES_FILE.name} (the matching reads it at start).")

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help=f"Replace {RELATED_TYPES_FILE}.")

    def handle(self, *args, write, **options):
        if not Solution.objects.filter(status=Solution.Status.PUBLISHED).exists():
            raise CommandError("no published solutions: the relations come from the catalogue (run seed_demo or "
                               "import_listings first)")
        relations = compute_relations()
        text = format_relations(relations)
        if not write:
            self.stdout.write(text, ending="")
            return
        RELATED_TYPES_FILE.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {RELATED_TYPES_FILE} ({len(relations)} types); restart the workers "
                          "to use it")
