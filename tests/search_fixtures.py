"""The search backend fixture: each backend in turn (a pytest plugin of tests/conftest.py)."""

import os

import pytest
from django.test import override_settings

from marketplace import search_documents as documents
from openlab import search


def live_elasticsearch(prefix: str, *, timeout: int = 10) -> dict:
    """SEARCH_BACKENDS with the embedded default and the cluster at ELASTICSEARCH_URL under its own
    index prefix (the test is skipped when the variable is not set)."""
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip("ELASTICSEARCH_URL is not set: the live Elasticsearch suite is skipped")
    return {"default": {"BACKEND": "openlab.search.embedded"},
            "elasticsearch": {"BACKEND": "openlab.search.elasticsearch", "URLS": [url],
                              "INDEX_PREFIX": f"{prefix}-{os.getpid()}", "TIMEOUT": timeout}}


def drop_indices(engine) -> None:
    """Delete every index the live suite made on the cluster."""
    for kind in documents.KINDS:
        engine.client.indices.delete(index=f"{engine.alias(kind)}-*", ignore_unavailable=True)


@pytest.fixture(params=["embedded", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def search_backend(request, db):
    """Each backend in turn: the embedded one always, Elasticsearch when ELASTICSEARCH_URL is set."""
    if request.param == "embedded":
        search.reset()
        yield search.backend("default")
        search.reset()
        return
    with override_settings(SEARCH_BACKENDS=live_elasticsearch("openlab-test")):
        search.reset()
        engine = search.backend("elasticsearch")
        yield engine
        drop_indices(engine)
        search.reset()


def index_everything(engine):
    for kind in documents.KINDS:
        engine.rebuild(kind, [documents.prepare(kind, obj) for obj in documents.indexable(kind)])
