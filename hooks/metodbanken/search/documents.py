"""What the finder's search indexes: one document per card with its fields as finished terms (analysis.py), the
texts for the snippets, and the concepts (challenges, focus areas and target groups) the headline index carries.

The headline index carries the concepts (concept_index) with the terms people search for them with (their labels and
taxonomy.yml's `words`), so that the worker finds the cards tagged with a concept a query names, and puts a
challenge's methods first for a query that names only the problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..content.load import Card
from ..field_kinds import link_texts
from ..paths import TAXONOMY_PAGES
from ..schema import CARD_TYPES, Field
from ..taxonomy import Taxonomy
from .analysis import Synonyms, Vocabulary, load_synonyms, tokens, words
from .analysis import term as word_term

# --- what is indexed -----------------------------------------------------------------------------------
# Two lunr indexes: the headline index (title, aliases, summary, labels) comes with the card list and gives
# the first results; the text index (every other text field and the body) loads after it. The browser adds
# up both. Title and aliases weigh most, the body least.
HEADLINE_FIELDS = (
    {"field_name": "title", "boost": 10},
    {"field_name": "aliases", "boost": 8},
    {"field_name": "summary", "boost": 3},
    {"field_name": "labels", "boost": 2},
)
TEXT_FIELDS = (
    {"field_name": "fields", "boost": 1.5},
    {"field_name": "body", "boost": 1},
)
HEADLINE = {"title", "summary", "aliases"}
NOT_SEARCHED = {"sources"}  # document section names say where a fact is from, not what the card is about
BODY_LABEL = "Text"
# Card field → taxonomy group, for the finder's facets and the searchable labels.
FACET_FIELDS = {
    "focus_areas": "focus_areas",
    "target_groups": "target_groups",
    "actors": "actors",
    "challenges": "challenges",
    "municipalities": "municipalities",
    "status": "project_statuses",
    "documentation": "documentation_levels",
}
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "ü": "y"})  # after z
_MARKDOWN_MARKS = re.compile(r"(^|\s)#+\s|[*_`>]+|<[^>]*>")
_MARKDOWN_MARKS_BUT_TAGS = re.compile(r"(^|\s)#+\s|[*_`>]+")


def plain_text(value: object) -> str:
    # Python splits on every Unicode space, as lunr.js's /\s/ does; lunr.py only knows a few.
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    return " ".join(str(value or "").split())


def _without_marks(text: str) -> str:
    """Exactly _MARKDOWN_MARKS.sub(r"\1", text), in linear time.

    '<[^>]*>' scans to the end from every '<' when no '>' follows, quadratic in the number of '<'. Past the
    last '>' it cannot match, so that part goes through the pattern without it; 'a' stands in for the text
    before it, so that '^' does not match there (no match can span the '>' and keep anything).
    """
    end = text.rfind(">") + 1
    if end == 0:
        return _MARKDOWN_MARKS_BUT_TAGS.sub(r"\1", text)
    rest = _MARKDOWN_MARKS_BUT_TAGS.sub(r"\1", "a" + text[end:])[1:]
    return _MARKDOWN_MARKS.sub(r"\1", text[:end]) + rest


def plain_markdown(text: str) -> str:
    """Readable text of Markdown for snippets: link texts without addresses, no emphasis marks or tags."""
    return plain_text(_without_marks(link_texts(str(text or ""), images=True)))


def _ids(value: object) -> list[str]:
    return list(value) if isinstance(value, list) else [value] if value else []


def facet_values(card: Card) -> dict[str, list[str]]:
    values = {name: _ids(card.data.get(name)) for name in FACET_FIELDS}
    values["municipalities"] = values["municipalities"] or _ids(card.data.get("municipality"))  # labs have one
    return values


def in_display_order(cards: list[Card]) -> list[Card]:
    """By card type, then by title in Swedish alphabetical order (å, ä, ö last)."""
    types = list(CARD_TYPES)
    return sorted(cards, key=lambda c: (types.index(c.type), c.title.casefold().translate(_SWEDISH_ORDER), c.id))


def _field_texts(field: Field, value: object, label: str) -> list[tuple[str, str]]:
    if value in (None, "", []):
        return []
    if field.kind.is_text:
        items = value if isinstance(value, list) else [value]
        text = " · ".join(plain_markdown(item) for item in items if item not in (None, ""))
        return [(label, text)] if text else []
    if field.subfields and isinstance(value, list):
        found = []
        for item in value:
            if isinstance(item, dict):
                found += [
                    pair
                    for sub in field.subfields
                    for pair in _field_texts(sub, item.get(sub.name), f"{label}: {sub.label}")
                ]
        return found
    return []


def card_texts(card: Card) -> list[tuple[str, str]]:
    """(label, text) of every text field of the card beyond the headline, read from the schema, then the body."""
    found = []
    for field in CARD_TYPES[card.type].fields:
        if field.name not in HEADLINE and field.name not in NOT_SEARCHED:
            found += _field_texts(field, card.data.get(field.name), field.label)
    body = plain_markdown(card.body)
    return found + ([(BODY_LABEL, body)] if body else [])


def card_words(card: Card, taxonomy: Taxonomy, texts: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The words of each indexed field of one card (`texts`: its card_texts), before they become terms: they depend
    on the card alone, its terms on every card's words (the Vocabulary its compounds are split against)."""
    values = facet_values(card)
    labels = [
        taxonomy.label(group, term_id)
        for name, group in FACET_FIELDS.items()
        for term_id in values[name]
        if group in taxonomy.groups
    ]
    labels += [str(card.data[name]) for name in ("place", "housing_company", "owner") if card.data.get(name)]
    raw = {
        "title": plain_text(card.title),
        "aliases": plain_text(card.data.get("aliases")),
        "summary": plain_text(card.data.get("summary")),
        "labels": plain_text(labels),
        "fields": plain_text([text for label, text in texts if label != BODY_LABEL]),
        "body": plain_text([text for label, text in texts if label == BODY_LABEL]),
    }
    return {name: words(text) for name, text in raw.items()}


