"""Swedish words as the finder's search reads them: the same analysis at build time (documents.py) and in the
browser's search worker (docs/javascripts/finder/search-worker.js), so both sides must change together.

A text is split into words by lunr.sv.js's word characters, folded (é → e; å, ä, ö kept), stop words dropped and
stemmed as lunr.sv.js stems; Vocabulary follows a compound by its parts where the parts are words of the content,
and Synonyms (synonyms.yml) add the words that mean the same where a partner stands.
"""

from __future__ import annotations

import codecs
import functools
import importlib.metadata
import importlib.util
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer
import yaml

from ..taxonomy import TAXONOMY_PATH

# The Swedish of lunr.sv.js, the file MkDocs ships and the finder's search worker loads: its word characters and its
# stop words are read from it, so the build and the browser split and drop the same words.
LUNR_SV_JS = "contrib/search/lunr-language/lunr.sv.js"  # inside the mkdocs package
_WORD_CHARACTERS_LINE = re.compile(r'lunr\.sv\.wordCharacters = "([^"]*)"')
_STOP_WORDS_LINE = re.compile(r"lunr\.sv\.stopWordFilter = lunr\.generateStopWordFilter\(\s*'([^']*)'\.split\(' '\)\)")


@dataclass(frozen=True)
class LunrSv:
    word_characters: str  # the inside of a regular expression's [ ]: ranges of letters
    stop_words: tuple[str, ...]  # in the file's order


def lunr_sv_js_path() -> Path:
    """lunr.sv.js in the installed mkdocs package, found without importing MkDocs."""
    spec = importlib.util.find_spec("mkdocs")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Paketet mkdocs saknas: sökningen läser ordtecknen och stopporden ur dess lunr.sv.js.")
    return Path(spec.submodule_search_locations[0]) / LUNR_SV_JS


def read_lunr_sv(path: Path) -> LunrSv:
    """The word characters and stop words of lunr.sv.js; a clear error if the file no longer has them as expected."""
    text = path.read_text(encoding="utf-8")
    characters = _WORD_CHARACTERS_LINE.search(text)
    stop_words = _STOP_WORDS_LINE.search(text)
    missing = []
    if not characters or not characters.group(1).isascii():  # \x and \u escapes, read below
        missing.append('lunr.sv.wordCharacters = "…" (skrivna med \\x- och \\u-koder)')
    if not stop_words:
        missing.append("lunr.sv.stopWordFilter = lunr.generateStopWordFilter('…'.split(' '))")
    if missing:
        raise ValueError(
            f"{path}: hittar inte {' eller '.join(missing)}, i den form som hooks/metodbanken/search/analysis.py "
            "läser ordtecknen och stopporden. Har MkDocs fått en ny lunr.sv.js? Ändra mönstren i analysis.py efter "
            "filen, så att bygget delar och tar bort samma ord som webbläsaren."
        )
    return LunrSv(
        # The file writes the ranges with JavaScript's \xAA and \u02B8 escapes, which Python reads the same.
        word_characters=codecs.decode(characters.group(1), "unicode_escape"),
        stop_words=tuple(stop_words.group(1).split()),
    )


_LUNR_SV = read_lunr_sv(lunr_sv_js_path())
SV_WORD_CHARACTERS = _LUNR_SV.word_characters
SV_STOP_WORDS = frozenset(_LUNR_SV.stop_words)


# lunr.sv.js stems with Snowball's Swedish algorithm as snowballstemmer 2.2.0 has it. Snowball 3 also strips '-et'
# ('arbetet' → 'arbet') and changed '-löst', which the browser does not: the index and the queries would part.
STEMMER_VERSION = "2.2.0"


def check_stemmer_version(installed: str) -> None:
    if installed != STEMMER_VERSION:
        raise RuntimeError(
            f"snowballstemmer {installed} är installerad, men sökningen stammar med {STEMMER_VERSION}, som stammar "
            "som lunr.sv.js i webbläsaren (3.x gör 'arbetet' till 'arbet'). Installera de låsta versionerna: "
            ".venv/bin/pip install -r requirements/site.txt"
        )


check_stemmer_version(importlib.metadata.version("snowballstemmer"))
_stemmer = snowballstemmer.stemmer("swedish")


@functools.lru_cache(maxsize=200_000)  # words repeat a lot; stemming was half the build time
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


# --- Swedish as people type it: the same analysis here and in docs/javascripts/finder/search-worker.js ------
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


def analysis_data() -> dict:
    """The limits of the analysis, the word characters and the stop words, for the search worker to read with the
    index instead of keeping copies of its own."""
    return {
        "min_part": MIN_PART,
        "min_compound": MIN_COMPOUND,
        "max_compound": MAX_COMPOUND,
        "definite_endings": list(DEFINITE_ENDINGS),
        "word_characters": SV_WORD_CHARACTERS,
        "stop_words": list(_LUNR_SV.stop_words),
    }


@functools.lru_cache(maxsize=200_000)  # called for every word of every card: 1.9 million times at 1 000 cards
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
        self._word_terms: dict[str, list[str]] = {}  # a word as written → terms_of it: words repeat a lot

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
        return self.terms_of_words(words(text))

    def terms_of_words(self, found_words: list[str]) -> list[str]:
        """terms_of a text whose words (`words`) are these."""
        found = []
        known = self._word_terms
        for word in found_words:
            terms = known.get(word)
            if terms is None:
                folded = fold(word)
                terms = [] if folded in SV_STOP_WORDS else [stem(folded), *(self.split(folded) or [])]
                known[word] = terms
            found += terms
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
        # The groups by the first term of each member: a text can hold a member only if it holds that term.
        self._by_first: dict[str, list[int]] = {}
        for number, group in enumerate(self.groups):
            for first in dict.fromkeys(member[0] for member in group):
                self._by_first.setdefault(first, []).append(number)

    def terms(self) -> set[str]:
        return {t for group in self.groups for member in group for t in member}

    def expand(self, found: list[str]) -> list[str]:
        """The one-word members of every group that `found` holds a member of, and not already in it."""
        present = set(found)
        extra: list[str] = []
        candidates = sorted({n for term in present & self._by_first.keys() for n in self._by_first[term]})
        for group in (self.groups[n] for n in candidates):
            if any(_holds(found, present, member) for member in group):
                extra += [m[0] for m in group if len(m) == 1 and m[0] not in present and m[0] not in extra]
        return extra


def _holds(found: list[str], present: set[str], member: tuple[str, ...]) -> bool:
    if len(member) == 1 or not set(member) <= present:
        return member[0] in present
    return any(tuple(found[i : i + len(member)]) == member for i in range(len(found) - len(member) + 1))
