"""The contributor guide's generated parts: field tables, allowed values and empty cards, all from schema.py.

docs/bidra.md holds the hand-written guide with markers such as `<!-- metodbanken:falt -->`; the build
replaces each marker with the Markdown made here, so the guide never restates the schema by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..content.load import Card
from .render import md_text
from ..content.scaffold import scaffold_text
from ..schema import CARD_TYPES, CardType, Field
from ..taxonomy import Taxonomy

MARKER = re.compile(r"<!--\s*metodbanken:([a-z-]+)\s*-->")
EXAMPLE_WIDTH = 60


def _groups() -> dict[str, str]:
    """Taxonomy groups that card fields draw values from → the label of the first field using it."""
    seen: dict[str, str] = {}
    for card_type in CARD_TYPES.values():
        for spec in card_type.fields:
            for f in (spec, *spec.subfields):
                if f.taxonomy:
                    seen.setdefault(f.taxonomy, f.label)
    return seen


def _used_ids(cards: list[Card], group: str) -> set[str]:
    """The ids of `group` that the cards' fields hold."""
    used: set[str] = set()
    for card in cards:
        for spec in CARD_TYPES[card.type].fields:
            if spec.taxonomy == group:
                value = card.data.get(spec.name)
                used.update(value if isinstance(value, list) else [value])
    return used


def _example(value: object) -> str:
    text = (
        value
        if isinstance(value, str)
        else yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000, sort_keys=False).strip()
    )
    text = " ".join(str(text).split())
    return text if len(text) <= EXAMPLE_WIDTH else text[: EXAMPLE_WIDTH - 1].rstrip() + "…"


def _first_value(cards: list[Card], name: str, sub: str | None = None) -> object:
    """The first filled-in value of field `name` (or of `sub` in its entries) among `cards`, in their order."""
    for card in cards:
        value = card.data.get(name)
        if sub is not None:
            value = next((item.get(sub) for item in value or [] if isinstance(item, dict) and item.get(sub)), None)
        if value not in (None, "", []):
            return value
    return None


def _shape(spec: Field) -> str:
    words = md_text(spec.kind.words)
    if spec.taxonomy:
        return f"{words}: [tillåtna värden](#varden-{spec.taxonomy})"
    if spec.ref_type:
        return f"{words} i `{CARD_TYPES[spec.ref_type].folder}/`"
    return words


def _need(spec: Field) -> str:
    if not spec.required:
        return "nej"
    return "ja" + (f", minst {spec.min_items}" if spec.min_items > 1 else "")


def _row(name: str, spec: Field, example: object) -> str:
    limit = f" Högst {spec.max_length} tecken." if spec.max_length else ""
    shown = md_text(_example(example)) if example not in (None, "", []) else "–"
    return (
        f"| `{name}` | **{md_text(spec.label)}.** {md_text(spec.help)}{limit} | {_need(spec)} "
        f"| {_shape(spec)} | {shown} |"
    )


def field_table(card_type: CardType, cards: list[Card]) -> str:
    lines = [
        "| Fält | Vad det betyder | Obligatoriskt | Skrivs som | Exempel |",
        "| --- | --- | --- | --- | --- |",
        f"| `type` | **Korttyp.** Alltid `{card_type.name}` i mappen `{card_type.folder}/`. | ja | ett ord "
        f"| {card_type.name} |",
    ]
    # Sorted once for the whole table: each field's example is the first card's by id that fills it in.
    of_type = sorted((c for c in cards if c.type == card_type.name), key=lambda c: c.id)
    for spec in card_type.fields:
        example = spec.example if spec.example is not None else _first_value(of_type, spec.name)
        lines.append(_row(spec.name, spec, example))
        # A field whose entries take one of several forms lists each form with its own fields.
        forms = [(v.label, v.help, v.subfields) for v in spec.variants] or [(None, None, spec.subfields)]
        for label, help_text, subfields in forms:
            if label:
                lines.append(
                    f"| `{spec.name}[]` som *{md_text(label.lower())}* | {md_text(help_text)} Posten har fälten "
                    f"{', '.join(f'`{sub.name}`' for sub in subfields)}. | – | – | – |"
                )
            for sub in subfields:
                lines.append(
                    _row(f"{spec.name}[].{sub.name}", sub, _first_value(of_type, spec.name, sub.name))
                )
    return "\n".join(lines)


