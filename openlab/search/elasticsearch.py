"""The Elasticsearch backend, written with ``elasticsearch.dsl`` (the DSL of elasticsearch-py 8).

Each kind has an alias ``<prefix>-<kind>s`` over a versioned index ``<prefix>-<kind>s-<timestamp>``;
a rebuild fills a new index and swaps the alias in one atomic call. Text fields are analysed with
``nori`` (Korean), with a ``sub`` sub-field of Hangul bigrams and an ``en`` sub-field (English stems).
Domain synonyms are expanded in Python (``analysis.synonym_phrases``) exactly as for the embedded
backend; filters mean what ``base.facet_ok`` says."""

import logging
from datetime import datetime, timezone

from elasticsearch.dsl import Q, Search

from .analysis import expanded_phrases
from .base import FACETS, MAX_QUERY_CHARS, Hit, SearchResults
from .base import SearchBackend as BaseSearchBackend

logger = logging.getLogger(__name__)


def unavailable_errors() -> tuple[type[BaseException], ...]:
    """Errors meaning "Elasticsearch cannot answer now" (down, timing out, index missing)."""
    import elastic_transport
    from elasticsearch import ApiError

    return (elastic_transport.TransportError, ApiError, ConnectionError, TimeoutError)


def is_query_error(exc: BaseException) -> bool:
    """The cluster answered, and refused the query itself (400): a fault to fix, not an outage to
    ride out on the embedded backend."""
    return getattr(exc, "status", None) == 400 or getattr(getattr(exc, "meta", None), "status", None) == 400


SETTINGS = {
    "number_of_shards": 1,
    "analysis": {
        "tokenizer": {
            "ko_nori": {"type": "nori_tokenizer", "decompound_mode": "mixed"},
            "hangul_bigram": {"type": "ngram", "min_gram": 2, "max_gram": 2, "token_chars": ["letter"]},
        },
        "filter": {
            "ko_pos": {"type": "nori_part_of_speech",
                       "stoptags": ["E", "IC", "J", "MAG", "MAJ", "MM", "SP", "SSC", "SSO", "SC", "SE",
                                    "XPN", "XSA", "XSN", "XSV", "UNA", "NA", "VSV"]},
            "en_stem": {"type": "stemmer", "language": "english"},
        },
        "analyzer": {
            "korean": {"type": "custom", "tokenizer": "ko_nori",
                       "filter": ["ko_pos", "nori_readingform", "lowercase", "en_stem"]},
            "korean_sub": {"type": "custom", "tokenizer": "hangul_bigram", "filter": ["lowercase"]},
        },
    },
}
TEXT = {"type": "text", "analyzer": "korean",
        "fields": {"sub": {"type": "text", "analyzer": "korean_sub"},
                   "en": {"type": "text", "analyzer": "english"}}}
KEYWORD_FACETS = ["status", "types", "inferred_types", "fields", "org_size", "org_kind", "sido", "sidos", "municipality",
                  "programme", "direction", "collaboration", "target_sizes", "languages", "deployments", "field"]
BOOLEAN_FACETS = ["nationwide", "overseas", "open_source", "data_hub", "living_lab", "requires_open_source",
                  "requires_data_hub"]
LONG_FACETS = ["organization", "price_min", "price_max", "budget_min", "budget_max", "population",
               "min_population", "max_population", "deployment_months"]
DATE_FACETS = ["published_at", "deadline"]


def mapping() -> dict:
    properties = {"object_id": {"type": "long"}, "title": TEXT, "body": TEXT}
    properties |= {name: {"type": "keyword"} for name in KEYWORD_FACETS}
    properties |= {name: {"type": "boolean"} for name in BOOLEAN_FACETS}
    properties |= {name: {"type": "long"} for name in LONG_FACETS}
    properties |= {name: {"type": "date"} for name in DATE_FACETS}
    return {"dynamic": False, "properties": properties}


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


