#!/usr/bin/env bash
# Build the site and serve it on http://127.0.0.1:8000/metodbanken/ (the path of site_url) with live reload (cards, docs and hooks are watched).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements/site.txt
exec .venv/bin/python -m mkdocs serve "$@"
