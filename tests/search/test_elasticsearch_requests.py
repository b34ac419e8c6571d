"""The requests the Elasticsearch backend builds, checked without a server (there is none here; the
live suite runs the shared backend tests against a real cluster when ELASTICSEARCH_URL is set)."""

import math

import pytest

from marketplace.search_documents import prepare
from openlab.search.analysis import QueryTerms, analyse, query_terms
from openlab.search.elasticsearch import (
    SearchBackend,
    Statistics,
    build_search,
    document_body,
    mapping,
    ranking_query,
    settings,
    term_statistics_search,
    text_query,
)
from openlab.search.embedded import K1
from openlab.search.es_documents import FACET_NAMES, TOKEN_REPEAT, analysed_tokens
from tests.factories import NeedFactory, PartnershipFactory, SolutionFactory


def test_mapping_ranks_on_the_stored_analysis_and_highlights_with_nori():
    properties = mapping()["properties"]
    title = properties["title"]
    assert title["analyzer"] == "korean" and set(title["fields"]) == {"sub", "en"}
    analysis = settings()["analysis"]
    assert analysis["tokenizer"][analysis["analyzer"]["korean"]["tokenizer"]]["type"] == "nori_tokenizer"
    assert analysis["tokenizer"][analysis["analyzer"]["korean_sub"]["tokenizer"]]["min_gram"] == 2
    assert title["fields"]["en"]["analyzer"] == "english"
    assert properties["analysed"] == {"type": "text", "analyzer": "whitespace", "similarity": "kiwi_bm25"}
    # Tokens repeated twice their weight, scored with twice the embedded k1: the same term scores.
    assert settings()["similarity"]["kiwi_bm25"] == {"type": "BM25", "k1": K1 * TOKEN_REPEAT, "b": 0.75}
    assert properties["types"] == {"type": "keyword"} and properties["inferred_confidence"] == {"type": "float"}
    assert mapping()["dynamic"] is False


def test_documents_carry_the_kiwi_analysis_as_tokens(db):
    terms = analyse([("스마트 주차", 3.0), ("빈 주차면 안내", 1.0)]) | {"@type:TRF-07": 0.001}
    text, distinct = analysed_tokens(terms)
    tokens = text.split()
    assert tokens.count("주차") == round(terms["주차"] * TOKEN_REPEAT) and "@type:TRF-07" not in tokens
    assert set(distinct) == set(terms) - {"@type:TRF-07"}


def test_the_query_is_the_embedded_backend_s_terms_with_glossary_groups_as_dis_max(db):
    weighted = query_terms("elderly living alone")
    query = ranking_query(weighted).to_dict()["bool"]
    plain = {c["term"]["analysed"]["value"]: c["term"]["analysed"]["boost"] for c in query["should"] if "term" in c}
    assert plain == {t: w for t, w in weighted.items() if not any(t in g for g in weighted.groups)}
    groups = [{q["term"]["analysed"]["value"] for q in c["dis_max"]["queries"]} for c in query["should"]
              if "dis_max" in c]
    assert any({"독거", "노인"} <= group for group in groups) and len(groups) == len(weighted.groups)


def test_a_glossary_phrase_written_whole_reaches_elasticsearch_as_it_reaches_the_embedded_backend(db):
    """빈자리를 찾아 is 비 + ᆫ + 자리 to Kiwi; its group (빈 주차면, free space) is in the ranking query
    and in the highlight query's synonym phrases all the same."""
    text = "저녁마다 빈자리를 찾아 골목을 도는 차"
    groups = [{q["term"]["analysed"]["value"] for q in c["dis_max"]["queries"]}
              for c in ranking_query(query_terms(text)).to_dict()["bool"]["should"] if "dis_max" in c]
    assert any({"vacant", "free"} <= group for group in groups)
    phrases = [c["multi_match"]["query"] for c in text_query(text).to_dict()["bool"]["should"]]
    assert "free space" in phrases


