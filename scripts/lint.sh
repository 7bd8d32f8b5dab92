#!/usr/bin/env bash
# Lint and format checks, as in CI: ruff for the Python (configured in pyproject.toml), Biome for the
# JavaScript and CSS in docs/ (biome.json). Fix what they report with:
#   .venv/bin/ruff format . && .venv/bin/ruff check --fix . && npx biome check --write
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements/test.txt
if ! command -v npm >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm
fi
# Biome's version is pinned in package.json and package-lock.json.
if [ ! -x node_modules/.bin/biome ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --silent
fi
status=0
.venv/bin/ruff check . || status=1
.venv/bin/ruff format --check . || status=1
node_modules/.bin/biome ci --colors=off || status=1
exit "$status"
