"""List runs of 12 or more words that a card shares word for word with a source document.

A maintainer's tool, not a test: the source documents are not in the repository.

    python3 scripts/source_overlap.py SOURCES_DIR [--min-words 12] [CARD ...]

Prints one line per run (card file, field, word count, the words) and a total. A goal's exact wording
may be quoted when it stands in quotation marks; such runs are listed under "citerat" and not counted.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
CONTENT_FOLDERS = ("methods", "labs", "projects", "lessons")
WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-–][0-9A-Za-zÀ-ÖØ-öø-ÿ]+)*")
QUOTED = re.compile(r"[\"”“»«]([^\"”“»«]+)[\"”“»«]")


def words(text: str) -> list[str]:
    return [w.lower().replace("–", "-") for w in WORD.findall(text)]


def texts(value, path: str = ""):
    """Every string in a card's front matter with the field path it stands under."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("document", "section", "url", "id"):
                continue
            yield from texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from texts(item, f"{path}[{i}]")


def card_texts(file: Path):
    raw = file.read_text(encoding="utf-8")
    parts = raw.split("---", 2)
    if raw.startswith("---") and len(parts) == 3:
        yield from texts(yaml.safe_load(parts[1]) or {})
        yield "body", parts[2]
    else:
        yield "body", raw


def source_ngrams(sources_dir: Path, n: int) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for file in sorted(sources_dir.glob("*.txt")):
        w = words(file.read_text(encoding="utf-8", errors="replace"))
        grams.update(tuple(w[i : i + n]) for i in range(len(w) - n + 1))
    return grams


def shared_runs(text: str, grams: set[tuple[str, ...]], n: int) -> list[list[str]]:
    """Maximal runs of at least n words of `text` whose every n-word window stands in a source."""
    w = words(text)
    hits = [tuple(w[i : i + n]) in grams for i in range(len(w) - n + 1)]
    runs, i = [], 0
    while i < len(hits):
        if hits[i]:
            j = i
            while j + 1 < len(hits) and hits[j + 1]:
                j += 1
            runs.append(w[i : j + n])
            i = j + 1
        else:
            i += 1
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources_dir", type=Path)
    parser.add_argument("cards", nargs="*", type=Path, help="kortfiler (standard: alla kort)")
    parser.add_argument("--min-words", type=int, default=12)
    args = parser.parse_args(argv)
    n = args.min_words
    grams = source_ngrams(args.sources_dir, n)
    if not grams:
        print(f"Inga källtexter (*.txt) i {args.sources_dir}", file=sys.stderr)
        return 2
    files = args.cards or sorted(f for folder in CONTENT_FOLDERS for f in (REPO / folder).glob("*.md"))
    counted = quoted = 0
    cards_with_runs = set()
    for file in files:
        for field, text in card_texts(file):
            quotes = [words(q) for q in QUOTED.findall(text)]
            for run in shared_runs(text, grams, n):
                is_quote = any(" ".join(run) in " ".join(q) for q in quotes)
                label = "citerat" if is_quote else "egen text?"
                name = file.relative_to(REPO) if file.is_relative_to(REPO) else file
                print(f"{name}: {field}: {len(run)} ord ({label}): {' '.join(run)}")
                if is_quote:
                    quoted += 1
                else:
                    counted += 1
                    cards_with_runs.add(file)
    print(
        f"\n{counted} ordföljder på minst {n} ord som står ordagrant i en källa, i {len(cards_with_runs)} kort"
        f" (och {quoted} citerade inom citattecken)."
    )
    return 1 if counted else 0


if __name__ == "__main__":
    sys.exit(main())
