"""API throttles that fail open: the cache that counts requests is an accelerator, and a dead or
frozen one lets requests through (logged) instead of answering 500."""

import logging

from rest_framework.throttling import AnonRateThrottle

logger = logging.getLogger(__name__)


class FailOpenAnonRateThrottle(AnonRateThrottle):
    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # the cache could not count: do not refuse the caller for it
            logger.warning("API throttle skipped: cache unavailable (%s)", exc.__class__.__name__)
            return True
