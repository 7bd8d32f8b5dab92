/* The finder's search, in a worker so that reading and loading the indexes never holds up the page: Swedish
   full-text search over the lunr indexes that search_index.py builds, query analysis exactly as it analyses the
   cards, compound words, ranking by the words a card holds, and the snippets with the matched words marked.

   It loads, in turn: lunr, the headline index (title, aliases, summary, labels), the index of every other text
   field, and those texts for the snippets; after each it tells the page the stage it has reached. Their addresses
   are in its own (search-start.js), so that it starts at once. The page asks:
     {type: 'summaries', summaries}   the cards' summaries, for snippets; the first results wait for them
     {type: 'search', q, shown}       → {type: 'hits', key, words, found: [[position, words held]] in order of
                                       relevance,
                                       snippets: {position: snippet}} for the first `shown` in relevance order,
                                       problem: {label, methods: positions} of the challenge whose methods
                                       come first, or null,
                                       help: {suggestions, closest} when few cards are found, else null
     {type: 'snippets', q, positions} → {type: 'snippets', key, snippets}
     {type: 'analyse', key, words}    → {type: 'analysed', key, terms} (for the test against search_index.py)
   and each stage comes as {type: 'stage', stage, hits}, with the hits of the last question at that stage. A `key`
   of hits and snippets is the stage and the query they answer. Card text leaves here only as strings. */
/* global importScripts */

const MAX_WORDS = 12; // a pasted page of text must not make a query of a thousand clauses
// The same limits as search_index.Vocabulary: parts of at least 4 letters, definite endings.
const MIN_PART = 4;
const MIN_COMPOUND = 2 * MIN_PART;
const MAX_COMPOUND = 40; // longer is no word; splitting it would take quadratic time
const MAX_TYPO = 30;
const DEFINITE_ENDINGS = ['et', 'en', 't', 'n'];
const TYPO_MIN_LETTERS = 5;
const SNIPPET_WORDS = 26;
// Below this many hits the answer also brings help: other spellings and the closest concepts.
const FEW_HITS = 3;
// A compound's last part alone (lånecyklar → cyklar) counts, at this weight, when its parts together find few.
const HEAD_WEIGHT = 0.25;
// The concepts' tagged cards count as holding the words that name the concept, at this score.
const CONCEPT_SCORE = 1;
// The shortest last part of an unknown word (and its term) tried alone: gäng|kriminalitet → kriminalitet. Its first
// part has at least 3 letters.
const MIN_HEAD = 5;

// The indexes and texts, as far as they have loaded.
const indexes = { headline: null, text: null };
let vocabulary = null;
let summaries = null; // from the page, which has them in the cards it shows
let summariesArrived = null;
const summariesIn = new Promise((resolve) => {
  summariesArrived = resolve;
});
let texts = null;
const synonymsOf = new Map();
let taxonomyConcepts = []; // search_index.concept_index: challenges, focus areas and target groups

// --- Swedish words, exactly as search_index.py analyses them -------------------------------------

/* The words lunr's Swedish pipeline keeps, as a new RegExp each time: a global one keeps its place between uses. */
function wordPattern() {
  return new RegExp(`[${lunr.sv.wordCharacters}]+`, 'g');
}

function words(text) {
  return String(text).match(wordPattern()) || [];
}

// Every word of every snippet text passes here on each redraw; the answers are kept.
const folds = new Map();
function fold(word) {
  let folded = folds.get(word);
  if (folded === undefined) {
    folded = foldUncached(word);
    folds.set(word, folded);
  }
  return folded;
}

function foldUncached(word) {
  const protectedWord = word.toLowerCase().replace(/å/g, '\u0001').replace(/ä/g, '\u0002').replace(/ö/g, '\u0003');
  return protectedWord
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replaceAll('\u0001', 'å')
    .replaceAll('\u0002', 'ä')
    .replaceAll('\u0003', 'ö')
    .normalize('NFC');
}

const stems = new Map();
function stem(word) {
  if (!stems.has(word)) stems.set(word, lunr.sv.stemmer(new lunr.Token(word)).toString());
  return stems.get(word);
}

