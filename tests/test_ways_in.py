"""Ways in without a method's name (issue 15): decision boxes, challenge pages, method tiles and the start page."""

import dataclasses
import json

import markdown

from metodbanken.content.link import LinkGraph
from metodbanken.content.load import load_cards
from metodbanken.pipeline import build_site
from metodbanken.site.decision import NOT_SAID, decision_box, goal_summary
from metodbanken.site.render import Renderer, site_figures
from support import cached_taxonomy


def setup(content):
    cards, _ = load_cards(content)
    taxonomy = cached_taxonomy()
    graph = LinkGraph(cards)
    return {c.id: c for c in cards}, taxonomy, graph, Renderer(cards, taxonomy, graph)


def write(content, folder, name, text):
    (content / folder / f"{name}.md").write_text(text, encoding="utf-8")


def test_method_box_says_plainly_that_nothing_was_measured_and_what_it_takes(content):
    cards, taxonomy, graph, _ = setup(content)
    box = decision_box(cards["samtalskvall"], graph, taxonomy)
    assert not box.measured and box.worked.startswith("Ingenting mättes för metoden själv")
    # the lab where it was tried measured its goals: said beside, not as the method's result
    assert box.worked_context == ["Testlabbet, Södertälje (där metoden prövades): 1 mätbart mål – uppnått: 1."]
    needs = {n.label: n for n in box.needs}
    assert list(needs) == [
        "Lokal (rum att vara i)",
        "Vem som bär arbetet",
        "Samverkanspartner utanför bostadsbolaget",
        "Tid",
        "Kostnad",
    ]
    assert all(not n.known and n.value for n in box.needs)  # the fixture says nothing; the box says so
    assert needs["Lokal (rum att vara i)"].value == NOT_SAID
    assert [(t.card.id, t.where, t.relation) for t in box.tried] == [
        ("testlabbet", "Södertälje", "labb"),
        ("testprojektet", "Luleå", "liknande arbetssätt"),
    ]
    # who ran it: the lab's housing company; a project with only a similar way of working did not run it
    assert box.organisations == ["Testbostäder"]
    assert [d.label for d in box.documents] == ["Allmännyttans innovationslabb – slutrapport 2018–2019"]


def test_measured_method_shows_its_first_result_and_its_requirements(content):
    text = (content / "methods" / "laxhjalp.md").read_text(encoding="utf-8")
    text = text.replace(
        "documentation: kort-beskriven",
        "documentation: matt-resultat\nresults: [Betygen steg i "
        "matematik för 12 av 15 elever.]\nrequires_premises: underlattar\nrequires_time: Två kvällar",
    )
    write(content, "methods", "laxhjalp", text)
    cards, taxonomy, graph, renderer = setup(content)
    box = decision_box(cards["laxhjalp"], graph, taxonomy)
    assert box.measured and box.worked == "Betygen steg i matematik för 12 av 15 elever."
    needs = {n.label: (n.value, n.known) for n in box.needs}
    assert needs["Lokal (rum att vara i)"] == ("underlättar", True) and needs["Tid"] == ("Två kvällar", True)
    page = renderer.card_page(cards["laxhjalp"], "methods/laxhjalp.md")
    html = markdown.markdown(page, extensions=["attr_list", "md_in_html", "def_list"])
    assert html.index('class="mb-decision"') < html.index('id="syfte"')  # at the top of the card
    for heading in ("Fungerade det?", "Vad som krävs", "Här har den prövats", "Vem kan berätta mer"):
        assert f">{heading}</h3>" in html
    assert "<strong>Lokal (rum att vara i):</strong> underlättar" in html
    # icons are CSS masks on empty spans: the card-page sanitiser keeps no SVG
    assert html.count('<span class="mb-icon mb-icon--') >= 7 and "<svg" not in html


def test_lab_and_project_boxes_count_goals_and_sum_the_funding(content):
    cards, taxonomy, graph, _ = setup(content)
    lab = decision_box(cards["testlabbet"], graph, taxonomy)
    assert lab.measured and lab.worked == "1 mätbart mål – uppnått: 1."
    assert lab.place == "Testgården, Södertälje" and [t.card.id for t in lab.tried] == ["samtalskvall"]
    assert lab.organisations == ["Testbostäder", "Testföreningen"]
    project = decision_box(cards["testprojektet"], graph, taxonomy)
    assert not project.measured and "inga mål eller resultat" in project.worked
    needs = {n.label: n.value for n in project.needs}
    assert needs["Kostnad"] == "1\u00a0300\u00a0000 kr i finansiering enligt källan"
    assert needs["Projektägare"] == "Testkommunen" and project.place == "Luleå"
    assert [(t.card.id, t.relation) for t in project.tried] == [("samtalskvall", "liknande arbetssätt")]
    assert decision_box(cards["testlardom"], graph, taxonomy) is None


