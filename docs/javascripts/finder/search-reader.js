/* The reader of the finder's search index as search/shards.py writes it, and its scorer, for the search worker
   (search-worker.js loads it with importScripts).

   The index is lunr's, built by lunr.py: the same terms, and per term, field and card the weight lunr puts in
   the card's field vector. It is stored in pieces: the words file lists every term in order, which index holds
   each and where each index's shards start; a shard holds the postings of a run of terms. A query reads only the
   shards of the terms it reaches, so a visit loads a few kilobytes of a large index instead of all of it.

   query() scores as lunr 2.3.9's Index.query does (lunr.js, "lunr.Index.prototype.query"): per field, the dot
   product of the query's vector (each term's boosts added up) with the card's field vector, divided by the
   length of the query's vector; a card's score is the sum over its fields. Only the query's own terms count in a
   dot product, so their postings are all it needs. A required clause keeps the cards that hold one of its terms
   in some field. tests/test_search_worker.py compares it with lunr.js on the real site's index. */

/* The words file's terms, front-coded (shards.front_coded): after each comma the length of the beginning a term
   shares with the one before, as one digit of base 36, and its rest. */
function readTerms(coded) {
  const terms = [];
  let before = '';
  for (const entry of coded.split(',')) {
    before = before.slice(0, Number.parseInt(entry[0], 36)) + entry.slice(1);
    terms.push(before);
  }
  return terms;
}

/* Numbers written as the gaps between them, back as the numbers. */
function fromGaps(gaps) {
  let at = 0;
  return gaps.map((gap) => {
    at += gap;
    return at;
  });
}

/* Whether two words are at most one edit apart: a letter added, dropped or changed, or two neighbours swapped
   (as lunr.TokenSet.fromFuzzyString(word, 1) matches). */
function withinOneEdit(a, b) {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // changed
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swapped
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1); // dropped or added
}

/* The first place in sorted `terms` whose term is not before `word`. */
function lowerBound(terms, word) {
  let low = 0;
  let high = terms.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (terms[middle] < word) low = middle + 1;
    else high = middle;
  }
  return low;
}

/* One index in pieces. `terms`: every term of the words file in order; `held`: per term a digit whose bit `bit`
   says this index holds it; `starts`: the place of each shard's first term; `fetchShard(n)`: a promise of the
   n-th shard's postings. */
function ShardedIndex(name, fields, terms, held, bit, starts, fetchShard) {
  this.name = name;
  this.fields = fields;
  this.terms = terms;
  this.fetchShard = fetchShard;
  this.placeOf = new Map();
  // Per held term: its shard and its place among the shard's postings.
  this.shardOf = new Int32Array(terms.length).fill(-1);
  this.offsetOf = new Int32Array(terms.length).fill(-1);
  this.byLength = new Map(); // held terms by length, for the terms one edit away
  let shard = -1;
  let offset = 0;
  for (let place = 0; place < terms.length; place++) {
    while (shard + 1 < starts.length && starts[shard + 1] <= place) {
      shard++;
      offset = 0;
    }
    if (!((Number(held[place]) >> bit) & 1)) continue;
    if (shard < 0) throw new Error(`${name}: a term before the first shard`);
    this.placeOf.set(terms[place], place);
    this.shardOf[place] = shard;
    this.offsetOf[place] = offset++;
    const length = terms[place].length;
    if (!this.byLength.has(length)) this.byLength.set(length, []);
    this.byLength.get(length).push(place);
  }
  this.shards = new Map(); // n → promise of its postings
  this.loaded = new Map(); // n → its postings, once in
  this.decoded = new Map(); // place → per field a Map card → weight
}

/* The places of the terms a clause reaches: {term, wildcard: true} the terms it begins (itself too),
   {term, editDistance: 1} those one edit away (itself too), else the term itself; only terms this index holds. */
