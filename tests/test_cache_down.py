"""The cache is an accelerator, never a dependency: with a real Redis stopped or frozen (SIGSTOP, so
that calls hang until the socket timeout), sign-in, sessions, boards, listing pages, the API with a
token and allauth's rate limits answer as without a cache, the server is tried once and then left
alone for a while, and /healthz says "degraded". When Redis comes back it is used again."""

import logging
import shutil
import signal
import socket
import subprocess

import pytest
from django.core.cache import caches
from django.urls import reverse

from openlab import cache_backend
from openlab.accounts.tokens import api_token_create

from .factories import PASSWORD, MembershipFactory, SolutionFactory, UserFactory
from .services import missing

pytestmark = pytest.mark.services


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis():
    """A Redis server of this test's own, which the test may stop or freeze."""
    binary = shutil.which("redis-server")
    if not binary:
        missing("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.PIPE, text=True)
    for line in process.stdout:  # its log says when it listens
        if "Ready to accept connections" in line:
            break
    yield process, f"redis://127.0.0.1:{port}/0"
    process.send_signal(signal.SIGCONT)
    process.kill()
    process.wait()


@pytest.fixture
def redis_cache(settings, own_redis):
    process, url = own_redis
    settings.CACHES = {"default": {"BACKEND": "openlab.cache_backend.FailOpenRedisCache", "LOCATION": url,
                                   "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    cache_backend._resting_until.clear()
    yield process, caches["default"]
    cache_backend._resting_until.clear()


def _break(process, how):
    if how == "stopped":
        process.kill()
        process.wait()
    else:
        process.send_signal(signal.SIGSTOP)


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["stopped", "frozen"])
def test_the_site_answers_without_its_cache(redis_cache, client, how, caplog):
    process, cache = redis_cache
    member = MembershipFactory()
    listing = SolutionFactory(organization=member.organization, status="published")
    _token, key = api_token_create(user=member.user, name="script")
    cache.set("probe", 1)
    assert cache.get("probe") == 1  # the cache was in use
    _break(process, how)

    with caplog.at_level(logging.WARNING, logger="openlab.cache_backend"):
        wrong = client.post(reverse("account_login"), {"login": member.user.email, "password": "wrong"})
        assert wrong.status_code == 200 and wrong.context["form"].errors  # a form error, not a 500
        signed_in = client.post(reverse("account_login"), {"login": member.user.email, "password": PASSWORD})
        assert signed_in.status_code == 302 and client.session["_auth_user_id"] == str(member.user.pk)
        assert client.get("/solutions/").status_code == 200  # the session holds without Redis
        assert client.get(f"/solutions/{listing.pk}/").status_code == 200
        client.logout()
        assert client.get("/needs/").status_code == 200
        api = client.get("/api/v1/solutions/", headers={"Authorization": f"Bearer {key}"})
        assert api.status_code == 200 and api.json()["results"]
        health = client.get("/healthz").json()
    assert health["cache"]["status"] == "down" and health["status"] == "degraded"
    # Tried once, then left alone: a frozen server costs one timeout, not one per cache call.
    assert len([r for r in caplog.records if "cache unavailable" in r.getMessage()]) == 1


@pytest.mark.django_db
def test_a_user_whose_account_another_address_locked_signs_in_while_the_cache_is_down(redis_cache, client):
    """With Redis down nothing is counted, so nothing is refused for it (the limits fail open)."""
    process, _cache = redis_cache
    user = UserFactory()
    _break(process, "stopped")
    for _ in range(6):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    assert client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}).status_code == 302


def test_the_cache_is_used_again_once_redis_answers(settings, own_redis):
    process, url = own_redis
    settings.CACHES = {"default": {"BACKEND": "openlab.cache_backend.FailOpenRedisCache", "LOCATION": url,
                                   "OPTIONS": {"socket_timeout": 0.5, "RETRY_SECONDS": 0}}}
    cache_backend._resting_until.clear()
    cache = caches["default"]
    process.send_signal(signal.SIGSTOP)
    assert cache.get("k", "missed") == "missed" and cache.add("lock", 1) is True
    assert cache.set_many({"a": 1}) == ["a"]  # reported as not stored
    with pytest.raises(ValueError):
        cache.incr("counter")
    process.send_signal(signal.SIGCONT)
    cache.set("k", "back")
    assert cache.get("k") == "back" and cache.add("k", "again") is False
