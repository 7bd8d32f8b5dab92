"""The search worker's own parts and its index reader, run in Chromium beside lunr.js, against the real site's\nsearch data."""

import json

from metodbanken import paths
from metodbanken.content.load import load_cards
from metodbanken.search.analysis import analysis_data
from metodbanken.search.documents import HEADLINE_FIELDS, TEXT_FIELDS, in_display_order, index_documents
from metodbanken.search.lunr_index import build_index
from support import REPO, cached_taxonomy, decoded_terms, index_shards

# search-reader.js beside lunr.js, over one index of the real site's search data: each clause's terms as the
# reader expands them and as lunr's TokenSet does; the shards are handed in instead of fetched.
READER = """async ([words, name, shards, clauses]) => {
  const bit = words.indexes.findIndex((index) => index.name === name);
  const described = words.indexes[bit];
  const terms = readTerms(words.terms);
  const index = new ShardedIndex(name, described.fields, terms, words.held, bit, fromGaps(described.shards),
    (n) => Promise.resolve(shards[n]));
  const held = terms.filter((_, place) => (Number(words.held[place]) >> bit) & 1);
  const tokenSet = lunr.TokenSet.fromArray(held);
  const expanded = clauses.map((clause) => [
    index.expand(clause).map((place) => terms[place]).sort(),
    tokenSet.intersect(lunr.TokenSet.fromClause(clause.editDistance
      ? { term: clause.term, editDistance: clause.editDistance }
      : { term: clause.wildcard ? clause.term + '*' : clause.term })).toArray().sort(),
  ]);
  return expanded;
}"""


def _words(real_site):
    """The words file, with its terms as the list they code (shards.front_coded) beside the coded string."""
    words = json.loads((real_site / paths.SEARCH_WORDS_PATH).read_text(encoding="utf-8"))
    return {**words, "term_list": decoded_terms(words["terms"])}


def _shards(real_site, words, name):
    return index_shards(words, name, lambda path: (real_site / paths.DATA_DIR / path).read_text(encoding="utf-8"))


def _reader_page(page, real_site):
    page.set_content("<!doctype html><title>reader</title>")
    page.add_script_tag(path=str(real_site / paths.SEARCH_SCRIPTS))  # lunr and search-reader.js, as published


