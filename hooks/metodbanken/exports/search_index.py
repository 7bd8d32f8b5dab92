"""The finder's data files: cards, facets and two lunr indexes built here with lunr.py and queried in the
browser by lunr.js, in the finder's search worker (docs/javascripts/finder/search-worker.js).

Every word is analysed here into finished index terms: split into words by lunr.sv.js's word characters,
folded (é → e; å, ä, ö kept), stop words dropped, stemmed as lunr.sv.js stems, and compounds followed by
their parts where the parts are words of the content; synonyms (synonyms.yml) are added where a partner
stands. The worker analyses queries with the same steps, so both sides must change together.

The headline index also carries the concepts (concept_index): challenges, focus areas and target groups with the
terms people search for them with (their labels and taxonomy.yml's `words`), so that the worker finds the cards
tagged with a concept a query names, and puts a challenge's methods first for a query that names only the problem.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path

import lunr
import yaml
from lunr.builder import Builder
from snowballstemmer.among import Among
from snowballstemmer.basestemmer import BaseStemmer

from ..content.badges import BADGES
from ..content.load import Card
from ..content.project_status import status_facet, status_facet_terms
from ..content.sources import SELF_REPORTED, self_reported
from ..field_kinds import link_texts
from ..paths import (
    FINDER_CARDS_PATH,
    SEARCH_HEADLINE_INDEX_PATH,
    SEARCH_TEXT_INDEX_PATH,
    SEARCH_TEXTS_PATH,
    TAXONOMY_PAGES,
)
from ..schema import CARD_TYPES, Field
from ..taxonomy import TAXONOMY_PATH, Taxonomy, in_swedish_order

# Copied from lunr.sv.js (lunr.sv.wordCharacters and the stopWordFilter list).
SV_WORD_CHARACTERS = (
    "A-Za-z\xaa\xba\xc0-\xd6\xd8-\xf6\xf8-\u02b8\u02e0-\u02e4\u1d00-\u1d25\u1d2c-\u1d5c\u1d62-\u1d65"
    "\u1d6b-\u1d77\u1d79-\u1dbe\u1e00-\u1eff\u2071\u207f\u2090-\u209c\u212a\u212b\u2132\u214e\u2160-\u2188"
    "\u2c60-\u2c7f\ua722-\ua787\ua78b-\ua7ad\ua7b0-\ua7b7\ua7f7-\ua7ff\uab30-\uab5a\uab5c-\uab64\ufb00-\ufb06"
    "\uff21-\uff3a\uff41-\uff5a"
)
SV_STOP_WORDS = frozenset(
    [
        "alla",
        "allt",
        "att",
        "av",
        "blev",
        "bli",
        "blir",
        "blivit",
        "de",
        "dem",
        "den",
        "denna",
        "deras",
        "dess",
        "dessa",
        "det",
        "detta",
        "dig",
        "din",
        "dina",
        "ditt",
        "du",
        "där",
        "då",
        "efter",
        "ej",
        "eller",
        "en",
        "er",
        "era",
        "ert",
        "ett",
        "från",
        "för",
        "ha",
        "hade",
        "han",
        "hans",
        "har",
        "henne",
        "hennes",
        "hon",
        "honom",
        "hur",
        "här",
        "i",
        "icke",
        "ingen",
        "inom",
        "inte",
        "jag",
        "ju",
        "kan",
        "kunde",
        "man",
        "med",
        "mellan",
        "men",
        "mig",
        "min",
        "mina",
        "mitt",
        "mot",
        "mycket",
        "ni",
        "nu",
        "när",
        "någon",
        "något",
        "några",
        "och",
        "om",
        "oss",
        "på",
        "samma",
        "sedan",
        "sig",
        "sin",
        "sina",
        "sitta",
        "själv",
        "skulle",
        "som",
        "så",
        "sådan",
        "sådana",
        "sådant",
        "till",
        "under",
        "upp",
        "ut",
        "utan",
        "vad",
        "var",
        "vara",
        "varför",
        "varit",
        "varje",
        "vars",
        "vart",
        "vem",
        "vi",
        "vid",
        "vilka",
        "vilkas",
        "vilken",
        "vilket",
        "vår",
        "våra",
        "vårt",
        "än",
        "är",
        "åt",
        "över",
    ]
)


class LunrSvStemmer(BaseStemmer):
    """Snowball's Swedish stemmer as lunr.sv.js has it.

    snowballstemmer 3 also strips '-et' ('arbetet' → 'arbet') and changed '-löst'; lunr.sv.js does neither,
    so its own SwedishStemmer would stem index and queries differently.
    """

    VOWELS = {"a", "e", "i", "o", "u", "y", "ä", "å", "ö"}
    S_ENDING = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "o", "p", "r", "t", "v", "y"}
    MAIN_SUFFIXES = [
        Among(s, i, r)
        for s, i, r in (
            ("a", -1, 1),
            ("arna", 0, 1),
            ("erna", 0, 1),
            ("heterna", 2, 1),
            ("orna", 0, 1),
            ("ad", -1, 1),
            ("e", -1, 1),
            ("ade", 6, 1),
            ("ande", 6, 1),
            ("arne", 6, 1),
            ("are", 6, 1),
            ("aste", 6, 1),
            ("en", -1, 1),
            ("anden", 12, 1),
            ("aren", 12, 1),
            ("heten", 12, 1),
            ("ern", -1, 1),
            ("ar", -1, 1),
            ("er", -1, 1),
            ("heter", 18, 1),
            ("or", -1, 1),
            ("s", -1, 2),
            ("as", 21, 1),
            ("arnas", 22, 1),
            ("ernas", 22, 1),
            ("ornas", 22, 1),
            ("es", 21, 1),
            ("ades", 26, 1),
            ("andes", 26, 1),
            ("ens", 21, 1),
            ("arens", 29, 1),
            ("hetens", 29, 1),
            ("erns", 21, 1),
            ("at", -1, 1),
            ("andet", -1, 1),
            ("het", -1, 1),
            ("ast", -1, 1),
        )
    ]
    CONSONANT_PAIRS = [Among(s, -1, -1) for s in ("dd", "gd", "nn", "dt", "gt", "kt", "tt")]
    OTHER_SUFFIXES = [
        Among("ig", -1, 1),
        Among("lig", 0, 1),
        Among("els", -1, 1),
        Among("fullt", -1, 3),
        Among("löst", -1, 2),
    ]

    def _stem(self) -> bool:
        p1 = self._region_start()
        for step in (self._main_suffix, self._consonant_pair, self._other_suffix):
            self.cursor, self.limit_backward = self.limit, 0
            if self.cursor >= p1:
                step(p1)
        self.cursor, self.limit_backward = 0, 0
        return True

    def _region_start(self) -> int:
        """R1: after the first non-vowel that follows a vowel, but at least 3 letters in."""
        word = self.current
        first_vowel = next((i for i, ch in enumerate(word) if ch in self.VOWELS), None)
        if first_vowel is None:
            return self.limit
        after = next((i + 1 for i in range(first_vowel, len(word)) if word[i] not in self.VOWELS), None)
        return self.limit if after is None else max(after, 3)

    def _main_suffix(self, p1: int) -> None:
        self.ket = self.cursor
        self.limit_backward = p1
        found = self.find_among_b(self.MAIN_SUFFIXES)
        self.limit_backward = 0  # the letter before an -s may lie outside R1
        if found:
            self.bra = self.cursor
            if found == 1 or (found == 2 and self.in_grouping_b(self.S_ENDING)):
                self.slice_del()

    def _consonant_pair(self, p1: int) -> None:
        self.limit_backward = p1
        if self.find_among_b(self.CONSONANT_PAIRS):
            self.cursor = self.limit
            self.ket = self.cursor
            if self.cursor > self.limit_backward:
                self.cursor -= 1
                self.bra = self.cursor
                self.slice_del()

    def _other_suffix(self, p1: int) -> None:
        self.ket = self.cursor
        self.limit_backward = p1
        found = self.find_among_b(self.OTHER_SUFFIXES)
        if found:
            self.bra = self.cursor
            {1: self.slice_del, 2: lambda: self.slice_from("lös"), 3: lambda: self.slice_from("full")}[found]()


_stemmer = LunrSvStemmer()


@functools.lru_cache(maxsize=200_000)  # words repeat a lot; stemming was half the build time
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


# --- Swedish as people type it: the same analysis here and in docs/javascripts/finder.js ----------------
# Words are runs of lunr.sv.js's word characters, so digits and lunr's query syntax (+ - ~ ^ : *) separate
# words instead of reaching the index or a query.
_WORD = re.compile(f"[{SV_WORD_CHARACTERS}]+")
_COMBINING = re.compile("[\u0300-\u036f]")
# A compound is split only where each part has this many letters, so 'ungdomar' never becomes 'ung' + 'domar'.
MIN_PART = 4
MIN_COMPOUND = 2 * MIN_PART
MAX_COMPOUND = 40  # longer is no word; splitting it would take quadratic time
# Endings of the definite form the stemmer leaves ('caféet', 'jobbet'); tried when a word is not known as is.
DEFINITE_ENDINGS = ("et", "en", "t", "n")


def fold(word: str) -> str:
    """Lower case without diacritics, except å, ä and ö, which are letters of their own in Swedish."""
    protected = word.lower().replace("å", "\x01").replace("ä", "\x02").replace("ö", "\x03")
    folded = _COMBINING.sub("", unicodedata.normalize("NFD", protected))
    return unicodedata.normalize("NFC", folded.replace("\x01", "å").replace("\x02", "ä").replace("\x03", "ö"))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def term(word: str) -> str | None:
    """The index term of one word, or None for a stop word."""
    folded = fold(word)
    return None if folded in SV_STOP_WORDS else stem(folded)


def tokens(text: str) -> list[str]:
    """The terms of `text` without compound parts: what a query's words are looked up as."""
    return [t for t in (term(w) for w in words(text)) if t]


