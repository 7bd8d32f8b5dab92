"""Command line, run from the repository root: `python3 -m hooks.metodbanken validate`,
`python3 -m hooks.metodbanken new <typ> "Titel"`, `python3 -m hooks.metodbanken import [FIL]` (a card sent by
mail or as a file, for the editors) and `python3 -m hooks.metodbanken schema --out DIR`.
Installed with `pip install -e .`, the same commands are `metodbanken validate` and so on."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .problems import (
    CardsInvalid,
    format_github_annotations,
    format_markdown,
    format_problems,
    format_warnings,
    internal_problem,
)
from .schema import CARD_TYPES
from .taxonomy import load_taxonomy


def project_root(start: Path | None = None) -> Path:
    """The nearest folder from `start` (the current one) upwards that holds mkdocs.yml, else `start` itself:
    the content folders are found from where the command runs, not from where the package is installed."""
    start = (start or Path.cwd()).resolve()
    return next((folder for folder in (start, *start.parents) if (folder / "mkdocs.yml").is_file()), start)


def cmd_validate(args: argparse.Namespace) -> int:
    from .content.project_status import status_warnings
    from .pipeline import build_site, load_and_validate

    root = Path(args.root)
    if not any((root / card_type.folder).is_dir() for card_type in CARD_TYPES.values()):
        folders = ", ".join(f"{card_type.folder}/" for card_type in CARD_TYPES.values())
        print(
            f"Fel: {root} har ingen av mapparna {folders}. Kör kommandot i repots rotmapp "
            "(där mkdocs.yml ligger) eller ange mappen med --root.",
            file=sys.stderr,
        )
        return 1
    cards: list = []
    problems = []
    warnings = []
    try:
        cards, taxonomy = load_and_validate(root, load_taxonomy())
        warnings = status_warnings(cards, taxonomy)
        build_site(root)  # links between pages are checked once the pages exist
    except CardsInvalid as exc:
        problems = sorted(exc.problems, key=lambda p: (p.path, p.line or 0))
    except Exception as exc:  # a last resort: a Swedish message instead of a traceback
        problems = [internal_problem(str(root), exc)]
    if args.format == "markdown":
        print(format_markdown(problems, len(cards)), end="")
        return 1 if problems else 0
    if warnings:  # they never change the exit code
        print(format_warnings(warnings), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(format_github_annotations(warnings, level="warning"))
    if not problems:
        print(f"Alla {len(cards)} kort är giltiga.")
        return 0
    print(format_problems(problems), file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print(format_github_annotations(problems))
    return 1


def cmd_new(args: argparse.Namespace) -> int:
    from .content.scaffold import ScaffoldError, create_card

    root = Path(args.root)
    try:
        path = create_card(root, args.type, args.title, load_taxonomy(), card_id=args.id)
    except ScaffoldError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 1
    rel = path.relative_to(root).as_posix()
    print(
        f"Skapade {rel}.\nÖppna filen, fyll i alla fält som är märkta OBLIGATORISKT och ersätt raden "
        f"'SKRIV HÄR' med egen text (eller ta bort den).\nKontrollera sedan kortet med: {PROG} validate"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .content.intake import IntakeError, card_text_from_mail, mail_body, prepare, read_source, save
    from .pipeline import load_and_validate

    root = Path(args.root)
    try:
        if args.file in (None, "-"):
            if sys.stdin.isatty():
                print("Klistra in mejlet eller kortet och avsluta med Ctrl-D (Ctrl-Z och Enter i Windows).")
            text = mail_body(sys.stdin.buffer.read())  # a pasted mail source is read as a saved mail
        else:
            text = read_source(Path(args.file))
        intake = prepare(card_text_from_mail(text), root, args.id)
        path = save(intake, root)
    except IntakeError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 1
    rel = path.relative_to(root).as_posix()
    print(f"Sparade kortet som {rel}.")
    problems = []
    try:
        load_and_validate(root, load_taxonomy())
    except CardsInvalid as exc:
        problems = sorted((p for p in exc.problems if p.path == rel), key=lambda p: p.line or 0)
        others = len(exc.problems) - len(problems)
        if others:
            print(f"(Andra kort har {others} fel; kör {PROG} validate för att se dem.)", file=sys.stderr)
    if problems:
        print(f"Kortet har {len(problems)} fel att rätta innan det kan publiceras:", file=sys.stderr)
        print(format_problems(problems), file=sys.stderr)
        return 1
    print("Kortet är giltigt. Läs det mot källan, förhandsgranska med bash scripts/serve.sh och publicera.")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .exports.json_schema import write_schemas

    for path in write_schemas(Path(args.out), load_taxonomy(), args.site_url):
        print(f"Skrev {path}")
    return 0


# Messages name the command the way it was started: the installed script, or the module from a checkout.
PROG = "metodbanken" if Path(sys.argv[0]).stem == "metodbanken" else "python3 -m hooks.metodbanken"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description="Verktyg för Metodbankens kort.")
    root_help = "mappen som innehåller methods/, labs/, projects/, lessons/ (standard: repots rot)"
    parser.add_argument("--root", default=str(project_root()), help=root_help)
    # --root also works after the command name: `validate --root DIR`.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=argparse.SUPPRESS, help=root_help)
    sub = parser.add_subparsers(dest="command", required=True, metavar="kommando")
    check = sub.add_parser(
        "validate",
        parents=[common],
        help="kontrollera alla kort utan att bygga webbplatsen",
        description="Kontrollerar alla kort och skriver ut varje fel på en gång.",
    )
    check.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text (standard) eller markdown: en tabell på standard ut, t.ex. för GitHubs "
        "sammanfattning av ett jobb ($GITHUB_STEP_SUMMARY)",
    )
    check.set_defaults(func=cmd_validate)
    new = sub.add_parser(
        "new",
        parents=[common],
        help="skapa ett nytt, tomt kort att fylla i",
        description='Skapar t.ex. methods/deep-talk.md av: new method "Deep Talk".',
    )
    new.add_argument(
        "type", metavar="typ", help="method, lab, project eller lesson (eller metod, labb, projekt, lardom)"
    )
    new.add_argument("title", metavar="titel", help="kortets titel inom citattecken; filnamnet bildas av den")
    new.add_argument("--id", help="eget id (filnamn utan .md) i stället för det som bildas av titeln")
    new.set_defaults(func=cmd_new)
    take = sub.add_parser(
        "import",
        aliases=["ta-emot"],
        parents=[common],
        help="ta emot ett kort som kommit med e-post eller som fil, spara det och kontrollera det",
        description="Läser ett kort ur ett mejl (inklistrad text, eller ett sparat mejl som .eml eller .txt) "
        "eller ur en nedladdad .md-fil, sparar det i mappen för sin korttyp med ett filnamn av titeln "
        "(skriver aldrig över ett kort som finns) och kontrollerar det.",
    )
    take.add_argument(
        "file",
        metavar="fil",
        nargs="?",
        help="mejlet eller kortet (.eml, .txt eller .md); utelämna, eller skriv -, för att klistra in texten",
    )
    take.add_argument("--id", help="eget id (filnamn utan .md) i stället för det som bildas av titeln")
    take.set_defaults(func=cmd_import)
    schema = sub.add_parser("schema", parents=[common], help="skriv JSON Schema för korttyperna till en mapp")
    schema.add_argument("--out", required=True, help="mappen som filerna <typ>.schema.json skrivs till")
    schema.add_argument(
        "--site-url", help="webbplatsens adress, som schemats $id börjar med (standard: site_url i mkdocs.yml)"
    )
    schema.set_defaults(func=cmd_schema)
    args = parser.parse_args(argv)
    return args.func(args)
