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
    # Only for challenges, focus areas and target groups: the words people search with for the concept, when the
    # label does not hold them (search_index.concept_index). Tags cards with nothing: search only.
    words: tuple[str, ...] = ()

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

    def as_dict(self) -> dict[str, list[dict]]:
        return {
            name: [{k: v for k, v in vars(t).items() if v is not None and k != "words"} for t in terms]
            for name, terms in self.groups.items()
        }


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


def _search_words(group: str, entry: dict) -> dict:
    """`words:` as a tuple of strings, or a message that says where and how to write it."""
    if "words" not in entry:
        return entry
    found = entry["words"]
    if not isinstance(found, list) or not all(isinstance(w, str) and w.strip() for w in found):
        raise ValueError(
            f"taxonomy.yml: {group}/{entry.get('id')}: words ska vara en lista med ord eller fraser, "
            "till exempel words: [ensamhet, ensamma äldre]"
        )
    return {**entry, "words": tuple(w.strip() for w in found)}


def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = {
        name: [Term(**_search_words(name, _as_text(entry, "published"))) for entry in entries]
        for name, entries in raw.items()
    }
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