analyse = tokens


class Vocabulary:
    """The terms of the content, against which compounds are split (the browser uses the index's terms)."""

    def __init__(self, terms: set[str]):
        self.terms = terms
        self._splits: dict[str, list[str] | None] = {}

    def known(self, word: str) -> str | None:
        """The term of a folded word if the content has it, also in its definite form; never a stop word
        ('före' stems to 'för', which would split 'föreningarna')."""
        found = stem(word)
        if found in self.terms:
            return None if found in SV_STOP_WORDS else found
        for ending in DEFINITE_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_PART:
                found = stem(word[: -len(ending)])
                if found in self.terms:
                    return None if found in SV_STOP_WORDS else found
        return None

    def split(self, word: str) -> list[str] | None:
        """The terms of a compound's parts, longest first part first, with or without a linking -s-."""
        if word in self._splits:
            return self._splits[word]
        parts = None
        if MIN_COMPOUND <= len(word) <= MAX_COMPOUND:
            for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
                head, rest = word[:cut], word[cut:]
                heads = [head[:-1], head] if head.endswith("s") and len(head) > MIN_PART else [head]
                first = next((t for t in (self.known(h) for h in heads) if t), None)
                if not first:
                    continue
                last = self.known(rest)
                tail = [last] if last else self.split(rest)
                if tail:
                    parts = [first, *tail]
                    break
        self._splits[word] = parts
        return parts

    def terms_of(self, text: str) -> list[str]:
        """Every word's term, followed by the terms of its parts when it is a compound."""
        found = []
        for word in words(text):
            folded = fold(word)
            if folded in SV_STOP_WORDS:
                continue
            found.append(stem(folded))
            found += self.split(folded) or []
        return found


