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
