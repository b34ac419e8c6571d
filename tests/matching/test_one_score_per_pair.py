"""One pair, one score: need → solutions and solution → needs (and the two sides of a partnership)
give a pair the same score with the same reasons, checked over the demo data."""

from marketplace.demo import seed_demo
from marketplace.demo_catalogue import seed_catalogue
from marketplace.models import Need, PartnershipRequest, Solution
from matching.services import pairs_for_need, pairs_for_partnership, pairs_for_solution
from openlab import search
from tests.search_fixtures import index_everything


def _by_pair(pairs):
    return {pair.target_id: pair.score for pair in pairs}


def test_need_and_solution_sides_agree_over_the_demo_data(db):
    seed_demo()
    seed_catalogue()
    index_everything(search.backend())
    from_needs = {}
    for need in Need.objects.filter(status="open"):
        for solution_id, score in _by_pair(pairs_for_need(need)).items():
            from_needs[(need.pk, solution_id)] = score
    compared = 0
    for solution in Solution.objects.filter(status="published"):
        for need_id, score in _by_pair(pairs_for_solution(solution)).items():
            other = from_needs.get((need_id, solution.pk))
            if other is None:  # found from one side only: each side retrieves its own candidates
                continue
            compared += 1
            assert (score.score, score.reasons, score.excluded) == (other.score, other.reasons, other.excluded), (
                need_id, solution.pk)
    assert compared >= 100  # the demo's pairs overlap widely: the check is not vacuous


def test_two_partnership_requests_score_the_same_from_either_side(db):
    seed_demo()
    seed_catalogue()
    index_everything(search.backend())
    scores = {}
    for request in PartnershipRequest.objects.filter(status="open"):
        for pair in pairs_for_partnership(request):
            if pair.target_kind == "partnership":
                scores[(request.pk, pair.target_id)] = pair.score
    both = [(a, b) for (a, b) in scores if (b, a) in scores]
    assert both
    for a, b in both:
        assert scores[(a, b)].score == scores[(b, a)].score and scores[(a, b)].reasons == scores[(b, a)].reasons