def test_coverage_and_idf_follow_the_embedded_rules():
    from openlab.search.analysis import QueryTerms

    weighted = QueryTerms({"주차": 1.0, "공간": 1.0, "parking": 0.7, "park": 0.7})
    weighted.own, weighted.groups = frozenset({"주차", "공간"}), (frozenset({"parking", "park"}),)
    stats = Statistics(weighted, 2000, {"주차": 10, "공간": 1500, "parking": 5, "park": 50})
    assert stats.skip == {"공간"}  # in most documents of a large index: skipped, as embedded does
    idf = stats.idf
    assert stats.total == idf["주차"]
    # A group counts once, by its best term; a document with every term is fully covered.
    assert stats.relevance(5.0, 10.0, ["주차", "parking", "park"]) == 0.5
    assert stats.relevance(10.0, 10.0, ["parking"]) == round(min(1.0, 0.7 * idf["parking"] / (idf["주차"] * 0.25)), 4)


def test_query_body_with_synonyms_filters_facets_and_highlight(db):
    body = build_search("solution", "elderly living alone", filters={"type": "HLT-01", "sido": "48",
                                                                      "open_source": True, "status": ["published"]},
                        limit=5).to_dict()
    should = body["query"]["bool"]["should"]
    assert {"term": {"analysed": {"value": "elder", "boost": 1.0}}} in should
    highlight = body["highlight"]["highlight_query"]["bool"]["should"]
    assert highlight[0]["multi_match"]["query"] == "elderly living alone"
    assert "독거노인" in [clause["multi_match"]["query"] for clause in highlight[1:]]
    filters = body["query"]["bool"]["filter"]
    assert {"term": {"types": "HLT-01"}} in filters and {"term": {"open_source": True}} in filters
    assert {"terms": {"status": ["published"]}} in filters
    sido = next(f for f in filters if "bool" in f)["bool"]["should"]
    assert {"term": {"nationwide": True}} in sido and {"term": {"sidos": "48"}} in sido
    assert set(body["aggs"]) == {"types", "fields", "status", "org_size", "open_source", "data_hub"}
    assert body["highlight"]["encoder"] == "html" and body["size"] == 5


def test_empty_query_lists_everything_newest_first():
    body = build_search("need", "", sort="relevance").to_dict()
    assert body["query"] == {"match_all": {}}
    assert body["sort"] == [{"published_at": {"order": "desc", "missing": "_last"}}]
    assert build_search("need", "x", sort="deadline").to_dict()["sort"] == [
        {"deadline": {"order": "asc", "missing": "_last"}}]


def test_query_is_cut_at_500_characters(db):
    body = build_search("solution", "주차 " * 400).to_dict()
    assert len(body["highlight"]["highlight_query"]["bool"]["should"][0]["multi_match"]["query"]) == 500


def test_budget_overlap_keeps_open_ended_ranges():
    body = build_search("need", "", filters={"budget_max": 1000}).to_dict()
    should = body["query"]["bool"]["filter"][0]["bool"]["should"]
    assert {"range": {"budget_min": {"lte": 1000}}} in should
    assert {"bool": {"must_not": [{"exists": {"field": "budget_min"}}]}} in should


def test_document_body_keeps_only_mapped_facets():
    body = document_body({"kind": "solution", "object_id": 7, "title": "t", "body": "b", "terms": {"주차": 1.0},
                          "facets": {"types": ["TRF-07"], "price_min": None, "unknown": 1}})
    assert body == {"object_id": 7, "title": "t", "body": "b", "types": ["TRF-07"], "analysed": "주차 주차",
                    "analysed_terms": ["주차"]}


class RecordingIndices:
    """Stands in for the cluster's indices API (no Elasticsearch server exists on these machines)."""

    def __init__(self, existing):
        self.calls, self.existing = [], existing

    def create(self, **kwargs):
        self.calls.append(("create", kwargs["index"]))

    def refresh(self, **kwargs):
        self.calls.append(("refresh", kwargs["index"]))

    def exists_alias(self, name):
        return bool(self.existing)

    def get_alias(self, name):
        return {index: {} for index in self.existing}

    def update_aliases(self, actions):
        self.calls.append(("update_aliases", actions))

    def delete(self, index, **kwargs):
        self.calls.append(("delete", index))