function isStopWord(word) {
  return !lunr.sv.stopWordFilter(new lunr.Token(word));
}

/* A query's terms without compound parts, for the test that compares it with search_index.tokens. */
const analyse = (text) =>
  words(text)
    .map(fold)
    .filter((w) => !isStopWord(w))
    .map(stem);

/* The content's terms: the terms of every loaded index, which are the build's vocabulary. */
function makeVocabulary() {
  const terms = new Set();
  for (const index of [indexes.headline, indexes.text]) {
    if (index) for (const term of index.terms) terms.add(term);
  }
  const splits = new Map();
  function known(word) {
    // Never a stop word: 'före' stems to 'för', which would split 'föreningarna'.
    let found = stem(word);
    if (terms.has(found)) return isStopWord(found) ? null : found;
    for (const ending of DEFINITE_ENDINGS) {
      if (word.endsWith(ending) && word.length - ending.length >= MIN_PART) {
        found = stem(word.slice(0, -ending.length));
        if (terms.has(found)) return isStopWord(found) ? null : found;
      }
    }
    return null;
  }
  function split(word) {
    if (splits.has(word)) return splits.get(word);
    let parts = null;
    if (word.length >= MIN_COMPOUND && word.length <= MAX_COMPOUND) {
      for (let cut = word.length - MIN_PART; cut >= MIN_PART && !parts; cut--) {
        const head = word.slice(0, cut);
        const rest = word.slice(cut);
        const heads = head.endsWith('s') && head.length > MIN_PART ? [head.slice(0, -1), head] : [head];
        let first = null;
        for (const h of heads) {
          first = first || known(h);
        }
        if (!first) continue;
        const last = known(rest);
        const tail = last ? [last] : split(rest);
        if (tail) parts = [first].concat(tail);
      }
    }
    splits.set(word, parts);
    return parts;
  }
  /* A verb the content holds only as its noun of action: 'simma' (stem 'simm') → 'simning', 'träna' → 'träning',
     'cykla' → 'cykling', 'planera' → 'planering'. Swedish makes such nouns of the verb's stem with -ning or -ing
     (a doubled last consonant is written once: simm|a → sim|ning); the Snowball stemmer keeps them apart. Only a
     noun the index holds is taken. */
  function nounOf(verbStem) {
    if (verbStem.length < MIN_PART) return null;
    const bases = [verbStem];
    const last = verbStem[verbStem.length - 1];
    if (verbStem[verbStem.length - 2] === last) bases.push(verbStem.slice(0, -1));
    for (const base of bases) {
      for (const ending of ['ning', 'ing']) {
        const noun = base + ending;
        if (terms.has(noun) && !isStopWord(noun)) return noun;
      }
    }
    return null;
  }
  /* The longest end of an unknown word that the content holds as a word: the head of a compound whose first part
     the content lacks (gäng|kriminalitet → kriminalitet). */
  function head(word) {
    for (let cut = 3; word.length - cut >= MIN_HEAD; cut++) {
      const found = known(word.slice(cut));
      if (found && found.length >= MIN_HEAD) return found; // not hemlöshet → lös
    }
    return null;
  }
  return { terms: terms, known: known, split: split, nounOf: nounOf, head: head };
}

/* The query's words, each with the ways a card can hold it. */
function queryConcepts(text) {
  const concepts = [];
  const seen = new Set();
  for (const word of words(text.slice(0, 2000))) {
    const folded = fold(word);
    if (isStopWord(folded)) continue;
    const term = stem(folded);
    if (seen.has(term)) continue;
    seen.add(term);
    const known = vocabulary.known(folded) || vocabulary.nounOf(term);
    const split = folded.length >= MIN_COMPOUND ? vocabulary.split(folded) : null;
    const parts = split && split.length > 1 ? split : null;
    concepts.push({
      word: word,
      folded: folded,
      term: term,
      variant: known && known !== term ? known : null,
      // A word the content holds in some form is that word, not a typo of another.
      typo: !known && folded.length >= TYPO_MIN_LETTERS && folded.length <= MAX_TYPO,
      parts: parts,
      head: parts ? parts[parts.length - 1] : known ? null : vocabulary.head(folded),
    });
    if (concepts.length === MAX_WORDS) break;
  }
  return concepts;
}

