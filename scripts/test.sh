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

# The single sign-on tests start a real OpenID Connect provider: the npm package oidc-provider,
# pinned in tests/sso/providers/package-lock.json and installed there with npm ci.
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's nodejs and npm for the single sign-on tests …"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "The single sign-on tests need Node.js 20 or later with npm: 'sudo apt-get install nodejs npm'." >&2
    exit 1
  fi
fi
providers=tests/sso/providers
node_stamp="$providers/node_modules/.installed-$(sha256sum "$providers/package-lock.json" | cut -c1-16)"
if [ ! -f "$node_stamp" ]; then
  (cd "$providers" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$node_stamp"
fi

. scripts/_venv.sh requirements-dev.lock
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" "$@"
