"""Badge derivation, one rule at a time, on the small fixture content."""

from metodbanken.content.badges import NOT_SAID, method_badges
from metodbanken.content.link import LinkGraph
from metodbanken.content.load import load_cards
from metodbanken.site.decision import decision_box
from metodbanken.site.render import Renderer
from support import cached_taxonomy, edit, only, problems_for


def badges_of(content, card_id):
    cards, _ = load_cards(content)
    card = next(c for c in cards if c.id == card_id)
    return {b.key: b for b in method_badges(card, LinkGraph(cards), cached_taxonomy())}


def test_underlag_is_the_documentation_level(content):
    badge = badges_of(content, "laxhjalp")["underlag"]
    assert (badge.value, badge.rank) == ("Kort beskriven", 2)
    assert badges_of(content, "samtalskvall")["underlag"].value == "Beskriven steg för steg"


def test_measured_results_need_results_on_the_card(content):
    edit(content / "methods" / "laxhjalp.md", "documentation: kort-beskriven", "documentation: matt-resultat")
    assert only(problems_for(content), "measured-without-results").field == "documentation"
    path = content / "methods" / "laxhjalp.md"
    path.write_text(
        path.read_text().replace(
            "success_factors: [Regelbundenhet.]", "success_factors: [Regelbundenhet.]\nresults: [12 elever deltog.]"
        )
    )
    assert problems_for(content) == []
    assert badges_of(content, "laxhjalp")["underlag"].rank == 4


def test_what_it_takes_is_unknown_when_the_card_says_nothing(content):
    badge = badges_of(content, "laxhjalp")["krav"]
    assert (badge.value, badge.rank) == ("källan säger inget om det", 0)


def test_what_it_takes_lists_known_parts_and_unknown_for_the_rest(content):
    path = content / "methods" / "laxhjalp.md"
    path.write_text(
        path.read_text().replace(
            "success_factors: [Regelbundenhet.]",
            "success_factors: [Regelbundenhet.]\nrequires_premises: kravs\nrequires_staff: ideella\nrequires_time: Två kvällar i veckan",
        )
    )
    badge = badges_of(content, "laxhjalp")["krav"]
    assert (
        badge.value
        == "Lokal (rum att vara i): krävs · Bärs av: ideella krafter · Partner: källan säger inget om det · Tid: Två kvällar i veckan"
    )
    assert badge.rank == 3
    # The box under the badge line says the same where the source is silent: one wording on the card.
    cards, _ = load_cards(content)
    box = decision_box(next(c for c in cards if c.id == "laxhjalp"), LinkGraph(cards), cached_taxonomy())
    unknown = {need.label: need.value for need in box.needs if not need.known}
    assert set(unknown.values()) == {NOT_SAID} and len(unknown) == 2  # partners and cost


def test_tried_counts_labs_and_projects_with_their_municipalities(content):
    edit(content / "projects" / "testprojektet.md", "relation: liknande", "relation: anvander")
    badge = badges_of(content, "samtalskvall")["provad"]
    assert badge.value == "1 labb och 1 projekt (Södertälje, Luleå)" and badge.rank == 2
    assert badges_of(content, "laxhjalp")["provad"].value == "inte i Metodbanken"
    assert badges_of(content, "laxhjalp")["provad"].explanation.startswith("Inget labb eller projekt")


def test_a_project_with_a_similar_way_of_working_is_named_but_not_counted(content):
    # Mötesplats Hertsön only resembles Mötesplats som katalysator; it did not try the method.
    badge = badges_of(content, "samtalskvall")["provad"]  # the fixture project is linked as 'liknande'
    assert badge.value == "1 labb (Södertälje) · liknande arbetssätt i 1 projekt (Luleå)" and badge.rank == 1
    assert "räknas inte" in badge.explanation
    edit(content / "methods" / "samtalskvall.md", "tested_in: [testlabbet]\n", "")
    assert problems_for(content) == []
    badge = badges_of(content, "samtalskvall")["provad"]
    assert badge.value == "inte i Metodbanken · liknande arbetssätt i 1 projekt (Luleå)" and badge.rank == 0
    cards, _ = load_cards(content)
    scale = Renderer(cards, cached_taxonomy(), LinkGraph(cards)).badge_scale_page()
    assert "*liknande arbetssätt* men räknas inte" in scale


def test_badges_reach_the_card_page_listing_and_open_data(real_site):
    import json

    page = (real_site / "metoder" / "deep-talk" / "index.html").read_text(encoding="utf-8")
    assert 'class="mb-badges"' in page and 'href="../markning/#provad"' in page and "data-tip=" in page
    listing = (real_site / "metoder" / "index.html").read_text(encoding="utf-8")
    assert listing.count('class="mb-badge"') >= 3 * 25
    cards = json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]
    methods = [c for c in cards if c["type"] == "method"]
    assert all(set(c["badges"]) == {"underlag", "krav", "provad"} for c in methods)
    scale = (real_site / "metoder" / "markning" / "index.html").read_text(encoding="utf-8")
    for anchor in ('id="underlag"', 'id="krav"', 'id="provad"'):
        assert anchor in scale
