"""A project's status as its source gives it and when, and whether the source's end date has passed.

Derived when the site is built, from the card's `status` and `period` and the year of the documents it
cites; never typed on a card. The card page, the listings, the finder's status facet and the open-data
files all ask this module, so they always agree. `validate` warns about a stored "pågående" whose end date
has passed, so that whoever edits the cards looks for a newer source; the warning does not stop the build,
since "pågående" is what the source says (CONTRIBUTING.md, Status för projekt).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from ..problems import Problem
from ..taxonomy import Taxonomy, Term
from .history import build_date
from .load import Card
from .sources import newest_year

ONGOING = "pagaende"
PERMANENT = "permanent"  # the project became permanent activity
# The finder's status value for a project the source calls ongoing although its end date has passed.
ONGOING_PAST_END = "pagaende-slutdatum-passerat"


@dataclass(frozen=True)
class ProjectStatus:
    status: str  # the card's status id, as the source gives it
    label: str  # the status's label in the taxonomy
    as_of: str | None  # year of the newest document the card cites; None when no cited document is dated
    end: str | None  # period.end as written on the card
    end_passed: bool  # the period's end lies before the build date
    facet: str  # the value the finder filters on: the status, or ONGOING_PAST_END

    @property
    def display(self) -> str:
        """'Pågående enligt källan, 2020'."""
        when = f", {self.as_of}" if self.as_of else " (källan är inte daterad)"
        return f"{self.label} enligt källan{when}"

    @property
    def note(self) -> str | None:
        """Said on the card when the source calls the project ongoing but its end date has passed."""
        if self.facet != ONGOING_PAST_END:
            return None
        what = "Slutåret" if len(self.end) == 4 else "Slutdatum"
        return f"{what} {self.end} har passerat; källan säger inget om vad som hände sedan."


def last_day(value: str) -> date:
    """The last day a period value covers: '2022' → 2022-12-31, '2019-09' → 2019-09-30."""
    if len(value) == 4:
        return date(int(value), 12, 31)
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:])
        return date(year, month, calendar.monthrange(year, month)[1])
    return date.fromisoformat(value)


def _end(card: Card) -> str | None:
    end = card.data["period"].get("end")
    return str(end) if end is not None else None


def end_has_passed(card: Card, today: date | None = None) -> bool:
    """`today` defaults to the build date (history.build_date, which SOURCE_DATE_EPOCH fixes)."""
    end = _end(card)
    return end is not None and last_day(end) < (today or build_date())


def status_facet(card: Card, today: date | None = None) -> str:
    """A project's value in the finder's status facet."""
    status = card.data["status"]
    return ONGOING_PAST_END if status == ONGOING and end_has_passed(card, today) else status


def project_status(card: Card, taxonomy: Taxonomy, today: date | None = None) -> ProjectStatus:
    today = today or build_date()
    status = card.data["status"]
    return ProjectStatus(
        status=status,
        label=taxonomy.label("project_statuses", status),
        as_of=newest_year(card.data["sources"], taxonomy),
        end=_end(card),
        end_passed=end_has_passed(card, today),
        facet=status_facet(card, today),
    )


def status_facet_terms(taxonomy: Taxonomy) -> list[Term]:
    """The finder's status values with labels: the taxonomy's statuses, and ONGOING_PAST_END after ongoing."""
    terms = []
    for term in taxonomy.terms("project_statuses"):
        terms.append(Term(term.id, f"{term.label} enligt källan", term.description))
        if term.id == ONGOING:
            terms.append(
                Term(
                    ONGOING_PAST_END,
                    f"{term.label} enligt källan, slutdatum passerat",
                    "Källan säger att projektet pågår, men slutdatumet i källan har passerat.",
                )
            )
    return terms


def status_record(status: ProjectStatus) -> dict:
    """The derived status as plain data for cards.json and the per-card JSON files."""
    record = {
        "status_display": status.display,
        "status_as_of": status.as_of,
        "end_passed": status.end_passed,
        "status_note": status.note,
        "status_facet": status.facet,
    }
    return {key: value for key, value in record.items() if value is not None}


def status_warnings(cards: list[Card], taxonomy: Taxonomy, today: date | None = None) -> list[Problem]:
    """A warning for each project stored as ongoing whose end date has passed: the source may be old, and a
    newer one may say how it went. Not an error, since the card says what its source says; the site shows
    the status as the source's and that the end date has passed."""
    warnings = []
    for card in cards:
        if card.type != "project" or card.data.get("status") != ONGOING:
            continue
        status = project_status(card, taxonomy, today)
        if not status.end_passed:
            continue
        line, end, shown = card.line_of("status"), status.end, status.display
        if status.as_of:
            warning = Problem.of(
                "ongoing-past-end",
                card.path,
                line=line,
                field="status",
                ongoing=ONGOING,
                end=end,
                as_of=status.as_of,
                display=shown,
            )
        else:
            warning = Problem.of(
                "ongoing-past-end/undated",
                card.path,
                line=line,
                field="status",
                ongoing=ONGOING,
                end=end,
                display=shown,
            )
        warnings.append(warning)
    return warnings
