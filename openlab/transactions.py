"""A transaction that is tried again when the database gives up on it for another's sake.

PostgreSQL breaks a deadlock by failing one of the transactions (``40P01``), and a serializable one
may fail to serialize (``40001``); either can succeed when run again. Services that both sides of a
pair call at once use ``atomic_with_retry`` instead of ``transaction.atomic``: a bounded number of
attempts, each the whole transaction. Inside an outer transaction there is nothing to retry alone,
so it is a plain ``atomic`` there."""

import functools
import logging
import random
import time

from django.db import OperationalError, connection, transaction

logger = logging.getLogger(__name__)
ATTEMPTS = 4
RETRYABLE = {"40P01", "40001"}  # deadlock detected, serialization failure


def _retryable(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "pgcode", None) in RETRYABLE


def atomic_with_retry(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:
            with transaction.atomic():
                return func(*args, **kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    return func(*args, **kwargs)
            except OperationalError as exc:
                if not _retryable(exc) or attempt == ATTEMPTS:
                    raise
                logger.warning("%s: %s, attempt %d of %d", func.__name__, exc.__cause__.pgcode, attempt, ATTEMPTS)
                time.sleep(random.uniform(0.01, 0.05) * attempt)  # let the other transaction finish first
        raise AssertionError("unreachable")

    return wrapper
