"""The Elasticsearch index of a listing kind, as ``elasticsearch.dsl`` classes.

Ranking runs on ``analysed``: the stored Kiwi analysis of ``analysis.py`` (the very terms the embedded
backend indexes), written as whitespace-separated tokens, each repeated twice its weight, and scored
with BM25 at twice the embedded backend's k1, which gives the same term scores up to a constant (a
term of weight w scores idf * 2w / (2w + 2k1 * norm) = idf * w / (w + k1 * norm)). So both backends
rank the same documents the same way. ``title`` and ``body`` are analysed with ``nori`` (with Hangul
bigram and English sub-fields) for highlighting only."""

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Float,
    Index,
    Keyword,
    Long,
    MetaField,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)

from .embedded import K1, B

SIMILARITY = "kiwi_bm25"
TOKEN_REPEAT = 2  # tokens per unit of weight (sub-word pieces weigh 0.5: one token)

korean = analyzer(
    "korean", tokenizer=tokenizer("ko_nori", "nori_tokenizer", decompound_mode="mixed"),
    filter=[token_filter("ko_pos", "nori_part_of_speech",
                         stoptags=["E", "IC", "J", "MAG", "MAJ", "MM", "SP", "SSC", "SSO", "SC", "SE", "XPN", "XSA",
                                   "XSN", "XSV", "UNA", "NA", "VSV"]),
            "nori_readingform", "lowercase", token_filter("en_stem", "stemmer", language="english")])
korean_sub = analyzer("korean_sub", tokenizer=tokenizer("hangul_bigram", "ngram", min_gram=2, max_gram=2,
                                                        token_chars=["letter"]), filter=["lowercase"])


def _display_text():
    return Text(analyzer=korean, fields={"sub": Text(analyzer=korean_sub), "en": Text(analyzer="english")})


KEYWORD_FACETS = ["status", "types", "inferred_types", "fields", "org_size", "org_kind", "sido", "sidos",
                  "municipality", "programme", "direction", "collaboration", "target_sizes", "languages",
                  "deployments", "field", "written"]
BOOLEAN_FACETS = ["nationwide", "overseas", "open_source", "data_hub", "living_lab", "requires_open_source",
                  "requires_data_hub"]
LONG_FACETS = ["organization", "price_min", "price_max", "budget_min", "budget_max", "population",
               "min_population", "max_population", "deployment_months"]
FLOAT_FACETS = ["inferred_confidence"]
DATE_FACETS = ["published_at", "deadline"]


class ListingDocument(Document):
    """One listing (solution, need or partnership request) in its kind's index."""

    object_id = Long()
    title = _display_text()
    body = _display_text()
    analysed = Text(analyzer="whitespace", similarity=SIMILARITY)
    analysed_terms = Keyword(index=False, doc_values=False)  # the distinct terms, for coverage

    class Meta:
        dynamic = MetaField(False)


for _name in KEYWORD_FACETS:
    ListingDocument._doc_type.mapping.field(_name, Keyword())
for _name in BOOLEAN_FACETS:
    ListingDocument._doc_type.mapping.field(_name, Boolean())
for _name in LONG_FACETS:
    ListingDocument._doc_type.mapping.field(_name, Long())
for _name in FLOAT_FACETS:
    ListingDocument._doc_type.mapping.field(_name, Float())
for _name in DATE_FACETS:
    ListingDocument._doc_type.mapping.field(_name, Date())
FACET_NAMES = set(KEYWORD_FACETS) | set(BOOLEAN_FACETS) | set(LONG_FACETS) | set(FLOAT_FACETS) | set(DATE_FACETS)


def index_definition(name: str) -> dict:
    """The settings and mappings of a new index (``indices.create(index=name, **index_definition(name))``)."""
    index = Index(name)
    index.settings(number_of_shards=1, similarity={SIMILARITY: {"type": "BM25", "k1": K1 * TOKEN_REPEAT, "b": B}})
    index.document(ListingDocument)
    return index.to_dict()


def analysed_tokens(terms: dict) -> tuple[str, list[str]]:
    """The stored analysis as whitespace-separated tokens (each repeated by its weight) and the
    distinct terms. Facet terms (``@type:…``) are the embedded index's own and are left out."""
    tokens, distinct = [], []
    for term, weight in terms.items():
        if term.startswith("@") or not term or any(ch.isspace() for ch in term):
            continue
        tokens.extend([term] * max(1, round(weight * TOKEN_REPEAT)))
        distinct.append(term)
    return " ".join(tokens), distinct


def document_of(document: dict, *, index: str) -> dict:
    """A stored search document as a bulk action (``ListingDocument`` with its meta)."""
    analysed, distinct = analysed_tokens(document.get("terms") or {})
    facets = {key: value for key, value in document["facets"].items()
              if key in FACET_NAMES and value not in ("", None)}
    listing = ListingDocument(meta={"id": str(document["object_id"]), "index": index},
                              object_id=document["object_id"], title=document["title"], body=document["body"],
                              analysed=analysed, analysed_terms=distinct, **facets)
    return listing.to_dict(include_meta=True, skip_empty=False)
