"""What is indexed for each kind of listing (registered with the search layer), and when: only public listings (published solutions,
open/closed/awarded needs, open/closed partnership requests) of verified organisations."""

from django.utils import timezone

from openlab.search import registry
from openlab.search.analysis import ANALYSIS_VERSION, analyse, written_languages

from .kinds import KINDS
from .markup import markdown_text
from .models import Need, Organization, Solution
from .type_inference import listing_inferred_types

BODY_CHARS = 2000


def should_index(listing) -> bool:
    return listing.status in listing.PUBLIC_STATUSES and listing.organization.status == Organization.Status.VERIFIED


def queryset(kind: str):
    model = KINDS[kind].model
    qs = model.objects.select_related("organization", "organization__municipality").prefetch_related("types")
    if model is Solution:
        qs = qs.select_related("primary_type").prefetch_related("service_sidos", "deployments")
    return qs


def indexable(kind: str):
    model = KINDS[kind].model
    return queryset(kind).filter(status__in=model.PUBLIC_STATUSES, organization__status=Organization.Status.VERIFIED)


def _ts(value):
    return value.isoformat() if value else None


def _types(listing) -> tuple[list[str], list[str]]:
    codes = [t.code for t in listing.types.all()]
    primary = getattr(listing, "primary_type_id", None)
    if primary:  # a solution's primary type first, as the scorer reads it
        codes = [primary] + [code for code in codes if code != primary]
    return codes, sorted({code.split("-")[0] for code in codes})


def _english(listing) -> list[tuple[str, float]]:
    """A listing's optional English title and summary: searched like its own (both languages)."""
    return [(text, weight) for text, weight in ((listing.title_en, 3.0), (listing.summary_en, 2.0)) if text]


def fields_and_facets(listing) -> tuple[list[tuple[str, float]], str, str, dict]:
    """(weighted texts, title, body, facets) of a listing."""
    organization = listing.organization
    codes, fields = _types(listing)
    english = _english(listing)
    type_names = " ".join(f"{t.name_ko} {t.name_en}" for t in listing.types.all())
    facets = {"status": listing.status, "organization": organization.pk, "types": codes, "fields": fields,
              "published_at": _ts(listing.published_at), "org_size": organization.size,
              "org_kind": organization.kind}
    if isinstance(listing, Solution):
        body = f"{listing.summary}\n{markdown_text(listing.description)}"  # snippets show words, not marks
        texts = [(listing.title, 3.0), (listing.summary, 2.0), (listing.description, 1.0), *english,
                 (" ".join(listing.keywords), 2.0)]
        facets |= {
            "sidos": [m.code for m in listing.service_sidos.all()], "nationwide": listing.nationwide,
            "overseas": listing.overseas, "open_source": listing.open_source,
            "data_hub": listing.data_hub_ready, "price_min": listing.price_min_krw,
            "price_max": listing.price_max_krw, "deployment_months": listing.deployment_months,
            "min_population": listing.min_population, "max_population": listing.max_population,
            "languages": list(listing.languages),
            "deployments": [d.municipality_id or "" for d in listing.deployments.all()],
        }
    elif isinstance(listing, Need):
        municipality = organization.municipality
        body = f"{markdown_text(listing.problem)}\n{markdown_text(listing.desired_outcome)}"
        texts = [(listing.title, 3.0), (listing.problem, 1.5), (listing.desired_outcome, 1.0), *english]
        if listing.field_id:
            fields = sorted(set(fields) | {listing.field_id})
            facets["fields"] = fields
        facets |= {
            "sido": municipality.code[:2] if municipality else "", "municipality": municipality.code if municipality else "",
            "population": municipality.population if municipality else None,
            "overseas": organization.kind == Organization.Kind.OVERSEAS, "programme": listing.programme,
            "budget_min": listing.budget_min_krw, "budget_max": listing.budget_max_krw,
            "deadline": _ts(listing.deadline), "living_lab": listing.living_lab,
            "requires_open_source": listing.requires_open_source, "requires_data_hub": listing.requires_data_hub,
            "field": listing.field_id or "",
        }
    else:
        body = markdown_text(listing.description)
        texts = [(listing.title, 3.0), (listing.description, 1.0), *english]
        facets |= {"direction": listing.direction, "collaboration": listing.collaboration,
                   "target_sizes": listing.target_size_list, "sido": listing.region_id or "",
                   "deadline": _ts(listing.deadline)}
    # The languages of its own words (an English word's rarity is counted among English listings).
    facets["written"] = written_languages(" ".join(text for text, weight in texts if (text, weight) not in english),
                                          english=bool(english))
    texts.append((type_names, 1.0))
    if not isinstance(listing, Solution):
        # Types guessed from the words when the author chose none, with their confidence.
        inferred = [] if codes else listing_inferred_types(listing)
        facets |= {"inferred_types": [code for code, _c in inferred],
                   "inferred_confidence": [confidence for _code, confidence in inferred]}
    if listing.summary_en:
        body = f"{body}\n{listing.summary_en}"
    return texts, listing.title, body[:BODY_CHARS], facets


def prepare(kind: str, listing) -> dict:
    """The stored search document of a listing (analysis included)."""
    texts, title, body, facets = fields_and_facets(listing)
    return {"kind": kind, "object_id": listing.pk, "public": True, "title": title, "body": body,
            "terms": with_facet_terms(analyse(texts), facets), "facets": facets, "indexed_at": timezone.now(), "analysis_version": ANALYSIS_VERSION}


def with_facet_terms(terms: dict, facets: dict) -> dict:
    """The embedded index also finds documents by type through its postings (``@type:TRF-07``)."""
    return terms | {f"@type:{code}": 0.001 for code in facets.get("types", [])}


def register_kinds() -> None:
    """Tell the search layer what each listing kind indexes (``MarketplaceConfig.ready``)."""
    for name in KINDS:
        registry.register(registry.IndexedKind(
            name=name, model=KINDS[name].model, queryset=lambda name=name: queryset(name), indexable=lambda name=name: indexable(name),
            should_index=should_index, prepare=lambda listing, name=name: prepare(name, listing)))
