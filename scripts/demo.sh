#!/usr/bin/env bash
# Install and run Skolnätverk with demo data on the embedded defaults (SQLite, tasks in-process,
# e-mail to the console), at http://127.0.0.1:8000 or DEMO_ADDRESS (host:port). Demo logins are listed in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh requirements.lock
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
# Links in e-mails follow the address (config/settings.py derives SITE_URL from DEMO_ADDRESS).
export DEMO_ADDRESS="${DEMO_ADDRESS:-127.0.0.1:8000}"
exec .venv/bin/python manage.py runserver "$DEMO_ADDRESS"
