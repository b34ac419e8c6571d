"""Numbers beyond what an id or an amount can be: a field error (400 with the field in the API, the
message on the boards) or a 404 for an address, never a 500, anonymous visitors included."""

import pytest

HUGE = ["1e30", "99999999999999999999", "-1", "9223372036854775808"]


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("path", ["/api/v1/solutions/", "/api/v1/needs/", "/api/v1/partnerships/"])
def test_the_api_answers_400_naming_the_field(client, db, path, value):
    response = client.get(path, {"organization": value})
    assert response.status_code == 400 and "organization" in response.json()


@pytest.mark.parametrize("name", ["price_min", "price_max"])
def test_an_amount_beyond_any_budget_is_a_field_error(client, db, name):
    response = client.get("/api/v1/solutions/", {name: "1e30"})
    assert response.status_code == 400 and name in response.json()


@pytest.mark.parametrize("path", ["/solutions/", "/needs/", "/partnerships/"])
def test_the_boards_show_the_error_instead_of_failing(client, db, path):
    assert client.get(path, {"organization": "99999999999999999999"}).status_code == 200


@pytest.mark.parametrize("path", ["/solutions/99999999999999999999/", "/api/v1/needs/99999999999999999999/",
                                  "/api/v1/needs/99999999999999999999/matches/", "/pairings/99999999999999999999/",
                                  "/api/v1/interests/99999999999999999999/", "/orgs/99999999999999999999/"])
def test_an_address_with_an_impossible_id_is_not_found(client, db, path, coordinator):
    client.force_login(coordinator)
    assert client.get(path).status_code == 404
