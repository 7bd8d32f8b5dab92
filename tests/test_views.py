"""views.py: the choices the pages make (counts, groups, order, tables, layouts), tested without MkDocs."""

from datetime import date

import jinja2
import pytest

from metodbanken.content.badges import Badge
from metodbanken.content.link import LinkGraph
from metodbanken.content.load import Card, load_cards
from metodbanken.content.project_status import project_status
from metodbanken.schema import CARD_TYPES
from metodbanken.site.decision import decision_box
from metodbanken.site.views import (
    LABELS,
    PLAIN_LISTING,
    Cell,
    card_view,
    challenge_tiles,
    count_text,
    documentation_counts,
    funding_table,
    goals_table,
    item_details,
    lesson_groups,
    listing_template,
    meter_dots,
    overview_table,
    project_counts,
    project_matrix,
    projects_in,
    tagged_by_term,
    tagged_with,
    taxonomy_title,
    term_sections,
    timeline,
)
from support import FIXTURE_CONTENT, cached_taxonomy

TAXONOMY = cached_taxonomy()  # read only


def card(card_type: str, card_id: str, **data) -> Card:
    return Card(card_type, card_id, f"{card_type}/{card_id}.md", {"title": card_id.capitalize(), **data}, "")


def project(card_id: str, status: str, start: str = "2015", end: str | None = "2017", **data) -> Card:
    sources = [{"document": "samordningsforbundet-2020", "section": "Test"}]
    period = {"start": start, "end": end} if end else {"start": start}
    return card("project", card_id, status=status, period=period, sources=sources, municipalities=["lulea"], **data)


@pytest.fixture(scope="module")
def fixture_cards():
    cards, _ = load_cards(FIXTURE_CONTENT)
    return {c.id: c for c in cards}


def test_labels_are_the_schemas_and_its_page_headings_where_the_page_words_a_field_differently():
    assert LABELS["method"].steps == "Så gör ni"
    assert LABELS["project"].municipalities == "Kommun"
    assert LABELS["lab"].goals == "Mätbara mål och resultat"  # the same goals field, worded for labs
    assert LABELS["project"].goals == "Mål och utfall"
    assert LABELS["lesson"].group == "Del av rapporten"  # the field's label is "Slag av lärdom"


def test_a_label_a_template_asks_for_that_no_field_has_stops_the_render():
    with pytest.raises(LookupError, match="stepz"):
        jinja2.Environment().from_string("{{ labels.method.stepz }}").render(labels=LABELS)


def test_project_counts_count_permanent_ongoing_and_ongoing_past_the_end_date():
    projects = [
        project("a", "permanent"),
        project("b", "pagaende", end="2020"),  # past its end on the day below
        project("c", "pagaende", end="2030"),
        project("d", "avslutat"),
    ]
    counts = project_counts([project_status(p, TAXONOMY, date(2026, 1, 1)) for p in projects])
    assert (counts.permanent, counts.ongoing, counts.past_end) == (1, 2, 1)


def test_a_projects_details_in_a_list_say_its_status_period_and_a_passed_end_date():
    today = date(2026, 1, 1)
    assert item_details(project("a", "pagaende", end="2020"), TAXONOMY, today) == [
        "Pågående enligt källan, 2020",
        "2015–2020",
        "slutdatum passerat",
    ]
    assert item_details(project("b", "permanent", end=None), TAXONOMY, today) == [
        "Permanent verksamhet enligt källan, 2020",
        "2015–",
    ]
    assert item_details(card("lab", "x"), TAXONOMY, today) == []


def test_overview_table_links_each_number_and_totals_each_municipality():
    projects = [project("a", "permanent"), project("b", "permanent"), project("c", "pagaende")]
    municipalities, statuses = [TAXONOMY.get("municipalities", "lulea")], TAXONOMY.terms("project_statuses")
    table = overview_table(projects, municipalities, statuses, project_matrix(projects, municipalities, statuses))
    assert table.columns == ["Kommun", "Pågående", "Avslutat", "Permanent verksamhet", "Totalt"]
    assert table.header[1] == Cell("Pågående", "projekt/status/pagaende.md")
    assert table.rows == [
        [
            Cell("Luleå", "projekt/kommun/lulea.md"),
            Cell(1, "projekt/kommun/lulea.md", "pagaende"),
            Cell("0"),  # nothing to link to
            Cell(2, "projekt/kommun/lulea.md", "permanent"),
            Cell("3"),
        ]
    ]