# --- synonyms -------------------------------------------------------------------------------------------
SYNONYMS_PATH = TAXONOMY_PATH.with_name("synonyms.yml")  # beside the taxonomy


def load_synonyms(path: Path = SYNONYMS_PATH) -> list[list[str]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(raw, list) or not all(isinstance(g, list) and len(g) > 1 for g in raw):
        raise ValueError(f"{path.name}: varje post ska vara en lista med minst två ord som betyder samma sak")
    return [[str(member) for member in group] for group in raw]


class Synonyms:
    """Groups of words and phrases that mean the same; a card holding one is found by every one."""

    def __init__(self, groups: list[list[str]]):
        self.groups = [[tuple(tokens(member)) for member in group] for group in groups]
        self.groups = [[m for m in group if m] for group in self.groups]

    def terms(self) -> set[str]:
        return {t for group in self.groups for member in group for t in member}

    def expand(self, found: list[str]) -> list[str]:
        """The one-word members of every group that `found` holds a member of, and not already in it."""
        present = set(found)
        extra: list[str] = []
        for group in self.groups:
            if any(_holds(found, present, member) for member in group):
                extra += [m[0] for m in group if len(m) == 1 and m[0] not in present and m[0] not in extra]
        return extra


def _holds(found: list[str], present: set[str], member: tuple[str, ...]) -> bool:
    if len(member) == 1 or not set(member) <= present:
        return member[0] in present
    return any(tuple(found[i : i + len(member)]) == member for i in range(len(found) - len(member) + 1))


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
    for group in CONCEPT_GROUPS:
        if group not in taxonomy.groups:
            continue
        for term in taxonomy.terms(group):
            included = set(taxonomy.descendants(group, term.id))
            names = []
            for name in (term.label, *term.words):
                found = tokens(name)
                if found and found not in names:
                    names.append(found)
            cards = [p for p, card in enumerate(ordered) if included & set(facet_values(card)[group])]
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
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "ü": "y"})  # after z
_MARKDOWN_MARKS = re.compile(r"(^|\s)#+\s|[*_`>]+|<[^>]*>")
_MARKDOWN_MARKS_BUT_TAGS = re.compile(r"(^|\s)#+\s|[*_`>]+")


