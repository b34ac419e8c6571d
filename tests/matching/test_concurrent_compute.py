"""Two requests opening a page whose matches were never computed, at once (two web workers on a cold
start): the second waits for the first, then shows its matches; neither collides with the other's
rows (``make load`` once answered one of them with a 500: a duplicate key on ``one_match_per_pair``)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from marketplace.kinds import refers_to, type_id
from matching.coordination import services as pipeline
from matching.coordination.models import Pairing
from matching.models import Match, MatchRun
from matching.selectors import matches_for
from matching.services import match_compute
from openlab import search
from tests.coordination.test_pipeline import suggest
from tests.search_fixtures import index_everything

from ..factories import NeedFactory, SolutionFactory

WAIT_SECONDS = 30


def _backends_waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0]


def _race(first, second) -> tuple[object, object, bool]:
    """Run ``first`` in a transaction held open until ``second``, started in another thread once
    ``first`` has written, is seen waiting for a lock (polling the database, not sleeping in its
    place). Returns what each returned (or raised) and whether ``second`` waited."""
    written, release = threading.Event(), threading.Event()
    outcome = {}

    def hold():
        with transaction.atomic():
            result = first()
            written.set()
            assert release.wait(WAIT_SECONDS)
        return result

    threads = [_in_thread(hold, outcome, "first")]
    assert written.wait(WAIT_SECONDS)
    threads.append(_in_thread(second, outcome, "second"))
    deadline = time.monotonic() + WAIT_SECONDS
    while _backends_waiting_for_a_lock() == 0 and time.monotonic() < deadline:
        time.sleep(0.01)  # polling for the other's wait, not standing in for it
    waited = _backends_waiting_for_a_lock() > 0
    release.set()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    return outcome["first"], outcome["second"], waited


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
def test_two_workers_computing_one_listings_matches_at_once_store_one_run(city, company):
    """A worker recomputing a need after a write while another computes it nightly: the second waits
    for the first to commit, then replaces its rows instead of colliding with them."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL; CI runs it)")
    need = NeedFactory(organization=city, title="전통시장 주차 정보",
                       problem="시장 주변 주차 공간이 부족합니다")
    need.types.set(["TRF-07"])
    solution = SolutionFactory(organization=company, title="빈자리 주차 안내", summary="주차면 안내")
    index_everything(search.backend())

    first, second, waited = _race(lambda: match_compute(listing=need), lambda: match_compute(listing=need))

    assert waited, "the second computation did not wait for the first"
    assert not isinstance(first, Exception), first
    assert not isinstance(second, Exception), second
    assert [row.target_id for row in second] == [solution.pk]
    assert [item.listing.pk for item in matches_for(need, limit=10)] == [solution.pk]
    assert MatchRun.objects.filter(content_type_id=type_id("need"), object_id=need.pk).count() == 1
    stored = list(Match.objects.filter(refers_to("source", "need", need.pk), excluded=False).order_by("rank")
                  .values_list("pk", flat=True))
    assert stored == [row.pk for row in second]  # the second replaced the first's rows


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_both_sides_suggesting_one_pair_at_once_make_one_pairing(city, company):
    """A need's and a solution's matches computed at once (a page and a worker) both reach the pair:
    one pairing, suggested once, with the later score."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL; CI runs it)")
    need, solution = NeedFactory(organization=city), SolutionFactory(organization=company)

    def from_the_solution():
        row = Match(source_type_id=type_id("solution"), source_id=solution.pk, target_type_id=type_id("need"), target_id=need.pk,
                    score=0.9, rank=1, excluded=False, breakdown={}, engine_version="2", computed_at=timezone.now())
        return pipeline.pairings_sync(kind="solution", listing=solution, rows=[row])

    from_need, from_solution, waited = _race(lambda: suggest(need, solution, score=0.8), from_the_solution)

    assert waited, "the solution's side did not meet the need's pairing being written"
    assert not isinstance(from_need, Exception), from_need
    assert from_solution == 0, from_solution  # it created nothing: the pairing was there
    pairing = Pairing.objects.get()
    assert (pairing.a_id, pairing.b_id, pairing.score) == (need.pk, solution.pk, 0.9)
    assert pairing.events.count() == 1
