#!/usr/bin/env bash
# Install everything the tests need (Python packages in .venv, Debian's chromium) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements/test.txt
if [ ! -x /usr/bin/chromium ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
exec .venv/bin/python -m pytest "$@"