def _plain(value: object) -> str:
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
    return _plain(_without_marks(link_texts(str(text or ""), images=True)))


def _ids(value: object) -> list[str]:
    return list(value) if isinstance(value, list) else [value] if value else []


def facet_values(card: Card) -> dict[str, list[str]]:
    data = dict(card.data)
    data["municipalities"] = _ids(data.get("municipalities")) or _ids(data.get("municipality"))  # labs have one
    return {name: _ids(data.get(name)) for name in FACET_FIELDS}


def facet_terms(taxonomy: Taxonomy, group: str) -> list:
    return status_facet_terms(taxonomy) if group == "project_statuses" else taxonomy.terms(group)


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


def index_documents(ordered: list[Card], taxonomy: Taxonomy, synonyms: Synonyms | None = None) -> list[dict]:
    """One document per card with its fields as terms; its ref is the card's position in `ordered`."""
    synonyms = synonyms or Synonyms(load_synonyms())
    raw = []
    for card in ordered:
        labels = [
            taxonomy.label(group, term_id)
            for name, group in FACET_FIELDS.items()
            for term_id in facet_values(card)[name]
            if group in taxonomy.groups
        ]
        labels += [str(card.data[name]) for name in ("place", "housing_company", "owner") if card.data.get(name)]
        texts = card_texts(card)
        raw.append(
            {
                "title": _plain(card.title),
                "aliases": _plain(card.data.get("aliases")),
                "summary": _plain(card.data.get("summary")),
                "labels": _plain(labels),
                "fields": _plain([text for label, text in texts if label != BODY_LABEL]),
                "body": _plain([text for label, text in texts if label == BODY_LABEL]),
            }
        )
    vocabulary = Vocabulary({t for doc in raw for text in doc.values() for t in tokens(text)} | synonyms.terms())
    docs = []
    for position, doc in enumerate(raw):
        fields = {name: vocabulary.terms_of(text) for name, text in doc.items()}
        # A synonym lands in the field that holds its partner, so a title's synonym ranks as the title.
        docs.append({"ref": str(position), **{name: found + synonyms.expand(found) for name, found in fields.items()}})
    return docs


