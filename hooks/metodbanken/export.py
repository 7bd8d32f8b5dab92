"""Open-data exports built from the validated cards: cards.json with the taxonomy and the link graph."""
from __future__ import annotations

import json

from .link import LinkGraph
from .load import Card
from .schema import CARD_TYPES
from .taxonomy import Taxonomy


def card_record(card: Card, url: str, graph: LinkGraph) -> dict:
    record = {"type": card.type, "id": card.id, "url": url}
    for spec in CARD_TYPES[card.type].fields:
        if spec.name in card.data:
            record[spec.name] = card.data[spec.name]
    for name in ("focus_areas", "target_groups", "actors", "aliases"):
        record.setdefault(name, [])
    record["links"] = graph.linked_ids(card.id)
    record["body"] = card.body
    return record


def cards_json(cards: list[Card], urls: dict[str, str], graph: LinkGraph, taxonomy: Taxonomy) -> str:
    data = {
        "schema_version": 1,
        "taxonomy": taxonomy.as_dict(),
        "cards": [card_record(c, urls[c.id], graph) for c in sorted(cards, key=lambda c: (c.type, c.id))],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)
