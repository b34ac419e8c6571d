"""The signed-in user of a request, with what every page asks of them (coordinator or not, their
memberships and organisations), read from the shared cache instead of three queries a request.

* The entry is keyed by the user and the ``principal`` generation (``caching.generation``), which any
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


def _key(user_id, gen: int) -> str:
    return f"principal:{gen}:{user_id}"


def get_user(request):
    """``request.user``: the cached user when the session verifies against it, else Django's answer."""
    timeout = seconds()
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    if not timeout or user_id is None or session.get(auth.BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    # Read before the rows, as in caching.key_for; with those most pages ask for next (one round trip).
    gen = caching.generations(GENERATION, *caching.KINDS, caching.unread_generation(user_id))[GENERATION]
    key = _key(user_id, gen)
    user = cache.get(key)
    if user is not None:
        session_hash = session.get(auth.HASH_SESSION_KEY)
        if session_hash and user.is_active and constant_time_compare(session_hash, user.get_session_auth_hash()):
            return user
    user = auth.get_user(request)
    if user.is_authenticated:
        _keep(key, user, timeout)
    return user


def _keep(key: str, user, timeout: int) -> None:
    user.is_coordinator  # noqa: B018 (cached on the instance, and so in the entry)
    memberships_of(user)
    cache.set(key, user, timeout)


def user_by_id(user_id):
    """The active user with this id (an API token's), from the cache when it holds them; else None."""
    from django.contrib.auth import get_user_model

    timeout = seconds()
    key = _key(user_id, caching.generations(GENERATION, *caching.KINDS)[GENERATION])
    user = cache.get(key) if timeout else None
    if user is None:
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is not None and timeout:
            _keep(key, user, timeout)
    return user if user is not None and user.is_active else None


def invalidate() -> None:
    """Every cached user is read again (after a change to users, groups, memberships or organisations)."""
    caching.bump(GENERATION)
