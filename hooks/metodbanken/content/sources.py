"""What a card's facts come from: documents, each once, with publisher, year and public address, and the
organisation's own account where there is no document.

A source is one of schema.SOURCE's forms: a document in the shared registry (taxonomy.yml's documents), a
document declared on the card itself, or an organisation's own account of its work ("egen redovisning").
Declared documents become taxonomy Terms like the registered ones, so that pages and open data treat both alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..schema import DECLARED_SOURCE, OWN_ACCOUNT_SOURCE, REGISTERED_SOURCE, SOURCE
from ..taxonomy import Taxonomy, Term

SELF_REPORTED = "Enligt organisationens egen redovisning"


@dataclass(frozen=True)
class CitedDocument:
    document: Term
    sections: tuple[str, ...]  # the card's `section` entries for this document, in the card's order
    registered: bool = True  # False for a document only the card declares (it has no id of its own)


@dataclass(frozen=True)
class OwnAccount:
    organisation: str
    reported: str  # ÅÅÅÅ, ÅÅÅÅ-MM or ÅÅÅÅ-MM-DD

    @property
    def text(self) -> str:
        """'Egen redovisning från Bostadsbolaget AB, 2025-03'."""
        return f"{OWN_ACCOUNT_SOURCE.label} från {self.organisation}, {self.reported}"


def form_of(source: dict) -> str | None:
    """The name of the source's form (registered, declared, own_account); None when it is not one of them."""
    found = SOURCE.variant_of(source) if isinstance(source, dict) else []
    return found[0].name if len(found) == 1 else None


def _declared_term(source: dict) -> Term:
    published = source.get("published")
    return Term(
        id="",
        label=" ".join(str(source["title"]).split()),
        description="",
        publisher=" ".join(str(source["publisher"]).split()),
        published=str(published) if published is not None else None,
        url=source.get("url") or None,
    )


def cited_documents(sources: list[dict], taxonomy: Taxonomy) -> list[CitedDocument]:
    """A card's documents, registered and declared, each once in the order the card first cites it."""
    found: dict[object, tuple[Term, bool]] = {}
    sections: dict[object, list[str]] = {}
    for source in sources or []:
        form = form_of(source)
        if form == REGISTERED_SOURCE.name:
            key: object = source["document"]
            found.setdefault(key, (taxonomy.get("documents", source["document"]), True))
        elif form == DECLARED_SOURCE.name:
            term = _declared_term(source)
            key = (term.label, term.publisher, term.published, term.url)
            found.setdefault(key, (term, False))
        else:
            continue
        sections.setdefault(key, [])
        section = source.get("section")
        if section and section not in sections[key]:
            sections[key].append(section)
    return [CitedDocument(term, tuple(sections[key]), registered) for key, (term, registered) in found.items()]


def declared_documents(cards: list) -> list[tuple[Term, list]]:
    """Every document a card declares instead of citing the registry, once, with the cards (load.Card) citing it."""
    found: dict[tuple, tuple[Term, list]] = {}
    for card in cards:
        for source in card.data.get("sources") or []:
            if form_of(source) != DECLARED_SOURCE.name:
                continue
            term = _declared_term(source)
            _, citing = found.setdefault((term.label, term.publisher, term.published, term.url), (term, []))
            if card not in citing:
                citing.append(card)
    return sorted(found.values(), key=lambda pair: pair[0].label.casefold())


def own_accounts(sources: list[dict]) -> list[OwnAccount]:
    """The organisations' own accounts a card cites, each once, in the card's order."""
    accounts: list[OwnAccount] = []
    for source in sources or []:
        if form_of(source) == OWN_ACCOUNT_SOURCE.name:
            account = OwnAccount(" ".join(str(source["reported_by"]).split()), str(source["reported"]))
            if account not in accounts:
                accounts.append(account)
    return accounts


def self_reported(sources: list[dict]) -> bool:
    """True when any of the card's facts may come from an organisation's own account rather than a document."""
    return bool(own_accounts(sources))


def only_self_reported(sources: list[dict]) -> bool:
    """True when every source is an organisation's own account: no document stands behind the card."""
    return self_reported(sources) and all(form_of(s) == OWN_ACCOUNT_SOURCE.name for s in sources)


def document_record(term: Term) -> dict:
    """A document as plain data for the open-data files; keys the document does not give are left out (a document
    only a card declares has no id)."""
    record = {
        "id": term.id or None,
        "label": term.label,
        "publisher": term.publisher,
        "published": term.published,
        "url": term.url,
    }
    return {key: value for key, value in record.items() if value is not None}


def own_account_record(account: OwnAccount) -> dict:
    return {"organisation": account.organisation, "reported": account.reported}


def newest_year(sources: list[dict], taxonomy: Taxonomy) -> str | None:
    """The year of the newest dated source a card cites (a document or an own account); None when none is dated."""
    years = [cited.document.published_year for cited in cited_documents(sources, taxonomy)]
    years += [account.reported[:4] for account in own_accounts(sources)]
    return max((year for year in years if year), default=None)
