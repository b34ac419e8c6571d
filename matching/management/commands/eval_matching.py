"""``manage.py eval_matching``: nDCG@5 and recall@10 of need → solutions on the labelled set, with a
plain BM25 over morphemes as the baseline. Runs in a rolled-back transaction: nothing is kept."""

import json

from django.core.management.base import BaseCommand

from matching.evaluation import evaluate


class Command(BaseCommand):
    help = "Evaluate need → solutions matching on matching/data/eval_needs.json (prints figures; saves nothing)."

    def handle(self, *args, **options):
        result = evaluate()
        self.stdout.write(f"{'need':22} {'lang':4} {'nDCG@5':>7} {'R@10':>6} {'BM25 nDCG@5':>12} {'BM25 R@10':>10}")
        for row in result["rows"]:
            self.stdout.write(f"{row['id'] + (' *' if row['held_out'] else ''):22} {row['lang']:4} {row['ndcg5']:7.3f} {row['recall10']:6.3f} "
                              f"{row['baseline_ndcg5']:12.3f} {row['baseline_recall10']:10.3f}")
        s = result["summary"]
        self.stdout.write(f"engine:   nDCG@5 {s['ndcg5']:.3f}  recall@10 {s['recall10']:.3f}  "
                          f"(ko {s['ndcg5_ko']:.3f}/{s['recall10_ko']:.3f}, en {s['ndcg5_en']:.3f}/{s['recall10_en']:.3f})")
        self.stdout.write(f"tuning set ({s['needs'] - s['held_out_needs']}): nDCG@5 {s['ndcg5_tuning']:.3f}  "
                          f"recall@10 {s['recall10_tuning']:.3f}; held out ({s['held_out_needs']}): "
                          f"nDCG@5 {s['ndcg5_held_out']:.3f}  recall@10 {s['recall10_held_out']:.3f}")
        self.stdout.write(f"baseline: nDCG@5 {s['baseline_ndcg5']:.3f}  recall@10 {s['baseline_recall10']:.3f}")
        self.stdout.write(json.dumps(s))
