"""``?q=`` on the boards and the API: with the facet filters, facet counts, highlights and sorting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.models import SolutionType
from openlab import search
from tests.search_fixtures import index_everything

from ..factories import MembershipFactory, NeedFactory, SolutionFactory


@pytest.fixture
def indexed(db):
    parking = SolutionFactory(title="빈자리 주차 안내", summary="스마트주차장을 안내합니다", open_source=True, license="MIT")
    care = SolutionFactory(title="홀몸 어르신 돌봄", summary="AI 안부 확인", description="독거노인 돌봄",
                           primary_type=SolutionType.objects.get(code="HLT-01"))
    market = SolutionFactory(title="전통시장 주차와 배달", summary="시장 주변 주차 정보")
    draft = SolutionFactory(title="초안 주차", status="draft")
    index_everything(search.backend())
    return {"parking": parking, "care": care, "market": market, "draft": draft}


def test_board_keyword_search_with_highlight(client, indexed):
    response = client.get(reverse("marketplace:solution_list"), {"q": "주차"})
    titles = [item.title for item in response.context["page"]]
    assert set(titles) == {"빈자리 주차 안내", "전통시장 주차와 배달"}
    assert "<mark>주차</mark>" in response.content.decode()


def test_keyword_and_facet_filter_combine(client, indexed):
    response = client.get(reverse("marketplace:solution_list"), {"q": "주차", "open_source": "true"})
    assert [item.pk for item in response.context["page"]] == [indexed["parking"].pk]


def test_english_query_on_the_board_finds_korean(client, indexed):
    response = client.get(reverse("marketplace:solution_list"), {"q": "elderly living alone"})
    assert [item.pk for item in response.context["page"]] == [indexed["care"].pk]


def test_facet_counts_next_to_filters(client, indexed):
    page = client.get(reverse("marketplace:solution_list"), {"q": "주차"}).content.decode()
    assert "스마트 주차 (2)" in page and "치매 탐지 (0)" in page


def test_api_search_returns_facets_and_highlights(client, indexed):
    data = client.get("/api/v1/solutions/", {"q": "주차", "status": "published"}).json()
    assert {row["id"] for row in data["results"]} == {indexed["parking"].pk, indexed["market"].pk}
    assert data["facets"]["type"] == {"TRF-07": 2}
    assert all("<mark>" in row["highlight"] for row in data["results"])


def test_member_does_not_find_drafts_by_keyword_but_sees_them_by_status(client, indexed):
    member = MembershipFactory(organization=indexed["draft"].organization).user
    client.force_login(member)
    data = client.get("/api/v1/solutions/", {"q": "주차"}).json()
    assert indexed["draft"].pk not in {row["id"] for row in data["results"]}
    data = client.get("/api/v1/solutions/", {"status": "draft"}).json()
    assert [row["id"] for row in data["results"]] == [indexed["draft"].pk]


def test_empty_query_lists_everything_and_long_queries_are_cut(client, indexed):
    assert client.get("/api/v1/solutions/", {"q": ""}).json()["count"] == 3
    response = client.get("/api/v1/solutions/", {"q": "주차 " * 400})
    assert response.status_code == 200 and response.json()["count"] == 2


def test_unknown_sort_or_facet_value_is_400(client, indexed):
    assert "sort" in client.get("/api/v1/solutions/", {"q": "주차", "sort": "random"}).json()
    assert "type" in client.get("/api/v1/solutions/", {"q": "주차", "type": "XX"}).json()


def test_sort_by_deadline_and_newest(client, db):
    later = NeedFactory(title="주차 늦은 마감", deadline=timezone.localdate() + timedelta(days=40))
    sooner = NeedFactory(title="주차 빠른 마감", deadline=timezone.localdate() + timedelta(days=4))
    later.published_at = timezone.now() + timedelta(minutes=5)
    later.save()
    index_everything(search.backend())
    by_deadline = client.get("/api/v1/needs/", {"q": "주차", "sort": "deadline"}).json()["results"]
    assert [row["id"] for row in by_deadline] == [sooner.pk, later.pk]
    newest = client.get("/api/v1/needs/", {"q": "주차", "sort": "newest"}).json()["results"]
    assert [row["id"] for row in newest] == [later.pk, sooner.pk]


def test_highlight_cannot_inject_markup(client, db):
    SolutionFactory(title="안내", summary='<script>alert(1)</script> 주차 <img src=x onerror=alert(1)>')
    index_everything(search.backend())
    page = client.get(reverse("marketplace:solution_list"), {"q": "주차"}).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
