"""Load card files from the content folders into Card values, collecting problems instead of raising."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from ..field_kinds import ID_PATTERN
from ..paths import RESERVED_IDS
from ..problems import Problem, internal_problem, printable
from ..schema import CARD_TYPE_BY_FOLDER, CardType
from .yaml_diagnosis import diagnose_error, diagnose_parsed

MAX_ID_LENGTH = 80  # file names stay well inside every file system's limit
# About seven times the longest card; bounds the work any one file can cause.
MAX_CARD_BYTES = 100_000
# Characters that are invisible, split a line where an editor shows none (str.splitlines breaks at
# U+2028, U+0085, form feed …) or reorder text on screen: every C0/C1 control except tab, line feed and
# carriage return, the Unicode line and paragraph separators, the bidirectional overrides and isolates, and
# the bidirectional marks (left-to-right, right-to-left, Arabic letter mark), which reorder text as well.
FORBIDDEN_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# Python's own limits, checked before any value is made: int() refuses more than 4 300 decimal digits, str() of a
# long hexadecimal or sexagesimal ('1:2:3') number fails later, and deep nesting runs out of recursion in the
# checks and the build. Real cards nest four levels (card, funding, one record, a list) and hold numbers of at
# most eleven digits; these limits are far above that and far below Python's.
MAX_DEPTH = 20
MAX_NUMBER_CHARACTERS = 40
_INT_TAG = "tag:yaml.org,2002:int"


def _grouped(number: int) -> str:
    """100 000 as Swedish writes it: thousands apart by a no-break space."""
    return f"{number:,}".replace(",", "\u00a0")


def valid_id(card_id: str) -> bool:
    return len(card_id) <= MAX_ID_LENGTH and bool(ID_PATTERN.match(card_id))


# libyaml's parser when PyYAML has it (the PyPI wheels do): the pure-Python one dominated build time.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CardLoader(_SafeLoader):
    """Safe YAML without implicit dates, so '2019-01-24' stays the text the contributor wrote."""


_CardLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class NoFrontMatter(ValueError):
    """The first line is not '---' (a ValueError, as python-frontmatter's own split raises)."""


class UnclosedFrontMatter(ValueError):
    """No '---' line after the opening one."""


class AliasRefused(Exception):
    """The front matter holds a YAML anchor or alias; line is 0-based within the front matter."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class LimitBroken(Exception):
    """A value in the front matter breaks one of Python's limits; line is 0-based within the front matter."""

    def __init__(self, line: int, where: str, code: str) -> None:
        super().__init__(line, where, code)
        self.line, self.where, self.code = line, where, code


def _child_path(where: str, key: object) -> str:
    if isinstance(key, int):
        return f"{where}[{key + 1}]"
    text = printable(str(key))[:60]
    return f"{where}.{text}" if where else text


def check_node_limits(node: yaml.Node | None) -> None:
    """Raise LimitBroken for the first value nested deeper than MAX_DEPTH or an integer longer than
    MAX_NUMBER_CHARACTERS. A loop, not recursion: the tree may be as deep as the parser allows."""
    stack: list[tuple[yaml.Node, int, str]] = [(node, 0, "")] if node is not None else []
    while stack:
        current, depth, where = stack.pop()
        if depth > MAX_DEPTH:
            raise LimitBroken(current.start_mark.line, where, "too-deep")
        if isinstance(current, yaml.ScalarNode):
            if current.tag == _INT_TAG and len(current.value) > MAX_NUMBER_CHARACTERS:
                raise LimitBroken(current.start_mark.line, where, "number-too-long")
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, depth + 1, _child_path(where, i)) for i, item in enumerate(current.value))
        elif isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                stack.append((key_node, depth + 1, _child_path(where, key)))
                stack.append((value_node, depth + 1, _child_path(where, key)))


