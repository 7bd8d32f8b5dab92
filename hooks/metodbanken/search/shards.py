"""The finder's search data in pieces, so that a query loads only what it needs: at 5 000 cards the four whole
files came to about 11 MB compressed, and every query downloaded all of them.

- data/search-words.json: what a query needs before it knows which postings to load: the synonyms, the concepts,
  every term of both indexes in order (front_coded) with, per index, the terms it holds and where its shards start
  (as gaps);
- data/search/<index>-<n>.json: a shard: the postings of the index's terms from its n-th shard start up to
  the next one, per term, per field: [gap, weight, gap, weight …], each gap the card's position less the one
  before it (the first from 0), each weight the term's entry in lunr's field vector of that card's field;
- data/search/card-<position>.json: a card's id, title, summary and badges, for the results on screen;
- data/search/texts-<position>.json: a card's other texts as [label, text] pairs, for its snippet;
- data/search/download.json: every card's id, title, summary and badges, read only for the finder's download;
- in a small bank (TOGETHER_BYTES), every card's details ride in finder-cards.json instead of the card and download
  files, and every card's texts are one file, data/search/texts.json; an index whose shards are small
  (INLINE_INDEX_BYTES) has them in the words file (`inline`), not in files of their own;
- data/search/spellings.json: the content's words as written and how often each stands, read only when a
  query finds few cards, for "Menade du …?".

Sorted terms cut into runs make a word and the words it begins fall into one shard or two. The words file names its
build, a hash of all the pieces, which the finder adds to each piece's address (?v=build): a browser that holds the
words file of one build never reads a cached piece of another, and the pieces keep their names from build to build,
so that under `mkdocs serve` an edit changes no page's list of files (page_cache.py).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..paths import DATA_DIR, SEARCH_PIECES_DIR, SEARCH_WORDS_PATH

if TYPE_CHECKING:  # the memo imports the search code; this module needs only its type
    from .search_memo import SearchMemo

# A shard is cut after this many bytes of JSON (a few kB compressed); a term with more postings is a shard alone.
# Smaller shards waste fewer bytes on the terms a query does not need, at one request each.
SHARD_BYTES = 6_000
# The cards' details, or their texts, go as one file when all of them compress to at most this many bytes. A page of
# results asks for up to 50 cards' files: over HTTP/1.1's six connections that is nine round trips one after the
# other, over HTTP/2 one or two, and on a phone a round trip (50–100 ms) costs about as much time as 100 kB at
# 10 Mbit/s. A bank of a few hundred cards has each in one file; a bigger one a file per card, read for those shown.
TOGETHER_BYTES = 250_000
# An index whose shards all compress to at most this many bytes rides in the words file, which the worker reads
# before any query, so that a query waits for none of its shards. Every visit reads the words file, one that only
# filters too, and the first result waits for it: the real bank's headline index (about 12 kB) rides in it, its
# text index (about 40 kB) does not. Over a phone's 1.6 Mbit/s those 40 kB cost 200 ms before any result; in
# shards a query's text loads after the first results from the headline index, a round trip later, at a tenth of
# the bytes (bench/finder_compare.py --network phone).
INLINE_INDEX_BYTES = 30_000


def as_json(value: object) -> str:
    """The finder's data files: compact, and Swedish letters as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_list(items: list[str]) -> str:
    """as_json of a list, from the JSON of each of its items: a piece's JSON is made once, for several files."""
    return "[" + ",".join(items) + "]"


# A term's shared beginning with the term before it, as one character: the words file's terms are front-coded.
PREFIX_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def front_coded(terms: list[str]) -> str:
    """Sorted terms as one string, each after a comma as the length of its shared beginning with the one before (a
    digit of PREFIX_DIGITS) and its rest: 'ungdom', 'ungdomar' → '0ungdom,6ar'. Terms are word characters, never a
    comma. Compressed, a third of the plain list, and the worker reads it at once."""
    coded = []
    before = ""
    for term in terms:
        shared = 0
        while shared < min(len(term), len(before), len(PREFIX_DIGITS) - 1) and term[shared] == before[shared]:
            shared += 1
        coded.append(PREFIX_DIGITS[shared] + term[shared:])
        before = term
    return ",".join(coded)


def _gaps(pairs: list) -> list:
    """[ref, weight, …] as [gap, weight, …]: small numbers, which compress better."""
    out = []
    before = 0
    for i in range(0, len(pairs), 2):
        out += [pairs[i] - before, pairs[i + 1]]
        before = pairs[i]
    return out


def term_pieces(term: str, postings: list[list]) -> tuple[list, str]:
    """A term's postings gap-coded, and as JSON."""
    coded = [_gaps(pairs) for pairs in postings]
    return coded, as_json(coded)


