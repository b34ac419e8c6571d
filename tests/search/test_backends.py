"""One backend test suite, run against every backend (Elasticsearch only when configured)."""

import numpy as np
import pytest

from marketplace import search_documents as documents
from marketplace.models import Organization, Solution, SolutionType
from tests.search_fixtures import index_everything

from ..factories import NeedFactory, OrganizationFactory, PartnershipFactory, SolutionFactory


@pytest.fixture
def catalogue(db):
    parking = SolutionFactory(title="스마트주차장 안내", summary="빈 주차면을 알려 줍니다", description="IoT 센서",
                              open_source=True, license="MIT")
    care = SolutionFactory(title="홀몸 어르신 안부 확인", summary="AI 스피커 돌봄", description="어르신들의 생활 패턴",
                           primary_type=SolutionType.objects.get(code="HLT-01"), nationwide=False)
    care.service_sidos.set(["48"])
    english = SolutionFactory(title="Parking lots guidance", summary="Sensors for parking lots", description="",
                              languages=["en"])
    draft = SolutionFactory(title="초안 주차 솔루션", status="draft")
    unverified = SolutionFactory(title="미인증 주차 솔루션")
    Organization.objects.filter(pk=unverified.organization_id).update(status="pending")
    return {"parking": parking, "care": care, "english": english, "draft": draft, "unverified": unverified}


def ids(results):
    return [hit.object_id for hit in results.hits]


def test_korean_subword_and_particles(search_backend, catalogue):
    index_everything(search_backend)
    assert catalogue["parking"].pk in ids(search_backend.search("solution", "주차"))
    assert catalogue["care"].pk in ids(search_backend.search("solution", "어르신"))


def test_english_stemming_case_insensitive(search_backend, catalogue):
    index_everything(search_backend)
    assert catalogue["english"].pk in ids(search_backend.search("solution", "parking"))
    assert catalogue["english"].pk in ids(search_backend.search("solution", "PARKING LOT"))


def test_english_query_finds_korean_listing(search_backend, catalogue):
    index_everything(search_backend)
    found = ids(search_backend.search("solution", "elderly living alone"))
    assert catalogue["care"].pk in found
    assert catalogue["parking"].pk in ids(search_backend.search("solution", "parking"))


def test_drafts_and_unverified_are_never_indexed(search_backend, catalogue):
    index_everything(search_backend)
    found = ids(search_backend.search("solution", "주차"))
    assert catalogue["draft"].pk not in found and catalogue["unverified"].pk not in found
    assert catalogue["draft"].pk not in search_backend.indexed_ids("solution")


def test_filters_and_facets(search_backend, catalogue):
    index_everything(search_backend)
    results = search_backend.search("solution", "", filters={"type": "HLT-01"})
    assert ids(results) == [catalogue["care"].pk]
    assert ids(search_backend.search("solution", "", filters={"open_source": True})) == [catalogue["parking"].pk]
    in_seoul = ids(search_backend.search("solution", "", filters={"sido": "11"}))
    assert catalogue["care"].pk not in in_seoul and catalogue["parking"].pk in in_seoul
    everything = search_backend.search("solution", "")
    assert everything.total == 3
    assert everything.facets["types"]["TRF-07"] == 2 and everything.facets["types"]["HLT-01"] == 1


def test_relevance_puts_the_title_match_first(search_backend, catalogue):
    index_everything(search_backend)
    assert ids(search_backend.search("solution", "스마트주차장 안내"))[0] == catalogue["parking"].pk


def test_highlight_marks_and_escapes(search_backend, db):
    SolutionFactory(title="안내", summary="<b>주차</b> 안내", description="")
    index_everything(search_backend)
    hit = search_backend.search("solution", "주차").hits[0]
    assert "<mark>" in hit.highlight and "<b>" not in hit.highlight


def test_remove_and_reindex(search_backend, catalogue):
    index_everything(search_backend)
    search_backend.remove("solution", [catalogue["parking"].pk])
    assert catalogue["parking"].pk not in ids(search_backend.search("solution", "주차"))


def test_needs_sorted_by_deadline_and_filtered_by_sido(search_backend, db):
    from datetime import timedelta

    from django.utils import timezone

    later = NeedFactory(title="늦은 마감", deadline=timezone.localdate() + timedelta(days=60))
    sooner = NeedFactory(title="빠른 마감", deadline=timezone.localdate() + timedelta(days=5))
    index_everything(search_backend)
    assert ids(search_backend.search("need", "", sort="deadline"))[:2] == [sooner.pk, later.pk]
    sido = later.organization.municipality.code[:2]
    assert later.pk in ids(search_backend.search("need", "", filters={"sido": sido}))


