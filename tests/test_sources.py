"""Source documents: publisher, year and printed address in the taxonomy, linked from every card and open data."""

import json
import re
from pathlib import Path

import pytest
import yaml

from metodbanken.content.load import load_cards
from metodbanken.content.sources import cited_documents, newest_year
from metodbanken.taxonomy import TAXONOMY_PATH, load_taxonomy
from support import cached_taxonomy

LAB_REPORT_URL = "https://www.allmannyttan.se/innovationslabb"


def test_every_document_has_a_publisher_and_only_https_addresses():
    for doc in cached_taxonomy().terms("documents"):
        assert doc.publisher, doc.id
        assert doc.url is None or doc.url.startswith("https://"), doc.id
        assert doc.published is None or re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", doc.published), doc.id


def test_the_documents_carry_what_their_sources_print():
    docs = {d.id: d for d in cached_taxonomy().terms("documents")}
    assert docs["samordningsforbundet-2020"].published_year == "2020"  # the interim report for 2020
    assert docs["lulea-sociala-investeringar"].published == "2024-05-23"  # "Sidan uppdaterades den 23 maj 2024"
    assert docs["innovationslabb-slutrapport"].url == LAB_REPORT_URL
    # Only the lab report prints an address of its own; no address is made up for the others.
    assert [d.id for d in docs.values() if d.url] == ["innovationslabb-slutrapport"]


def taxonomy_with(tmp_path: Path, document_id: str, **changes) -> Path:
    raw = yaml.safe_load(TAXONOMY_PATH.read_text(encoding="utf-8"))
    doc = next(d for d in raw["documents"] if d["id"] == document_id)
    for key, value in changes.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    path = tmp_path / "taxonomy.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"publisher": None}, "saknar publisher"),
        ({"published": "maj 2024"}, "published ska vara ÅÅÅÅ eller ÅÅÅÅ-MM-DD"),
        ({"url": "http://www.allmannyttan.se/innovationslabb"}, "url ska börja med https://"),
    ],
)
def test_a_document_entry_that_breaks_the_rules_stops_loading(tmp_path, changes, words):
    with pytest.raises(ValueError, match=words):
        load_taxonomy(taxonomy_with(tmp_path, "innovationslabb-slutrapport", **changes))


def test_an_unquoted_year_or_date_is_kept_as_text(tmp_path):
    path = taxonomy_with(tmp_path, "samordningsforbundet-2020", published=2020)
    text = path.read_text(encoding="utf-8")
    assert "published: 2020\n" in text and "published: '2024-05-23'" in text
    path.write_text(text.replace("published: '2024-05-23'", "published: 2024-05-23"), encoding="utf-8")
    docs = {d.id: d for d in load_taxonomy(path).terms("documents")}
    assert docs["samordningsforbundet-2020"].published == "2020"
    assert docs["lulea-sociala-investeringar"].published == "2024-05-23"


def test_a_cards_sources_are_grouped_by_document_in_order():
    sources = [
        {"document": "samordningsforbundet-2020", "section": "A"},
        {"document": "hertson-slutrapport", "section": "B"},
        {"document": "samordningsforbundet-2020", "section": "C"},
        {"document": "samordningsforbundet-2020", "section": "A"},
    ]
    cited = cited_documents(sources, cached_taxonomy())
    assert [(c.document.id, c.sections) for c in cited] == [
        ("samordningsforbundet-2020", ("A", "C")),
        ("hertson-slutrapport", ("B",)),
    ]
    assert newest_year(sources, cached_taxonomy()) == "2020"
    assert newest_year(sources[1:2], cached_taxonomy()) is None  # the Hertsön report gives no date


def read(site, path):
    return (site / path).read_text(encoding="utf-8")


def sources_section(html: str) -> str:
    """The list under the heading with id 'kallor' (the heading's own anchor link left out)."""
    start = html.index("<ul>", html.index('id="kallor"'))
    return html[start : html.index("</ul>", start)]


def test_a_card_links_a_source_that_prints_its_address(fixture_site):
    section = sources_section(read(fixture_site, "metoder/laxhjalp/index.html"))
    assert (
        "Allmännyttans innovationslabb – slutrapport 2018–2019 (Sveriges Allmännytta m.fl., 2020; "
        f'adress enligt källan: <a href="{LAB_REPORT_URL}">{LAB_REPORT_URL}</a>). '
        "Avsnitt: ”Testavsnitt”."
    ) in section


def test_a_card_says_when_a_source_prints_no_address(fixture_site):
    section = sources_section(read(fixture_site, "projekt/testprojektet/index.html"))
    assert (
        "Slutrapport Mötesplats Hertsön (Hertsöns Hjärtpunkt), Luleå 2015–2017 "
        "(Luleå kommun, arbetsmarknadsförvaltningen, odaterad; källan anger ingen webbadress)"
    ) in section
    assert "<a " not in section


def test_the_open_data_page_lists_every_document_with_publisher_year_and_address(fixture_site):
    html = read(fixture_site, "oppna-data/index.html")
    listing = sources_section(html)
    for doc in cached_taxonomy().terms("documents"):
        item = next(li for li in listing.split("<li>") if doc.label in li)
        assert doc.publisher in item and (doc.published_year or "odaterad") in item, doc.id
        assert (f'href="{doc.url}"' in item) if doc.url else ("källan anger ingen webbadress" in item), doc.id


def test_json_ld_and_card_json_carry_the_documents(fixture_site):
    html = read(fixture_site, "metoder/laxhjalp/index.html")
    json_ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1))
    assert json_ld["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Allmännyttans innovationslabb – slutrapport 2018–2019",
            "publisher": {"@type": "Organization", "name": "Sveriges Allmännytta m.fl."},
            "datePublished": "2020",
            "url": LAB_REPORT_URL,
        }
    ]
    record = json.loads(read(fixture_site, "data/cards/laxhjalp.json"))
    assert record["source_documents"] == [
        {
            "id": "innovationslabb-slutrapport",
            "label": "Allmännyttans innovationslabb – slutrapport 2018–2019",
            "publisher": "Sveriges Allmännytta m.fl.",
            "published": "2020",
            "url": LAB_REPORT_URL,
        }
    ]
    taxonomy = json.loads(read(fixture_site, "data/taxonomy.json"))["taxonomy"]["documents"]
    assert all(d["publisher"] for d in taxonomy)


def test_every_fixture_card_cites_documents_the_taxonomy_knows(content):
    cards, _ = load_cards(content)
    for card in cards:
        assert all(c.document is not None for c in cited_documents(card.data["sources"], cached_taxonomy()))