function collect(found, results, concept, weight) {
  for (const result of results) {
    const position = Number(result.ref);
    let hit = found.get(position);
    if (!hit) {
      hit = { concepts: new Set(), score: 0, terms: new Set() };
      found.set(position, hit);
    }
    hit.concepts.add(concept);
    hit.score += result.score * weight;
    for (const term of Object.keys(result.matchData.metadata)) hit.terms.add(term);
  }
}

/* position → {concepts, score, terms} over every loaded index, with the challenge whose methods come first. */
function textHits(q) {
  const concepts = queryConcepts(q);
  if (!concepts.length) return { concepts: concepts, found: new Map(), problem: null };
  const found = new Map();
  const { TRAILING } = lunr.Query.wildcard;
  const { REQUIRED } = lunr.Query.presence;
  for (const index of [indexes.headline, indexes.text]) {
    if (!index) continue;
    concepts.forEach((concept, n) => {
      const results = index.query((query) => {
        // Exact words rank first, then their definite form, then words they begin, then one typo.
        query.term(concept.term, { usePipeline: false, boost: 10 });
        if (concept.variant) query.term(concept.variant, { usePipeline: false, boost: 8 });
        if (concept.term.length >= 3) query.term(concept.term, { usePipeline: false, boost: 2, wildcard: TRAILING });
        if (concept.typo) query.term(concept.term, { usePipeline: false, boost: 1, editDistance: 1 });
      });
      if (results.length) concept.direct = true; // some card holds the word itself
      collect(found, results, n, 1);
      if (concept.parts) {
        // A compound is also found where all its parts stand, as words or in other compounds.
        collect(
          found,
          index.query((query) => {
            for (const part of concept.parts) query.term(part, { usePipeline: false, presence: REQUIRED });
          }),
          n,
          0.5,
        );
      }
    });
  }
  headHits(concepts, found);
  const problem = taxonomyHits(concepts, found);
  return { concepts: concepts, found: found, problem: problem };
}

/* How many cards hold each of the query's words. */
function wordCounts(concepts, found) {
  const counts = concepts.map(() => 0);
  for (const hit of found.values()) for (const n of hit.concepts) counts[n] += 1;
  return counts;
}

/* A compound no card holds as it is, whose parts together are in few cards (or an unknown word), is also looked for
   by its last part, the word it is a kind of: a lånecykel is a cykel. It weighs little, so cards with every part
   come first. */
function headHits(concepts, found) {
  const counts = wordCounts(concepts, found);
  concepts.forEach((concept, n) => {
    // A head of three letters (trapp|hus) says too little of what the compound is.
    // Never for a word some card holds as it is (röstkort is no kind of kort to look for).
    if (!concept.head || concept.direct || concept.head.length < MIN_PART || counts[n] >= FEW_HITS) return;
    for (const index of [indexes.headline, indexes.text]) {
      if (!index) continue;
      collect(
        found,
        index.query((query) => query.term(concept.head, { usePipeline: false })),
        n,
        HEAD_WEIGHT,
      );
    }
  });
}

/* The query's words as terms, per word: itself and the form the content has it in. */
function wordTerms(concepts) {
  return concepts.map((concept) => new Set([concept.term, concept.variant].filter(Boolean)));
}

/* The words of the query that name a concept: every term of one of its names (search_index.concept_index) is one of
   the query's words. */
function namingWords(concept, termsOfWords) {
  let best = [];
  for (const name of concept.names) {
    const words = [];
    const named = name.every((term) => {
      const n = termsOfWords.findIndex((terms) => terms.has(term));
      if (n >= 0 && !words.includes(n)) words.push(n);
      return n >= 0;
    });
    if (named && words.length > best.length) best = words;
  }
  return best;
}

