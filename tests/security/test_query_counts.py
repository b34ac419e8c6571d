"""List pages and list endpoints use a number of queries that does not grow with the page size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace import services
from marketplace.models import Membership

from ..factories import (
    CoordinatorFactory,
    MembershipFactory,
    NeedFactory,
    PartnershipFactory,
    SolutionFactory,
)

PAGES = ["/solutions/", "/needs/", "/partnerships/", "/api/v1/solutions/", "/api/v1/needs/",
         "/api/v1/partnerships/", "/api/v1/interests/", "/api/v1/matches/", "/api/v1/notifications/",
         "/notifications/", "/workspace/", "/coordinator/matches/", "/api/v1/matches/?queue=1",
         "/api/v1/organizations/"]


def add(n, officer, founder, city, company):
    from tests.coordination.test_pipeline import suggest

    for _ in range(n):
        solution = SolutionFactory(organization=company)
        need = NeedFactory(organization=city)
        PartnershipFactory()
        services.interest_propose(user=founder, need=need, solution=solution, message="제안")
        suggest(need, solution)


def counts(client, users):
    found = {}
    for url in PAGES:
        client.force_login(users["coordinator"] if "coordinator" in url or "queue" in url else users["founder"])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        found[url] = len(captured)
    return found


def test_list_queries_do_not_grow_with_the_number_of_rows(client, db):
    founder_membership = MembershipFactory(role=Membership.Role.ADMIN)
    company = founder_membership.organization
    city = NeedFactory().organization
    officer = MembershipFactory(organization=city, role=Membership.Role.ADMIN).user
    users = {"founder": founder_membership.user, "coordinator": CoordinatorFactory()}
    add(2, officer, users["founder"], city, company)
    few = counts(client, users)
    add(12, officer, users["founder"], city, company)
    many = counts(client, users)
    grown = {url: (few[url], many[url]) for url in PAGES if many[url] > few[url]}
    assert grown == {}
