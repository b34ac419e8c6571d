"""Offline evaluation of need → solutions matching on the labelled set in
``matching/data/eval_needs.json``: nDCG@5 and recall@10 of the engine and of a plain BM25 over
morphemes (no sub-words, no synonyms, no scorer) as the baseline."""

import json
import math
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from marketplace.demo import seed_demo
from marketplace.demo_catalogue import seed_catalogue
from marketplace.models import Municipality, Need, Organization, Solution
from marketplace.search_documents import indexable, prepare
from openlab.search import backend
from openlab.search.analysis import terms
from openlab.search.embedded import reset_memory

from .scoring import score_need_offer
from .services import demand_of, offer_of, pairs_for_need, ranked

LABELS = Path(__file__).resolve().parent / "data" / "eval_needs.json"


def dcg(grades: list[int]) -> float:
    return sum((2 ** grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades))


def ndcg_at(ranking_grades: list[int], all_grades: list[int], k: int) -> float:
    ideal = dcg(sorted(all_grades, reverse=True)[:k])
    return dcg(ranking_grades[:k]) / ideal if ideal else 0.0


def recall_at(ranking_grades: list[int], relevant_total: int, k: int) -> float:
    return sum(1 for grade in ranking_grades[:k] if grade > 0) / relevant_total if relevant_total else 0.0


class BM25Baseline:
    """Plain BM25 over Kiwi morphemes of title, summary and description."""
    def __init__(self, solutions, k1=1.2, b=0.75):
        self.k1, self.b = k1, b
        self.docs = {s.pk: Counter(terms(f"{s.title} {s.summary} {s.description}", subwords=False)) for s in solutions}
        self.lengths = {pk: sum(c.values()) for pk, c in self.docs.items()}
        self.average = sum(self.lengths.values()) / max(len(self.docs), 1)
        self.df = Counter(term for c in self.docs.values() for term in c)

    def rank(self, text: str) -> list[int]:
        query = set(terms(text, subwords=False))
        n = len(self.docs)
        scores = {}
        for pk, counts in self.docs.items():
            score = 0.0
            for term in query:
                tf = counts.get(term, 0)
                if tf:
                    idf = math.log(1 + (n - self.df[term] + 0.5) / (self.df[term] + 0.5))
                    score += idf * tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * self.lengths[pk] / self.average))
            if score > 0:
                scores[pk] = score
        return sorted(scores, key=lambda pk: (-scores[pk], pk))


def _grade(solution, relevant: dict[str, int]) -> int:
    return max([relevant.get(t.code, 0) for t in solution.types.all()] or [0])


def _eligible(need, solutions, today) -> set[int]:
    """The solutions that meet the need's hard requirements (open source, Data Hub): the only ones an
    expert could propose, so the only ones the ideal ranking is made of (a region not served yet is a
    soft factor of the score, not a requirement)."""
    demand = demand_of(need)
    return {s.pk for s in solutions
            if not score_need_offer(demand, offer_of(s), text=0.0, today=today).is_excluded}


def _organization_for(label: dict) -> Organization:
    if label.get("overseas"):
        organization, _ = Organization.objects.get_or_create(
            external_id="eval-overseas", defaults={"kind": Organization.Kind.OVERSEAS, "name": "평가용 해외 도시",
                                                   "name_en": "Evaluation City", "country": "VN",
                                                   "status": Organization.Status.VERIFIED})
        return organization
    municipality = Municipality.objects.get(code=label["municipality"])
    organization = Organization.objects.filter(municipality=municipality).first()
    if organization is None:
        organization = Organization.objects.create(kind=Organization.Kind.MUNICIPALITY, municipality=municipality,
                                                   name=municipality.full_name_ko, status=Organization.Status.VERIFIED)
    return organization


def evaluate() -> dict:
    """Run the labelled set over the demo catalogue inside a transaction that is rolled back."""
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["needs"]
    rows = []
    try:
        with transaction.atomic():
            if not Solution.objects.filter(external_id__startswith="demo-sol-").exists():
                seed_demo()
                seed_catalogue()
            backend("default").rebuild("solution", (prepare("solution", s) for s in indexable("solution")))
            solutions = list(Solution.objects.filter(status="published", organization__status="verified")
                             .select_related("organization")
                             .prefetch_related("types", "service_sidos", "deployments"))
            grades_of = {}
            baseline = BM25Baseline(solutions)
            for label in labels:
                need = Need.objects.create(
                    organization=_organization_for(label), title=label["title"], problem=label["problem"],
                    budget_max_krw=label.get("budget_max"), status=Need.Status.OPEN, contact_name="eval")
                eligible = _eligible(need, solutions, timezone.localdate())
                grades_of = {s.pk: _grade(s, label["relevant"]) for s in solutions}
                all_grades = [g for pk, g in grades_of.items() if g > 0 and pk in eligible]
                engine = [p.target_id for p in ranked(pairs_for_need(need))]
                plain = [pk for pk in baseline.rank(f"{label['title']} {label['problem']}") if pk in eligible]
                rows.append({
                    "id": label["id"], "lang": label["lang"], "held_out": bool(label.get("held_out")),
                    "ndcg5": ndcg_at([grades_of[pk] for pk in engine], all_grades, 5),
                    "recall10": recall_at([grades_of[pk] for pk in engine], len(all_grades), 10),
                    "baseline_ndcg5": ndcg_at([grades_of[pk] for pk in plain], all_grades, 5),
                    "baseline_recall10": recall_at([grades_of[pk] for pk in plain], len(all_grades), 10),
                    "top5": engine[:5],
                    "ineligible_relevant": sum(1 for pk, g in grades_of.items() if g > 0 and pk not in eligible),
                })
            transaction.set_rollback(True)
    finally:
        reset_memory()

    def mean(key, lang=None, held_out=None):
        values = [row[key] for row in rows if (lang is None or row["lang"] == lang)
                  and (held_out is None or row["held_out"] == held_out)]
        return round(sum(values) / len(values), 3) if values else 0.0

    summary = {"needs": len(rows), "ndcg5": mean("ndcg5"), "recall10": mean("recall10"),
               "baseline_ndcg5": mean("baseline_ndcg5"), "baseline_recall10": mean("baseline_recall10"),
               "ndcg5_ko": mean("ndcg5", "ko"), "ndcg5_en": mean("ndcg5", "en"),
               "recall10_ko": mean("recall10", "ko"), "recall10_en": mean("recall10", "en"),
               "held_out_needs": sum(1 for row in rows if row["held_out"]),
               "ndcg5_held_out": mean("ndcg5", held_out=True), "recall10_held_out": mean("recall10", held_out=True),
               "ndcg5_tuning": mean("ndcg5", held_out=False), "recall10_tuning": mean("recall10", held_out=False)}
    return {"rows": rows, "summary": summary}