def test_partnership_direction_filter(search_backend, db):
    seeking = PartnershipFactory(direction="seeking")
    PartnershipFactory(direction="offering", organization=OrganizationFactory())
    index_everything(search_backend)
    assert ids(search_backend.search("partnership", "", filters={"direction": "seeking"})) == [seeking.pk]


def test_candidates_are_ranked_with_relevance_in_unit_range(search_backend, catalogue):
    index_everything(search_backend)
    found = search_backend.candidates("solution", "전통시장 주변 주차 공간이 부족합니다", limit=10)
    assert found[0][0] == catalogue["parking"].pk and found[0][1] == max(score for _pk, score in found) > 0
    assert all(0 <= score <= 1 for _pk, score in found)


def test_a_candidate_sharing_one_word_of_a_long_need_stays_weak(db, catalogue):
    # The best of weak candidates is not "fully relevant": relevance is damped by the share of the
    # need's words it covers (the second need shares only 안내 with the catalogue).
    from openlab import search

    engine = search.backend("default")
    index_everything(engine)
    strong = dict(engine.candidates("solution", "주차 공간이 부족해 빈 주차면 안내가 필요합니다", limit=10))
    weak = dict(engine.candidates("solution", "원룸촌 골목이 어둡고 밤길 귀가가 불안하다는 민원 안내", limit=10))
    assert max(strong.values()) > 3 * max(weak.values()) > 0


def test_common_terms_are_skipped_only_beside_rarer_ones(db):
    from types import SimpleNamespace

    from django.utils import timezone

    from openlab.search.embedded import COMMON_TERM_MIN_DOCS, _KindIndex

    index = _KindIndex(["types"])
    for n in range(COMMON_TERM_MIN_DOCS):
        terms = {"스마트": 1.0} | ({"주차": 1.0} if n % 100 == 0 else {})
        index.apply(SimpleNamespace(object_id=n, public=True, terms=terms, facets={}, title="", indexed_at=timezone.now()))
    only_common = index.scores({"스마트": 1.0})
    assert (only_common > 0).sum() == COMMON_TERM_MIN_DOCS  # a query of common terms still finds them
    mixed = index.scores({"스마트": 1.0, "주차": 1.0})
    assert (mixed > 0).sum() == COMMON_TERM_MIN_DOCS // 100  # beside a rare term, the common one is skipped


def test_candidates_passing_filters_come_from_beyond_the_best_few(db):
    # With limit 2 the embedded backend first orders only its best 8; the only open-source
    # listings score lowest, so they must come from the rest.
    from openlab import search

    for n in range(20):
        SolutionFactory(title="주차 " * (20 - n) + f"안내 {n}", open_source=n >= 18, license="MIT" if n >= 18 else "")
    engine = search.backend("default")
    index_everything(engine)
    found = engine.candidates("solution", "주차", filters={"open_source": True}, limit=2)
    assert len(found) == 2
    assert all(Solution.objects.get(pk=pk).open_source for pk, _score in found)


def test_of_types_gives_the_newest_documents_of_each_type_that_pass_filters(search_backend, catalogue):
    index_everything(search_backend)
    found = search_backend.of_types("solution", ["TRF-07"], filters={"open_source": True}, limit=5)
    assert found == [catalogue["parking"].pk]
    assert search_backend.of_types("solution", ["HLT-01"], limit=5) == [catalogue["care"].pk]


def test_relevance_gives_exactly_what_candidates_give(search_backend, db):
    # relevance scores only the documents asked about, relative to a best score it keeps per query:
    # the figures must be those of a full candidates pass, for every document, with filters too.
    for n in range(30):
        SolutionFactory(title=f"주차 안내 {n}" if n % 3 else f"Parking guidance {n}",
                        summary="빈 주차면 " * (n % 4) + "미세먼지 " * (n % 5), open_source=n % 2 == 0,
                        license="MIT" if n % 2 == 0 else "")
    index_everything(search_backend)
    for text, filters in (("주차장 빈자리 안내가 필요합니다", {}), ("parking lots and fine dust", {"open_source": True}),
                          ("미세먼지 측정", {"status": ["published"]})):
        expected = dict(search_backend.candidates("solution", text, filters=filters, limit=100))
        ids = [s.pk for s in Solution.objects.all()]
        found = search_backend.relevance("solution", text, ids, filters=filters)
        assert {pk: r for pk, r in found.items() if r} == {pk: r for pk, r in expected.items() if r}
        assert len([r for r in found.values() if r]) >= 5


