# Shared by demo.sh and test.sh: make .venv with Python 3.11 and install a lock file into it.
# Usage: . scripts/_venv.sh requirements.lock
set -euo pipefail
lock="$1"
py=""
for candidate in python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    py="$candidate"; break
  fi
done
if [ -z "$py" ]; then
  echo "Skolnätverk needs Python 3.11 (python3.11 on PATH)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$lock")-$(sha256sum "$lock" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$lock"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