def build_search(kind: str, query: str, *, filters=None, sort="relevance", offset=0, limit=20) -> Search:
    query = (query or "")[:MAX_QUERY_CHARS].strip()
    search = Search()
    search = search.query(text_query(query)) if query else search.query(Q("match_all"))
    for clause in filter_clauses(kind, filters or {}):
        search = search.filter(clause)
    if sort == "newest" or (sort == "relevance" and not query):
        search = search.sort({"published_at": {"order": "desc", "missing": "_last"}})
    elif sort == "deadline":
        search = search.sort({"deadline": {"order": "asc", "missing": "_last"}})
    for name in FACETS[kind]:
        search.aggs.bucket(name, "terms", field=name, size=100)
    if query:
        search = search.highlight("body", "title", fragment_size=140, number_of_fragments=1).highlight_options(
            pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")
    return search.extra(from_=offset, size=limit, track_total_hits=True).source(["object_id"])



def document_body(document: dict) -> dict:
    body = {"object_id": document["object_id"], "title": document["title"], "body": document["body"]}
    known = set(KEYWORD_FACETS) | set(BOOLEAN_FACETS) | set(LONG_FACETS) | set(DATE_FACETS)
    body |= {key: value for key, value in document["facets"].items() if key in known and value not in ("", None)}
    return body


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
            from elasticsearch import Elasticsearch

            self._client = Elasticsearch(self.urls, request_timeout=self.timeout, max_retries=0,
                                         retry_on_timeout=False, **self.credentials)
        return self._client

    def alias(self, kind: str) -> str:
        return f"{self.prefix}-{kind}s"

    def new_index_name(self, kind: str) -> str:
        return f"{self.alias(kind)}-{datetime.now(timezone.utc).strftime('%Y%m%d%H%M%S%f')}"

    def create_index(self, name: str) -> None:
        self.client.indices.create(index=name, settings=SETTINGS, mappings=mapping())

    def ensure_index(self, kind: str) -> None:
        if not self.client.indices.exists_alias(name=self.alias(kind)):
            name = self.new_index_name(kind)
            self.create_index(name)
            self.client.indices.put_alias(index=name, name=self.alias(kind))

    def _actions(self, documents, index=None):
        for document in documents:
            yield {"_op_type": "index", "_index": index or self.alias(document["kind"]),
                   "_id": str(document["object_id"]), "_source": document_body(document)}

    def _bulk(self, actions, **kwargs) -> int:
        """Send actions with the bulk helper in chunks; returns how many succeeded."""
        from elasticsearch.helpers import bulk

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
        from elasticsearch.helpers import scan

        search = {"query": {"match_all": {}}, "_source": ["object_id"]}
        return {int(hit["_id"]) for hit in scan(self.client, index=self.alias(kind), query=search)}

    def search(self, kind, query, *, filters=None, sort="relevance", offset=0, limit=20,
               facets=True, highlight=True) -> SearchResults:
        search = build_search(kind, query, filters=filters, sort=sort, offset=offset, limit=limit)
        response = self.client.search(index=self.alias(kind), **request_of(search))
        hits = []
        for hit in response["hits"]["hits"]:
            fragments = hit.get("highlight", {})
            snippet = (fragments.get("body") or fragments.get("title") or [""])[0]
            hits.append(Hit(int(hit["_id"]), float(hit.get("_score") or 0.0), snippet))
        facets = {name: {str(b["key_as_string"] if "key_as_string" in b else b["key"]).lower()
                         if isinstance(b["key"], bool) or "key_as_string" in b else str(b["key"]): b["doc_count"]
                         for b in response.get("aggregations", {}).get(name, {}).get("buckets", [])}
                  for name in FACETS[kind]}
        return SearchResults(hits=hits, total=response["hits"]["total"]["value"], facets=facets, backend=self.name)

    def facets_of(self, kind: str, object_ids: list[int]) -> dict[int, dict]:
        if not object_ids:
            return {}
        response = self.client.mget(index=self.alias(kind), ids=[str(pk) for pk in object_ids])
        return {int(doc["_id"]): doc["_source"] for doc in response["docs"] if doc.get("found")}

    def relevance(self, kind, text, object_ids, *, filters=None):
        """Two searches in one ``msearch``: the best score for the text, and the scores of these
        documents (the same ratio as ``candidates``)."""
        if not object_ids:
            return {}
        best = build_search(kind, text, filters=filters, limit=1)
        these = build_search(kind, text, filters=(filters or {}), limit=len(object_ids)).filter(
            "ids", values=[str(pk) for pk in object_ids])
        response = self.client.msearch(searches=[{"index": self.alias(kind)}, request_of(best),
                                                 {"index": self.alias(kind)}, request_of(these)])
        top_hits, their_hits = (r.get("hits", {}).get("hits", []) for r in response["responses"])
        top = float(top_hits[0]["_score"]) if top_hits and top_hits[0].get("_score") else 1.0
        found = {int(h["_id"]): float(h.get("_score") or 0.0) / top for h in their_hits}
        return {pk: round(found.get(pk, 0.0), 4) for pk in object_ids}

    def candidates(self, kind, text, *, filters=None, limit=200):
        search = build_search(kind, text, filters=filters, limit=limit)
        search = search.extra(size=limit)
        response = self.client.search(index=self.alias(kind), **request_of(search))
        hits = response["hits"]["hits"]
        top = float(hits[0]["_score"]) if hits and hits[0].get("_score") else 1.0
        return [(int(h["_id"]), float(h.get("_score") or 0.0) / top) for h in hits]
