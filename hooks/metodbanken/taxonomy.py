"""Reads taxonomy.yml, the one definition of focus areas, target groups, actors and other value lists."""
from __future__ import annotations

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

    def as_dict(self) -> dict[str, list[dict]]:
        return {
            name: [{k: v for k, v in vars(t).items() if v is not None} for t in terms]
            for name, terms in self.groups.items()
        }


def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = {name: [Term(**entry) for entry in entries] for name, entries in raw.items()}
    for name, terms in groups.items():
        ids = [t.id for t in terms]
        if len(ids) != len(set(ids)):
            raise ValueError(f"taxonomy.yml: dubbla id i {name}")
        for term in terms:
            if term.parent is not None and term.parent not in ids:
                raise ValueError(f"taxonomy.yml: {name}/{term.id} har parent {term.parent!r}, som inte finns i {name}")
    return Taxonomy(groups)
