"""Load what the first search of a process would otherwise wait for: Kiwi's model and the embedded
index of each kind (called by each gunicorn worker as it starts)."""

import logging

from . import analysis, registry
from .embedded import _refreshed

logger = logging.getLogger(__name__)


def warm() -> None:
    analysis.kiwi().tokenize("스마트도시")
    try:
        for kind in registry.names():
            _refreshed(kind)
    except Exception as exc:  # no database yet (a fresh deploy): the first search loads it instead
        logger.warning("search index not preloaded: %s", exc)