def plain_builder() -> Builder:
    # The documents arrive as finished terms (Vocabulary.terms_of); the browser analyses queries the same way.
    return Builder()


def _short(score: float) -> float | int:
    score = round(score, 1)
    return int(score) if score.is_integer() else score


def build_index(docs: list[dict], fields=HEADLINE_FIELDS + TEXT_FIELDS) -> dict:
    """The serialized lunr index (lunr.js 2.3.9 format) of `docs`, over `fields`."""
    # A list reaches lunr.py's tokenizer as ready-made tokens.
    specs = [{**spec, "extractor": lambda doc, name=spec["field_name"]: doc[name]} for spec in fields]
    index = lunr.lunr(ref="ref", fields=specs, documents=docs, builder=plain_builder()).serialize()
    # Vectors alternate term number and score. One decimal ranks the same and saves a tenth of the file.
    index["fieldVectors"] = [
        [ref, [_short(x) if i % 2 else x for i, x in enumerate(vector)]] for ref, vector in index["fieldVectors"]
    ]
    return index


def compact_index(index: dict) -> dict:
    """A serialized lunr index in the finder's own form, which the browser reads in a fraction of the time: lunr's
    postings are an object per term, field and card, and its field vectors repeat every term of every field.

    - terms: lunr's terms, in its order; a term's number (lunr's `_index`) is its place in this list;
    - postings: per term, per field (in `fields` order), the refs (card positions) that hold it, each followed by
      the term's weight in that field of that card, its entry in lunr's field vector: [ref, weight, ref, weight …].
    lunr scores a card by the dot product of the query's vector with the card's field vectors, so only the weights
    of the query's own terms count: search-worker.js makes a lunr.Index of this form that turns a posting back into
    lunr's objects, and adds its weights to the field vectors, only when a query reaches its term.
    """
    fields = index["fields"]
    number = {posting["_index"]: place for place, (_, posting) in enumerate(index["invertedIndex"])}
    weights = {}
    for field_ref, vector in index["fieldVectors"]:
        for i in range(0, len(vector), 2):
            weights[field_ref, number[vector[i]]] = vector[i + 1]
    postings = []
    for place, (term, posting) in enumerate(index["invertedIndex"]):
        for field in fields:
            if any(metadata for metadata in posting[field].values()):
                raise ValueError(f"{term}: the compact index keeps no posting metadata")
        postings.append(
            [
                [
                    x
                    for ref in sorted(int(ref) for ref in posting[field])
                    for x in (ref, weights.pop((f"{field}/{ref}", place)))
                ]
                for field in fields
            ]
        )
    if weights:
        raise ValueError(f"{len(weights)} field vector entries have no posting")
    return {
        "version": index["version"],
        "fields": fields,
        "pipeline": index["pipeline"],
        "terms": [term for term, _ in index["invertedIndex"]],
        "postings": postings,
    }


def default_cache_dir() -> Path:
    # Per user: another account on the machine must not be able to plant an index.
    user = getattr(os, "getuid", lambda: "")()
    return Path(tempfile.gettempdir()) / f"metodbanken-cache-{user}"


CACHE_KEEP = 12  # newest index files kept; each content change adds one


