"""The signed-in user of a request, with what every page asks of them (coordinator or not, their
memberships and organisations), read from the shared cache instead of three queries a request.

* The entry holds the ``principal`` generation it was read under (``caching.generation``), which any
  saved or deleted user, group membership, membership or organisation moves on, at the write and again
  after commit (``cache_invalidation``): a changed role, a revoked membership or a suspended
  organisation is seen by the next request.
* The session is verified against the cached user exactly as Django does (the session hash, which a
  password change alters); anything that does not verify falls back to ``django.contrib.auth.get_user``,
  which also handles the fallback secrets and flushes a stale session.
* ``PRINCIPAL_CACHE_SECONDS`` caps how old an entry gets; 0 turns the cache off.
"""

from django.conf import settings
from django.contrib import auth
from django.core.cache import cache
from django.utils.crypto import constant_time_compare

from . import caching
from .selectors import memberships_of

GENERATION = "principal"


def seconds() -> int:
    return getattr(settings, "PRINCIPAL_CACHE_SECONDS", 0)


def _key(user_id) -> str:
    return f"principal:{user_id}"


def _cached(user_id, *also: str, also_keys=()):
    """(the generation, the user cached under it or None), read with the ``also`` generations and
    entries in one round trip. An entry holds the generation read before its rows: one made under an
    older one is not used (as with ``caching.key_for``)."""
    names = (GENERATION, *caching.KINDS, *also)
    gens, entries = caching.generations_and_entries(names, [_key(user_id), *also_keys])
    gen, entry = gens[GENERATION], entries.get(_key(user_id))
    return gen, entry[1] if entry is not None and entry[0] == gen else None


def get_user(request):
    """``request.user``: the cached user when the session verifies against it, else Django's answer."""
    timeout = seconds()
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    if not timeout or user_id is None or session.get(auth.BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    # With what most pages ask for next: the listings' generations, the header's unread count.
    gen, user = _cached(user_id, caching.unread_generation(user_id), also_keys=[caching.unread_key(user_id)])
    if user is not None:
        session_hash = session.get(auth.HASH_SESSION_KEY)
        if session_hash and user.is_active and constant_time_compare(session_hash, user.get_session_auth_hash()):
            return user
    user = auth.get_user(request)
    if user.is_authenticated:
        _keep(user_id, gen, user, timeout)
    return user


def _keep(user_id, gen: int, user, timeout: int) -> None:
    user.is_coordinator  # noqa: B018 (cached on the instance, and so in the entry)
    memberships_of(user)
    cache.set(_key(user_id), (gen, user), timeout)


def user_by_id(user_id):
    """The active user with this id (an API token's), from the cache when it holds them; else None."""
    from django.contrib.auth import get_user_model

    timeout = seconds()
    gen, user = _cached(user_id) if timeout else (None, None)
    if user is None:
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is not None and timeout:
            _keep(user_id, gen, user, timeout)
    return user if user is not None and user.is_active else None


def invalidate() -> None:
    """Every cached user is read again (after a change to users, groups, memberships or organisations)."""
    caching.bump(GENERATION)
