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