def cached_index_json(docs: list[dict], fields, cache_dir: Path | None = None) -> str:
    """The index in its compact form (compact_index) as JSON, reused when the indexed text and this builder are
    unchanged."""
    key = hashlib.sha256()
    key.update(Path(__file__).read_bytes())  # any change to the pipeline or fields invalidates old indexes
    key.update(lunr.__VERSION__.encode())
    key.update(json.dumps([docs, fields], ensure_ascii=False, sort_keys=True).encode("utf-8"))
    cache_dir = cache_dir or default_cache_dir()
    cached = cache_dir / f"search-index-{key.hexdigest()[:40]}.json"
    try:
        text = cached.read_text(encoding="utf-8")
        os.utime(cached)
        return text
    except OSError:
        pass
    text = json.dumps(compact_index(build_index(docs, fields)), ensure_ascii=False, separators=(",", ":"))
    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=cache_dir, delete=False, suffix=".tmp") as tmp:
            tmp.write(text)
        os.replace(tmp.name, cached)  # atomic: parallel builds never read half a file
        for old in sorted(cache_dir.glob("search-index-*.json"), key=lambda p: p.stat().st_mtime)[:-CACHE_KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # an unwritable cache only costs time
    return text


def _fields_only(docs: list[dict], fields) -> list[dict]:
    names = [f["field_name"] for f in fields]
    return [{"ref": doc["ref"], **{name: doc[name] for name in names}} for doc in docs]


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
    - data/search-headline-index.json: for the search worker's first results, the headline index (title, aliases,
      summary, labels) and the one-word synonyms; the page hands the worker the summaries for their snippets.
    - data/search-text-index.json: the index of every other text field and the body.
    - data/search-texts.json: those texts per card, as [label, text] pairs, for the snippets.
    """
    ordered = in_display_order(cards)
    records = []
    for card in ordered:
        record = {
            "id": card.id,
            "type": card.type,
            "url": urls[card.id],
            "title": card.title,
            "summary": _plain(card.data.get("summary")),
        }
        record.update({name: ids for name, ids in facet_values(card).items() if ids})
        if card.type == "project":  # derived (project_status.py): ongoing past its end date is a value of its own
            record["status"] = [status_facet(card)]
        if badges and card.id in badges:
            record["badges"] = badges[card.id]
        if self_reported(card.data.get("sources") or []):  # shown in the result as the card shows it (sources.py)
            record["self_reported"] = True
        records.append(record)
    synonyms = synonyms or Synonyms(load_synonyms())
    docs = index_documents(ordered, taxonomy, synonyms)
    facets = finder_facets(taxonomy, cards)
    head = json.dumps(
        {
            "schema_version": 3,
            "card_types": [{"id": t.name, "label": t.label} for t in CARD_TYPES.values()],
            "self_reported_label": SELF_REPORTED,
            "taxonomy": {
                group: [
                    {"id": t.id, "label": t.label}
                    for t in (
                        used_terms(cards, taxonomy, group) if group in ONLY_USED else facet_terms(taxonomy, group)
                    )
                ]
                for group in FACET_FIELDS.values()
                if group in taxonomy.groups
            },
            "facets": facets,
            "download_columns": download_columns(facets),
            "cards": records,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    headline_head = json.dumps(
        {
            # One-word synonyms as terms, so a snippet can mark 'feriejobb' for a search for 'sommarjobb'.
            "synonyms": [
                group for group in ([m[0] for m in g if len(m) == 1] for g in synonyms.groups) if len(group) > 1
            ],
            "concepts": concept_index(ordered, taxonomy),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    headline = cached_index_json(_fields_only(docs, HEADLINE_FIELDS), HEADLINE_FIELDS, cache_dir)
    texts = [[list(pair) for pair in card_texts(card)] for card in ordered]
    return {
        FINDER_CARDS_PATH: head,
        SEARCH_HEADLINE_INDEX_PATH: headline_head[:-1] + ',"index":' + headline + "}",
        SEARCH_TEXT_INDEX_PATH: cached_index_json(_fields_only(docs, TEXT_FIELDS), TEXT_FIELDS, cache_dir),
        SEARCH_TEXTS_PATH: json.dumps(texts, ensure_ascii=False, separators=(",", ":")),
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
