"""``manage.py learn_relations [--write]``: the related solution types learned from the graders' labels
that may be tuned on (``matching.graded_relations``)."""

from django.core.management.base import BaseCommand

from marketplace.type_relations import GRADED_TYPES_FILE, format_relations
from matching.graded_relations import HEADER, learned_relations


class Command(BaseCommand):
    help = ("Learn related solution types from the labelled needs of the tuning split and the tuning-side "
            f"catalogues; print them, or with --write replace {GRADED_TYPES_FILE.name} (the matching reads it "
            "at start).")

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help=f"Replace {GRADED_TYPES_FILE}.")

    def handle(self, *args, write, **options):
        relations = learned_relations()
        text = format_relations(relations, header=HEADER)
        if not write:
            self.stdout.write(text, ending="")
            return
        GRADED_TYPES_FILE.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {GRADED_TYPES_FILE} ({sum(map(len, relations.values()))} relations of "
                          f"{len(relations)} types); restart the workers to use it")
