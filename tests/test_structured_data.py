"""schema.org JSON-LD on card pages, read back from the built HTML the way a crawler reads it."""

import json
from html.parser import HTMLParser

import markdown
import pytest

from metodbanken.content.link import LinkGraph
from metodbanken.content.load import load_cards
from metodbanken.site.render import Renderer
from metodbanken.site.structured_data import card_json_ld, card_json_ld_script, script_safe_json
from support import cached_taxonomy, copy_site_skeleton, mkdocs_build

SITE_URL = "https://metodbanken.github.io/metodbanken/"


class ScriptReader(HTMLParser):
    """Collects the text of every <script type="application/ld+json">, ending each where a browser would."""

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def json_ld_of(html: str) -> list[dict]:
    reader = ScriptReader()
    reader.feed(html)
    return [json.loads(block) for block in reader.blocks]


@pytest.fixture(scope="module")
def cards(real_site):
    return json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]


def page_data(site, card):
    found = json_ld_of((site / card["url"] / "index.html").read_text(encoding="utf-8"))
    assert len(found) == 1, card["id"]
    data = found[0]
    assert data["@context"] == "https://schema.org"
    assert data["name"] == card["title"]
    assert data["url"] == SITE_URL + card["url"]
    return data


def test_every_card_page_has_one_parseable_json_ld_block(real_site, cards):
    expected = {"method": "HowTo", "lab": ["Project", "Event"], "project": ["Project", "Event"], "lesson": "Article"}
    for card in cards:
        assert page_data(real_site, card)["@type"] == expected[card["type"]], card["id"]


def test_a_method_is_a_howto_with_its_steps_in_order(real_site, cards):
    for card in (c for c in cards if c["type"] == "method"):
        data = page_data(real_site, card)
        assert [s["@type"] for s in data["step"]] == ["HowToStep"] * len(card["steps"])
        assert [s["position"] for s in data["step"]] == list(range(1, len(card["steps"]) + 1))
        assert all(s["text"] for s in data["step"])
        assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert data["citation"]
    deep_talk = page_data(real_site, next(c for c in cards if c["id"] == "deep-talk"))
    assert deep_talk["step"][0]["text"].startswith("Samla en grupp ungdomar")


def test_a_lab_has_place_period_and_organisations(real_site, cards):
    labels = {t.id: t.label for t in cached_taxonomy().terms("municipalities")}
    labs = [c for c in cards if c["type"] == "lab"]
    assert len(labs) == 4
    for card in labs:
        data = page_data(real_site, card)
        assert data["location"]["@type"] == "Place"
        assert data["location"]["address"]["addressLocality"] == labels[card["municipality"]]
        assert data["startDate"] == card["period"]["start"] and data["endDate"] == card["period"]["end"]
        assert data["organizer"]["name"] == card["housing_company"]
        assert [o["name"] for o in data["contributor"]] == card["partners"]
        assert data["subjectOf"]["url"] == data["url"]


def test_a_project_has_its_municipalities_period_owner_and_funders(real_site, cards):
    labels = {t.id: t.label for t in cached_taxonomy().terms("municipalities")}
    for card in (c for c in cards if c["type"] == "project"):
        data = page_data(real_site, card)
        assert [p["address"]["addressLocality"] for p in data["location"]] == [
            labels[m] for m in card["municipalities"]
        ]
        assert data["organizer"]["name"] == card["owner"]
        if card["period"]["start"] != "okänd":
            assert data["startDate"] == str(card["period"]["start"])
        else:
            assert "startDate" not in data
        assert [f["name"] for f in data.get("funder", [])] == [f["funder"] for f in card.get("funding", [])]


HOSTILE_TITLE = '</script><script>alert("x")</script><!-- & -->'


def test_hostile_text_cannot_leave_the_script_element(content):
    cards, _ = load_cards(content)
    by_id = {c.id: c for c in cards}
    card = by_id["samtalskvall"]
    card.data["title"] = HOSTILE_TITLE
    card.data["steps"] = ["Steg med </SCRIPT > och ]]> och \u2028 radbrytning"]
    text = card_json_ld_script(card, cached_taxonomy(), SITE_URL + "metoder/samtalskvall/")
    assert not set("<>&") & set(text)
    assert json.loads(text) == json.loads(
        json.dumps(card_json_ld(card, cached_taxonomy(), SITE_URL + "metoder/samtalskvall/"))
    )
    # Through the same Markdown the site uses, the block arrives whole and parses back to the same title.
    page = Renderer(cards, cached_taxonomy(), LinkGraph(cards)).card_page(card, card.path, json_ld=text)
    html = markdown.markdown(page, extensions=["attr_list", "def_list", "md_in_html", "tables", "admonition", "toc"])
    found = json_ld_of(html)
    assert len(found) == 1 and found[0]["name"] == HOSTILE_TITLE
    assert "<script>alert" not in html


def test_script_safe_json_escapes_markup_characters():
    assert script_safe_json({"a": "<&>"}) == '{"a":"\\u003c\\u0026\\u003e"}'


def test_a_valid_but_hostile_title_survives_a_real_build(tmp_path, content):
    # The validator refuses HTML tags, but '</script' without '>' is no tag: a browser would still end a
    # script element there if the JSON were not escaped.
    card = content / "methods" / "samtalskvall.md"
    title = "Samtalskväll </script & a<b"
    card.write_text(
        card.read_text(encoding="utf-8").replace("title: Samtalskväll", f"title: '{title}'"), encoding="utf-8"
    )
    project = copy_site_skeleton(tmp_path / "project", content)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "metoder" / "samtalskvall" / "index.html").read_text(encoding="utf-8")
    found = json_ld_of(html)
    assert len(found) == 1 and found[0]["name"] == title and found[0]["@type"] == "HowTo"