def test_the_reader_reaches_the_terms_lunrs_token_set_reaches(page, real_site):
    words = _words(real_site)
    _reader_page(page, real_site)
    for name in ("headline", "text"):
        held = [
            t for t, bits in zip(words["term_list"], words["held"], strict=True) if (int(bits) >> (name == "text")) & 1
        ]
        sample = held[:: max(1, len(held) // 150)]
        clauses = []
        for term in sample:
            clauses.append({"term": term})  # the word itself
            clauses.append({"term": term[:4], "wildcard": True})  # words it begins
            clauses.append({"term": term, "editDistance": 1})  # one letter away
            clauses.append({"term": term[:-1] + "q" + term[-1:], "editDistance": 1})  # a typo in it
            clauses.append({"term": term[1:] + term[0], "editDistance": 1})  # letters moved
            clauses.append({"term": term + "xq"})  # no such word
        answers = page.evaluate(READER, [words, name, _shards(real_site, words, name), clauses])
        for clause, (from_reader, from_lunr) in zip(clauses, answers, strict=True):
            assert from_reader == from_lunr, (name, clause)
        assert sum(len(found) > 1 for found, _ in answers) > len(sample) // 2, name  # prefixes and typos find several


# The same queries through lunr.js's own Index.query, over the whole index lunr.py builds, and through the reader
# over the shards: the same cards, scores and matched terms.
SCORES = """async ([words, name, shards, serialized, queries]) => {
  const bit = words.indexes.findIndex((index) => index.name === name);
  const described = words.indexes[bit];
  const terms = readTerms(words.terms);
  const index = new ShardedIndex(name, described.fields, terms, words.held, bit, fromGaps(described.shards),
    (n) => Promise.resolve(shards[n]));
  const whole = lunr.Index.load(serialized);
  const { TRAILING } = lunr.Query.wildcard;
  const { REQUIRED } = lunr.Query.presence;
  const answers = [];
  for (const clauses of queries) {
    await index.load(clauses.flatMap((clause) => index.expand(clause)));
    const ours = index.query(clauses).map((r) => [r.ref, r.score, [...r.terms].sort()]);
    const theirs = whole.query((query) => {
      for (const c of clauses) {
        const options = { usePipeline: false, boost: c.boost || 1 };
        if (c.wildcard) options.wildcard = TRAILING;
        if (c.editDistance) options.editDistance = c.editDistance;
        if (c.required) options.presence = REQUIRED;
        query.term(c.term, options);
      }
    }).map((r) => [Number(r.ref), r.score, Object.keys(r.matchData.metadata).sort()]);
    answers.push([ours, theirs]);
  }
  return answers;
}"""


def test_the_reader_scores_every_card_exactly_as_lunr_does(page, real_site):
    cards, _ = load_cards(REPO)
    docs = index_documents(in_display_order(cards), cached_taxonomy())
    words = _words(real_site)
    _reader_page(page, real_site)
    for name, fields in (("headline", HEADLINE_FIELDS), ("text", TEXT_FIELDS)):
        serialized = build_index(
            [{"ref": d["ref"], **{f["field_name"]: d[f["field_name"]] for f in fields}} for d in docs], fields
        )
        held = [
            t for t, bits in zip(words["term_list"], words["held"], strict=True) if (int(bits) >> (name == "text")) & 1
        ]
        queries = []
        for term in held[:: max(1, len(held) // 60)]:
            # As the worker asks: the word, its definite form, the words it begins, one typo; a compound's parts.
            queries.append([{"term": term, "boost": 10}, {"term": term, "boost": 2, "wildcard": True}])
            queries.append([{"term": term[:-1] + "e", "boost": 1, "editDistance": 1}, {"term": term, "boost": 8}])
        queries.append([{"term": "ungdom", "required": True}, {"term": "förening", "required": True}])
        queries.append([{"term": "läx", "required": True}, {"term": "hjälp", "required": True}])
        answers = page.evaluate(SCORES, [words, name, _shards(real_site, words, name), serialized, queries])
        for clauses, (ours, theirs) in zip(queries, answers, strict=True):
            # Cards of equal score may come in another order (lunr meets the terms a clause reaches in the order of
            # its token set, the reader in theirs); the worker orders them by position after the score.
            ours, theirs = (sorted(results, key=lambda r: (-round(r[1], 9), r[0])) for results in (ours, theirs))
            assert [r[0] for r in ours] == [r[0] for r in theirs], (name, clauses)
            assert [r[2] for r in ours] == [r[2] for r in theirs], (name, clauses)
            assert all(abs(a[1] - b[1]) < 1e-9 for a, b in zip(ours, theirs, strict=True)), (name, clauses)
        assert sum(len(ours) > 1 for ours, _ in answers) > len(queries) // 3, name


# The worker's word rules over a given set of index terms: search-worker.js evaluated as above, with its
# `indexes` holding one index of just these terms.
WORD_RULES = """([source, analysis, terms, verbs, words, pairs]) => {
  const self = { location: { href: location.href } };
  const worker = new Function('self', 'importScripts', 'fetch',
    source + '\\nreturn { makeVocabulary, stem, distance, takeAnalysis };')(self, () => {}, () => new Promise(() => {}));
  worker.takeAnalysis(analysis);
  const vocabulary = worker.makeVocabulary(new Set(terms));
  return {
    nouns: verbs.map((verb) => vocabulary.nounOf(worker.stem(verb))),
    heads: words.map((word) => vocabulary.head(word)),
    distances: pairs.map(([a, b]) => worker.distance(a, b, 2)),
  };
}"""


def test_the_worker_finds_a_verbs_noun_and_a_compounds_last_part_among_the_index_terms(page, real_site):
    source = (paths.DOCS_DIR / "javascripts" / "finder" / "search-worker.js").read_text(encoding="utf-8")
    page.set_content("<!doctype html><title>rules</title>")
    page.add_script_tag(path=str(real_site / paths.SEARCH_SCRIPTS))
    terms = sorted(["simning", "träning", "cykling", "planering", "kriminalitet", "lös", "läs"])
    answer = page.evaluate(
        WORD_RULES,
        [
            source,
            analysis_data(),
            terms,
            ["simma", "simmar", "träna", "cykla", "planera", "läsa", "odla"],
            ["gängkriminalitet", "hemlöshet", "kriminalitet"],
            [
                ["fritidsgaard", "fritidsgård"],
                ["nattfotbol", "nattfotboll"],
                ["hemlöshet", "hemlighet"],
                ["trygghet", "kriminalitet"],
            ],
        ],
    )
    # simm|a → sim|ning (a doubled consonant written once), trän|a → trän|ing; 'läs' is a term itself, and the
    # index has no 'läsning' or 'odling'.
    assert answer["nouns"] == ["simning", "simning", "träning", "cykling", "planering", None, None]
    # The last part of at least five letters after a first part of three; 'lös' of hem|löshet is too short.
    assert answer["heads"] == ["kriminalitet", None, None]
    assert answer["distances"] == [2, 1, 2, 3]  # 3: more than the limit
