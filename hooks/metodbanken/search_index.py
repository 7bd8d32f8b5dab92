"""The finder's data file: its cards, facet labels and a full-text index built here with lunr.py and loaded
in the browser by lunr.js with lunr.sv.js.

Query words are trimmed, filtered and stemmed in the browser by lunr.sv.js, so every step here must give
exactly what lunr.sv.js gives; the functions are registered under lunr.sv.js's labels so the serialized
index names a pipeline the browser knows.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

import lunr
from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.token import Token
from snowballstemmer.among import Among
from snowballstemmer.basestemmer import BaseStemmer

from .load import Card
from .project_status import status_facet, status_facet_terms
from .schema import CARD_TYPES
from .taxonomy import Taxonomy

# Copied from lunr.sv.js (lunr.sv.wordCharacters and the stopWordFilter list).
SV_WORD_CHARACTERS = (
    "A-Za-z\xAA\xBA\xC0-\xD6\xD8-\xF6\xF8-\u02B8\u02E0-\u02E4\u1D00-\u1D25\u1D2C-\u1D5C\u1D62-\u1D65"
    "\u1D6B-\u1D77\u1D79-\u1DBE\u1E00-\u1EFF\u2071\u207F\u2090-\u209C\u212A\u212B\u2132\u214E\u2160-\u2188"
    "\u2C60-\u2C7F\uA722-\uA787\uA78B-\uA7AD\uA7B0-\uA7B7\uA7F7-\uA7FF\uAB30-\uAB5A\uAB5C-\uAB64\uFB00-\uFB06"
    "\uFF21-\uFF3A\uFF41-\uFF5A"
)
SV_STOP_WORDS = frozenset(
    "alla allt att av blev bli blir blivit de dem den denna deras dess dessa det detta dig din dina ditt du där "
    "då efter ej eller en er era ert ett från för ha hade han hans har henne hennes hon honom hur här i icke ingen "
    "inom inte jag ju kan kunde man med mellan men mig min mina mitt mot mycket ni nu när någon något några och om "
    "oss på samma sedan sig sin sina sitta själv skulle som så sådan sådana sådant till under upp ut utan vad var "
    "vara varför varit varje vars vart vem vi vid vilka vilkas vilken vilket vår våra vårt än är åt över".split()
)

_LEADING = re.compile(f"^[^{SV_WORD_CHARACTERS}]+")
_TRAILING = re.compile(f"[^{SV_WORD_CHARACTERS}]+\\Z")


class LunrSvStemmer(BaseStemmer):
    """Snowball's Swedish stemmer as lunr.sv.js has it.

    snowballstemmer 3 also strips '-et' ('arbetet' → 'arbet') and changed '-löst'; lunr.sv.js does neither,
    so its own SwedishStemmer would stem index and queries differently.
    """

    VOWELS = {"a", "e", "i", "o", "u", "y", "ä", "å", "ö"}
    S_ENDING = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "o", "p", "r", "t", "v", "y"}
    MAIN_SUFFIXES = [
        Among(s, i, r) for s, i, r in (
            ("a", -1, 1), ("arna", 0, 1), ("erna", 0, 1), ("heterna", 2, 1), ("orna", 0, 1), ("ad", -1, 1),
            ("e", -1, 1), ("ade", 6, 1), ("ande", 6, 1), ("arne", 6, 1), ("are", 6, 1), ("aste", 6, 1),
            ("en", -1, 1), ("anden", 12, 1), ("aren", 12, 1), ("heten", 12, 1), ("ern", -1, 1), ("ar", -1, 1),
            ("er", -1, 1), ("heter", 18, 1), ("or", -1, 1), ("s", -1, 2), ("as", 21, 1), ("arnas", 22, 1),
            ("ernas", 22, 1), ("ornas", 22, 1), ("es", 21, 1), ("ades", 26, 1), ("andes", 26, 1), ("ens", 21, 1),
            ("arens", 29, 1), ("hetens", 29, 1), ("erns", 21, 1), ("at", -1, 1), ("andet", -1, 1),
            ("het", -1, 1), ("ast", -1, 1),
        )
    ]
    CONSONANT_PAIRS = [Among(s, -1, -1) for s in ("dd", "gd", "nn", "dt", "gt", "kt", "tt")]
    OTHER_SUFFIXES = [
        Among("ig", -1, 1), Among("lig", 0, 1), Among("els", -1, 1), Among("fullt", -1, 3), Among("löst", -1, 2),
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


def trimmer_sv(token, i=None, tokens=None):
    token.update(lambda s, _meta: _TRAILING.sub("", _LEADING.sub("", s)))
    return token if str(token) else None  # a token of only digits or punctuation is dropped, not indexed as ""


def stop_word_filter_sv(token, i=None, tokens=None):
    return None if str(token) in SV_STOP_WORDS else token


def stemmer_sv(token, i=None, tokens=None):
    return token.update(lambda s, _meta: stem(s))


for _fn, _label in ((trimmer_sv, "trimmer-sv"), (stop_word_filter_sv, "stopWordFilter-sv"), (stemmer_sv, "stemmer-sv")):
    if Pipeline.registered_functions.get(_label) is not _fn:
        Pipeline.register_function(_fn, _label)


_SEPARATOR = re.compile(r"[\s\-]+")  # lunr.js's tokenizer separator


def tokens(text: str) -> list[str]:
    """lunr.js's tokenizer; lunr.py's does the same one character at a time, far slower."""
    return [word for word in _SEPARATOR.split(text.lower()) if word]


def analyse(text: str) -> list[str]:
    """The terms `text` gives in the index (and, typed as a query, in the browser)."""
    return [str(t) for t in swedish_builder().pipeline.run([Token(word) for word in tokens(text)])]


# Title ×10; the body is cut to its opening because lunr.py spends milliseconds per document and the browser
# downloads and loads every posting before the first result: at 5 000 cards every word counts.
FIELDS = (
    {"field_name": "title", "boost": 10},
    {"field_name": "aliases", "boost": 8},
    {"field_name": "summary", "boost": 3},
    {"field_name": "labels", "boost": 2},
    {"field_name": "body", "boost": 1},
)
BODY_WORDS = 40
# Card field → taxonomy group, for the finder's facets and the searchable labels.
FACET_FIELDS = {"focus_areas": "focus_areas", "target_groups": "target_groups", "actors": "actors",
                "municipalities": "municipalities", "status": "project_statuses",
                "documentation": "documentation_levels"}
NAMED_TEXT = ("place", "housing_company", "owner")
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "ü": "y"})  # after z


def _plain(value: object) -> str:
    # Python splits on every Unicode space, as lunr.js's /\s/ does; lunr.py only knows a few.
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    return " ".join(str(value or "").split())


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


def index_documents(ordered: list[Card], taxonomy: Taxonomy) -> list[dict]:
    """One document per card; its ref is the card's position in `ordered`, shorter than an id in every posting."""
    docs = []
    for position, card in enumerate(ordered):
        labels = [taxonomy.label(group, term_id) for name, group in FACET_FIELDS.items()
                  for term_id in facet_values(card)[name]]
        labels += [str(card.data[name]) for name in NAMED_TEXT if card.data.get(name)]
        docs.append({
            "ref": str(position),
            "title": _plain(card.title),
            "aliases": _plain(card.data.get("aliases")),
            "summary": _plain(card.data.get("summary")),
            "labels": _plain(labels),
            "body": " ".join(card.body.split()[:BODY_WORDS]),
        })
    return docs


