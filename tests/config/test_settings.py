"""Settings come from the environment, typed, and refuse bad values loudly (in a fresh process)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD = {
    "DJANGO_DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
    "ALLOWED_HOSTS": "skolnatverk.example.se",
}


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS"}}
    clean.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "false"}, "SECRET_KEY must be set"),
        ({"DJANGO_DEBUG": "false", "SECRET_KEY": PROD["SECRET_KEY"]}, "ALLOWED_HOSTS must list"),
        ({"DJANGO_DEBUG": "kanske"}, "DJANGO_DEBUG='kanske' is not a boolean"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "must be a postgres:// URL"),
        ({"CELERY_BROKER_URL": "amqp://guest@localhost//"}, "CELERY_BROKER_URL must be a redis:// URL"),
        ({"DATABASE_CONN_MAX_AGE": "lång", "DATABASE_URL": "postgres://postgres@127.0.0.1/x"}, "is not a whole number"),
    ],
)
def test_bad_environment_refuses_to_start(env, message):
    result = _run(["check"], **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_mode_passes_check_deploy_without_warnings():
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], **PROD)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_embedded_defaults_are_sqlite_eager_and_console_mail(settings):
    # The test run itself may be on PostgreSQL (CI); the defaults are read in a fresh process.
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)"
    )
    result = _run(["shell", "--no-imports", "-c", code])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3", "True", "django.core.mail.backends.console.EmailBackend"
    ]


def test_database_and_broker_urls_switch_to_postgres_and_redis():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)"
    )
    result = _run(
        ["shell", "--no-imports", "-c", code],
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/skolnatverk",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "skolnatverk", "False", "redis://127.0.0.1:6379/0"]


@pytest.mark.parametrize(
    "workers",
    [{"WEB_CONCURRENCY": "3"}, {"GUNICORN_CMD_ARGS": "--bind 0.0.0.0:8000 --workers 4"}, {"GUNICORN_CMD_ARGS": "-w2"}],
)
def test_production_refuses_several_web_processes_without_a_shared_cache(workers):
    """Rate limits (and the tenant cache) would count per process: check --deploy stops the start."""
    result = _run(["check", "--deploy", "--fail-level", "ERROR"], **PROD, **workers)
    assert result.returncode != 0
    assert "access.E001" in result.stderr
    shared = _run(["check", "--deploy", "--fail-level", "ERROR"], **PROD, **workers, CACHE_URL="redis://127.0.0.1:6379/1")
    assert shared.returncode == 0, shared.stderr


def test_production_with_one_web_process_needs_no_shared_cache():
    result = _run(["check", "--deploy", "--fail-level", "ERROR"], **PROD, WEB_CONCURRENCY="1")
    assert result.returncode == 0, result.stderr


def test_demo_address_moves_the_demo_and_the_links_in_its_emails():
    """Issue 15: e-mail links pointed at port 8000 whatever address the demo was served at."""
    shown = _run(
        ["shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SITE_URL, '192.168.1.20' in settings.ALLOWED_HOSTS)"],
        DEMO_ADDRESS="192.168.1.20:8106",
    )
    assert shown.stdout.split() == ["http://192.168.1.20:8106", "True"], shown.stderr
    explicit = _run(["shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SITE_URL)"],
                    DEMO_ADDRESS="192.168.1.20:8106", SITE_URL="https://skolnatverk.example.se")
    assert explicit.stdout.strip() == "https://skolnatverk.example.se"
    refused = _run(["check"], DEMO_ADDRESS="http://192.168.1.20")
    assert refused.returncode != 0 and "DEMO_ADDRESS" in refused.stderr
