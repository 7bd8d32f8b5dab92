"""When each card last changed: its `updated` field, else the date of the last commit that touched its file."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from babel.dates import format_date

from ..schema import CARD_TYPES
from .load import Card

_RECORD = "\x1e"  # starts each commit's line in the log, so a date can never be mistaken for a file name


def git_dates(root: Path) -> dict[str, str]:
    """Path (relative to root) → YYYY-MM-DD of the newest commit touching it, from a single `git log`.

    Empty when root is not in a git checkout or git is missing; the build then goes on without dates.
    """
    folders = [t.folder for t in CARD_TYPES.values()]
    cmd = [
        "git",
        "-c",
        "core.quotepath=off",
        "log",
        f"--format={_RECORD}%cs",
        "--name-only",
        "--relative",
        "--",
        *folders,
    ]
    try:
        out = subprocess.run(cmd, cwd=root, capture_output=True, text=True, encoding="utf-8", check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, str] = {}
    current = None
    for line in out.split("\n"):  # not splitlines(): it would split at the record separator too
        if line.startswith(_RECORD):
            current = line[1:]
        elif line and current:
            dates.setdefault(line, current)  # the log runs newest first
    return dates


def last_updated(root: Path, cards: list[Card], today: date | None = None) -> dict[str, str]:
    """Card id → YYYY-MM-DD; cards with neither an `updated` field nor git history are left out.

    A commit's date is whatever its author's clock or `GIT_COMMITTER_DATE` said; one after the build date (`today`)
    counts as the build date, so that no commit can pin a card to the top of the feed (validation refuses an
    `updated` field after it)."""
    from_git = git_dates(root)
    latest = (today or build_date()).isoformat()
    found = {}
    for card in cards:
        when = card.data.get("updated") or min(from_git.get(card.path, ""), latest)
        if when:
            found[card.id] = str(when)
    return found


def build_date() -> date:
    """Today in UTC, or SOURCE_DATE_EPOCH when set, so a rebuild of the same commit can give the same files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.date()


def swedish_date(iso: str) -> str:
    """'2026-11-07' → '7 november 2026': Babel's long Swedish date (CLDR), not a month list of our own."""
    return format_date(date.fromisoformat(iso), format="long", locale="sv")
