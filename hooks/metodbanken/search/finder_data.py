"""The finder's data files: the cards and facets that the page (docs/hitta.md) reads and draws, and the search data
in pieces (shards.py) that its search worker reads.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..content.badges import BADGES
from ..content.load import Card
from ..content.project_status import status_facet, status_facet_terms
from ..content.sources import SELF_REPORTED, self_reported
from ..paths import FINDER_CARDS_PATH
from ..schema import CARD_TYPES
from ..taxonomy import Taxonomy, in_swedish_order
from .analysis import MIN_PART, SV_STOP_WORDS, Synonyms, analysis_data, fold, load_synonyms, words
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
from .lunr_index import cached_compact_index, compact_index_of, fields_only
from .search_memo import SearchMemo
from .shards import as_json, search_pieces

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


def _url_patterns(ordered: list[Card], urls: dict[str, str]) -> dict[str, str]:
    """Per card type, its cards' address with "{id}" for the id: the finder makes each address from it."""
    patterns: dict[str, str] = {}
    for card in ordered:
        # The id is the address's last part: an id that also spells its folder ('lab' in labb/lab/) stays the id.
        before, _, after = urls[card.id].rpartition(card.id)
        pattern = patterns.setdefault(card.type, before + "{id}" + after)
        if pattern.replace("{id}", card.id) != urls[card.id]:
            raise ValueError(f"{card.id}: its address {urls[card.id]} does not follow {pattern}")
    return patterns


def _held_values(card: Card) -> dict[str, list[str]]:
    """The card's values of each facet's field."""
    held = {name: list(ids) for name, ids in facet_values(card).items() if ids}
    if card.type == "project":  # derived (project_status.py): ongoing past its end date is a value of its own
        held["status"] = [status_facet(card)]
    return held


def card_columns(ordered: list[Card], badges: dict[str, dict] | None) -> dict:
    """The cards' types, facet values and badge ranks as columns; each field's values listed once and a card's as
    places in that list, in the card's own order (the first focus area is the one a result names first): a few bytes
    a card. Titles, ids and summaries come with card_details: each card's own file, or in a small bank this file."""
    held_by_field: dict[str, list[list[str]]] = {}
    for position, card in enumerate(ordered):
        for name, ids in _held_values(card).items():
            if name not in held_by_field:
                held_by_field[name] = [[] for _ in ordered]
            held_by_field[name][position] = ids
    fields = {}
    for name, held in held_by_field.items():
        values = list(dict.fromkeys(value for ids in held for value in ids))
        place = {value: n for n, value in enumerate(values)}
        fields[name] = {"values": values, "cards": [[place[value] for value in ids] for ids in held]}
    return {
        "count": len(ordered),
        "types": [card.type for card in ordered],
        "fields": fields,
        "badge_ranks": {
            key: [badges[card.id][key]["rank"] if badges and card.id in badges else -1 for card in ordered]
            for key in BADGES
        },
        # Shown in the result as the card shows it (sources.py).
        "self_reported": [p for p, card in enumerate(ordered) if self_reported(card.data.get("sources") or [])],
    }


def card_details(card: Card, badges: dict[str, dict] | None) -> dict:
    """What a result shows of a card beyond its facets: its id (and so its address), title, summary and badges."""
    return {
        "id": card.id,
        "title": card.title,
        "summary": plain_text(card.data.get("summary")),
        "badges": (badges or {}).get(card.id),
    }


def finder_cards(cards: list[Card], taxonomy: Taxonomy, ordered: list[Card], urls: dict[str, str], badges) -> dict:
    """data/finder-cards.json: the card types (with their cards' address), the facets, the download's columns and
    the cards as columns (card_columns)."""
    facets = finder_facets(taxonomy, cards)
    patterns = _url_patterns(ordered, urls)
    # A value that includes only itself at the top level says so by saying nothing (state.js reads it so).
    slim = [
        {
            **facet,
            "values": [
                {
                    k: v
                    for k, v in value.items()
                    if not (k == "includes" and v == [value["id"]]) and not (k == "level" and v == 0)
                }
                for value in facet["values"]
            ],
        }
        for facet in facets
    ]
    return {
        "schema_version": 4,
        "card_types": [{"id": t.name, "label": t.label, "url": patterns.get(t.name, "")} for t in CARD_TYPES.values()],
        "self_reported_label": SELF_REPORTED,
        "facets": slim,
        "download_columns": download_columns(facets),
        "cards": card_columns(ordered, badges),
    }


def one_word_synonyms(synonyms: Synonyms) -> list[list[str]]:
    """One-word synonyms as terms, so a snippet can mark 'feriejobb' for a search for 'sommarjobb'."""
    return [group for group in ([m[0] for m in g if len(m) == 1] for g in synonyms.groups) if len(group) > 1]


