"""Open-data exports built from the validated cards: cards.json with the taxonomy and the link graph,
one JSON file per card and the taxonomy on its own. The CSV is in export_csv.py."""

from __future__ import annotations

import json
from datetime import date

from ..content.link import LinkGraph
from ..content.load import Card
from ..content.project_status import project_status, status_record
from ..content.sources import cited_documents, document_record, own_account_record, own_accounts
from ..paths import card_json_path
from ..schema import CARD_TYPES, Field
from ..taxonomy import Taxonomy


def place_records(card: Card, taxonomy: Taxonomy) -> list[dict]:
    """Where a lab or project ran: each municipality with its code and its county's name and code, so that open
    data can be grouped by county without a table of its own."""
    ids = [card.data.get("municipality")] if card.type == "lab" else card.data.get("municipalities") or []
    found = []
    for term in (taxonomy.get("municipalities", m) for m in ids if m):
        county = taxonomy.get("counties", term.county) if term and term.county else None
        if term is None or county is None:
            continue
        found.append(
            {
                "municipality": term.id,
                "municipality_label": term.label,
                "municipality_code": term.code,
                "county": county.id,
                "county_label": county.label,
                "county_code": county.code,
            }
        )
    return found


def derived_fields(card: Card, taxonomy: Taxonomy, today: date | None = None) -> dict:
    """What the build derives for a card's record: its source documents (registered or declared on the card) with
    publisher, year and address, whether it rests on an organisation's own account and whose, for a lab or project
    its places (municipality and county with their codes), and for a project the status as the source gives it and
    whether its end date has passed (before `today`)."""
    accounts = own_accounts(card.data["sources"])
    found = {
        "source_documents": [
            document_record(cited.document) for cited in cited_documents(card.data["sources"], taxonomy)
        ],
        "self_reported": bool(accounts),
        "own_accounts": [own_account_record(account) for account in accounts],
    }
    if card.type in ("lab", "project"):
        found["places"] = place_records(card, taxonomy)
    if card.type == "project":
        found.update(status_record(project_status(card, taxonomy, today)))
    return found


def card_record(
    card: Card,
    url: str,
    graph: LinkGraph,
    badges: dict | None = None,
    updated: str | None = None,
    derived: dict | None = None,
) -> dict:
    record = {"type": card.type, "id": card.id, "url": url}
    for spec in CARD_TYPES[card.type].fields:
        if card.data.get(spec.name) not in (None, "", []):  # a field left empty (e.g. by `new`) is left out
            record[spec.name] = card.data[spec.name]
    record.update(derived or {})
    if updated:
        record["updated"] = updated  # from git history when the card has no `updated` of its own
    for name in ("focus_areas", "target_groups", "actors", "aliases"):
        record.setdefault(name, [])
    record["links"] = graph.linked_ids(card.id)
    if badges:
        record["badges"] = badges
    record["body"] = card.body
    return record


def _field_record(spec: Field) -> dict:
    record = {"name": spec.name, "label": spec.label, "kind": spec.kind.name}
    if spec.taxonomy:
        record["taxonomy"] = spec.taxonomy
    if spec.subfields:
        record["fields"] = [_field_record(sub) for sub in spec.subfields]
    if spec.variants:
        # The forms an entry can take (a source: registered, declared or own_account), each with its own fields.
        record["variants"] = [
            {"name": v.name, "label": v.label, "fields": [_field_record(sub) for sub in v.subfields]}
            for v in spec.variants
        ]
    return record


def _card_types() -> list[dict]:
    """Each card type with its fields' labels and kinds, so programs can show fields as the site does."""
    return [
        {
            "id": t.name,
            "label": t.label,
            "label_plural": t.label_plural,
            "fields": [_field_record(spec) for spec in t.fields],
        }
        for t in CARD_TYPES.values()
    ]


def card_json(
    card: Card,
    url: str,
    graph: LinkGraph,
    badges: dict | None = None,
    updated: str | None = None,
    derived: dict | None = None,
) -> str:
    """One card's record as JSON: its own file (data/cards/<id>.json), and its part of cards.json."""
    return json.dumps(card_record(card, url, graph, badges, updated, derived), ensure_ascii=False, indent=1)


def one_level_down(members: list[str], brackets: str) -> str:
    """A list ("[]") or object ("{}") whose `members` (each a value, or `"key": value`, written by
    json.dumps(…, indent=1)) sit one level down in a file, as json.dumps(…, indent=1) of the whole writes it: so that
    each member can be written, and kept, on its own."""
    if not members:
        return brackets
    indented = ",\n  ".join(member.replace("\n", "\n  ") for member in members)
    return f"{brackets[0]}\n  {indented}\n {brackets[1]}"


def cards_json(cards: list[Card], taxonomy: Taxonomy, records: dict[str, str]) -> str:
    """data/cards.json: the taxonomy, the card types and every card's record (`records`: card_json by card id),
    as json.dumps(…, indent=1) of the whole writes it, each record indented to its place."""
    head = json.dumps(
        {"schema_version": 1, "taxonomy": taxonomy.as_dict(), "card_types": _card_types(), "cards": []},
        ensure_ascii=False,
        indent=1,
    )
    listed = one_level_down([records[c.id] for c in sorted(cards, key=lambda c: (c.type, c.id))], "[]")
    if not head.endswith('"cards": []\n}'):
        raise ValueError("cards.json: the list of cards is not last")
    return head[: -len("[]\n}")] + listed + "\n}"


def card_jsons(cards: list[Card], records: dict[str, str]) -> dict[str, str]:
    """data/cards/<id>.json → one card, the same record as in cards.json (`records`: card_json by card id)."""
    return {card_json_path(c.id): records[c.id] for c in cards}


def taxonomy_json(taxonomy: Taxonomy) -> str:
    return json.dumps(
        {"schema_version": 1, "taxonomy": taxonomy.as_dict(), "card_types": _card_types()}, ensure_ascii=False, indent=1
    )
