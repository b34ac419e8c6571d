"""The listing pages: boards with filters, details, forms that keep what was typed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.models import Need, PartnershipRequest, Solution, SolutionType

from ..factories import NeedFactory, PartnershipFactory, SolutionFactory


@pytest.fixture
def catalogue(company, city):
    parking = SolutionFactory(organization=company, title="주차공유 플랫폼")
    care = SolutionFactory(organization=company, title="독거노인 돌봄 센서",
                           primary_type=SolutionType.objects.get(code="HLT-01"), open_source=True, license="MIT")
    need = NeedFactory(organization=city, title="전통시장 배달·주차 정보")
    request = PartnershipFactory(title="모빌리티 기술 제휴")
    return {"parking": parking, "care": care, "need": need, "request": request}


@pytest.mark.parametrize("name", ["marketplace:solution_list", "marketplace:need_list", "marketplace:partnership_list"])
def test_boards_render_for_anyone(client, catalogue, name):
    response = client.get(reverse(name))
    assert response.status_code == 200


def test_catalogue_filters_by_type_and_open_source(client, catalogue):
    page = client.get(reverse("marketplace:solution_list"), {"type": "HLT-01"}).content.decode()
    assert "독거노인 돌봄 센서" in page and "주차공유 플랫폼" not in page
    page = client.get(reverse("marketplace:solution_list"), {"open_source": "true"}).content.decode()
    assert "독거노인 돌봄 센서" in page and "주차공유 플랫폼" not in page
    page = client.get(reverse("marketplace:solution_list"), {"field": "TRF"}).content.decode()
    assert "주차공유 플랫폼" in page and "독거노인 돌봄 센서" not in page


def test_unknown_filter_value_is_explained(client, catalogue):
    response = client.get(reverse("marketplace:solution_list"), {"type": "NOPE-1"})
    assert response.status_code == 200
    assert "ol-message-error" in response.content.decode()
    assert "주차공유 플랫폼" not in response.content.decode()


def test_needs_board_filters_by_sido_and_living_lab(client, catalogue):
    assert "전통시장 배달·주차 정보" in client.get(reverse("marketplace:need_list"), {"sido": "48"}).content.decode()
    assert "전통시장 배달·주차 정보" not in client.get(reverse("marketplace:need_list"), {"sido": "11"}).content.decode()
    assert "전통시장 배달·주차 정보" not in client.get(reverse("marketplace:need_list"), {"living_lab": "true"}).content.decode()


@pytest.mark.parametrize("key, name", [("parking", "marketplace:solution_detail"), ("need", "marketplace:need_detail"),
                                       ("request", "marketplace:partnership_detail")])
def test_details_render(client, catalogue, key, name):
    response = client.get(reverse(name, args=[catalogue[key].pk]))
    assert response.status_code == 200
    assert catalogue[key].title in response.content.decode()


def test_company_sees_propose_form_on_a_need(client, catalogue, company_member):
    client.force_login(company_member)
    page = client.get(reverse("marketplace:need_detail", args=[catalogue["need"].pk])).content.decode()
    assert reverse("marketplace:need_interest", args=[catalogue["need"].pk]) in page


def test_municipality_sees_invite_form_on_a_solution(client, catalogue, city_member):
    client.force_login(city_member)
    page = client.get(reverse("marketplace:solution_detail", args=[catalogue["parking"].pk])).content.decode()
    assert reverse("marketplace:solution_interest", args=[catalogue["parking"].pk]) in page


def test_solution_form_keeps_what_was_typed_on_error(client, company_member):
    client.force_login(company_member)
    response = client.post(reverse("marketplace:solution_create"), {
        "title": "스마트 가로등", "summary": "원격 제어", "primary_type": "TRF-07", "pricing_model": "purchase",
        "price_min_krw": "900", "price_max_krw": "100", "deployments-TOTAL_FORMS": "2",
        "deployments-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="스마트 가로등"' in page and "form-hint-invalid" in page
    assert not Solution.objects.exists()


def test_solution_created_from_the_page_with_a_deployment(client, company_member):
    client.force_login(company_member)
    response = client.post(reverse("marketplace:solution_create"), {
        "title": "스마트 가로등", "summary": "원격 제어", "primary_type": "ENV-01", "other_types": ["TRF-07"],
        "pricing_model": "purchase", "nationwide": "on", "keywords": "가로등, LED", "languages": ["ko", "en"],
        "deployments-TOTAL_FORMS": "2", "deployments-INITIAL_FORMS": "0",
        "deployments-0-municipality": "48220", "deployments-0-year": "2024", "deployments-0-outcome": "전력 30% 절감"})
    solution = Solution.objects.get()
    assert response.status_code == 302
    assert solution.primary_type_id == "ENV-01" and solution.keywords == ["가로등", "LED"]
    assert solution.deployments.get().municipality_id == "48220"
    edit = client.get(reverse("marketplace:solution_edit", args=[solution.pk])).content.decode()
    assert "전력 30% 절감" in edit


def test_need_created_and_published_from_the_pages(client, city_member):
    client.force_login(city_member)
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    client.post(reverse("marketplace:need_create"), {"title": "홀몸 어르신 안부 확인", "problem": "독거노인이 늘고 있습니다.",
                                         "programme": "own_budget", "deadline": deadline, "contact_name": "김민지"})
    need = Need.objects.get()
    client.post(reverse("marketplace:need_status", args=[need.pk]), {"action": "publish"})
    need.refresh_from_db()
    assert need.status == "open"


def test_partnership_created_from_the_page(client, company_member):
    client.force_login(company_member)
    response = client.post(reverse("marketplace:partnership_create"), {
        "direction": "offering", "title": "AI 영상분석 기술 제공", "description": "대기업 파트너를 찾습니다.",
        "collaboration": "supply", "target_sizes": ["large"]})
    assert response.status_code == 302
    assert PartnershipRequest.objects.get().target_sizes == "large"


def test_workspace_lists_drafts(client, company, company_member):
    SolutionFactory(organization=company, title="초안 솔루션", status="draft")
    client.force_login(company_member)
    page = client.get(reverse("marketplace:workspace")).content.decode()
    assert "초안 솔루션" in page


def test_organisation_profile_lists_published_listings_only(client, company):
    SolutionFactory(organization=company, title="공개 솔루션")
    SolutionFactory(organization=company, title="비공개 초안", status="draft")
    page = client.get(reverse("marketplace:organization_detail", args=[company.pk])).content.decode()
    assert "공개 솔루션" in page and "비공개 초안" not in page


def test_english_pages(client, catalogue):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("marketplace:solution_list")).content.decode()
    assert "Solution catalogue" in page
