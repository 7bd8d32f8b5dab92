#!/usr/bin/env bash
# Regenerate the pinned requirement files from requirements/*.in with pip-tools (needs PyPI):
#   bash scripts/lock.sh                            keep every pin that still fits, add what is new
#   bash scripts/lock.sh --upgrade-package mkdocs   move one package (and what it needs) to its newest version
# A package pinned by hand in a .txt (a line without pip-compile's "# via" note, e.g. after a merge) is
# first added to the matching .in file, so its pin is kept instead of silently dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
PIP_TOOLS="pip-tools==7.6.2"
# The tool gets its own environment: it is not part of the site or the tests.
if [ ! -x .venv-lock/bin/pip-compile ]; then
  python3 -m venv .venv-lock
  .venv-lock/bin/python -m pip install --quiet --disable-pip-version-check "$PIP_TOOLS"
fi
for name in site test; do
  python3 - "requirements/$name.txt" "requirements/$name.in" <<'PY'
import re, sys
txt, infile = sys.argv[1], sys.argv[2]
lines = open(txt, encoding="utf-8").read().splitlines()
pin = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==\S+$")
by_hand = [m.group(1) for i, line in enumerate(lines) if (m := pin.match(line.strip()))
           and not (i + 1 < len(lines) and lines[i + 1].lstrip().startswith("# via"))]
if by_hand and any(line.lstrip().startswith("# via") for line in lines):
    with open(infile, "a", encoding="utf-8") as f:
        f.write("# Carried over from a pin added by hand to " + txt + "\n" + "".join(n + "\n" for n in by_hand))
    print(f"{infile}: lade till {', '.join(by_hand)} (fanns bara för hand i {txt}; pinnen behålls)")
PY
  CUSTOM_COMPILE_COMMAND="bash scripts/lock.sh" .venv-lock/bin/pip-compile --quiet --strip-extras \
    --no-emit-index-url --no-emit-trusted-host --no-emit-find-links --newline lf \
    "requirements/$name.in" -o "requirements/$name.txt" "$@"
done
git --no-pager diff --stat -- requirements/ 2>/dev/null || true