def test_timeline_puts_the_latest_start_first_and_an_unknown_start_last():
    projects = [project("a", "permanent", "2015"), project("b", "permanent", "okänd"), project("c", "avslutat", "2019")]
    years = timeline(projects)
    assert [(y.heading, y.anchor, [c.id for c in y.cards]) for y in years] == [
        ("2019", "2019", ["c"]),
        ("2015", "2015", ["a"]),
        ("Startår okänt", "okant", ["b"]),
    ]


def test_documentation_counts_give_every_level_in_the_taxonomys_order():
    methods = [card("method", i, documentation=level) for i, level in (("a", "omnamnd"), ("b", "omnamnd"))]
    counts = [(level.id, n) for level, n in documentation_counts(methods, TAXONOMY)]
    assert counts == [("matt-resultat", 0), ("steg-for-steg", 0), ("kort-beskriven", 0), ("omnamnd", 2)]


def test_lesson_groups_follow_the_taxonomy_and_leave_out_empty_groups():
    lessons = [card("lesson", "b", group="rekommendation"), card("lesson", "a", group="framgangsfaktor")]
    assert [(g.id, [c.id for c in cs]) for g, cs in lesson_groups(lessons, TAXONOMY)] == [
        ("framgangsfaktor", ["a"]),
        ("rekommendation", ["b"]),
    ]


def test_term_sections_put_methods_best_documented_first_and_other_types_by_title():
    cards = [
        card("lesson", "x"),
        card("method", "beta", documentation="omnamnd"),
        card("lab", "b"),
        card("method", "alfa", documentation="omnamnd"),
        card("method", "zeta", documentation="matt-resultat"),
        card("lab", "a"),
    ]
    methods, sections = term_sections(cards)
    assert [c.id for c in methods.cards] == ["zeta", "alfa", "beta"]
    assert [(s.card_type.name, [c.id for c in s.cards]) for s in sections] == [("lab", ["a", "b"]), ("lesson", ["x"])]
    assert term_sections([card("lab", "a")])[0] is None


def test_challenge_tiles_count_methods_in_the_right_number_and_all_cards():
    cards = [
        card("method", "a", challenges=["otrygghet"]),
        card("lab", "b", challenges=["otrygghet"]),
        card("method", "c", challenges=["sprak"]),
        card("method", "d", challenges=["sprak"]),
    ]
    tiles = {t.term.id: (t.methods, t.cards) for t in challenge_tiles(cards, TAXONOMY)}
    assert tiles["otrygghet"] == ("1 metod", 2)
    assert tiles["sprak"] == ("2 metoder", 2)
    assert tiles["isolering"] == ("0 metoder", 0)
    assert count_text(1, CARD_TYPES["lab"]) == "1 labb"


def test_goal_and_funding_tables_take_their_columns_from_the_schema_and_say_what_is_missing():
    goals = goals_table([{"goal": "Fler", "outcome": "delvis"}], TAXONOMY)
    assert (goals.caption, goals.columns) == ("Mål och utfall", ["Mål", "Hur det mättes", "Utfall", "Resultat"])
    assert [c.text for c in goals.rows[0]] == ["Fler", "–", "Delvis uppnått", "–"]
    funding = funding_table([{"funder": "Kommunen", "amount_sek": 1300000}, {"funder": "Fonden", "note": "Lokal"}])
    assert (funding.caption, funding.columns) == ("Finansiering", ["Finansiär", "Belopp", "Kommentar"])
    assert [[c.text for c in row] for row in funding.rows] == [
        ["Kommunen", "1\u00a0300\u00a0000 kr", "–"],
        ["Fonden", "–", "Lokal"],
    ]


