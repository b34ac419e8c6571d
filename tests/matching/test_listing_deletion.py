"""Matches, match runs, search documents and pairings name listings by content-type pairs (no foreign key
to a listing: a search document outlives it as a tombstone, a pairing is history): deleting a listing
(an administrator, in Django's admin) takes its matches and documents with it, and is refused while
a pairing holds it."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from marketplace.kinds import refers_to, type_id
from matching.coordination.models import Pairing
from matching.models import Match, MatchRun
from matching.services import match_compute
from openlab import search
from openlab.search.models import SearchDocument
from tests.coordination.test_pipeline import suggest
from tests.search_fixtures import index_everything

from ..factories import NeedFactory, SolutionFactory


@pytest.fixture
def pair(city, company, settings):
    settings.MATCH_QUEUE_MIN_SCORE = 1.1  # no pairing from the computed matches: the tests make their own
    need = NeedFactory(organization=city, title="전통시장 주차 정보", problem="시장 주변 주차 공간이 부족합니다")
    need.types.set(["TRF-07"])
    solution = SolutionFactory(organization=company, title="빈자리 주차 안내", summary="주차면 안내")
    index_everything(search.backend())
    match_compute(listing=need)
    match_compute(listing=solution)
    return need, solution


def test_deleting_a_listing_takes_its_matches_runs_and_documents(pair, django_capture_on_commit_callbacks):
    need, solution = pair
    assert not Pairing.objects.exists()
    stored = Match.objects.get(refers_to("source", "need", need.pk), refers_to("target", "solution", solution.pk))
    assert (stored.source, stored.target) == (need, solution)
    with django_capture_on_commit_callbacks(execute=True):
        solution.deployments.all().delete()
        solution.delete()
    assert not Match.objects.filter(refers_to("target", "solution", solution.pk)).exists()
    assert not Match.objects.filter(refers_to("source", "solution", solution.pk)).exists()
    assert not MatchRun.objects.filter(content_type_id=type_id("solution"), object_id=solution.pk).exists()
    assert not SearchDocument.objects.of_kind("solution").filter(object_id=solution.pk, public=True).exists()
    assert MatchRun.objects.filter(content_type_id=type_id("need"), object_id=need.pk).exists()  # the other side's run stays


def test_a_listing_in_a_pairing_cannot_be_deleted(pair, settings):
    need, solution = pair
    settings.MATCH_QUEUE_MIN_SCORE = 0.5
    pairing = suggest(need, solution, score=0.8)
    with pytest.raises(ProtectedError), transaction.atomic():  # as the admin deletes: in a transaction
        solution.delete()
    assert Pairing.objects.filter(pk=pairing.pk).exists()
    assert Match.objects.filter(refers_to("target", "solution", solution.pk)).exists()
