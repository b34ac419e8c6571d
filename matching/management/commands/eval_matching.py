"""``manage.py eval_matching``: nDCG@5 and recall@10 of need → solutions and partnership request →
counterparts on the labelled set, per split (tuning, test), language and kind, with a plain BM25 over
morphemes and BM25 with its own top 10's types beside them; then the same for the needs and requests
of the catalogues graded per listing (``evaluation_catalogues``: tuning, test, fresh, fourth to thirteenth). Runs in
rolled-back transactions: nothing is kept."""

import json

from django.core.management.base import BaseCommand, CommandError

from matching.evaluation import SPLITS, evaluate
from matching.evaluation_catalogues import ImportFailed, evaluate_catalogues


class Command(BaseCommand):
    help = ("Evaluate matching on matching/data/eval_set.json (tuning and test splits, per language and kind) "
            "and on the catalogues in matching/data/catalogues/, beside BM25 baselines (prints figures; saves nothing).")

    def add_arguments(self, parser):
        parser.add_argument("--rows", action="store_true", help="Also print each labelled need and request.")
        parser.add_argument("--json", action="store_true", help="Print the summary as one JSON object.")

    def handle(self, *args, **options):
        result = evaluate()
        try:
            catalogues = evaluate_catalogues()
        except ImportFailed as exc:
            raise CommandError(f"a catalogue did not import: {exc}") from exc
        if options["rows"]:
            for row in result["rows"]:
                self.stdout.write(f"{row['split']:6} {row['kind']:11} {row['id']:28} {row['lang']:2} "
                                  f"{row['ndcg5']:6.3f} {row['recall10']:6.3f} | BM25 "
                                  f"{row['baseline_ndcg5']:6.3f} {row['baseline_recall10']:6.3f}")
            for row in [row for split in catalogues.values() for row in split["rows"]]:
                self.stdout.write(f"listed {row['kind']:11} {row['id']:28} {row['lang']:2} {row['ndcg5']:6.3f} "
                                  f"{row['recall10']:6.3f} | BM25 {row['baseline_ndcg5']:6.3f} {row['baseline_recall10']:6.3f}")
        summary = result["summary"]
        if options["json"]:
            self.stdout.write(json.dumps(summary | {"catalogues": {split: c["summary"] for split, c in catalogues.items()}}))
            return
        blocks = [(f"{split} split", summary[split]) for split in SPLITS] + [
            (f"{split} catalogue", c["summary"]) for split, c in catalogues.items()]
        for title, groups in blocks:
            self.stdout.write(f"{title:24}{'(n)':>5}{'nDCG@5':>9}{'R@10':>7}{'BM25 nDCG':>11}{'BM25 R':>8}"
                              f"{'+types nDCG':>13}{'+types R':>10}")
            for group, s in groups.items():
                self.stdout.write(f"{group:24}{s['count']:>5}{s['ndcg5']:9.3f}{s['recall10']:7.3f}"
                                  f"{s['baseline_ndcg5']:11.3f}{s['baseline_recall10']:8.3f}"
                                  f"{s['typed_ndcg5']:13.3f}{s['typed_recall10']:10.3f}")
            self.stdout.write("")
