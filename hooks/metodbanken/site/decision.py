"""The decision box at the top of a card: did it work, what it takes, where it was tried, whom to ask.

A view model only: every choice of what to say is made here from card data, the link graph and the taxonomy;
the template `_decision_box.md.j2` only lays it out. Nothing is guessed: what the source does not say is said
plainly ("källan säger inget om det").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.badges import NOT_SAID
from ..content.documentation_scale import has_figures, method_figures
from ..field_kinds import period_text
from ..content.link import LinkGraph
from ..content.load import Card
from ..schema import CARD_TYPES
from ..content.sources import SELF_REPORTED, cited_documents, own_accounts
from ..taxonomy import Taxonomy

# What a method needs, in plain words. "Lokal" alone reads as "local"; say what kind of thing it is.
METHOD_NEEDS = (  # (field, icon, label, taxonomy group or None for free text)
    ("requires_premises", "premises", "Lokal (rum att vara i)", "requirement_levels"),
    ("requires_staff", "staff", CARD_TYPES["method"].field("requires_staff").label, "staffing"),
    ("requires_partners", "partners", "Samverkanspartner utanför bostadsbolaget", "requirement_levels"),
    ("requires_time", "time", "Tid", None),
)


@dataclass(frozen=True)
class Need:
    icon: str  # key of an icon in _icons.md.j2
    label: str
    value: str
    known: bool


@dataclass(frozen=True)
class Tried:
    card: Card
    where: str  # municipality or place, as text
    relation: str | None = None  # for projects linked to a method: "använde metoden" / "liknande arbetssätt"


@dataclass(frozen=True)
class SourceDocument:
    label: str
    url: str | None
    publisher: str | None


MEASURED, NOT_MEASURED, REPORTED = "Mätt", "Inte mätt", "Enligt källan"


@dataclass(frozen=True)
class DecisionBox:
    verdict: str  # MEASURED, NOT_MEASURED or REPORTED (results given without goals or figures)
    worked: str  # one line: what was measured and how it went, or that nothing was measured
    worked_context: list[str]  # further short lines, e.g. the goals of the lab where a method was tried
    needs: list[Need]
    tried: list[Tried]
    tried_empty: str  # said when nothing was tried
    organisations: list[str]  # organisations that ran it; never a person
    documents: list[SourceDocument] = field(default_factory=list)
    place: str | None = None  # labs and projects: where they ran; `tried` then lists their methods
    # The box's wording for the card type: a method is still to be used, a lab or project has been run.
    needs_heading: str = "Vad som behövdes"
    tried_heading: str = "Var och med vilka metoder"
    tried_icon: str | None = None  # icon before each entry of `tried`
    nobody_named: str = ""  # said when the source names no organisation
    # Said first when any of the card's facts come from an organisation's own account instead of a document.
    self_reported: str | None = None

    @property
    def measured(self) -> bool:
        return self.verdict == MEASURED

    @property
    def verdict_icon(self) -> str:
        return "measured" if self.measured else "not-measured"


def goal_summary(goals: list[dict], taxonomy: Taxonomy) -> str:
    """'3 mätbara mål – uppnått: 2, delvis uppnått: 1' – counted per outcome, in the taxonomy's order."""
    parts = []
    for outcome in taxonomy.terms("goal_outcomes"):
        count = sum(1 for g in goals if g.get("outcome") == outcome.id)
        if count:
            parts.append(f"{outcome.label.lower()}: {count}")
    noun = "mätbart mål" if len(goals) == 1 else "mätbara mål"
    return f"{len(goals)} {noun} – {', '.join(parts)}"


def goals_verdict(goals: list[dict]) -> str:
    """Measured when the source says for at least one goal whether it was reached."""
    return MEASURED if any(g.get("outcome") not in (None, "okant") for g in goals) else NOT_MEASURED


def source_documents(card: Card, taxonomy: Taxonomy) -> list[SourceDocument]:
    """Each source document once (sources.cited_documents), with its address and publisher."""
    return [
        SourceDocument(cited.document.label, cited.document.url, cited.document.publisher)
        for cited in cited_documents(card.data.get("sources") or [], taxonomy)
    ]


def self_reported_text(card: Card) -> str | None:
    """'Enligt organisationens egen redovisning (Bostadsbolaget AB, 2025-03)'; None when documents are the sources."""
    accounts = own_accounts(card.data.get("sources") or [])
    if not accounts:
        return None
    return f"{SELF_REPORTED} ({'; '.join(f'{a.organisation}, {a.reported}' for a in accounts)})"


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        item = " ".join(str(item).split())
        if item and item not in seen:
            seen.append(item)
    return seen


def _municipalities(card: Card, taxonomy: Taxonomy) -> str:
    ids = [card.data["municipality"]] if card.type == "lab" else card.data.get("municipalities") or []
    return ", ".join(taxonomy.label("municipalities", m) for m in ids)


def _method_needs(card: Card, taxonomy: Taxonomy) -> list[Need]:
    needs = []
    for name, icon, label, group in METHOD_NEEDS:
        value = card.data.get(name)
        if value is None:
            needs.append(Need(icon, label, NOT_SAID, False))
        else:
            needs.append(Need(icon, label, taxonomy.label(group, value).lower() if group else str(value), True))
    needs.append(Need("cost", "Kostnad", NOT_SAID, False))
    return needs


