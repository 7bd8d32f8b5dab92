"""The finder's data files: the cards and facets that the page (docs/hitta.md) reads and draws, and the two search
indexes with the concepts and the snippet texts that its search worker reads.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..content.badges import BADGES
from ..content.load import Card
from ..content.project_status import status_facet, status_facet_terms
from ..content.sources import SELF_REPORTED, self_reported
from ..paths import FINDER_CARDS_PATH, SEARCH_HEADLINE_INDEX_PATH, SEARCH_TEXT_INDEX_PATH, SEARCH_TEXTS_PATH
from ..schema import CARD_TYPES
from ..taxonomy import Taxonomy, in_swedish_order
from .analysis import Synonyms, load_synonyms
from .documents import (
    FACET_FIELDS,
    HEADLINE_FIELDS,
    TEXT_FIELDS,
    card_texts,
    concept_index,
    facet_values,
    in_display_order,
    index_documents,
    plain_text,
)
from .lunr_index import cached_compact_index, fields_only

# The finder's facets in the order shown: URL parameter, heading, card field (with "type" for the card type).
FACETS = (
    ("typ", "Korttyp", "type"),
    ("utmaning", "Utmaning", "challenges"),
    ("fokus", "Fokusområde", "focus_areas"),
    ("malgrupp", "Målgrupp", "target_groups"),
    ("aktor", "Aktör", "actors"),
    ("lan", "Län", "municipalities"),
    ("kommun", "Kommun", "municipalities"),
    ("status", "Projektstatus", "status"),
    ("underlag", "Underlag (metoder)", "documentation"),
)
# Facets whose values group the values of their card field, by param: the group the values come from and the
# field of the field's terms that names one. A county holds the municipalities in it, so no card carries its county.
GROUPING_FACETS = {"lan": ("counties", "county")}
# Groups with hundreds of terms of which the cards use a few: a facet lists only those the cards hold.
ONLY_USED = {"municipalities", "counties"}


def facet_terms(taxonomy: Taxonomy, group: str) -> list:
    return status_facet_terms(taxonomy) if group == "project_statuses" else taxonomy.terms(group)


def _facet_values(taxonomy: Taxonomy, group: str, term, level: int) -> list[dict]:
    """The term, then its narrower terms under it."""
    values = [{"id": term.id, "label": term.label, "level": level, "includes": taxonomy.descendants(group, term.id)}]
    for narrower in (t for t in taxonomy.terms(group) if t.parent == term.id):
        values += _facet_values(taxonomy, group, narrower, level + 1)
    return values


def used_terms(cards: list[Card], taxonomy: Taxonomy, group: str) -> list:
    """The terms of a facet's group that the cards hold, in the taxonomy's order."""
    held = {
        term_id
        for card in cards
        for name, ids in facet_values(card).items()
        if FACET_FIELDS[name] == group
        for term_id in ids
    }
    return [t for t in facet_terms(taxonomy, group) if t.id in held]


def _grouping_values(cards: list[Card], taxonomy: Taxonomy, param: str, field: str) -> list[dict]:
    """The groups (counties) of the field's values that the cards hold, each including those values."""
    group, names_group = GROUPING_FACETS[param]
    held = used_terms(cards, taxonomy, FACET_FIELDS[field])
    values = []
    for term in in_swedish_order(taxonomy.terms(group)):
        inside = [t.id for t in held if getattr(t, names_group) == term.id]
        if inside:
            values.append({"id": term.id, "label": term.label, "level": 0, "includes": inside})
    return values


def finder_facets(taxonomy: Taxonomy, cards: list[Card] | None = None) -> list[dict]:
    """The facets with their values; `includes` lists the values a choice stands for (a broad target group
    includes its narrower ones, a county its municipalities) and `level` how far in a value sits under its broader
    one. Of the 290 municipalities and the counties, only those the cards hold are listed, in alphabetical order;
    a facet that `groups` its field's values (the county) is marked so, since a card holds the field's ids."""
    facets = []
    for param, legend, field in FACETS:
        if field == "type":
            values = [{"id": t.name, "label": t.label} for t in CARD_TYPES.values()]
        elif param in GROUPING_FACETS:
            if GROUPING_FACETS[param][0] not in taxonomy.groups:
                continue
            values = _grouping_values(cards or [], taxonomy, param, field)
            if values:  # no labs or projects yet: no empty group of choices
                facets.append({"param": param, "legend": legend, "field": field, "groups": True, "values": values})
            continue
        elif FACET_FIELDS[field] in ONLY_USED:
            used = used_terms(cards or [], taxonomy, FACET_FIELDS[field])
            values = [{"id": t.id, "label": t.label, "level": 0, "includes": [t.id]} for t in in_swedish_order(used)]
            if not values:
                continue
        else:
            group = FACET_FIELDS[field]
            if group not in taxonomy.groups:
                continue
            values = [
                value
                for term in facet_terms(taxonomy, group)
                if term.parent is None
                for value in _facet_values(taxonomy, group, term, 0)
            ]
        facets.append({"param": param, "legend": legend, "field": field, "values": values})
    return facets


