"""The catalogue of problem texts (problem_messages.py): every entry writes out with the values it names, every key
the code asks for is in it and is given exactly those values, and the texts read as they did before the catalogue."""

from __future__ import annotations

import ast
import os
import re
from datetime import date
from pathlib import Path

import pytest

from metodbanken.content.load import MAX_CARD_BYTES, Card, load_card
from metodbanken.content.site_files import site_file_problems
from metodbanken.content.text_links import check_internal_links
from metodbanken.problem_messages import MESSAGES, problem_code, problem_text
from metodbanken.problems import Problem
from metodbanken.schema import CARD_TYPES

HOOKS = Path(__file__).resolve().parents[1] / "hooks"
LOAD_MODULE = HOOKS / "metodbanken" / "content" / "load.py"
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Problem.of's own parameters: a value of that name could never reach the texts.
RESERVED_NAMES = {"key", "path", "line", "field"}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_entry_writes_out_with_its_values(key):
    text = MESSAGES[key]
    code, _, variant = key.partition("/")
    assert CODE.fullmatch(code) and (not variant or CODE.fullmatch(variant)), key
    names = text.values()
    assert all(name.isidentifier() and name not in RESERVED_NAMES for name in names), names
    samples = {name: f"«{name}-värde»" for name in names}
    found_code, message, hint = problem_text(key, **samples)
    assert found_code == code
    assert message.strip() and not message.startswith(" ")
    for name, sample in samples.items():
        assert sample in message + hint, (key, name)
    # No brace left over: a value forgotten in the texts, or a literal brace that was not doubled.
    written = (message + hint).replace("{{", "").replace("}}", "")
    literal = (text.message + text.hint).count("{{") + (text.message + text.hint).count("}}")
    assert written.count("{") + written.count("}") == literal, key


def test_a_value_missing_or_too_many_is_refused():
    with pytest.raises(TypeError, match="nested-card"):
        problem_text("nested-card")
    with pytest.raises(TypeError, match="empty-file"):
        problem_text("empty-file", folder="methods")
    with pytest.raises(KeyError):
        problem_text("no-such-problem")


def test_problem_of_fills_in_place_code_and_texts():
    problem = Problem.of(
        "wrong-type/card-type", "labs/x.md", line=3, field="type", declared="method", folder="labs", type_name="lab"
    )
    assert problem == Problem(
        "labs/x.md",
        3,
        "type",
        "wrong-type",
        "Korttypen 'method' passar inte i mappen labs/ (där ligger typen 'lab').",
        "Skriv 'type: lab' eller flytta kortet till rätt mapp: methods/ (method), labs/ (lab), projects/ (project), "
        "lessons/ (lesson).",
    )
    assert problem_code("missing-reference/more") == "missing-reference"


