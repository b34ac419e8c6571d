"""Listings may carry an English title and summary for K-City Network partners: entered in the form,
the API and the importer, shown to English readers where they exist, and searched."""

import pytest
from django.urls import reverse

from marketplace import services
from marketplace.models import Solution
from openlab import search
from tests.search_fixtures import index_everything

from .test_listings import solution_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def solution(company, company_member):
    listing = services.listing_create(user=company_member, organization=company, model=Solution, data=solution_data(
        title="빈자리 알림 주차", summary="전통시장 빈 주차면 안내", title_en="Parking spot finder",
        summary_en="Free spaces around traditional markets, live"))
    return services.listing_set_status(user=company_member, listing=listing, status="published")


def test_english_readers_see_the_english_title_and_korean_readers_the_korean(client, solution):
    korean = client.get(reverse("marketplace:solution_detail", args=[solution.pk])).content.decode()
    assert "<h1 class=\"ol-title\">빈자리 알림 주차</h1>" in korean and "Parking spot finder" not in korean
    client.cookies["django_language"] = "en"
    english = client.get(reverse("marketplace:solution_detail", args=[solution.pk])).content.decode()
    assert "<h1 class=\"ol-title\">Parking spot finder</h1>" in english and "Free spaces around" in english
    assert "Parking spot finder" in client.get(reverse("marketplace:solution_list")).content.decode()


def test_both_languages_are_searched(solution):
    index_everything(search.backend())
    assert solution.pk in search.backend().search("solution", "spot finder", limit=10).ids
    assert solution.pk in search.backend().search("solution", "빈자리 알림", limit=10).ids


def test_the_api_and_the_form_take_them(client, company_member, solution):
    client.force_login(company_member)
    body = client.get(f"/api/v1/solutions/{solution.pk}/").json()
    assert body["title_en"] == "Parking spot finder" and body["summary_en"].startswith("Free spaces")
    response = client.patch(f"/api/v1/solutions/{solution.pk}/", {"title_en": "Parking finder"},
                            content_type="application/json")
    assert response.status_code == 200 and Solution.objects.get().title_en == "Parking finder"
    form = client.get(reverse("marketplace:solution_edit", args=[solution.pk])).content.decode()
    assert 'name="title_en"' in form and 'name="summary_en"' in form
