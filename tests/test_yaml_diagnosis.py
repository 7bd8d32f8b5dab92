"""The YAML mistakes contributors make, each named by its real cause, at the right line, in Swedish.

Each case edits one line of a valid fixture card (tests/fixtures/content/methods/laxhjalp.md) the way a
contributor gets it wrong, and expects exactly one problem: its code, its line, and words from its message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metodbanken.content.load import load_card, load_cards
from metodbanken.content.validate import validate
from metodbanken.problems import format_problems
from support import cached_taxonomy

CARD = "methods/laxhjalp.md"
SUMMARY = "summary: Frivilliga hjälper elever med läxorna.\n"
STEPS = "steps: [Ordna en lokal., Hitta frivilliga.]\n"
BLOCK_STEPS = "steps:\n  - Ordna en lokal.\n  - Hitta frivilliga.\n"  # lines 10–12 of the edited card

# (case, text replaced, replacement, expected code, expected line in the file, words in the message)
CASES = [
    (
        "fortsättningsrad utan indrag",
        SUMMARY,
        "summary: Frivilliga hjälper elever\nmed läxorna.\n",
        "yaml-unindented-line",
        5,
        "inte indragen",
    ),
    (
        "fortsättningsrad utan indrag med kolon (issue 17)",
        SUMMARY,
        "summary: Frivilliga hjälper elever med läxorna\nTestkort för granskning: en rad till.\n",
        "yaml-unindented-line",
        5,
        "inte indragen",
    ),
    (
        "text på raden under fältnamnet, utan indrag",
        SUMMARY,
        "summary:\nTestkort för granskning: frivilliga hjälper elever.\n",
        "yaml-unindented-line",
        5,
        "inte indragen",
    ),
    (
        "andra raden i en >- text utan indrag",
        SUMMARY,
        "summary: >-\n  Frivilliga hjälper elever\nmed läxorna.\n",
        "yaml-unindented-line",
        6,
        "inte indragen",
    ),
    (
        "': ' i text på fältets rad",
        SUMMARY,
        "summary: Mål: fler elever klarar skolan.\n",
        "yaml-colon-in-text",
        4,
        "': '",
    ),
    (
        "': ' i ett steg (issue 17)",
        STEPS,
        "steps:\n  - Ordna en lokal.\n  - Steg två: hitta frivilliga.\n",
        "yaml-colon-in-text",
        12,
        "': '",
    ),
    ("' #' i text", SUMMARY, "summary: Frivilliga hjälper elever #2 med läxorna.\n", "yaml-comment-in-text", 4, "' #'"),
    (
        "' #' i en punkt",
        STEPS,
        "steps:\n  - Ordna en lokal. #viktigt\n  - Hitta frivilliga.\n",
        "yaml-comment-in-text",
        11,
        "' #'",
    ),
    ("tabb i indraget", STEPS, "steps:\n\t- Ordna en lokal.\n\t- Hitta frivilliga.\n", "yaml-tab", 11, "tabbtecken"),
    ("listpunkt utan '- '", STEPS, "steps:\n  - Ordna en lokal.\n  Hitta frivilliga.\n", "yaml-list-item", 12, "'- '"),
    (
        "listpunkt utan '- ' med kolon",
        STEPS,
        "steps:\n  - Ordna en lokal.\n  Hitta frivilliga: gärna studenter.\n",
        "yaml-list-item",
        12,
        "'- '",
    ),
    (
        "citattecken som aldrig stängs",
        SUMMARY,
        'summary: "Frivilliga hjälper elever med läxorna.\n',
        "yaml-quote",
        4,
        "stängs aldrig",
    ),
    (
        "olika citattecken",
        SUMMARY,
        "summary: 'Frivilliga hjälper elever med läxorna.\"\n",
        "yaml-quote",
        4,
        "stängs aldrig",
    ),
    (
        "text efter avslutande citattecken",
        SUMMARY,
        'summary: "Läxhjälp" kallar de det.\n',
        "yaml-quote",
        4,
        "fortsätter efter",
    ),
    (
        "mellanslag saknas efter kolon",
        SUMMARY,
        "summary:Frivilliga hjälper elever med läxorna.\n",
        "yaml-colon-space",
        4,
        "mellanslag",
    ),
    (
        "mellanslag saknas efter kolon, lista",
        "focus_areas: [forbattrade-skolresultat]\n",
        "focus_areas:[forbattrade-skolresultat]\n",
        "yaml-colon-space",
        5,
        "mellanslag",
    ),
    (
        "text som börjar med *",
        STEPS,
        "steps:\n  - *Viktigt* ordna en lokal.\n  - Hitta frivilliga.\n",
        "yaml-special-start",
        11,
        "'*'",
    ),
    (
        "hakparentes som aldrig stängs",
        "title: Läxhjälp\n",
        "title: [Läxhjälp\n",
        "yaml-syntax",
        3,
        "stängs aldrig med ']'",
    ),
    (
        "fel indrag i en post",
        "sources:\n  - {document: innovationslabb-slutrapport, section: Testavsnitt}\n",
        "sources:\n  - document: innovationslabb-slutrapport\n   section: Testavsnitt\n",
        "yaml-indent",
        17,
        "indragen",
    ),
]


def problems_after_edit(content: Path, old: str, new: str):
    path = content / CARD
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    cards, problems = load_cards(content)
    # Only the edited card: another fixture card refers to it and reports it missing while it does not load.
    return [p for p in problems + validate(cards, cached_taxonomy()) if p.path == CARD]


def test_there_are_at_least_ten_cases_and_every_kind_of_mistake():
    codes = {case[3] for case in CASES}
    assert len(CASES) >= 10
    assert {
        "yaml-unindented-line",
        "yaml-colon-in-text",
        "yaml-comment-in-text",
        "yaml-tab",
        "yaml-list-item",
        "yaml-quote",
        "yaml-colon-space",
    } <= codes


@pytest.mark.parametrize(("case", "old", "new", "code", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_yaml_mistake_is_named_by_its_cause_at_its_line(case, old, new, code, line, words, content):
    problems = problems_after_edit(content, old, new)
    assert [(p.code, p.line) for p in problems] == [(code, line)], format_problems(problems)
    problem = problems[0]
    assert problem.path == CARD and words in problem.message + problem.hint
    assert problem.hint, "varje fel säger hur det rättas"
    # Nothing misleading beside it: no "saknas", no unknown field made of the contributor's text.
    assert "saknas" not in problem.message and "finns inte" not in problem.message


def test_quoting_hint_gives_the_corrected_line(content):
    problems = problems_after_edit(content, SUMMARY, "summary: Mål: fler elever klarar skolan.\n")
    assert 'summary: "Mål: fler elever klarar skolan."' in problems[0].hint


def test_following_the_hint_makes_the_card_valid(content):
    problems = problems_after_edit(content, STEPS, "steps:\n  - Ordna en lokal.\n  - Steg två: hitta frivilliga.\n")
    fixed = problems[0].hint.split(": ", 1)[1]
    path = content / CARD
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[problems[0].line - 1] = fixed
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    card, found = load_card(path, content)
    assert found == [] and card.data["steps"] == ["Ordna en lokal.", "Steg två: hitta frivilliga."]