/* A query that names a challenge, focus area or target group finds the cards tagged with it, as holding the words
   that name it. When a challenge the query names covers all its words that any card holds (otrygghet i trapphusen,
   where no card says trapphus), the query is a problem, and the methods against it come first (marked `first`);
   that challenge is returned, else null. */
function taxonomyHits(concepts, found) {
  const termsOfWords = wordTerms(concepts);
  const inText = wordCounts(concepts, found);
  let problem = null;
  for (const concept of taxonomyConcepts) {
    const words = namingWords(concept, termsOfWords);
    if (!words.length) continue;
    for (const position of concept.cards) {
      let hit = found.get(position);
      if (!hit) {
        hit = { concepts: new Set(), score: 0, terms: new Set() };
        found.set(position, hit);
      }
      for (const n of words) hit.concepts.add(n);
      // A word counts once for a card, however many of the card's concepts it names (trygghet names a focus area
      // and a challenge): two tags do not make a card more about the word than its text.
      hit.conceptWords = hit.conceptWords || new Set();
      const fresh = words.filter((n) => !hit.conceptWords.has(n));
      for (const n of fresh) hit.conceptWords.add(n);
      hit.score += CONCEPT_SCORE * fresh.length;
    }
    if (concept.first && !problem && inText.every((count, n) => count === 0 || words.includes(n))) {
      problem = concept;
      for (const position of concept.first) found.get(position).first = true;
    }
  }
  return problem;
}

// --- help when little is found ------------------------------------------------------------------

/* The words of the cards as they are written (folded), each with how often it stands, for "Menade du …?"; made
   from the summaries, and again once the texts are in. */
let spellings = { from: null, counts: null };
function contentWords() {
  const from = texts ? 'texts' : 'summaries';
  if (spellings.from === from) return spellings.counts;
  const counts = new Map();
  const add = (text) => {
    for (const word of words(text)) {
      const folded = fold(word);
      if (folded.length >= MIN_PART && !isStopWord(folded)) counts.set(folded, (counts.get(folded) || 0) + 1);
    }
  };
  for (const summary of summaries || []) add(summary);
  for (const fields of texts || []) for (const [, text] of fields || []) add(text);
  spellings = { from: from, counts: counts };
  return counts;
}

