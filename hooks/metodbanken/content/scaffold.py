"""`new <typ> "Titel"`: write a new, empty card with every field of its type, explained in YAML comments.

Everything in the file comes from schema.py and taxonomy.yml. Required fields are left empty and the
body holds a placeholder line, so the new card fails validation until the contributor has filled it in.
"""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from pathlib import Path

from ..paths import RESERVED_IDS, schema_url
from ..problems import printable
from ..schema import CARD_TYPES, CardType, Field
from ..taxonomy import Taxonomy
from .load import FORBIDDEN_CHARACTER, MAX_ID_LENGTH, load_cards, valid_id
from .validate import BODY_PLACEHOLDER

# Swedish and English words for the types, so `new metod "…"` works as well as `new method "…"`.
TYPE_ALIASES = {"metod": "method", "labb": "lab", "projekt": "project", "lardom": "lesson", "lärdom": "lesson"}

BODY_HINTS = {
    "method": "beskriv med egna ord hur metoden fungerar i praktiken. Texten visas under rubriken ”Så fungerar det”.",
    "lab": "berätta med egna ord om labbet. Texten visas under rubriken ”Om labbet”.",
    "project": "berätta med egna ord om projektet. Texten visas under rubriken ”Om projektet”.",
    "lesson": "skriv lärdomen med egna ord, i ett eller flera stycken.",
}

_LETTERS = {"æ": "ae", "ø": "o", "ß": "ss", "ð": "d", "þ": "th", "ł": "l"}
WIDTH = 80  # fits the guide page's code blocks without scrolling


class ScaffoldError(Exception):
    """A Swedish message for the contributor; nothing has been written."""


def slugify(title: str) -> str:
    """'Språkcafé för föräldrar' → 'sprakcafe-for-foraldrar': å/ä → a, ö → o, lowercase, hyphens."""
    text = "".join(_LETTERS.get(c, c) for c in title.casefold())
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def resolve_type(name: str) -> CardType:
    key = TYPE_ALIASES.get(name.casefold(), name.casefold())
    if key not in CARD_TYPES:
        raise ScaffoldError(f"Okänd korttyp '{name}'. Välj en av: {', '.join(CARD_TYPES)}.")
    return CARD_TYPES[key]


def _comment(text: str, indent: str = "") -> list[str]:
    return [
        f"{indent}# {line}" if line else f"{indent}#"
        for line in textwrap.wrap(text, WIDTH - len(indent) - 2, break_on_hyphens=False)
    ]


def _need(spec: Field, in_record: bool = False) -> str:
    if not spec.required:
        return "frivilligt"
    if in_record:
        return "obligatoriskt i varje post"
    return "OBLIGATORISKT" + (f", minst {spec.min_items}" if spec.min_items > 1 else "")