def shards(
    compact: dict, place_of: dict[str, int], pieces: Callable[[str, list], tuple[list, str]] = term_pieces
) -> tuple[list[int], list[list], list[str]]:
    """The index's postings cut into runs of its terms: the merged place of each run's first term, per run the
    postings of its terms (gap-coded), in order, and per run its JSON (as_json of the run, each term's JSON made once
    for its length and kept). `pieces` gives a term's (term_pieces; under serve kept for unchanged postings)."""
    starts: list[int] = []
    runs: list[list] = []
    texts: list[list[str]] = []
    size = SHARD_BYTES
    for term, postings in zip(compact["terms"], compact["postings"], strict=True):
        coded, text = pieces(term, postings)
        if size + len(text) > SHARD_BYTES and (not runs or runs[-1]):
            starts.append(place_of[term])
            runs.append([])
            texts.append([])
            size = 0
        runs[-1].append(coded)
        texts[-1].append(text)
        size += len(text)
    return starts, runs, [json_list(run) for run in texts]


def hosted_size(text: str) -> int:
    """The bytes of `text` as a static host sends it, gzipped."""
    return len(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0))


def hosted_within(text: str, budget: int) -> bool:
    """Whether hosted_size(text) <= budget, compressing only until the budget is passed: in a bank of thousands of
    cards the whole text index is megabytes, and compressing it all took a tenth of the search data's time."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)  # gzip's framing, as gzip.compress writes it
    raw = text.encode("utf-8")
    size = 0
    for start in range(0, len(raw), 1 << 16):
        size += len(packer.compress(raw[start : start + (1 << 16)]))
        if size > budget:
            return False
    return size + len(packer.flush()) <= budget


def search_pieces(
    indexes: dict[str, dict],
    head: dict,
    cards: list[dict],
    texts: list[list[list[str]]],
    spellings: list[list],
    together_bytes: int | None = None,
    inline_bytes: int | None = None,
    memo: SearchMemo | None = None,
) -> tuple[dict[str, str], dict]:
    """Path → JSON of the words file and every piece, and for finder-cards.json where the pieces are (relative to
    the data folder) with their build, and, in a small bank, every card's details. `indexes` are compact indexes by
    name (lunr_index.compact_index), `head` the words file's other keys (synonyms, concepts), `cards` per card its
    id, title, summary and badges, `texts` per card its [label, text] pairs. The budgets are TOGETHER_BYTES and
    INLINE_INDEX_BYTES unless given; `memo` keeps an unchanged index's shards between serve builds."""
    inline_bytes = INLINE_INDEX_BYTES if inline_bytes is None else inline_bytes
    terms = sorted({term for compact in indexes.values() for term in compact["terms"]})
    place_of = {term: place for place, term in enumerate(terms)}
    held = [0] * len(terms)
    described = []
    cut = {}
    for bit, (name, compact) in enumerate(indexes.items()):
        if compact["terms"] != sorted(compact["terms"]):
            raise ValueError(f"{name}: the index's terms are not in order")
        for term in compact["terms"]:
            held[place_of[term]] |= 1 << bit
        cut_up = functools.partial(shards, compact, place_of)
        starts, runs, run_texts = memo.shards(name, compact, terms, cut_up) if memo else cut_up()
        # Each shard's start as the gap from the one before.
        gaps = [start - before for before, start in zip([0, *starts], starts, strict=False)]
        described.append({"name": name, "fields": compact["fields"], "shards": gaps})
        if hosted_within(json_list(run_texts), inline_bytes):
            described[-1]["inline"] = runs  # the shards themselves, in the words file
        else:
            cut[name] = run_texts
    budget = TOGETHER_BYTES if together_bytes is None else together_bytes
    # Each card's details and texts as JSON once, for their own files, the files of all, the budgets and the build.
    card_texts = [as_json(card) for card in cards]
    text_texts = [as_json(fields) for fields in texts]
    all_cards, all_texts = json_list(card_texts), json_list(text_texts)
    details_together = hosted_within(all_cards, budget)
    texts_together = hosted_within(all_texts, budget)
    words = {
        "version": 1,
        **head,
        "terms": front_coded(terms),
        # Per term a digit: which indexes hold it, one bit each in the order of `indexes`.
        "held": "".join(str(bits) for bits in held),
        "indexes": described,
        "cards": len(cards),
        "texts_together": texts_together,
        # the worker then asks for no card's details ahead of the page: the page has them all
        "details_together": details_together,
    }
    # Every card's pieces count too: a card whose text changed may change no term, but its snippet must be new.
    build = hashlib.sha256((as_json(words) + json_list([all_cards, all_texts])).encode("utf-8")).hexdigest()[:12]
    base = SEARCH_PIECES_DIR
    words["pieces"] = SEARCH_PIECES_DIR.removeprefix(f"{DATA_DIR}/") + "/"  # relative to the words file
    words["build"] = build
    files = {SEARCH_WORDS_PATH: as_json(words)}
    for name, run_texts in cut.items():
        files.update((f"{base}/{name}-{n}.json", text) for n, text in enumerate(run_texts))
    if texts_together:
        files[f"{base}/texts.json"] = all_texts
    else:
        files.update((f"{base}/texts-{position}.json", text) for position, text in enumerate(text_texts))
    if not details_together:
        files.update((f"{base}/card-{position}.json", text) for position, text in enumerate(card_texts))
        files[f"{base}/download.json"] = all_cards
    files[f"{base}/spellings.json"] = as_json(spellings)
    location = {"pieces": words["pieces"], "build": build}
    return files, {**location, "details": cards} if details_together else location