/* Edit distance (letters added, dropped, changed or two swapped), or limit + 1 once it is more than limit. */
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (before && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row.push(d);
      least = Math.min(least, d);
    }
    if (least > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

/* "Menade du …?": for each word no card holds, the query with it replaced by the content's nearest words (one
   letter away, two for a long word), the most used first; up to three queries. */
function suggestions(q, concepts, found) {
  const counts = wordCounts(concepts, found);
  const spelled = contentWords();
  const queries = [];
  concepts.forEach((concept, n) => {
    if (counts[n] || concept.folded.length < MIN_PART) return;
    const limit = concept.folded.length >= 8 ? 2 : 1;
    const near = [];
    for (const [word, count] of spelled) {
      const d = distance(concept.folded, word, limit);
      if (d <= limit && stem(word) !== concept.term) near.push({ word: word, d: d, count: count });
    }
    near.sort((a, b) => a.d - b.d || b.count - a.count || (a.word < b.word ? -1 : 1));
    for (const { word } of near.slice(0, 3)) {
      const suggested = q.trim().replace(concept.word, word);
      if (!queries.includes(suggested) && queries.length < 3) queries.push(suggested);
    }
  });
  return queries;
}

/* The terms the content holds in a word, also as the beginning of a compound whose rest it lacks
   (trygghets|vandring → trygghet). */
function pieces(concept) {
  const found = new Set([concept.term, concept.variant, concept.head].concat(concept.parts || []));
  const word = concept.folded;
  for (let cut = MIN_PART; cut < word.length && word.length <= MAX_COMPOUND; cut++) {
    const start = word.slice(0, cut);
    found.add(vocabulary.known(start));
    if (start.endsWith('s')) found.add(vocabulary.known(start.slice(0, -1)));
  }
  found.delete(null);
  found.delete(undefined);
  return found;
}

/* The challenges and focus areas closest to the query: those whose names (each term twice) and description share most
   of its terms; up to three, as {label, url}. */
function closestConcepts(concepts) {
  const held = new Set();
  for (const concept of concepts) for (const term of pieces(concept)) held.add(term);
  const scored = [];
  for (const concept of taxonomyConcepts) {
    if (concept.group === 'target_groups') continue;
    let score = concept.about.filter((term) => held.has(term)).length;
    const named = new Set(concept.names.flat().filter((term) => held.has(term)));
    score += 2 * named.size;
    if (score) scored.push({ concept: concept, score: score });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, 3).map(({ concept }) => ({ label: String(concept.label), url: String(concept.url) }));
}

// --- results and snippets ------------------------------------------------------------------------

/* Whether a word of a card's text is one of the matched terms or a compound holding one. A term is a stem or a
   compound part, both a piece of the folded word, so a word that contains no term is no hit: most words of a
   snippet are ruled out by that before they are stemmed or split. */
function isHit(word, terms) {
  const folded = fold(word);
  let contains = false;
  for (const term of terms) {
    if (folded.includes(term)) {
      contains = true;
      break;
    }
  }
  if (!contains) return false;
  if (terms.has(stem(folded))) return true;
  const parts = folded.length >= MIN_COMPOUND ? vocabulary.split(folded) : null;
  return Boolean(parts && parts.some((part) => terms.has(part)));
}

/* The passage of `text` around its first matched word, as pieces of text: a string is plain text, [string] is a
   matched word. The page makes text nodes and <mark> elements of them, never HTML. */
function passage(text, terms) {
  const spans = [];
  for (const match of text.matchAll(wordPattern())) {
    spans.push({ start: match.index, end: match.index + match[0].length, hit: isHit(match[0], terms) });
  }
  const hits = spans.filter((s) => s.hit);
  if (!hits.length) return null;
  const firstWord = spans.indexOf(hits[0]);
  const from = Math.max(0, firstWord - 8);
  const to = Math.min(spans.length, from + SNIPPET_WORDS);
  const start = from === 0 ? 0 : spans[from].start;
  const end = to === spans.length ? text.length : spans[to - 1].end;
  const nodes = [from > 0 ? '… ' : ''];
  let at = start;
  for (const span of spans.slice(from, to)) {
    if (!span.hit) continue;
    nodes.push(text.slice(at, span.start), [text.slice(span.start, span.end)]);
    at = span.end;
  }
  nodes.push(text.slice(at, end), to < spans.length ? ' …' : '');
  return { nodes: nodes, count: new Set(hits.map((s) => stem(fold(text.slice(s.start, s.end))))).size };
}

/* The best passage of a card for the matched terms, {label, pieces}; null when no text holds them (the page then
   shows the summary). The label names the field; it is empty for the summary. */
function snippet(position, hit) {
  const terms = new Set(hit.terms);
  for (const term of hit.terms) for (const other of synonymsOf.get(term) || []) terms.add(other);
  const fields = [['', summaries[position]]].concat(texts ? texts[position] || [] : []);
  let best = null;
  for (const [label, text] of fields) {
    const found = text ? passage(String(text), terms) : null;
    if (found && (!best || found.count > best.count))
      best = { label: String(label), pieces: found.nodes, count: found.count };
  }
  return best ? { label: best.label, pieces: best.pieces } : null;
}

// --- loading and answering -----------------------------------------------------------------------

/* An index in the compact form of search_index.compact_index, as a lunr.Index. Nothing is made of it until a query
   reaches a term: then its posting becomes lunr's objects, and its weights join the field vectors of the cards that
   hold it. lunr scores a field by the dot product of the query's vector with the field's vector, so a field vector
   that holds the weights of every term a query has reached scores as the whole one would. */
function loadIndex(compact) {
  const places = new Map(compact.terms.map((term, place) => [term, place]));
  const reachedWeights = new Map(); // 'field/ref' → [place, weight, …] of the terms reached so far
  const made = new Map();
  const invertedIndex = new Proxy(Object.create(null), {
    get(_, term) {
      const place = places.get(term);
      if (place === undefined) return undefined;
      let posting = made.get(place);
      if (!posting) {
        posting = { _index: place };
        compact.fields.forEach((field, n) => {
          const pairs = compact.postings[place][n];
          const refs = {};
          for (let i = 0; i < pairs.length; i += 2) {
            refs[pairs[i]] = {};
            const fieldRef = field + '/' + pairs[i];
            if (!reachedWeights.has(fieldRef)) reachedWeights.set(fieldRef, []);
            reachedWeights.get(fieldRef).push(place, pairs[i + 1]);
          }
          posting[field] = refs;
        });
        made.set(place, posting);
      }
      return posting;
    },
  });
  const vectors = new Map(); // 'field/ref' → the lunr.Vector of its reached weights, remade when more are reached
  const fieldVectors = new Proxy(Object.create(null), {
    get(_, fieldRef) {
      const weights = reachedWeights.get(fieldRef) || [];
      let vector = vectors.get(fieldRef);
      if (!vector || vector.elements.length !== weights.length) {
        const pairs = [];
        for (let i = 0; i < weights.length; i += 2) pairs.push([weights[i], weights[i + 1]]);
        pairs.sort((a, b) => a[0] - b[0]); // lunr.Vector keeps its elements in term order
        vector = new lunr.Vector(pairs.flat());
        vectors.set(fieldRef, vector);
      }
      return vector;
    },
  });
  const index = new lunr.Index({
    fields: compact.fields,
    fieldVectors: fieldVectors,
    invertedIndex: invertedIndex,
    tokenSet: termTrie(compact.terms),
    pipeline: lunr.Pipeline.load(compact.pipeline),
  });
  index.terms = compact.terms;
  return index;
}

/* The index's terms as a trie that stands in for lunr.TokenSet, which lunr's query intersects with each query term
   to find the terms it matches (itself, those it begins, those one letter away). A node is a run of the sorted terms
   that share its first `depth` letters, and finds its children only when a query walks there: building lunr's
   TokenSet of every term took most of the time it took to read an index. */
function termTrie(terms) {
  for (let i = 1; i < terms.length; i++) {
    if (!(terms[i - 1] < terms[i])) throw new Error(`the index's terms are not in order at ${terms[i]}`);
  }
  return new TermNode(terms, 0, terms.length, 0);
}

function TermNode(terms, from, to, depth) {
  this.terms = terms;
  this.from = from;
  this.to = to;
  this.depth = depth;
  this.final = from < to && terms[from].length === depth; // sorted, the run's own word comes first
  this.children = null;
}

Object.defineProperty(TermNode.prototype, 'edges', {
  get() {
    if (!this.children) {
      const { terms, to, depth } = this;
      const children = Object.create(null);
      let i = this.final ? this.from + 1 : this.from;
      while (i < to) {
        const letter = terms[i][depth];
        let end = i + 1;
        while (end < to && terms[end][depth] === letter) end++;
        children[letter] = new TermNode(terms, i, end, depth + 1);
        i = end;
      }
      this.children = children;
    }
    return this.children;
  },
});

TermNode.prototype.intersect = function (other) {
  return lunr.TokenSet.prototype.intersect.call(this, other);
};

/* A file as bytes, decoded only when it is read (readJson): decoding text as it arrives would take this thread's
   time while it answers the first query. */
function fetchBytes(url) {
  return fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.arrayBuffer();
  });
}

