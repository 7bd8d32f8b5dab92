"""The search worker's own parts, run in Chromium beside lunr.js, against the real site's indexes."""

import json

from metodbanken import paths

# search-worker.js evaluated as a function body: its functions stay inside, and it gets a `self` whose address
# names no files and a fetch that never answers, so it loads nothing. It returns the trie that stands in for
# lunr.TokenSet; the test intersects both with the same query terms.
COMPARE_TRIE_WITH_TOKEN_SET = """([source, terms, clauses]) => {
  const self = { location: { href: location.href } };
  const termTrie = new Function('self', 'importScripts', 'fetch', source + '\\nreturn termTrie;')(
    self, () => {}, () => new Promise(() => {}));
  const trie = termTrie(terms);
  const tokenSet = lunr.TokenSet.fromArray(terms);
  return clauses.map((clause) => {
    const query = lunr.TokenSet.fromClause(clause);
    return [trie.intersect(query).toArray().sort(), tokenSet.intersect(query).toArray().sort()];
  });
}"""


def test_the_term_trie_matches_the_terms_lunrs_token_set_matches(page, real_site):
    source = (paths.DOCS_DIR / "javascripts" / "finder" / "search-worker.js").read_text(encoding="utf-8")
    page.set_content("<!doctype html><title>trie</title>")
    page.add_script_tag(path=str(real_site / paths.LUNR_SCRIPT))
    for name in (paths.SEARCH_HEADLINE_INDEX_PATH, paths.SEARCH_TEXT_INDEX_PATH):
        loaded = json.loads((real_site / name).read_text(encoding="utf-8"))
        terms = loaded.get("index", loaded)["terms"]
        sample = terms[:: max(1, len(terms) // 150)]
        clauses = []
        for term in sample:
            clauses.append({"term": term})  # the word itself
            clauses.append({"term": term[:4] + "*"})  # words it begins
            clauses.append({"term": term, "editDistance": 1})  # one letter away
            clauses.append({"term": term[:-1] + "q" + term[-1:], "editDistance": 1})  # a typo in it
            clauses.append({"term": term + "xq"})  # no such word
        answers = page.evaluate(COMPARE_TRIE_WITH_TOKEN_SET, [source, terms, clauses])
        for clause, (from_trie, from_lunr) in zip(clauses, answers, strict=True):
            assert from_trie == from_lunr, (name, clause)
        assert sum(len(found) > 1 for found, _ in answers) > len(sample) // 2, name  # prefixes and typos find several


# The worker's word rules over a given set of index terms: search-worker.js evaluated as above, with its
# `indexes` holding one index of just these terms.
WORD_RULES = """([source, terms, verbs, words, pairs]) => {
  const self = { location: { href: location.href } };
  const worker = new Function('self', 'importScripts', 'fetch',
    source + '\\nreturn { indexes, makeVocabulary, stem, distance };')(self, () => {}, () => new Promise(() => {}));
  worker.indexes.headline = { terms: terms };
  const vocabulary = worker.makeVocabulary();
  return {
    nouns: verbs.map((verb) => vocabulary.nounOf(worker.stem(verb))),
    heads: words.map((word) => vocabulary.head(word)),
    distances: pairs.map(([a, b]) => worker.distance(a, b, 2)),
  };
}"""


def test_the_worker_finds_a_verbs_noun_and_a_compounds_last_part_among_the_index_terms(page, real_site):
    source = (paths.DOCS_DIR / "javascripts" / "finder" / "search-worker.js").read_text(encoding="utf-8")
    page.set_content("<!doctype html><title>rules</title>")
    page.add_script_tag(path=str(real_site / paths.LUNR_SCRIPT))
    terms = sorted(["simning", "träning", "cykling", "planering", "kriminalitet", "lös", "läs"])
    answer = page.evaluate(
        WORD_RULES,
        [
            source,
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
