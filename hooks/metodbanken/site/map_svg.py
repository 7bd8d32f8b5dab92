"""The map page's Sweden: the committed outline and one marker per municipality with labs or projects,
projected at build time to plain SVG coordinates (equirectangular, longitudes scaled by cos(latitude))."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..content.load import Card
from ..taxonomy import Taxonomy, Term

OUTLINE_PATH = Path(__file__).with_name("data") / "sweden-outline.json"
WIDTH = 340  # SVG user units; the page scales the drawing to its column
PADDING = 12
MARKER_RADIUS = 6
FONT_SIZE = 13
CHAR_WIDTH = 0.62 * FONT_SIZE  # rough average width of a letter, for keeping labels apart


@dataclass
class Marker:
    term: Term
    x: float | None  # None when the municipality has no coordinates: listed beside the map, not drawn
    y: float | None
    labs: list[Card] = field(default_factory=list)
    projects: list[Card] = field(default_factory=list)
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"  # SVG text-anchor of the label

    @property
    def description(self) -> str:
        """'Luleå: 1 labb och 42 projekt', the marker's tooltip and accessible name."""
        parts = [f"{len(self.labs)} labb"] if self.labs else []
        if self.projects:
            parts.append(f"{len(self.projects)} projekt")
        return f"{self.term.label}: {' och '.join(parts)}"


@dataclass
class SwedenMap:
    width: float
    height: float
    outline: str  # SVG path data
    places: list[Marker]  # every municipality with labs or projects, by name

    @property
    def markers(self) -> list[Marker]:
        return [p for p in self.places if p.x is not None]


class Projection:
    def __init__(self, rings: list[list[list[float]]], width: float = WIDTH, padding: float = PADDING):
        lons = [p[0] for ring in rings for p in ring]
        lats = [p[1] for ring in rings for p in ring]
        self.lon0, self.lat1 = min(lons), max(lats)
        self.x_scale = math.cos(math.radians((min(lats) + max(lats)) / 2))
        self.k = (width - 2 * padding) / ((max(lons) - self.lon0) * self.x_scale)
        self.padding = padding
        self.width = width
        self.height = (max(lats) - min(lats)) * self.k + 2 * padding

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round(self.padding + (lon - self.lon0) * self.x_scale * self.k, 1),
            round(self.padding + (self.lat1 - lat) * self.k, 1),
        )


def _outline_path(rings: list[list[list[float]]], project: Projection) -> str:
    parts = []
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + " L".join(f"{x:g} {y:g}" for x, y in points) + " Z")
    return " ".join(parts)


def _boxes_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_labels(markers: list[Marker], width: float, height: float) -> None:
    """Greedy: the busiest municipality chooses first; each label takes the first side where it hits
    neither another label nor a marker and stays inside the drawing."""
    r, gap = MARKER_RADIUS, 3
    taken = [(m.x - r, m.y - r, m.x + r, m.y + r) for m in markers]
    for m in sorted(markers, key=lambda m: -(len(m.labs) + len(m.projects))):
        w, h = len(m.term.label) * CHAR_WIDTH, FONT_SIZE
        sides = [  # (label x, baseline y, anchor, box)
            (m.x + r + gap, m.y + h / 3, "start", (m.x + r + gap, m.y - h / 2, m.x + r + gap + w, m.y + h / 2)),
            (m.x - r - gap, m.y + h / 3, "end", (m.x - r - gap - w, m.y - h / 2, m.x - r - gap, m.y + h / 2)),
            (m.x, m.y - r - gap, "middle", (m.x - w / 2, m.y - r - gap - h, m.x + w / 2, m.y - r - gap)),
            (m.x, m.y + r + gap + h * 0.8, "middle", (m.x - w / 2, m.y + r + gap, m.x + w / 2, m.y + r + gap + h)),
        ]
        inside = [s for s in sides if s[3][0] >= 0 and s[3][2] <= width and s[3][1] >= 0 and s[3][3] <= height]
        free = [s for s in inside if not any(_boxes_overlap(s[3], t) for t in taken)]
        x, y, anchor, box = (free or inside or sides)[0]
        m.label_x, m.label_y, m.anchor = round(x, 1), round(y, 1), anchor
        taken.append(box)


def sweden_map(cards: list[Card], taxonomy: Taxonomy, outline_path: Path = OUTLINE_PATH) -> SwedenMap:
    rings = json.loads(outline_path.read_text(encoding="utf-8"))["rings"]
    project = Projection(rings)
    places = []
    # The cards by municipality in one pass: of the 290, only those with labs or projects get a marker.
    labs_in: dict[str, list[Card]] = {}
    projects_in: dict[str, list[Card]] = {}
    for card in sorted(cards, key=lambda c: c.title.casefold()):
        if card.type == "lab":
            labs_in.setdefault(card.data.get("municipality"), []).append(card)
        elif card.type == "project":
            for m in dict.fromkeys(card.data.get("municipalities") or []):
                projects_in.setdefault(m, []).append(card)
    for term in taxonomy.terms("municipalities"):
        labs, projects = labs_in.get(term.id, []), projects_in.get(term.id, [])
        if not labs and not projects:
            continue
        x, y = project(term.lon, term.lat) if term.lat is not None and term.lon is not None else (None, None)
        places.append(Marker(term, x, y, labs, projects))
    places.sort(key=lambda m: m.term.label)  # document order = reading order for screen readers
    drawn = SwedenMap(project.width, round(project.height, 1), _outline_path(rings, project), places)
    _place_labels(drawn.markers, project.width, project.height)
    return drawn
