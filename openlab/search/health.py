"""Is the configured search backend answering? Used by ``/healthz``."""

from django.conf import settings
from elasticsearch import Elasticsearch


def search_health() -> dict:
    if not settings.ELASTICSEARCH_URL:
        return {"status": "up", "backend": "embedded"}
    try:
        client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=2, retry_on_timeout=False,
                               max_retries=0)
        up = bool(client.ping())
    except Exception:  # any transport failure means "down" for a load balancer
        up = False
    return {"status": "up" if up else "down", "backend": "elasticsearch",
            "fallback": None if up else "embedded"}
