"""``eval_matching`` runs over the demo catalogue, saves nothing and beats its baseline."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from marketplace.models import Need, Organization, Solution
from matching import evaluation_catalogues
from matching.evaluation import LABELS, BM25Baseline, dcg, ndcg_at, recall_at, split_of, with_own_types
from matching.evaluation_catalogues import CATALOGUES, PREFIXES


def test_metrics():
    assert ndcg_at([3, 2, 0], [3, 2], 5) == 1.0
    assert ndcg_at([0, 3, 2], [3, 2], 5) < 1.0
    assert ndcg_at([0, 0], [3], 5) == 0.0
    assert recall_at([3, 0, 1], 3, 10) == 2 / 3
    assert dcg([1]) == 1.0


def test_the_labelled_set_is_large_and_split_once_by_id():
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    needs, requests = data["needs"], data["partnerships"]
    assert len(needs) >= 150 and sum(1 for n in needs if n["lang"] == "en") >= 30
    assert len(requests) >= 40 and {r["direction"] for r in requests} == {"seeking", "offering"}
    assert {code.split("-")[0] for n in needs for code in n["relevant"]} >= {
        "ADM", "TRF", "HLT", "ENV", "SAF", "CUL", "LOG", "PLT", "ETC"}
    ids = [label["id"] for label in needs + requests]
    assert len(ids) == len(set(ids))
    test = [i for i in ids if split_of(i) == "test"]
    assert 0.25 < len(test) / len(ids) < 0.42  # about a third
    assert all(split_of(i) == split_of(i) for i in ids) and split_of("ko-flood") in ("test", "tuning")


def test_eval_matching_prints_both_splits_and_keeps_nothing(db):
    out = StringIO()
    call_command("eval_matching", "--json", stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    for split in ("tuning", "test"):
        groups = summary[split]
        assert groups["needs, English"]["count"] >= 10 and groups["partnerships"]["count"] >= 10
        assert groups["needs"]["count"] == groups["needs, Korean"]["count"] + groups["needs, English"]["count"]
        # The engine beats plain BM25 on needs, by far in English (BM25 cannot cross the languages).
        assert groups["needs"]["ndcg5"] > max(groups["needs"]["baseline_ndcg5"], groups["needs"]["typed_ndcg5"])
        assert groups["needs, English"]["ndcg5"] > groups["needs, English"]["baseline_ndcg5"] + 0.3
    assert not Solution.objects.exists() and not Need.objects.exists()
    # The catalogues graded per listing, imported as an outside scorer imports them: the engine beats
    # both baselines on each.
    for split, groups in summary["catalogues"].items():
        assert groups["needs"]["count"] == groups["needs, Korean"]["count"] + groups["needs, English"]["count"] >= 25
        assert groups["needs, English"]["count"] >= 10
        for group in ("needs", "needs, Korean", "needs, English"):
            assert groups[group]["ndcg5"] > max(groups[group]["baseline_ndcg5"], groups[group]["typed_ndcg5"])
        assert not Organization.objects.filter(external_id__startswith=PREFIXES[split]).exists()
        assert groups["partnerships"]["count"] >= 6
        assert groups["partnerships"]["ndcg5"] > groups["partnerships"]["baseline_ndcg5"]
    assert not get_user_model().objects.exists()


def _jsonl(split, name):
    return [json.loads(line) for line in (CATALOGUES / split / name).read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("split", list(PREFIXES))
def test_each_catalogue_grades_its_own_listings_and_its_needs_name_no_type(split):
    solutions = {row["external_id"]: row for row in _jsonl(split, "solutions.jsonl")}
    needs = {row["external_id"]: row for row in _jsonl(split, "needs.jsonl")}
    requests = {row["external_id"]: row for row in _jsonl(split, "partnerships.jsonl")}
    labels = json.loads((CATALOGUES / split / "grades.json").read_text(encoding="utf-8"))
    grades, request_grades = labels["needs"], labels["partnerships"]
    assert set(grades) == set(needs) and set(request_grades) == set(requests) and len(solutions) >= 40
    every_id = [*solutions, *needs, *requests]
    assert all(key.startswith(PREFIXES[split]) for key in every_id)
    # Types are the engine's to guess.
    assert all(not row.get("type_codes") for row in [*needs.values(), *requests.values()])
    assert sum(1 for label in grades.values() if label["lang"] == "en") >= 10
    for label in [*grades.values(), *request_grades.values()]:
        assert label["grades"] and set(label["grades"]) <= set(solutions) | set(requests)
        assert set(label["grades"].values()) <= {1, 2, 3} and max(label["grades"].values()) >= 2
    # Listings no need wants (words shared, topic not) are part of the catalogue.
    assert set(solutions) - {key for label in grades.values() for key in label["grades"]}


def test_the_catalogues_share_no_listing_and_each_has_requests_both_ways():
    titles = {split: {row["title"] for row in _jsonl(split, "solutions.jsonl")} for split in PREFIXES}
    assert set(titles) == {"tuning", "test", "fresh", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth"}
    for split in PREFIXES:
        assert not titles[split] & set().union(*(titles[other] for other in PREFIXES if other != split))
        assert {row["direction"] for row in _jsonl(split, "partnerships.jsonl")} == {"seeking", "offering"}


def test_a_catalogue_row_that_does_not_import_is_named(db, tmp_path, monkeypatch):
    for split in PREFIXES:
        (tmp_path / split).mkdir()
        for name in ("organizations.jsonl", "solutions.jsonl", "needs.jsonl", "partnerships.jsonl", "grades.json"):
            (tmp_path / split / name).write_text((CATALOGUES / split / name).read_text(encoding="utf-8"), encoding="utf-8")
    broken = _jsonl("tuning", "solutions.jsonl")
    broken[2]["type_codes"] = ["XXX-99"]
    (tmp_path / "tuning" / "solutions.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in broken), encoding="utf-8")
    monkeypatch.setattr(evaluation_catalogues, "CATALOGUES", tmp_path)
    with pytest.raises(CommandError, match="solutions.jsonl line 3: type_codes"):
        call_command("eval_matching", "--json", stdout=StringIO())
    assert not Organization.objects.exists()


def test_bm25_with_its_own_types_raises_a_listing_of_the_top_hits_type():
    baseline = BM25Baseline({"a": "주차 센서 주차 안내", "b": "주차 공유 앱", "c": "빈자리 안내", "d": "미세먼지 측정"})
    types = {"a": "TRF-07", "b": "TRF-07", "c": "TRF-07", "d": "ENV-01"}
    assert "c" not in baseline.rank("주차 정보")
    ranking = with_own_types(baseline, "주차 정보", types)
    assert ranking[:2] == ["a", "b"] and "c" in ranking and "d" not in ranking
    assert with_own_types(baseline, "전혀 없는 단어", types) == []


def test_the_ideal_ranking_holds_only_solutions_that_can_serve_the_need(db):
    """Hard requirements (open source, Data Hub) decide who could be proposed at all; a region not
    served yet is a soft factor, so such a company stays in the ideal ranking."""
    from django.utils import timezone

    from marketplace.models import Municipality
    from matching.evaluation import _eligible

    from ..factories import NeedFactory, SolutionFactory

    need = NeedFactory(requires_open_source=True)
    served = SolutionFactory(nationwide=True, open_source=True)
    closed = SolutionFactory(nationwide=True, open_source=False)
    elsewhere = SolutionFactory(nationwide=False, open_source=True)
    sido = need.organization.municipality.code[:2]
    elsewhere.service_sidos.set(Municipality.objects.filter(level="sido").exclude(code=sido)[:1])
    assert _eligible(need, [served, closed, elsewhere], timezone.localdate()) == {served.pk, elsewhere.pk}