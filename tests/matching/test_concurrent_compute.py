"""Two requests opening a page whose matches were never computed, at once (two web workers on a cold
start): the second waits for the first, then shows its matches; neither collides with the other's
rows (``make load`` once answered one of them with a 500: a duplicate key on ``one_match_per_pair``)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from matching import search
from matching.models import Match, MatchRun
from matching.selectors import matches_for
from matching.services import match_compute

from ..factories import NeedFactory, SolutionFactory
from .conftest import index_everything

WAIT_SECONDS = 30


def _backends_waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0]


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
    deadline = time.monotonic() + WAIT_SECONDS
    while _backends_waiting_for_a_lock() == 0 and time.monotonic() < deadline:
        time.sleep(0.01)  # polling the database for the second request's wait, not standing in for it
    waited = _backends_waiting_for_a_lock() > 0
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
