"""The documentation scale: what each level asks of a method card, on the scale page and in validation."""

from metodbanken.content.documentation_scale import CRITERIA, UNCHECKED, method_figures
from metodbanken.content.link import LinkGraph
from metodbanken.content.load import load_cards
from metodbanken.site.decision import decision_box
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


def _measured_with(content, results: str):
    path = content / LAXHJALP
    edit(path, "documentation: kort-beskriven", "documentation: matt-resultat")
    edit(path, "success_factors: [Regelbundenhet.]", f"success_factors: [Regelbundenhet.]\nresults: {results}")
    return problems_for(content)


def test_figures_for_the_lab_as_a_whole_are_not_what_the_method_gave(content):
    # A lab tries several methods at once; Mötesplats som katalysator was once "measured" on the lab's counts.
    problems = _measured_with(content, "['Labbet ordnade över 100 aktiviteter under 2019 (målet var 40).']")
    problem = only(problems, "measured-with-lab-figures-only")
    assert (problem.path, problem.field, problem.line) == (LAXHJALP, "documentation", 8)
    assert "labbet" in problem.message and "kort-beskriven" in problem.hint


def test_a_result_saying_the_figures_are_the_labs_leaves_no_figure_for_the_method(content):
    problems = _measured_with(
        content, "['Över 100 aktiviteter ordnades under 2019.', 'Siffrorna gäller labbet i Rannebergen som helhet.']"
    )
    assert only(problems, "measured-with-lab-figures-only").field == "documentation"


def test_a_figure_for_the_method_counts_beside_the_labs(content):
    results = "['12 av 15 elever som fick läxhjälp klarade proven. I labbet som helhet deltog 200 unga.']"
    assert _measured_with(content, results) == []
    cards, _ = load_cards(content)
    card = next(c for c in cards if c.id == "laxhjalp")
    box = decision_box(card, LinkGraph(cards), cached_taxonomy())
    assert box.verdict == "Mätt" and box.worked.startswith("12 av 15 elever")


def test_method_figures_are_sentences_with_a_figure_that_do_not_speak_of_a_lab():
    assert method_figures(["Av 20 deltagare fick 8 arbete. Innovationslabbet nådde 300 boende."]) == [
        "Av 20 deltagare fick 8 arbete."
    ]
    assert method_figures(["Labbets mål om 40 aktiviteter nåddes (JA) med över 100 aktiviteter."]) == []
    assert method_figures(["Kursen hölls i maj 2020."]) == []  # a date is no figure
    assert method_figures(["8 av 20 fick arbete.", "Siffrorna gäller labbet som helhet."]) == []


def test_the_scale_page_gives_every_level_and_its_criterion(content):
    cards, _ = load_cards(content)
    taxonomy = cached_taxonomy()
    page = Renderer(cards, taxonomy, LinkGraph(cards)).badge_scale_page()
    for term in taxonomy.terms("documentation_levels"):
        assert f"**{term.label}**" in page
    # In the words of the card the reader sees: its headings, never the file's field names or the build.
    assert "under *Resultat*" in page and "under *Om stegen*" in page
    for developer_word in ("fältet", "`results`", "steps_note", "bygget", "okänt"):
        assert developer_word not in page, developer_word
    assert "i en mening som inte handlar om ett labb" in page and "inte bara siffror för hela labbet" in page
    assert page.count(UNCHECKED) == len(taxonomy.terms("documentation_levels")) - len(CRITERIA)
    # Criteria exist only for levels the taxonomy has, so a renamed level cannot leave a rule behind.
    assert set(CRITERIA) <= set(taxonomy.ids("documentation_levels"))


def test_a_year_or_a_date_is_not_a_figure():
    from metodbanken.content.documentation_scale import has_figures

    assert not has_figures("Ett digitalt studiebesök genomfördes i maj 2020.")
    assert not has_figures("Startade 2019-09-01 och pågick till 2020-05.")
    assert has_figures("12 av 15 deltagare fick arbete 2019.")
    assert has_figures("Andelen gick från 22 till 55 procent.")
