"""What the generated pages say, decided in Python; the Jinja templates in templates/ only lay it out.

Which cards a section lists and in what order, how many there are of each kind, what a table's columns and
cells hold and which template lays out a listing are chosen here. Field labels come from schema.py through
FieldLabels, term labels from taxonomy.yml; a template never types one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..content.badges import DOCUMENTATION_RANK, REQUIREMENTS, Badge
from ..content.documentation_scale import CRITERIA, UNCHECKED
from ..field_kinds import UNKNOWN_START, period_text
from ..content.link import Link, LinkGraph
from ..content.load import Card
from ..paths import project_filter_path
from ..content.project_status import ONGOING, ONGOING_PAST_END, PERMANENT, ProjectStatus, project_status
from ..content.sources import self_reported
from ..schema import CARD_TYPES, GOAL, OWN_ACCOUNT_SOURCE, SOURCE, CardType, Field
from ..taxonomy import Taxonomy, Term

# Layouts (templates) of the listing pages; other card types get the plain listing.
LISTING_TEMPLATES = {"method": "listing_methods.md.j2", "lesson": "listing_lessons.md.j2"}
PLAIN_LISTING = "listing.md.j2"
# Badges shown with a small meter on tiles: the highest rank each can have.
BADGE_METERS = {"underlag": max(DOCUMENTATION_RANK.values()), "krav": len(REQUIREMENTS)}
NOT_GIVEN = "–"  # a table cell the source leaves empty
UNKNOWN_YEAR = "Startår okänt"
OVERVIEW_CAPTION = "Antal projekt per kommun och status"
TOTAL = "Totalt"


def page_label(spec: Field) -> str:
    """What pages call a field: its own heading where the page words it differently, else its label."""
    return spec.heading or spec.label


class FieldLabels:
    """A card type's field labels by field name, for templates (`labels.method.steps`). A name that is not a
    field stops the build instead of leaving an empty heading."""

    def __init__(self, fields: tuple[Field, ...]):
        self._labels = {spec.name: page_label(spec) for spec in fields}

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._labels[name]
        except KeyError:
            raise LookupError(f"Mallen frågar efter fältet {name!r}, som inte finns i schema.py") from None


LABELS = {name: FieldLabels(card_type.fields) for name, card_type in CARD_TYPES.items()}
SOURCE_LABELS = FieldLabels(SOURCE.subfields)


def start_year(card: Card) -> int:
    """The start year for sorting; 0 when the source does not give it."""
    start = str(card.data["period"]["start"])
    return 0 if start == UNKNOWN_START else int(start[:4])


def sek(amount: object) -> str:
    """1300000 → '1 300 000 kr' (Swedish digit grouping); '–' when the source gives no amount."""
    return f"{amount:,} kr".replace(",", "\u00a0") if isinstance(amount, int) else NOT_GIVEN


def count_text(count: int, card_type: CardType) -> str:
    """'1 metod', '3 metoder': the card type's label in the number the count needs."""
    return f"{count} {(card_type.label if count == 1 else card_type.label_plural).lower()}"


def best_documented_first(cards) -> list[Card]:
    """Methods ordered as on every static listing: best documented first, then by title."""
    return sorted(cards, key=lambda c: (-DOCUMENTATION_RANK.get(c.data["documentation"], 0), c.title.casefold()))


def by_order(cards) -> list[Card]:
    """Labs and lessons as listed: by their `order` where they have one, then by title."""
    return sorted(
        cards,
        key=lambda c: (c.data.get("order") if isinstance(c.data.get("order"), int) else 999, c.title.casefold()),
    )


def by_title(cards) -> list[Card]:
    return sorted(cards, key=lambda c: c.title.casefold())


def meter_dots(badge: Badge) -> list[bool]:
    """The small meter beside a badge on a tile: one dot per step of its scale, filled up to its rank; no dots
    for a badge without a scale."""
    return [step < badge.rank for step in range(BADGE_METERS.get(badge.key, 0))]


# Tables. Cells are shown as escaped text; a cell with `href` links to that generated page.
@dataclass(frozen=True)
class Cell:
    text: object
    href: str | None = None  # a page path; the template makes it relative to the page
    fragment: str | None = None  # an anchor on that page


@dataclass(frozen=True)
class Table:
    caption: str
    columns: list[str]  # the column names as text: repeated on every cell, so phones can stack the rows
    header: list[Cell]
    rows: list[list[Cell]]


def text_table(caption: str, columns: list[str], rows: list[list[object]]) -> Table:
    return Table(caption, columns, [Cell(c) for c in columns], [[Cell(v) for v in row] for row in rows])


def goals_table(goals: list[dict], taxonomy: Taxonomy) -> Table:
    """A lab's or project's measurable goals: goal, how it was measured, outcome and result."""
    rows = [
        [
            g["goal"],
            g.get("measure") or NOT_GIVEN,
            taxonomy.label("goal_outcomes", g["outcome"]),
            g.get("result") or NOT_GIVEN,
        ]
        for g in goals
    ]
    return text_table(page_label(GOAL), [page_label(s) for s in GOAL.subfields], rows)


