"""Caching what anonymous visitors see: boards, listing pages and API list pages.

An entry holds exactly what an anonymous visitor would get; the caller says whether the viewer sees
the same (``public``): a signed-in officer reading the catalogue of solutions sees what the public
does, a company reading its own drafts does not. Each entry is keyed by a per-kind *version* that the services move on after a write commits
(``bump_on_commit``), so that no one reads a result older than the last committed write. Nothing about
a signed-in user is cached: their pages are made for them. The cache is an accelerator, never a
dependency: when it cannot answer, the page is made as if there were no cache.

``LISTING_CACHE_SECONDS`` caps how old an entry gets (0 turns the caching off); versions expire too.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)
VERSION_SECONDS = 7 * 24 * 60 * 60


def seconds() -> int:
    return getattr(settings, "LISTING_CACHE_SECONDS", 0)


def _version_key(kind: str) -> str:
    return f"pagecache:version:{kind}"


def version(kind: str) -> str | None:
    """The kind's current version, or None when the cache cannot answer. A lost version restarts
    from the clock, so an entry made under an earlier one is never read again."""
    key = _version_key(kind)
    try:
        current = cache.get(key)
        if current is None:
            cache.add(key, str(time.time_ns()), VERSION_SECONDS)
            current = cache.get(key)
        return current
    except Exception as exc:  # an unreachable cache must not fail a page
        logger.warning("page cache unavailable: %s", exc.__class__.__name__)
        return None


def bump(*kinds: str) -> None:
    """Move the kinds' versions on now (what was cached for them is no longer read)."""
    stamp = str(time.time_ns())
    try:
        cache.set_many({_version_key(kind): stamp for kind in kinds}, VERSION_SECONDS)
    except Exception as exc:
        logger.warning("page cache not invalidated (%s): entries expire within %s s",
                       exc.__class__.__name__, seconds())


def bump_on_commit(*kinds: str) -> None:
    """Called by services inside their transaction: the versions move once the write is committed."""
    transaction.on_commit(lambda: bump(*kinds))


def query_params(querydict, *, without=()) -> tuple:
    """A request's query parameters in a stable order (the part of a key that says what was asked)."""
    return tuple(sorted((k, tuple(v)) for k, v in querydict.lists() if k not in without))


def cached(kind: str, name: str, params, compute, *, public: bool, keep=None):
    """``compute()`` for viewers who see what the public sees (``public``), from the cache when an
    entry of the kind's current version exists; for everyone else (and when the cache is off or down)
    ``compute()`` itself. ``keep(value)`` says whether a value may be kept (only what the public sees).

    An entry holds the version it was made under, and one request reads the version and the entry
    together (one round trip); an entry of an earlier version is a miss, and is overwritten."""
    timeout = seconds()
    if not timeout or not public:
        return compute()
    parts = (kind, name, translation.get_language(), repr(params))
    key = "pagecache:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    try:
        found = cache.get_many([_version_key(kind), key])
    except Exception:
        return compute()
    current = found.get(_version_key(kind))
    if current is None:
        current = version(kind)  # read before the rows the entry is made from
        if current is None:
            return compute()
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current:
        return entry[1]
    value = compute()
    if keep is not None and not keep(value):
        return value
    try:
        cache.set(key, (current, value), timeout)
    except Exception:
        pass
    return value