def concepts_by_facet(ordered: list[Card], taxonomy: Taxonomy) -> list[dict]:
    """concept_index without its card lists: the page hands the worker the cards of each facet value, counted as
    its facets count them (state.cardsByValue), and each concept names the facet (param) whose value it is."""
    param_of = {FACET_FIELDS[field]: param for param, _, field in FACETS if field in FACET_FIELDS}
    return [
        {**{k: v for k, v in concept.items() if k not in ("cards", "first")}, "facet": param_of[concept["group"]]}
        for concept in concept_index(ordered, taxonomy)
    ]


def spellings(texts: list[list[list[str]]]) -> list[list]:
    """The content's words as written (folded), each with how often it stands, for "Menade du …?": words of at
    least MIN_PART letters that are no stop words, in order."""
    return spellings_of_words(words(text) for fields in texts for _, text in fields)


def spellings_of_words(runs: Iterable[list[str]]) -> list[list]:
    """spellings of texts given as their words (a run per text)."""
    written: Counter = Counter()  # each word as written, counted first: folding it once is enough
    for run in runs:
        written.update(run)
    counts: dict[str, int] = {}
    for word, times in written.items():
        folded = fold(word)
        if len(folded) >= MIN_PART and folded not in SV_STOP_WORDS:
            counts[folded] = counts.get(folded, 0) + times
    return [[word, counts[word]] for word in sorted(counts)]


def search_files(
    cards: list[Card],
    taxonomy: Taxonomy,
    urls: dict[str, str],
    cache_dir: Path | None = None,
    badges: dict[str, dict] | None = None,
    synonyms: Synonyms | None = None,
    together_bytes: int | None = None,
    inline_bytes: int | None = None,
    memo: SearchMemo | None = None,
) -> dict[str, str]:
    """The finder's data files, path → JSON. `memo` (under `mkdocs serve`) keeps what each card gives between
    builds (search_memo.py).

    - data/finder-cards.json: the facets, and the cards' types, facet values and badge ranks as columns
      (card_columns), which the page reads and draws, and in a small bank every card's details (shards.py). A card's
      position in it is its lunr ref in both indexes.
    - the search data in pieces (shards.search_pieces): the words file, the shards of the headline index (title,
      aliases, summary, labels) and of the text index (every other text field and the body), and per card its
      details (card_details) and its texts for the snippets.
    """
    ordered = in_display_order(cards)
    synonyms = synonyms or Synonyms(load_synonyms())
    if memo is None:
        texts_of = [card_texts(card) for card in ordered]
        docs = index_documents(ordered, taxonomy, synonyms, texts_of)
        indexes = {
            "headline": cached_compact_index(fields_only(docs, HEADLINE_FIELDS), HEADLINE_FIELDS, cache_dir),
            "text": cached_compact_index(fields_only(docs, TEXT_FIELDS), TEXT_FIELDS, cache_dir),
        }
    else:
        parts = memo.parts(ordered, taxonomy)
        texts_of = [part.texts for part in parts]
        docs = memo.documents(ordered, parts, synonyms)
        indexes = {
            name: memo.index(name, fields_only(docs, fields), functools.partial(compact_index_of, fields=fields))
            for name, fields in (("headline", HEADLINE_FIELDS), ("text", TEXT_FIELDS))
        }
    details = [card_details(card, badges) for card in ordered]
    # The summary first, with no label: a snippet from it names no field.
    texts = [[["", d["summary"]], *(list(pair) for pair in texts)] for d, texts in zip(details, texts_of, strict=True)]
    limits = {k: v for k, v in analysis_data().items() if k not in ("word_characters", "stop_words")}
    head = {
        # The word characters and stop words the worker takes from lunr.sv.js, which analysis.py reads them from.
        "analysis": limits,
        "synonyms": one_word_synonyms(synonyms),
        "concepts": concepts_by_facet(ordered, taxonomy),
    }
    if memo is None:
        spelled = spellings(texts)
    else:  # the snippets' texts are the summary and card_texts: the same words as these fields of card_words
        spelled = spellings_of_words(part.words[name] for part in parts for name in ("summary", "fields", "body"))
    files, location = search_pieces(indexes, head, details, texts, spelled, together_bytes, inline_bytes, memo)
    finder = finder_cards(cards, taxonomy, ordered, urls, badges)
    finder.update(location)  # where the pieces are, their build, and in a small bank the cards' details
    # The facets whose values are concepts: the page hands the worker the cards of those facets' values only.
    named = {concept["facet"] for concept in head["concepts"]}
    finder["concept_facets"] = [param for param, _, _ in FACETS if param in named]
    return {FINDER_CARDS_PATH: as_json(finder), **files}
