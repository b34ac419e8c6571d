"""The page cache (openlab/pagecache.py): what anonymous visitors see is cached under a per-kind
version that services move on after commit, and served to whoever sees the same (an officer reading
the catalogue of solutions); nothing of a signed-in user is cached, nor anything only members see; a
cache that cannot answer is passed by, on a real Redis as on the default per-process cache."""

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace import services
from marketplace.models import Solution
from openlab import pagecache
from openlab.rows import statement

from .factories import MembershipFactory, SolutionFactory
from .services import require_redis

REDIS_CACHE = "openlab.cache_backend.FailOpenRedisCache"  # what cache_config() makes of CACHE_URL=redis://…


def _listing_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len([q for q in ctx.captured_queries if '"marketplace_solution"' in statement(q["sql"])])


@pytest.fixture
def redis_cache(settings):
    url = require_redis()
    settings.CACHES = {"default": {"BACKEND": REDIS_CACHE, "LOCATION": url,
                                   "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


@pytest.fixture
def dead_cache(settings):
    """A Redis that is not there (nothing listens on the port): connections are refused."""
    settings.CACHES = {"default": {"BACKEND": REDIS_CACHE, "LOCATION": "redis://127.0.0.1:6399/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    yield


def test_an_anonymous_board_is_read_from_the_cache_until_a_service_writes(
        client, db, company, django_capture_on_commit_callbacks):
    SolutionFactory(organization=company, title="첫 솔루션")
    assert _listing_queries(client, "/solutions/") > 0
    assert _listing_queries(client, "/solutions/") == 0  # the same board: from the cache
    member = MembershipFactory(organization=company).user
    listing = Solution.objects.get(title="첫 솔루션")
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_update(user=member, listing=listing, data={"title": "새 이름"})
    assert "새 이름" in client.get("/solutions/").content.decode()


def test_the_version_moves_only_once_the_write_commits(db, company, django_capture_on_commit_callbacks):
    before = pagecache.version("solution")
    member = MembershipFactory(organization=company).user
    listing = SolutionFactory(organization=company)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.listing_update(user=member, listing=listing, data={"title": "바뀐 이름"})
    assert pagecache.version("solution") == before  # not yet committed: readers keep the old entries
    for callback in callbacks:
        callback()
    assert pagecache.version("solution") != before


def test_an_officer_reads_the_public_catalogue_from_the_cache(client, db, company, city_member):
    SolutionFactory(organization=company, title="공개 카탈로그")
    client.get("/solutions/")  # an anonymous visitor fills the entry
    client.force_login(city_member)  # a municipality owns no solutions: it sees what the public sees
    assert _listing_queries(client, "/solutions/") == 0
    assert "공개 카탈로그" in client.get("/solutions/").content.decode()


def test_pages_of_members_who_see_drafts_are_never_cached(client, db, company):
    solution = SolutionFactory(organization=company, title="처음 이름")
    client.force_login(MembershipFactory().user)
    assert "처음 이름" in client.get("/solutions/").content.decode()
    Solution.objects.filter(pk=solution.pk).update(title="몰래 바꾼 이름")  # behind every service's back
    assert "몰래 바꾼 이름" in client.get("/solutions/").content.decode()
    assert "몰래 바꾼 이름" in client.get(f"/solutions/{solution.pk}/").content.decode()


def test_a_draft_page_is_never_kept_in_the_cache(client, db, company):
    draft = SolutionFactory(organization=company, title="비공개 초안", status=Solution.Status.DRAFT)
    client.force_login(MembershipFactory(organization=company).user)
    assert "비공개 초안" in client.get(f"/solutions/{draft.pk}/").content.decode()
    client.logout()
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/solutions/{draft.pk}/").status_code == 404
        assert [q for q in ctx.captured_queries if '"marketplace_solution"' in statement(q["sql"])]  # read, never kept


def test_members_see_their_drafts_and_the_public_never_does(client, db, company):
    SolutionFactory(organization=company, title="공개 솔루션")
    SolutionFactory(organization=company, title="초안 솔루션", status=Solution.Status.DRAFT)
    assert "초안 솔루션" not in client.get("/solutions/?status=draft").content.decode()
    client.force_login(MembershipFactory(organization=company).user)
    assert "초안 솔루션" in client.get("/solutions/?status=draft").content.decode()
    client.logout()
    assert "초안 솔루션" not in client.get("/solutions/?status=draft").content.decode()


def test_each_language_has_its_own_entry(client, db, company):
    SolutionFactory(organization=company)
    korean = client.get("/solutions/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/solutions/").content.decode()
    assert korean != english


def test_zero_seconds_turns_the_cache_off(client, db, company, settings):
    settings.LISTING_CACHE_SECONDS = 0
    solution = SolutionFactory(organization=company, title="처음 이름")
    client.get("/solutions/")
    Solution.objects.filter(pk=solution.pk).update(title="바로 보이는 이름")
    assert "바로 보이는 이름" in client.get("/solutions/").content.decode()


def test_the_api_list_json_is_served_from_the_cache_for_anonymous_callers(client, db, company):
    SolutionFactory(organization=company, title="API 솔루션")
    first = client.get("/api/v1/solutions/")
    assert first.status_code == 200 and _listing_queries(client, "/api/v1/solutions/") == 0
    assert client.get("/api/v1/solutions/").json() == first.json()


def test_versions_and_entries_live_in_a_real_redis(redis_cache, client, db, company,
                                                   django_capture_on_commit_callbacks):
    listing = SolutionFactory(organization=company, title="레디스 솔루션")
    assert "레디스 솔루션" in client.get("/solutions/").content.decode()
    assert _listing_queries(client, "/solutions/") == 0
    version = redis_cache.get("pagecache:version:solution")
    raw = redis.Redis.from_url(require_redis())
    assert version is not None and raw.ttl(redis_cache.make_key("pagecache:version:solution")) > 0  # they expire
    member = MembershipFactory(organization=company).user
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_update(user=member, listing=listing, data={"title": "레디스 새 이름"})
    assert redis_cache.get("pagecache:version:solution") != version
    assert "레디스 새 이름" in client.get("/solutions/").content.decode()


@pytest.mark.parametrize("path", ["/solutions/", "/needs/", "/partnerships/", "/api/v1/solutions/"])
def test_a_dead_cache_serves_every_page_as_if_there_were_none(dead_cache, client, db, company, path):
    listing = SolutionFactory(organization=company, title="캐시 없이")
    assert client.get(path).status_code == 200
    assert client.get(f"/solutions/{listing.pk}/").status_code == 200


def test_healthz_says_the_cache_is_down_and_the_site_degraded(dead_cache, client, db):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200  # the site answers without its cache: keep it in the pool
    assert body["cache"]["status"] == "down" and body["status"] == "degraded"


def test_healthz_is_up_when_every_part_is(client, db):
    body = client.get("/healthz").json()
    assert body["cache"]["status"] == "up" and body["status"] == "up"
