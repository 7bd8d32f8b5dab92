"""Sources beyond the shared registry (issue 27): a document the card declares itself, and the organisation's own
account ("egen redovisning"), checked, labelled on every page that shows the card, and carried in the open data."""

import csv
import io
import json

import markdown

from metodbanken import paths
from metodbanken.content.badges import documentation_badge
from metodbanken.content.documentation_scale import SELF_REPORTED_REACH, documentation_problems
from metodbanken.content.link import LinkGraph
from metodbanken.content.load import load_cards
from metodbanken.content.sources import cited_documents, declared_documents, newest_year, own_accounts
from metodbanken.exports.decisions import decision_record
from metodbanken.exports.export import derived_fields, taxonomy_json
from metodbanken.exports.export_csv import cards_csv
from metodbanken.site.decision import decision_box
from metodbanken.site.render import Renderer
from metodbanken.site.views import item_details
from support import (
    FIXTURE_CONTENT,
    cached_taxonomy,
    copy_site_skeleton,
    edit,
    mkdocs_build,
    only,
    problems_for,
    records_of_files,
)

REGISTERED = "  - document: innovationslabb-slutrapport\n    section: Testavsnitt\n"
DECLARED = (
    "  - title: Trygghetsvandringar 2023\n"
    "    publisher: Testbostäder AB\n"
    "    published: 2024\n"
    "    url: https://example.org/trygghet.pdf\n"
)
OWN = "  - reported_by: Testbostäder AB\n    reported: 2025-03\n"


def with_sources(content, sources: str, card: str = "samtalskvall"):
    edit(content / "methods" / f"{card}.md", REGISTERED, sources)
    cards, _ = load_cards(content)
    return {c.id: c for c in cards}, cards


def test_a_declared_document_and_an_own_account_are_valid_sources(content):
    edit(content / "methods" / "samtalskvall.md", REGISTERED, DECLARED + OWN)
    assert problems_for(content) == []


def test_an_own_account_alone_is_a_valid_source(content):
    edit(content / "methods" / "samtalskvall.md", REGISTERED, OWN)
    assert problems_for(content) == []


def test_a_source_of_no_form_says_which_forms_there_are_with_file_line_and_field(content):
    edit(content / "methods" / "samtalskvall.md", REGISTERED, "  - section: Testavsnitt\n")
    problem = only(problems_for(content), "unknown-variant")
    assert (problem.path, problem.field) == ("methods/samtalskvall.md", "sources[1]")
    assert problem.line is not None
    assert "'document', 'title', 'reported_by'" in problem.message
    assert "dokument i registret (document, section)" in problem.hint
    assert "egen redovisning (reported_by, reported)" in problem.hint


def test_a_source_that_mixes_two_forms_is_refused(content):
    edit(
        content / "methods" / "samtalskvall.md",
        REGISTERED,
        "  - document: innovationslabb-slutrapport\n    reported_by: Testbostäder AB\n",
    )
    problem = only(problems_for(content), "mixed-variants")
    assert "dokument i registret ('document') och egen redovisning ('reported_by')" in problem.message
    assert "en post för varje källa" in problem.hint


def test_a_declared_document_needs_publisher_and_year_and_an_https_address(content):
    edit(
        content / "methods" / "samtalskvall.md",
        REGISTERED,
        "  - title: Trygghetsvandringar\n    url: http://example.org/(x)\n",
    )
    found = {(p.field, p.code) for p in problems_for(content)}
    assert found == {
        ("sources[1].publisher", "missing-field"),
        ("sources[1].published", "missing-field"),
        ("sources[1].url", "bad-url"),
    }


def test_a_registered_source_keeps_the_registry_for_publisher_and_address(content):
    edit(content / "methods" / "samtalskvall.md", REGISTERED, REGISTERED + "    publisher: Någon annan\n")
    problem = only(problems_for(content), "unknown-field")
    assert problem.field == "sources[1].publisher"
    assert "document, section" in problem.hint


def test_declared_documents_and_own_accounts_are_read_apart(content):
    cards, _ = with_sources(content, REGISTERED + DECLARED + OWN + OWN)
    sources = cards["samtalskvall"].data["sources"]
    cited = cited_documents(sources, cached_taxonomy())
    assert [(c.document.label, c.registered) for c in cited] == [
        ("Allmännyttans innovationslabb – slutrapport 2018–2019", True),
        ("Trygghetsvandringar 2023", False),
    ]
    declared = cited[1].document
    assert (declared.publisher, declared.published_year, declared.url) == (
        "Testbostäder AB",
        "2024",
        "https://example.org/trygghet.pdf",
    )
    assert [a.text for a in own_accounts(sources)] == ["Egen redovisning från Testbostäder AB, 2025-03"]
    assert newest_year(sources, cached_taxonomy()) == "2025"  # the account is the newest source


