"""Real services for the tests that need them.

On a bare machine (the README's test command with nothing configured) a test that needs Redis
or PostgreSQL is skipped. In CI, REQUIRE_SERVICES=1 turns that skip into a failure, so a
service that is missing or misconfigured there can never pass silently.
"""

import os

import pytest


def require(condition: bool, what: str) -> None:
    if condition:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but not configured")
    pytest.skip(f"{what} is not configured on this machine")


def redis_url(kind: str = "CELERY_BROKER_URL") -> str:
    url = os.environ.get(kind, "")
    require(url.startswith("redis://"), f"Redis ({kind})")
    return url
