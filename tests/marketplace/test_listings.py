"""Creating, validating, publishing and archiving listings through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from marketplace import services
from marketplace.models import Municipality, Need, Organization, PartnershipRequest, Solution, SolutionType

from ..factories import MembershipFactory, MunicipalityOrganizationFactory, NeedFactory, SolutionFactory


def solution_data(**overrides):
    data = {"title": "스마트 주차 안내", "summary": "빈 주차면 안내", "description": "설명",
            "types": [SolutionType.objects.get(code="TRF-07"), SolutionType.objects.get(code="TRF-06")],
            "nationwide": True, "price_min_krw": 1_000_000, "price_max_krw": 5_000_000,
            "languages": ["ko"]}
    return data | overrides


def need_data(**overrides):
    data = {"title": "전통시장 주차", "problem": "주차 공간이 부족합니다.", "contact_name": "김민지",
            "deadline": timezone.localdate() + timedelta(days=14), "budget_min_krw": 10, "budget_max_krw": 20}
    return data | overrides


@pytest.fixture
def draft(company, company_member):
    return services.listing_create(user=company_member, organization=company, model=Solution,
                                   data=solution_data())


def test_new_solution_is_a_draft_with_the_first_type_primary(draft, company_member):
    assert draft.status == Solution.Status.DRAFT
    assert draft.primary_type_id == "TRF-07"
    assert set(draft.types.values_list("code", flat=True)) == {"TRF-07", "TRF-06"}
    assert draft.created_by == company_member and draft.updated_by == company_member


def test_member_publishes_a_verified_companys_solution(draft, company_member):
    published = services.listing_set_status(user=company_member, listing=draft, status="published")
    assert published.status == "published" and published.published_at is not None


def test_unverified_company_cannot_publish(company, company_member, draft):
    Organization.objects.filter(pk=company.pk).update(status=Organization.Status.PENDING)
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.listing_set_status(user=company_member, listing=draft, status="published")
    assert exc.value.code == "unverified"
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.parametrize("overrides, field", [
    ({"price_min_krw": 5_000_000, "price_max_krw": 1_000_000}, "price_max_krw"),
    ({"min_population": 500_000, "max_population": 100_000}, "max_population"),
    ({"open_source": True, "license": ""}, "license"),
    ({"types": []}, "types"),
    ({"languages": ["fr"]}, "languages"),
    ({"title": ""}, "title"),
])
def test_solution_validation_names_the_field(company, company_member, overrides, field):
    with pytest.raises(ValidationError) as exc:
        services.listing_create(user=company_member, organization=company, model=Solution,
                                data=solution_data(**overrides))
    assert field in exc.value.message_dict
    assert not Solution.objects.exists()


def test_publishing_needs_a_service_region(company, company_member):
    solution = services.listing_create(user=company_member, organization=company, model=Solution,
                                       data=solution_data(nationwide=False))
    with pytest.raises(ValidationError) as exc:
        services.listing_set_status(user=company_member, listing=solution, status="published")
    assert "service_sidos" in exc.value.message_dict
    services.listing_update(user=company_member, listing=solution,
                            data={"service_sidos": [Municipality.objects.get(code="48")]})
    assert services.listing_set_status(user=company_member, listing=solution, status="published").status == "published"


def test_deployments_are_saved_and_replaced(draft, company_member):
    tongyeong = Municipality.objects.get(code="48220")
    services.listing_update(user=company_member, listing=draft, data={"deployments": [
        {"municipality": tongyeong, "year": 2024, "programme": "compact_city", "outcome": "주차 회전율 20% 향상"},
        {"city": "Da Nang", "country": "VN", "year": 2025}]})
    assert draft.deployments.count() == 2
    with pytest.raises(ValidationError) as exc:
        services.listing_update(user=company_member, listing=draft, data={"deployments": [{"year": 2024}]})
    assert "deployments" in exc.value.message_dict
    assert draft.deployments.count() == 2  # a refused edit changes nothing


def test_need_deadline_must_be_in_the_future_when_published(city, city_member):
    need = services.listing_create(user=city_member, organization=city, model=Need, data=need_data())
    Need.objects.filter(pk=need.pk).update(deadline=timezone.localdate() - timedelta(days=1))  # time passed
    need.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.listing_set_status(user=city_member, listing=need, status="open")
    assert "deadline" in exc.value.message_dict
    services.listing_update(user=city_member, listing=need,
                            data={"deadline": timezone.localdate() + timedelta(days=3)})
    assert services.listing_set_status(user=city_member, listing=need, status="open").status == "open"


def test_need_budget_range_is_checked(city, city_member):
    with pytest.raises(ValidationError) as exc:
        services.listing_create(user=city_member, organization=city, model=Need,
                                data=need_data(budget_min_krw=200, budget_max_krw=100))
    assert "budget_max_krw" in exc.value.message_dict


def test_need_without_category_is_allowed(city, city_member):
    need = services.listing_create(user=city_member, organization=city, model=Need,
                                   data=need_data(field=None, types=[]))
    assert services.listing_set_status(user=city_member, listing=need, status="open").status == "open"
    assert need.municipality.code == "48220"


def test_company_cannot_post_a_need(company, company_member):
    with pytest.raises(PermissionDenied):
        services.listing_create(user=company_member, organization=company, model=Need, data=need_data())


def test_member_of_another_organisation_cannot_edit(draft, outsider):
    with pytest.raises(PermissionDenied):
        services.listing_update(user=outsider, listing=draft, data={"title": "가로채기"})
    draft.refresh_from_db()
    assert draft.title == "스마트 주차 안내"


def test_coordinator_reads_but_does_not_write(draft, coordinator):
    with pytest.raises(PermissionDenied):
        services.listing_set_status(user=coordinator, listing=draft, status="published")


def test_award_needs_a_solution_and_keeps_it(city, city_member):
    need = NeedFactory(organization=city)
    with pytest.raises(ValidationError):
        services.listing_set_status(user=city_member, listing=need, status="awarded")
    solution = SolutionFactory()
    awarded = services.listing_set_status(user=city_member, listing=need, status="awarded",
                                          awarded_solution=solution)
    assert awarded.awarded_solution == solution


def test_archiving_is_soft_and_reversible(company_member, company):
    solution = SolutionFactory(organization=company)
    services.listing_set_status(user=company_member, listing=solution, status="archived")
    assert Solution.objects.filter(pk=solution.pk, status="archived").exists()
    with pytest.raises(ValidationError):
        services.listing_set_status(user=company_member, listing=solution, status="draft")
    assert services.listing_set_status(user=company_member, listing=solution, status="published").status == "published"


def test_partnership_target_sizes_are_checked(company, company_member):
    data = {"title": "기술 제공", "direction": "offering", "description": "설명", "collaboration": "supply",
            "target_sizes": ["large", "huge"]}
    with pytest.raises(ValidationError) as exc:
        services.listing_create(user=company_member, organization=company, model=PartnershipRequest, data=data)
    assert "target_sizes" in exc.value.message_dict
    data["target_sizes"] = ["large"]
    request = services.listing_create(user=company_member, organization=company, model=PartnershipRequest,
                                      data=data)
    assert request.target_size_list == ["large"]


def test_overseas_city_posts_a_need(db):
    overseas = MunicipalityOrganizationFactory(kind=Organization.Kind.OVERSEAS, municipality=None, country="VN",
                                               name="다낭시", name_en="Da Nang")
    member = MembershipFactory(organization=overseas).user
    need = services.listing_create(user=member, organization=overseas, model=Need, data=need_data())
    assert need.is_overseas and need.municipality is None


def test_an_empty_need_form_lists_its_errors_on_top_with_links(client, city_member):
    client.force_login(city_member)
    page = client.get(reverse("marketplace:need_create")).content.decode()
    contact = page[page.index('for="id_contact_name"'):][:200]
    assert 'class="ol-required"' in contact  # the contact is marked required
    response = client.post(reverse("marketplace:need_create"), {})
    html = response.content.decode()
    summary = html[html.index('role="alert"'):]
    assert html.index('role="alert"') < html.index('id="id_title"')  # at the top, before the fields
    for field in ("title", "problem", "contact_name"):
        assert f'href="#id_{field}"' in summary[:3000], field
    assert not Need.objects.exists()


def test_a_past_deadline_is_refused_on_save_not_only_on_publishing(city, city_member):
    with pytest.raises(ValidationError) as caught:
        services.listing_create(user=city_member, organization=city, model=Need,
                                data=need_data(deadline=timezone.localdate() - timedelta(days=1)))
    assert "deadline" in caught.value.message_dict and not Need.objects.exists()
    kept = services.listing_create(user=city_member, organization=city, model=Need, data=need_data())
    Need.objects.filter(pk=kept.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    kept.refresh_from_db()
    services.listing_update(user=city_member, listing=kept, data={"title": "제목만 고침"})  # unchanged deadline: fine