ShardedIndex.prototype.expand = function (clause) {
  const word = clause.term;
  if (clause.wildcard) {
    const found = [];
    for (let place = lowerBound(this.terms, word); place < this.terms.length; place++) {
      if (!this.terms[place].startsWith(word)) break;
      if (this.shardOf[place] >= 0) found.push(place);
    }
    return found;
  }
  if (clause.editDistance) {
    const found = [];
    for (let length = word.length - 1; length <= word.length + 1; length++) {
      for (const place of this.byLength.get(length) || []) {
        if (withinOneEdit(word, this.terms[place])) found.push(place);
      }
    }
    return found.sort((a, b) => a - b);
  }
  const place = this.placeOf.get(word);
  return place === undefined ? [] : [place];
};

/* Loads the shards of these term places; resolves once all are in, rejects if one fails. */
ShardedIndex.prototype.load = function (places) {
  const wanted = new Set(places.map((place) => this.shardOf[place]));
  return Promise.all(
    [...wanted].map((n) => {
      if (!this.shards.has(n)) {
        this.shards.set(
          n,
          this.fetchShard(n).then((postings) => {
            this.loaded.set(n, postings);
            return postings;
          }),
        );
        this.shards.get(n).catch(() => this.shards.delete(n)); // asked again next time
      }
      return this.shards.get(n);
    }),
  );
};

/* Whether the postings of every one of these places are in. */
ShardedIndex.prototype.has = function (places) {
  return places.every((place) => this.loaded.has(this.shardOf[place]));
};

/* A loaded term's postings: per field, a Map card position → weight. */
ShardedIndex.prototype.posting = function (place) {
  let posting = this.decoded.get(place);
  if (!posting) {
    const coded = this.loaded.get(this.shardOf[place])[this.offsetOf[place]];
    posting = coded.map((pairs) => {
      const weights = new Map();
      let ref = 0;
      for (let i = 0; i < pairs.length; i += 2) {
        ref += pairs[i];
        weights.set(ref, pairs[i + 1]);
      }
      return weights;
    });
    this.decoded.set(place, posting);
  }
  return posting;
};

/* lunr's Index.query over loaded shards. `clauses`: [{term, boost, wildcard, editDistance, required}].
   Returns [{ref, score, terms}] by score, highest first; `terms` are the matched terms of the card. */
ShardedIndex.prototype.query = function (clauses) {
  const vectors = this.fields.map(() => new Map()); // per field: place → the boosts of its clauses added up
  const matching = new Map(); // 'field/card' → {field, ref, terms}, in the order lunr meets them
  const seen = new Set(); // 'place/field' already collected
  let required = null; // the cards every required clause found, or null for no such clause
  for (const clause of clauses) {
    const places = this.expand(clause);
    const found = new Set();
    for (const place of places) {
      const posting = this.posting(place);
      this.fields.forEach((_, field) => {
        const weights = posting[field];
        if (clause.required) for (const ref of weights.keys()) found.add(ref);
        vectors[field].set(place, (vectors[field].get(place) || 0) + (clause.boost || 1));
        if (seen.has(place + '/' + field)) return;
        seen.add(place + '/' + field);
        for (const ref of weights.keys()) {
          const key = field + '/' + ref;
          if (!matching.has(key)) matching.set(key, { field: field, ref: ref, terms: new Set() });
          matching.get(key).terms.add(this.terms[place]);
        }
      });
    }
    if (clause.required) required = required ? new Set([...required].filter((ref) => found.has(ref))) : found;
  }
  // Each field's query vector in term order, and its length, as lunr.Vector keeps and measures it.
  const ordered = vectors.map((vector) => [...vector.entries()].sort((a, b) => a[0] - b[0]));
  const lengths = ordered.map((entries) => Math.sqrt(entries.reduce((sum, [, boost]) => sum + boost * boost, 0)));
  const results = new Map();
  for (const { field, ref, terms } of matching.values()) {
    if (required && !required.has(ref)) continue;
    let dot = 0;
    for (const [place, boost] of ordered[field]) {
      const weight = this.posting(place)[field].get(ref);
      if (weight !== undefined) dot += boost * weight;
    }
    const score = dot / lengths[field] || 0;
    const result = results.get(ref);
    if (result) {
      result.score += score;
      for (const term of terms) result.terms.add(term);
    } else {
      results.set(ref, { ref: ref, score: score, terms: new Set(terms) });
    }
  }
  return [...results.values()].sort((a, b) => b.score - a.score);
};
