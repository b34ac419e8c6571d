"""Django's Redis cache, failing open: the cache is an accelerator, never a dependency.

When Redis cannot answer (refused, reset, or frozen past the short socket timeout), a read is a miss,
a write is dropped and ``add`` reports success, so that every caller (page cache, allauth's rate limits
and their locks, DRF's throttles, task coalescing) goes on as if there were no cache. After a failure
the process leaves Redis alone for ``RETRY_SECONDS`` (``OPTIONS["RETRY_SECONDS"]``, default 5), so a
frozen server costs one timeout per process every few seconds, not one per cache call."""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: location → monotonic time until which the server is left alone (shared by the threads of a process).
_resting_until: dict[str, float] = {}
_lock = threading.Lock()
_FAILURES = (RedisError, OSError)


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = server if isinstance(server, str) else ",".join(server)

    def available(self) -> bool:
        return _resting_until.get(self._location, 0.0) <= time.monotonic()

    def _failed(self, operation: str, exc: Exception) -> None:
        with _lock:
            first = self.available()
            _resting_until[self._location] = time.monotonic() + self.retry_seconds
        if first:
            logger.warning("cache unavailable (%s on %s): going on without it for %.0f s",
                           exc.__class__.__name__, operation, self.retry_seconds)

    def _call(self, operation: str, fallback, *args, **kwargs):
        if not self.available():
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except _FAILURES as exc:
            self._failed(operation, exc)
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # Reported as added: a lock taken on a cache that is down must not refuse the caller.
        return self._call("add", True, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        value = self._call("incr", None, key, delta, version)
        if value is None:  # as for a missing key
            raise ValueError(f"Key '{key}' not found")
        return value

    def clear(self):
        return self._call("clear", False)
