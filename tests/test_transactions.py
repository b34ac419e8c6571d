"""``atomic_with_retry``: a transaction the database broke off for another's sake (deadlock,
serialization failure) runs again, a bounded number of times; other errors are not retried."""

import pytest
from django.db import OperationalError

from openlab.transactions import ATTEMPTS, atomic_with_retry


class PgError(Exception):
    def __init__(self, pgcode):
        super().__init__(pgcode)
        self.pgcode = pgcode


def failing(times: int, pgcode: str):
    calls = []

    @atomic_with_retry
    def work():
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("broken off") from PgError(pgcode)
        return "done"

    return work, calls


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("pgcode", ["40P01", "40001"])
def test_a_broken_off_transaction_runs_again(pgcode):
    work, calls = failing(ATTEMPTS - 1, pgcode)
    assert work() == "done" and len(calls) == ATTEMPTS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_gives_up_after_the_last_attempt():
    work, calls = failing(ATTEMPTS, "40P01")
    with pytest.raises(OperationalError):
        work()
    assert len(calls) == ATTEMPTS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_other_database_errors_are_not_retried():
    work, calls = failing(1, "08006")  # connection failure
    with pytest.raises(OperationalError):
        work()
    assert len(calls) == 1
