"""Typed reading of the environment for settings.

django-environ parses URLs (database, cache, e-mail) well, but it turns an unknown boolean
such as ``DJANGO_DEBUG=ja`` into False without a word. A setting that silently means something
else than the operator wrote is worse than one that refuses to start, so the scalar readers
here are strict and raise ImproperlyConfigured naming the variable and the accepted values.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

_env = environ.Env()


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of {sorted(_TRUE | _FALSE)}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, choices: set[str], default: str) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of {sorted(choices)}.")
    return value


def env_db(name: str) -> dict | None:
    value = _raw(name)
    if value is None:
        return None
    try:
        config = _env.db_url_config(value)
    except Exception as exc:  # django-environ raises several kinds; all mean "bad URL"
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"{name} must be a postgres:// URL (PostgreSQL through psycopg 3); "
            "leave it unset for the embedded SQLite default."
        )
    return config


def env_cache(name: str) -> dict | None:
    value = _raw(name)
    if value is None:
        return None
    if not value.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(f"{name} must be a redis:// URL.")
    return redis_cache(value)


def redis_cache(url: str) -> dict:
    """The cache settings for a Redis at ``url`` (production's, and the tests' outage cases).

    django-redis rather than Django's own RedisCache: Django's builds a new redis.Redis client for
    every operation (about 0.3 ms, as much as the round trip), and a page asks the cache several
    times; django-redis keeps one client per process over the same connection pool (issue 18).
    Short timeouts: a cache that hangs must not hang the page, and access.cache turns a Redis
    error into "build it afresh" (the tenant cache fails open).
    """
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }


def env_redis_url(name: str) -> str | None:
    value = _raw(name)
    if value is not None and not value.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(f"{name} must be a redis:// URL.")
    return value


def env_email(name: str) -> dict | None:
    value = _raw(name)
    if value is None:
        return None
    try:
        return _env.email_url_config(value)
    except Exception as exc:
        raise ImproperlyConfigured(f"{name} is not a valid e-mail URL: {exc}") from None


def gunicorn_workers(args: str) -> int:
    """The worker count in gunicorn's command-line style arguments (GUNICORN_CMD_ARGS), else 1."""
    try:
        parts = shlex.split(args)
    except ValueError:
        return 1
    for i, part in enumerate(parts):
        match = re.fullmatch(r"(?:--workers|-w)(?:=|)(\d*)", part)
        if match:
            value = match.group(1) or (parts[i + 1] if i + 1 < len(parts) else "")
            return int(value) if value.isascii() and value.isdigit() else 1
    return 1


def git_commit(base_dir: Path) -> str | None:
    """The checkout's commit (12 hex digits), read from .git without the git program, else None.

    Follows a worktree's ``.git`` file and a branch's loose or packed ref.
    """
    git = base_dir / ".git"
    try:
        if git.is_file():  # a worktree: "gitdir: /repo/.git/worktrees/name"
            git = Path(git.read_text().split(":", 1)[1].strip())
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref:"):
            return head[:12]
        ref = head[4:].strip()
        common = git / "commondir"
        roots = [git] + ([(git / common.read_text().strip()).resolve()] if common.is_file() else [])
        for root in roots:
            if (root / ref).is_file():
                return (root / ref).read_text().strip()[:12]
            packed = root / "packed-refs"
            if packed.is_file():
                for line in packed.read_text().splitlines():
                    if line.endswith(" " + ref):
                        return line[:12]
    except (OSError, IndexError):
        return None
    return None
