# Sourced by the other scripts: make .venv (once) and install the pinned packages of the given list.
set -euo pipefail
requirements="$1"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ! -x .venv/bin/python ]; then
  if ! python3 -m venv .venv 2>/dev/null; then
    # Debian ships venv separately.
    as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv
    rm -rf .venv && python3 -m venv .venv
  fi
fi
stamp=".venv/.installed-$(basename "$requirements")"
if [ ! -f "$stamp" ] || [ -n "$(find requirements -newer "$stamp" -print -quit)" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  touch "$stamp"
fi
