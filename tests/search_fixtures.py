"""The search backend fixture: each backend in turn (a pytest plugin of tests/conftest.py)."""

import os

import pytest
from django.test import override_settings

from marketplace import search_documents as documents
from openlab import search


@pytest.fixture(params=["embedded", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def search_backend(request, db):
    """Each backend in turn: the embedded one always, Elasticsearch when ELASTICSEARCH_URL is set."""
    if request.param == "embedded":
        search.reset()
        yield search.backend("default")
        search.reset()
        return
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip("ELASTICSEARCH_URL is not set: the live Elasticsearch suite is skipped")
    config = {"default": {"BACKEND": "openlab.search.embedded"},
              "elasticsearch": {"BACKEND": "openlab.search.elasticsearch", "URLS": [url],
                                "INDEX_PREFIX": f"openlab-test-{os.getpid()}", "TIMEOUT": 10}}
    with override_settings(SEARCH_BACKENDS=config):
        search.reset()
        engine = search.backend("elasticsearch")
        yield engine
        for kind in documents.KINDS:
            engine.client.indices.delete(index=f"{engine.alias(kind)}-*", ignore_unavailable=True)
        search.reset()


def index_everything(engine):
    for kind in documents.KINDS:
        engine.rebuild(kind, [documents.prepare(kind, obj) for obj in documents.indexable(kind)])
