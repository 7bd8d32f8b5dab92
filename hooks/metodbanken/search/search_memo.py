"""What making the search data learns from each card, kept between the builds of `mkdocs serve` (issue 29).

At 5 000 cards the search data takes about ten seconds, made in a forked process after each edit (site/serve_cache.py).
Most of it is work that one card's edit does not change:

- a card's texts and words (card_texts, card_words) depend on the card alone: kept by its content;
- a card's terms (card_terms) depend on its words and on the vocabulary (every card's words, which compounds are
  split against): kept for one vocabulary. When an edit changes the vocabulary, only the cards holding a word whose
  terms it changes are analysed again;
- an index (lunr_index.compact_index_of) depends on all its documents: kept while they are equal; a title's edit
  leaves the text index as it was;
- an index's shards (shards.shards) depend on the index and on the terms of both indexes: kept while both are the same,
  and each term's JSON while its postings are (a body's edit changes the length that lunr weighs every card by, but
  the weights, rounded to a tenth, of few terms).

The memo belongs to the serve process; the forked process that makes the data starts with a copy, and sends back what
it learned (`learned`), which the serve process takes in (`take`) for the next edit. `begin` with the build's context
(the metodbanken package's files: code, taxonomy and synonyms) forgets everything when it changed. A hit is exactly
what making it gives (tests/test_search_memo.py). Plain Python: nothing here knows MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..content.load import Card
from ..taxonomy import Taxonomy
from .analysis import Synonyms, Vocabulary
from .documents import card_terms, card_texts, card_words, vocabulary_of
from .shards import term_pieces


@dataclass(frozen=True)
class CardParts:
    """What the search data takes from one card alone."""

    texts: list[tuple[str, str]]  # card_texts: the snippets' texts
    words: dict[str, list[str]]  # card_words: per indexed field its words
    word_set: frozenset[str]  # every word of `words`: which cards a change to the vocabulary reaches


def card_parts(card: Card, taxonomy: Taxonomy) -> CardParts:
    texts = card_texts(card)
    words = card_words(card, taxonomy, texts)
    return CardParts(texts, words, frozenset(word for field in words.values() for word in field))


class SearchMemo:
    """`begin(context)` a build; `parts`, `documents`, `index` and `shards` are what making them gives, kept."""

    def __init__(self):
        self._context: str | None = None
        self._parts: dict[str, CardParts] = {}  # card content → its parts
        self._vocabulary: Vocabulary | None = None
        self._terms: dict[str, dict[str, list[str]]] = {}  # card content → card_terms under _vocabulary
        self._indexes: dict[str, tuple[list[dict], dict]] = {}  # index name → (its documents, the index)
        self._shards: dict[str, tuple[dict, list[str], Any]] = {}  # index name → (index, all terms, shards)
        self._term_pieces: dict[str, dict[str, tuple]] = {}  # index name → term → (postings, coded, JSON)
        self._new_parts: dict[str, CardParts] = {}  # what `learned` sends: made since the memo was copied
        self._new_terms: dict[str, dict[str, list[str]]] = {}
        self._new_vocabulary = False
        self.made = self.kept = 0  # cards whose parts were made / kept, since `begin`
        self.took = 0  # cards whose parts the last `take` brought
        self.terms_kept = 0  # terms whose JSON was kept, since `begin`

    def begin(self, context: str) -> None:
        if context != self._context:
            self.__init__()
            self._context = context
        self.made = self.kept = self.terms_kept = 0

    def parts(self, cards: list[Card], taxonomy: Taxonomy) -> list[CardParts]:
        """Each card's parts, in order; only these cards' are kept from now on."""
        kept = {}
        for card in cards:
            content = card.content()
            found = self._parts.get(content)
            if found is None:
                found = self._new_parts[content] = card_parts(card, taxonomy)
                self.made += 1
            else:
                self.kept += 1
            kept[content] = found
        self._parts = kept
        return [kept[card.content()] for card in cards]

    def documents(self, cards: list[Card], parts: list[CardParts], synonyms: Synonyms) -> list[dict]:
        """index_documents of the cards in this order (their parts given): each card's terms kept under the same
        vocabulary, and, when the vocabulary changed, kept for a card none of whose words it changed."""
        if self._adopt(vocabulary_of((p.words for p in parts), synonyms)):
            self._new_vocabulary = True
        vocabulary = self._vocabulary
        kept = {}
        for card, part in zip(cards, parts, strict=True):
            content = card.content()
            terms = self._terms.get(content)
            if terms is None:
                terms = self._new_terms[content] = card_terms(part.words, vocabulary, synonyms)
            kept[content] = terms
        self._terms = kept
        return [{"ref": str(position), **kept[card.content()]} for position, card in enumerate(cards)]

    def index(self, name: str, docs: list[dict], make: Callable[[list[dict]], dict]) -> dict:
        """make(docs), or the index made of equal documents by the build before."""
        before = self._indexes.get(name)
        if before is not None and before[0] == docs:  # unchanged cards' lists are the same objects: quick to compare
            return before[1]
        index = make(docs)
        self._indexes[name] = (docs, index)
        return index

    def shards(self, name: str, index: dict, terms: list[str], make: Callable[..., Any]) -> Any:
        """make(pieces=…) (shards.shards), or what it gave for the same index among the same terms; each term's
        pieces (shards.term_pieces) kept while its postings are equal: an edit changes the weights of few terms."""
        before = self._shards.get(name)
        if before is not None and before[0] is index and before[1] == terms:
            return before[2]
        known = self._term_pieces.get(name, {})
        now: dict[str, tuple[list, list, str]] = {}

        def pieces(term: str, postings: list) -> tuple[list, str]:
            found = known.get(term)
            if found is None or found[0] != postings:
                found = (postings, *term_pieces(term, postings))
            else:
                self.terms_kept += 1
            now[term] = found
            return found[1], found[2]

        made = make(pieces=pieces)
        self._shards[name] = (index, terms, made)
        self._term_pieces[name] = now
        return made

    def _adopt(self, vocabulary: Vocabulary) -> bool:
        """Makes `vocabulary` the memo's (False: it has the same terms as the memo's, which stays), keeping the terms
        of each card none of whose words it analyses differently: a compound's terms depend on which of its parts
        the content holds."""
        before = self._vocabulary
        if before is not None and before.terms == vocabulary.terms:
            return False
        if before is None:
            self._terms = {}
        else:
            held = [(content, self._parts.get(content), terms) for content, terms in self._terms.items()]
            held = [entry for entry in held if entry[1] is not None]
            words = set().union(*(part.word_set for _, part, _ in held))
            changed = {word for word in words if before.terms_of_words([word]) != vocabulary.terms_of_words([word])}
            self._terms = {content: terms for content, part, terms in held if part.word_set.isdisjoint(changed)}
        self._vocabulary = vocabulary
        return True

    def learned(self) -> dict:
        """What this copy made that the serve process lacks: new cards' parts, and new terms with the vocabulary
        they were made under."""
        made_terms = self._new_vocabulary or self._new_terms
        return {
            "parts": self._new_parts,
            "terms": self._new_terms,
            "vocabulary": self._vocabulary if made_terms else None,
        }

    def take(self, learned: dict) -> None:
        """What a copy learned (`learned`), for the builds to come. Terms made under another vocabulary than the
        memo's (an edit that added a word) come with it, and the memo keeps what that vocabulary does not change."""
        self._parts.update(learned["parts"])
        self.took = len(learned["parts"])
        if learned["vocabulary"] is not None:
            self._adopt(learned["vocabulary"])
        self._terms.update(learned["terms"])
        self._new_parts, self._new_terms, self._new_vocabulary = {}, {}, False


# One per process: `mkdocs serve` loads the adapter afresh for each build, but keeps this module.
SERVE_SEARCH = SearchMemo()
