"""The benchmark's synthetic data and figures (the command wraps this in a throwaway database)."""

import pytest
from django.core.management import CommandError, call_command

from marketplace.kinds import refers_to, type_id
from marketplace.models import Solution
from matching.benchmark import percentile, run

KEYS = {"listings", "analyse_s", "build_s", "peak_mb", "search_p50_ms", "search_p95_ms", "match_p50_ms",
        "match_p95_ms", "solution_match_first_ms", "solution_match_p95_ms", "naive_search_p95_ms",
        "naive_match_p95_ms"}


def test_percentile():
    assert percentile([5, 1, 3, 2, 4], 0.5) == 3 and percentile([1, 2, 3], 0.95) == 3 and percentile([], 0.5) == 0


def test_run_reports_every_figure(db):
    figures = run(200, 10, out=lambda line: None)
    assert set(figures) == KEYS and figures["listings"] == 200
    assert all(figures[key] >= 0 for key in KEYS)
    assert Solution.objects.filter(external_id__startswith="bench-sol-").count() == 200


def test_bad_arguments_are_refused(db):
    with pytest.raises(CommandError):
        call_command("bench_search", "--listings", "5")


def test_the_load_catalogue_stores_the_matches_of_its_accounts_needs(db, tmp_path):
    import json

    from matching.models import Match, MatchRun

    out = tmp_path / "load.json"
    call_command("load_catalogue", "--listings", "200", "--output", str(out))
    accounts = json.loads(out.read_text(encoding="utf-8"))["accounts"]
    needs = {account["need"] for account in accounts}
    assert needs and set(MatchRun.objects.filter(content_type_id=type_id("need")).values_list("object_id", flat=True)) >= needs
    assert Match.objects.filter(refers_to("source", "need", needs), excluded=False).exists()
