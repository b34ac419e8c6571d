"""Tests that need a real service skip when it is missing, unless OPENLAB_REQUIRE_SERVICES=1 (CI),
where a missing service fails the test instead."""

import os
import shutil
import socket

import pytest

REQUIRED = os.environ.get("OPENLAB_REQUIRE_SERVICES") == "1"
REDIS_URL = os.environ.get("OPENLAB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM = os.environ.get("OPENLAB_CHROMIUM", "/usr/bin/chromium")


def missing(reason: str):
    """Skip (laptop) or fail (CI) because a service or tool is not available."""
    if REQUIRED:
        pytest.fail(f"required service unavailable: {reason}", pytrace=False)
    pytest.skip(reason)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_redis() -> str:
    if not port_open("127.0.0.1", 6379):
        missing("Redis is not running on 127.0.0.1:6379")
    return REDIS_URL


def require_chromium() -> str:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        missing("Debian's chromium is not installed (apt-get install -y --no-install-recommends chromium)")
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