function readJson(bytes) {
  return JSON.parse(new TextDecoder().decode(bytes));
}

// How far loading has come, and the page's last question, which each newly loaded index answers again at once.
let stage = 'loading';
let question = { q: '', shown: 0 };

function reached(next) {
  stage = next;
  self.postMessage({ type: 'stage', stage: next, hits: question.q.trim() ? hitsMessage(question) : null });
}

function load(paths) {
  // Each file is downloaded once the one before it is in, so that the first results never share the connection,
  // and read while the next one downloads: lunr and the headline index, the text index, the snippet texts. The
  // text index also waits until the page has read the cards (it then hands over their summaries): downloading it
  // beside them held up the page's own reading (first results at 5 000 cards 1 050 → 770 ms on two cores).
  const headline = fetchBytes(paths.headline);
  const textIndex = Promise.all([headline, summariesIn]).then(() => fetchBytes(paths.textIndex));
  const snippetTexts = textIndex.then(() => fetchBytes(paths.texts));
  for (const promise of [headline, textIndex, snippetTexts]) promise.catch(() => null);
  try {
    importScripts(paths.lunr);
  } catch (error) {
    self.postMessage({ type: 'failed', part: 'search' });
    return;
  }
  headline
    .then((bytes) => {
      const loaded = readJson(bytes);
      for (const group of loaded.synonyms || []) for (const term of group) synonymsOf.set(term, group);
      taxonomyConcepts = loaded.concepts || [];
      indexes.headline = loadIndex(loaded.index);
      vocabulary = makeVocabulary();
      hitsFor(question.q); // found while the summaries, which the first snippets need, are on their way
      return summariesIn;
    })
    .then(() => reached('headline'))
    .then(
      () =>
        textIndex
          .then((bytes) => {
            indexes.text = loadIndex(readJson(bytes));
            vocabulary = makeVocabulary();
            reached('full');
            return snippetTexts;
          })
          .then((bytes) => {
            texts = readJson(bytes);
            reached('texts');
          })
          .catch(() => self.postMessage({ type: 'failed', part: 'text' })),
      () => self.postMessage({ type: 'failed', part: 'search' }),
    );
}

