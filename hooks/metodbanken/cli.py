"""Command line: `python -m metodbanken validate` and `python -m metodbanken new <typ> "Titel"`."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .load import load_cards
from .problems import format_github_annotations, format_problems
from .taxonomy import load_taxonomy
from .validate import validate

REPO_ROOT = Path(__file__).resolve().parents[2]


def cmd_validate(args: argparse.Namespace) -> int:
    root = Path(args.root)
    cards, problems = load_cards(root)
    problems += validate(cards, load_taxonomy())
    if not problems:
        print(f"Alla {len(cards)} kort är giltiga.")
        return 0
    print(format_problems(sorted(problems, key=lambda p: (p.path, p.line or 0))), file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print(format_github_annotations(problems))
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="metodbanken", description="Verktyg för Metodbankens kort.")
    parser.add_argument("--root", default=str(REPO_ROOT), help="mappen som innehåller methods/, labs/, projects/")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="kontrollera alla kort utan att bygga webbplatsen").set_defaults(func=cmd_validate)
    args = parser.parse_args(argv)
    return args.func(args)
