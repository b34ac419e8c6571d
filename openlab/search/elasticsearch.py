"""The Elasticsearch backend, written with ``elasticsearch.dsl`` (the DSL of elasticsearch-py 8).

Each kind has an alias ``<prefix>-<kind>s`` over a versioned index ``<prefix>-<kind>s-<timestamp>``;
a rebuild fills a new index and swaps the alias in one atomic call. Documents are the stored Kiwi
analysis as pre-analysed tokens (``es_documents``), and queries are the embedded backend's
``query_terms`` (glossary groups as ``dis_max``), with its idf (each term counted among the documents
written in its language, as boosts over Lucene's own idf), common-term and coverage rules
computed from the cluster's own term statistics: both backends rank alike. Filters mean what
``base.facet_ok`` says."""

import logging
from datetime import datetime, timezone

import elastic_transport
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.dsl import Q, Search
from elasticsearch.helpers import bulk, scan

from .analysis import LANGUAGES, QueryTerms, expanded_phrases, query_terms
from .base import FACETS, MAX_QUERY_CHARS, Hit, SearchResults
from .base import SearchBackend as BaseSearchBackend
from .embedded import COMMON_TERM_MIN_DOCS, COMMON_TERM_SHARE, FULL_COVERAGE, reachable_weight, term_idf
from .es_documents import document_of, index_definition

logger = logging.getLogger(__name__)


def unavailable_errors() -> tuple[type[BaseException], ...]:
    """Errors meaning "Elasticsearch cannot answer now" (down, timing out, index missing)."""
    return (elastic_transport.TransportError, ApiError, ConnectionError, TimeoutError)


def is_query_error(exc: BaseException) -> bool:
    """The cluster answered, and refused the query itself (400): a fault to fix, not an outage to
    ride out on the embedded backend."""
    return getattr(exc, "status", None) == 400 or getattr(getattr(exc, "meta", None), "status", None) == 400


def mapping() -> dict:
    """The mappings of every kind's index (``es_documents.ListingDocument``)."""
    return index_definition("openlab")["mappings"]


def settings() -> dict:
    return index_definition("openlab")["settings"]


def _range_overlap(low_field, high_field, *, at_least=None, at_most=None):
    """Documents whose [low, high] (open ends allowed) reaches the wanted bound."""
    if at_least is not None:
        return Q("bool", should=[~Q("exists", field=high_field), Q("range", **{high_field: {"gte": at_least}})],
                 minimum_should_match=1)
    return Q("bool", should=[~Q("exists", field=low_field), Q("range", **{low_field: {"lte": at_most}})],
             minimum_should_match=1)


def filter_clauses(kind: str, filters: dict) -> list:
    """The DSL form of ``base.facet_ok``."""
    clauses = []
    for name, value in (filters or {}).items():
        if value is None or value == "" or value == []:
            continue
        if name == "status":
            clauses.append(Q("terms", status=list(value)))
        elif name == "type":
            clauses.append(Q("term", types=value))
        elif name == "field":
            clauses.append(Q("term", fields=value))
        elif name == "organization":
            clauses.append(Q("term", organization=value))
        elif name == "sido":
            if kind == "solution":
                clauses.append(Q("bool", should=[Q("term", nationwide=True), Q("term", sidos=value)],
                                 minimum_should_match=1))
            elif kind == "partnership":
                clauses.append(Q("bool", should=[~Q("exists", field="sido"), Q("term", sido=value)],
                                 minimum_should_match=1))
            else:
                clauses.append(Q("term", sido=value))
        elif name in ("open_source", "data_hub", "living_lab", "overseas"):
            clauses.append(Q("term", **{name: bool(value)}))
        elif name == "size":
            clauses.append(Q("term", **{"target_sizes" if kind == "partnership" else "org_size": value}))
        elif name in ("programme", "direction", "collaboration"):
            clauses.append(Q("term", **{name: value}))
        elif name in ("price_min", "budget_min"):
            prefix = name.split("_")[0]
            clauses.append(_range_overlap(f"{prefix}_min", f"{prefix}_max", at_least=value))
        elif name in ("price_max", "budget_max"):
            prefix = name.split("_")[0]
            clauses.append(_range_overlap(f"{prefix}_min", f"{prefix}_max", at_most=value))
        elif name == "deadline_after":
            clauses.append(Q("range", deadline={"gte": str(value)}))
        else:
            raise ValueError(f"unknown filter {name!r}")
    return clauses


def text_query(query: str):
    """The query itself on every sub-field, and each synonym phrase it implies at a lower boost."""
    fields = ["title^3", "title.sub", "title.en^2", "body", "body.sub^0.5", "body.en"]
    should = [Q("multi_match", query=query, fields=fields, type="most_fields")]
    for phrase in expanded_phrases(query):
        should.append(Q("multi_match", query=phrase, fields=fields, type="most_fields", boost=0.7))
    return Q("bool", should=should, minimum_should_match=1)