def test_the_card_page_labels_an_own_account_in_the_box_and_the_sources(content):
    cards, all_cards = with_sources(content, OWN)
    renderer = Renderer(all_cards, cached_taxonomy(), LinkGraph(all_cards))
    page = renderer.card_page(cards["samtalskvall"], "methods/samtalskvall.md")
    html = markdown.markdown(page, extensions=["md_in_html", "attr_list", "def_list"])
    box = html[html.index('id="i-korthet"') : html.index("Fungerade det?")]
    assert "<strong>Enligt organisationens egen redovisning (Testbostäder AB, 2025-03).</strong>" in box
    sources = html[html.index('id="kallor"') :]
    assert "<strong>Egen redovisning från Testbostäder AB, 2025-03.</strong>" in sources
    assert "Uppgifterna kommer från organisationen själv" in sources
    # The badge under the title says it too.
    assert "Beskriven steg för steg, enligt egen redovisning" in page


def test_a_declared_document_is_listed_with_the_address_the_card_gives(content):
    cards, all_cards = with_sources(content, DECLARED)
    renderer = Renderer(all_cards, cached_taxonomy(), LinkGraph(all_cards))
    html = markdown.markdown(renderer.card_page(cards["samtalskvall"], "methods/samtalskvall.md"))
    assert (
        "Trygghetsvandringar 2023 (Testbostäder AB, 2024; adress: "
        '<a href="https://example.org/trygghet.pdf">https://example.org/trygghet.pdf</a>).'
    ) in html
    assert "Egen redovisning" not in html and "egen redovisning" not in html


def test_hostile_text_in_a_declared_source_or_own_account_is_escaped(content):
    hostile = "'<img src=x onerror=alert(1)> [x](javascript:alert(1))'"
    cards, all_cards = with_sources(
        content,
        f"  - title: {hostile}\n    publisher: {hostile}\n    published: 2024\n"
        f"  - reported_by: {hostile}\n    reported: 2025\n",
    )
    renderer = Renderer(all_cards, cached_taxonomy(), LinkGraph(all_cards))
    html = markdown.markdown(
        renderer.card_page(cards["samtalskvall"], "methods/samtalskvall.md"), extensions=["md_in_html", "attr_list"]
    )
    assert "<img" not in html and 'href="javascript' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_listings_and_the_compare_page_label_a_self_reported_card(content):
    cards, all_cards = with_sources(content, OWN)
    taxonomy = cached_taxonomy()
    assert item_details(cards["samtalskvall"], taxonomy) == ["egen redovisning"]
    assert item_details(cards["laxhjalp"], taxonomy) == []
    record = decision_record(cards["samtalskvall"], LinkGraph(all_cards), taxonomy)
    assert record["self_reported"] == "Enligt organisationens egen redovisning (Testbostäder AB, 2025-03)"
    assert decision_box(cards["laxhjalp"], LinkGraph(all_cards), taxonomy).self_reported is None
    renderer = Renderer(all_cards, taxonomy, LinkGraph(all_cards))
    assert "enligt egen redovisning" in renderer.listing_page("method")


def test_open_data_carries_declared_documents_and_whether_a_card_is_self_reported(content):
    cards, all_cards = with_sources(content, DECLARED + OWN)
    taxonomy = cached_taxonomy()
    found = derived_fields(cards["samtalskvall"], taxonomy)
    assert found["source_documents"] == [
        {
            "label": "Trygghetsvandringar 2023",
            "publisher": "Testbostäder AB",
            "published": "2024",
            "url": "https://example.org/trygghet.pdf",
        }
    ]
    assert found["self_reported"] is True
    assert found["own_accounts"] == [{"organisation": "Testbostäder AB", "reported": "2025-03"}]
    assert derived_fields(cards["laxhjalp"], taxonomy)["self_reported"] is False
    derived = {c.id: derived_fields(c, taxonomy) for c in all_cards}
    out = cards_csv(all_cards, taxonomy, {c.id: c.id for c in all_cards}, {}, derived)
    rows = {row["Id"]: row for row in csv.DictReader(io.StringIO(out.lstrip("\ufeff")), delimiter=";")}
    assert (rows["samtalskvall"]["Egen redovisning"], rows["laxhjalp"]["Egen redovisning"]) == ("ja", "nej")
    assert "Egen redovisning av: Testbostäder AB, Redovisad: 2025-03" in rows["samtalskvall"]["Källor"]
    json.dumps(found)  # plain data


