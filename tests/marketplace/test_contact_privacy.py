"""A need's contact e-mail and phone reach another organisation only after an introduction or a
mutual interest (PIPA): never before, in pages, the API or search results."""

import pytest
from django.urls import reverse

from marketplace import services
from marketplace.models import Membership

from ..factories import MembershipFactory, NeedFactory, SolutionFactory

EMAIL, PHONE = "kim.minji@city.go.kr", "055-650-0000"


@pytest.fixture
def need(db):
    from openlab import search
    from tests.search_fixtures import index_everything

    need = NeedFactory(contact_email=EMAIL, contact_phone=PHONE)
    index_everything(search.backend())
    return need


def shows(client, need) -> tuple[bool, bool, bool]:
    page = client.get(reverse("marketplace:need_detail", args=[need.pk])).content.decode()
    detail = client.get(f"/api/v1/needs/{need.pk}/").json()
    search = client.get("/api/v1/needs/", {"q": "주차"}).json()["results"]
    return (EMAIL in page or PHONE in page, detail["contact_email"] == EMAIL and not detail["contact_hidden"],
            any(item.get("contact_email") == EMAIL for item in search))


def test_strangers_never_see_the_contact(client, need, outsider):
    assert shows(client, need) == (False, False, False)
    client.force_login(outsider)
    assert shows(client, need) == (False, False, False)


def test_the_municipality_and_coordinators_see_it(client, need, coordinator):
    officer = MembershipFactory(organization=need.organization).user
    for user in (officer, coordinator):
        client.force_login(user)
        assert shows(client, need) == (True, True, True)


def test_mutual_interest_reveals_it_to_the_other_side(client, need):
    solution = SolutionFactory()
    founder = MembershipFactory(organization=solution.organization).user
    officer = MembershipFactory(organization=need.organization, role=Membership.Role.ADMIN).user
    services.interest_propose(user=founder, need=need, solution=solution, message="제안드립니다")
    client.force_login(founder)
    assert shows(client, need) == (False, False, False)  # one-sided interest is not enough
    services.interest_invite(user=officer, need=need, solution=solution, message="환영합니다")
    assert shows(client, need) == (True, True, True)


def test_an_introduction_reveals_it(client, need, coordinator):
    from matching.coordination import services as pipeline
    from tests.coordination.test_pipeline import suggest

    solution = SolutionFactory()
    founder = MembershipFactory(organization=solution.organization).user
    officer = MembershipFactory(organization=need.organization).user
    pairing = suggest(need, solution)
    client.force_login(founder)
    assert shows(client, need)[1] is False  # suggested, not introduced
    pipeline.pairing_introduce(coordinator=coordinator, pairing=pairing, a_contact=officer, b_contact=founder)
    assert shows(client, need) == (True, True, True)
