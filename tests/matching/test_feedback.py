"""Declines, rejections and outcomes change later scores of similar pairs, in the expected
direction and within bounds, and say so in the explanation."""

from datetime import date

import pytest

from matching import feedback
from matching.explain import sentences
from matching.models import FeedbackSignal
from matching.scoring import Demand, Offer, score_need_offer

from ..factories import NeedFactory, SolutionFactory


def score(fb=None):
    demand = Demand(id=1, types=["TRF-07"], budget_max=100_000_000, sido="48", municipality="48220")
    offer = Offer(id=2, types=["TRF-07"], price_min=50_000_000, price_max=150_000_000, nationwide=True)
    return score_need_offer(demand, offer, text=0.6, today=date(2026, 12, 1), feedback=fb)


def test_not_relevant_lowers_and_success_raises_within_bounds(db):
    base = score().score
    once = score(feedback.feedback_from({"not_relevant": 1}))
    assert once.score == pytest.approx(base - feedback.PENALTY, abs=1e-4)
    many = score(feedback.feedback_from({"not_relevant": 50}))
    assert many.score == pytest.approx(base - feedback.MAX_PENALTY, abs=1e-4)
    better = score(feedback.feedback_from({"success": 50}))
    assert better.score == pytest.approx(min(1.0, base + feedback.MAX_BONUS), abs=1e-4)
    assert ("feedback_penalty", {"delta": -feedback.PENALTY}) in once.reasons
    assert "−0.08" in " ".join(sentences(once.reasons))


def test_budget_timing_and_region_weaken_their_own_feature():
    plain = score()
    budget = score(feedback.feedback_from({"budget": 2}))
    assert budget.features["fit"]["budget"] == pytest.approx(plain.features["fit"]["budget"] * 0.75 ** 2, abs=1e-3)
    assert budget.features["appeal"]["region"] == plain.features["appeal"]["region"]
    assert budget.score < plain.score
    region = score(feedback.feedback_from({"region": 10}))
    assert region.features["appeal"]["region"] == pytest.approx(feedback.MIN_FACTOR)
    assert ("feedback_feature", {"feature": "region"}) in region.reasons


def test_signals_apply_to_the_same_organisation_and_solution_type(db):
    need, solution = NeedFactory(), SolutionFactory()
    feedback.record(organization=need.organization, solution_type=solution.primary_type, signal="not_relevant",
                    source="test:1")
    feedback.record(organization=need.organization, solution_type=solution.primary_type, signal="not_relevant",
                    source="test:1")  # the same source counts once
    feedback.record(organization=need.organization, solution_type=solution.primary_type, signal="other",
                    source="test:2")  # says nothing about similar pairs
    assert FeedbackSignal.objects.count() == 1
    signals = feedback.Signals([need.organization_id])
    assert signals.for_pair([need.organization_id], "TRF-07").delta == -feedback.PENALTY
    assert signals.for_pair([need.organization_id], "HLT-01").is_empty
    assert feedback.Signals([solution.organization_id]).for_pair([solution.organization_id], "TRF-07").is_empty


def test_a_rejection_lowers_the_next_computed_match_of_a_similar_pair(db, coordinator):
    from matching.coordination import services as pipeline
    from matching.services import pairs_for_need
    from openlab import search
    from tests.coordination.test_pipeline import suggest
    from tests.search_fixtures import index_everything

    need = NeedFactory(problem="전통시장 주변 주차 공간이 부족합니다.")
    first, similar = SolutionFactory(), SolutionFactory()
    index_everything(search.backend())
    before = {p.target_id: p.score.score for p in pairs_for_need(need)}
    pipeline.pairing_reject(coordinator=coordinator, pairing=suggest(need, first), reason="not_relevant")
    after = {p.target_id: p for p in pairs_for_need(need)}
    assert after[similar.pk].score.score == pytest.approx(max(0.0, before[similar.pk] - feedback.PENALTY), abs=1e-4)
    assert any(code == "feedback_penalty" for code, _p in after[similar.pk].score.reasons)


def test_interest_declines_feed_the_ranking_too(db):
    from marketplace import services
    from marketplace.models import Membership

    from ..factories import MembershipFactory

    need, solution = NeedFactory(), SolutionFactory()
    officer = MembershipFactory(organization=need.organization, role=Membership.Role.ADMIN).user
    founder = MembershipFactory(organization=solution.organization).user
    interest = services.interest_propose(user=founder, need=need, solution=solution, message="제안드립니다")
    services.interest_decline(user=officer, interest=interest, reason="timing")
    signal = FeedbackSignal.objects.get()
    assert (signal.organization, signal.solution_type_id, signal.signal) == (need.organization, "TRF-07", "timing")
