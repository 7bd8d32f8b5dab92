"""Field kinds: what sort of value a card field holds, and everything that depends on that sort.

One class per kind (a family of kinds shares a base class), each knowing how a value is checked (validate.py),
its JSON Schema (json_schema.py), its plain text in cards.csv and on the compare page, how `new` writes the
empty field (scaffold.py) and which control the contribution form asks with (form_spec.py). schema.py names each
field's kind and Field.kind holds the object; every other module asks the kind instead of testing its name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .problem_messages import problem_text

if TYPE_CHECKING:
    from .schema import Field
    from .taxonomy import Taxonomy

# A card's id: its file name without .md (load.py checks the file names with it); card references are ids.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PERIOD_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL = re.compile(r"^https?://[^\s<>\"']+$")
# Parentheses would end a Markdown link target early; an address that needs them is written with %28 and %29.
HTTPS_URL = re.compile(r"^https://[^\s<>\"'()]+$")
# A period's start when the source does not say when something began.
UNKNOWN_START = "okänd"
YEARS = range(1900, 2101)
MAX_AMOUNT_SEK = 10_000_000_000  # more than any project in the sources by a factor of a hundred
MAX_ORDER = 999
NOT_BLANK = r"\S"  # a JSON Schema pattern: text with something in it
LIST_SEPARATOR = "; "  # between the items of a list written as one text
# Prose as the compare page shows it, without link targets (link_texts) and emphasis marks; a blank line ends
# a paragraph. Both patterns are linear: each match attempt stops at the next mark or at a line break.
EMPHASIS = re.compile(r"\*\*|__|\*|`")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# How `new` asks for one id or for a list of them.
ONE_ID, IDS = "Skriv ett id. ", "Skriv id:n inom hakparentes, t.ex. [a, b]. "


@dataclass(frozen=True)
class Names:
    """What the ids in a value are called: a taxonomy term's label, a card's title."""

    taxonomy: Taxonomy
    titles: dict[str, str]  # card id → title

    def label(self, group: str, term_id: str) -> str:
        return self.taxonomy.label(group, term_id)

    def title(self, card_id: str) -> str:
        return self.titles.get(card_id, card_id)


class Checker(Protocol):
    """What a kind reports its problems to (validate.py's card checker)."""

    taxonomy: Taxonomy
    today: dt.date  # the build date

    def add(self, field: str | None, code: str, message: str, hint: str = "") -> None: ...

    def nearest(self, value: object, options: list[str]) -> str | None: ...


class Writer(Protocol):
    """What a kind writes its part of a new card with (scaffold.py): comment lines and the field itself."""

    def comment(self, text: str) -> list[str]: ...

    def values(self, group: str) -> list[str]: ...  # a taxonomy group's ids and labels, as comment lines

    def cards(self, ref_type: str) -> list[str]: ...  # the ids of the cards of a type, as comment lines

    def folder(self, ref_type: str) -> str: ...

    def example(self, lines: list[str]) -> list[str]: ...  # YAML shown in comment lines

    def describe(self, spec: Field) -> list[str]: ...  # what the field is and whether it is required

    def records(self, spec: Field) -> list[str]: ...  # a list of records, described field by field

    def variant_records(self, spec: Field) -> list[str]: ...  # the same, form by form (Field.variants)


def link_texts(text: str, images: bool = False) -> str:
    """Markdown links replaced by their text: exactly re.sub(r"\\[([^\\]]*)\\]\\([^)]*\\)", r"\1", text), with
    images=True the same with an optional '!' before '[', but in linear time.

    The pattern retries from every '[' and scans to the next ']' each time, so 90 000 '[' took minutes. Here a
    failed '[' moves the search past its ']', since every '[' before that ']' fails the same way, and a missing
    ')' ends the search, since no later link can close either.
    """
    parts: list[str] = []
    done = searched = 0
    while (opening := text.find("[", searched)) >= 0:
        closing = text.find("]", opening + 1)
        if closing < 0:
            break
        if not text.startswith("(", closing + 1):
            searched = closing + 1
            continue
        end = text.find(")", closing + 2)
        if end < 0:
            break
        start = opening - 1 if images and opening > searched and text[opening - 1] == "!" else opening
        parts += (text[done:start], text[opening + 1 : closing])
        done = searched = end + 1
    parts.append(text[done:])
    return "".join(parts)


def plain_text(markdown: str) -> str:
    """'Se [rapporten](https://…) om **unga**' → 'Se rapporten om unga'."""
    return EMPHASIS.sub("", link_texts(markdown))


def calendar_problem(text: str) -> str | None:
    """Why 'ÅÅÅÅ', 'ÅÅÅÅ-MM' or 'ÅÅÅÅ-MM-DD' is not a real year, month or day; None when it is."""
    parts = [int(p) for p in text.split("-")]
    if parts[0] not in YEARS:
        return f"året {parts[0]} ligger utanför {YEARS.start}–{YEARS.stop - 1}"
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return f"månaden {parts[1]:02d} finns inte"
    if len(parts) == 3:
        try:
            dt.date(*parts)
        except ValueError:
            return f"dagen {parts[2]:02d} finns inte i månaden"
    return None


def check_count(checker: Checker, spec: Field, values: list, where: str) -> None:
    if len(values) < spec.min_items:
        checker.add(where, *problem_text("too-few", min_items=spec.min_items, help=spec.help))


def check_duplicates(checker: Checker, values: list, where: str) -> None:
    seen = set()
    for v in values:
        if isinstance(v, str) and v in seen:
            checker.add(where, *problem_text("duplicate-value", value=v))
        seen.add(v if isinstance(v, str) else id(v))


def check_terms(checker: Checker, spec: Field, values: list, where: str) -> None:
    taxonomy = checker.taxonomy
    allowed = taxonomy.ids(spec.taxonomy)
    known = set(allowed)  # 290 municipalities: a set keeps each look-up one step
    for item in values:
        if not isinstance(item, str) or item not in known:
            # A label written instead of its id ('Luleå' for lulea) is the likeliest slip; then the nearest id.
            by_label = taxonomy.find_by_label(spec.taxonomy, item) if isinstance(item, str) else None
            guess = by_label.id if by_label else checker.nearest(item, allowed)
            allowed_text = taxonomy.allowed_text(spec.taxonomy)
            if guess:
                text = problem_text(
                    "unknown-taxonomy-value", value=item, group=spec.taxonomy, guess=guess, allowed=allowed_text
                )
            else:
                text = problem_text(
                    "unknown-taxonomy-value/no-guess", value=item, group=spec.taxonomy, allowed=allowed_text
                )
            checker.add(where, *text)


def check_ids(checker: Checker, values: list, where: str) -> None:
    """Only the shape: check_collection in validate.py looks for the cards themselves."""
    for item in values:
        if not isinstance(item, str) or not ID_PATTERN.match(item):
            checker.add(where, *problem_text("bad-reference", value=item))


def check_record(checker: Checker, subfields: tuple[Field, ...], item: dict, at: str, fields_hint: str) -> None:
    """One entry of a list of records: no unknown keys, every required field there, each field by its kind."""
    names = [s.name for s in subfields]
    for key in item:
        if key not in names:
            guess = checker.nearest(key, names)
            if guess:
                checker.add(f"{at}.{key}", *problem_text("unknown-field/record", name=key, guess=guess))
            else:
                checker.add(f"{at}.{key}", *problem_text("unknown-field/record-no-guess", name=key, fields=fields_hint))
    for sub in subfields:
        if item.get(sub.name) in (None, "", []):
            if sub.required:
                text = problem_text("missing-field/record", name=sub.name, label=sub.label, help=sub.help)
                checker.add(f"{at}.{sub.name}", *text)
            continue
        sub.kind.check(checker, sub, item[sub.name], f"{at}.{sub.name}")


def year_or_date_schema() -> dict:
    # Validation accepts an unquoted year (YAML reads it as a number) as well as text.
    return {
        "anyOf": [
            {"type": "string", "pattern": PERIOD_VALUE.pattern},
            {"type": "integer", "minimum": 1000, "maximum": 9999},
        ]
    }


def field_schema(spec: Field, taxonomy: Taxonomy) -> dict:
    """A field's JSON Schema (json_schema.py): its kind's value schema, with label, help and what empty means."""
    out = {"title": spec.label, "description": spec.help}
    if spec.taxonomy and taxonomy.listed_in_full(spec.taxonomy):
        labels = "; ".join(f"{t.id} = {t.label}" for t in taxonomy.terms(spec.taxonomy))
        out["description"] += f" Värden: {labels}."
    elif spec.taxonomy:  # the enum holds every id; the description says how they are made
        out["description"] += " " + taxonomy.allowed_text(spec.taxonomy)
    value = spec.kind.value_schema(spec, taxonomy)
    if value.get("type") == "array" and (spec.required or spec.min_items):
        value["minItems"] = max(1, spec.min_items)
    if spec.required:
        out.update(value)
    else:
        # The validator treats an empty optional field (`namn:`, "" or []) as left out.
        out["anyOf"] = [value, {"type": "null"}, {"const": ""}, {"type": "array", "maxItems": 0}]
    if spec.example is not None:
        out["examples"] = [spec.example]
    return out


def object_schema(fields: tuple[Field, ...], taxonomy: Taxonomy) -> dict:
    return {
        "type": "object",
        "properties": {f.name: field_schema(f, taxonomy) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


class FieldKind:
    """A sort of field value; the subclasses override what differs."""

    name = ""  # as schema.py writes it and the JSON exports and the form spec emit it
    words = ""  # how a value is written, in Swedish, for error messages and the contributor guide
    cell_content = ""  # what its cell in cards.csv holds, in Swedish, for the open-data page
    is_text = False  # prose a person writes: searched, and read for YAML's pitfalls
    is_list = False  # a YAML list

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    def check(self, checker: Checker, spec: Field, value: object, where: str) -> None:
        """Report to `checker` every way a filled-in `value` at `where` breaks the kind's rules."""
        raise NotImplementedError

    def wrong_type(self, checker: Checker, spec: Field, where: str, value: object) -> None:
        got = type(value).__name__
        words = {
            "str": "text",
            "int": "ett tal",
            "float": "ett tal",
            "list": "en lista",
            "dict": "en post med fält",
            "bool": "ja/nej",
            "NoneType": "ingenting",
        }.get(got, got)
        checker.add(where, *problem_text("wrong-type", expected=self.words, found=words, help=spec.help))

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        """The JSON Schema of a filled-in value, whatever `required` says."""
        raise NotImplementedError

    def text(self, spec: Field, value: object, names: Names) -> str:
        """A filled-in value as plain text, ids by their names: '2019–2021', 'Unga; Föräldrar'."""
        return str(value).strip()

    def cell(self, spec: Field, value: object, names: Names) -> str:
        """The value's cell in cards.csv; empty when the card leaves the field out."""
        if value is None or value == [] or value == "":
            return ""
        return self.text(spec, value, names)

    def display(self, spec: Field, value: object, names: Names) -> dict:
        """A filled-in value as the compare page shows it, plain text only: {"text": …}, {"paragraphs": […]}
        or {"items": […]}."""
        return {"text": self.text(spec, value, names)}

    def multiline(self, spec: Field) -> bool:
        """Written on the lines below its name (YAML's '>-'); a text area in the form."""
        return False

    def form_control(self, spec: Field) -> dict:
        """How the contribution form (form.js) asks for a value: its control and the control's attributes."""
        return {"control": "input", "attributes": {"type": "text"}}

    def scaffold(self, spec: Field, writer: Writer) -> list[str]:
        """The field in a new card (`new`): what it is, then its name with an empty value."""
        return writer.describe(spec) + self.scaffold_value(spec)

    def scaffold_help(self, spec: Field, writer: Writer) -> list[str]:
        """Comment lines on how to write a value, after the field's description."""
        return []

    def scaffold_value(self, spec: Field) -> list[str]:
        """The field with an empty value, shaped so that filling in needs no restructuring."""
        return [f"{spec.name}:"]


class TextKind(FieldKind):
    """One line of plain text."""

    name = "text"
    words = "en rad text"
    cell_content = "Text"
    is_text = True
    one_paragraph = True
    rows = 3  # of its text area in the form, when it has one

    def check(self, checker: Checker, spec: Field, value: object, where: str) -> None:
        if not isinstance(value, str):
            return self.wrong_type(checker, spec, where, value)
        if not value.strip():
            return checker.add(where, *problem_text("empty-value", help=spec.help))
        if spec.max_length and len(value) > spec.max_length:
            checker.add(where, *problem_text("too-long", length=len(value), max_length=spec.max_length))
        if self.one_paragraph and "\n\n" in value.strip():
            checker.add(where, *problem_text("multi-paragraph"))

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        out: dict = {"type": "string", "pattern": NOT_BLANK}
        if spec.max_length:
            out["maxLength"] = spec.max_length
        return out

    def display(self, spec: Field, value: object, names: Names) -> dict:
        return {"paragraphs": PARAGRAPH_BREAK.split(plain_text(str(value)))}

    def multiline(self, spec: Field) -> bool:
        return (spec.max_length or 0) > 200

    def scaffold_help(self, spec: Field, writer: Writer) -> list[str]:
        if not self.multiline(spec):
            return []
        return writer.comment(
            "Skriv texten på raderna under, indragen med två mellanslag. Markdown går bra, HTML inte."
        )

    def scaffold_value(self, spec: Field) -> list[str]:
        return [f"{spec.name}: >-"] if self.multiline(spec) else [f"{spec.name}:"]

    def form_control(self, spec: Field) -> dict:
        if self.multiline(spec):
            return {"control": "textarea", "attributes": {"rows": self.rows}}
        return super().form_control(spec)


class MarkdownKind(TextKind):
    """Prose; Markdown allowed, no HTML."""

    name = "markdown"
    words = "en text"
    cell_content = "Text (Markdown)"
    one_paragraph = False
    rows = 5

    def multiline(self, spec: Field) -> bool:
        return True


class ListKind(FieldKind):
    """A YAML list of values."""

    is_list = True

    def check(self, checker: Checker, spec: Field, value: object, where: str) -> None:
        if not isinstance(value, list):
            return checker.add(
                where, *problem_text("wrong-type/not-a-list", expected=self.words, help=self.list_hint(checker, spec))
            )
        self.check_items(checker, spec, value, where)

    def list_hint(self, checker: Checker, spec: Field) -> str:
        """How to write the list, when the value is not one."""
        return spec.help

    def check_items(self, checker: Checker, spec: Field, values: list, where: str) -> None:
        raise NotImplementedError

    def display(self, spec: Field, value: object, names: Names) -> dict:
        return {"items": self.items(spec, value, names)}

    def items(self, spec: Field, values: list, names: Names) -> list[str]:
        """Each item as plain text, for the compare page's bulleted list."""
        raise NotImplementedError

    def scaffold_value(self, spec: Field) -> list[str]:
        return [f"{spec.name}: []"]


class TextListKind(ListKind):
    """A list of one-line texts or short Markdown paragraphs."""

    name = "text_list"
    words = "en lista med texter (en rad per punkt som börjar med '- ')"
    cell_content = "Lista"
    is_text = True

    def list_hint(self, checker: Checker, spec: Field) -> str:
        return f"Skriv varje punkt på egen rad efter '{spec.name}:', med '- ' först."

    def check_items(self, checker: Checker, spec: Field, values: list, where: str) -> None:
        for i, item in enumerate(values):
            if not isinstance(item, str) or not item.strip():
                checker.add(f"{where}[{i + 1}]", *problem_text("wrong-type/list-item"))
        check_count(checker, spec, values, where)

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        return {"type": "array", "items": {"type": "string", "pattern": NOT_BLANK}}

    def text(self, spec: Field, value: object, names: Names) -> str:
        return LIST_SEPARATOR.join(" ".join(str(v).split()) for v in value)

    def items(self, spec: Field, values: list, names: Names) -> list[str]:
        return [plain_text(str(v)) for v in values]

    def form_control(self, spec: Field) -> dict:
        return {"control": "list"}

    def scaffold_help(self, spec: Field, writer: Writer) -> list[str]:
        return writer.comment("Byt [] mot en punkt per rad med '- ' först, så här:") + writer.example(
            [f"{spec.name}:", "  - Första punkten.", "  - Andra punkten."]
        )


class TaxonomyKind(FieldKind):
    """One id from a taxonomy group (Field.taxonomy)."""

    name = "taxonomy"
    words = "ett id ur taxonomin"
    cell_content = "Etikett ur taxonomin"

    def check(self, checker: Checker, spec: Field, value: object, where: str) -> None:
        check_terms(checker, spec, [value], where)

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        return {"enum": taxonomy.ids(spec.taxonomy)}

    def text(self, spec: Field, value: object, names: Names) -> str:
        return names.label(spec.taxonomy, value)

    def scaffold_help(self, spec: Field, writer: Writer) -> list[str]:
        return writer.comment(ONE_ID + "Tillåtna värden:") + writer.values(spec.taxonomy)

    def form_control(self, spec: Field) -> dict:
        return {"control": "select"}


class TaxonomyListKind(ListKind):
    """Ids from a taxonomy group."""

    name = "taxonomy_list"
    words = "en lista med id ur taxonomin, t.ex. [a, b]"
    cell_content = "Lista av etiketter ur taxonomin"

    def list_hint(self, checker: Checker, spec: Field) -> str:
        return checker.taxonomy.allowed_text(spec.taxonomy)

    def check_items(self, checker: Checker, spec: Field, values: list, where: str) -> None:
        check_terms(checker, spec, values, where)
        check_duplicates(checker, values, where)
        check_count(checker, spec, values, where)

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        return {"type": "array", "items": {"enum": taxonomy.ids(spec.taxonomy)}, "uniqueItems": True}

    def text(self, spec: Field, value: object, names: Names) -> str:
        return LIST_SEPARATOR.join(self.items(spec, value, names))

    def items(self, spec: Field, values: list, names: Names) -> list[str]:
        return [names.label(spec.taxonomy, v) for v in values]

    def scaffold_help(self, spec: Field, writer: Writer) -> list[str]:
        return writer.comment(IDS + "Tillåtna värden:") + writer.values(spec.taxonomy)

    def form_control(self, spec: Field) -> dict:
        return {"control": "checkboxes"}


class CardRefKind(FieldKind):
    """One id of a card of Field.ref_type."""

    name = "card_ref"
    words = "ett kort-id"
    cell_content = "Titeln på ett annat kort"

    def check(self, checker: Checker, spec: Field, value: object, where: str) -> None:
        check_ids(checker, [value], where)

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        return {"type": "string", "pattern": ID_PATTERN.pattern}

    def text(self, spec: Field, value: object, names: Names) -> str:
        return names.title(value)

    def scaffold_help(self, spec: Field, writer: Writer) -> list[str]:
        return card_ids_help(ONE_ID, spec, writer)

    def form_control(self, spec: Field) -> dict:
        return {"control": "select"}


def card_ids_help(how: str, spec: Field, writer: Writer) -> list[str]:
    folder = writer.folder(spec.ref_type)
    return writer.comment(f"{how}Id är filnamnet utan .md. Kort i {folder}/ just nu:") + writer.cards(spec.ref_type)


class CardRefListKind(ListKind):
    """Ids of other cards of Field.ref_type."""

    name = "card_ref_list"
    words = "en lista med kort-id, t.ex. [deep-talk]"
    cell_content = "Titlar på andra kort"

    def check_items(self, checker: Checker, spec: Field, values: list, where: str) -> None:
        check_ids(checker, values, where)
        check_duplicates(checker, values, where)

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        return {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN.pattern}, "uniqueItems": True}

    def text(self, spec: Field, value: object, names: Names) -> str:
        return LIST_SEPARATOR.join(self.items(spec, value, names))

    def items(self, spec: Field, values: list, names: Names) -> list[str]:
        return [names.title(v) for v in values]

    def scaffold_help(self, spec: Field, writer: Writer) -> list[str]:
        return card_ids_help(IDS, spec, writer)

    def form_control(self, spec: Field) -> dict:
        return {"control": "checkboxes"}


class PeriodKind(FieldKind):
    """{start, end}: years or dates as text."""

    name = "period"
    words = "start och slut, t.ex. {start: '2018', end: '2019'}"
    cell_content = "Period, till exempel 2018–2019"

    def check(self, checker: Checker, spec: Field, value: object, where: str) -> None:
        if not isinstance(value, dict):
            return self.wrong_type(checker, spec, where, value)
        start, end = value.get("start"), value.get("end")
        for key in value:
            if key not in ("start", "end"):
                checker.add(f"{where}.{key}", *problem_text("unknown-field/period", name=key))
        for key, v in (("start", start), ("end", end)):
            if v == UNKNOWN_START and key == "start":
                continue
            if v is None:
                if key == "start":
                    checker.add(f"{where}.start", *problem_text("missing-field/period-start"))
                continue
            if not isinstance(v, (str, int)) or isinstance(v, bool) or not PERIOD_VALUE.match(str(v)):
                checker.add(f"{where}.{key}", *problem_text("bad-date/period", value=v, unknown_start=UNKNOWN_START))
            elif why := calendar_problem(str(v)):
                checker.add(f"{where}.{key}", *problem_text("bad-date/calendar", value=v, why=why))
        if start not in (None, UNKNOWN_START) and end is not None and str(end) < str(start)[: len(str(end))]:
            checker.add(f"{where}.end", *problem_text("bad-period", start=start, end=end))

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        start = {"anyOf": [*year_or_date_schema()["anyOf"], {"const": UNKNOWN_START}]}
        end = {"anyOf": [*year_or_date_schema()["anyOf"], {"type": "null"}]}
        return {
            "type": "object",
            "properties": {"start": start, "end": end},
            "required": ["start"],
            "additionalProperties": False,
        }

    def text(self, spec: Field, value: object, names: Names) -> str:
        return period_text(value)

    def scaffold_value(self, spec: Field) -> list[str]:
        return [f"{spec.name}:", "  start:", "  end:"]

    def form_control(self, spec: Field) -> dict:
        return {"control": "period"}


def period_text(period: dict) -> str:
    """'2018–2019', '2018–' while it goes on, 'startår okänt–2019' when the source gives no start."""
    start, end = period.get("start"), period.get("end")
    start_text = "startår okänt" if start == UNKNOWN_START else str(start)
    return f"{start_text}–{end}" if end else (f"{start_text}–" if start != UNKNOWN_START else start_text)


class CalendarKind(FieldKind):
    """A year, month or day that must exist in the calendar, written as `pattern` allows. It tells when something
    happened (a card's `updated`, a diary entry), so it may not come after the build date: `updated: '2100-12-31'`
    would put the card first in the feed for everyone. A period (PeriodKind) may end, or start, in the future."""

    pattern: re.Pattern

    def check(self, checker: Checker, spec: Field, value: object, where: str) -> None:
        text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not self.pattern.match(text) or calendar_problem(text) is not None:
            checker.add(where, *problem_text("bad-date", value=value))
        elif in_future(text, checker.today):
            today = checker.today.isoformat()
            checker.add(where, *problem_text("future-date", date=text, today=today, help=spec.help))


def in_future(text: str, today: dt.date) -> bool:
    """Whether a year, month or day ('2027', '2026-12', '2026-12-09') starts after `today`, the build date, in every
    time zone: the build date is UTC's, and in Sweden (UTC+1, +2 in summer) the next day begins up to two hours
    earlier, so a contributor writing today's date just after midnight is not refused."""
    return text > (today + dt.timedelta(days=1)).isoformat()[: len(text)]


class DateKind(CalendarKind):
    """YYYY-MM-DD."""

    name = "date"
    words = "ett datum ÅÅÅÅ-MM-DD inom citattecken"
    cell_content = "Datum, ÅÅÅÅ-MM-DD"
    pattern = DATE

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        return {"type": "string", "pattern": DATE.pattern, "format": "date"}

    def scaffold_help(self, spec: Field, writer: Writer) -> list[str]:
        return writer.comment("Datum som 'ÅÅÅÅ-MM-DD', inom citattecken.")

    def form_control(self, spec: Field) -> dict:
        return {"control": "input", "attributes": {"type": "text", "placeholder": "ÅÅÅÅ-MM-DD"}}


class DateOrMonthKind(CalendarKind):
    """YYYY, YYYY-MM or YYYY-MM-DD."""

    name = "date_or_month"
    words = "ett år, en månad eller ett datum"
    cell_content = "År, månad eller datum"
    pattern = PERIOD_VALUE

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        return year_or_date_schema()


class UrlKind(FieldKind):
    """An http(s) address."""

    name = "url"
    words = "en webbadress som börjar med https://"
    cell_content = "Adress"

    def check(self, checker: Checker, spec: Field, value: object, where: str) -> None:
        if not isinstance(value, str) or not URL.match(value):
            checker.add(where, *problem_text("bad-url", value=value))

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        return {"type": "string", "pattern": URL.pattern}

    def scaffold_help(self, spec: Field, writer: Writer) -> list[str]:
        return writer.comment("En adress som börjar med https://.")

    def form_control(self, spec: Field) -> dict:
        return {"control": "input", "attributes": {"type": "url"}}


class HttpsUrlKind(UrlKind):
    """An https address: a document a card itself declares is linked from its page, and only over https."""

    name = "https_url"
    words = "en webbadress som börjar med https://"

    def check(self, checker: Checker, spec: Field, value: object, where: str) -> None:
        if not isinstance(value, str) or not HTTPS_URL.match(value):
            checker.add(where, *problem_text("bad-url/https", value=value))

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        return {"type": "string", "pattern": HTTPS_URL.pattern}


class IntegerKind(FieldKind):
    name = "integer"
    words = "ett heltal utan mellanslag"
    cell_content = "Heltal"

    def check(self, checker: Checker, spec: Field, value: object, where: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            checker.add(where, *problem_text("wrong-type/integer", value=value))
        elif spec.name == "amount_sek" and not 0 <= value <= MAX_AMOUNT_SEK:
            checker.add(where, *problem_text("bad-amount", value=value, max_amount=MAX_AMOUNT_SEK))
        elif spec.name == "order" and not 1 <= value <= MAX_ORDER:
            checker.add(where, *problem_text("bad-order", value=value, max_order=MAX_ORDER))

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        return {"type": "integer"}

    def scaffold_help(self, spec: Field, writer: Writer) -> list[str]:
        return writer.comment("Bara siffror, utan mellanslag.")

    def form_control(self, spec: Field) -> dict:
        # form.js gives a number control's value back as a number.
        return {"control": "input", "attributes": {"type": "number", "step": "1"}}


class ObjectsKind(ListKind):
    """A list of mappings described by Field.subfields."""

    name = "objects"
    words = "en lista med poster"
    cell_content = "En rad per post"

    def list_hint(self, checker: Checker, spec: Field) -> str:
        return f"Varje post börjar med '- ' och har fälten {', '.join(s.name for s in spec.subfields)}."

    def check_items(self, checker: Checker, spec: Field, values: list, where: str) -> None:
        names = [s.name for s in spec.subfields]
        for i, item in enumerate(values):
            at = f"{where}[{i + 1}]"
            if not isinstance(item, dict):
                checker.add(at, *problem_text("wrong-type/record", fields=f"Fälten är: {', '.join(names)}."))
                continue
            check_record(checker, spec.subfields, item, at, f"Fälten är: {', '.join(names)}.")
        check_count(checker, spec, values, where)

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        return {"type": "array", "items": object_schema(spec.subfields, taxonomy)}

    def text(self, spec: Field, value: object, names: Names) -> str:
        return "\n".join(self.items(spec, value, names))

    def items(self, spec: Field, values: list, names: Names) -> list[str]:
        # Each entry's parts named by their labels: "Mål: …, Utfall: Uppnått".
        return [
            ", ".join(
                f"{sub.label}: {sub.kind.cell(sub, item.get(sub.name), names)}"
                for sub in spec.subfields
                if item.get(sub.name) not in (None, "")
            )
            for item in values
        ]

    def scaffold(self, spec: Field, writer: Writer) -> list[str]:
        return writer.records(spec)

    def form_control(self, spec: Field) -> dict:
        return {"control": "records"}


class VariantObjectsKind(ObjectsKind):
    """A list of records that each take one of Field.variants' forms, told apart by the form's first field."""

    name = "variant_objects"
    words = "en lista med poster av något av slagen nedan"
    cell_content = "En rad per post"

    def list_hint(self, checker: Checker, spec: Field) -> str:
        return f"Varje post börjar med '- ' och är {forms_text(spec)}."

    def check_items(self, checker: Checker, spec: Field, values: list, where: str) -> None:
        for i, item in enumerate(values):
            at = f"{where}[{i + 1}]"
            if not isinstance(item, dict):
                checker.add(at, *problem_text("wrong-type/record", fields=forms_text(spec) + "."))
                continue
            found = spec.variant_of(item)
            if not found:
                keys = ", ".join(repr(v.key) for v in spec.variants)
                checker.add(at, *problem_text("unknown-variant", keys=keys, forms=forms_text(spec)))
                continue
            if len(found) > 1:
                mixed = " och ".join(f"{v.label.lower()} ({v.key!r})" for v in found)
                checker.add(at, *problem_text("mixed-variants", mixed=mixed))
                continue
            variant = found[0]
            fields = ", ".join(s.name for s in variant.subfields)
            hint = f"En post av slaget {variant.label.lower()} har fälten {fields}."
            check_record(checker, variant.subfields, item, at, hint)
        check_count(checker, spec, values, where)

    def value_schema(self, spec: Field, taxonomy: Taxonomy) -> dict:
        forms = []
        for variant in spec.variants:
            form = object_schema(variant.subfields, taxonomy)
            forms.append({"title": variant.label, "description": variant.help, **form})
        return {"type": "array", "items": {"oneOf": forms}}

    def items(self, spec: Field, values: list, names: Names) -> list[str]:
        # Each entry by the fields of its own form; an entry of no single form (never valid) by all of them.
        out = []
        for item in values:
            found = spec.variant_of(item)
            subfields = found[0].subfields if len(found) == 1 else spec.subfields
            out.append(
                ", ".join(
                    f"{sub.label}: {sub.kind.cell(sub, item.get(sub.name), names)}"
                    for sub in subfields
                    if item.get(sub.name) not in (None, "")
                )
            )
        return out

    def scaffold(self, spec: Field, writer: Writer) -> list[str]:
        return writer.variant_records(spec)


def forms_text(spec: Field) -> str:
    """'ett dokument i registret (document, section), ett eget dokument (title, …) eller …'."""
    forms = [f"{v.label.lower()} ({', '.join(s.name for s in v.subfields)})" for v in spec.variants]
    return ", ".join(forms[:-1]) + " eller " + forms[-1] if len(forms) > 1 else "".join(forms)


KINDS: dict[str, FieldKind] = {
    kind.name: kind
    for kind in (
        TextKind(),
        MarkdownKind(),
        TextListKind(),
        TaxonomyKind(),
        TaxonomyListKind(),
        CardRefListKind(),
        CardRefKind(),
        PeriodKind(),
        DateKind(),
        DateOrMonthKind(),
        UrlKind(),
        HttpsUrlKind(),
        IntegerKind(),
        ObjectsKind(),
        VariantObjectsKind(),
    )
}