def test_project_results_count_as_measured_only_with_figures(content):
    path = content / "projects" / "testprojektet.md"
    text = path.read_text(encoding="utf-8")
    for results, verdict, worked in (
        ("[Verksamheten blev ordinarie.]", "Enligt källan", "Verksamheten blev ordinarie."),
        ("[Det gick bra., 40 av 52 deltagare fick arbete.]", "Mätt", "40 av 52 deltagare fick arbete."),
    ):
        path.write_text(text.replace("purpose:", f"results: {results}\npurpose:"), encoding="utf-8")
        cards, taxonomy, graph, _ = setup(content)
        box = decision_box(cards["testprojektet"], graph, taxonomy)
        assert (box.verdict, box.worked) == (verdict, worked)


def test_goal_summary_counts_each_outcome_in_taxonomy_order():
    taxonomy = cached_taxonomy()
    goals = [{"outcome": "nej"}, {"outcome": "ja"}, {"outcome": "ja"}, {"outcome": "okant"}]
    assert goal_summary(goals, taxonomy) == "4 mätbara mål – uppnått: 2, inte uppnått: 1, inte redovisat: 1"


def test_source_documents_link_where_the_taxonomy_gives_an_address_and_publisher(content):
    cards, taxonomy, graph, renderer = setup(content)
    real_get = taxonomy.get

    def with_url(group, term_id):  # a document with another publisher and address than taxonomy.yml gives
        term = real_get(group, term_id)
        if group != "documents" or term is None:
            return term
        return dataclasses.replace(term, url="https://example.org/rapport.pdf", publisher="Exempelförbundet")

    taxonomy.get = with_url
    box = decision_box(cards["samtalskvall"], graph, taxonomy)
    assert [(d.url, d.publisher) for d in box.documents] == [("https://example.org/rapport.pdf", "Exempelförbundet")]
    html = markdown.markdown(
        renderer.card_page(cards["samtalskvall"], "methods/samtalskvall.md"),
        extensions=["attr_list", "md_in_html", "def_list"],
    )
    assert 'href="https://example.org/rapport.pdf"' in html and "Exempelförbundet" in html


def test_card_text_in_the_box_is_escaped(content):
    text = (content / "labs" / "testlabbet.md").read_text(encoding="utf-8")
    write(
        content,
        "labs",
        "testlabbet",
        text.replace("housing_company: Testbostäder", "housing_company: <img src=x onerror=alert(1)> Bostäder"),
    )
    cards, _, _, renderer = setup(content)
    for card_id in ("testlabbet", "samtalskvall"):
        html = markdown.markdown(renderer.card_page(cards[card_id], "x.md"), extensions=["attr_list", "md_in_html"])
        assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_challenge_page_lists_methods_as_tiles_first_then_labs_and_lessons(content):
    _, _, _, renderer = setup(content)
    page = renderer.taxonomy_term_page("challenges", "unga-ute-kvallstid")
    assert page.startswith("# Unga som driver runt i området på kvällar och nätter\n")
    assert page.index("## Metoder (1)") < page.index("## Labb (1)") < page.index("## Lärdomar (1)")
    assert "## Projekt" not in page
    tile = page[page.index('<article class="mb-tile"') : page.index("</article>")]
    assert 'data-underlag="3"' in tile and "### [Samtalskväll](../metoder/samtalskvall.md)" in tile
    for badge in ("[Underlag]", "[Vad som krävs]", "[Prövad]"):
        assert badge in tile
    empty = renderer.taxonomy_term_page("challenges", "sprak")
    assert "Inga kort är kopplade till den här utmaningen ännu" in empty
    index = renderer.taxonomy_index_page("challenges")
    assert "1 metod · 3 kort i allt</span>](unga-ute-kvallstid.md)" in index
    assert index.count("](") >= len(cached_taxonomy().terms("challenges"))


def test_start_page_figures_and_challenges_come_from_the_cards(content):
    cards, taxonomy, _, renderer = setup(content)
    assert site_figures(list(cards.values())) == {"methods": 2, "labs": 1, "projects": 1, "municipalities": 2}
    snippets = renderer.front_door_snippets()
    assert "[**2** metoder](metoder/index.md)" in snippets["siffror"]
    assert "[**2** kommuner](karta.md)" in snippets["siffror"]
    for term in taxonomy.terms("challenges"):
        assert f"(utmaningar/{term.id}.md)" in snippets["utmaningar"]


def test_the_built_site_has_challenge_pages_decisions_and_the_start_page_markers(content):
    site = build_site(content)
    paths = {f.path for f in site.pages}
    assert "utmaningar/index.md" in paths and "utmaningar/unga-ute-kvallstid.md" in paths
    decisions = json.loads(next(f.content for f in site.data_files if f.path == "data/decisions.json"))
    assert set(decisions["methods"]) == {"laxhjalp", "samtalskvall"}
    assert decisions["methods"]["samtalskvall"]["tried"][0] == {
        "id": "testlabbet",
        "where": "Södertälje",
        "relation": "labb",
    }
    front = site.fill_markers("<!-- metodbanken:siffror -->\n<!-- metodbanken:utmaningar -->")
    assert "metodbanken:" not in front
