"""What the contribution form (docs/javascripts/form.js) needs, as plain data: data/form.json.

The form draws every field, label, help text and choice from schema.py and taxonomy.yml through this file,
validates against the published JSON Schema, and derives the card's id with the scaffold's slug rules
(the letter table travels along so the browser applies exactly the same mapping).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from babel.dates import get_month_names

from ..content.contact_data import FORM_RULES
from ..content.documentation_scale import _WHEN, FIGURE
from ..content.load import MAX_ID_LENGTH, Card
from ..content.scaffold import _LETTERS, BODY_HINTS
from ..content.validate import BODY_HEADING, BODY_PLACEHOLDER, TEXT_RULES
from ..field_kinds import KINDS, UNKNOWN_START, YEARS, CalendarKind, calendar_problem
from ..paths import RESERVED_IDS, mkdocs_setting, schema_path
from ..schema import CARD_TYPES, OWN_ACCOUNT_SOURCE, SOURCE, CardType, Field
from ..taxonomy import Taxonomy, Term

FORM_TYPES = ("method", "project", "lab")
# A list of many choices is searched, not read through (form.js's combobox); municipalities always, since people
# know the name they look for and the list is to hold all 290.
SEARCHABLE_FROM = 21
SEARCHABLE_TAXONOMIES = ("municipalities",)  # lessons come from the editors' reading of the reports
DEFAULT_EDIT_URI = "https://github.com/metodbanken/metodbanken/edit/main/"
EMAIL_ADDRESS = re.compile(r"^[^@\s<>\"'?&]+@[^@\s<>\"'?&]+\.[a-z]{2,}$", re.IGNORECASE)

# "Vi har provat metoden": a short project card for an organisation that used a method. Every required
# project field is asked for; these optional ones too, under the questions a contributor can answer.
TRIED_FIELDS = ("results", "lessons_learned")
TRIED_WORDING = {
    "title": ("Namn på ert arbete", "Vad arbetet kallades hos er, t.ex. 'Språkcafé på Hertsön'."),
    "owner": (
        "Organisation",
        "Organisationen som använde metoden, t.ex. bostadsbolaget eller föreningen. Aldrig en privatperson.",
    ),
    "municipalities": ("Var", "Kommunen eller kommunerna där ni använde metoden."),
    "period": ("När", "När ni började och slutade, t.ex. 2022 och 2023. Lämna slut tomt om arbetet pågår."),
    "purpose": ("Vad ni gjorde", "Hur ni använde metoden och vad ni ville åstadkomma."),
    "results": ("Vad som hände", "Vad arbetet ledde till, gärna med siffror; en punkt per resultat."),
    "lessons_learned": ("Vad ni skulle ändra", "Vad ni skulle göra annorlunda nästa gång; en punkt per sak."),
    "sources": (
        "Dokument om arbetet",
        "Bara om ni har skrivit om arbetet i en rapport eller på en webbsida. Lämna tomt annars: då är "
        "källan er egen redovisning, från organisationen ovan och i dag, och kortet märks så.",
    ),
}
# The tried form's source when the contributor gives no document: the organisation filling it in reports its own
# work (schema.OWN_ACCOUNT_SOURCE). form.js fills `organisation` from the field `organisation_from` and `date` with
# the month the form is sent.
TRIED_OWN_ACCOUNT = {
    "field": SOURCE.name,
    "organisation": OWN_ACCOUNT_SOURCE.subfields[0].name,
    "organisation_from": "owner",
    "date": OWN_ACCOUNT_SOURCE.subfields[1].name,
}
TRIED_OPTIONAL = (SOURCE.name,)  # asked, but the own account stands in when left empty
# The form speaks to people who have never seen a card file: where a field's help in schema.py talks of ids,
# folders or how a value is written in the file, the form says it in plain words (tests/test_form_browser.py
# checks that no file names, ids or tool names are left in the forms' text).
FORM_HELP = {
    "document": "Dokumentet som uppgifterna kommer från.",
    "lessons": "Lärdomar i Metodbanken som kortet bygger på.",
    "tested_in": "Labb i Metodbanken där metoden prövades.",
    "related_methods": "Metoder i Metodbanken som liknar den här.",
    "method": "Metoden i Metodbanken.",
    "relation": "Om projektet använde metoden eller arbetade på ett liknande sätt.",
    "updated": "Dagen då innehållet senast ändrades, t.ex. 2024-03-15.",
    "period": "När det började och slutade, t.ex. 2018 och 2019 eller september 2018. Lämna slut tomt om det "
    f"pågår; skriv {UNKNOWN_START} som start om källan inte säger när det började.",
}
# validate.py's page_headings in a field of the card (field-heading): '#' or '##' at a line's start, or a line of
# only '=' or '-' right under a line with text (its last character that is not a space, so the pattern is linear).
FIELD_HEADING_RULE = {
    "pattern": r"^#{1,2}\s|\S[ \t\r]*\n[ ]{0,3}(?:=+|-+)[ \t]*$",
    "flags": "m",
    "message": "Texten har en rad som blir en rubrik ('# ', '## ' eller en rad med bara '=' eller '-' under en "
    "textrad).",
    "hint": "Skriv fältet utan rubriker; menar du en skiljelinje, lämna en tom rad ovanför den.",
}
# The same for the forms of a source (schema.Variant), by the form's name.
FORM_VARIANT_HELP = {
    "registered": "Ett dokument som redan finns i Metodbankens lista över källor: välj det i listan.",
}
# The same for the text rules' advice (validate.TEXT_RULES), by the rule's code.
FORM_RULE_HINTS = {
    "raw-html": "Skriv vanlig text; ta bort taggar som <script> eller <div>.",
}
TRIED_RELATION = "anvander"
BODY_HEADING_MESSAGE = (
    "En rad som börjar med # eller ## blir en rubrik av samma slag som sidans egna. "
    "Börja raden med ### för en mindre rubrik, eller ta bort #."
)
# Rules between fields that a JSON Schema does not hold: the documentation level's checks in
# content/documentation_scale.py, in the form's words. A rule applies when `field` is `value` and then needs
# `needs` (with a figure that is not a year or date, when `figures`) or forbids `forbids`.
FIELD_PAIR_RULES = (
    {
        "type": "method",
        "field": "documentation",
        "value": "matt-resultat",
        "needs": "results",
        "message": "Underlaget säger att resultaten är mätta, men kortet redovisar inga resultat. Lägg till dem med "
        "källans siffror, eller välj ett annat underlag.",
    },
    {
        "type": "method",
        "field": "documentation",
        "value": "matt-resultat",
        "needs": "results",
        "figures": {"figure": FIGURE.pattern, "when": _WHEN.pattern},
        "message": "Underlaget säger att resultaten är mätta, men inget resultat har en siffra (årtal och datum "
        "räknas inte). Skriv källans siffror, t.ex. ”12 av 15 deltagare fick arbete”, eller välj ett annat "
        "underlag.",
    },
    {
        "type": "method",
        "field": "documentation",
        "value": "steg-for-steg",
        "forbids": "steps_note",
        "message": "Underlaget säger att källan beskriver varje steg, men här står att den inte gör det. Töm fältet "
        "eller välj ett annat underlag.",
    },
)


# ---- the period as people write it ----
# Digits are [0-9], not \d: Python's \d also takes other scripts' digits, JavaScript's does not.
# The form reads a period part written in words ("september 2023", "2019–2021") into the card's form (ÅÅÅÅ,
# ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD). The rule is read_period below; form.js applies the same rule to the data that
# period_reading() puts in form.json, and tests/test_form_browser.py checks that both read alike.
MONTHS = tuple(get_month_names("wide", locale="sv")[month] for month in range(1, 13))  # januari … december
MONTH_PREFIX = 3  # "sep", "sept." and "september": the first three letters already tell the months apart
# Between two years ("2019–2021", "2019 - 2021", "2019 till 2021"): a dash with spaces or an en or em dash;
# a bare hyphen only between two four-digit years, since "2019-09" is a month.
PERIOD_RANGE = r"^(.+?)\s*(?:[–—]|\s-\s|\still\s)\s*(.*)$"
YEAR_RANGE = r"^([0-9]{4})-([0-9]{4})$"
# One part, lower case with single spaces: a year; a year and month or day in figures; a month in words.
PART_NUMBERS = r"^([0-9]{4})(?:-([0-9]{1,2}))?(?:-([0-9]{1,2}))?$"
PART_WORDS = r"^(?:([0-9]{1,2})\.? )?([a-zåäö]+\.?) ([0-9]{4})$"
ANY_YEAR = r"(?<![0-9])([0-9]{4})(?![0-9])"  # for the example in what to write instead
PERIOD_HOW = "Skriv året, t.ex. {year}, eller år och månad, t.ex. {year}-09."


def period_reading() -> dict:
    """What form.js needs to read a period exactly as read_period does."""
    return {
        "months": list(MONTHS),
        "month_prefix": MONTH_PREFIX,
        "range": PERIOD_RANGE,
        "year_range": YEAR_RANGE,
        "numbers": PART_NUMBERS,
        "words": PART_WORDS,
        "any_year": ANY_YEAR,
        "unknown_start": UNKNOWN_START,
        "years": [YEARS.start, YEARS.stop - 1],
        "how": PERIOD_HOW,
        # Dates and months elsewhere in the card must exist too (CalendarKind.check); the form checks them alike.
        "calendar_kinds": sorted(k.name for k in KINDS.values() if isinstance(k, CalendarKind)),
    }


def _month(word: str) -> int | None:
    word = word.rstrip(".")
    if len(word) < MONTH_PREFIX:
        return None
    found = [i + 1 for i, name in enumerate(MONTHS) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def read_period_part(text: str) -> tuple[str | None, str]:
    """(the card's value, '') for what can be read without doubt, else (None, what to write instead)."""
    words = " ".join(text.split()).lower()
    if m := re.match(PART_NUMBERS, words):
        value = "-".join([m[1], *(f"{int(p):02d}" for p in m.groups()[1:] if p)])
    elif (m := re.match(PART_WORDS, words)) and _month(m[2]):
        value = f"{m[3]}-{_month(m[2]):02d}" + (f"-{int(m[1]):02d}" if m[1] else "")
    else:
        year = re.search(ANY_YEAR, words)
        how = PERIOD_HOW.format(year=year[1] if year else "2023")
        return None, f"”{' '.join(text.split())}” går inte att läsa som en tidpunkt. {how}"
    if why := calendar_problem(value):
        return None, f"{value} är ingen riktig tidpunkt: {why}."
    return value, ""


def read_period(start: str, end: str) -> tuple[dict | None, str]:
    """The period from the form's two fields ({start, end?}, ''), or (None, what to write instead).

    A range written in the start field ("2019–2021") fills both when the end field is empty; 'okänd' is
    the start the source does not give."""
    start, end = " ".join(start.split()), " ".join(end.split())
    if not end and (m := re.match(YEAR_RANGE, start) or re.match(PERIOD_RANGE, start)):
        start, end = m[1].strip(), m[2].strip()
    if not start and not end:
        return None, ""
    if not start:
        return None, f"Skriv när det började, eller {UNKNOWN_START} om källan inte säger det."
    period: dict = {}
    if start.lower() == UNKNOWN_START:
        period["start"] = UNKNOWN_START
    else:
        value, problem = read_period_part(start)
        if value is None:
            return None, problem
        period["start"] = value
    if end:
        value, problem = read_period_part(end)
        if value is None:
            return None, problem
        if period["start"] != UNKNOWN_START and value < period["start"][: len(value)]:
            return None, f"Perioden slutar ({value}) innan den börjar ({period['start']})."
        period["end"] = value
    return period, ""


def editors_email(root: Path) -> str | None:
    """The editors' shared address for "Skicka med e-post": mkdocs.yml's extra.metodbanken.editors_email.

    None when it is not set or is no address; the form then offers only the download and GitHub."""
    try:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    extra = (config or {}).get("extra") if isinstance(config, dict) else None
    ours = extra.get("metodbanken") if isinstance(extra, dict) else None
    address = ours.get("editors_email") if isinstance(ours, dict) else None
    return address.strip() if isinstance(address, str) and EMAIL_ADDRESS.match(address.strip()) else None


def repository_new_file_url(root: Path) -> str:
    """GitHub's new-file page of the repository (…/new/main/), from mkdocs.yml's edit_uri (…/edit/main/)."""
    configured = mkdocs_setting("edit_uri", root / "mkdocs.yml")
    edit = configured if configured and configured.startswith("https://") else DEFAULT_EDIT_URI
    return re.sub(r"/(edit|blob)/", "/new/", edit.rstrip("/") + "/", count=1)


def _term_choice(term: Term, taxonomy: Taxonomy) -> dict:
    """A taxonomy value as a choice; a municipality also with its code and county, extra keys beside id and label,
    so that the form can offer all 290 as one searchable choice ('Luleå, Norrbottens län')."""
    choice = {"id": term.id, "label": term.label}
    if term.code is not None:
        choice["code"] = term.code
    if term.county is not None:
        choice["county"] = taxonomy.label("counties", term.county)
    return choice


def _choices(spec: Field, taxonomy: Taxonomy, cards: list[Card]) -> list[dict] | None:
    if spec.taxonomy:
        return [_term_choice(t, taxonomy) for t in taxonomy.terms(spec.taxonomy)]
    if spec.ref_type:
        refs = sorted((c for c in cards if c.type == spec.ref_type), key=lambda c: c.title.casefold())
        return [{"id": c.id, "label": c.title} for c in refs]
    return None


def _field(
    spec: Field, taxonomy: Taxonomy, cards: list[Card], wording: dict | None = None, optional: tuple = ()
) -> dict:
    label, help_text = (wording or {}).get(spec.name, (spec.label, FORM_HELP.get(spec.name, spec.help)))
    required = spec.required and spec.name not in optional
    out: dict = {
        "name": spec.name,
        "kind": spec.kind.name,
        **spec.kind.form_control(spec),
        "label": label,
        "help": help_text,
        "required": required,
        "min_items": 0 if spec.name in optional else max(spec.min_items, 1 if spec.required else 0),
    }
    if spec.max_length:
        out["max_length"] = spec.max_length
    if getattr(spec.kind, "one_paragraph", False):  # field_kinds: one paragraph, no blank line (multi-paragraph)
        out["one_paragraph"] = True
    choices = _choices(spec, taxonomy, cards)
    if choices is not None:
        out["choices"] = choices
        if out["control"] == "checkboxes" and (
            spec.taxonomy in SEARCHABLE_TAXONOMIES or len(choices) >= SEARCHABLE_FROM
        ):
            out["control"] = "combobox"
        elif out["control"] == "select" and spec.taxonomy in SEARCHABLE_TAXONOMIES:
            out["control"], out["single"] = "combobox", True  # a lab's one municipality of 290: search, not scroll
    if spec.subfields:
        out["subfields"] = [_field(sub, taxonomy, cards) for sub in spec.subfields]
    if spec.variants:
        # Each form of an entry with its own fields; `subfields` above is every form's fields once, none required.
        out["variants"] = [
            {
                "name": v.name,
                "label": v.label,
                "help": FORM_VARIANT_HELP.get(v.name, v.help),
                "subfields": [_field(sub, taxonomy, cards) for sub in v.subfields],
            }
            for v in spec.variants
        ]
    return out


def _card_type(card_type: CardType, taxonomy: Taxonomy, cards: list[Card]) -> dict:
    return {
        "label": card_type.label,
        "folder": card_type.folder,
        "schema": schema_path(card_type.name),
        "body_hint": BODY_HINTS[card_type.name],
        "fields": [_field(f, taxonomy, cards) for f in card_type.fields],
    }


def _js_rule(rx: re.Pattern, message: str, hint: str) -> dict:
    # JavaScript has no inline (?i); it becomes a flag.
    ignore_case = bool(rx.flags & re.IGNORECASE) or rx.pattern.startswith("(?i)")
    return {
        "pattern": rx.pattern.removeprefix("(?i)"),
        "flags": "i" if ignore_case else "",
        "message": message,
        "hint": hint,
    }


def tried_fields(project: CardType = CARD_TYPES["project"]) -> list[Field]:
    """The project fields the short form asks for: every required one, the tried-specific ones, and the link;
    the questions a contributor answers first (TRIED_WORDING's order), then the rest in schema order."""
    asked = [f for f in project.fields if f.required or f.name in TRIED_FIELDS or f.name == "methods"]
    first = [name for name in TRIED_WORDING if name != "sources"]
    return sorted(asked, key=lambda f: first.index(f.name) if f.name in first else len(first))


def form_spec(cards: list[Card], taxonomy: Taxonomy, root: Path) -> dict:
    project = CARD_TYPES["project"]
    return {
        "new_file_url": repository_new_file_url(root),
        "editors_email": editors_email(root),
        "slug_letters": _LETTERS,
        "reserved_ids": sorted(RESERVED_IDS),
        "max_id_length": MAX_ID_LENGTH,
        "taken_ids": sorted(c.id for c in cards),
        "body_placeholder": BODY_PLACEHOLDER,
        # validate.py's check_body: the page's own headings are '#' and '##'.
        "body_heading": {"pattern": BODY_HEADING.pattern, "flags": "m", "message": BODY_HEADING_MESSAGE},
        "text_rules": [
            _js_rule(rx, message, FORM_RULE_HINTS.get(code, hint))
            for rx, code, message, hint in TEXT_RULES + FORM_RULES
        ]
        + [FIELD_HEADING_RULE],
        "pair_rules": list(FIELD_PAIR_RULES),
        "period": period_reading(),
        "types": {name: _card_type(CARD_TYPES[name], taxonomy, cards) for name in FORM_TYPES},
        "tried": {
            "type": project.name,
            "relation": TRIED_RELATION,
            "fields": [_field(f, taxonomy, cards, TRIED_WORDING, TRIED_OPTIONAL) for f in tried_fields(project)],
            "own_account": TRIED_OWN_ACCOUNT,
        },
    }


def form_json(cards: list[Card], taxonomy: Taxonomy, root: Path) -> str:
    return json.dumps(form_spec(cards, taxonomy, root), ensure_ascii=False, separators=(",", ":")) + "\n"
