import os

import pytest
from django.core.management import call_command

from marketplace.models import Interest, Need, PartnershipRequest, Question, Solution, SolutionType


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))


def test_every_type_has_a_published_solution(seeded):
    published = Solution.objects.filter(status="published", organization__status="verified")
    for solution_type in SolutionType.objects.all():
        assert published.filter(types=solution_type).exists(), solution_type.code


def test_open_needs_from_many_municipalities_and_overseas(seeded):
    open_needs = Need.objects.filter(status="open")
    assert open_needs.filter(organization__kind="municipality").values("organization").distinct().count() >= 20
    overseas = open_needs.filter(organization__kind="overseas")
    assert overseas.count() >= 2 and all(n.title.isascii() for n in overseas)


def test_partnerships_in_both_directions_and_interests_in_every_state(seeded):
    assert set(PartnershipRequest.objects.values_list("direction", flat=True)) == {"seeking", "offering"}
    assert set(Interest.objects.values_list("state", flat=True)) == set(Interest.State.values)
    assert Interest.objects.filter(mutual_at__isnull=False).exists()
    assert Interest.objects.filter(kind="response").exists()


def test_catalogue_is_idempotent(seeded):
    counts = (Solution.objects.count(), Need.objects.count(), PartnershipRequest.objects.count(),
              Interest.objects.count(), Question.objects.count())
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    assert counts == (Solution.objects.count(), Need.objects.count(), PartnershipRequest.objects.count(),
                      Interest.objects.count(), Question.objects.count())


def test_the_demo_shows_questions_answered_published_and_waiting(seeded):
    assert set(Question.objects.values_list("state", flat=True)) >= {"answered", "published", "open"}


def test_the_demo_shows_coordination_beside_connections_from_mutual_interest(seeded):
    """The demo's mutual interests are connections already; the week of coordination still runs on
    the suggested pairs (it once saw any non-suggested pairing as "done before" and did nothing)."""
    from marketplace.models import Membership
    from matching.coordination.demo import seed_coordination
    from matching.coordination.models import Pairing
    from tests.coordination.test_pipeline import suggest

    mutual = Pairing.objects.filter(state="connected", events__action="mutual")
    assert mutual.exists() and not mutual.filter(introduced_at__isnull=False).exists()
    staffed = set(Membership.objects.values_list("organization_id", flat=True))
    needs = Need.objects.filter(status="open", organization_id__in=staffed)
    solutions = Solution.objects.filter(status="published", organization_id__in=staffed)
    paired = 0
    for need in needs:
        for solution in solutions:
            if paired < 3 and not Pairing.objects.filter(a_id=need.pk, b_id=solution.pk).exists():
                suggest(need, solution, score=0.9 - paired / 10)
                paired += 1
    seed_coordination()
    assert {"meeting_held", "introduced", "shortlisted", "connected"} <= set(Pairing.objects.values_list("state",
                                                                                                           flat=True))
    from matching.coordination.models import Meeting

    assert set(Meeting.objects.values_list("state", flat=True)) == {"confirmed", "proposed"}


def test_the_demo_shows_saved_searches_with_their_first_alerts(db, django_capture_on_commit_callbacks):
    from marketplace.models import SavedSearch, SavedSearchHit

    with django_capture_on_commit_callbacks(execute=True):  # as after `make run`'s commit: indexed, alerted
        call_command("seed_demo", stdout=open(os.devnull, "w"))

    assert set(SavedSearch.objects.values_list("frequency", flat=True)) >= {"instant", "weekly"}
    assert SavedSearchHit.objects.filter(saved_search__frequency="instant", sent_at__isnull=False).exists()