class RecordingClient:
    def __init__(self, existing):
        self.indices = RecordingIndices(existing)


class RecordingBackend(SearchBackend):
    """The real backend with its bulk sending recorded instead of sent."""

    def _bulk(self, actions, **kwargs):
        self.sent = list(actions)
        return len(self.sent)


def test_rebuild_fills_a_new_index_then_swaps_the_alias_atomically():
    client = RecordingClient(existing=["openlab-solutions-20260101000000000000"])
    engine = RecordingBackend(index_prefix="openlab", client=client)
    documents = [{"kind": "solution", "object_id": n, "title": "t", "body": "", "facets": {}} for n in (1, 2)]
    assert engine.rebuild("solution", iter(documents)) == 2
    calls = client.indices.calls
    created = calls[0][1]
    assert calls[0][0] == "create" and created.startswith("openlab-solutions-") and created != \
        "openlab-solutions-20260101000000000000"
    swap = next(args for name, args in calls if name == "update_aliases")
    assert swap == [{"remove": {"index": "openlab-solutions-20260101000000000000", "alias": "openlab-solutions"}},
                    {"add": {"index": created, "alias": "openlab-solutions"}}]
    assert calls[-1] == ("delete", "openlab-solutions-20260101000000000000")
    assert {action["_index"] for action in engine.sent} == {created}
    assert [action["_id"] for action in engine.sent] == ["1", "2"]


def test_the_client_authenticates_with_an_api_key_or_a_user_and_trusts_the_ca_file(tmp_path):
    from openlab.search.elasticsearch import client_credentials

    assert client_credentials(api_key="a2V5") == {"api_key": "a2V5"}
    assert client_credentials(username="openlab", password="s3cret", ca_certs=tmp_path / "ca.crt") == {
        "basic_auth": ("openlab", "s3cret"), "ca_certs": str(tmp_path / "ca.crt")}
    assert client_credentials() == {}
    engine = SearchBackend(urls=["https://es.example.kr:9200"], api_key="a2V5")
    assert engine.client._headers["authorization"] == "ApiKey a2V5"  # built, not connected


class RecordingSearchClient:
    def __init__(self):
        self.calls = []

    def search(self, **kwargs):
        self.calls.append(kwargs)
        return {"hits": {"hits": [], "total": {"value": 0}}, "aggregations": {}}


class AnsweringClient:
    """Answers term statistics (1000 documents, each term in 10) and an msearch with the best hit
    first, then the hits of the documents asked about."""

    def __init__(self):
        self.calls = []

    def search(self, **kwargs):
        self.calls.append(("search", kwargs))
        return {"hits": {"hits": [], "total": {"value": 1000}},
                "aggregations": {name: {"doc_count": 10} for name in kwargs.get("aggs", {})}}

    def msearch(self, **kwargs):
        self.calls.append(("msearch", kwargs))
        return {"responses": [
            {"hits": {"hits": [{"_id": "9", "_score": 8.0, "_source": {"analysed_terms": ["주차", "안내"]}}]}},
            {"hits": {"hits": [{"_id": "3", "_score": 2.0, "_source": {"analysed_terms": ["주차", "안내"]}}]}}]}


def test_relevance_of_given_documents_is_statistics_then_one_msearch_relative_to_the_best(db):
    client = AnsweringClient()
    engine = SearchBackend(index_prefix="openlab", client=client)
    assert engine.relevance("solution", "주차 안내", [3, 4], filters={"status": ["published"]}) == {3: 0.25, 4: 0.0}
    (kind, statistics), (kind_2, call) = client.calls
    assert kind == "search" and statistics["size"] == 0 and statistics["aggs"]["t0"] == {
        "filter": {"term": {"analysed": "주차"}}}
    header, best, header_2, these = call["searches"]
    assert kind_2 == "msearch" and header == header_2 == {"index": "openlab-solutions"} and best["size"] == 1
    assert {"ids": {"values": ["3", "4"]}} in these["query"]["bool"]["filter"]
    assert {"terms": {"status": ["published"]}} in best["query"]["bool"]["filter"]
    assert best["_source"] == ["object_id", "analysed_terms", "written"] and "highlight" not in best
    assert "body" not in call