def value_limit(value: object) -> str | None:
    """'too-deep' or 'number-too-long' when a value (already made) breaks the same limits, else None.

    validate.py asks it too: a card can reach validation without passing through this module (tests, tools)."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            return "too-deep"
        if isinstance(current, int) and not isinstance(current, bool):
            if current.bit_length() > MAX_NUMBER_CHARACTERS * 4:  # a hexadecimal digit carries four bits
                return "number-too-long"
        elif isinstance(current, dict):
            stack.extend((item, depth + 1) for pair in current.items() for item in pair)
        elif isinstance(current, (list, tuple)):
            stack.extend((item, depth + 1) for item in current)
    return None


def limit_problem(rel: str, line: int | None, where: str, code: str) -> Problem:
    if code == "too-deep":
        return Problem.of("too-deep", rel, line=line, field=where or None, limit=MAX_DEPTH)
    return Problem.of("number-too-long", rel, line=line, field=where or None, limit=MAX_NUMBER_CHARACTERS)


class CardFrontMatter(frontmatter.YAMLHandler):
    """python-frontmatter's YAML handler held to the card rules.

    The library's own frontmatter.parse strips the text and the body and keeps only mapping values,
    which would move line numbers and hide mistakes, so load_card calls split and load directly.
    """

    # A line that is '---' give or take whitespace; \s is exactly what str.strip removes.
    FM_BOUNDARY = re.compile(r"\s*---\s*")

    def detect(self, text: str) -> bool:
        first = text.splitlines()[:1]
        return bool(first) and self.FM_BOUNDARY.fullmatch(first[0]) is not None

    def split(self, text: str) -> tuple[str, str]:
        """The front matter (lines joined by '\\n') and the text after the closing line, unchanged.

        Lines are str.splitlines lines, so a lone carriage return ends a line here as in the editor.
        """
        # Every line break is whitespace, so a line matches the same with or without its own.
        lines = text.splitlines(keepends=True)
        if not lines or self.FM_BOUNDARY.fullmatch(lines[0]) is None:
            raise NoFrontMatter
        end = next((i for i in range(1, len(lines)) if self.FM_BOUNDARY.fullmatch(lines[i])), None)
        if end is None:
            raise UnclosedFrontMatter
        return "\n".join("".join(lines[1:end]).splitlines()), "".join(lines[end + 1 :])

    def load(self, fm: str, **kwargs: object) -> tuple[yaml.Node | None, object]:
        """Parse once: the node tree gives each field's line, the same tree gives the values.

        Anchors and aliases let a few bytes expand to millions of values; scanning tokens finds them
        before anything is constructed.
        """
        for token in yaml.scan(fm, Loader=_SafeLoader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                raise AliasRefused(token.start_mark.line)
        loader = _CardLoader(fm)
        try:
            node = loader.get_single_node()
            check_node_limits(node)
            return node, (loader.construct_document(node) if node is not None else {})
        finally:
            loader.dispose()


_FRONT_MATTER = CardFrontMatter()


@dataclass
class Card:
    type: str
    id: str
    path: str  # relative to the content root, forward slashes
    data: dict
    body: str
    lines: dict[str, int] = field(default_factory=dict)  # top-level field → 1-based line in the file
    body_line: int = 1

    def line_of(self, name: str | None) -> int | None:
        return self.lines.get(name) if name else None

    @property
    def title(self) -> str:
        return str(self.data.get("title", self.id))

    def content(self) -> str:
        """Everything the card holds as loaded, as one string: what the serve caches key a card on. Made once: nothing
        changes a card after loading, and three caches ask for it on every build (0.5 s of a rebuild at 5 000)."""
        made = self.__dict__.get("_content")
        if made is None:
            made = self.__dict__["_content"] = repr(
                (self.path, self.type, self.id, self.data, self.body, self.lines, self.body_line)
            )
        return made


def _content_entries(root: Path) -> tuple[list[Path], list[Problem]]:
    """Regular files in the content folders, without following links; links and odd entries are problems."""
    found: list[Path] = []
    problems: list[Problem] = []
    for folder in CARD_TYPE_BY_FOLDER:
        base = root / folder
        if base.is_symlink():
            problems.append(Problem.of("symlink", folder))
            continue
        if not base.is_dir():
            continue
        in_folder: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(base):  # does not descend into linked folders
            here = Path(dirpath)
            for name in sorted(dirnames + filenames):
                path = here / name
                rel = _safe_rel(path, root)
                if path.is_symlink():
                    problems.append(Problem.of("symlink", rel))
                elif name in filenames and not name.startswith("."):
                    if path.is_file():
                        in_folder.append(path)
                    else:
                        problems.append(Problem.of("not-a-file", rel))
        found.extend(sorted(in_folder))
    return found, problems


def _safe_rel(path: Path, root: Path) -> str:
    """The path relative to root, with anything unprintable in a file name shown as an escape."""
    return printable(path.relative_to(root).as_posix())


def card_files(root: Path) -> list[Path]:
    """Every regular file in the content folders; anything that is not a card is reported by load_card."""
    return _content_entries(root)[0]


def load_cards(
    root: Path, load: Callable[[Path, Path], tuple[Card | None, list[Problem]]] | None = None
) -> tuple[list[Card], list[Problem]]:
    """`load` reads one file in place of load_card, with its arguments (under `mkdocs serve`: checked_cards.py)."""
    load = load or load_card
    cards: list[Card] = []
    paths, problems = _content_entries(root)
    for path in paths:
        try:
            card, found = load(path, root)
        except Exception as exc:  # a last resort: one odd file must not hide every other problem
            card, found = None, [internal_problem(_safe_rel(path, root), exc)]
        problems.extend(found)
        if card is not None:
            cards.append(card)
    return cards, problems


@dataclass
class _Reading:
    """One card file on its way through load_card's checks: what the checks so far have read from it."""

    path: Path
    root: Path
    rel: str  # the path for messages, relative to the root, anything unprintable as an escape
    problems: list[Problem] = field(default_factory=list)  # found so far, none of which stops the reading
    folder: str = ""
    card_type: CardType | None = None
    data: bytes | None = None  # the file's bytes when the caller read them (None: read here)
    raw: str = ""  # the file's text, without a byte order mark
    front: str = ""  # the front matter's lines
    rest: str = ""  # everything after the front matter's closing line
    node: yaml.Node | None = None
    data: object = None
    field_lines: dict[str, int] = field(default_factory=dict)


