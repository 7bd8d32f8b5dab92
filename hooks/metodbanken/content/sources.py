"""The documents a card cites, each once, with the publisher, year and public address the taxonomy gives it."""

from __future__ import annotations

from dataclasses import dataclass

from ..taxonomy import Taxonomy, Term


@dataclass(frozen=True)
class CitedDocument:
    document: Term
    sections: tuple[str, ...]  # the card's `section` entries for this document, in the card's order


def cited_documents(sources: list[dict], taxonomy: Taxonomy) -> list[CitedDocument]:
    """A card's `sources` grouped by document, in the order the card first cites each."""
    sections: dict[str, list[str]] = {}
    for source in sources or []:
        sections.setdefault(source["document"], [])
        if source.get("section") and source["section"] not in sections[source["document"]]:
            sections[source["document"]].append(source["section"])
    return [CitedDocument(taxonomy.get("documents", doc), tuple(found)) for doc, found in sections.items()]


def document_record(term: Term) -> dict:
    """A document as plain data for the open-data files; keys the taxonomy does not give are left out."""
    record = {
        "id": term.id,
        "label": term.label,
        "publisher": term.publisher,
        "published": term.published,
        "url": term.url,
    }
    return {key: value for key, value in record.items() if value is not None}


def newest_year(sources: list[dict], taxonomy: Taxonomy) -> str | None:
    """The year of the newest dated document a card cites; None when none of them is dated."""
    years = [cited.document.published_year for cited in cited_documents(sources, taxonomy)]
    return max((year for year in years if year), default=None)
