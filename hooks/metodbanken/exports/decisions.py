"""data/decisions.json, for the compare page: its rows, and each method's decision box (site/decision.py) and
cells as plain data."""

from __future__ import annotations

import json

from ..content.link import LinkGraph
from ..content.load import Card
from ..field_kinds import Names, plain_text
from ..schema import CARD_TYPES
from ..site.decision import decision_box
from ..taxonomy import Taxonomy


def decision_record(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> dict:
    """The box as plain data for the compare page (data/decisions.json): text only, card links as ids."""
    box = decision_box(card, graph, taxonomy)
    return {
        "measured": box.measured,
        "verdict": box.verdict,
        "worked": plain_text(" ".join(str(box.worked).split())),
        "worked_context": box.worked_context,
        "needs": [{"icon": n.icon, "label": n.label, "value": n.value, "known": n.known} for n in box.needs],
        "tried": [{"id": t.card.id, "where": t.where, "relation": t.relation} for t in box.tried],
        "tried_empty": box.tried_empty,
        "organisations": box.organisations,
        "documents": [{"label": doc.label, "url": doc.url, "publisher": doc.publisher} for doc in box.documents],
        "self_reported": box.self_reported,
    }


# The compare page's rows, in order: the decision box's own (worked, needs, tested, contacts) and method fields.
COMPARE_ROWS = (
    "summary",
    "worked",
    "needs",
    "tested",
    "contacts",
    "documentation",
    "focus_areas",
    "target_groups",
    "actors",
    "who_runs_it",
    "housing_company_role",
    "success_factors",
    "results",
)


def compare_cells(card: Card, names: Names) -> dict:
    """The card's filled-in fields among COMPARE_ROWS as the compare page shows them, each by its kind."""
    specs = [f for f in CARD_TYPES[card.type].fields if f.name in COMPARE_ROWS]
    return {
        spec.name: spec.kind.display(spec, card.data[spec.name], names)
        for spec in specs
        if card.data.get(spec.name) not in (None, "", [])
    }


def decisions_json(cards: list[Card], graph: LinkGraph, taxonomy: Taxonomy) -> str:
    """data/decisions.json, for the compare page: its rows, each method's decision box and ready-made cells."""
    methods = [c for c in cards if c.type == "method"]
    names = Names(taxonomy, {c.id: c.title for c in cards})
    data = {
        "rows": list(COMPARE_ROWS),
        "methods": {c.id: decision_record(c, graph, taxonomy) for c in methods},
        "cells": {c.id: compare_cells(c, names) for c in methods},
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
