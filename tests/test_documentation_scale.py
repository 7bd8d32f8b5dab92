"""The documentation scale: what each level asks of a method card, on the scale page and in validation."""

from metodbanken.content.documentation_scale import CRITERIA, UNCHECKED
from metodbanken.content.link import LinkGraph
from metodbanken.content.load import load_cards
from metodbanken.site.render import Renderer
from support import cached_taxonomy, edit, only, problems_for

LAXHJALP = "methods/laxhjalp.md"


def test_measured_results_need_a_figure_in_the_results(content):
    path = content / LAXHJALP
    edit(path, "documentation: kort-beskriven", "documentation: matt-resultat")
    edit(
        path,
        "success_factors: [Regelbundenhet.]",
        "success_factors: [Regelbundenhet.]\nresults: [Eleverna blev nöjda.]",
    )
    problem = only(problems_for(content), "measured-without-figures")
    assert (problem.path, problem.field, problem.line) == (LAXHJALP, "documentation", 8)
    assert "siffra" in problem.message and "kort-beskriven" in problem.hint
    edit(path, "results: [Eleverna blev nöjda.]", "results: [Eleverna blev nöjda., 12 av 15 elever klarade proven.]")
    assert problems_for(content) == []


def test_measured_results_without_any_results_are_refused(content):
    edit(content / LAXHJALP, "documentation: kort-beskriven", "documentation: matt-resultat")
    problem = only(problems_for(content), "measured-without-results")
    assert problem.field == "documentation" and "results" in problem.hint


def test_step_by_step_is_refused_when_the_card_notes_missing_steps(content):
    # Läxhjälp says the source does not describe the steps: fine as briefly described, not as step by step.
    assert problems_for(content) == []
    edit(content / LAXHJALP, "documentation: kort-beskriven", "documentation: steg-for-steg")
    problem = only(problems_for(content), "step-by-step-with-steps-note")
    assert (problem.path, problem.field) == (LAXHJALP, "documentation")
    assert problem.hint == (
        "Välj 'kort-beskriven', eller ta bort anteckningen om källan verkligen beskriver varje steg."
    )
    edit(content / LAXHJALP, "steps_note: Källan beskriver inte stegen närmare.\n", "")
    assert problems_for(content) == []


def test_the_scale_page_gives_every_level_and_its_criterion(content):
    cards, _ = load_cards(content)
    taxonomy = cached_taxonomy()
    page = Renderer(cards, taxonomy, LinkGraph(cards)).badge_scale_page()
    for term in taxonomy.terms("documentation_levels"):
        assert f"**{term.label}**" in page
    assert "fältet `results`" in page and "fältet `steps_note`" in page
    assert page.count(UNCHECKED) == len(taxonomy.terms("documentation_levels")) - len(CRITERIA)
    # Criteria exist only for levels the taxonomy has, so a renamed level cannot leave a rule behind.
    assert set(CRITERIA) <= set(taxonomy.ids("documentation_levels"))


def test_a_year_or_a_date_is_not_a_figure():
    from metodbanken.content.documentation_scale import has_figures

    assert not has_figures("Ett digitalt studiebesök genomfördes i maj 2020.")
    assert not has_figures("Startade 2019-09-01 och pågick till 2020-05.")
    assert has_figures("12 av 15 deltagare fick arbete 2019.")
    assert has_figures("Andelen gick från 22 till 55 procent.")
