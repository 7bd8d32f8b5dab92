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
# The Nu Html Checker (npm's vnu-jar, installed by lint.sh) runs on Java.
if ! command -v java >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless
fi
# Lint findings fail the run, but only after the tests have run and reported too.
lint_status=0
bash scripts/lint.sh || lint_status=$?
# Two workers (pytest-xdist): the browser tests wait on pages much of the time, so even two cores finish the
# browser tier in about half the time. `-n 0` after the other arguments runs everything in one process.
# Compiled tests and their rewritten asserts are kept between runs (__pycache__, ignored by git), also where the
# environment asks Python not to write them: each worker would otherwise compile them all again at every start.
unset PYTHONDONTWRITEBYTECODE
.venv/bin/python -m pytest -n 2 "$@"
exit "$lint_status"
