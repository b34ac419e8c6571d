"""``manage.py eval_matching``: nDCG@5 and recall@10 of need → solutions and partnership request →
counterparts on the labelled set, per split (tuning, test), language and kind, with a plain BM25 over
morphemes beside them; then the same for the needs and requests of the unseen catalogue (``evaluation_unseen``),
with BM25 and BM25 with its own top 10's types beside. Runs in rolled-back transactions: nothing is
kept."""

import json

from django.core.management.base import BaseCommand

from matching.evaluation import GROUPS, SPLITS, evaluate
from matching.evaluation_unseen import evaluate_unseen


class Command(BaseCommand):
    help = ("Evaluate matching on matching/data/eval_set.json (tuning and test splits, per language and kind) "
            "and on the unseen catalogue in matching/data/unseen/, beside BM25 baselines (prints figures; saves nothing).")

    def add_arguments(self, parser):
        parser.add_argument("--rows", action="store_true", help="Also print each labelled need and request.")
        parser.add_argument("--json", action="store_true", help="Print the summary as one JSON object.")

    def handle(self, *args, **options):
        result = evaluate()
        unseen = evaluate_unseen()
        if options["rows"]:
            for row in result["rows"]:
                self.stdout.write(f"{row['split']:6} {row['kind']:11} {row['id']:28} {row['lang']:2} "
                                  f"{row['ndcg5']:6.3f} {row['recall10']:6.3f} | BM25 "
                                  f"{row['baseline_ndcg5']:6.3f} {row['baseline_recall10']:6.3f}")
            for row in unseen["rows"]:
                self.stdout.write(f"unseen {row['kind']:11} {row['id']:28} {row['lang']:2} {row['ndcg5']:6.3f} "
                                  f"{row['recall10']:6.3f} | BM25 {row['bm25_ndcg5']:6.3f} {row['bm25_recall10']:6.3f}")
        summary = result["summary"]
        if options["json"]:
            self.stdout.write(json.dumps(summary | {"unseen": unseen["summary"]}))
            return
        header = f"{'':24}" + "".join(f"{split + ' (n)':>10}{'nDCG@5':>9}{'R@10':>7}{'BM25 nDCG':>11}{'BM25 R':>8}"
                                      for split in SPLITS)
        self.stdout.write(header)
        for group in GROUPS:
            line = f"{group:24}"
            for split in SPLITS:
                s = summary[split][group]
                line += (f"{s['count']:>10}{s['ndcg5']:9.3f}{s['recall10']:7.3f}"
                         f"{s['baseline_ndcg5']:11.3f}{s['baseline_recall10']:8.3f}")
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"{'unseen catalogue':24}{'(n)':>10}{'nDCG@5':>9}{'R@10':>7}{'BM25 nDCG':>11}{'BM25 R':>8}"
                          f"{'+types nDCG':>13}{'+types R':>10}")
        for group, s in unseen["summary"].items():
            self.stdout.write(f"{group:24}{s['count']:>10}{s['ndcg5']:9.3f}{s['recall10']:7.3f}{s['bm25_ndcg5']:11.3f}"
                              f"{s['bm25_recall10']:8.3f}{s['typed_ndcg5']:13.3f}{s['typed_recall10']:10.3f}")