def method_box(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> DecisionBox:
    labs = [c for c, _ in graph.linked(card.id, "lab", "tested_in", "out")]
    projects = graph.linked(card.id, "project", "methods", "in")
    results = card.data.get("results") or []
    if card.data["documentation"] == "matt-resultat" and results:
        # The first result with figures for the method itself (not for the lab it was tried in) is the measured
        # one; the scale requires such figures for this level.
        verdict, worked = MEASURED, next((r for r in results if method_figures([r])), results[0])
    else:
        verdict = NOT_MEASURED
        worked = "Ingenting mättes för metoden själv: källan redovisar inga mätta resultat för just den."
    context = [
        f"{lab.title} (där metoden prövades): {goal_summary(lab.data['goals'], taxonomy)}."
        for lab in labs
        if lab.data.get("goals")
    ]
    tried = [Tried(lab, _municipalities(lab, taxonomy), "labb") for lab in labs]
    tried += [
        Tried(
            p, _municipalities(p, taxonomy), "använde metoden" if link.relation == "anvander" else "liknande arbetssätt"
        )
        for p, link in projects
    ]
    # Who ran it: the housing company of each lab and the owner of each project that used the method.
    organisations = _unique(
        [lab.data["housing_company"] for lab in labs]
        + [p.data["owner"] for p, link in projects if link.relation == "anvander"]
    )
    return DecisionBox(
        verdict,
        worked,
        context,
        _method_needs(card, taxonomy),
        tried,
        "Inget labb eller projekt i Metodbanken har prövat metoden ännu.",
        organisations,
        source_documents(card, taxonomy),
        needs_heading="Vad som krävs",
        tried_heading="Här har den prövats",
        tried_icon="place",
        nobody_named="Källan namnger ingen organisation som drev metoden.",
        self_reported=self_reported_text(card),
    )


def lab_box(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> DecisionBox:
    d = card.data
    goals = d.get("goals") or []
    if goals:
        verdict, worked = goals_verdict(goals), goal_summary(goals, taxonomy) + "."
    else:
        verdict, worked = NOT_MEASURED, "Ingenting mättes: källan redovisar inga mätbara mål för labbet."
    partners = d.get("partners") or []
    # Lab cards say nothing structured about premises or cost, so those rows are left out rather than all "unknown".
    needs = [
        Need("staff", CARD_TYPES["lab"].field("housing_company").label, d["housing_company"], True),
        Need("partners", "Samverkanspartner", ", ".join(partners) if partners else NOT_SAID, bool(partners)),
        Need("time", "Tid", period_text(d["period"]), True),
    ]
    methods = [Tried(m, "") for m, _ in graph.linked(card.id, "method", "tested_in", "in")]
    return DecisionBox(
        verdict,
        worked,
        [],
        needs,
        methods,
        "Inget metodkort pekar på labbet ännu.",
        _unique([d["housing_company"]] + partners),
        source_documents(card, taxonomy),
        _place(d["place"], _municipalities(card, taxonomy)),
        nobody_named="Källan namnger ingen organisation som drev labbet.",
        self_reported=self_reported_text(card),
    )


def project_box(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> DecisionBox:
    d = card.data
    goals, results = d.get("goals") or [], d.get("results") or []
    if goals:
        verdict, worked = goals_verdict(goals), goal_summary(goals, taxonomy) + "."
    elif results:
        worked = next((r for r in results if has_figures(r)), results[0])
        verdict = MEASURED if has_figures(worked) else REPORTED
    else:
        verdict, worked = NOT_MEASURED, "Ingenting mättes: källan redovisar inga mål eller resultat för projektet."
    partners = d.get("partners") or []
    funding = d.get("funding") or []
    amounts = [f["amount_sek"] for f in funding if isinstance(f.get("amount_sek"), int)]
    if amounts:
        cost = f"{sum(amounts):,} kr".replace(",", "\u00a0") + " i finansiering enligt källan"
    elif funding:
        cost = "finansierat av " + ", ".join(_unique([f["funder"] for f in funding])) + "; belopp anges inte"
    else:
        cost = NOT_SAID
    needs = [
        Need("staff", CARD_TYPES["project"].field("owner").label, d["owner"], True),
        Need("partners", "Samverkanspartner", ", ".join(partners) if partners else NOT_SAID, bool(partners)),
        Need("time", "Tid", period_text(d["period"]), True),
        Need("cost", "Kostnad", cost, bool(funding)),
    ]
    methods = [
        Tried(m, "", taxonomy.label("method_relations", link.relation).lower() if link.relation else None)
        for m, link in graph.linked(card.id, "method", "methods", "out")
    ]
    return DecisionBox(
        verdict,
        worked,
        [],
        needs,
        methods,
        "Källan knyter inget metodkort till projektet.",
        _unique([d["owner"]] + partners),
        source_documents(card, taxonomy),
        _municipalities(card, taxonomy),
        nobody_named="Källan namnger ingen organisation som drev projektet.",
        self_reported=self_reported_text(card),
    )


def _place(place: str, municipality: str) -> str:
    """'Lina Hage, Södertälje', not 'Lina Hage, Södertälje (Södertälje)'."""
    return place if municipality in place else f"{place} ({municipality})"


def decision_box(card: Card, graph: LinkGraph, taxonomy: Taxonomy) -> DecisionBox | None:
    """The box for a method, lab or project card; lessons have none."""
    makers = {"method": method_box, "lab": lab_box, "project": project_box}
    return makers[card.type](card, graph, taxonomy) if card.type in makers else None