def test_the_open_data_page_lists_declared_documents_with_the_cards_citing_them(content):
    _, all_cards = with_sources(content, DECLARED)
    assert [(doc.label, [c.id for c in citing]) for doc, citing in declared_documents(all_cards)] == [
        ("Trygghetsvandringar 2023", ["samtalskvall"])
    ]
    renderer = Renderer(all_cards, cached_taxonomy(), LinkGraph(all_cards))
    page = renderer.render("_documents.md.j2", "oppna-data.md", declared=declared_documents(all_cards))
    assert "Dokument som bara enskilda kort anger" in page
    assert "**Trygghetsvandringar 2023** (Testbostäder AB, 2024; adress:" in page
    assert "Anges av [Samtalskväll](metoder/samtalskvall.md)." in page
    registry_only = renderer.render("_documents.md.j2", "oppna-data.md", declared=[])
    assert "enskilda kort" not in registry_only


def test_an_own_account_reaches_measured_results_only_with_figures_and_says_so(content):
    path = content / "methods" / "samtalskvall.md"
    edit(path, "documentation: steg-for-steg", "documentation: matt-resultat\nresults: [Fler kom än väntat.]")
    edit(path, REGISTERED, OWN)
    cards, _ = load_cards(content)
    card = next(c for c in cards if c.id == "samtalskvall")
    problem = only(documentation_problems(card), "measured-without-figures")
    assert "egen redovisning" in problem.message and "organisationens egna siffror" in problem.hint
    edit(path, "results: [Fler kom än väntat.]", "results: [12 av 15 deltagare kom tillbaka.]")
    cards, _ = load_cards(content)
    card = next(c for c in cards if c.id == "samtalskvall")
    assert documentation_problems(card) == []
    badge = documentation_badge(card, cached_taxonomy())
    assert badge.value == "Mätta resultat, enligt egen redovisning"
    assert "Enligt organisationens egen redovisning" in badge.explanation
    assert badge.rank == 4  # sorted by its level, never hidden


def test_the_badge_page_says_what_an_own_account_can_reach(content):
    cards, _ = load_cards(content)
    renderer = Renderer(cards, cached_taxonomy(), LinkGraph(cards))
    page = renderer.badge_scale_page()
    assert "### Egen redovisning" in page
    assert SELF_REPORTED_REACH.split(" ")[0] in page and "*Mätta resultat* kräver" in page


def test_the_open_data_says_which_forms_a_source_can_take():
    fields = {f["name"]: f for f in json.loads(taxonomy_json(cached_taxonomy()))["card_types"][0]["fields"]}
    sources = fields["sources"]
    assert sources["kind"] == "variant_objects"
    assert [(v["name"], v["label"], [f["name"] for f in v["fields"]]) for v in sources["variants"]] == [
        ("registered", "Dokument i registret", ["document", "section"]),
        ("declared", "Eget dokument", ["title", "publisher", "published", "url", "section"]),
        ("own_account", "Egen redovisning", ["reported_by", "reported"]),
    ]


def test_a_built_site_labels_a_self_reported_card_and_lists_its_declared_document(tmp_path):
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    edit(project / "methods" / "samtalskvall.md", REGISTERED, DECLARED + OWN)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    page = (site / "metoder" / "samtalskvall" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Enligt organisationens egen redovisning (Testbostäder AB, 2025-03).</strong>" in page
    assert 'href="https://example.org/trygghet.pdf"' in page
    assert "Beskriven steg för steg, enligt egen redovisning" in page
    open_data = (site / "oppna-data" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Trygghetsvandringar 2023</strong> (Testbostäder AB, 2024; adress:" in open_data
    record = json.loads((site / "data" / "cards" / "samtalskvall.json").read_text(encoding="utf-8"))
    assert record["self_reported"] is True and record["source_documents"][0]["label"] == "Trygghetsvandringar 2023"


def test_the_finder_labels_a_self_reported_card_in_its_results(content, tmp_path):
    """finder-cards.json marks the card and carries the label that view.js shows beside its type and focus areas."""
    from metodbanken.content.sources import SELF_REPORTED
    from metodbanken.search.finder_data import search_files

    _, all_cards = with_sources(content, OWN)
    files = search_files(all_cards, cached_taxonomy(), {c.id: c.id for c in all_cards}, tmp_path)
    data = json.loads(files[paths.FINDER_CARDS_PATH])
    records = {record["id"]: record for record in records_of_files(files)}
    assert records["samtalskvall"]["self_reported"] is True
    assert "self_reported" not in records["laxhjalp"]  # only where true: a few bytes on the cards that have it
    assert data["self_reported_label"] == SELF_REPORTED
