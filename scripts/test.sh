#!/usr/bin/env bash
# Install everything the tests need (Python packages in .venv, Debian's chromium), run the linters and the
# whole suite; arguments go to pytest (quick check without the browser: bash scripts/test.sh -m "not browser").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements/test.txt
if [ ! -x /usr/bin/chromium ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
# Lint findings fail the run, but only after the tests have run and reported too.
lint_status=0
bash scripts/lint.sh || lint_status=$?
.venv/bin/python -m pytest "$@"
exit "$lint_status"