def field_reference(cards: list[Card], taxonomy: Taxonomy) -> str:
    """One section per card type with every field, then every taxonomy group's allowed values."""
    parts = []
    for card_type in CARD_TYPES.values():
        parts.append(f"### {md_text(card_type.label_plural)} (`{card_type.folder}/`) {{ #falt-{card_type.name} }}")
        parts.append(
            f"Fält i `{card_type.folder}/<id>.md`. Fält som heter `namn[].x` är fälten i varje post "
            "i listan `namn`. Exemplen kommer ur korten som redan finns."
        )
        parts.append(field_table(card_type, cards))
    parts.append("### Tillåtna värden { #varden }")
    parts.append(
        "Fält som hämtar sina värden ur taxonomin tar bara emot id:n nedan. Listorna finns i "
        "`hooks/metodbanken/taxonomy.yml`; ett nytt värde läggs till där, i samma ändring som kortet "
        "som behöver det."
    )
    for group, label in _groups().items():
        terms = taxonomy.terms(group)
        parts.append(f"#### {md_text(label)} (`{group}`) {{ #varden-{group} }}")
        if not taxonomy.listed_in_full(group):
            # All 290 municipalities would bury the page: the rule, and the ones the cards use as examples.
            used = _used_ids(cards, group)
            terms = [t for t in terms if t.id in used]
            parts.append(f"{md_text(taxonomy.allowed_text(group))} Här är de som korten använder just nu:")
        rows = ["| Id | Betyder | Beskrivning |", "| --- | --- | --- |"]
        rows += [f"| `{t.id}` | {md_text(t.label)} | {md_text(t.description)} |" for t in terms]
        parts.append("\n".join(rows))
    return "\n\n".join(parts) + "\n"


def empty_cards(cards: list[Card], taxonomy: Taxonomy) -> str:
    """The file `new` would write for each type, to copy when working in GitHub's web editor."""
    ids: dict[str, list[str]] = {}
    for card in cards:
        ids.setdefault(card.type, []).append(card.id)
    ids = {k: sorted(v) for k, v in ids.items()}
    parts = []
    for card_type in CARD_TYPES.values():
        text = scaffold_text(card_type, "Kortets titel", taxonomy, ids)
        fence = "````" if "```" in text else "```"
        parts.append(
            f"### Tomt kort: {md_text(card_type.label.lower())} {{ #mall-{card_type.name} }}\n\n"
            f"Spara som `{card_type.folder}/<id>.md`.\n\n{fence}yaml\n{text.rstrip()}\n{fence}"
        )
    return "\n\n".join(parts) + "\n"


def contributing_guide(root: Path) -> str | None:
    """CONTRIBUTING.md without its top heading: the site's guide and the repository's are one text."""
    path = root / "CONTRIBUTING.md"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    return re.sub(r"\A# [^\n]*\n+", "", text)


def snippets(cards: list[Card], taxonomy: Taxonomy, root: Path | None = None) -> dict[str, str]:
    found = {"falt": field_reference(cards, taxonomy), "mallar": empty_cards(cards, taxonomy)}
    guide = contributing_guide(root) if root is not None else None
    if guide is not None:
        found["bidra"] = guide
    return found


def fill_markers(markdown: str, available: dict[str, str]) -> str:
    """Replace every `<!-- metodbanken:NAME -->` with its generated Markdown; unknown names stay as they are."""
    return MARKER.sub(lambda m: available.get(m.group(1), m.group(0)), markdown)