# A check returns the problems that stop the reading ([] lets it go on) and adds those that do not to the reading's.


def _check_name(reading: _Reading) -> list[Problem]:
    # Refused before the name is used anywhere: a name can hold line breaks or other controls.
    if valid_id(reading.path.stem):
        return []
    return [Problem.of("bad-id", reading.rel, name=printable(reading.path.name), max_length=MAX_ID_LENGTH)]


def _check_place(reading: _Reading) -> list[Problem]:
    """A Markdown file right in its type's folder."""
    reading.folder = reading.rel.split("/", 1)[0]
    reading.card_type = CARD_TYPE_BY_FOLDER[reading.folder]
    if reading.path.suffix != ".md":
        return [Problem.of("not-markdown", reading.rel)]
    if reading.path.parent != reading.root / reading.folder:
        return [Problem.of("nested-card", reading.rel, folder=reading.folder)]
    return []


def _check_reserved_id(reading: _Reading) -> list[Problem]:
    if reading.path.stem in RESERVED_IDS:
        reserved = ", ".join(sorted(RESERVED_IDS))
        reading.problems.append(Problem.of("reserved-id", reading.rel, name=reading.path.name, reserved=reserved))
    return []


def _check_size(reading: _Reading) -> list[Problem]:
    size = reading.path.stat().st_size if reading.data is None else len(reading.data)
    if size > MAX_CARD_BYTES:
        return [Problem.of("too-large", reading.rel, size=_grouped(size), limit=_grouped(MAX_CARD_BYTES))]
    return []


def _decode(reading: _Reading) -> list[Problem]:
    raw_bytes = reading.path.read_bytes() if reading.data is None else reading.data
    try:
        raw = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [Problem.of("not-utf8", reading.rel, line=raw_bytes[: exc.start].count(b"\n") + 1)]
    reading.raw = raw.removeprefix("\ufeff")
    return []


def _check_characters(reading: _Reading) -> list[Problem]:
    found = FORBIDDEN_CHARACTER.search(reading.raw)
    if found is None:
        return []
    line = reading.raw.count("\n", 0, found.start()) + 1
    return [Problem.of("control-character", reading.rel, line=line, code_point=f"U+{ord(found.group()):04X}")]


