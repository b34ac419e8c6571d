"""The production cache backend (openlab/cache.py) on a real Redis: one client per pool, counters
moved in one round trip, and the caches built on it (listings, the signed-in user) working through it."""

import pytest
from django.core.cache import caches

from marketplace import caching

from .factories import MembershipFactory, SolutionFactory
from .services import require_redis


@pytest.fixture
def redis_cache(settings):
    url = require_redis()
    settings.CACHES = {"default": {"BACKEND": "openlab.cache.RedisCache", "LOCATION": url}}
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_one_client_serves_every_operation(redis_cache):
    redis_cache.set("a", {"b": 1}, 10)
    assert redis_cache.get("a") == {"b": 1}
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client  # one server: one pool


def test_counters_move_on_or_start_in_one_call(redis_cache):
    import redis

    redis_cache.set("old", 41, timeout=None)
    redis_cache.incr_or_start_many(["old", "new"], 1000)
    assert redis_cache.get("old") == 42 and redis_cache.get("new") == 1000
    raw = redis.Redis.from_url(redis_cache._servers[0])
    assert raw.ttl(redis_cache.make_key("new")) == -1  # kept without expiry, like the generations
    redis_cache.incr_or_start_many(["new"], 5)
    assert redis_cache.get("new") == 1001


def test_generations_move_on_through_redis(redis_cache, company, django_capture_on_commit_callbacks):
    before = caching.generations("solution", "need")
    with django_capture_on_commit_callbacks(execute=True):
        SolutionFactory(organization=company)
        during = caching.generation("solution")
    assert during > before["solution"] and caching.generation("solution") > during
    assert caching.generation("need") == before["need"]


def test_the_signed_in_user_is_cached_in_redis(redis_cache, client, company_admin, django_assert_max_num_queries):
    client.force_login(company_admin)
    assert client.get("/solutions/").status_code == 200
    with django_assert_max_num_queries(1):  # the session row (cached_db is production's; here the database)
        page = client.get("/solutions/").content.decode()
    assert company_admin.display_name in page
    MembershipFactory(user=company_admin)  # a second organisation: the header offers a switch
    assert 'id="org-select"' in client.get("/solutions/").content.decode()
