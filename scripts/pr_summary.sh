#!/usr/bin/env bash
# The job summary's note for a pull request's reviewer: where the built site is and how to look at it.
set -euo pipefail
cat <<TEXT

## Webbplatsen med ändringarna

Den byggda webbplatsen finns som artefakten **webbplats-pr-${PR_NUMBER:-…}** under *Artifacts* på
[körningens sida](${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-metodbanken/metodbanken}/actions/runs/${GITHUB_RUN_ID:-}).
Ladda ner och packa upp den, och visa den med:

\`\`\`sh
python3 -m http.server --directory webbplats 8000
\`\`\`

Öppna sedan <http://127.0.0.1:8000/> (sökvägarna börjar där i stället för under /metodbanken/).
TEXT
