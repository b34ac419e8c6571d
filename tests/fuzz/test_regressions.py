"""Regression tests for what the API fuzzing found (tests/fuzz/test_api_schemathesis.py)."""

import pytest

from ..factories import MembershipFactory


def test_marking_notifications_read_with_an_id_too_large_for_the_database_is_a_400(client, db):
    client.force_login(MembershipFactory().user)
    response = client.post("/api/v1/notifications/read/", {"ids": [2**70]}, content_type="application/json")
    assert response.status_code == 400 and "ids" in response.json()


@pytest.mark.parametrize("url", ["/api/v1/municipalities/", "/api/v1/organizations/", "/api/v1/needs/"])
def test_nullable_values_are_declared_nullable_in_the_schema(client, db, url):
    """parent_name_ko, an organisation's municipality/hq_sido/business_number/size, a need's hidden
    contact: all were null or "" in answers while the schema said string (or enum)."""
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    municipality = schema["components"]["schemas"]["Municipality"]["properties"]["parent_name_ko"]
    organization = schema["components"]["schemas"]["Organization"]["properties"]
    assert municipality.get("nullable") is True
    assert all(organization[name].get("nullable") is True for name in ("municipality", "hq_sido", "business_number"))
    assert any("BlankEnum" in str(option) for option in organization["size"].get("oneOf", []))
    need = schema["components"]["schemas"]["Need"]["properties"]
    assert need["contact_hidden"]["type"] == "boolean"


def test_unpaginated_actions_are_not_documented_as_paginated(client, db):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    for path in ("/api/v1/solutions/{id}/matches/", "/api/v1/matches/{id}/events/", "/api/v1/matches/{id}/messages/"):
        body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert body.get("type") == "array", path


def _schema(client):
    import yaml

    return yaml.safe_load(client.get("/api/schema/").content)


def test_blank_answers_and_reasons_and_a_system_actor_are_in_the_schema(client, db):
    """An interest not declined answers decline_reason "", a pairing nobody answered a_answer "", an
    event the system made actor null: each must be what the schema allows."""
    components = _schema(client)["components"]["schemas"]
    for schema, field in (("Interest", "decline_reason"), ("Pairing", "decline_reason"), ("Pairing", "a_answer"),
                          ("Pairing", "b_answer")):
        assert "BlankEnum" in str(components[schema]["properties"][field]), (schema, field)
    assert components["Event"]["properties"]["actor"].get("nullable") is True


def test_every_operation_documents_its_error_answers(client, db):
    """400/401/403/404/429 are documented on every operation, and an address no route matches under
    /api/ answers JSON like the API's own 404s (schemathesis found HTML)."""
    for path, item in _schema(client)["paths"].items():
        for method, operation in item.items():
            assert {"400", "401", "403", "404", "429"} <= set(operation["responses"]), (method, path)
    response = client.get("/api/v1/municipalities/%00/")
    assert response.status_code == 404 and response.json()["detail"]


def test_a_keyword_over_80_characters_is_a_field_error_in_the_api_and_the_service(client, db):
    from django.core.exceptions import ValidationError

    from marketplace import services
    from marketplace.models import Membership

    from ..factories import SolutionFactory

    solution = SolutionFactory()
    member = MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN).user
    client.force_login(member)
    response = client.patch(f"/api/v1/solutions/{solution.pk}/", {"keywords": ["가" * 81]},
                            content_type="application/json")
    assert response.status_code == 400 and "keywords" in response.json()
    with pytest.raises(ValidationError) as exc:
        services.listing_update(user=member, listing=solution, data={"keywords": ["가" * 81]})
    assert "keywords" in exc.value.message_dict
    solution.refresh_from_db()
    assert all(len(k) <= 80 for k in solution.keywords)