def vocabulary_of(found_words: Iterable[dict[str, list[str]]], synonyms: Synonyms) -> Vocabulary:
    """The terms of every word the cards hold (card_words) and of the synonyms."""
    written = {word for doc in found_words for field in doc.values() for word in field}  # each word once
    return Vocabulary({t for t in map(word_term, written) if t} | synonyms.terms())


def card_terms(found: dict[str, list[str]], vocabulary: Vocabulary, synonyms: Synonyms) -> dict[str, list[str]]:
    """A card's indexed fields as terms, from its card_words."""
    fields = {name: vocabulary.terms_of_words(words_of) for name, words_of in found.items()}
    # A synonym lands in the field that holds its partner, so a title's synonym ranks as the title.
    return {name: terms + synonyms.expand(terms) for name, terms in fields.items()}


def index_documents(
    ordered: list[Card],
    taxonomy: Taxonomy,
    synonyms: Synonyms | None = None,
    texts_of: list[list[tuple[str, str]]] | None = None,
) -> list[dict]:
    """One document per card with its fields as terms; its ref is the card's position in `ordered`. `texts_of`:
    each card's card_texts, when the caller has them."""
    synonyms = synonyms or Synonyms(load_synonyms())
    texts_of = texts_of or [card_texts(card) for card in ordered]
    found_words = [card_words(card, taxonomy, texts) for card, texts in zip(ordered, texts_of, strict=True)]
    vocabulary = vocabulary_of(found_words, synonyms)
    return [
        {"ref": str(position), **card_terms(found, vocabulary, synonyms)} for position, found in enumerate(found_words)
    ]


# --- concepts: challenges, focus areas and target groups as people name them -----------------------------
# A query that names a concept (its label or one of its taxonomy `words`) finds the cards tagged with it, and a
# query that names only a problem puts the challenge's methods first. Matched in the search worker; made here.
CONCEPT_GROUPS = ("challenges", "focus_areas", "target_groups")


def concept_index(ordered: list[Card], taxonomy: Taxonomy) -> list[dict]:
    """Per concept: its group, id, label and page (for the finder's links), `names` (the terms of its label and
    of each of its words: a query holding every term of one names it), `about` (the other terms of its description;
    with the names, for the closest concepts when a query finds little), `cards` (positions of the cards tagged with
    it or with a narrower value) and, for challenges, `first`: the positions of those that are methods."""
    concepts = []
    tagged = [facet_values(card) for card in ordered]
    for group in CONCEPT_GROUPS:
        if group not in taxonomy.groups:
            continue
        for term in taxonomy.terms(group):
            counts = taxonomy.counter(group, term.id)  # the one rule for every count by term
            names = []
            for name in (term.label, *term.words):
                found = tokens(name)
                if found and found not in names:
                    names.append(found)
            cards = [p for p, values in enumerate(tagged) if counts(values[group])]
            concept = {
                "group": group,
                "id": term.id,
                "label": term.label,
                "url": f"{TAXONOMY_PAGES[group]}/{term.id}/",
                "names": names,
                "about": sorted(set(tokens(term.description)) - {t for name in names for t in name}),
                "cards": cards,
            }
            if group == "challenges":
                concept["first"] = [p for p in cards if ordered[p].type == "method"]
            concepts.append(concept)
    return concepts
