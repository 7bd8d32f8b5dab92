"""What each documentation level asks of a method card: the criteria on the scale page and the checks that
enforce them, in one place. The levels themselves (ids, labels, descriptions) are in taxonomy.yml."""

from __future__ import annotations

import re

from ..problem_messages import problem_text
from ..problems import Problem
from ..schema import CARD_TYPES
from .load import Card
from .sources import self_reported

FIGURE = re.compile(r"\d")
# Years and dates say when, not how much: "genomfördes i maj 2020" reports no figure.
_WHEN = re.compile(r"\b(?:19|20)\d\d(?:-\d\d){0,2}\b")


def has_figures(text: str) -> bool:
    """True when the text gives a number other than a year or a date."""
    return bool(FIGURE.search(_WHEN.sub("", str(text))))


# A lab tries several methods at once, so a figure said of the lab ("labbet som helhet ordnade 100
# aktiviteter") is not what the method gave. Any word with "labb" in it: labbet, labbets, innovationslabbet.
_LAB = re.compile(r"labb", re.IGNORECASE)
# "Siffrorna gäller labbet som helhet": the card itself says that its figures are the lab's. Found in two linear
# steps (a word "siffr…", then "labb" after it): one pattern with ".*" between them is quadratic on many "siffr".
_FIGURES = re.compile(r"\bsiffr", re.IGNORECASE)


def _figures_are_the_labs(sentence: str) -> bool:
    first = _FIGURES.search(sentence)
    return first is not None and _LAB.search(sentence, first.end()) is not None


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def _sentences(text: str) -> list[str]:
    return _SENTENCE_END.split(str(text))


def method_figures(results: list[str]) -> list[str]:
    """The sentences of the results that give a figure (has_figures) for the method itself: none when a result
    says that the figures are the lab's, and never a sentence that speaks of a lab."""
    sentences = [s for r in results for s in _sentences(r)]
    if any(_figures_are_the_labs(s) for s in sentences):
        return []
    return [s for s in sentences if has_figures(s) and not _LAB.search(s)]


# Level id → what validation checks, as the scale page says it to a reader: the card's own headings (schema labels),
# never field names. Levels without an entry are not checked.
_RESULTS = CARD_TYPES["method"].field("results").label
_STEPS_NOTE = CARD_TYPES["method"].field("steps_note").label
CRITERIA = {
    "matt-resultat": f"Kontrolleras: under *{_RESULTS}* redovisar kortet minst ett resultat ur källan med en "
    "siffra som inte bara är ett årtal eller datum, i en mening som inte handlar om ett labb. Ett labb prövar "
    "flera metoder på en gång, så labbets siffror visar inte vad en av dem gav. Att siffran visar vad metoden "
    "gav, och inte bara hur mycket som gjordes, bedömer den som skriver kortet.",
    "steg-for-steg": f"Kontrolleras: kortet säger inte under *{_STEPS_NOTE}* att källan saknar några steg. Steg "
    "som vi själva har sammanställt ur roller eller spridda uppgifter i källan räknas som kort beskriven.",
}
UNCHECKED = "Kontrolleras inte automatiskt: den som skriver kortet bedömer nivån mot källan."

# An own account ("egen redovisning") is the organisation's word about its own work, with no document behind it.
# The level says how fully the source describes the method, so an own account can reach any level; but never
# 'matt-resultat' without the organisation's own figures in `results` (checked like any source), and the badge
# then always says that the figures are the organisation's own (badges.documentation_badge).
SELF_REPORTED_REACH = (
    "Bygger kortet på organisationens egen redovisning i stället för ett publicerat dokument, bedöms nivån "
    "mot redovisningen. *Mätta resultat* kräver då organisationens egna siffror under "
    f"*{_RESULTS}*, precis som för ett dokument, och märkningen säger alltid att uppgifterna kommer ur "
    "organisationens egen redovisning: ingen har mätt dem utifrån."
)

LOWER_LEVELS = "'steg-for-steg', 'kort-beskriven' eller 'omnamnd'"


def documentation_problems(card: Card) -> list[Problem]:
    """A method card's documentation level against what its fields can show."""
    if card.type != "method":
        return []
    level = card.data.get("documentation")
    line = card.line_of("documentation")

    def problem(text: tuple[str, str, str]) -> Problem:
        return Problem(card.path, line, "documentation", *text)

    if level == "matt-resultat":
        results = [r for r in card.data.get("results") or [] if isinstance(r, str)]
        if not results:
            return [problem(problem_text("measured-without-results", lower_levels=LOWER_LEVELS))]
        if not any(has_figures(r) for r in results) and self_reported(card.data.get("sources")):
            return [problem(problem_text("measured-without-figures/self-reported", lower_levels=LOWER_LEVELS))]
        if not any(has_figures(r) for r in results):
            return [problem(problem_text("measured-without-figures", lower_levels=LOWER_LEVELS))]
        return lab_figures_problems(card, results)
    if level == "steg-for-steg" and card.data.get("steps_note"):
        return [problem(problem_text("step-by-step-with-steps-note"))]
    return []


def lab_figures_problems(card: Card, results: list[str]) -> list[Problem]:
    """'matt-resultat' whose figures are all the lab's, where the method was tried together with others."""
    if method_figures(results):
        return []
    return [
        Problem.of(
            "measured-with-lab-figures-only",
            card.path,
            line=card.line_of("documentation"),
            field="documentation",
            lower_levels=LOWER_LEVELS,
        )
    ]
