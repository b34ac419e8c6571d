"""Both backends rank alike: the same top 10 for the same data (run when ELASTICSEARCH_URL is set;
the README says how to start a cluster with the official image)."""

import pytest
from django.test import override_settings

from marketplace.demo import seed_demo
from marketplace.demo_catalogue import NEEDS, OVERSEAS, seed_catalogue
from openlab import search
from tests.search_fixtures import drop_indices, index_everything, live_elasticsearch

pytestmark = pytest.mark.elasticsearch


@pytest.fixture
def both(db):
    with override_settings(SEARCH_BACKENDS=live_elasticsearch("openlab-parity", timeout=20)):
        search.reset()
        seed_demo()
        seed_catalogue()
        embedded, elastic = search.backend("default"), search.backend("elasticsearch")
        index_everything(embedded)
        index_everything(elastic)
        yield embedded, elastic
        drop_indices(elastic)
        search.reset()

QUERIES = [need[2] + " " + need[3] for need in NEEDS] + [need[1] + " " + need[2] for need in OVERSEAS] + [
    "주차", "어르신 돌봄", "fine dust", "drone delivery", "화재 감지", "데이터 허브"]


def test_the_same_top_ten_and_relevance_on_both_backends(both):
    embedded, elastic = both
    for text in QUERIES:
        ours = embedded.candidates("solution", text, filters={"status": ["published"]}, limit=10)
        theirs = elastic.candidates("solution", text, filters={"status": ["published"]}, limit=10)
        assert {pk for pk, _r in ours} == {pk for pk, _r in theirs}, text
        relevance = dict(theirs)
        for pk, value in ours:
            assert abs(value - relevance[pk]) <= 0.05, (text, pk)


def test_keyword_search_pages_agree(both):
    embedded, elastic = both
    for text in QUERIES[-6:]:
        assert set(embedded.search("solution", text, limit=10).ids) == set(elastic.search("solution", text, limit=10).ids)
