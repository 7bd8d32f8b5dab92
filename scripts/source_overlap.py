"""List runs of 12 or more words that a card shares word for word with a source document.

A maintainer's tool, not a test: the source documents are not in the repository.

    python3 scripts/source_overlap.py SOURCES_DIR [--min-words 12] [CARD ...]

Prints one line per run (card file, field, word count, the words) and a total. The items of a list (for
example the bullets under success_factors) are read as one text, so a run copied across bullets is found;
the field then names the items it spans. A goal's exact wording may be quoted when it stands in quotation
marks; such runs are listed under "citerat" and not counted.
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
# Lists of names (organisations, other names of a method): copying a name is not copying a sentence, so their
# items are read one by one.
NAME_LISTS = ("partners", "aliases")
QUOTED = re.compile(r"[\"”“»«]([^\"”“»«]+)[\"”“»«]")


def words(text: str) -> list[str]:
    return [w.lower().replace("–", "-") for w in WORD.findall(text)]


def texts(value, path: str = ""):
    """Every text in a card's front matter as (field path, its items, whether it is a list of texts).

    A list of texts is one passage, its items in order: a sentence copied from a source and cut into bullets
    is still copied, so a run may go on from one item into the next."""
    if isinstance(value, str):
        yield path, [value], False
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("document", "section", "url", "id"):
                continue
            yield from texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        if value and all(isinstance(item, str) for item in value) and path.split(".")[-1] not in NAME_LISTS:
            yield path, value, True
        else:
            for i, item in enumerate(value):
                yield from texts(item, f"{path}[{i}]")


def card_texts(file: Path):
    raw = file.read_text(encoding="utf-8")
    parts = raw.split("---", 2)
    if raw.startswith("---") and len(parts) == 3:
        yield from texts(yaml.safe_load(parts[1]) or {})
        yield "body", [parts[2]], False
    else:
        yield "body", [raw], False


def source_ngrams(sources_dir: Path, n: int) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for file in sorted(sources_dir.glob("*.txt")):
        w = words(file.read_text(encoding="utf-8", errors="replace"))
        grams.update(tuple(w[i : i + n]) for i in range(len(w) - n + 1))
    return grams


def shared_runs_in_items(items: list[str], grams: set[tuple[str, ...]], n: int) -> list[tuple[int, int, list[str]]]:
    """Maximal runs of at least n words of the items read as one text, each with the first and last item it
    stands in, whose every n-word window stands in a source."""
    w: list[str] = []
    item_of: list[int] = []  # the item each word comes from
    for index, text in enumerate(items):
        item_words = words(text)
        w += item_words
        item_of += [index] * len(item_words)
    hits = [tuple(w[i : i + n]) in grams for i in range(len(w) - n + 1)]
    runs, i = [], 0
    while i < len(hits):
        if hits[i]:
            j = i
            while j + 1 < len(hits) and hits[j + 1]:
                j += 1
            runs.append((item_of[i], item_of[j + n - 1], w[i : j + n]))
            i = j + 1
        else:
            i += 1
    return runs


def shared_runs(text: str, grams: set[tuple[str, ...]], n: int) -> list[list[str]]:
    """Maximal runs of at least n words of `text` whose every n-word window stands in a source."""
    return [run for _, _, run in shared_runs_in_items([text], grams, n)]


def where(field: str, first: int, last: int, is_list: bool) -> str:
    """The field a run stands in: 'success_factors[0–2]' when it goes on across items of a list."""
    if not is_list:
        return field
    return f"{field}[{first}]" if first == last else f"{field}[{first}–{last}]"


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
        for field, items, is_list in card_texts(file):
            quotes = [words(q) for text in items for q in QUOTED.findall(text)]
            for first, last, run in shared_runs_in_items(items, grams, n):
                is_quote = any(" ".join(run) in " ".join(q) for q in quotes)
                label = "citerat" if is_quote else "egen text?"
                name = file.relative_to(REPO) if file.is_relative_to(REPO) else file
                print(f"{name}: {where(field, first, last, is_list)}: {len(run)} ord ({label}): {' '.join(run)}")
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
