"""The engine on catalogues written apart from the demo data: ``matching/data/catalogues/<split>/``
holds companies, solutions (some in English, some that share words with the needs but are about
something else), needs and partnership requests that name no type, each need and request graded per
listing by hand when it was written, before the engine ranked it. The demo set grades whole types;
these grade listings, as an outside scorer with its own catalogue does. ``tuning`` may be tuned on;
``test`` is not; ``fresh`` (new needs in rounds against its own listings), ``fourth`` to ``thirteenth``
(new listings and needs at once, written later) each had its first run taken as the figure
for listings never seen (docs/performance.md), and are tuned on since.

It runs the way an outside scorer runs the product: the files go through the importer
(``import_file``, as ``manage.py import_listings`` does), the catalogue alone is indexed (not the demo
data), and each need is ranked by ``match_compute`` and read back with ``matches_for``, as
``manage.py match need … --json`` does (a request likewise). Beside the engine: plain BM25 over
morphemes, and BM25 with the types of its own top 10 (``evaluation.with_own_types``)."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from marketplace.importing import import_file
from marketplace.models import Need, PartnershipRequest, Solution
from marketplace.search_documents import indexable, prepare
from openlab.search import backend
from openlab.search.embedded import reset_memory

from .evaluation import BM25Baseline, group_figures, ndcg_at, recall_at, with_own_types
from .selectors import matches_for
from .services import match_compute

CATALOGUES = Path(__file__).resolve().parent / "data" / "catalogues"
# Each catalogue's external ids start with its prefix (they are imported into one database in turn).
PREFIXES = {"tuning": "catb-", "test": "cata-", "fresh": "catc-", "fourth": "catd-", "fifth": "cate-",
            "sixth": "catf-", "seventh": "catg-", "eighth": "cath-",
            "ninth": "cati-", "tenth": "catj-", "eleventh": "catk-",
            "twelfth": "catl-", "thirteenth": "catm-"}



class ImportFailed(Exception):
    """A file of the catalogue did not import (its rows' errors are the message)."""


def _import(folder: Path, coordinator) -> None:
    for kind in ("organizations", "solutions", "needs", "partnerships"):
        report = import_file(folder / f"{kind}.jsonl", kind=kind, verified_by=coordinator)
        if report.failed:
            raise ImportFailed("; ".join(f"{kind}.jsonl line {line}: {field}: {message}"
                                         for line, field, message in report.errors))


def _rows(prefix: str, labels: dict) -> list[dict]:
    """Each need and request ranked by the engine and by the two baselines (over the texts of the
    solutions and, for a request, the other requests too) and graded."""
    solutions = list(Solution.objects.filter(external_id__startswith=prefix, status="published")
                     .select_related("organization"))
    listings = {s.external_id: (f"{s.title} {s.summary} {s.description}", s.primary_type_id) for s in solutions}
    requests = list(PartnershipRequest.objects.filter(external_id__startswith=prefix))
    rows = []
    for kind, model in (("need", Need), ("partnership", PartnershipRequest)):
        for listing in model.objects.filter(external_id__startswith=prefix).order_by("external_id"):
            match_compute(listing=listing)
            engine = [item.listing.external_id for item in matches_for(listing, limit=20)]
            if kind == "need":
                text, pool = f"{listing.title} {listing.problem}", listings
            else:
                # The other side of the market, as the engine sees it: the sizes the request aims at.
                text = f"{listing.title} {listing.description}"
                pool = {s.external_id: listings[s.external_id] for s in solutions
                        if s.organization.size in listing.target_size_list and s.organization_id != listing.organization_id}
                pool |= {r.external_id: (f"{r.title} {r.description}", "") for r in requests
                         if r.direction != listing.direction}
            baseline = BM25Baseline({key: words for key, (words, _type) in pool.items()})
            primary = {key: primary_type for key, (_words, primary_type) in pool.items()}
            label = labels[kind][listing.external_id]
            wanted = label["grades"]
            row = {"id": listing.external_id, "kind": kind, "lang": label["lang"], "top5": engine[:5]}
            for name, ranking in (("", engine), ("baseline_", baseline.rank(text)),
                                  ("typed_", with_own_types(baseline, text, primary))):
                found = [wanted.get(key, 0) for key in ranking]
                row[f"{name}ndcg5"] = ndcg_at(found, list(wanted.values()), 5)
                row[f"{name}recall10"] = recall_at(found, len(wanted), 10)
            rows.append(row)
    return rows


def evaluate_catalogue(split: str) -> dict:
    """Import one catalogue, rank its needs and requests and grade them, inside a transaction that
    is rolled back (the search index is rebuilt from the catalogue alone, and emptied after)."""
    folder, prefix = CATALOGUES / split, PREFIXES[split]
    grades = json.loads((folder / "grades.json").read_text(encoding="utf-8"))
    labels = {"need": grades["needs"], "partnership": grades["partnerships"]}
    try:
        with transaction.atomic():
            coordinator = get_user_model().objects.create_user(email=f"{prefix}coordinator@openlab.invalid")
            coordinator.groups.add(Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)[0])
            _import(folder, coordinator)
            for kind in ("solution", "need", "partnership"):
                listings = indexable(kind).filter(external_id__startswith=prefix)
                backend("default").rebuild(kind, (prepare(kind, listing) for listing in listings))
            rows = _rows(prefix, labels)
            transaction.set_rollback(True)
    finally:
        reset_memory()
    return {"rows": rows, "summary": group_figures(rows)}


def evaluate_catalogues() -> dict:
    """{split: {"rows": [...], "summary": {group: figures}}} for each catalogue."""
    return {split: evaluate_catalogue(split) for split in PREFIXES}