def funding_table(funding: list[dict]) -> Table:
    """A project's funders, amounts and notes."""
    spec = CARD_TYPES["project"].field("funding")
    rows = [[f["funder"], sek(f.get("amount_sek")), f.get("note") or NOT_GIVEN] for f in funding]
    return text_table(page_label(spec), [page_label(s) for s in spec.subfields], rows)


# Card pages: the cards each section lists, and the tables and lists made from the card's own data.
def _lessons(card: Card, graph: LinkGraph) -> list[tuple[Card, Link]]:
    return graph.linked(card.id, "lesson", "lessons", "out")


def method_view(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> dict:
    return {
        "labs": graph.linked(card.id, "lab", "tested_in", "out"),
        "projects": graph.linked(card.id, "project", "methods", "in"),
        "related": graph.linked(card.id, "method", "related_methods"),
        "lessons": _lessons(card, graph),
    }


def lab_view(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> dict:
    goals = card.data.get("goals")
    return {
        "methods": graph.linked(card.id, "method", "tested_in", "in"),
        "lessons": _lessons(card, graph),
        "goals": goals_table(goals, taxonomy) if goals else None,
        "diary": sorted(card.data.get("diary") or [], key=lambda entry: entry["date"]),
    }


def project_view(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> dict:
    goals, funding = card.data.get("goals"), card.data.get("funding")
    return {
        "methods": graph.linked(card.id, "method", "methods", "out"),
        "lessons": _lessons(card, graph),
        "goals": goals_table(goals, taxonomy) if goals else None,
        "funding": funding_table(funding) if funding else None,
    }


def lesson_view(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> dict:
    """The cards that build on a lesson, one group per card type that has any."""
    groups = [(t, graph.linked(card.id, t.name, "lessons", "in")) for t in CARD_TYPES.values() if t.field("lessons")]
    return {"building_on": [(card_type, pairs) for card_type, pairs in groups if pairs]}


CARD_VIEWS = {"method": method_view, "lab": lab_view, "project": project_view, "lesson": lesson_view}


def card_view(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> dict:
    return CARD_VIEWS[card.type](card, graph, taxonomy)


def item_details(card: Card, taxonomy: Taxonomy, today: date | None = None) -> list[str]:
    """What follows a card's title in a plain list: for a project its status, its period and whether the
    source's end date has passed; for any card whose facts come from an organisation's own account, that."""
    details = []
    if card.type == "project":
        status = project_status(card, taxonomy, today)
        details = [status.display, period_text(card.data["period"])]
        details += ["slutdatum passerat"] if status.note else []
    if self_reported(card.data.get("sources")):
        details.append(OWN_ACCOUNT_SOURCE.label.lower())
    return details


# Listings and taxonomy pages.
def listing_template(card_type: str) -> str:
    return LISTING_TEMPLATES.get(card_type, PLAIN_LISTING)


def documentation_counts(methods: list[Card], taxonomy: Taxonomy) -> list[tuple[Term, int]]:
    """How many methods each documentation level has, every level in the taxonomy's order."""
    return [
        (level, sum(c.data["documentation"] == level.id for c in methods))
        for level in taxonomy.terms("documentation_levels")
    ]


def lesson_groups(lessons: list[Card], taxonomy: Taxonomy) -> list[tuple[Term, list[Card]]]:
    """Lessons by the part of the report they belong to, in the taxonomy's order; empty groups left out."""
    groups = [
        (group, [c for c in lessons if c.data.get("group") == group.id]) for group in taxonomy.terms("lesson_groups")
    ]
    return [(group, cards) for group, cards in groups if cards]


def taxonomy_title(group: str) -> str:
    """A taxonomy page's title: the label of the card field that takes its values from the group."""
    return next(spec.label for t in CARD_TYPES.values() for spec in t.fields if spec.taxonomy == group)


@dataclass(frozen=True)
class Section:
    card_type: CardType
    cards: list[Card]


def tagged_with(cards: list[Card], taxonomy: Taxonomy, group: str, term_id: str) -> list[Card]:
    """The cards that a term's page lists and counts: those tagged with it or with a narrower term under it."""
    counts = taxonomy.counter(group, term_id)
    return [c for c in cards if counts(c.data.get(group))]


def tagged_by_term(cards: list[Card], taxonomy: Taxonomy, group: str) -> dict[str, list[Card]]:
    """tagged_with for every term of the group, in one pass over the cards instead of one per term."""
    tagged: dict[str, list[Card]] = {term.id: [] for term in taxonomy.terms(group)}
    for card in cards:
        for term_id in taxonomy.counting_terms(group, card.data.get(group)):
            tagged[term_id].append(card)
    return tagged


def term_tree(taxonomy: Taxonomy, group: str) -> list[tuple[Term, int]]:
    """The group's terms with how deep each sits: a broad term, then its narrower terms under it."""

    def under(term: Term, depth: int) -> list[tuple[Term, int]]:
        return [(term, depth)] + [item for t in taxonomy.narrower(group, term.id) for item in under(t, depth + 1)]

    return [item for term in taxonomy.terms(group) if term.parent is None for item in under(term, 0)]


def term_sections(cards: list[Card]) -> tuple[Section | None, list[Section]]:
    """A taxonomy term's cards: the methods (best documented first, shown as tiles), then one section for each
    other card type that has any, by title."""
    methods = best_documented_first(c for c in cards if c.type == "method")
    others = [
        Section(t, by_title(c for c in cards if c.type == t.name)) for t in CARD_TYPES.values() if t.name != "method"
    ]
    return Section(CARD_TYPES["method"], methods) if methods else None, [s for s in others if s.cards]


@dataclass(frozen=True)
class ChallengeTile:
    term: Term
    methods: str  # '3 metoder'
    cards: int  # cards of every type


def challenge_tiles(cards: list[Card], taxonomy: Taxonomy) -> list[ChallengeTile]:
    """Every challenge with the number of methods and of all cards tagged with it."""
    tiles, by_term = [], tagged_by_term(cards, taxonomy, "challenges")
    for term in taxonomy.terms("challenges"):
        tagged = by_term[term.id]
        methods = sum(c.type == "method" for c in tagged)
        tiles.append(ChallengeTile(term, count_text(methods, CARD_TYPES["method"]), len(tagged)))
    return tiles


def badge_levels(taxonomy: Taxonomy) -> list[tuple[Term, str]]:
    """Each documentation level with what the build checks for it (documentation_scale.CRITERIA)."""
    return [(term, CRITERIA.get(term.id, UNCHECKED)) for term in taxonomy.terms("documentation_levels")]


# The project overview and its filter pages.
def projects_in(municipality: Term) -> str:
    """'Projekt i Luleå': the heading of a municipality's project page and the link to it."""
    return f"{CARD_TYPES['project'].label_plural} i {municipality.label}"


def projects_with_status(status: Term) -> str:
    return f"{CARD_TYPES['project'].label_plural}: {status.label.lower()}"


@dataclass(frozen=True)
class ProjectCounts:
    permanent: int  # became permanent activity
    ongoing: int  # ongoing according to their sources
    past_end: int  # ongoing according to their sources, but the end date given there has passed


def project_counts(statuses: list[ProjectStatus]) -> ProjectCounts:
    return ProjectCounts(
        permanent=sum(s.status == PERMANENT for s in statuses),
        ongoing=sum(s.status == ONGOING for s in statuses),
        past_end=sum(s.facet == ONGOING_PAST_END for s in statuses),
    )


def project_matrix(
    projects: list[Card], municipalities: list[Term], statuses: list[Term]
) -> dict[tuple[str, str], list[Card]]:
    """The projects in each (municipality, status), in the order given; one pass over the projects, not one per
    municipality and status (870 at 290 municipalities)."""
    matrix: dict[tuple[str, str], list[Card]] = {(m.id, s.id): [] for m in municipalities for s in statuses}
    for card in projects:
        for municipality in dict.fromkeys(card.data["municipalities"]):  # a project counts once in each
            cell = matrix.get((municipality, card.data["status"]))
            if cell is not None:
                cell.append(card)
    return matrix


def overview_table(
    projects: list[Card], municipalities: list[Term], statuses: list[Term], matrix: dict[tuple[str, str], list[Card]]
) -> Table:
    """Projects per municipality and status; each number links to the municipality's page at that status."""
    header = [Cell(page_label(CARD_TYPES["project"].field("municipalities")))]
    header += [Cell(s.label, project_filter_path("project_statuses", s.id)) for s in statuses]
    header.append(Cell(TOTAL))
    rows = []
    for m in municipalities:
        page = project_filter_path("municipalities", m.id)
        row = [Cell(m.label, page)]
        for s in statuses:
            count = len(matrix[(m.id, s.id)])
            row.append(Cell(count, page, s.id) if count else Cell("0"))
        row.append(Cell(str(sum(m.id in c.data["municipalities"] for c in projects))))
        rows.append(row)
    return Table(OVERVIEW_CAPTION, [str(c.text) for c in header], header, rows)


@dataclass(frozen=True)
class Year:
    heading: str  # the year, or UNKNOWN_YEAR
    anchor: str
    cards: list[Card]


def timeline(projects: list[Card]) -> list[Year]:
    """Projects by the year they started, latest first; those without a known start year last."""
    years = sorted({start_year(c) for c in projects}, reverse=True)
    return [
        Year(str(y) if y else UNKNOWN_YEAR, str(y) if y else "okant", [c for c in projects if start_year(c) == y])
        for y in years
    ]