def download_columns(facets: list[dict]) -> list[dict]:
    """The columns of the finder's download of a selection (CSV and JSON), in order: each column's heading and
    what it holds: a field of the card record, the labels of a facet's values, or a badge's value."""
    columns = [
        {"label": "typ", "card": "type"},
        {"label": "titel", "card": "title"},
        {"label": "adress", "card": "url"},
        {"label": "sammanfattning", "card": "summary"},
    ]
    columns += [{"label": facet["legend"], "facet": facet["param"]} for facet in facets if facet["field"] != "type"]
    columns += [{"label": column, "badge": key} for key, (_, column) in BADGES.items()]
    return columns


def card_record(card: Card, url: str, badges: dict[str, dict] | None = None) -> dict:
    """The card as the finder's list holds it: what a result shows and the values the facets filter on."""
    record = {
        "id": card.id,
        "type": card.type,
        "url": url,
        "title": card.title,
        "summary": plain_text(card.data.get("summary")),
    }
    record.update({name: ids for name, ids in facet_values(card).items() if ids})
    if card.type == "project":  # derived (project_status.py): ongoing past its end date is a value of its own
        record["status"] = [status_facet(card)]
    if badges and card.id in badges:
        record["badges"] = badges[card.id]
    if self_reported(card.data.get("sources") or []):  # shown in the result as the card shows it (sources.py)
        record["self_reported"] = True
    return record


def finder_cards(cards: list[Card], taxonomy: Taxonomy, records: list[dict]) -> dict:
    """data/finder-cards.json: the card types, the labels of the facets' values, the facets, the download's columns
    and the cards' records."""
    facets = finder_facets(taxonomy, cards)
    return {
        "schema_version": 3,
        "card_types": [{"id": t.name, "label": t.label} for t in CARD_TYPES.values()],
        "self_reported_label": SELF_REPORTED,
        "taxonomy": {
            group: [
                {"id": t.id, "label": t.label}
                for t in (used_terms(cards, taxonomy, group) if group in ONLY_USED else facet_terms(taxonomy, group))
            ]
            for group in FACET_FIELDS.values()
            if group in taxonomy.groups
        },
        "facets": facets,
        "download_columns": download_columns(facets),
        "cards": records,
    }


def one_word_synonyms(synonyms: Synonyms) -> list[list[str]]:
    """One-word synonyms as terms, so a snippet can mark 'feriejobb' for a search for 'sommarjobb'."""
    return [group for group in ([m[0] for m in g if len(m) == 1] for g in synonyms.groups) if len(group) > 1]


def as_json(value: object) -> str:
    """The finder's data files: compact, and Swedish letters as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def search_files(
    cards: list[Card],
    taxonomy: Taxonomy,
    urls: dict[str, str],
    cache_dir: Path | None = None,
    badges: dict[str, dict] | None = None,
    synonyms: Synonyms | None = None,
) -> dict[str, str]:
    """The finder's four data files, path → JSON.

    - data/finder-cards.json: the card list and the facets, which the page reads and draws. `cards[i]` is the card
      with lunr ref "i" in both indexes.
    - data/search-headline-index.json: for the search worker's first results, the one-word synonyms, the concepts
      and the headline index (title, aliases, summary, labels); the page hands the worker the summaries for their
      snippets.
    - data/search-text-index.json: the index of every other text field and the body.
    - data/search-texts.json: those texts per card, as [label, text] pairs, for the snippets.
    """
    ordered = in_display_order(cards)
    records = [card_record(card, urls[card.id], badges) for card in ordered]
    synonyms = synonyms or Synonyms(load_synonyms())
    docs = index_documents(ordered, taxonomy, synonyms)
    headline = {
        "synonyms": one_word_synonyms(synonyms),
        "concepts": concept_index(ordered, taxonomy),
        "index": cached_compact_index(fields_only(docs, HEADLINE_FIELDS), HEADLINE_FIELDS, cache_dir),
    }
    texts = [[list(pair) for pair in card_texts(card)] for card in ordered]
    return {
        FINDER_CARDS_PATH: as_json(finder_cards(cards, taxonomy, records)),
        SEARCH_HEADLINE_INDEX_PATH: as_json(headline),
        SEARCH_TEXT_INDEX_PATH: as_json(cached_compact_index(fields_only(docs, TEXT_FIELDS), TEXT_FIELDS, cache_dir)),
        SEARCH_TEXTS_PATH: as_json(texts),
    }


def finder_cards_json(
    cards: list[Card],
    taxonomy: Taxonomy,
    urls: dict[str, str],
    cache_dir: Path | None = None,
    badges: dict[str, dict] | None = None,
) -> str:
    """data/finder-cards.json alone (cards, facets)."""
    return search_files(cards, taxonomy, urls, cache_dir, badges)[FINDER_CARDS_PATH]
