"""cards.csv: one row per card with columns from schema.py, written to open right in Swedish Excel.

Swedish Excel expects a semicolon between fields (the comma is the decimal sign), finds UTF-8 only by
its byte order mark, and reads CRLF rows. Each field's kind (field_kinds.py) writes its cells: lists become
readable text with labels instead of ids; the JSON files keep the ids.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass

from ..content.load import Card
from ..field_kinds import LIST_SEPARATOR, Names
from ..schema import CARD_TYPES, Field
from ..taxonomy import Taxonomy

BOM = "\ufeff"
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); a leading
# apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str  # the key in the JSON files
    header: str
    field: Field | None = None  # None for the columns every card has outside the schema
    types: tuple[str, ...] = ()  # labels of the card types that have it; empty for all
    content: str = ""  # what a cell holds, in Swedish


# Derived by the build (project_status.py), never typed on a card; the keys of the JSON records.
STATUS_COLUMNS = [
    Column(
        "status_display",
        "Status enligt källan",
        types=("projekt",),
        content="Status och året för den nyaste källan, till exempel ”Pågående enligt källan, 2020”; "
        "med en anmärkning när slutdatumet har passerat",
    ),
    Column(
        "end_passed",
        "Slutdatum passerat",
        types=("projekt",),
        content="ja om periodens slut ligger före dagen då webbplatsen byggdes, annars nej",
    ),
]

# Derived from the municipalities (export.place_records): the codes and counties, for grouping by county.
PLACE_COLUMNS = [
    Column(
        "municipality_codes",
        "Kommunkod",
        types=("labb", "projekt"),
        content="Kommunernas officiella fyrsiffriga koder, i samma ordning som kommunerna",
    ),
    Column("county_labels", "Län", types=("labb", "projekt"), content="Länen som kommunerna ligger i"),
    Column("county_codes", "Länskod", types=("labb", "projekt"), content="Länens tvåsiffriga koder"),
]


# Derived from the card's sources (sources.py): whether its facts rest on an organisation's own account.
SELF_REPORTED_COLUMN = Column(
    "self_reported",
    "Egen redovisning",
    content="ja om någon av kortets källor är organisationens egen redovisning (inte ett dokument), annars nej",
)


def columns() -> list[Column]:
    """Type, id and address, then every schema field once in schema order, then the card's text."""
    fields: dict[str, Field] = {}
    used_by: dict[str, list[str]] = {}
    for card_type in CARD_TYPES.values():
        for spec in card_type.fields:
            fields.setdefault(spec.name, spec)
            used_by.setdefault(spec.name, []).append(card_type.label.lower())
    labels = [spec.label for spec in fields.values()]
    everywhere = len(CARD_TYPES)
    cols = [
        Column("type", "Korttyp", content=", ".join(t.label for t in CARD_TYPES.values())),
        Column("id", "Id", content="Kortets id: filnamnet utan .md, sist i sidans adress"),
        Column("url", "Adress", content="Kortsidans adress"),
    ]
    for spec in fields.values():
        # Two fields may share a label (a lab's Kommun, a project's Kommun); the card types tell them apart.
        header = spec.label if labels.count(spec.label) == 1 else f"{spec.label} ({', '.join(used_by[spec.name])})"
        content = spec.kind.cell_content
        if spec.subfields:
            content += ": " + ", ".join(sub.label for sub in spec.subfields)
        types = tuple(used_by[spec.name]) if len(used_by[spec.name]) < everywhere else ()
        cols.append(Column(spec.name, header, spec, types, content))
        if spec.name == "status":
            cols += STATUS_COLUMNS
        if spec.name == "municipalities":  # after the last field naming municipalities (a lab's comes first)
            cols += PLACE_COLUMNS
        if spec.name == "sources":
            cols.append(SELF_REPORTED_COLUMN)
    cols.append(Column("body", "Text", content="Kortets löpande text (Markdown)"))
    return cols


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def derived_cell(name: str, record: dict) -> str:
    """A derived column's cell (STATUS_COLUMNS, PLACE_COLUMNS, SELF_REPORTED_COLUMN) from the card's record
    (export.derived_fields)."""
    places = record.get("places") or []
    if name == "municipality_codes":
        return LIST_SEPARATOR.join(p["municipality_code"] for p in places)
    if name in ("county_labels", "county_codes"):
        key = "county_label" if name == "county_labels" else "county_code"
        return LIST_SEPARATOR.join(dict.fromkeys(p[key] for p in places))  # each county once, in order
    if name in ("end_passed", "self_reported"):
        return {True: "ja", False: "nej"}.get(record.get(name), "")
    return ". ".join(part for part in (record.get("status_display"), record.get("status_note")) if part)


# Under `mkdocs serve` the pipeline keeps each card's row between builds (page_memo.py): given the card and the
# function that makes its row, it returns the row made before when nothing the row shows changed.
RowMemo = Callable[[Card, Callable[[], str]], str]

# Swedish Excel's CSV: semicolons between cells, CRLF rows.
DIALECT = {"delimiter": ";", "quotechar": '"', "quoting": csv.QUOTE_MINIMAL, "lineterminator": "\r\n"}

DERIVED_NAMES = frozenset(c.name for c in (*STATUS_COLUMNS, *PLACE_COLUMNS, SELF_REPORTED_COLUMN))


def csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, **DIALECT).writerow(cells)
    return out.getvalue()


def card_row(card: Card, cols: list[Column], names: Names, url: str, updated: object, derived: dict) -> str:
    """The card's line, a cell per column: `updated` is when it last changed, `derived` its record's derived
    fields."""
    own_fields = {spec.name: spec for spec in CARD_TYPES[card.type].fields}
    data = {**card.data, "updated": updated}
    row = []
    for col in cols:
        if col.name == "type":
            cell = CARD_TYPES[card.type].label
        elif col.name == "id":
            cell = card.id
        elif col.name == "url":
            cell = url
        elif col.name == "body":
            cell = card.body
        elif col.name in DERIVED_NAMES:
            cell = derived_cell(col.name, derived)
        else:
            spec = own_fields.get(col.name)  # the card type's own spec: a field's kind can differ by type
            cell = spec.kind.cell(spec, data.get(col.name), names) if spec else ""
        row.append(neutralise(cell))
    return csv_line(row)


def cards_csv(
    cards: list[Card],
    taxonomy: Taxonomy,
    urls: dict[str, str],
    updated: dict[str, str],
    derived: dict[str, dict] | None = None,
    remember: RowMemo | None = None,
) -> str:
    derived = derived or {}
    cols = columns()
    lines = [csv_line([c.header for c in cols])]
    names = Names(taxonomy, {c.id: c.title for c in cards})
    order = list(CARD_TYPES)
    for card in sorted(cards, key=lambda c: (order.index(c.type), c.title.casefold())):
        when = updated.get(card.id, card.data.get("updated"))
        make = functools.partial(card_row, card, cols, names, urls[card.id], when, derived.get(card.id, {}))
        lines.append(make() if remember is None else remember(card, make))
    return BOM + "".join(lines)
