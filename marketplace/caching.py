"""Shared caching of what many visitors read alike: a board's rendered results, an API list page, the
facet counts. Each entry is keyed by the listing kind's *generation*, a counter that every write to
what the kind shows moves on, so that nobody reads a result older than the last committed write.

* Keys name the audience (``audience``): visitors see the same listings unless they belong to an
  organisation (its drafts) or coordinate (everything). The language is part of the key too.
* ``bump(kind)`` runs at the write and again after its transaction commits: a reader that cached the
  old rows while the write was still open is superseded by the second bump.
* Within a request each generation is read once (``start_request``/``finish_request`` keep a snapshot
  per thread, and ``generations`` reads several in one round trip): a request sees the listings as
  they were when it first looked, and its own writes move its snapshot on.
* The cache must be shared by every process that writes (``CACHE_URL`` in production, which the
  production settings require); ``LISTING_CACHE_SECONDS`` caps how old an entry gets in any case,
  and 0 turns the caching off.
"""

import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

KINDS = ("solution", "need", "partnership")
_local = threading.local()


def seconds() -> int:
    return getattr(settings, "LISTING_CACHE_SECONDS", 0)


def _generation_key(kind: str) -> str:
    return f"listing-generation:{kind}"


def start_request(**kwargs) -> None:
    _local.generations = {}
    _local.entries = {}


def finish_request(**kwargs) -> None:
    _local.generations = None
    _local.entries = None


def _snapshot() -> dict | None:
    return getattr(_local, "generations", None)


def _start_counter(kind: str) -> int:
    value = time.time_ns()
    if not cache.add(_generation_key(kind), value, timeout=None):
        value = cache.get(_generation_key(kind), value)
    return value


def generation(kind: str) -> int:
    """The kind's current generation (started from the clock, so a lost counter never comes back)."""
    return generations(kind)[kind]


def generations(*kinds: str) -> dict[str, int]:
    """Several generations, read in one round trip (and once per request)."""
    return generations_and_entries(kinds)[0]


def generations_and_entries(kinds, keys=()) -> tuple[dict[str, int], dict]:
    """Generations (as ``generations``) and the cache entries under ``keys``, in one round trip."""
    snapshot = _snapshot()
    known = {kind: snapshot[kind] for kind in kinds if snapshot and kind in snapshot}
    missing = [kind for kind in kinds if kind not in known]
    entries = {}
    if missing or keys:
        found = cache.get_many([_generation_key(kind) for kind in missing] + list(keys))
        entries = {key: found[key] for key in keys if key in found}
        prefetched = getattr(_local, "entries", None)
        if prefetched is not None:
            prefetched.update({key: found.get(key) for key in keys})
        for kind in missing:
            value = found.get(_generation_key(kind))
            known[kind] = value if value is not None else _start_counter(kind)
            if snapshot is not None:
                snapshot[kind] = known[kind]
    return known, entries


def _bump_now(*kinds: str) -> None:
    keys = [_generation_key(kind) for kind in kinds]
    many = getattr(cache, "incr_or_start_many", None)  # the Redis backend: one round trip (openlab/cache.py)
    if many is not None:
        many(keys, time.time_ns())
    else:
        for key in keys:
            try:
                cache.incr(key)
            except ValueError:  # no counter yet (or evicted): start one past anything used before
                cache.set(key, time.time_ns(), timeout=None)
    snapshot = _snapshot()
    if snapshot is not None:
        for kind in kinds:
            snapshot.pop(kind, None)


def bump(*kinds: str) -> None:
    """Invalidate what the kinds' caches hold: now, and again once the current transaction commits."""
    kinds = kinds or KINDS
    _bump_now(*kinds)
    transaction.on_commit(lambda: _bump_now(*kinds))


def audience(user, kind: str) -> str:
    """Who sees the same listings of ``kind``: the public, coordinators, or the members of the same
    organisations. Solutions and partnership requests differ only by their owners' drafts, so only
    memberships of organisations that own them count (an officer sees the public catalogue); what a
    need shows depends on every membership (its contact details, after a mutual interest)."""
    if user is None or not user.is_authenticated:
        return "public"
    if getattr(user, "is_coordinator", False):
        return "coordinators"
    from .models import PartnershipRequest, Solution
    from .selectors import member_organization_ids, owner_organization_ids

    owners = {"solution": Solution, "partnership": PartnershipRequest}
    ids = sorted(owner_organization_ids(user, owners[kind]) if kind in owners else member_organization_ids(user))
    return "members:" + ",".join(map(str, ids)) if ids else "signed-in"


def key_for(kind: str, name: str, user, params, *, generation_read: int | None = None) -> str:
    """The cache key of one result: kind, what it is, audience, language, parameters and generation.
    The generation must be read *before* the rows the result is made from: pass ``generation_read``
    when they were read earlier than the key is made."""
    gen = generation(kind) if generation_read is None else generation_read
    parts = (kind, name, audience(user, kind), translation.get_language(), repr(params), gen)
    return "listing-cache:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def cached_under(key: str, kind: str, compute):
    """``compute()`` kept under a fixed ``key`` with the kind's generation read before it; an entry
    made under another generation is made again. A request that read the entry already (with
    ``generations_and_entries``) makes no second round trip for it."""
    timeout = seconds()
    if not timeout:
        return compute()
    gen = generation(kind)
    prefetched = getattr(_local, "entries", None)
    entry = prefetched[key] if prefetched is not None and key in prefetched else cache.get(key)
    if entry is not None and entry[0] == gen:
        return entry[1]
    value = compute()
    cache.set(key, (gen, value), timeout)
    if prefetched is not None:
        prefetched[key] = (gen, value)
    return value


def cached(kind: str, name: str, user, params, compute, *, generation_read: int | None = None):
    """``compute()``, or what it returned for the same key within ``LISTING_CACHE_SECONDS``."""
    timeout = seconds()
    if not timeout:
        return compute()
    key = key_for(kind, name, user, params, generation_read=generation_read)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def interests_generation(listing_kind: str, pk) -> str:
    """The generation of the interests about one listing (shown on its page)."""
    return f"interests:{listing_kind}:{pk}"


def organization_interests_generation(organization_id) -> str:
    """The generation of the interests an organisation has sent or received."""
    return f"interests-of:{organization_id}"


def unread_generation(user_id) -> str:
    """The generation of a user's unread notifications (the header's count)."""
    return f"unread-notifications:{user_id}"


def unread_key(user_id) -> str:
    """Where the header's unread count is kept (``cached_under``)."""
    return f"unread-count:{user_id}"


def query_params(querydict, *, without=()) -> tuple:
    """A request's query parameters in a stable order (the part of a key that says what was asked)."""
    return tuple(sorted((k, tuple(v)) for k, v in querydict.lists() if k not in without))
