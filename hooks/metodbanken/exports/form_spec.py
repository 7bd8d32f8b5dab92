"""What the contribution form (docs/javascripts/form.js) needs, as plain data: data/form.json.

The form draws every field, label, help text and choice from schema.py and taxonomy.yml through this file,
validates against the published JSON Schema, and derives the card's id with the scaffold's slug rules
(the letter table travels along so the browser applies exactly the same mapping).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..content.contact_data import FORM_RULES
from ..content.load import Card
from ..content.scaffold import _LETTERS, BODY_HINTS
from ..content.validate import BODY_PLACEHOLDER, TEXT_RULES
from ..paths import RESERVED_IDS, mkdocs_setting, schema_path
from ..schema import CARD_TYPES, OWN_ACCOUNT_SOURCE, SOURCE, CardType, Field
from ..taxonomy import Taxonomy, Term

FORM_TYPES = ("method", "project", "lab")  # lessons come from the editors' reading of the reports
DEFAULT_EDIT_URI = "https://github.com/metodbanken/metodbanken/edit/main/"

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
TRIED_RELATION = "anvander"
# Rules between fields that a JSON Schema does not hold; the same rule as in validate.py's _CardChecker.run.
FIELD_PAIR_RULES = (
    {
        "type": "method",
        "field": "documentation",
        "value": "matt-resultat",
        "needs": "results",
        "message": "Underlaget säger att resultaten är mätta, men kortet redovisar inga resultat. Lägg till dem med "
        "källans siffror, eller välj ett annat underlag.",
    },
)


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
    label, help_text = (wording or {}).get(spec.name, (spec.label, spec.help))
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
    choices = _choices(spec, taxonomy, cards)
    if choices is not None:
        out["choices"] = choices
    if spec.subfields:
        out["subfields"] = [_field(sub, taxonomy, cards) for sub in spec.subfields]
    if spec.variants:
        # Each form of an entry with its own fields; `subfields` above is every form's fields once, none required.
        out["variants"] = [
            {
                "name": v.name,
                "label": v.label,
                "help": v.help,
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
        "slug_letters": _LETTERS,
        "reserved_ids": sorted(RESERVED_IDS),
        "taken_ids": sorted(c.id for c in cards),
        "body_placeholder": BODY_PLACEHOLDER,
        "text_rules": [_js_rule(rx, message, hint) for rx, _, message, hint in TEXT_RULES + FORM_RULES],
        "pair_rules": list(FIELD_PAIR_RULES),
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
