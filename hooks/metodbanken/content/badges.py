"""Headline badges for method cards, derived from the card's data and the link graph, never typed by hand.

Three badges, like an evidence toolkit's headline ratings: how well documented (Underlag), what it takes
(Vad som krävs) and where it was tried (Prövad).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..taxonomy import Taxonomy
from .link import LinkGraph
from .load import Card
from .sources import SELF_REPORTED, self_reported

# What every badge and box says where the source is silent: one wording on the whole site (decision.py too).
NOT_SAID = "källan säger inget om det"
SELF_REPORTED_BADGE = "enligt egen redovisning"  # after the level on the badge
# Sort order of documentation levels, best documented first.
DOCUMENTATION_RANK = {"matt-resultat": 4, "steg-for-steg": 3, "kort-beskriven": 2, "omnamnd": 1}
REQUIREMENTS = (  # (field, short name, taxonomy group or None for free text)
    ("requires_premises", "Lokal (rum att vara i)", "requirement_levels"),
    ("requires_staff", "Bärs av", "staffing"),
    ("requires_partners", "Partner", "requirement_levels"),
    ("requires_time", "Tid", None),
)


# Each badge's key, name, and heading as a column of the finder's download, in the order they are shown.
BADGES = {
    "underlag": ("Underlag", "Underlag, märkning"),
    "krav": ("Vad som krävs", "Vad som krävs"),
    "provad": ("Prövad", "Prövad"),
}


def _name(key: str) -> str:
    return BADGES[key][0]


@dataclass(frozen=True)
class Badge:
    key: str  # underlag | krav | provad
    name: str  # Swedish badge name
    value: str  # short Swedish value shown on the badge
    explanation: str  # one line, shown on hover/focus
    rank: int  # for sorting: higher is more (better documented, more known, tried more often)


def documentation_badge(card: Card, taxonomy: Taxonomy) -> Badge:
    """The level, said to rest on the organisation's own account when it does (documentation_scale.py says what
    such a card can reach); the rank stays the level's, so that sorting by it never hides the card."""
    level = card.data["documentation"]
    term = taxonomy.get("documentation_levels", level)
    if self_reported(card.data.get("sources")):
        return Badge(
            "underlag",
            _name("underlag"),
            f"{term.label}, {SELF_REPORTED_BADGE}",
            f"{term.description} {SELF_REPORTED}: ingen har granskat uppgifterna i ett publicerat dokument.",
            DOCUMENTATION_RANK.get(level, 0),
        )
    return Badge("underlag", _name("underlag"), term.label, term.description, DOCUMENTATION_RANK.get(level, 0))


def requirement_parts(card: Card, taxonomy: Taxonomy) -> list[tuple[str, str]]:
    parts = []
    for field, name, group in REQUIREMENTS:
        value = card.data.get(field)
        if value is None:
            parts.append((name, NOT_SAID))
        else:
            parts.append((name, taxonomy.label(group, value).lower() if group else str(value)))
    return parts


def requirements_badge(card: Card, taxonomy: Taxonomy) -> Badge:
    parts = requirement_parts(card, taxonomy)
    known = sum(1 for _, value in parts if value != NOT_SAID)
    if not known:
        return Badge(
            "krav",
            _name("krav"),
            NOT_SAID,
            "Källan säger inte vad metoden kräver i lokal, personal, partner eller tid.",
            0,
        )
    value = " · ".join(f"{name}: {v}" for name, v in parts)
    return Badge(
        "krav",
        _name("krav"),
        value,
        "Lokal, vem som bär arbetet, partner och tidsåtgång enligt källan, så långt den säger något om dem.",
        known,
    )


def _count_and_places(cards: list[Card], taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """'1 labb', '2 projekt' for the cards, and the municipalities they ran in, each once, in their order."""
    labs = [c for c in cards if c.type == "lab"]
    projects = [c for c in cards if c.type == "project"]
    places: list[str] = []
    for other in labs + projects:
        ids = [other.data["municipality"]] if other.type == "lab" else other.data["municipalities"]
        for m in ids:
            label = taxonomy.label("municipalities", m)
            if label not in places:
                places.append(label)
    return [f"{len(labs)} labb"] * bool(labs) + [f"{len(projects)} projekt"] * bool(projects), places


def tried_badge(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> Badge:
    labs = [c for c, _ in graph.linked(card.id, "lab", "tested_in", "out")]
    projects = graph.linked(card.id, "project", "methods", "in")
    # A project that only worked in a similar way ("liknande") did not try the method: it is named, not counted.
    used = [p for p, link in projects if link.relation == "anvander"]
    similar = [p for p, link in projects if link.relation != "anvander"]
    counts, places = _count_and_places(labs + used, taxonomy)
    value = f"{' och '.join(counts)} ({', '.join(places)})" if counts else "inte i Metodbanken"
    if similar:
        similar_counts, similar_places = _count_and_places(similar, taxonomy)
        value += f" · liknande arbetssätt i {similar_counts[0]} ({', '.join(similar_places)})"
    if not counts and not similar:
        explanation = "Inget labb eller projekt i Metodbanken har prövat metoden."
    else:
        explanation = (
            "Antal labb och projekt i Metodbanken som prövat metoden, och i vilka kommuner. Projekt som arbetat "
            "på ett liknande sätt utan att använda metoden står för sig och räknas inte."
        )
    return Badge("provad", _name("provad"), value, explanation, len(labs) + len(used))


def method_badges(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> list[Badge]:
    return [documentation_badge(card, taxonomy), requirements_badge(card, taxonomy), tried_badge(card, graph, taxonomy)]


def badge_record(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> dict:
    """The badges as plain data for cards.json and the finder."""
    return {b.key: {"name": b.name, "value": b.value, "rank": b.rank} for b in method_badges(card, graph, taxonomy)}
