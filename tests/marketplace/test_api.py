"""The REST API: token authentication, filters, errors, interests and the OpenAPI schema."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from openlab.accounts.models import ApiToken
from openlab.accounts.tokens import api_token_create

from ..factories import MembershipFactory, NeedFactory, SolutionFactory


@pytest.fixture
def token_for(db):
    def make(user):
        return api_token_create(user=user, name="script")[1]
    return make


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_token_is_stored_hashed_and_works(client, company_member, token_for):
    key = token_for(company_member)
    token = ApiToken.objects.get()
    assert key not in (token.key_hash, token.prefix) and len(token.key_hash) == 64
    response = client.post("/api/v1/solutions/", {"title": "토큰 솔루션", "summary": "요약", "types": ["TRF-07"]},
                           content_type="application/json", **auth(key))
    assert response.status_code == 201, response.content
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_or_wrong_token_is_refused(client, company_member, token_for):
    key = token_for(company_member)
    assert client.get("/api/v1/interests/", **auth(key + "x")).status_code == 401
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert client.get("/api/v1/interests/", **auth(key)).status_code == 401


@pytest.mark.parametrize("coordinates", [True, False])
def test_a_token_is_read_with_its_user_and_coordinator_flag_in_one_query(rf, company_member, coordinator, token_for,
                                                                       django_assert_num_queries, coordinates):
    from django.utils import timezone

    from openlab.accounts.authentication import ApiTokenAuthentication

    owner = coordinator if coordinates else company_member
    key = token_for(owner)
    ApiToken.objects.update(last_used_at=timezone.now())  # used a moment ago: nothing to write
    request = rf.get("/api/v1/interests/", **auth(key))
    with django_assert_num_queries(1):
        user, token = ApiTokenAuthentication().authenticate(request)
        assert user.pk == owner.pk and user.email == owner.email and token.user is user
        assert user.is_coordinator is coordinates


def test_tokens_page_creates_shows_once_and_revokes(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:api_tokens"), {"name": "데이터 연동"})
    key = response.context["new_key"]
    assert key.startswith("olk_") and key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert key not in client.get(reverse("accounts:api_tokens")).content.decode()
    client.post(reverse("accounts:api_tokens"), {"action": "revoke", "token": ApiToken.objects.get().pk})
    assert client.get("/api/v1/interests/", **auth(key)).status_code == 401


def test_cannot_revoke_someone_elses_token(client, user, outsider, token_for):
    token_for(outsider)
    client.force_login(user)
    response = client.post(reverse("accounts:api_tokens"), {"action": "revoke", "token": ApiToken.objects.get().pk})
    assert response.status_code == 404 and ApiToken.objects.get().revoked_at is None


def test_filters_match_the_pages(client, company):
    SolutionFactory(organization=company, title="주차")
    SolutionFactory(organization=company, title="돌봄", primary_type_id="HLT-01")
    data = client.get("/api/v1/solutions/", {"type": "HLT-01", "status": "published"}).json()
    assert [row["title"] for row in data["results"]] == ["돌봄"]
    assert data["results"][0]["types"] == ["HLT-01"]


@pytest.mark.parametrize("params, field", [({"type": "XXX-99"}, "type"), ({"sido": "99"}, "sido"),
                                           ({"status": "secret"}, "status"), ({"price_max": "lots"}, "price_max")])
def test_unknown_filter_value_is_400_naming_the_field(client, db, params, field):
    response = client.get("/api/v1/solutions/", params)
    assert response.status_code == 400 and field in response.json()


def test_validation_errors_are_json_with_fields(client, company_member):
    client.force_login(company_member)
    response = client.post("/api/v1/solutions/", {"title": "가격 오류", "summary": "요약", "types": ["TRF-07"],
                                                  "price_min_krw": 10, "price_max_krw": 5},
                           content_type="application/json")
    assert response.status_code == 400 and "price_max_krw" in response.json()
    response = client.post("/api/v1/solutions/", {"title": "코드 오류", "summary": "요약", "types": ["NOPE"]},
                           content_type="application/json")
    assert response.status_code == 400 and "NOPE" in response.json()["types"][0]


def test_publish_through_the_api(client, company_member, company):
    client.force_login(company_member)
    created = client.post("/api/v1/solutions/", {"title": "API", "summary": "요약", "types": ["TRF-07"],
                                                 "service_sidos": ["48", "11"],
                                                 "deployments": [{"municipality": "48220", "year": 2024}]},
                          content_type="application/json").json()
    assert created["status"] == "draft" and sorted(created["service_sidos"]) == ["11", "48"]
    published = client.post(f"/api/v1/solutions/{created['id']}/publish/").json()
    assert published["status"] == "published"
    assert published["deployments"][0]["municipality"] == "48220"


def test_interests_through_the_api(client, company, company_member, city, city_member):
    need = NeedFactory(organization=city)
    solution = SolutionFactory(organization=company)
    client.force_login(company_member)
    body = {"kind": "proposal", "need": need.pk, "solution": solution.pk, "message": "제안합니다"}
    first = client.post("/api/v1/interests/", body, content_type="application/json")
    again = client.post("/api/v1/interests/", body | {"message": "다시"}, content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["id"] == again.json()["id"]
    assert client.get("/api/v1/interests/", {"box": "sent"}).json()["count"] == 1
    client.force_login(city_member)
    received = client.get("/api/v1/interests/", {"box": "received"}).json()["results"]
    assert received[0]["message"] == "다시"
    detail = client.get(f"/api/v1/interests/{first.json()['id']}/").json()
    assert detail["opened_at"] is None  # a GET records nothing
    detail = client.post(f"/api/v1/interests/{first.json()['id']}/opened/").json()
    assert detail["opened_at"] is not None
    declined = client.post(f"/api/v1/interests/{detail['id']}/decline/", {"reason": "region"},
                           content_type="application/json").json()
    assert declined["state"] == "declined" and declined["decline_reason"] == "region"


def test_cannot_name_an_invisible_listing(client, company, company_member, city):
    hidden = NeedFactory(organization=city, status="draft")
    solution = SolutionFactory(organization=company)
    client.force_login(company_member)
    response = client.post("/api/v1/interests/", {"kind": "proposal", "need": hidden.pk, "solution": solution.pk,
                                                  "message": "?"}, content_type="application/json")
    assert response.status_code == 400 and "need" in response.json()


def test_cannot_name_an_invisible_solution_or_partnership_nor_respond_for_another_organisation(
        client, company, company_member, city):
    from ..factories import OrganizationFactory, PartnershipFactory

    need = NeedFactory(organization=city)
    other_draft = SolutionFactory(status="draft")
    client.force_login(company_member)
    response = client.post("/api/v1/interests/", {"kind": "proposal", "need": need.pk, "solution": other_draft.pk,
                                                  "message": "?"}, content_type="application/json")
    assert response.status_code == 400 and "solution" in response.json()
    hidden = PartnershipFactory(status="draft")
    response = client.post("/api/v1/interests/", {"kind": "response", "partnership": hidden.pk, "message": "?"},
                           content_type="application/json")
    assert response.status_code == 400 and "partnership" in response.json()
    request = PartnershipFactory()
    response = client.post("/api/v1/interests/", {"kind": "response", "partnership": request.pk,
                                                  "organization": OrganizationFactory().pk, "message": "?"},
                           content_type="application/json")
    assert response.status_code == 400 and "organization" in response.json()


def test_organisation_admin_edits_own_organisation(client, company, company_admin, company_member):
    client.force_login(company_member)
    assert client.patch(f"/api/v1/organizations/{company.pk}/", {"website": "https://a.example.kr"},
                        content_type="application/json").status_code == 403
    client.force_login(company_admin)
    response = client.patch(f"/api/v1/organizations/{company.pk}/", {"website": "https://a.example.kr"},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["website"] == "https://a.example.kr"
    assert client.patch(f"/api/v1/organizations/{company.pk}/", {"status": "verified", "kind": "municipality"},
                        content_type="application/json").json()["kind"] == "company"


def test_anonymous_requests_are_throttled(client, db, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    codes = [client.get("/api/v1/solutions/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_schema_validates(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/solutions/" in schema and "apiToken" in schema


def test_docs_page(client, db):
    assert client.get("/api/docs/").status_code == 200


def test_member_of_two_organisations_names_one(client, company, company_member):
    other = MembershipFactory(user=company_member).organization
    client.force_login(company_member)
    response = client.post("/api/v1/solutions/", {"title": "둘", "summary": "요약", "types": ["TRF-07"]},
                           content_type="application/json")
    assert response.status_code == 400 and "organization" in response.json()
    response = client.post("/api/v1/solutions/", {"title": "둘", "summary": "요약", "types": ["TRF-07"],
                                                  "organization": other.pk}, content_type="application/json")
    assert response.status_code == 201