def swedish_builder() -> Builder:
    builder = Builder()
    builder.pipeline.add(trimmer_sv, stop_word_filter_sv, stemmer_sv)
    builder.search_pipeline.add(stemmer_sv)
    return builder


def _short(score: float) -> float | int:
    score = round(score, 1)
    return int(score) if score.is_integer() else score


def build_index(docs: list[dict]) -> dict:
    """The serialized lunr index (lunr.js 2.3.9 format) of `docs`."""
    # A list reaches lunr.py's tokenizer as ready-made tokens.
    fields = [{**spec, "extractor": lambda doc, name=spec["field_name"]: tokens(doc[name])} for spec in FIELDS]
    index = lunr.lunr(ref="ref", fields=fields, documents=docs, builder=swedish_builder()).serialize()
    # Vectors alternate term number and score. One decimal ranks the same and saves a tenth of the file.
    index["fieldVectors"] = [[ref, [_short(x) if i % 2 else x for i, x in enumerate(vector)]]
                             for ref, vector in index["fieldVectors"]]
    return index


def default_cache_dir() -> Path:
    # Per user: another account on the machine must not be able to plant an index.
    user = getattr(os, "getuid", lambda: "")()
    return Path(tempfile.gettempdir()) / f"metodbanken-cache-{user}"


CACHE_KEEP = 12  # newest index files kept; each content change adds one


def cached_index_json(docs: list[dict], cache_dir: Path | None = None) -> str:
    """The serialized index as JSON, reused when the indexed text and this builder are unchanged."""
    key = hashlib.sha256()
    key.update(Path(__file__).read_bytes())  # any change to the pipeline or fields invalidates old indexes
    key.update(lunr.__VERSION__.encode())
    key.update(json.dumps(docs, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    cache_dir = cache_dir or default_cache_dir()
    cached = cache_dir / f"search-index-{key.hexdigest()[:40]}.json"
    try:
        text = cached.read_text(encoding="utf-8")
        os.utime(cached)
        return text
    except OSError:
        pass
    text = json.dumps(build_index(docs), ensure_ascii=False, separators=(",", ":"))
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


def search_index_json(cards: list[Card], taxonomy: Taxonomy, urls: dict[str, str],
                      cache_dir: Path | None = None, badges: dict[str, dict] | None = None) -> str:
    """data/search-index.json: everything the finder needs in one file.

    The taxonomy labels and card facets are the ones cards.json has, cut to what the finder shows: cards.json
    with every body would be megabytes at a few thousand cards. `cards[i]` is the card with lunr ref "i".
    """
    ordered = in_display_order(cards)
    records = []
    for card in ordered:
        record = {"id": card.id, "type": card.type, "url": urls[card.id], "title": card.title,
                  "summary": _plain(card.data.get("summary"))}
        record.update({name: ids for name, ids in facet_values(card).items() if ids})
        if card.type == "project":  # derived (project_status.py): ongoing past its end date is a value of its own
            record["status"] = [status_facet(card)]
        if badges and card.id in badges:
            record["badges"] = badges[card.id]
        records.append(record)
    head = json.dumps({
        "schema_version": 1,
        "card_types": [{"id": t.name, "label": t.label} for t in CARD_TYPES.values()],
        "taxonomy": {group: [{"id": t.id, "label": t.label} for t in facet_terms(taxonomy, group)]
                     for group in FACET_FIELDS.values()},
        "cards": records,
    }, ensure_ascii=False, separators=(",", ":"))
    return head[:-1] + ',"index":' + cached_index_json(index_documents(ordered, taxonomy), cache_dir) + "}"