def test_searches_send_keyword_arguments_not_the_deprecated_body(db):
    client = RecordingSearchClient()
    engine = SearchBackend(index_prefix="openlab", client=client)
    engine.search("solution", "주차", offset=20, limit=10)
    engine.candidates("need", "주차 안내", limit=50)
    queries = [call for call in client.calls if "query" in call]
    assert len(queries) == 2 and len(client.calls) == 4  # each after one request for term statistics
    for call in client.calls:
        assert "body" not in call and call["index"].startswith("openlab-")
    assert queries[0]["from_"] == 20 and queries[0]["size"] == 10 and queries[1]["size"] == 50


def _refused(status):
    from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
    from elasticsearch import ApiError

    meta = ApiResponseMeta(status=status, http_version="1.1", headers=HttpHeaders(), duration=0.0,
                           node=NodeConfig("http", "localhost", 9200))
    return ApiError(f"status {status}", meta=meta, body={"error": {"reason": "failed to create query"}})


class RefusingBackend:
    name = "elasticsearch"

    def __init__(self, status):
        self.status = status

    def search(self, *args, **kwargs):
        raise _refused(self.status)


def test_a_refused_query_is_an_error_in_the_log_not_a_quiet_fallback(db, caplog):
    import logging

    import pytest

    from openlab import search as search_layer
    from openlab.search.base import SearchQueryError

    with caplog.at_level(logging.ERROR, logger="openlab.search"):
        with pytest.raises(SearchQueryError):
            search_layer.FallbackBackend(RefusingBackend(400), search_layer.backend("default")).search("solution", "주차")
    assert any(r.levelno == logging.ERROR and "refused the query" in r.getMessage() for r in caplog.records)
    # An outage (503 from the cluster) is still answered by the embedded backend, as an error in the log.
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="openlab.search"):
        results = search_layer.FallbackBackend(RefusingBackend(503), search_layer.backend("default")).search(
            "solution", "주차")
    assert results.backend == "embedded (fallback)" and any(r.levelno == logging.ERROR for r in caplog.records)


def test_the_board_and_the_api_say_so_when_the_engine_refuses_a_query(client, db, monkeypatch):
    from openlab import search as search_layer

    monkeypatch.setattr("marketplace.filters.get_backend",
                        lambda: search_layer.FallbackBackend(RefusingBackend(400), search_layer.backend("default")))
    board = client.get("/solutions/?q=주차")
    assert board.status_code == 200 and "data-search-failed" in board.content.decode()
    monkeypatch.undo()  # the engine answers again: the failure was not kept in the page cache
    assert "data-search-failed" not in client.get("/solutions/?q=주차").content.decode()
    monkeypatch.setattr("marketplace.filters.get_backend",
                        lambda: search_layer.FallbackBackend(RefusingBackend(400), search_layer.backend("default")))
    api = client.get("/api/v1/solutions/?q=주차")
    assert api.status_code == 503 and api.json()["code"] == "search_failed"


def test_a_rebuild_loses_no_write_made_while_it_runs(db, company, company_member):
    """A listing changed while the rebuild reads the others goes into the new index after the alias
    swap (replayed from the embedded index's record of writes), not only into the old one."""
    from io import StringIO

    from django.utils import timezone

    from marketplace.models import Solution
    from openlab.search.management.commands.search_index import Command
    from openlab.search.tasks import index_now

    from ..factories import SolutionFactory

    SolutionFactory(organization=company)
    changing = SolutionFactory(organization=company, title="처음 제목")

    class WriteDuringRebuild(RecordingBackend):
        def _bulk(self, actions, **kwargs):
            sent = super()._bulk(actions, **kwargs)  # every row read, the old title among them
            Solution.objects.filter(pk=changing.pk).update(title="바뀐 제목", updated_at=timezone.now())
            index_now("solution", [changing.pk])  # the write of that moment (the embedded index stamps it)
            return sent

        def index(self, documents):
            self.replayed = documents

    engine = WriteDuringRebuild(index_prefix="openlab", client=RecordingClient(existing=[]))
    command = Command(stdout=StringIO())
    command._rebuild(engine, "elasticsearch", "solution")
    assert {int(action["_id"]) for action in engine.sent} >= {changing.pk}  # read before the write
    assert [d["object_id"] for d in engine.replayed] == [changing.pk]
    assert engine.replayed[0]["title"] == "바뀐 제목"
    assert "1 written meanwhile replayed" in command.stdout.getvalue()