def test_the_kept_best_score_follows_a_change_of_the_index(db):
    # A better document indexed after a relevance question moves the best score on: an earlier
    # answer is not reused.
    from openlab import search

    engine = search.backend("default")
    weak = SolutionFactory(title="주차 솔루션", summary="")
    index_everything(engine)
    assert engine.relevance("solution", "주차 안내 센서", [weak.pk])[weak.pk] > 0
    before = engine.relevance("solution", "주차 안내 센서", [weak.pk])[weak.pk]
    better = SolutionFactory(title="주차 안내 센서", summary="주차 안내 센서로 빈 주차면 안내")
    engine.index([documents.prepare("solution", better)])  # the index changes in place
    after = engine.relevance("solution", "주차 안내 센서", [weak.pk])[weak.pk]
    assert after < before
    assert after == dict(engine.candidates("solution", "주차 안내 센서", limit=10)).get(weak.pk, 0.0)


def _index(documents):
    from types import SimpleNamespace

    from django.utils import timezone

    from openlab.search.embedded import _KindIndex

    index = _KindIndex([])
    for n, (terms, written) in enumerate(documents):
        facets = {} if written is None else {"written": written}
        index.apply(SimpleNamespace(object_id=n, public=True, terms=terms, facets=facets, title="",
                                    indexed_at=timezone.now()))
    return index


def test_a_word_is_as_rare_as_it_is_among_the_documents_of_its_language(db):
    # Two English listings, then the same beside eighteen Korean ones (every document of length 2, so
    # BM25's length norm is the same): the English words score the same, the Korean ones too.
    english = [({"parcel": 1.0, "locker": 1.0}, ["en"]), ({"resid": 1.0, "locker": 1.0}, ["en"])]
    korean = [({"택배": 1.0, "보관": 1.0}, ["ko"])] + [({"주차": 1.0, "안내": 1.0}, ["ko"])] * 17
    alone, korean_alone, mixed = _index(english), _index(korean), _index(english + korean)
    assert mixed.written_totals() == {"ko": 18, "en": 2}
    assert mixed.scores({"resid": 1.0})[1] == pytest.approx(alone.scores({"resid": 1.0})[1])
    assert mixed.scores({"택배": 1.0})[2] == pytest.approx(korean_alone.scores({"택배": 1.0})[0])
    # The relevance a need gets is relative and covered alike: the English listing's does not grow.
    coverage = np.zeros(20, dtype=np.float32)
    mixed.scores({"resid": 1.0, "택배": 1.0}, coverage=coverage, parts={})
    assert coverage[1] < coverage[2]  # an English word common among English listings counts for less
    # Documents stored before they said their languages count in every language, as before.
    unsaid = _index([(terms, None) for terms, _written in english + korean])
    assert unsaid.scores({"resid": 1.0})[1] > alone.scores({"resid": 1.0})[1]


def test_coverage_owes_only_what_a_listing_s_language_can_hold():
    from openlab.search.analysis import QueryTerms
    from openlab.search.embedded import _full_coverage, reachable_weight

    weighted = QueryTerms({"주차": 1.0, "모르": 1.0, "#주차": 0.5, "2024": 1.0, "parking": 0.7, "smart": 1.0})
    weighted.own = frozenset({"주차", "모르", "#주차", "2024", "smart"})
    weighted.concepts = (frozenset({"주차", "parking"}),)
    parts = {"주차": 2.0, "모르": 1.0, "#주차": 0.5, "2024": 0.25, "smart": 0.125}
    assert reachable_weight(parts, weighted, frozenset({"ko"})) == sum(parts.values())
    # In English: 주차 (its group has English), the number and the English word; not the verb stem
    # nor the sub-word piece.
    assert reachable_weight(parts, weighted, frozenset({"en"})) == 2.0 + 0.25 + 0.125
    # An English term a Korean listing lacks is still owed.
    english = QueryTerms({"parking": 1.0, "lot": 1.0})
    english.own = frozenset(english)
    assert reachable_weight({"parking": 1.0, "lot": 0.5}, english, frozenset({"ko"})) == 1.5
    index = _index([({"parking": 1.0}, ["en"]), ({"주차": 1.0}, ["ko"]), ({"주차": 1.0}, None)])
    full = _full_coverage(index, weighted, parts)
    assert full(0) == pytest.approx(2.375 * 0.25)
    assert full(1) == full(2) == pytest.approx(sum(parts.values()) * 0.25)


def test_a_document_says_the_languages_of_its_own_words_not_of_its_type_names(db):
    korean = SolutionFactory(title="스마트주차장 안내", summary="빈 주차면을 알려 줍니다", description="IoT 센서와 AI 분석")
    both = SolutionFactory(title="스마트주차장 안내", summary="빈 주차면", title_en="Smart parking guidance")
    english = SolutionFactory(title="Parking lots guidance", summary="Sensors for parking lots", description="")
    assert documents.prepare("solution", korean)["facets"]["written"] == ["ko"]
    assert documents.prepare("solution", both)["facets"]["written"] == ["ko", "en"]
    assert documents.prepare("solution", english)["facets"]["written"] == ["en"]
