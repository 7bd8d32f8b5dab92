"""Swedish words as the finder's search reads them: the same analysis at build time (documents.py) and in the
browser's search worker (docs/javascripts/finder/search-worker.js), so both sides must change together.

A text is split into words by lunr.sv.js's word characters, folded (é → e; å, ä, ö kept), stop words dropped and
stemmed as lunr.sv.js stems; Vocabulary follows a compound by its parts where the parts are words of the content,
and Synonyms (synonyms.yml) add the words that mean the same where a partner stands.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import yaml
from snowballstemmer.among import Among
from snowballstemmer.basestemmer import BaseStemmer

from ..taxonomy import TAXONOMY_PATH

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
