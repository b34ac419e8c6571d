"""Search backends, in the manner of Wagtail's: ``settings.SEARCH_BACKENDS`` names them, each module
provides a ``SearchBackend`` class, and ``default`` (the embedded backend) always exists.

``get_backend()`` is the backend searches go to: Elasticsearch when configured, answered by the
embedded backend when Elasticsearch is unreachable. ``write_backends()`` are all of them: the
embedded index is kept up to date even when Elasticsearch is in use, so that it can take over."""

import logging
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .base import SearchQueryError

logger = logging.getLogger(__name__)
_cache: dict[str, object] = {}


def _build(name: str):
    config = dict(settings.SEARCH_BACKENDS[name])
    module = import_module(config.pop("BACKEND"))
    return module.SearchBackend(**{key.lower(): value for key, value in config.items()})


def backend(name: str = "default"):
    if name not in _cache:
        _cache[name] = _build(name)
    return _cache[name]


def backend_names() -> list[str]:
    return list(settings.SEARCH_BACKENDS)


def write_backends() -> list:
    return [backend(name) for name in backend_names()]


def get_backend():
    """The backend that answers searches: the last configured one (Elasticsearch when set)."""
    names = backend_names()
    preferred = backend(names[-1])
    if preferred.name == "embedded":
        return preferred
    return FallbackBackend(preferred, backend("default"))


def reset() -> None:
    _cache.clear()


DEGRADED_KEY = "search-degraded"
DEGRADED_NOTE_SECONDS = 600


def mark_degraded(name: str) -> None:
    """Remember (in the shared cache) that searches fell back, for the coordinators' note."""
    cache.set(DEGRADED_KEY, {"backend": name, "since": timezone.now().isoformat()}, DEGRADED_NOTE_SECONDS)


def degraded() -> dict | None:
    return cache.get(DEGRADED_KEY)


class FallbackBackend:
    """Searches go to the primary backend; if it cannot answer, the embedded one does (logged)."""

    def __init__(self, primary, fallback):
        self.primary, self.fallback = primary, fallback
        self.name = primary.name
        self.degraded = False

    def _call(self, method, *args, **kwargs):
        from .elasticsearch import is_query_error, unavailable_errors

        try:
            result = getattr(self.primary, method)(*args, **kwargs)
            self.degraded = False
            return result
        except unavailable_errors() as exc:
            if is_query_error(exc):
                logger.error("search backend %s refused the query (%s): %s", self.primary.name,
                             exc.__class__.__name__, exc)
                raise SearchQueryError(str(exc)) from exc
            logger.error("search backend %s unavailable (%s); answering with the embedded backend",
                         self.primary.name, exc.__class__.__name__)
            self.degraded = True
            mark_degraded(self.primary.name)
            result = getattr(self.fallback, method)(*args, **kwargs)
            if hasattr(result, "backend"):
                result.backend = f"{self.fallback.name} (fallback)"
            return result

    def search(self, *args, **kwargs):
        return self._call("search", *args, **kwargs)

    def candidates(self, *args, **kwargs):
        return self._call("candidates", *args, **kwargs)

    def of_types(self, *args, **kwargs):
        return self._call("of_types", *args, **kwargs)

    def facets_of(self, *args, **kwargs):
        return self._call("facets_of", *args, **kwargs)