def _keys(node: ast.expr) -> list[str] | None:
    """The catalogue keys an argument can be: a string, or either string of a conditional; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _keys(node.body), _keys(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def catalogue_calls() -> list[tuple[str, int, list[str] | None, set[str] | None]]:
    """(file, line, keys, value names) for every Problem.of(...) and problem_text(...) in hooks/; value names are
    None when the call spreads a dict (**values)."""
    found = []
    for path in sorted(HOOKS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            is_of = isinstance(func, ast.Attribute) and func.attr == "of" and getattr(func.value, "id", "") == "Problem"
            if not (is_of or (isinstance(func, ast.Name) and func.id == "problem_text")):
                continue
            if path.name == "problems.py" and getattr(node.args[0], "id", "") == "key":
                continue  # Problem.of itself, which passes its caller's key on
            names = {k.arg for k in node.keywords}
            values = None if None in names else names - ({"line", "field"} if is_of else set())
            found.append((str(path.relative_to(HOOKS)), node.lineno, _keys(node.args[0]), values))
    return found


def test_every_key_the_code_asks_for_is_in_the_catalogue_with_its_values():
    calls = catalogue_calls()
    assert len(calls) > 40  # the walk finds the calls at all
    wrong = []
    for where, line, keys, values in calls:
        if keys is None:
            wrong.append(f"{where}:{line}: the key is not written out, so no test can see it is in the catalogue")
            continue
        for key in keys:
            if key not in MESSAGES:
                wrong.append(f"{where}:{line}: {key} is not in the catalogue")
            elif values is not None and values != MESSAGES[key].values():
                wrong.append(f"{where}:{line}: {key} gets {sorted(values)}, needs {sorted(MESSAGES[key].values())}")
    assert wrong == []


def test_every_catalogue_entry_is_used():
    used = {key for _, _, keys, _ in catalogue_calls() for key in keys or []}
    assert set(MESSAGES) - used == set()


def test_load_makes_every_problem_from_the_catalogue():
    """load.py's own problems all come from the catalogue (YAML's come from yaml_diagnosis.py)."""
    tree = ast.parse(LOAD_MODULE.read_text(encoding="utf-8"))
    direct = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Problem"
    ]
    assert direct == []


def test_texts_read_as_before(tmp_path):
    """Values written as the f-strings wrote them: thousands apart by a no-break space, the file's own name."""
    folder = tmp_path / "methods"
    folder.mkdir()
    card = folder / "stor.md"
    card.write_bytes(b"x" * (MAX_CARD_BYTES + 1))
    _, problems = load_card(card, tmp_path)
    assert [(p.code, p.message) for p in problems] == [
        ("too-large", "Filen är 100\u00a0001 byte; ett kort får vara högst 100\u00a0000 byte.")
    ]
    nested = folder / "under"
    nested.mkdir()
    (nested / "kort.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    _, problems = load_card(nested / "kort.md", tmp_path)
    assert [(p.code, p.hint) for p in problems] == [("nested-card", "Flytta filen direkt till methods/.")]


class Recorder:
    """A checker (field_kinds.Checker) that keeps what the kinds report."""

    def __init__(self):
        from support import cached_taxonomy

        self.taxonomy = cached_taxonomy()
        self.today = date(2026, 1, 1)
        self.found: list[tuple[str, str, str, str]] = []

    def add(self, field, code, message, hint=""):
        self.found.append((field, code, message, hint))

    def nearest(self, value, options):
        return None


def test_field_kinds_texts_read_as_before():
    """Field kinds' problems that no card in the tests causes, word for word as the f-strings wrote them."""
    recorder = Recorder()
    lesson, method = CARD_TYPES["lesson"], CARD_TYPES["method"]
    order, summary, focus_areas = lesson.field("order"), method.field("summary"), method.field("focus_areas")
    term = recorder.taxonomy.ids("focus_areas")[0]
    order.kind.check(recorder, order, 0, "order")
    summary.kind.check(recorder, summary, "  ", "summary")
    focus_areas.kind.check(recorder, focus_areas, [term, term], "focus_areas")
    focus_areas.kind.check(recorder, focus_areas, [], "focus_areas")
    assert recorder.found == [
        ("order", "bad-order", "Ordningen 0 ligger utanför 1–999.", "Numrera lärdomarna i gruppen 1, 2, 3 …"),
        ("summary", "empty-value", "Fältet är tomt.", summary.help),
        ("focus_areas", "duplicate-value", f"'{term}' står flera gånger.", "Ta bort dubbletten."),
        ("focus_areas", "too-few", "Minst 1 värde(n) krävs.", focus_areas.help),
    ]


def test_yaml_texts_read_as_before():
    """Two YAML diagnoses that no card in the tests causes, word for word as the f-strings wrote them."""
    assert problem_text("yaml-escape/unseen") == (
        "yaml-escape",
        "En escape-kod inom dubbla citattecken är inget tecken. Koderna \\ud800–\\udfff är halva UTF-16-par och inga "
        "tecken för sig.",
        "Skriv tecknet självt i stället för koden. Ett tecken utanför grundplanet skrivs \\U och åtta hexadecimala "
        "siffror (t.ex. \\U0001F600); ett bakåtsnedstreck i texten skrivs \\\\.",
    )
    assert problem_text("yaml-special-start", start="'*' (i YAML en hänvisning till ett ankare)", suggestion="x") == (
        "yaml-special-start",
        "Texten börjar med '*' (i YAML en hänvisning till ett ankare).",
        "Sätt hela texten inom dubbla citattecken: x",
    )
    assert problem_text("yaml-quote/text-after", suggestion='title: "a"')[2] == (
        'Sätt hela texten inom dubbla citattecken och skriv citattecknen inne i texten som \\": title: "a"'
    )


def test_link_and_status_texts_read_as_before():
    """A link to no page and an undated ongoing project, word for word as the f-strings wrote them."""
    card = Card("method", "a", "methods/a.md", {"summary": "Se [b](b.md) och [c](../labb/x/c.md)."}, "", {"summary": 4})
    problems = check_internal_links([card], {"a": "metoder/a.md", "c": "metoder/c.md"}, {"metoder/a.md"})
    hint = (
        "Länka till ett annat kort med sökvägen från kortets sida, t.ex. [Deep Talk](deep-talk.md) till en metod "
        "från en metod, eller ../labb/namn.md till ett labb."
    )
    assert [(p.line, p.field, p.code, p.message, p.hint) for p in problems] == [
        (4, "summary", "missing-link-target", "Länken 'b.md' leder till en sida som inte finns.", hint),
        (
            4,
            "summary",
            "missing-link-target",
            "Länken '../labb/x/c.md' leder till en sida som inte finns.",
            "Menade du c.md? " + hint,
        ),
    ]
    assert problem_text("ongoing-past-end/undated", ongoing="pagaende", end="2020-11-20", display="Pågående") == (
        "ongoing-past-end",
        "Status är 'pagaende', men slutdatum 2020-11-20 i 'period' har passerat; källan, som inte är daterad, är den "
        "nyaste som kortet hänvisar till.",
        "Står det i källan att projektet pågår, låt statusen stå: webbplatsen visar 'Pågående' och att slutdatumet "
        "har passerat. Finns en nyare källa som säger hur det gick, lägg till den under 'sources' och ändra 'status' "
        "och 'period' efter den.",
    )


def test_site_file_texts_read_as_before(tmp_path):
    """Something under docs/ that is no regular file (here a named pipe), word for word as before."""
    (tmp_path / "docs").mkdir()
    os.mkfifo(tmp_path / "docs" / "ror")
    assert [(p.path, p.code, p.message, p.hint) for p in site_file_problems(tmp_path)] == [
        ("docs/ror", "not-a-file", "Det här är ingen vanlig fil.", "Ta bort docs/ror.")
    ]


def _written_here(node: ast.expr) -> bool:
    """A text written at the call: a string, an f-string, or either joined to something."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _written_here(node.left) or _written_here(node.right)
    if isinstance(node, ast.IfExp):
        return _written_here(node.body) or _written_here(node.orelse)
    return False


def texts_beside_problems(root: Path) -> list[str]:
    """'file:line' of every message or hint written where a problem is made instead of in the catalogue: in a
    Problem(path, line, field, code, message, hint), a checker's add(field, code, message, hint), the YAML
    diagnosis's problem(index, code, message, hint) or a contact data Found(code, text, message, hint)."""
    text_arguments = {"Problem": (4, 5), "add": (2, 3), "problem": (2, 3), "Found": (2, 3)}
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            positions = text_arguments.get(name, ())
            arguments = [node.args[i] for i in positions if i < len(node.args)]
            arguments += [k.value for k in node.keywords if k.arg in ("message", "hint")]
            if any(_written_here(argument) for argument in arguments):
                found.append(f"{path.relative_to(root).as_posix()}:{node.lineno}")
    return found


def test_no_problem_text_is_written_beside_the_problem():
    assert texts_beside_problems(HOOKS) == []


def test_the_guard_sees_a_text_written_beside_a_problem(tmp_path):
    (tmp_path / "a.py").write_text(
        'Problem("x.md", None, None, "c", f"Fel {1}.", "")\n'
        'checker.add("title", "c", "Rubrik", hint)\n'
        'Problem("x.md", None, None, *problem_text("empty-file"))\n'
        'checker.add(where, *problem_text("multi-paragraph"))\n'
        'seen.add("x")\n',
        encoding="utf-8",
    )
    assert texts_beside_problems(tmp_path) == ["a.py:1", "a.py:2"]
