"""Reads taxonomy.yml, the one definition of focus areas, target groups, actors and other value lists."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

TAXONOMY_PATH = Path(__file__).with_name("taxonomy.yml")


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    description: str
    file: str | None = None  # only for documents: the seed file the document was extracted to
    lat: float | None = None  # only for municipalities: the main town, degrees WGS 84, for the map
    lon: float | None = None
    parent: str | None = None  # only for target groups: the broader group this one belongs to
    # Only for documents: who stands behind it, when it was written (YYYY or YYYY-MM-DD) and the public
    # address the document itself prints; None where the document does not say.
    publisher: str | None = None
    published: str | None = None
    url: str | None = None

    @property
    def published_year(self) -> str | None:
        return self.published[:4] if self.published else None


class Taxonomy:
    def __init__(self, groups: dict[str, list[Term]]):
        self.groups = groups
        self._by_id = {name: {t.id: t for t in terms} for name, terms in groups.items()}

    def terms(self, group: str) -> list[Term]:
        return self.groups[group]

    def ids(self, group: str) -> list[str]:
        return [t.id for t in self.groups[group]]

    def get(self, group: str, term_id: str) -> Term | None:
        return self._by_id.get(group, {}).get(term_id)

    def label(self, group: str, term_id: str) -> str:
        term = self.get(group, term_id)
        return term.label if term else term_id

    def descendants(self, group: str, term_id: str) -> list[str]:
        """The term and every narrower term under it, so a broad target group includes its narrower ones."""
        found = [term_id]
        for term in self.groups[group]:
            if term.parent == term_id:
                found += self.descendants(group, term.id)
        return found

    def narrower(self, group: str, term_id: str) -> list[Term]:
        """The terms directly under this one (a broad target group's narrower groups)."""
        return [term for term in self.groups[group] if term.parent == term_id]

    def counts_under(self, group: str, term_id: str, values: object) -> bool:
        """Whether a card tagged with `values` (ids of `group`) counts under the term: tagged with it or with any
        narrower term under it. The one rule for every count and list by term: static pages, the start page, open
        data and the finder (whose `includes` is `descendants`)."""
        return isinstance(values, list) and not set(self.descendants(group, term_id)).isdisjoint(values)

    def as_dict(self) -> dict[str, list[dict]]:
        """The groups as plain data; a term with narrower terms lists under `includes` every term it counts."""
        return {
            name: [{k: v for k, v in vars(t).items() if v is not None} | self._includes(name, t.id) for t in terms]
            for name, terms in self.groups.items()
        }

    def _includes(self, group: str, term_id: str) -> dict[str, list[str]]:
        included = self.descendants(group, term_id)
        return {"includes": included} if len(included) > 1 else {}


PUBLISHED = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


def _as_text(entry: dict, key: str) -> dict:
    """YAML reads an unquoted 2020 as a number and 2024-05-23 as a date; the taxonomy keeps both as text."""
    return {**entry, key: str(entry[key])} if entry.get(key) is not None else entry


def _check_document(term: Term) -> None:
    where = f"taxonomy.yml: documents/{term.id}"
    if not term.publisher:
        raise ValueError(f"{where} saknar publisher (vem som står bakom dokumentet)")
    if term.published is not None and not PUBLISHED.match(str(term.published)):
        raise ValueError(f"{where}: published ska vara ÅÅÅÅ eller ÅÅÅÅ-MM-DD, inte {term.published!r}")
    if term.url is not None and not str(term.url).startswith("https://"):
        raise ValueError(f"{where}: url ska börja med https://, inte {term.url!r}")


def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = {name: [Term(**_as_text(entry, "published")) for entry in entries] for name, entries in raw.items()}
    for term in groups.get("documents", []):
        _check_document(term)
    for name, terms in groups.items():
        ids = [t.id for t in terms]
        if len(ids) != len(set(ids)):
            raise ValueError(f"taxonomy.yml: dubbla id i {name}")
        for term in terms:
            if term.parent is not None and term.parent not in ids:
                raise ValueError(f"taxonomy.yml: {name}/{term.id} har parent {term.parent!r}, som inte finns i {name}")
    return Taxonomy(groups)