/* Cards holding all the words first, then those with most of them; within each, for a problem, the methods against
   it first; then by weight, then in display order. */
function byRelevance(found) {
  return [...found.entries()]
    .sort(
      (a, b) =>
        b[1].concepts.size - a[1].concepts.size ||
        Number(Boolean(b[1].first)) - Number(Boolean(a[1].first)) ||
        b[1].score - a[1].score ||
        a[0] - b[0],
    )
    .map(([position]) => position);
}

// The last query's hits, for the snippets the page asks for after them; a newly loaded index makes them old.
let last = { q: null, index: null, hits: null };

function hitsFor(q) {
  if (last.q !== q || last.index !== indexes.text) last = { q: q, index: indexes.text, hits: textHits(q) };
  return last.hits;
}

function snippetsOf(found, positions) {
  const snippets = {};
  for (const position of positions) {
    const hit = found.get(position);
    snippets[position] = hit ? snippet(position, hit) : null;
  }
  return snippets;
}

/* The hits of a question at this stage, with the snippets of the first `shown` in relevance order. The key (stage
   and query) tells the page which question and which indexes the answer is for. */
function hitsMessage({ q, shown }) {
  const { concepts, found, problem } = hitsFor(q);
  const ranked = byRelevance(found);
  const few = concepts.length > 0 && ranked.length < FEW_HITS;
  return {
    type: 'hits',
    key: stage + '\n' + q,
    words: concepts.length,
    found: ranked.map((position) => [position, found.get(position).concepts.size]),
    snippets: snippetsOf(found, ranked.slice(0, shown)),
    problem: problem ? { label: String(problem.label), methods: problem.first.map(Number) } : null,
    help: few ? { suggestions: suggestions(q, concepts, found), closest: closestConcepts(concepts) } : null,
  };
}

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'summaries') {
    summaries = message.summaries;
    summariesArrived();
  } else if (message.type === 'analyse') {
    self.postMessage({ type: 'analysed', key: message.key, terms: message.words.map(analyse) });
  } else if (message.type === 'search') {
    question = { q: message.q, shown: message.shown };
    if (stage !== 'loading') self.postMessage(hitsMessage(question));
    else if (indexes.headline) hitsFor(question.q); // as above
  } else if (message.type === 'snippets' && stage !== 'loading') {
    self.postMessage({
      type: 'snippets',
      key: stage + '\n' + message.q,
      snippets: snippetsOf(hitsFor(message.q).found, message.positions),
    });
  }
};

const files = new URL(self.location.href).searchParams;
load({
  lunr: files.get('lunr'),
  headline: files.get('headline'),
  textIndex: files.get('textIndex'),
  texts: files.get('texts'),
});