def _check_not_empty(reading: _Reading) -> list[Problem]:
    return [] if reading.raw.strip() else [Problem.of("empty-file", reading.rel)]


def _split_front_matter(reading: _Reading) -> list[Problem]:
    try:
        reading.front, reading.rest = _FRONT_MATTER.split(reading.raw)
    except NoFrontMatter:
        return [Problem.of("no-front-matter", reading.rel, line=1)]
    except UnclosedFrontMatter:
        return [Problem.of("unclosed-front-matter", reading.rel, line=1)]
    return []


def _parse_front_matter(reading: _Reading) -> list[Problem]:
    """YAML within the limits (no aliases, not too deep, no endless numbers); line 2 is the front matter's first."""
    try:
        reading.node, reading.data = _FRONT_MATTER.load(reading.front)
    except AliasRefused as alias:
        return [Problem.of("yaml-alias", reading.rel, line=alias.line + 2)]
    except LimitBroken as broken:
        return [limit_problem(reading.rel, broken.line + 2, broken.where, broken.code)]
    except yaml.YAMLError as exc:
        return [diagnose_error(reading.rel, exc, reading.front, line_offset=1)]
    return []


def _check_shape(reading: _Reading) -> list[Problem]:
    mistakes = diagnose_parsed(reading.rel, reading.node, reading.front, reading.card_type, line_offset=1)
    if mistakes:  # the values are not what the contributor wrote; checking them would mislead
        return mistakes
    if not isinstance(reading.data, dict):
        return [Problem.of("front-matter-not-mapping", reading.rel, line=2)]
    return []


def _note_field_lines(reading: _Reading) -> list[Problem]:
    """Each top-level field's line in the file; a field written twice is a problem (YAML keeps the last)."""
    if not isinstance(reading.node, yaml.MappingNode):
        return []
    for key_node, _ in reading.node.value:
        key, line = key_node.value, key_node.start_mark.line + 2
        if key in reading.field_lines:
            reading.problems.append(Problem.of("duplicate-field", reading.rel, line=line, field=key, name=key))
        reading.field_lines[key] = line
    return []


def _check_declared_type(reading: _Reading) -> list[Problem]:
    """'type:' may be left out; written, it names the folder's type. The card's data holds it no longer."""
    declared = reading.data.pop("type", None)
    type_name = reading.card_type.name
    if declared is not None and declared != type_name:
        line = reading.field_lines.get("type")
        reading.problems.append(
            Problem.of(
                "wrong-type/card-type",
                reading.rel,
                line=line,
                field="type",
                declared=declared,
                folder=reading.folder,
                type_name=type_name,
            )
        )
    return []


# In order: each check may read what the ones before it found.
_CHECKS = (
    _check_name,
    _check_place,
    _check_reserved_id,
    _check_size,
    _decode,
    _check_characters,
    _check_not_empty,
    _split_front_matter,
    _parse_front_matter,
    _check_shape,
    _note_field_lines,
    _check_declared_type,
)


def _card(reading: _Reading) -> Card:
    """The card a reading that passed every check holds: its body without leading blank lines, and where it starts."""
    body_lines = reading.rest.splitlines()
    leading_blank = next((i for i, text in enumerate(body_lines) if text.strip()), len(body_lines))
    body = "\n".join(body_lines[leading_blank:]).rstrip()
    raw, rest = reading.raw, reading.rest
    first_body_line = len(raw[: len(raw) - len(rest)].splitlines()) + 1
    return Card(
        reading.card_type.name,
        reading.path.stem,
        reading.rel,
        reading.data,
        body,
        reading.field_lines,
        body_line=first_body_line + leading_blank,
    )


def load_card(path: Path, root: Path, data: bytes | None = None) -> tuple[Card | None, list[Problem]]:
    """The card in one file, or None when a check refuses it; with every problem found before that. `data`: the
    file's bytes, when the caller has read them (a cache keyed on them must get what they hold)."""
    reading = _Reading(path, root, _safe_rel(path, root), data=data)
    for check in _CHECKS:
        refused = check(reading)
        if refused:
            return None, reading.problems + refused
    return _card(reading), reading.problems
