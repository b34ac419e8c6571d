import pytest

from marketplace.models import Membership

from .factories import CoordinatorFactory, MembershipFactory, OrganizationFactory, UserFactory

pytest_plugins = ["tests.search_fixtures"]


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory()


@pytest.fixture
def company(db):
    return OrganizationFactory()


@pytest.fixture
def company_admin(company):
    return MembershipFactory(organization=company, role=Membership.Role.ADMIN).user


@pytest.fixture
def company_member(company):
    return MembershipFactory(organization=company, role=Membership.Role.MEMBER).user


@pytest.fixture
def outsider(db):
    """A signed-up user who belongs to another organisation."""
    return MembershipFactory(role=Membership.Role.ADMIN).user


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (e-mail tasks) inside the test transaction."""
    def runner():
        return django_capture_on_commit_callbacks(execute=True)
    return runner


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    from openlab import cache_backend
    from openlab.search.embedded import reset_memory

    cache_backend._resting_until.clear()  # no Redis left alone because an earlier test broke one
    cache.clear()
    reset_memory()  # the embedded index's per-process memory follows the (rolled-back) database
    yield


@pytest.fixture
def city(db):
    """A verified municipality (통영시)."""
    from .factories import MunicipalityOrganizationFactory

    return MunicipalityOrganizationFactory()


@pytest.fixture
def city_member(city):
    return MembershipFactory(organization=city, role=Membership.Role.MEMBER).user


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests flush the database between them; put the gazetteer and taxonomy (loaded by
    a data migration) back for the ones that follow."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.core.management import call_command

    from marketplace.models import Municipality

    if not Municipality.objects.exists():
        call_command("load_reference_data", verbosity=0)