def test_an_english_listing_is_not_owed_the_korean_words_the_glossary_cannot_translate():
    from openlab.search.analysis import QueryTerms

    # 주차 has English in its group; 모르 (a verb stem) has none.
    weighted = QueryTerms({"주차": 1.0, "모르": 1.0, "parking": 0.7})
    weighted.own, weighted.groups = frozenset({"주차", "모르"}), (frozenset({"parking"}),)
    weighted.concepts = (frozenset({"주차", "parking"}),)
    stats = Statistics(weighted, 100, {"주차": 10, "모르": 10, "parking": 5}, {"ko": 90, "en": 10})
    english = stats.relevance(10.0, 10.0, ["parking"], ["en"])
    assert english == round(min(1.0, 0.7 * stats.idf["parking"] / (stats.idf["주차"] * 0.25)), 4)
    # The same document counted in every language (it does not say) owes 모르 too.
    both = stats.relevance(10.0, 10.0, ["parking"], None)
    assert both == round(min(1.0, 0.7 * stats.idf["parking"] / (stats.total * 0.25)), 4) and both < english


def test_a_term_is_counted_among_the_documents_of_its_language_and_lucene_gets_that_as_a_boost():
    weighted = QueryTerms({"resid": 1.0, "주차": 1.0})
    weighted.own = frozenset(weighted)
    stats = Statistics(weighted, 1000, {"resid": 5, "주차": 5}, {"ko": 990, "en": 20})
    assert stats.idf["resid"] == pytest.approx(math.log(1 + (20 - 5 + 0.5) / (5 + 0.5)))
    assert stats.idf["주차"] == pytest.approx(math.log(1 + (990 - 5 + 0.5) / (5 + 0.5)))
    lucene = math.log(1 + (1000 - 5 + 0.5) / (5 + 0.5))  # what Lucene scores each term with
    boosted = stats.boosted()
    assert boosted["resid"] == pytest.approx(stats.idf["resid"] / lucene)
    assert boosted["주차"] == pytest.approx(stats.idf["주차"] / lucene)
    assert boosted.own == weighted.own
    should = ranking_query(boosted).to_dict()["bool"]["should"]
    assert {"term": {"analysed": {"value": "resid", "boost": round(boosted["resid"], 4)}}} in should
    aggs = term_statistics_search(["resid"]).to_dict()["aggs"]
    assert aggs["written_en"] == {"filter": {"bool": {"should": [
        {"term": {"written": "en"}}, {"bool": {"must_not": [{"exists": {"field": "written"}}]}}],
        "minimum_should_match": 1}}}
    assert aggs["t0"] == {"filter": {"term": {"analysed": "resid"}}}


def test_the_ranking_requests_carry_the_language_boosts(db):
    client = AnsweringClient()  # 1000 documents, every term and every language in 10 of them
    engine = SearchBackend(index_prefix="openlab", client=client)
    engine.candidates("solution", "parking", limit=5)
    engine.search("solution", "parking", limit=5)
    rankings = [call for kind, call in client.calls if "query" in call and call.get("size") != 0]
    assert len(rankings) == 2
    for ranking in rankings:
        [clause] = [c for c in ranking["query"]["bool"]["should"] if "term" in c]
        # Among ten English documents a word in ten of them is in every one: its idf is near nothing.
        assert clause["term"]["analysed"]["boost"] < 0.02


def test_every_facet_a_document_carries_is_mapped(db):
    # The index is not dynamic: a facet the mapping lacks would be dropped without a word.
    for kind, factory in (("solution", SolutionFactory), ("need", NeedFactory), ("partnership", PartnershipFactory)):
        assert set(prepare(kind, factory())["facets"]) - FACET_NAMES == set(), kind
