"""``eval_matching`` runs over the demo catalogue, saves nothing and beats its baseline."""

import json
from io import StringIO

from django.core.management import call_command

from marketplace.models import Need, Solution
from matching.evaluation import dcg, ndcg_at, recall_at


def test_metrics():
    assert ndcg_at([3, 2, 0], [3, 2], 5) == 1.0
    assert ndcg_at([0, 3, 2], [3, 2], 5) < 1.0
    assert ndcg_at([0, 0], [3], 5) == 0.0
    assert recall_at([3, 0, 1], 3, 10) == 2 / 3
    assert dcg([1]) == 1.0


def test_eval_matching_prints_figures_and_keeps_nothing(db):
    out = StringIO()
    call_command("eval_matching", stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert summary["needs"] >= 15 and summary["ndcg5_en"] > 0 and summary["held_out_needs"] >= 5
    assert summary["ndcg5"] > summary["baseline_ndcg5"] and summary["recall10"] >= summary["baseline_recall10"]
    assert not Solution.objects.exists() and not Need.objects.exists()


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