"""The link graph between cards: forward references from the front matter, back-links computed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .load import Card
from .validate import references


@dataclass(frozen=True)
class Link:
    source: str  # card id
    target: str  # card id
    field: str  # front-matter field holding the reference
    relation: str | None = None  # for project → method: anvander / liknande


class LinkGraph:
    def __init__(self, cards: list[Card]):
        self.cards = {c.id: c for c in cards}
        self.outgoing: dict[str, list[Link]] = defaultdict(list)
        self.incoming: dict[str, list[Link]] = defaultdict(list)
        # When a dict, every question `linked` is asked is added to it, in order: what a page read (site/page_memo.py).
        self.reads: dict[tuple, None] | None = None
        for card in cards:
            for link in _links_of(card):
                if link.target in self.cards:
                    self.outgoing[card.id].append(link)
                    self.incoming[link.target].append(link)

    def linked(
        self, card_id: str, card_type: str, field: str | None = None, direction: str = "both"
    ) -> list[tuple[Card, Link]]:
        """Cards of `card_type` linked to `card_id` in either direction, each once, sorted by title."""
        if self.reads is not None:
            self.reads[(card_id, card_type, field, direction)] = None
        found: dict[str, tuple[Card, Link]] = {}
        if direction in ("both", "out"):
            for link in self.outgoing[card_id]:
                if (field is None or link.field == field) and self.cards[link.target].type == card_type:
                    found.setdefault(link.target, (self.cards[link.target], link))
        if direction in ("both", "in"):
            for link in self.incoming[card_id]:
                if (field is None or link.field == field) and self.cards[link.source].type == card_type:
                    found.setdefault(link.source, (self.cards[link.source], link))
        return sorted(found.values(), key=lambda pair: pair[0].title.casefold())

    def linked_ids(self, card_id: str) -> list[str]:
        ids = {link.target for link in self.outgoing[card_id]} | {link.source for link in self.incoming[card_id]}
        return sorted(ids)


def _links_of(card: Card) -> list[Link]:
    links = []
    for top, _spec, target in references(card):
        relation = None
        if top == "methods":
            relation = next(
                (
                    m.get("relation")
                    for m in card.data.get("methods", [])
                    if isinstance(m, dict) and m.get("method") == target
                ),
                None,
            )
        links.append(Link(card.id, target, top, relation))
    return links
