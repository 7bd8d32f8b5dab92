"""Load card files from the content folders into Card values, collecting problems instead of raising."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem
from .schema import CARD_TYPE_BY_FOLDER, RESERVED_IDS
from .yaml_diagnosis import diagnose_error, diagnose_parsed

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# libyaml's parser when PyYAML has it (the PyPI wheels do): the pure-Python one dominated build time.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CardLoader(_SafeLoader):
    """Safe YAML without implicit dates, so '2019-01-24' stays the text the contributor wrote."""


_CardLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse_front_matter(text: str) -> tuple[yaml.Node | None, object]:
    """Parse once: the node tree gives each field's line, the same tree gives the values."""
    loader = _CardLoader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else {})
    finally:
        loader.dispose()


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


def card_files(root: Path) -> list[Path]:
    """Every file in the content folders; anything that is not a card is reported by load_card."""
    found: list[Path] = []
    for folder in CARD_TYPE_BY_FOLDER:
        base = root / folder
        if base.is_dir():
            found.extend(p for p in sorted(base.rglob("*")) if p.is_file() and not p.name.startswith("."))
    return found


def load_cards(root: Path) -> tuple[list[Card], list[Problem]]:
    cards: list[Card] = []
    problems: list[Problem] = []
    for path in card_files(root):
        card, found = load_card(path, root)
        problems.extend(found)
        if card is not None:
            cards.append(card)
    return cards, problems


def load_card(path: Path, root: Path) -> tuple[Card | None, list[Problem]]:
    rel = path.relative_to(root).as_posix()
    folder = rel.split("/", 1)[0]
    card_type = CARD_TYPE_BY_FOLDER[folder]
    if path.suffix != ".md":
        return None, [Problem(rel, None, None, "not-markdown", "Filen är inte ett kort (bara .md-filer hör hemma här).",
                              "Byt filändelse till .md eller flytta filen ur mappen.")]
    if path.parent != root / folder:
        return None, [Problem(rel, None, None, "nested-card", "Kort får inte ligga i undermappar.",
                              f"Flytta filen direkt till {folder}/.")]
    card_id = path.stem
    problems: list[Problem] = []
    if not ID_PATTERN.match(card_id):
        problems.append(Problem(rel, None, None, "bad-id",
                                f"Filnamnet '{path.name}' duger inte som id.",
                                "Använd bara små bokstäver a–z, siffror och bindestreck, t.ex. deep-talk.md "
                                "(å och ä blir a, ö blir o)."))
    if card_id in RESERVED_IDS:
        problems.append(Problem(rel, None, None, "reserved-id", f"Filnamnet '{path.name}' är reserverat för en genererad sida.",
                                f"Välj ett annat filnamn än {', '.join(sorted(RESERVED_IDS))}."))
    raw_bytes = path.read_bytes()
    try:
        raw = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        return None, problems + [Problem(rel, line, None, "not-utf8", "Filen är inte sparad som UTF-8.",
                                         "Spara filen med teckenkodningen UTF-8 i din editor.")]
    raw = raw.removeprefix("\ufeff")
    if not raw.strip():
        return None, problems + [Problem(rel, None, None, "empty-file", "Filen är tom.",
                                         "Skapa kortet med `python3 -m hooks.metodbanken new <typ> 'Titel'` eller ta bort filen.")]
    lines = raw.splitlines()
    if lines[0].strip() != "---":
        return None, problems + [Problem(rel, 1, None, "no-front-matter",
                                         "Kortet börjar inte med en framsida (front matter) mellan två '---'-rader.",
                                         "Första raden ska vara exakt '---', följd av fälten och en avslutande '---'.")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return None, problems + [Problem(rel, 1, None, "unclosed-front-matter",
                                         "Framsidan (front matter) avslutas aldrig med '---'.",
                                         "Lägg till en rad med bara '---' efter sista fältet, före brödtexten.")]
    front = "\n".join(lines[1:end])
    try:
        node, data = _parse_front_matter(front)
    except yaml.YAMLError as exc:
        return None, problems + [diagnose_error(rel, exc, front, line_offset=1)]
    mistakes = diagnose_parsed(rel, node, front, card_type, line_offset=1)
    if mistakes:  # the values are not what the contributor wrote; checking them would mislead
        return None, problems + mistakes
    if not isinstance(data, dict):
        return None, problems + [Problem(rel, 2, None, "front-matter-not-mapping",
                                         "Framsidan är inte en lista av fält på formen 'namn: värde'.",
                                         "Skriv ett fält per rad, t.ex. 'title: Deep Talk'.")]
    field_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key = key_node.value
            if key in field_lines:
                problems.append(Problem(rel, key_node.start_mark.line + 2, key, "duplicate-field",
                                        f"Fältet '{key}' står två gånger.",
                                        "Ta bort den ena raden; annars gäller bara den sista."))
            field_lines[key] = key_node.start_mark.line + 2
    declared = data.pop("type", None)
    if declared is not None and declared != card_type.name:
        problems.append(Problem(rel, field_lines.get("type"), "type", "wrong-type",
                                f"Korttypen '{declared}' passar inte i mappen {folder}/ (där ligger typen "
                                f"'{card_type.name}').",
                                f"Skriv 'type: {card_type.name}' eller flytta kortet till rätt mapp: "
                                "methods/ (method), labs/ (lab), projects/ (project), lessons/ (lesson)."))
    body_lines = lines[end + 1:]
    leading_blank = next((i for i, text in enumerate(body_lines) if text.strip()), len(body_lines))
    body = "\n".join(body_lines[leading_blank:]).rstrip()
    card = Card(card_type.name, card_id, rel, data, body, field_lines, body_line=end + 2 + leading_blank)
    return card, problems