class _Writer:
    """Writes a new card's fields; each field's kind says what goes in (FieldKind.scaffold in field_kinds.py)."""

    def __init__(self, taxonomy: Taxonomy, ids: dict[str, list[str]]):
        self.taxonomy = taxonomy
        self.ids = ids

    def comment(self, text: str) -> list[str]:
        return _comment(text)

    def values(self, group: str) -> list[str]:
        if not self.taxonomy.listed_in_full(group):  # 290 municipalities: how an id is made, not every id
            return [
                f"#   {line}"
                for line in textwrap.wrap(self.taxonomy.allowed_text(group), WIDTH - 4, break_on_hyphens=False)
            ]
        terms = self.taxonomy.terms(group)
        width = max(len(t.id) for t in terms)
        return [f"#   {t.id.ljust(width)}  {t.label}" for t in terms]

    def cards(self, ref_type: str) -> list[str]:
        ids = self.ids.get(ref_type, [])
        if not ids:
            return ["#   (inga kort ännu)"]
        return [f"#   {line}" for line in textwrap.wrap(", ".join(ids), WIDTH - 4, break_on_hyphens=False)]

    def folder(self, ref_type: str) -> str:
        return CARD_TYPES[ref_type].folder

    def example(self, lines: list[str]) -> list[str]:
        return [f"#   {line}" for line in lines]

    def describe(self, spec: Field, in_record: bool = False) -> list[str]:
        """Comment lines that say what a field is, whether it is required and which values are allowed."""
        limit = f" Högst {spec.max_length} tecken." if spec.max_length else ""
        name = f"{spec.name} – " if in_record else ""
        lines = _comment(f"{name}{spec.label} ({_need(spec, in_record)}): {spec.help}{limit}")
        return lines + spec.kind.scaffold_help(spec, self)

    def records(self, spec: Field) -> list[str]:
        """A list of records: one empty record if required, else a commented-out record to uncomment."""
        lines = _comment(f"{spec.label} ({_need(spec)}): {spec.help} Varje post har fälten:")
        for sub in spec.subfields:
            described = self.describe(sub, in_record=True)
            lines += ["#   " + line[2:] if line.startswith("# ") else line for line in described]
        entry = [("  - " if i == 0 else "    ") + f"{sub.name}:" for i, sub in enumerate(spec.subfields)]
        if spec.required:
            lines += _comment("Fler poster skrivs på samma sätt, var och en med '- ' först.")
            return lines + [f"{spec.name}:"] + entry
        lines += _comment(
            "Ta bort '#' först på raderna under fältnamnet och fyll i; en post per rad som börjar med '- '."
        )
        return lines + [f"{spec.name}:"] + ["#" + line for line in entry]

    def variant_records(self, spec: Field) -> list[str]:
        """Records of several forms: each form described, an empty record of the first, the others as examples."""
        lines = _comment(f"{spec.label} ({_need(spec)}): {spec.help} Varje post är ett av slagen:")
        for variant in spec.variants:
            lines += ["#", *_comment(f"{variant.label}: {variant.help}")]
            for sub in variant.subfields:
                described = self.describe(sub, in_record=True)
                lines += ["#   " + line[2:] if line.startswith("# ") else line for line in described]
        lines.append("#")
        first, others = spec.variants[0], spec.variants[1:]
        for variant in others:
            lines += _comment(f"Så ser en post av slaget {variant.label.lower()} ut:")
            lines += ["#   " + ("- " if i == 0 else "  ") + f"{sub.name}:" for i, sub in enumerate(variant.subfields)]
        entry = [("  - " if i == 0 else "    ") + f"{sub.name}:" for i, sub in enumerate(first.subfields)]
        if spec.required:
            lines += _comment(
                f"Posten nedan är av slaget {first.label.lower()}; byt den mot ett annat slag om det passar "
                "bättre. Fler poster skrivs på samma sätt, var och en med '- ' först."
            )
            return lines + [f"{spec.name}:"] + entry
        lines += _comment(
            "Ta bort '#' först på raderna under fältnamnet och fyll i; en post per rad som börjar med '- '."
        )
        return lines + [f"{spec.name}:"] + ["#" + line for line in entry]


def scaffold_text(
    card_type: CardType,
    title: str,
    taxonomy: Taxonomy,
    ids: dict[str, list[str]] | None = None,
    base_url: str | None = None,
) -> str:
    """The new card's text: every field of the type, required ones empty, explained in comments."""
    ids = ids or {}
    out = ["---", f"# yaml-language-server: $schema={schema_url(card_type.name, base_url)}"]
    out += _comment(
        f"Nytt kort: {card_type.label.lower()}. Fyll i alla fält som är märkta OBLIGATORISKT; "
        "frivilliga fält kan lämnas tomma. Rader som börjar med # är hjälptext och syns inte på "
        "webbplatsen. Kontrollera kortet med:"
    )
    out += ["#   python3 -m hooks.metodbanken validate"]
    out += _comment(
        "Text som innehåller ': ' eller ' #', eller som börjar med ett specialtecken som [ { - * ' \" "
        "ska stå inom citattecken."
    )
    out += [f"type: {card_type.name}"]
    writer = _Writer(taxonomy, ids)
    for spec in card_type.fields:
        out.append("")
        if spec.name == "title":
            out += writer.describe(spec) + [f"title: {json.dumps(title, ensure_ascii=False)}"]
        else:
            out += spec.kind.scaffold(spec, writer)
    out += [
        "---",
        f"{BODY_PLACEHOLDER}: {BODY_HINTS[card_type.name]} Ta bort den här raden om du inte har mer "
        "att berätta än fälten ovan.",
        "",
    ]
    return "\n".join(out)


