#!/usr/bin/env bash
# Install everything the tests need and run the whole suite. With nothing set it runs on SQLite
# with Celery eager (a bare machine); with DATABASE_URL / CELERY_BROKER_URL set (as .ci/run does)
# it runs against PostgreSQL and Redis. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive Debian's Chromium; Playwright cannot download a browser here.
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests …"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "The browser tests need Chromium: 'sudo apt-get install chromium' or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi

. scripts/_venv.sh requirements-dev.lock
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" "$@"
