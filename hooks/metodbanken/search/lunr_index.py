"""The lunr indexes of the finder's search, in the finder's compact form, which the search worker
(docs/javascripts/finder/search-worker.js) reads: made directly from the documents' terms with lunr's own
arithmetic (compact_index_of), which gives what building them with lunr.py in lunr.js 2.3.9's format and
compacting that gives (build_index, compact_index: what the tests compare with), in a fifth of the time; and
cached between builds.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import tempfile
from collections import Counter
from pathlib import Path

import lunr
from lunr.builder import Builder

from .documents import HEADLINE_FIELDS, TEXT_FIELDS


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


# lunr's BM25 parameters (lunr.py's Builder and lunr.js 2.3.9: b and k1), for compact_index_of.
_B, _K1 = 0.75, 1.2
_THREE, _ONE = itertools.repeat(3), itertools.repeat(1)  # round's digits, for map


def compact_index_of(docs: list[dict], fields=HEADLINE_FIELDS + TEXT_FIELDS) -> dict:
    """compact_index(build_index(docs, fields)), made directly: lunr.py's builder takes most of its time copying
    each term into a token of its own (a deepcopy of its metadata), while the finished terms need only counting. The
    weights are lunr's own arithmetic (Builder._create_field_vectors, lunr.idf) in the same order, rounded as it
    and build_index round them, so the result is the same to the bit (tests/test_search_index.py builds both)."""
    names = [spec["field_name"] for spec in fields]
    lengths: list[list[int]] = []  # per document, per field: its number of terms
    # term → per field the documents (their places) that hold it, and in step how often each holds it
    postings: dict[str, list[tuple[list[int], list[int]]]] = {}
    for place, doc in enumerate(docs):
        if any(not isinstance(doc[name], (list, tuple, type(None))) for name in names):
            raise TypeError("a document's fields are lists of finished terms (Vocabulary.terms_of)")
        lengths.append([len(doc[name] or ()) for name in names])
        for field, name in enumerate(names):
            for term, tf in _term_counts(doc[name] or ()).items():
                holders = postings.get(term)
                if holders is None:  # not setdefault: its default would be made for every term of every card
                    holders = postings[term] = [([], []) for _ in names]
                holders[field][0].append(place)
                holders[field][1].append(tf)
    count = len(docs)
    averages = [sum(doc[f] for doc in lengths) / count for f in range(len(names))] if count else []
    refs = [int(doc["ref"]) for doc in docs]
    # A card's places are its refs in order (in_display_order): its postings need no sorting.
    in_order = all(before < after for before, after in itertools.pairwise(refs))
    # Per field and document, the part of lunr's denominator that is the same for every term: the same operations
    # in the same order as lunr's, computed once instead of once per term.
    length_norms = [
        [_K1 * (1 - _B + _B * (lengths[place][field] / averages[field])) for place in range(count)]
        if averages[field]
        else []  # no document holds a term in this field
        for field in range(len(names))
    ]
    boosts = [spec.get("boost", 1) for spec in fields]
    terms = sorted(postings)
    compact = []
    k1_plus_1 = _K1 + 1
    for term in terms:
        holders = postings[term]
        # lunr.idf: a document counts once for each field that holds the term
        with_term = sum(len(places) for places, _ in holders)
        term_idf = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
        per_field = []
        for field, (places, tfs) in enumerate(holders):
            boost, norms = boosts[field], length_norms[field]
            # lunr's score (Builder._create_field_vectors), its operations in its order; lunr rounds to 3 twice (the
            # same), build_index to 1 (_short); written as comprehensions and maps: it runs two million times at
            # 5 000 cards
            scores = [
                term_idf * (k1_plus_1 * tf) / (norms[place] + tf) * boost for place, tf in zip(places, tfs, strict=True)
            ]
            weights = map(round, map(round, scores, _THREE), _ONE)
            entries = [
                x
                for place, weight in zip(places, weights, strict=True)
                for x in (refs[place], int(weight) if weight.is_integer() else weight)
            ]
            if not in_order:
                pairs = sorted(zip(entries[::2], entries[1::2], strict=True))
                entries = [x for pair in pairs for x in pair]
            per_field.append(entries)
        compact.append(per_field)
    return {
        "version": lunr.__TARGET_JS_VERSION__,
        "fields": names,
        "pipeline": plain_builder().search_pipeline.serialize(),
        "terms": terms,
        "postings": compact,
    }


def _term_counts(terms) -> Counter:
    """Each term's count, as lunr's tokenizer makes the terms: strings in lower case (the analysis gives them so)."""
    counts = Counter(terms)
    try:
        # One string checked at once (a term that lower-cases differently makes the whole do), not each term.
        joined = "".join(counts)
    except TypeError:  # a term that is no string
        joined = None
    if joined is None or joined != joined.lower():
        counts = Counter(str(term).lower() for term in terms)
    return counts


def default_cache_dir() -> Path:
    # Per user: another account on the machine must not be able to plant an index.
    user = getattr(os, "getuid", lambda: "")()
    return Path(tempfile.gettempdir()) / f"metodbanken-cache-{user}"


CACHE_KEEP = 12  # newest index files kept; each content change adds one
# The modules whose code shapes an index: the words' terms, the documents' fields and the index built of them.
INDEX_SHAPING_MODULES = tuple(
    Path(__file__).with_name(name) for name in ("analysis.py", "documents.py", "lunr_index.py")
)


def cached_compact_index(docs: list[dict], fields, cache_dir: Path | None = None) -> dict:
    """The index in its compact form (compact_index), reused when the indexed text and the code that shapes an
    index are unchanged."""
    key = hashlib.sha256()
    for module in INDEX_SHAPING_MODULES:  # any change to the analysis, the fields or this builder invalidates them
        key.update(module.read_bytes())
    key.update(lunr.__VERSION__.encode())
    key.update(json.dumps([docs, fields], ensure_ascii=False, sort_keys=True).encode("utf-8"))
    cache_dir = cache_dir or default_cache_dir()
    cached = cache_dir / f"search-index-{key.hexdigest()[:40]}.json"
    try:
        index = json.loads(cached.read_text(encoding="utf-8"))
        os.utime(cached)
        return index
    except (OSError, ValueError):  # none yet, or not JSON: built again
        pass
    index = compact_index_of(docs, fields)
    _keep(cache_dir, cached, json.dumps(index, ensure_ascii=False, separators=(",", ":")))
    return index


def _keep(cache_dir: Path, cached: Path, text: str) -> None:
    """Writes an index to the cache, and forgets all but the newest CACHE_KEEP."""
    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=cache_dir, delete=False, suffix=".tmp") as tmp:
            tmp.write(text)
        os.replace(tmp.name, cached)  # atomic: parallel builds never read half a file
        for old in sorted(cache_dir.glob("search-index-*.json"), key=lambda p: p.stat().st_mtime)[:-CACHE_KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # an unwritable cache only costs time


def fields_only(docs: list[dict], fields) -> list[dict]:
    names = [f["field_name"] for f in fields]
    return [{"ref": doc["ref"], **{name: doc[name] for name in names}} for doc in docs]
