"""Two requests opening a page whose matches were never computed, at once (two web workers on a cold
start): the second waits for the first, then shows its matches; neither collides with the other's
rows (``make load`` once answered one of them with a 500: a duplicate key on ``one_match_per_pair``)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from matching import search
from matching import pipeline
from matching.models import Match, MatchRun, Pairing
from matching.selectors import matches_for
from matching.services import match_compute

from ..factories import NeedFactory, SolutionFactory
from .test_pipeline import suggest
from .conftest import index_everything

WAIT_SECONDS = 30


def _backends_waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0]


def _wait_for_a_blocked_backend() -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while _backends_waiting_for_a_lock() == 0 and time.monotonic() < deadline:
        time.sleep(0.01)  # polling the database for the other request's wait, not standing in for it
    return _backends_waiting_for_a_lock() > 0


def _in_thread(target, outcome: dict, name: str) -> threading.Thread:
    def run():
        try:
            outcome[name] = target()
        except Exception as exc:  # reported by the test
            outcome[name] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_opened_while_its_matches_are_computed_waits_and_shows_them(city, company):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL; CI runs it)")
    need = NeedFactory(organization=city, title="전통시장 주차 정보", problem="시장 주변 주차 공간이 부족합니다")
    need.types.set(["TRF-07"])
    solution = SolutionFactory(organization=company, title="빈자리 주차 안내", summary="주차면 안내")
    index_everything(search.backend())

    computed, release = threading.Event(), threading.Event()
    outcome = {}

    def first_request():  # computes and holds its transaction open until the second is waiting
        with transaction.atomic():
            rows = match_compute(listing=need)
            computed.set()
            assert release.wait(WAIT_SECONDS)
        return rows

    first = _in_thread(first_request, outcome, "first")
    assert computed.wait(WAIT_SECONDS)
    second = _in_thread(lambda: matches_for(need, limit=10), outcome, "second")
    waited = _wait_for_a_blocked_backend()
    release.set()
    first.join(WAIT_SECONDS)
    second.join(WAIT_SECONDS)

    assert waited, "the second request did not wait for the first computation"
    assert not isinstance(outcome["first"], Exception), outcome["first"]
    assert not isinstance(outcome["second"], Exception), outcome["second"]
    assert [item.listing.pk for item in outcome["second"]] == [solution.pk]
    assert MatchRun.objects.filter(kind="need", object_id=need.pk).count() == 1
    stored = list(Match.objects.filter(source_kind="need", source_id=need.pk, excluded=False).order_by("rank")
                  .values_list("pk", flat=True))
    assert stored == [row.pk for row in outcome["first"]]  # the second computed nothing more


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_both_sides_suggesting_one_pair_at_once_make_one_pairing(city, company):
    """A need's and a solution's matches computed at once (a page and a worker) both reach the pair:
    one pairing, suggested once, with the later score."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL; CI runs it)")
    need, solution = NeedFactory(organization=city), SolutionFactory(organization=company)
    suggested, release = threading.Event(), threading.Event()
    outcome = {}

    def from_the_need():
        with transaction.atomic():
            suggest(need, solution, score=0.8)
            suggested.set()
            assert release.wait(WAIT_SECONDS)

    def from_the_solution():
        row = Match(source_kind="solution", source_id=solution.pk, target_kind="need", target_id=need.pk, score=0.9,
                    rank=1, excluded=False, breakdown={}, engine_version="2", computed_at=timezone.now())
        return pipeline.pairings_sync(kind="solution", listing=solution, rows=[row])

    first = _in_thread(from_the_need, outcome, "need")
    assert suggested.wait(WAIT_SECONDS)
    second = _in_thread(from_the_solution, outcome, "solution")
    waited = _wait_for_a_blocked_backend()
    release.set()
    first.join(WAIT_SECONDS)
    second.join(WAIT_SECONDS)

    assert waited, "the solution's side did not meet the need's pairing being written"
    assert not isinstance(outcome["need"], Exception), outcome["need"]
    assert outcome["solution"] == 0, outcome["solution"]  # it created nothing: the pairing was there
    pairing = Pairing.objects.get()
    assert (pairing.a_id, pairing.b_id, pairing.score) == (need.pk, solution.pk, 0.9)
    assert pairing.events.count() == 1