def ranking_query(weighted: dict, skip=frozenset()):
    """The embedded backend's scoring as a query on ``analysed``: each term boosted by its weight, and
    each glossary group one ``dis_max`` (a document scores for its best term of the group)."""
    groups = [sorted(t for t in group if t not in skip) for group in getattr(weighted, "groups", ())]
    grouped = {t for group in getattr(weighted, "groups", ()) for t in group}

    def term(t):
        return Q("term", analysed={"value": t, "boost": round(float(weighted[t]), 4)})

    should = [term(t) for t in weighted if t not in grouped and t not in skip]
    should += [Q("dis_max", queries=[term(t) for t in group]) for group in groups if group]
    return Q("bool", should=should, minimum_should_match=1) if should else Q("match_none")


def build_search(kind: str, query: str, *, filters=None, sort="relevance", offset=0, limit=20,
                 weighted=None, skip=frozenset(), facets=True, highlight=True) -> Search:
    query = (query or "")[:MAX_QUERY_CHARS].strip()
    search = Search()
    if query and weighted is None:
        weighted = query_terms(query)
    ranked = bool(query and weighted)  # words that analyse to nothing list everything, as embedded does
    search = search.query(ranking_query(weighted, skip) if ranked else Q("match_all"))
    for clause in filter_clauses(kind, filters or {}):
        search = search.filter(clause)
    if sort == "newest" or (sort == "relevance" and not ranked):
        search = search.sort({"published_at": {"order": "desc", "missing": "_last"}})
    elif sort == "deadline":
        search = search.sort({"deadline": {"order": "asc", "missing": "_last"}})
    if facets:
        for name in FACETS[kind]:
            search.aggs.bucket(name, "terms", field=name, size=100)
    if query and highlight:
        search = search.highlight("body", "title", fragment_size=140, number_of_fragments=1).highlight_options(
            pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html", highlight_query=text_query(query).to_dict())
    return search.extra(from_=offset, size=limit, track_total_hits=True).source(["object_id"])


def term_statistics_search(terms: list[str]) -> Search:
    """One request for the number of documents, how many are written in each language (one that does
    not say counts in every language) and each term's document frequency."""
    search = Search().extra(size=0, track_total_hits=True)
    for language in LANGUAGES:
        search.aggs.bucket(f"written_{language}", "filter", Q(
            "bool", should=[Q("term", written=language), ~Q("exists", field="written")], minimum_should_match=1))
    for number, term in enumerate(terms):
        search.aggs.bucket(f"t{number}", "filter", Q("term", analysed=term))
    return search


class Statistics:
    """A query's idf, common terms and coverage, as ``embedded._KindIndex.scores`` computes them."""

    def __init__(self, weighted: QueryTerms, documents: int, frequencies: dict[str, int],
                 written: dict[str, int] | None = None):
        self.weighted, self.documents, self.frequencies = weighted, documents, frequencies
        written = written if written is not None else {}
        known = [t for t in weighted if frequencies.get(t)]
        common = ({t for t in known if frequencies[t] > COMMON_TERM_SHARE * documents}
                  if documents >= COMMON_TERM_MIN_DOCS else set())
        self.skip = frozenset() if len(common) == len(known) else frozenset(common)
        self.idf = {t: term_idf(t, df, documents, written) for t, df in frequencies.items() if df}
        own = getattr(weighted, "own", None) or weighted
        self.parts = {t: weight * (self.idf[t] if t in self.idf else term_idf(t, 0, documents, written))
                      for t, weight in weighted.items() if t in own and t not in self.skip}
        self.total = sum(self.parts.values())
        self._reachable: dict[frozenset, float] = {}  # by a document's languages: once per query, not per hit

    def boosted(self) -> QueryTerms:
        """The query's weights as Lucene must get them: it scores a term by its idf over the whole
        index, so each is scaled by the idf counted among its language's documents over that one."""
        return self.weighted.reweighted({
            t: weight * self.idf[t] / term_idf(t, self.frequencies[t], self.documents, {}) if t in self.idf else weight
            for t, weight in self.weighted.items()})

    def relevance(self, score: float, top: float, terms, languages=None) -> float:
        """As ``embedded``: the score relative to the best, damped by the covered share of the weight a
        document written in ``languages`` (its ``written`` facet; every language when it does not say)
        is measured against (``reachable_weight``)."""
        present = set(terms or ())
        grouped = {t: n for n, group in enumerate(getattr(self.weighted, "groups", ())) for t in group}
        covered, best = 0.0, {}
        for t, weight in self.weighted.items():
            if t in present and t in self.idf and t not in self.skip:
                value = weight * self.idf[t]
                if t in grouped:
                    best[grouped[t]] = max(best.get(grouped[t], 0.0), value)
                else:
                    covered += value
        covered += sum(best.values())
        languages = frozenset(languages or LANGUAGES)
        if languages not in self._reachable:
            self._reachable[languages] = reachable_weight(self.parts, self.weighted, languages)
        full = max(self._reachable[languages], 1e-9) * FULL_COVERAGE
        return round(score / top * min(1.0, covered / full), 4) if top else 0.0


def _relevance_of(statistics: Statistics, hit: dict, top: float) -> float:
    source = hit.get("_source", {})
    return statistics.relevance(float(hit.get("_score") or 0.0), top, source.get("analysed_terms"),
                                source.get("written"))


def document_body(document: dict) -> dict:
    """A stored search document as the index holds it (``es_documents.document_of``)."""
    return document_of(document, index="-")["_source"]


def client_credentials(*, api_key=None, username=None, password=None, ca_certs=None) -> dict:
    """The client's authentication and TLS trust from settings: an API key, or a user and password,
    and the CA file that signed the cluster's certificate (a secured cluster, as Elastic ships it)."""
    options = {}
    if api_key:
        options["api_key"] = api_key
    elif username:
        options["basic_auth"] = (username, password or "")
    if ca_certs:
        options["ca_certs"] = str(ca_certs)
    return options


def request_of(search) -> dict:
    """A ``Search`` as the client's keyword arguments (the client has deprecated ``body=``)."""
    request = search.to_dict()
    if "from" in request:
        request["from_"] = request.pop("from")
    return request


class SearchBackend(BaseSearchBackend):
    name = "elasticsearch"

    def __init__(self, urls=None, index_prefix="openlab", timeout=5, client=None, api_key=None, username=None,
                 password=None, ca_certs=None):
        self.urls = urls or []
        self.prefix = index_prefix
        self.timeout = timeout
        self._client = client
        self.credentials = client_credentials(api_key=api_key, username=username, password=password,
                                              ca_certs=ca_certs)

    @property
    def client(self):
        if self._client is None:
            self._client = Elasticsearch(self.urls, request_timeout=self.timeout, max_retries=0,
                                         retry_on_timeout=False, **self.credentials)
        return self._client

    def alias(self, kind: str) -> str:
        return f"{self.prefix}-{kind}s"

    def new_index_name(self, kind: str) -> str:
        return f"{self.alias(kind)}-{datetime.now(timezone.utc).strftime('%Y%m%d%H%M%S%f')}"

    def create_index(self, name: str) -> None:
        self.client.indices.create(index=name, **index_definition(name))

    def ensure_index(self, kind: str) -> None:
        if not self.client.indices.exists_alias(name=self.alias(kind)):
            name = self.new_index_name(kind)
            self.create_index(name)
            self.client.indices.put_alias(index=name, name=self.alias(kind))

    def _actions(self, documents, index=None):
        for document in documents:
            yield {"_op_type": "index"} | document_of(document, index=index or self.alias(document["kind"]))

    def _bulk(self, actions, **kwargs) -> int:
        """Send actions with the bulk helper in chunks; returns how many succeeded."""
        succeeded, _errors = bulk(self.client, actions, chunk_size=500, **kwargs)
        return succeeded

    def index(self, documents):
        if not documents:
            return
        for kind in {d["kind"] for d in documents}:
            self.ensure_index(kind)
        self._bulk(self._actions(documents), refresh="wait_for")

    def remove(self, kind, object_ids):
        if not object_ids:
            return
        self.ensure_index(kind)
        actions = ({"_op_type": "delete", "_index": self.alias(kind), "_id": str(pk)} for pk in object_ids)
        self._bulk(actions, refresh="wait_for", raise_on_error=False)

    def rebuild(self, kind, documents, *, progress=None) -> int:
        """Fill a new index, then point the alias at it in one call and drop the old ones."""
        name = self.new_index_name(kind)
        self.create_index(name)

        def counted(actions):
            for action in actions:
                if progress is not None:
                    progress.update(1)
                yield action

        count = self._bulk(counted(self._actions(documents, index=name)))
        self.client.indices.refresh(index=name)
        alias = self.alias(kind)
        old = list(self.client.indices.get_alias(name=alias).keys()) if self.client.indices.exists_alias(name=alias) else []
        actions = [{"remove": {"index": index, "alias": alias}} for index in old]
        actions.append({"add": {"index": name, "alias": alias}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        return count

    def indexed_ids(self, kind) -> set[int]:
        search = {"query": {"match_all": {}}, "_source": ["object_id"]}
        return {int(hit["_id"]) for hit in scan(self.client, index=self.alias(kind), query=search)}

    def statistics(self, kind: str, weighted: dict) -> Statistics:
        """The index's document count and the query terms' document frequencies (one request)."""
        terms = list(weighted)
        response = self.client.search(index=self.alias(kind), **request_of(term_statistics_search(terms)))
        aggregations = response.get("aggregations", {})
        frequencies = {t: int(aggregations.get(f"t{n}", {}).get("doc_count", 0)) for n, t in enumerate(terms)}
        written = {language: int(aggregations.get(f"written_{language}", {}).get("doc_count", 0))
                   for language in LANGUAGES}
        return Statistics(weighted, int(response["hits"]["total"]["value"]), frequencies, written)

    def search(self, kind, query, *, filters=None, sort="relevance", offset=0, limit=20,
               facets=True, highlight=True) -> SearchResults:
        query = (query or "")[:MAX_QUERY_CHARS]
        weighted = query_terms(query) if query.strip() else {}
        skip = frozenset()
        if weighted and sort == "relevance":
            statistics = self.statistics(kind, weighted)
            weighted, skip = statistics.boosted(), statistics.skip
        search = build_search(kind, query, filters=filters, sort=sort, offset=offset, limit=limit,
                              weighted=weighted or None, skip=skip, facets=facets, highlight=highlight)
        response = self.client.search(index=self.alias(kind), **request_of(search))
        hits = []
        for hit in response["hits"]["hits"]:
            fragments = hit.get("highlight", {}) if highlight else {}
            snippet = (fragments.get("body") or fragments.get("title") or [""])[0]
            hits.append(Hit(int(hit["_id"]), float(hit.get("_score") or 0.0), snippet))
        counts = {name: {str(b["key_as_string"] if "key_as_string" in b else b["key"]).lower()
                         if isinstance(b["key"], bool) or "key_as_string" in b else str(b["key"]): b["doc_count"]
                         for b in response.get("aggregations", {}).get(name, {}).get("buckets", [])}
                  for name in FACETS[kind]} if facets else {}
        return SearchResults(hits=hits, total=response["hits"]["total"]["value"], facets=counts, backend=self.name)

    def facets_of(self, kind: str, object_ids: list[int]) -> dict[int, dict]:
        if not object_ids:
            return {}
        response = self.client.mget(index=self.alias(kind), ids=[str(pk) for pk in object_ids],
                                    source_excludes=["analysed", "analysed_terms"])
        return {int(doc["_id"]): doc["_source"] for doc in response["docs"] if doc.get("found")}

    def _ranked(self, kind, text, filters, limit):
        weighted = query_terms(text[:MAX_QUERY_CHARS * 8]) if text and text.strip() else {}
        if not weighted:
            return None, None, []
        statistics = self.statistics(kind, weighted)
        search = build_search(kind, text, filters=filters, limit=limit, weighted=statistics.boosted(),
                              skip=statistics.skip, facets=False, highlight=False).source(["object_id", "analysed_terms", "written"])
        return weighted, statistics, search

    def relevance(self, kind, text, object_ids, *, filters=None):
        """The best score for the text and the scores of these documents in one ``msearch``, with the
        coverage computed as ``candidates`` does."""
        if not object_ids:
            return {}
        weighted, statistics, best = self._ranked(kind, text, filters, 1)
        if weighted is None:
            return {pk: 0.0 for pk in object_ids}
        these = best.filter("ids", values=[str(pk) for pk in object_ids]).extra(size=len(object_ids))
        response = self.client.msearch(searches=[{"index": self.alias(kind)}, request_of(best),
                                                 {"index": self.alias(kind)}, request_of(these)])
        top_hits, their_hits = (r.get("hits", {}).get("hits", []) for r in response["responses"])
        top = float(top_hits[0]["_score"]) if top_hits and top_hits[0].get("_score") else 0.0
        found = {int(h["_id"]): _relevance_of(statistics, h, top) for h in their_hits}
        return {pk: found.get(pk, 0.0) for pk in object_ids}

    def candidates(self, kind, text, *, filters=None, limit=200):
        weighted, statistics, search = self._ranked(kind, text, filters, limit)
        if weighted is None:
            listing = build_search(kind, "", filters=filters, limit=limit, facets=False)
            response = self.client.search(index=self.alias(kind), **request_of(listing))
            return [(int(h["_id"]), 0.0) for h in response["hits"]["hits"]]
        response = self.client.search(index=self.alias(kind), **request_of(search))
        hits = response["hits"]["hits"]
        top = float(hits[0]["_score"]) if hits and hits[0].get("_score") else 0.0
        return [(int(h["_id"]), _relevance_of(statistics, h, top)) for h in hits]