def test_card_views_list_linked_cards_by_section_and_the_diary_by_date(fixture_cards):
    graph = LinkGraph(list(fixture_cards.values()))
    method = card_view(fixture_cards["samtalskvall"], graph, TAXONOMY)
    assert [c.id for c, _ in method["labs"]] == ["testlabbet"]
    assert [c.id for c, _ in method["projects"]] == ["testprojektet"]
    assert [c.id for c, _ in method["lessons"]] == ["testlardom"]
    lesson = card_view(fixture_cards["testlardom"], graph, TAXONOMY)
    assert [(t.name, [c.id for c, _ in pairs]) for t, pairs in lesson["building_on"]] == [
        ("method", ["samtalskvall"]),
        ("lab", ["testlabbet"]),
    ]
    lab = fixture_cards["testlabbet"]
    lab.data["diary"] = [{"date": "2019-03-01", "title": "Senare"}, {"date": "2019-01-24", "title": "Först"}]
    assert [e["title"] for e in card_view(lab, graph, TAXONOMY)["diary"]] == ["Först", "Senare"]


def test_the_decision_box_words_a_method_as_still_to_use_and_a_lab_or_project_as_done(fixture_cards):
    graph = LinkGraph(list(fixture_cards.values()))
    method, lab = (decision_box(fixture_cards[i], graph, TAXONOMY) for i in ("samtalskvall", "testlabbet"))
    assert (method.needs_heading, method.tried_heading, method.tried_icon) == (
        "Vad som krävs",
        "Här har den prövats",
        "place",
    )
    assert (lab.needs_heading, lab.tried_heading, lab.tried_icon) == (
        "Vad som behövdes",
        "Var och med vilka metoder",
        None,
    )
    assert lab.nobody_named == "Källan namnger ingen organisation som drev labbet."
    assert method.verdict_icon == ("measured" if method.measured else "not-measured")


def test_small_choices_layouts_titles_headings_and_meters():
    assert listing_template("method") != listing_template("lesson") != PLAIN_LISTING == listing_template("lab")
    assert [taxonomy_title(g) for g in ("focus_areas", "target_groups", "challenges")] == [
        "Fokusområden",
        "Målgrupper",
        "Utmaningar",
    ]
    assert projects_in(TAXONOMY.get("municipalities", "lulea")) == "Projekt i Luleå"
    assert meter_dots(Badge("krav", "Vad som krävs", "", "", 2)) == [True, True, False, False]
    assert meter_dots(Badge("provad", "Prövad", "", "", 3)) == []


def test_tagged_by_term_is_tagged_with_for_every_term_in_one_pass():
    # A broad target group counts the cards tagged with its narrower groups, each card once and in the order given.
    narrower = [t.id for t in TAXONOMY.narrower("target_groups", "unga")]
    cards = [
        card("method", "a", target_groups=["unga", narrower[0]]),
        card("method", "b", target_groups=[narrower[1]]),
        card("lab", "c", target_groups=["nyanlanda", "okand-term"]),
        card("project", "d"),  # no target groups at all
        card("method", "e", target_groups="unga"),  # not a list: counted nowhere, as tagged_with counts it
    ]
    by_term = tagged_by_term(cards, TAXONOMY, "target_groups")
    assert list(by_term) == [t.id for t in TAXONOMY.terms("target_groups")]
    for term in TAXONOMY.terms("target_groups"):
        assert by_term[term.id] == tagged_with(cards, TAXONOMY, "target_groups", term.id)
    assert [c.id for c in by_term["unga"]] == ["a", "b"]


def test_project_matrix_puts_each_project_in_its_municipalities_cells_once_in_the_order_given():
    municipalities = [TAXONOMY.get("municipalities", m) for m in ("lulea", "boden")]
    statuses = TAXONOMY.terms("project_statuses")
    projects = [
        card("project", "a", status="permanent", municipalities=["lulea", "boden", "lulea"]),
        card("project", "b", status="pagaende", municipalities=["boden", "kiruna"]),  # Kiruna is not in the table
        card("project", "c", status="permanent", municipalities=["lulea"]),
    ]
    matrix = project_matrix(projects, municipalities, statuses)
    assert list(matrix) == [(m.id, s.id) for m in municipalities for s in statuses]
    assert [c.id for c in matrix[("lulea", "permanent")]] == ["a", "c"]
    assert [c.id for c in matrix[("boden", "permanent")]] == ["a"]
    assert [c.id for c in matrix[("boden", "pagaende")]] == ["b"]
    assert sum(len(cell) for cell in matrix.values()) == 4
