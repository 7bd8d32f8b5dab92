"""Issue 13: cards written as an attacker would write them. Each must get a Swedish problem (never a
traceback), and whatever reaches a page must hold no active content and fetch nothing from another host."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml

from metodbanken.content.load import MAX_CARD_BYTES, load_cards
from metodbanken.content.scaffold import ScaffoldError, create_card
from metodbanken.content.validate import validate
from metodbanken.pipeline import load_and_validate
from metodbanken.problems import CardsInvalid, Problem, format_github_annotations, format_problems, printable
from metodbanken.site.sanitise import sanitise_card_html, sanitise_in_parts, stands_alone
from metodbanken.taxonomy import Taxonomy
from metodbanken.urls import url_scheme
from support import FIXTURE_CONTENT, REPO, cached_taxonomy, copy_site_skeleton, serve_directory

TAXONOMY = cached_taxonomy()  # read only
BASE_CARD = (FIXTURE_CONTENT / "methods" / "laxhjalp.md").read_text(encoding="utf-8")
FRONT_END = BASE_CARD.rindex("---")


def card_text(extra_front: str = "", body: str = "", replace: dict[str, str] | None = None) -> str:
    """The fixture method card with lines replaced, front-matter lines added and a body."""
    text = BASE_CARD
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new, 1)
    end = text.rindex("---")
    return text[:end] + extra_front + ("\n" if extra_front else "") + text[end:].rstrip("\n") + "\n" + body


def problems_for(tmp_path: Path, files: dict[str, str | bytes]) -> list[Problem]:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    cards, problems = load_cards(root)
    return problems + validate(cards, TAXONOMY)


CARD = "methods/laxhjalp.md"
# Hostile cards that once made validation quadratic or exponential (bench/validate_benchmark.py times them).
LONG_LINES = card_text(body="a" * 300_000 + "\n" + "a." * 150_000 + "\n" + "](" * 100_000 + "\n")
ALIAS_BOMB = card_text(
    extra_front="\n".join(
        ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        + [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
    )
)
HANG_GUARD_S = 30  # a busy two-core machine is slow; the old behaviour took minutes or never ended

# (case, files laid over the fixture content, Problem.code that must be reported)
ATTACKS = [
    (
        "attr_list-event-handler-in-body",
        {CARD: card_text(body='Text.\n{: tabindex="0" autofocus="" onfocus="alert(1)" }\n')},
        "attribute-syntax",
    ),
    (
        "attr_list-in-list-field",
        {
            CARD: card_text(
                replace={
                    "steps: [Ordna en lokal., Hitta frivilliga.]": "steps:\n  - '[länk](https://example.org){: onmouseover=\"alert(2)\" }'"
                }
            )
        },
        "attribute-syntax",
    ),
    (
        "attr_list-style-request",
        {CARD: card_text(body='Text.\n{ style="background:url(https://evil.example/a)" }\n')},
        "attribute-syntax",
    ),
    ("javascript-split-by-newline-in-body", {CARD: card_text(body="[klicka](java\nscript:alert(1))\n")}, "unsafe-link"),
    (
        "javascript-split-in-field",
        {CARD: card_text(replace={"who_runs_it: Frivilliga.": 'who_runs_it: "[klicka](java\\nscript:alert(1))"'})},
        "unsafe-link",
    ),
    ("javascript-in-angle-brackets", {CARD: card_text(body="[klicka](<javascript:alert(1)>)\n")}, "unsafe-link"),
    ("vbscript-with-tab", {CARD: card_text(body="[x](vb\tscript:msgbox)\n")}, "unsafe-link"),
    ("data-url-with-control", {CARD: card_text(body="[x](da\x01ta:text/html,hej)\n")}, "control-character"),
    ("external-image", {CARD: card_text(body="![bild](https://evil.example/x.png)\n")}, "external-image"),
    ("external-image-protocol-relative", {CARD: card_text(body="![bild](//evil.example/x.png)\n")}, "external-image"),
    (
        "external-image-by-reference",
        {CARD: card_text(body="![bild][b]\n\n[b]: https://evil.example/x.png\n")},
        "external-image",
    ),
    (
        "yaml-alias-bomb",
        {CARD: card_text(extra_front="a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]")},
        "yaml-alias",
    ),
    ("too-large", {CARD: card_text(body="a" * (MAX_CARD_BYTES + 1))}, "too-large"),
    ("file-name-with-newline", {"methods/evil\n::warning file=x::hej.md": card_text()}, "bad-id"),
    ("file-name-too-long", {"methods/" + "a" * 120 + ".md": card_text()}, "bad-id"),
    ("aliases-not-a-list", {CARD: card_text(extra_front="aliases: 5")}, "wrong-type"),
    ("title-a-mapping", {CARD: card_text(replace={"title: Läxhjälp": "title: {a: 1}"})}, "wrong-type"),
    ("impossible-date", {CARD: card_text(extra_front="updated: '2019-02-30'")}, "bad-date"),
    (
        "negative-amount",
        {
            "projects/testprojektet.md": (FIXTURE_CONTENT / "projects" / "testprojektet.md")
            .read_text(encoding="utf-8")
            .replace("sources:", "funding:\n  - {funder: Någon, amount_sek: -5}\nsources:", 1)
        },
        "bad-amount",
    ),
    (
        "absurd-amount",
        {
            "projects/testprojektet.md": (FIXTURE_CONTENT / "projects" / "testprojektet.md")
            .read_text(encoding="utf-8")
            .replace("sources:", "funding:\n  - {funder: Någon, amount_sek: 99999999999999}\nsources:", 1)
        },
        "bad-amount",
    ),
    ("nul-in-file", {CARD: card_text(body="Text\x00med NUL.\n")}, "control-character"),
    (
        "nul-by-yaml-escape",
        {
            CARD: card_text(
                replace={"summary: Frivilliga hjälper elever med läxorna.": 'summary: "Frivilliga\\0 hjälper."'}
            )
        },
        "control-character",
    ),
    (
        "line-separator-in-title",
        {CARD: card_text(replace={"title: Läxhjälp": "title: Läx\u2028hjälp"})},
        "control-character",
    ),
    (
        "line-separator-by-yaml-escape",
        {CARD: card_text(replace={"title: Läxhjälp": 'title: "Läx\\u2028hjälp"'})},
        "control-character",
    ),
    ("next-line-byte-0x85", {CARD: card_text(replace={"title: Läxhjälp": "title: Läx\x85hjälp"})}, "control-character"),
    ("bidi-override", {CARD: card_text(body="Text \u202e dolt.\n")}, "control-character"),
    (
        "duplicate-title-zero-width",
        {"methods/laxhjalp-2.md": card_text(replace={"title: Läxhjälp": "title: Läx\u200bhjälp"})},
        "duplicate-title",
    ),
    (
        "duplicate-title-cyrillic",
        {"methods/laxhjalp-2.md": card_text(replace={"title: Läxhjälp": "title: Lä\u0445hjälp"})},
        "duplicate-title",
    ),
    (
        "duplicate-title-nfkc",
        {"methods/laxhjalp-2.md": card_text(replace={"title: Läxhjälp": "title: La\u0308xhja\u0308lp"})},
        "duplicate-title",
    ),
    # Issue 26: what a second attack found.
    ("toc-marker-in-body", {CARD: card_text(body="Text.\n\n[TOC]\n")}, "toc-marker"),
    (
        "toc-marker-in-field",
        {CARD: card_text(replace={"who_runs_it: Frivilliga.": "who_runs_it: '[TOC]'"})},
        "toc-marker",
    ),
    ("setext-h1-in-body", {CARD: card_text(body="Andra rubriken\n===\n")}, "body-heading"),
    ("setext-h2-in-body", {CARD: card_text(body="Text.\n\nEn rubrik till\n---\n")}, "body-heading"),
    (
        "heading-in-markdown-field",
        {CARD: card_text(replace={"who_runs_it: Frivilliga.": 'who_runs_it: "Frivilliga.\\n\\n# Rubrik"'})},
        "field-heading",
    ),
    (
        "setext-heading-in-markdown-field",
        {CARD: card_text(replace={"who_runs_it: Frivilliga.": "who_runs_it: |\n  Rubrik\n  ===\n\n  Frivilliga."})},
        "field-heading",
    ),
    (
        "heading-in-list-item",
        {CARD: card_text(replace={"steps: [Ordna en lokal.,": "steps: ['## Ordna en lokal.',"})},
        "field-heading",
    ),
    ("setext-h2-one-dash", {CARD: card_text(body="En rubrik\n  -\n")}, "body-heading"),
    ("left-to-right-mark", {CARD: card_text(body="Text \u200e här.\n")}, "control-character"),
    (
        "right-to-left-mark-in-title",
        {CARD: card_text(replace={"title: Läxhjälp": "title: Läx\u200fhjälp"})},
        "control-character",
    ),
    (
        "arabic-letter-mark-by-yaml-escape",
        {CARD: card_text(replace={"title: Läxhjälp": 'title: "Läx\\u061chjälp"'})},
        "control-character",
    ),
    # Look-alikes outside the Cyrillic and Greek table: Armenian, Cherokee, fullwidth and mathematical letters.
    ("mixed-script-armenian", {CARD: card_text(replace={"title: Läxhjälp": "title: L\u0585xhjälp"})}, "mixed-script"),
    ("mixed-script-cherokee-alias", {CARD: card_text(extra_front="aliases: ['\u13deäxhjälp']")}, "mixed-script"),
    ("mixed-script-fullwidth", {CARD: card_text(replace={"title: Läxhjälp": "title: \uff2cäxhjälp"})}, "mixed-script"),
    (
        "mixed-script-mathematical",
        {CARD: card_text(replace={"title: Läxhjälp": "title: \U0001d40bäxhjälp"})},
        "mixed-script",
    ),
    ("self-reference", {CARD: card_text(extra_front="related_methods: [laxhjalp]")}, "self-reference"),
    ("future-updated", {CARD: card_text(extra_front="updated: '2100-12-31'")}, "future-date"),
    (
        "future-diary-date",
        {
            "labs/testlabbet.md": (FIXTURE_CONTENT / "labs" / "testlabbet.md")
            .read_text(encoding="utf-8")
            .replace("date: '2019-01-24'", "date: '2099-01-01'", 1)
        },
        "future-date",
    ),
    (
        "lone-surrogate-by-yaml-escape",
        {CARD: card_text(replace={"title: Läxhjälp": 'title: "L\\ud800x"'})},
        "yaml-escape",
    ),
    ("link-to-svg", {CARD: card_text(body="[Större bild](../bilder/foto.svg)\n")}, "link-file-type"),
    ("image-of-svg", {CARD: card_text(body="![Bild](../bilder/foto.svg#x)\n")}, "link-file-type"),
    ("link-to-html-by-reference", {CARD: card_text(body="[Sida][s]\n\n[s]: ../bilder/sida.html\n")}, "link-file-type"),
    ("link-to-html-percent-encoded", {CARD: card_text(body="[Sida](../bilder/sida%2Ehtml)\n")}, "link-file-type"),
]


@pytest.mark.parametrize(("case", "files", "code"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_attack_is_refused_with_a_swedish_problem(case, files, code, tmp_path):
    problems = problems_for(tmp_path, files)
    assert code in {p.code for p in problems}, [(p.code, p.message) for p in problems]
    text = format_problems(problems)
    assert "Så rättar du:" in text
    # Readable output is one problem per line with no raw control characters, whatever the file held.
    assert not any(ch in text for ch in "\x00\x85\u2028\u2029\u202e\r")
    for line in text.splitlines()[1:]:
        assert line.startswith(("methods/", "labs/", "projects/", "    Så rättar du:")), line


# What the issue 26 rules must still let through: each would be a false alarm on an honest card.
INNOCENT = [
    ("thematic-break-after-blank-line", {CARD: card_text(body="Text.\n\n---\n\nMer text.\n")}),
    ("table-separator", {CARD: card_text(body="| a | b |\n| --- | --- |\n| 1 | 2 |\n")}),
    ("list-after-text", {CARD: card_text(body="Text:\n\n- ett\n- två\n")}),
    (
        "hash-inside-a-field",
        {CARD: card_text(replace={"who_runs_it: Frivilliga.": 'who_runs_it: "#1 i stan: frivilliga."'})},
    ),
    ("toc-as-words", {CARD: card_text(body="Innehållsförteckning (TOC) finns i rapporten.\n")}),
    (
        "latin-with-digits-and-dashes",
        {CARD: card_text(replace={"title: Läxhjälp": "title: Läxhjälp 2.0 – för åk 7–9"})},
    ),
    ("alias-in-another-script-alone", {CARD: card_text(extra_front="aliases: ['مساعدة في الواجبات', 'Помощь']")}),
    ("combining-marks", {CARD: card_text(replace={"title: Läxhjälp": "title: La\u0308xhja\u0308lp"})}),
    (
        "local-links-to-pages-pictures-and-data",
        {CARD: card_text(body="[a](../labb/testlabbet.md) ![b](../bilder/b.png) [c](../data/cards.csv) [d](#x)\n")},
    ),
    ("related-to-another-method", {CARD: card_text(extra_front="related_methods: [samtalskvall]")}),
    ("updated-in-the-past", {CARD: card_text(extra_front="updated: '2020-02-03'")}),
    (
        "project-ending-in-the-future",
        {
            "projects/testprojektet.md": (FIXTURE_CONTENT / "projects" / "testprojektet.md")
            .read_text(encoding="utf-8")
            .replace("period: {start: '2015', end: '2017'}", "period: {start: '2020', end: '2099'}", 1)
        },
    ),
]


@pytest.mark.parametrize(("case", "files"), INNOCENT, ids=[a[0] for a in INNOCENT])
def test_honest_cards_are_not_refused_by_the_issue_26_rules(case, files, tmp_path):
    problems = problems_for(tmp_path, files)
    assert problems == [], [(p.code, p.message) for p in problems]


def test_an_updated_date_may_be_the_build_date_or_the_next_day_but_not_later(tmp_path):
    # The build date is UTC's: just after midnight in Sweden, the Swedish date is the next day.
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    (root / CARD).write_text(card_text(extra_front="updated: '2030-05-01'"), encoding="utf-8")
    cards, _ = load_cards(root)
    assert validate(cards, TAXONOMY, today=date(2030, 5, 1)) == []
    assert validate(cards, TAXONOMY, today=date(2030, 4, 30)) == []
    [problem] = validate(cards, TAXONOMY, today=date(2030, 4, 29))
    assert (problem.code, problem.field, problem.line) == ("future-date", "updated", 18)
    assert "2030-05-01 har inte kommit ännu (i dag är det 2030-04-29)" in problem.message


def test_a_source_document_published_after_the_build_date_is_refused():
    documents = [replace(d, published="2027") if i == 0 else d for i, d in enumerate(TAXONOMY.terms("documents"))]
    taxonomy = Taxonomy({**TAXONOMY.groups, "documents": documents})
    cards, _ = load_cards(FIXTURE_CONTENT)
    [problem] = validate(cards, taxonomy, today=date(2026, 12, 30))
    assert (problem.path, problem.code) == ("hooks/metodbanken/taxonomy.yml", "future-date")
    assert problem.field == f"documents/{documents[0].id}.published" and "2027" in problem.message
    assert validate(cards, taxonomy, today=date(2026, 12, 31)) == []  # 2027 in Sweden after midnight


def test_a_lone_surrogate_in_text_is_named_as_such(tmp_path):
    # libyaml refuses "\ud800" (yaml-escape); the pure-Python loader would keep it in the text.
    cards, _ = load_cards(FIXTURE_CONTENT)
    card = next(c for c in cards if c.path == CARD)
    card.data["summary"] = "Frivilliga\ud800 hjälper."
    problems = [p for p in validate(cards, TAXONOMY) if p.path == CARD]
    assert [(p.code, p.field) for p in problems] == [("lone-surrogate", "summary")]
    assert "\\ud800" in problems[0].message and "\\U0001F600" in problems[0].hint


def test_control_characters_are_not_called_tabs(tmp_path):
    problems = problems_for(tmp_path, {CARD: card_text(replace={"title: Läxhjälp": "title: Läx\x0bhjälp"})})
    problem = next(p for p in problems if p.path == CARD)
    assert problem.code == "control-character" and problem.line == 3
    assert "tabb" not in problem.message and "U+000B" in problem.message


def test_a_symlink_in_a_content_folder_is_refused_and_not_read(tmp_path):
    secret = tmp_path / "hemlig.md"
    secret.write_text(card_text().replace("Läxhjälp", "HEMLIGT"), encoding="utf-8")
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    (root / "methods" / "lank.md").symlink_to(secret)
    cards, problems = load_cards(root)
    assert [(p.path, p.code) for p in problems] == [("methods/lank.md", "symlink")]
    assert all("HEMLIGT" not in c.title for c in cards)


def test_a_linked_content_folder_is_refused(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    shutil.move(root / "lessons", tmp_path / "elsewhere")
    (root / "lessons").symlink_to(tmp_path / "elsewhere")
    _, problems = load_cards(root)
    assert ("lessons", "symlink") in [(p.path, p.code) for p in problems]


def test_annotations_escape_every_value_as_github_documents():
    problem = Problem(
        "methods/a\n::warning file=x::b,c:d%.md", 3, "fält,x:y", "bad-id", "Rad 1\r\nrad 2 100%", "Gör så."
    )
    line = format_github_annotations([problem])
    assert "\n" not in line and "\r" not in line
    props, message = line.split("::", 2)[1:]
    assert props == ("error file=methods/a%0A%3A%3Awarning file=x%3A%3Ab%2Cc%3Ad%25.md,line=3,title=fält fält%2Cx%3Ay")
    assert message == "Rad 1%0D%0Arad 2 100%25 Så rättar du: Gör så."


def test_readable_output_shows_controls_as_escapes():
    assert printable("a\nb\x1b[31m\u2028\udc85") == "a\\x0ab\\x1b[31m\\u2028\\x85"


def test_validation_of_hostile_cards_is_bounded(tmp_path):
    """The e-mail check took 149 s on one 300 000-character line; a 9-level alias bomb never finished.
    The figures are in bench/validate_benchmark.py; here a generous guard only catches a return of that."""
    import metodbanken.content.load as load

    for text, code in ((LONG_LINES, "too-large"), (ALIAS_BOMB, "yaml-alias")):
        start = time.perf_counter()
        problems = problems_for(tmp_path / code, {CARD: text})
        assert time.perf_counter() - start < HANG_GUARD_S
        assert code in {p.code for p in problems}
    # Without the size limit the checks themselves stay linear.
    original = load.MAX_CARD_BYTES
    load.MAX_CARD_BYTES = 10**9
    try:
        start = time.perf_counter()
        problems_for(tmp_path / "unlimited", {CARD: LONG_LINES})
        assert time.perf_counter() - start < HANG_GUARD_S
    finally:
        load.MAX_CARD_BYTES = original


# Wrong types in every field of every card type: a Swedish problem naming the field, never an exception.
WRONG_VALUES = [5, 1.5, True, [1, [2]], {"a": {"b": 1}}, "", "text"]


def _fits(kind: str, value: object) -> bool:
    return (kind in ("text", "markdown") and value == "text") or (kind == "integer" and value == 5)


def test_wrong_types_in_every_field_never_raise(tmp_path):
    from metodbanken.schema import CARD_TYPES

    cards, problems = load_cards(FIXTURE_CONTENT)
    assert not problems
    for card in cards:
        for spec in CARD_TYPES[card.type].fields:
            for value in WRONG_VALUES:
                original = dict(card.data)
                card.data[spec.name] = value
                try:
                    found = validate(cards, TAXONOMY)
                finally:
                    card.data.clear()
                    card.data.update(original)
                if _fits(spec.kind.name, value) or (value == "" and not spec.required):
                    continue
                named = [p for p in found if p.path == card.path and (p.field or "").startswith(spec.name)]
                assert named, (card.path, spec.name, value, [(p.field, p.code) for p in found])
                assert all(p.message and p.hint is not None for p in named)


def test_empty_content_folders_give_a_swedish_error(tmp_path):
    for folder in ("methods", "labs", "projects", "lessons"):
        (tmp_path / folder).mkdir()
    with pytest.raises(CardsInvalid) as raised:
        load_and_validate(tmp_path)
    assert [p.code for p in raised.value.problems] == ["no-cards"]
    result = subprocess.run(
        [sys.executable, "-m", "hooks.metodbanken", "validate", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr and "inga kort" in result.stderr


@pytest.mark.parametrize(
    ("title", "why"),
    [
        ("x" * 300, "högst 120"),
        ("Titel \udc85 med en byte som inte är UTF-8", "UTF-8"),
        ("Titel\x01med styrtecken", r"U\+0001"),
        ("Titel\u2028delad", r"U\+2028"),
    ],
)
def test_new_refuses_hostile_titles_and_leaves_no_file(title, why, tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    before = sorted(p.name for p in (root / "methods").iterdir())
    with pytest.raises(ScaffoldError, match=why):
        create_card(root, "method", title, TAXONOMY)
    assert sorted(p.name for p in (root / "methods").iterdir()) == before


def test_new_from_the_command_line_with_an_invalid_byte(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    title = os.fsencode("Titel ") + b"\x85"
    result = subprocess.run(
        [sys.executable, "-m", "hooks.metodbanken", "new", "--root", str(root), "method", title],
        capture_output=True,
        cwd=REPO,
    )
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert sorted(p.name for p in (root / "methods").iterdir()) == ["laxhjalp.md", "samtalskvall.md"]


def test_url_scheme_is_read_as_a_browser_reads_it():
    assert url_scheme("java\nscript:alert(1)") == "javascript"
    assert url_scheme(" \tJaVa\x00Script:x") == "javascript"
    assert url_scheme("<data:text/html,x>") == "data"
    assert url_scheme("../metoder/deep-talk.md") is None


SANITISER_CASES = [
    ('<p onfocus="alert(1)" autofocus tabindex="0">x</p>', "onfocus"),
    ('<a href="java\nscript:alert(1)">x</a>', "script:"),
    ('<a href="java&#10;script:alert(1)">x</a>', "script:"),
    ('<a href=" vbscript:x">x</a>', "vbscript"),
    ('<a href="data:text/html,x">x</a>', "data:"),
    ('<img src="https://evil.example/x.png" alt="x">', "evil.example"),
    ('<img src="//evil.example/x.png" alt="x">', "evil.example"),
    ('<p style="background:url(https://evil.example/a)">x</p>', "evil.example"),
    ("<script>alert(1)</script>", "alert"),
    ('<iframe src="https://evil.example"></iframe>', "evil.example"),
    ('<svg><image href="https://evil.example/a"/></svg>', "evil.example"),
    ('<div data-md-component="search">x</div>', "data-md"),
    ('<link rel="stylesheet" href="https://evil.example/a.css">', "evil.example"),
]


@pytest.mark.parametrize(("html", "gone"), SANITISER_CASES)
def test_sanitiser_removes_active_content(html, gone):
    assert gone not in sanitise_card_html(html)


# A part of a long page (the booklet's section) is sanitised alone only when a parser reads it, and what follows it,
# the same alone as in the page: each of these would hold, swallow or rearrange what comes after it.
PARTS_NOT_ALONE = [
    "<div><p>öppen</p>",  # an element left open holds the next part
    "<p>x</p></div>",  # a stray end tag closes what the part before opened
    "<b><p>x</b></p>",  # misnested: the parser rebuilds the formatting
    "<div/>text",  # a self-closing div opens a div
    "<p>x</p><!-- en kommentar som inte slutar",  # would swallow the next part
    "<p>x</p><plaintext>",  # everything after is text
    "<textarea>",
    "<p>x</p><title>y</title>",  # a tag the sanitiser drops, read in ways of its own
    "<p>x</p><![CDATA[ y ]]>",
    "<!DOCTYPE html><p>x</p>",
    '<p class="x',  # a tag begun and not ended
]


@pytest.mark.parametrize("part", PARTS_NOT_ALONE)
def test_a_part_that_could_change_what_follows_is_not_sanitised_alone(part):
    assert not stands_alone(part)
    after = "<section><h2>Nästa</h2><p>Text.</p></section>"
    assert sanitise_in_parts([part, after]) is None  # the caller sanitises the whole


def test_parts_that_stand_alone_are_sanitised_as_the_whole():
    parts = [
        '<h1 id="hafte">Häftet</h1>\n<p>Inledning &amp; <em>mer</em>.<br>Rad två.</p>',
        '<section class="mb-booklet-method"><h2 id="a">A</h2><p onclick="x()">Text <a href="javascript:x">l</a>'
        '</p><ul><li>ett</li><li>två</li></ul><img alt="" src="bild.png"><!-- kommentar --></section>',
        '<section class="mb-booklet-method"><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr>'
        "</tbody></table><p><div>mendad av parsern</div></p></section>",
    ]
    assert all(stands_alone(part) for part in parts)
    assert sanitise_in_parts(parts) == sanitise_card_html("\n".join(parts))


def test_sanitiser_keeps_what_card_pages_need():
    html = (
        '<h2 id="syfte">Syfte<a class="headerlink" href="#syfte" title="Länk">¶</a></h2>'
        '<div class="mb-facts"><dl><dt>Fokus</dt><dd><a href="../../fokusomraden/halsa/">Hälsa</a></dd></dl></div>'
        '<p><a class="mb-badge" href="../markning/#underlag" title="Förklaring" data-tip="Förklaring">Underlag</a></p>'
        '<img alt="Karta" src="../bilder/karta.png"><a href="https://www.boverket.se/">Boverket</a>'
        '<script type="application/ld+json">{"@type": "HowTo", "name": "A \\u003c/script\\u003e"}</script>'
    )
    cleaned = sanitise_card_html(html)
    for kept in (
        'id="syfte"',
        'class="headerlink"',
        "<dl>",
        'data-tip="Förklaring"',
        'src="../bilder/karta.png"',
        'href="https://www.boverket.se/"',
        '<script type="application/ld+json">{"@type"',
    ):
        assert kept in cleaned, kept


# --- Hostile text through the whole rendering path, without MkDocs (fast), and a few in a real browser ---

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FRAGMENTS = [
    '{: onfocus="alert(1)" autofocus tabindex="0" }',
    '{ onmouseover="alert(1)" }',
    '{: style="background:url(https://evil.example/a)" }',
    "{: .x #y data-md-component=search }",
    "[klicka](java\nscript:alert(1))",
    "[k](<javascript:alert(1)>)",
    "[k](JaVaScRiPt:alert(1))",
    "[k](data:text/html;base64,PHNjcmlwdD4=)",
    "[k](vbscript:x)",
    "![b](https://evil.example/x.png)",
    "![b](//evil.example/x.png)",
    "![b][r]\n\n[r]: https://evil.example/y.png",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example>",
    "<style>@import url(https://evil.example/a.css)</style>",
    "&lt;script&gt;",
    "&#106;avascript:alert(1)",
    "`{: onclick=x }`",
    "\n\n",
    "\n",
    "*",
    "_",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    ":",
    '"',
    "'",
    "<",
    ">",
    "#",
    "!",
    "|",
    "\\",
    "\u2028",
    "\x00",
    "\u202e",
    "Läxhjälp ",
    "text ",
]
hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), min_size=1, max_size=8).map("".join)

TEXT_FIELDS = {  # a method card's text fields, as the templates print them
    "title": str,
    "summary": str,
    "steps_note": str,
    "who_runs_it": str,
    "housing_company_role": str,
    "tested_when": str,
    "purpose": list,
    "steps": list,
    "success_factors": list,
    "results": list,
    "aliases": list,
}


@functools.cache
def _markdown_extensions() -> tuple[list[str], dict]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, conf = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        options[name] = conf or {}
    return names, options


def _markdown_to_html(markdown_text: str) -> str:
    import markdown

    names, options = _markdown_extensions()
    return markdown.markdown(markdown_text, extensions=names, extension_configs=options)


def assert_no_active_content(html: str) -> None:
    import html as html_lib
    import re

    body = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.DOTALL)
    for tag in re.findall(r"<[a-zA-Z][^>]*>", body):
        lowered = tag.lower()
        assert not re.search(r"\son[a-z]+\s*=", lowered), tag
        assert " style=" not in lowered, tag
        assert not lowered.startswith(("<script", "<iframe", "<style", "<link", "<object", "<embed", "<svg")), tag
        for url in re.findall(r'(?:href|src)="([^"]*)"', tag):
            scheme = url_scheme(html_lib.unescape(url))
            assert scheme in (None, "https", "http", "mailto"), tag
            if "src=" in tag:
                assert scheme is None and not html_lib.unescape(url).lstrip().startswith("//"), tag


_RENDER = {}


def render_card_html(overrides: dict, body: str) -> str:
    """A card page's HTML as the site makes it: Jinja template, Markdown with mkdocs.yml's extensions, sanitiser."""
    from metodbanken.content.link import LinkGraph
    from metodbanken.site.render import Renderer

    if "cards" not in _RENDER:
        _RENDER["cards"] = load_cards(FIXTURE_CONTENT)[0]
    cards = list(_RENDER["cards"])
    card = next(c for c in cards if c.id == "laxhjalp")
    data = {**card.data, **overrides}
    hostile = type(card)(card.type, card.id, card.path, data, body, card.lines, card.body_line)
    cards = [hostile if c is card else c for c in cards]
    markdown_text = Renderer(cards, TAXONOMY, LinkGraph(cards)).card_page(hostile, hostile.path)
    return sanitise_card_html(_markdown_to_html(markdown_text))


@settings(max_examples=60, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(TEXT_FIELDS) + ["body"]), text=hostile_text)
def test_hostile_text_in_any_field_never_becomes_active_content(field, text):
    overrides, body = {}, ""
    if field == "body":
        body = text
    else:
        overrides[field] = [text] if TEXT_FIELDS[field] is list else text
    # Validation may refuse it (as it should) but must never raise ...
    from metodbanken.content.load import Card

    card = Card(
        "method",
        "laxhjalp",
        "methods/laxhjalp.md",
        {**yaml.safe_load(BASE_CARD.split("---")[1]), **overrides},
        body,
        {},
        17,
    )
    card.data.pop("type", None)
    validate([card], TAXONOMY)
    # ... and even if it let the text through, the page holds no active content and fetches nothing.
    assert_no_active_content(render_card_html(overrides, body))


def test_hostile_page_in_a_browser_runs_nothing_and_requests_no_other_host(browser, tmp_path):
    from site_pages import settle

    page_html = "\n".join(render_card_html({"steps": [f], "summary": f}, f) for f in FRAGMENTS[:17])
    (tmp_path / "index.html").write_text(
        f"<!doctype html><html lang=sv><body>{page_html}</body></html>", encoding="utf-8"
    )
    url, server = serve_directory(tmp_path)
    context = browser.new_context()
    page = context.new_page()
    requests, dialogs = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(url)
        for link in page.locator("a").all()[:40]:
            link.focus()
            link.hover()
        settle(page)
    finally:
        context.close()
        server.shutdown()
    assert not dialogs
    assert all(r.startswith(url) for r in requests), [r for r in requests if not r.startswith(url)]


# --- All or nothing: a failed build leaves the previous site exactly as it was ---


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build(project: Path, site: Path, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *flags, "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        cwd=project,
    )


# Four builds in subprocesses: the slow tier. The quick check keeps test_build.py's malformed card, which keeps the
# old site too, and the counting of warnings under -q below.
@pytest.mark.slow
def test_a_failed_build_keeps_the_previous_site(tmp_path, fixture_site):
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)  # the previous build of this project
    (site / "marker.txt").write_text("förra bygget", encoding="utf-8")
    before = _snapshot(site)

    # MkDocs' own warning (a hand-written page links nowhere): under --strict, with and without -q.
    (project / "docs" / "zz-trasig.md").write_text("[trasig](finns-inte.md)\n", encoding="utf-8")
    for flags in (("--strict", "-q"), ("--strict",)):
        result = _build(project, site, *flags)
        assert result.returncode != 0, flags
        assert "den förra versionen ligger kvar" in result.stderr and "Traceback" not in result.stderr
        assert _snapshot(site) == before, flags
    (project / "docs" / "zz-trasig.md").unlink()

    # A link in card text to a page that does not exist: the pipeline's Swedish message, before MkDocs.
    card = project / "methods" / "laxhjalp.md"
    card.write_text(card_text(body="Se [Deep Talk](deep-talk.md).\n"), encoding="utf-8")
    result = _build(project, site, "--strict", "-q")
    assert result.returncode != 0
    assert "methods/laxhjalp.md" in result.stderr and "leder till en sida som inte finns" in result.stderr
    assert _snapshot(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")], "a staging folder was left"

    # A working build replaces the site as a whole.
    card.write_text(card_text(body="Se [Samtalskväll](samtalskvall.md).\n"), encoding="utf-8")
    assert _build(project, site, "--strict", "-q").returncode == 0
    assert not (site / "marker.txt").exists() and (site / "metoder" / "laxhjalp" / "index.html").is_file()


def test_sanitiser_holds_in_a_real_build_even_when_validation_is_bypassed(tmp_path, monkeypatch, browser):
    """The issue's attacks in a real MkDocs build with the pipeline's checks switched off: the card page and
    the booklet still hold no active content, and Chromium runs no script and calls no other host."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import metodbanken.pipeline as pipeline
    from site_pages import settle

    monkeypatch.setattr(pipeline, "validate", lambda cards, taxonomy: [])
    monkeypatch.setattr(pipeline, "check_internal_links", lambda *args: [])
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    hostile_steps = (
        'steps:\n  - \'[länk](https://example.org){: onmouseover="alert(2)" }\'\n  - "[klicka](java\\nscript:alert(3))"'
    )
    (project / "methods" / "laxhjalp.md").write_text(
        card_text(
            replace={"steps: [Ordna en lokal., Hitta frivilliga.]": hostile_steps},
            body='Ett stycke.\n{: tabindex="0" autofocus="" onfocus="alert(1)" style="background:url(https://evil.example/a)" }\n\n'
            "![bild](https://evil.example/x.png)\n",
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    for page in ("metoder/laxhjalp/index.html", "metoder/hafte/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        content = html[html.index("<h1") : html.index("</article>")]  # the page content, after the theme's edit button
        assert "klicka" in content  # the hostile step is on both pages
        assert_no_active_content(content)
        if page.startswith("metoder/laxhjalp"):
            assert '<img alt="bild">' in content  # the image lost its outside address
    url, server = serve_directory(site)
    context = browser.new_context()
    tab = context.new_page()
    requests, dialogs = [], []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        tab.goto(url + "metoder/laxhjalp/")
        for link in tab.locator("article a").all():
            link.hover()
        tab.keyboard.press("Tab")
        settle(tab)
    finally:
        context.close()
        server.shutdown()
    assert not dialogs
    assert all(r.startswith(url) for r in requests), [r for r in requests if not r.startswith(url)]


def test_warnings_are_counted_under_quiet_without_being_printed(tmp_path):
    """`mkdocs build -q` sets the logger to ERROR, so MkDocs' own strict counter never sees a warning."""
    import io
    import logging

    from metodbanken.site.publish import AtomicBuild

    logger = logging.getLogger("mkdocs.test-hardening")
    parent = logging.getLogger("mkdocs")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    parent.addHandler(handler)
    level = parent.level
    parent.setLevel(logging.ERROR)
    site = tmp_path / "site"
    site.mkdir()
    (site / "gammal.txt").write_text("förra", encoding="utf-8")
    try:
        build = AtomicBuild(str(site), count_warnings=True)
        (Path(build.build_dir) / "ny.txt").write_text("ny", encoding="utf-8")
        logger.warning("en varning")
        assert build.succeed() == 1
        assert stream.getvalue() == ""  # still quiet
        assert parent.level == logging.ERROR  # and the logger as it was
        assert [p.name for p in site.iterdir()] == ["gammal.txt"]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left

        build = AtomicBuild(str(site), count_warnings=True)
        (Path(build.build_dir) / "ny.txt").write_text("ny", encoding="utf-8")
        assert build.succeed() == 0
        assert [p.name for p in site.iterdir()] == ["ny.txt"]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    finally:
        parent.removeHandler(handler)
        parent.setLevel(level)


# Issue 26: linear time on any card text, and no traceback for a card that breaks one of Python's limits.

# Pathological card bodies of about `size` characters, each once quadratic in Python-Markdown or a pattern of ours
# (bench/pathological_benchmark.py times them at 10, 50 and 100 kB).
PATHOLOGICAL = {
    "hakparenteser": lambda size: "[" * size,
    "ord-i-hakparentes": lambda size: "[a " * (size // 3),
    "bilder-utan-slut": lambda size: "![" * (size // 2),
    "länkar-utan-slutparentes": lambda size: "[a](" * (size // 4),
    "länkmål-utan-text": lambda size: "](" * (size // 2),
    "nästlade-hakparenteser": lambda size: "[" * (size // 2) + "]" * (size // 2),
    "referensdefinitioner": lambda size: "[a]:\n" * (size // 5),
    "grav-accenter": lambda size: "`" * size,
    "asterisker": lambda size: "*" * size,
    "betoning": lambda size: "*a _b " * (size // 6),
    "understreck": lambda size: "_a" * (size // 2),
    "och-tecken": lambda size: "&" * size,
    "mindre-än": lambda size: "<" * size,
    "mindre-än-och-mellanslag": lambda size: "<" + " " * size,
    "citat-i-citat": lambda size: ">" * size,
    "citatrader": lambda size: "".join(">" * (i % 50) + " x\n" for i in range(size // 27)),
    "rubriker-under-varandra": lambda size: "x\n=\n" * (size // 4),
    "linjer": lambda size: "---\n" * (size // 4),
    "nästlade-listor": lambda size: "".join("  " * (i % 20) + "- x\n" for i in range(size // 23)),
    "klamrar": lambda size: "{" * size,
    "omvända-snedstreck": lambda size: "\\" * size,
}


def pathological_card(name: str, size: int) -> str:
    return card_text(body=PATHOLOGICAL[name](size))


def old_link_texts(text: str, images: bool = False) -> str:
    """The quadratic patterns that field_kinds.link_texts replaced, as the reference for what it must return."""
    import re

    return re.sub(r"!?\[([^\]]*)\]\([^)]*\)" if images else r"\[([^\]]*)\]\([^)]*\)", r"\1", text)


MARKDOWNISH = st.text(alphabet="[]()!<>*_`# \na\\", max_size=40)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(text=MARKDOWNISH, images=st.booleans())
def test_linear_link_texts_are_exactly_the_old_patterns(text, images):
    from metodbanken.field_kinds import link_texts

    assert link_texts(text, images=images) == old_link_texts(text, images=images)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(text=MARKDOWNISH)
def test_linear_mark_removal_is_exactly_the_old_pattern(text):
    import re

    from metodbanken.search.documents import _without_marks

    assert _without_marks(text) == re.sub(r"(^|\s)#+\s|[*_`>]+|<[^>]*>", r"\1", text)


def test_plain_text_helpers_are_linear_on_brackets():
    """Once minutes at 90 000 '['; a guard, not a timing."""
    from metodbanken.field_kinds import plain_text
    from metodbanken.search.documents import plain_markdown
    from metodbanken.site.structured_data import plain

    for text in ("[" * 90_000, "[a](" * 25_000, "<" * 90_000, "](" * 45_000):
        start = time.perf_counter()
        for strip in (plain_text, plain, plain_markdown):
            strip(text)
        assert time.perf_counter() - start < HANG_GUARD_S


# Seconds of 100 000-character runs through every pattern: the slow tier, which CI runs. The length is what makes a
# quadratic pattern show, so it is not cut; the quick check keeps the guard on the plain-text helpers above and
# test_validation_of_hostile_cards_is_bounded.
@pytest.mark.slow
def test_every_pattern_on_card_text_is_linear_on_long_runs():
    """The runs that make a pattern retry or backtrack, at 100 000 characters; '<' and spaces took six minutes
    in the raw-HTML check. A guard, not a timing."""
    from metodbanken import field_kinds
    from metodbanken.content import contact_data, documentation_scale, yaml_diagnosis
    from metodbanken.content import validate as checks
    from metodbanken.search import analysis, documents
    from metodbanken.site import render, structured_data

    patterns = [rule[0] for rule in checks.TEXT_RULES] + [
        checks.LINK_TARGET_START,
        checks.PARAGRAPH,
        checks.BODY_HEADING,
        yaml_diagnosis.KEY_LINE,
        yaml_diagnosis.NO_SPACE_AFTER_COLON,
        yaml_diagnosis.TEXT_AFTER_QUOTE,
        render.SIMPLE_BRACKET,
        render._LINK_TARGET,
    ]
    # And every pattern at the top of a module that reads card text, so that a new one is covered without a list.
    for module in (
        checks,
        documentation_scale,
        contact_data,
        field_kinds,
        render,
        analysis,
        documents,
        structured_data,
    ):
        patterns += [value for value in vars(module).values() if isinstance(value, re.Pattern)]
    runs = ["<" + " " * 100_000, "< / " * 25_000, '"' + "a" * 100_000, " " * 100_000 + "-", "data" + " " * 100_000]
    runs += ["{" + " " * 100_000, "a@" * 50_000, "0 " * 50_000, "[" + "a" * 100_000, "](" * 50_000]
    runs += ["siffra " * 15_000, "!!! a" * 20_000, "=\n" * 50_000, "a (at) " * 15_000, "0701234567 " * 9_000]
    for pattern in patterns:
        start = time.perf_counter()
        for text in runs:
            for _ in pattern.finditer(text):
                pass
        assert time.perf_counter() - start < HANG_GUARD_S, pattern.pattern
    # The checks that run a pattern in two steps (documentation_scale._figures_are_the_labs).
    start = time.perf_counter()
    documentation_scale.method_figures(["siffra " * 15_000 + "labb"])
    assert time.perf_counter() - start < HANG_GUARD_S


def test_brackets_that_start_no_simple_link_are_escaped_and_links_stay():
    from metodbanken.site.render import tame_brackets

    assert tame_brackets("[a](https://x.se) och [b][c], [sic] och [ensam") == (
        "[a](https://x.se) och [b][c], [sic] och \\[ensam"
    )
    assert tame_brackets("[[a]](x)") == "\\[[a]](x)"
    assert tame_brackets("\\[redan \\\\[") == "\\[redan \\\\\\["  # an escaped '[' stays, an escaped '\' does not count
    assert tame_brackets('[a](x "titel")') == '\\[a](x "titel")'  # a title makes Python-Markdown scan further
    html = _markdown_to_html(tame_brackets("Se [rapporten](https://example.org/a_(b)) och [[[ här."))
    assert '<a href="https://example.org/a_(b)">rapporten</a>' in html and "[[[ här" in html


def test_reference_definitions_past_the_link_limit_are_shown_as_text():
    from metodbanken.content.validate import MAX_LINKS
    from metodbanken.site.render import tame_brackets

    text = tame_brackets("".join(f"[r{i}]: https://x.se/{i}\n" for i in range(MAX_LINKS + 2)))
    assert text.count("\n\\[r") == 2 and text.startswith("[r0]:")


def test_long_paragraphs_are_cut_before_markdown():
    from metodbanken.content.validate import MAX_PARAGRAPH, MAX_PARAGRAPH_LINES
    from metodbanken.site.render import cut_long_paragraphs

    pieces = cut_long_paragraphs("a" * (2 * MAX_PARAGRAPH + 1)).split("\n\n")
    assert [len(p) for p in pieces] == [MAX_PARAGRAPH, MAX_PARAGRAPH, 1]
    pieces = cut_long_paragraphs("x\n" * (2 * MAX_PARAGRAPH_LINES) + "x").split("\n\n")
    assert [p.count("\n") + 1 for p in pieces] == [MAX_PARAGRAPH_LINES, MAX_PARAGRAPH_LINES, 1]
    assert cut_long_paragraphs("a\n \nb") == "a\n \nb"


def test_a_long_paragraph_gets_a_swedish_problem_on_its_line(tmp_path):
    from metodbanken.content.validate import MAX_PARAGRAPH

    text = card_text(body="Kort stycke.\n\n" + "ord " * (MAX_PARAGRAPH // 4 + 1) + "\n")
    problems = [p for p in problems_for(tmp_path, {CARD: text}) if p.code == "long-paragraph"]
    assert len(problems) == 1 and problems[0].field == "brödtext"
    assert problems[0].line == text.count("\n", 0, text.index("ord ")) + 1
    assert f"högst {MAX_PARAGRAPH}" in problems[0].message and "tom rad" in problems[0].hint


def test_a_paragraph_of_too_many_lines_gets_a_swedish_problem(tmp_path):
    from metodbanken.content.validate import MAX_PARAGRAPH_LINES

    text = card_text(body="- punkt\n" * (MAX_PARAGRAPH_LINES + 1))
    problems = [p for p in problems_for(tmp_path, {CARD: text}) if p.code == "long-paragraph"]
    assert len(problems) == 1 and f"{MAX_PARAGRAPH_LINES + 1} rader långt" in problems[0].message
    steps = card_text(replace={"steps: [Ordna en lokal., Hitta frivilliga.]": 'steps: ["' + "a\\n" * 200 + '"]'})
    problems = [p for p in problems_for(tmp_path / "steg", {CARD: steps}) if p.code == "long-paragraph"]
    assert [p.field for p in problems] == ["steps[1]"]


HANG_SCRIPT = """
import sys, time
sys.path[:0] = {paths!r}
from test_hardening import PATHOLOGICAL, pathological_card, problems_for, render_card_html, CARD
from pathlib import Path
import tempfile
for name in PATHOLOGICAL:
    text = pathological_card(name, {size})
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        problems_for(Path(tmp), {{CARD: text}})
    checked = time.perf_counter() - start
    start = time.perf_counter()
    render_card_html({{}}, text.split("---", 2)[2])
    print(name, round(checked, 2), round(time.perf_counter() - start, 2), flush=True)
"""


@pytest.mark.slow  # 21 cards of 12 000 characters checked and rendered in a subprocess; CI runs it
def test_pathological_cards_are_validated_and_rendered_without_hanging():
    """A hang guard, not a timing: at 12 000 characters the '[' card took two to three minutes to render before,
    and the guard allows HANG_GUARD_S per step. A subprocess with a timeout, so that a return of that fails the
    test instead of stalling CI."""
    paths = [str(REPO / "hooks"), str(REPO / "tests")]
    result = subprocess.run(
        [sys.executable, "-c", HANG_SCRIPT.format(paths=paths, size=12_000)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S * 6,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line.split() for line in result.stdout.splitlines()]
    assert [row[0] for row in rows] == list(PATHOLOGICAL)
    for name, checked, rendered in rows:
        assert float(checked) < HANG_GUARD_S and float(rendered) < HANG_GUARD_S, (name, checked, rendered)


PROJECT = (FIXTURE_CONTENT / "projects" / "testprojektet.md").read_text(encoding="utf-8")
SUMMARY = "summary: Frivilliga hjälper elever med läxorna."
# (case, file, text, field named, code): values past Python's limits, each once a ValueError or RecursionError.
LIMIT_CASES = [
    ("4301-siffror", CARD, card_text(replace={SUMMARY: "summary: " + "1" * 4301}), "summary", "number-too-long"),
    ("hexadecimalt", CARD, card_text(extra_front="steps_note: 0x" + "f" * 4000), "steps_note", "number-too-long"),
    ("sexagesimalt", CARD, card_text(replace={"title: Läxhjälp": "title: " + "1:" * 3000 + "1"}), "title", None),
    (
        "belopp",
        "projects/testprojektet.md",
        PROJECT.replace("sources:", "funding:\n  - {funder: N, amount_sek: " + "9" * 5000 + "}\nsources:", 1),
        "funding[1].amount_sek",
        "number-too-long",
    ),
    ("djup-lista", CARD, card_text(replace={SUMMARY: "summary: " + "[" * 990 + "]" * 990}), "summary", "too-deep"),
    ("djup-karta", CARD, card_text(extra_front="purpose: " + "{a: " * 500 + "1" + "}" * 500), "purpose", "too-deep"),
]


@pytest.mark.parametrize(("case", "rel", "text", "field", "code"), LIMIT_CASES, ids=[c[0] for c in LIMIT_CASES])
def test_values_past_pythons_limits_get_a_swedish_problem(case, rel, text, field, code, tmp_path):
    problems = [p for p in problems_for(tmp_path, {rel: text}) if p.path == rel]
    found = [p for p in problems if p.code in ("number-too-long", "too-deep")]
    assert found, [(p.code, p.field) for p in problems]
    assert found[0].code == (code or "number-too-long") and found[0].field.startswith(field)
    assert found[0].line and "Så rättar du:" in format_problems(found)
    assert "internal-error" not in {p.code for p in problems}


def test_validate_command_names_the_card_and_prints_no_traceback(tmp_path):
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    (project / CARD).write_text(LIMIT_CASES[0][2], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "hooks.metodbanken", "validate", "--root", str(project)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{CARD}:4: fält 'summary': Talet är längre än" in result.stderr


BIG_NUMBERS = {"stort-tal": lambda: 10**5000, "stort-negativt-hextal": lambda: -(16**4000)}
LIMIT_VALUES = st.one_of(
    st.integers(),
    st.sampled_from(sorted(BIG_NUMBERS)),  # names: Hypothesis itself cannot print such a number
    st.sampled_from([2**200, float("inf"), float("nan"), 1e308]),
    st.text(max_size=5),
    st.booleans(),
    st.none(),
    st.floats(),
)
MIXED = st.recursive(
    LIMIT_VALUES, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
)


def _nested(value: object, depth: int) -> object:
    """The value with BIG_NUMBERS' names made into the numbers, wrapped in `depth` lists and mappings."""
    if isinstance(value, str) and value in BIG_NUMBERS:
        value = BIG_NUMBERS[value]()
    elif isinstance(value, list):
        value = [_nested(v, 0) for v in value]
    elif isinstance(value, dict):
        value = {k: _nested(v, 0) for k, v in value.items()}
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


@settings(max_examples=80, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), value=MIXED, depth=st.sampled_from([0, 0, 1, 3, 25, 2000]))
def test_big_numbers_depth_and_mixed_types_in_any_field_never_raise(data, value, depth):
    """Every field of every card type, as validate.py sees it; the last resort (internal-error) must not be needed."""
    from metodbanken.content.load import value_limit
    from metodbanken.schema import CARD_TYPES

    cards = _RENDER.setdefault("cards", load_cards(FIXTURE_CONTENT)[0])
    card = data.draw(st.sampled_from(cards))
    spec = data.draw(st.sampled_from(CARD_TYPES[card.type].fields))
    field_value = _nested(value, depth)
    hostile = type(card)(card.type, card.id, card.path, {**card.data, spec.name: field_value}, card.body, card.lines)
    problems = validate([hostile if c is card else c for c in cards], TAXONOMY)
    assert "internal-error" not in {p.code for p in problems}, [p.message for p in problems]
    format_problems(problems)  # every message can be printed
    if value_limit(field_value):
        assert any(p.field == spec.name and p.code == value_limit(field_value) for p in problems)


@settings(max_examples=40, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    number=st.sampled_from(["1" * 4301, "0x" + "f" * 4000, "0o" + "7" * 5000, "0b" + "1" * 20000, "-" + "9" * 45]),
    depth=st.integers(min_value=0, max_value=1200),
    where=st.sampled_from(["title", "steps", "purpose", "x", "sources"]),
)
def test_yaml_with_big_numbers_and_depth_never_raises(number, depth, where, tmp_path_factory):
    value = "[" * depth + number + "]" * depth
    text = (
        card_text(extra_front=f"{where}: {value}")
        if where == "x"
        else card_text(
            replace={next(line for line in BASE_CARD.splitlines() if line.startswith(f"{where}:")): f"{where}: {value}"}
        )
    )
    problems = problems_for(tmp_path_factory.mktemp("yaml"), {CARD: text})
    codes = {p.code for p in problems if p.path == CARD}
    assert codes and "internal-error" not in codes
    format_problems(problems)


def _pre_build_config(tmp_path: Path):
    from types import SimpleNamespace

    return SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), use_directory_urls=True, site_url=None)


def test_an_unexpected_error_under_serve_shows_the_error_page(monkeypatch, tmp_path):
    """The last resort: a bug in the pipeline is a problem on the served page, never a page that does not come."""
    import mkdocs_hooks
    from metodbanken.site.serve_errors import error_page

    def broken(*args, **kwargs):
        raise RuntimeError("oväntat <fel>")

    monkeypatch.setattr(mkdocs_hooks, "build_site", broken)
    monkeypatch.setattr(mkdocs_hooks, "_command", "serve")
    monkeypatch.setattr(mkdocs_hooks, "_site", None)
    monkeypatch.setattr(mkdocs_hooks, "_serve_problems", [])
    mkdocs_hooks.on_pre_build(_pre_build_config(tmp_path))
    problems = mkdocs_hooks._serve_problems
    assert [(p.path, p.code) for p in problems] == [(mkdocs_hooks.BUILD_PATH, "internal-error")]
    page = error_page(problems)
    assert "Ett internt fel uppstod i bygget" in page and "RuntimeError: oväntat &lt;fel&gt;" in page
    assert "Ett internt fel uppstod i bygget" not in error_page([Problem(CARD, 3, "title", "x", "Fel.", "Rätta.")])
    assert mkdocs_hooks._site is not None  # the site is built around it, so that the error page can be written


def test_an_unexpected_error_in_a_build_is_a_swedish_plugin_error(monkeypatch, tmp_path):
    from mkdocs.exceptions import PluginError

    import mkdocs_hooks

    def broken(*args, **kwargs):
        raise RecursionError("för djupt")

    monkeypatch.setattr(mkdocs_hooks, "build_site", broken)
    monkeypatch.setattr(mkdocs_hooks, "_command", "build")
    with pytest.raises(PluginError, match=r"Ett internt fel uppstod .*RecursionError: för djupt"):
        mkdocs_hooks.on_pre_build(_pre_build_config(tmp_path))


def test_an_error_while_a_card_page_is_made_names_the_card(monkeypatch, tmp_path):
    from metodbanken.pipeline import build_site
    from metodbanken.site.render import Renderer

    original = Renderer.card_page

    def card_page(self, card, *args, **kwargs):
        if card.id == "laxhjalp":
            raise OverflowError("för stort")
        return original(self, card, *args, **kwargs)

    monkeypatch.setattr(Renderer, "card_page", card_page)
    with pytest.raises(CardsInvalid) as raised:
        build_site(copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT))
    assert [(p.path, p.code) for p in raised.value.problems] == [(CARD, "internal-error")]


def test_an_error_while_a_card_is_read_or_checked_names_it_and_the_rest_are_checked(monkeypatch, tmp_path):
    import metodbanken.content.load as load
    import metodbanken.content.validate as validate_module

    original_load, original_check = load.load_card, validate_module._CardChecker.run

    def load_card(path, root):
        if path.name == "laxhjalp.md":
            raise MemoryError
        return original_load(path, root)

    def run(self):
        if self.card.id == "testprojektet":
            raise ValueError("oväntat")
        return original_check(self)

    monkeypatch.setattr(load, "load_card", load_card)
    monkeypatch.setattr(validate_module._CardChecker, "run", run)
    cards, problems = load.load_cards(FIXTURE_CONTENT)
    problems += validate(cards, TAXONOMY)
    internal = sorted((p.path, p.code) for p in problems if p.code == "internal-error")
    assert internal == [(CARD, "internal-error"), ("projects/testprojektet.md", "internal-error")]
    assert "MemoryError" in problems[0].message
    # The other cards were read and checked: one of them refers to the card that could not be read.
    assert ("methods/samtalskvall.md", "missing-reference") in {(p.path, p.code) for p in problems}


@pytest.mark.parametrize("case", [c for c in LIMIT_CASES if c[0] in ("hexadecimalt", "djup-lista")], ids=lambda c: c[0])
def test_a_card_past_pythons_limits_under_serve_gives_the_error_page(case, monkeypatch, tmp_path):
    """Once a ValueError inside the build: the browser got no page at all. Now the problem list, naming the field."""
    import mkdocs_hooks
    from metodbanken.site.serve_errors import show_problems_instead_of_site

    _, rel, text, field, code = case
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    (project / rel).write_text(text, encoding="utf-8")
    monkeypatch.setattr(mkdocs_hooks, "_command", "serve")
    monkeypatch.setattr(mkdocs_hooks, "_site", None)
    monkeypatch.setattr(mkdocs_hooks, "_serve_problems", [])
    mkdocs_hooks.on_pre_build(_pre_build_config(project))
    problems = mkdocs_hooks._serve_problems
    assert [(p.path, p.code) for p in problems if p.code == code] == [(rel, code)]
    show_problems_instead_of_site(tmp_path / "site", problems)
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert f"fält <code>{field}" in page and "Så rättar du:" in page


def test_every_field_of_every_card_type_takes_values_past_the_limits():
    """The Hypothesis test above draws fields at random; this one visits each, with each kind of value."""
    from metodbanken.content.load import value_limit
    from metodbanken.schema import CARD_TYPES

    cards = _RENDER.setdefault("cards", load_cards(FIXTURE_CONTENT)[0])
    values = [10**5000, -(16**4000), _nested("a", 2000), _nested(2**300, 3), float("nan"), float("-inf")]
    values += [[1, "a", None, {"a": [1.5, True]}], {"b": {"c": b"bytes"}}, {7, 8}]
    for card in {c.type: c for c in cards}.values():
        for spec in CARD_TYPES[card.type].fields:
            for value in values:
                data = {**card.data, spec.name: value}
                hostile = type(card)(card.type, card.id, card.path, data, card.body, card.lines)
                problems = validate([hostile if c is card else c for c in cards], TAXONOMY)
                codes = {(p.field, p.code) for p in problems if p.path == card.path}
                assert "internal-error" not in {code for _, code in codes}, (spec.name, type(value))
                if value_limit(value):
                    assert (spec.name, value_limit(value)) in codes
                else:
                    assert any((field or "").startswith(spec.name) for field, _ in codes), (spec.name, type(value))
                format_problems(problems)
