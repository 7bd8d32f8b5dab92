"""The map page: a static SVG of Sweden with one linked marker per municipality that has labs or projects."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from metodbanken.content.load import load_cards
from metodbanken.site.map_svg import OUTLINE_PATH, sweden_map
from support import REPO, cached_taxonomy

SVG = "{http://www.w3.org/2000/svg}"


class Sections(HTMLParser):
    """Element ids on the page, and the hrefs that follow each id until the next heading."""

    def __init__(self):
        super().__init__()
        self.links_after: dict[str, list[str]] = {}
        self.ids: set[str] = set()
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag in ("h2", "h3"):
            self._current = attrs.get("id")
            self.links_after.setdefault(self._current, [])
        elif tag == "a" and self._current and attrs.get("href"):
            self.links_after[self._current].append(attrs["href"])


@pytest.fixture(scope="module")
def karta(real_site):
    return (real_site / "karta" / "index.html").read_text(encoding="utf-8")


def map_svg_text(html: str) -> str:
    return re.search(r'<figure class="mb-map">\s*(<svg\b.*?</svg>)', html, re.S).group(1)


@pytest.fixture(scope="module")
def svg(karta):
    return ET.fromstring(map_svg_text(karta))


@pytest.fixture(scope="module")
def cards(real_site):
    return json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]


def test_every_lab_and_project_municipality_has_a_linked_marker(karta, svg, cards):
    markers = {a.get("data-municipality"): a for a in svg.iter(f"{SVG}a")}
    labs = {c["municipality"] for c in cards if c["type"] == "lab"}
    projects = {m for c in cards if c["type"] == "project" for m in c["municipalities"]}
    assert len(labs) == 4
    assert set(markers) == labs | projects
    sections = Sections()
    sections.feed(karta)
    for municipality, marker in markers.items():
        target = marker.get("href")
        assert target == f"#kommun-{municipality}"
        assert target[1:] in sections.ids
        assert marker.findtext(f"{SVG}title") == marker.get("aria-label")
        # The list section the marker leads to links to every lab and project in that municipality.
        linked = sections.links_after[target[1:]]
        for card in cards:
            if card.get("municipality") == municipality or municipality in card.get("municipalities", []):
                assert f"../{card['url']}" in linked, (municipality, card["id"])
    assert "Luleå:" in markers["lulea"].get("aria-label") and "projekt" in markers["lulea"].get("aria-label")


def test_markers_lie_inside_the_drawing_where_the_towns_are(svg):
    _, _, width, height = (float(v) for v in svg.get("viewBox").split())
    spots = {}
    for a in svg.iter(f"{SVG}a"):
        circle = a.find(f"{SVG}circle")
        x, y = float(circle.get("cx")), float(circle.get("cy"))
        assert 0 < x < width and 0 < y < height
        spots[a.get("data-municipality")] = (x, y)
    assert spots["lulea"][1] < spots["sodertalje"][1] < spots["goteborg"][1]  # north to south
    assert spots["goteborg"][0] < spots["norrkoping"][0] < spots["sodertalje"][0]  # west to east


def test_the_map_loads_nothing_from_elsewhere(karta, svg):
    assert not re.search(r'(?:src|href)="https?://', map_svg_text(karta))
    assert all(a.get("href").startswith("#") for a in svg.iter(f"{SVG}a"))
    assert svg.get("role") == "group" and svg.get("aria-labelledby")


def test_map_page_is_in_the_navigation(real_site):
    assert 'href="karta/"' in (real_site / "index.html").read_text(encoding="utf-8")


def test_every_municipality_has_coordinates_in_sweden():
    for term in cached_taxonomy().terms("municipalities"):
        assert term.lat is not None and term.lon is not None, term.id
        assert 55.0 < term.lat < 69.1 and 10.9 < term.lon < 24.2, term.id


def test_outline_is_small_and_says_where_it_comes_from():
    data = json.loads(OUTLINE_PATH.read_text(encoding="utf-8"))
    assert OUTLINE_PATH.stat().st_size < 10_000
    assert "Natural Earth" in data["source"] and "public domain" in data["licence"]
    assert len(data["rings"]) >= 3  # the mainland, Gotland, Öland
    readme = (OUTLINE_PATH.parent / "README.md").read_text(encoding="utf-8")
    assert "world-atlas" in readme and "scripts/update_map_data.py" in readme
    assert (REPO / "scripts" / "update_map_data.py").is_file()


def test_labels_do_not_overlap_each_other():
    cards, _ = load_cards(REPO)
    drawn = sweden_map(cards, cached_taxonomy())
    boxes = []
    for m in drawn.markers:
        width = len(m.term.label) * 8
        left = {"start": m.label_x, "end": m.label_x - width, "middle": m.label_x - width / 2}[m.anchor]
        boxes.append((left, m.label_y - 11, left + width, m.label_y + 2))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_a_municipality_without_coordinates_is_listed_but_not_drawn(content):
    from metodbanken.taxonomy import Taxonomy, Term

    taxonomy = cached_taxonomy()
    groups = dict(taxonomy.groups)
    groups["municipalities"] = [
        Term(t.id, t.label, t.description) if t.id == "lulea" else t for t in groups["municipalities"]
    ]
    cards, _ = load_cards(content)
    drawn = sweden_map(cards, Taxonomy(groups))
    assert "lulea" in [p.term.id for p in drawn.places]
    assert "lulea" not in [m.term.id for m in drawn.markers]
