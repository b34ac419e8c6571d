"""The engine on a catalogue it has never seen: ``matching/data/unseen/`` holds companies, solutions
(some in English, some that share words with the needs but are about something else) and needs that
name no type, each need graded per listing by hand when it was written. Nothing is tuned on it.

It runs the way an outside scorer runs the product: the files go through the importer
(``import_file``, as ``manage.py import_listings`` does), the catalogue alone is indexed (not the demo
data), and each need is ranked by ``match_compute`` and read back with ``matches_for``, as
``manage.py match need … --json`` does. Beside the engine: plain BM25 over morphemes, and BM25 with the
types of its own top 10 (each listing gains the share of that top 10's evidence its primary type has)."""

import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from marketplace.importing import import_file
from marketplace.models import Need, Solution
from marketplace.search_documents import indexable, prepare
from openlab.search import backend
from openlab.search.embedded import reset_memory

from .evaluation import BM25Baseline, ndcg_at, recall_at
from .selectors import matches_for
from .services import match_compute

CATALOGUE = Path(__file__).resolve().parent / "data" / "unseen"
PREFIX = "unseen-"
FEEDBACK_DEPTH = 10  # the baseline's own top hits whose types it takes
LANGUAGES = {"needs": None, "needs, Korean": "ko", "needs, English": "en"}
METRICS = ("ndcg5", "recall10", "bm25_ndcg5", "bm25_recall10", "typed_ndcg5", "typed_recall10")


class ImportFailed(Exception):
    """A file of the catalogue did not import (its rows' errors are the message)."""


def _import(coordinator) -> None:
    for kind in ("organizations", "solutions", "needs"):
        report = import_file(CATALOGUE / f"{kind}.jsonl", kind=kind, verified_by=coordinator)
        if report.failed:
            raise ImportFailed("; ".join(f"{kind}.jsonl line {line}: {field}: {message}"
                                         for line, field, message in report.errors))


def with_own_types(baseline: BM25Baseline, text: str, primary_type: dict) -> list:
    """BM25, then each listing raised by how much of its top hits' evidence its primary type holds."""
    order = baseline.rank(text)
    scores = baseline.scores(text)
    votes: Counter = Counter()
    for position, key in enumerate(order[:FEEDBACK_DEPTH], start=1):
        votes[primary_type[key]] += scores[key] / position ** 0.5
    if not order:
        return []
    top, top_vote = scores[order[0]], max(votes.values())
    final = {key: scores.get(key, 0.0) / top + votes.get(primary_type[key], 0.0) / top_vote for key in primary_type}
    return sorted((key for key, value in final.items() if value > 0), key=lambda key: (-final[key], str(key)))


def _rows(grades: dict) -> list[dict]:
    solutions = list(Solution.objects.filter(external_id__startswith=PREFIX, status="published"))
    texts = {s.external_id: f"{s.title} {s.summary} {s.description}" for s in solutions}
    primary = {s.external_id: s.primary_type_id for s in solutions}
    baseline = BM25Baseline(texts)
    rows = []
    for need in Need.objects.filter(external_id__startswith=PREFIX).order_by("external_id"):
        label = grades[need.external_id]
        wanted = label["grades"]
        match_compute(listing=need)
        engine = [item.listing.external_id for item in matches_for(need, limit=20)]
        text = f"{need.title} {need.problem}"
        row = {"id": need.external_id, "lang": label["lang"]}
        for name, ranking in (("", engine), ("bm25_", baseline.rank(text)),
                              ("typed_", with_own_types(baseline, text, primary))):
            found = [wanted.get(key, 0) for key in ranking]
            row[f"{name}ndcg5"] = ndcg_at(found, list(wanted.values()), 5)
            row[f"{name}recall10"] = recall_at(found, len(wanted), 10)
        row["top5"] = engine[:5]
        rows.append(row)
    return rows


def evaluate_unseen() -> dict:
    """Import the unseen catalogue, rank its needs and grade them, inside a transaction that is
    rolled back (the search index is rebuilt from the catalogue alone, and emptied after)."""
    grades = json.loads((CATALOGUE / "grades.json").read_text(encoding="utf-8"))["needs"]
    try:
        with transaction.atomic():
            coordinator = get_user_model().objects.create_user(email="unseen-catalogue@openlab.invalid")
            coordinator.groups.add(Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)[0])
            _import(coordinator)
            for kind in ("solution", "need"):
                listings = indexable(kind).filter(external_id__startswith=PREFIX)
                backend("default").rebuild(kind, (prepare(kind, listing) for listing in listings))
            rows = _rows(grades)
            transaction.set_rollback(True)
    finally:
        reset_memory()
    return {"rows": rows, "summary": summarise(rows)}


def summarise(rows) -> dict:
    summary = {}
    for group, lang in LANGUAGES.items():
        chosen = [row for row in rows if lang is None or row["lang"] == lang]
        summary[group] = {"count": len(chosen)} | {
            metric: round(sum(row[metric] for row in chosen) / len(chosen), 3) if chosen else 0.0
            for metric in METRICS}
    return summary