def existing_ids(root: Path) -> dict[str, list[str]]:
    cards, _ = load_cards(root)
    out: dict[str, list[str]] = {}
    for card in cards:
        out.setdefault(card.type, []).append(card.id)
    return {k: sorted(v) for k, v in out.items()}


def id_from_title(title: str) -> str:
    """A new card's id (its file name) from its title: 'Språkcafé för föräldrar' → 'sprakcafe-for-foraldrar'."""
    return slugify(title)[:MAX_ID_LENGTH].rstrip("-")


def id_refusal(card_id: str) -> str | None:
    """Why `card_id` cannot name a new card, for `new` and `import` alike; None when it can."""
    if not valid_id(card_id):
        return (
            f"'{printable(card_id)}' duger inte som id. Använd bara a–z, siffror och bindestreck "
            f"(högst {MAX_ID_LENGTH} tecken), eller ange ett eget id med --id."
        )
    if card_id in RESERVED_IDS:
        return f"Id:t '{card_id}' är reserverat för en genererad sida. Ange ett annat id med --id."
    return None


def create_card(root: Path, type_name: str, title: str, taxonomy: Taxonomy, card_id: str | None = None) -> Path:
    """Write the new card and return its path; raise ScaffoldError (nothing written) if it cannot be made."""
    card_type = resolve_type(type_name)
    check_title(title)
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError('Titeln är tom. Skriv kortets namn inom citattecken, t.ex. new method "Deep Talk".')
    card_id = card_id or id_from_title(title)
    refused = id_refusal(card_id)
    if refused:
        raise ScaffoldError(refused)
    path = root / card_type.folder / f"{card_id}.md"
    if path.exists():
        raise ScaffoldError(
            f"{card_type.folder}/{card_id}.md finns redan; inget har skrivits över. "
            "Redigera det befintliga kortet, eller välj en annan titel eller ett eget id med --id."
        )
    for other in CARD_TYPES.values():
        taken = root / other.folder / f"{card_id}.md"
        if taken.exists():
            raise ScaffoldError(
                f"Id:t '{card_id}' används redan av {other.folder}/{card_id}.md; varje kort behöver "
                "ett eget id. Välj en annan titel eller ange ett eget id med --id."
            )
    content = scaffold_text(card_type, title, taxonomy, existing_ids(root)).encode(
        "utf-8"
    )  # fails before any file exists
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:  # "x": never overwrite, even in a race
            try:
                handle.write(content)
            except BaseException:
                path.unlink(missing_ok=True)  # never leave a half-written card behind
                raise
    except FileExistsError:
        raise ScaffoldError(f"{card_type.folder}/{card_id}.md finns redan; inget har skrivits över.") from None
    except OSError as exc:
        raise ScaffoldError(
            f"Kunde inte skriva {card_type.folder}/{card_id}.md ({exc.strerror or exc}). "
            "Kontrollera att mappen finns och att du får skriva i den."
        ) from None
    return path


def check_title(title: str) -> None:
    """Refuse a title that would make a broken card: too long, invisible characters or bytes that are not text."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in title):
        raise ScaffoldError(
            "Titeln innehåller tecken som inte är giltig text (UTF-8). Skriv titeln igen, eller "
            "kontrollera att terminalen använder UTF-8."
        )
    found = FORBIDDEN_CHARACTER.search(title)
    if found:
        raise ScaffoldError(
            f"Titeln innehåller ett osynligt styr- eller radbrytningstecken "
            f"(U+{ord(found.group()):04X}). Skriv titeln på en rad med vanliga tecken."
        )
    limit = CARD_TYPES["method"].field("title").max_length
    if len(title.strip()) > limit:
        raise ScaffoldError(
            f"Titeln är {len(title.strip())} tecken; högst {limit} ryms. Korta titeln; "
            "detaljer hör hemma i sammanfattningen och brödtexten."
        )
