/* The finder's search, in a worker so that reading and loading the index never holds up the page: Swedish
   full-text search over the index that search/shards.py writes in pieces, query analysis exactly as
   search/analysis.py analyses the cards, compound words, ranking by the words a card holds, and the snippets with the
   matched words marked.

   It loads lunr's Swedish word rules (stemmer, stop words, word characters) and the reader of the index
   (search-reader.js), which the build joins into one file, then the words file: every term and where its postings
   are. For a query it loads only the shards of the terms the query reaches, in the headline index (title, aliases,
   summary, labels) and the text index (every other text field and the body), and for the results on screen their
   texts, for the snippets.
   Their addresses are in its own (search-start.js), so that it starts at once, and in its fragment the query in the
   page's address, if any, whose shards it loads at once. The page says and asks:
     {type: 'cards', tagged, methods}   per facet (param) and value, the positions of the cards it counts there,
                                        and the positions of the methods: the concepts' cards
     {type: 'search', q, first}       → {type: 'hits', q, stage, words, found: [[position, words held]] in order of
                                       relevance (first from the headline index alone, stage 'early', while the
                                       text index's shards are on their way; earlyHitsFor); the files of the
                                       `first` hits' details are asked for here too (prefetchDetails),
                                       problem: {label, methods: positions} of the challenge whose methods
                                       come first, or null,
                                       help: {suggestions, closest} when few cards are found, else null;
                                       helpPending when the help needs the spellings, not read yet: it follows as
                                       {type: 'help', q, stage, help}
     {type: 'snippets', q, positions} → {type: 'snippets', q, stage, snippets}
     {type: 'analyse', key, words}    → {type: 'analysed', key, terms} (for the test against search/analysis.py)
   It says {type: 'ready'} once it can answer, and {type: 'failed', part: 'search' | 'text'} when the search or the
   text index cannot be read: the page then filters only, or searches the headline index only, and says so.
   `stage` is 'texts' when the full text answered, 'headline' when only the headline index could, 'early' when the
   headline index answered first and the full text follows. Card text leaves here only as strings. */
/* global importScripts, ShardedIndex, readTerms, fromGaps */

const MAX_WORDS = 12; // a pasted page of text must not make a query of a thousand clauses
// The limits of analysis.Vocabulary (parts of at least MIN_PART letters, compounds up to MAX_COMPOUND, definite
// endings), from the words file (takeAnalysis): defined once, in search/analysis.py.
let MIN_PART = null;
let MIN_COMPOUND = null;
let MAX_COMPOUND = null;
let DEFINITE_ENDINGS = null;
const MAX_TYPO = 30;
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

let indexes = []; // the headline index, then the text index (ShardedIndex)
let textInline = false; // the text index's shards are in the words file: no answer comes before the full text's
let vocabulary = null;
let piecesUrl = null; // the address of the shards and the cards' texts
let piecesBuild = '';
let detailsTogether = true; // every card's details are in the page's finder-cards.json: none to prefetch

/* A piece of the search data, with its build in the address: never a cached piece of another build. */
function piece(name) {
  const url = new URL(name, piecesUrl);
  url.searchParams.set('v', piecesBuild);
  return url;
}
let spellings = null; // the content's words and how often each stands, for "Menade du …?", read when needed
const synonymsOf = new Map();
let taxonomyConcepts = []; // documents.concept_index (search/documents.py): challenges, focus areas and target groups
let cardsTagged = null;
let conceptsReady = null; // once the concepts know their cards (takeCards)
const cardsArrived = new Promise((resolve) => {
  cardsTagged = resolve;
});

// --- Swedish words, exactly as search/analysis.py analyses them ----------------------------------

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

/* A query's terms without compound parts, for the test that compares it with analysis.tokens. */
const analyse = (text) =>
  words(text)
    .map(fold)
    .filter((w) => !isStopWord(w))
    .map(stem);

/* The content's words: every term of both indexes (the words file), which are the build's vocabulary. */
function makeVocabulary(terms) {
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
    const position = result.ref;
    let hit = found.get(position);
    if (!hit) {
      hit = { concepts: new Set(), score: 0, terms: new Set() };
      found.set(position, hit);
    }
    hit.concepts.add(concept);
    hit.score += result.score * weight;
    for (const term of result.terms) hit.terms.add(term);
  }
}

/* The queries a word of the query makes, as clauses (search-reader.js): `word` ranks exact words first, then their
   definite form, then words they begin, then one typo; `parts` finds a compound where all its parts stand, as words
   or in other compounds; `head` is its last part alone (headHits). */
function queriesOf(concept) {
  const word = [{ term: concept.term, boost: 10 }];
  if (concept.variant) word.push({ term: concept.variant, boost: 8 });
  if (concept.term.length >= 3) word.push({ term: concept.term, boost: 2, wildcard: true });
  if (concept.typo) word.push({ term: concept.term, boost: 1, editDistance: 1 });
  return {
    word: word,
    parts: concept.parts ? concept.parts.map((part) => ({ term: part, required: true })) : null,
    head: concept.head ? [{ term: concept.head }] : null,
  };
}

/* The term places an index needs loaded for these words: every clause's, the heads' too. */
function placesFor(index, concepts) {
  const places = new Set();
  for (const concept of concepts) {
    const queries = queriesOf(concept);
    for (const clauses of [queries.word, queries.parts, queries.head]) {
      for (const clause of clauses || []) for (const place of index.expand(clause)) places.add(place);
    }
  }
  return [...places];
}

/* position → {concepts, score, terms} of the cards that hold the query's words, over the indexes that answer. */
function wordHits(concepts, answering) {
  const found = new Map();
  if (!concepts.length) return found;
  for (const index of answering) {
    concepts.forEach((concept, n) => {
      const queries = queriesOf(concept);
      const results = index.query(queries.word);
      if (results.length) concept.direct = true; // some card holds the word itself
      collect(found, results, n, 1);
      if (queries.parts) collect(found, index.query(queries.parts), n, 0.5);
    });
  }
  headHits(concepts, found, answering);
  return found;
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
function headHits(concepts, found, answering) {
  const counts = wordCounts(concepts, found);
  concepts.forEach((concept, n) => {
    // A head of three letters (trapp|hus) says too little of what the compound is.
    // Never for a word some card holds as it is (röstkort is no kind of kort to look for).
    if (!concept.head || concept.direct || concept.head.length < MIN_PART || counts[n] >= FEW_HITS) return;
    for (const index of answering) collect(found, index.query(queriesOf(concept).head), n, HEAD_WEIGHT);
  });
}

/* The query's words as terms, per word: itself and the form the content has it in. */
function wordTerms(concepts) {
  return concepts.map((concept) => new Set([concept.term, concept.variant].filter(Boolean)));
}

/* The words of the query that name a concept: every term of one of its names (documents.concept_index) is one of
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
  const spelled = spellings || new Map();
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
function snippet(fields, hit) {
  const terms = new Set(hit.terms);
  for (const term of hit.terms) for (const other of synonymsOf.get(term) || []) terms.add(other);
  let best = null;
  for (const [label, text] of fields) {
    const found = text ? passage(String(text), terms) : null;
    if (found && (!best || found.count > best.count))
      best = { label: String(label), pieces: found.nodes, count: found.count };
  }
  return best ? { label: best.label, pieces: best.pieces } : null;
}

// --- loading and answering -----------------------------------------------------------------------

/* A file as JSON, decoded only when it is in. */
function fetchJson(url) {
  return fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.arrayBuffer().then((bytes) => JSON.parse(new TextDecoder().decode(bytes)));
  });
}

// Each card's texts ([label, text] pairs, the summary first with no label), as promises, for the snippets: from
// the card's own file, or in a small bank from one file of every card's (textsTogether).
const textsOf = new Map();
let textsTogether = false;
let everyCardsTexts = null;
function allTexts() {
  everyCardsTexts = everyCardsTexts || fetchJson(piece('texts.json'));
  everyCardsTexts.catch(() => {
    everyCardsTexts = null; // asked again, it is fetched again
  });
  return everyCardsTexts;
}
function cardTexts(position) {
  if (textsTogether)
    return allTexts().then(
      (texts) => texts[position] || null,
      () => null,
    );
  if (!textsOf.has(position)) {
    const texts = fetchJson(piece(`texts-${position}.json`)).catch(() => null);
    textsOf.set(position, texts);
  }
  return textsOf.get(position);
}

// The cards whose details (card-<position>.json) were asked for here, ahead of the page (prefetchDetails).
const detailsAsked = new Set();
/* Asks for the files of these cards' details, which the page reads for the first results it draws: as soon as the
   hits are ranked, while the page may still be busy drawing its form, so that the page's own requests for the same
   addresses find them in the browser's HTTP cache, or join them on their way. Nothing here reads them. */
function prefetchDetails(positions) {
  for (const position of positions) {
    if (detailsAsked.has(position)) continue;
    detailsAsked.add(position);
    fetch(piece(`card-${position}.json`)).catch(() => null);
  }
}

/* The analysis' limits, as analysis.analysis_data gives them. */
function takeAnalysis(analysis) {
  MIN_PART = analysis.min_part;
  MIN_COMPOUND = analysis.min_compound;
  MAX_COMPOUND = analysis.max_compound;
  DEFINITE_ENDINGS = analysis.definite_endings;
}

function readWords(loaded, wordsUrl) {
  takeAnalysis(loaded.analysis);
  piecesUrl = new URL(loaded.pieces, wordsUrl);
  piecesBuild = String(loaded.build);
  textsTogether = loaded.texts_together === true;
  detailsTogether = loaded.details_together !== false;
  for (const group of loaded.synonyms || []) for (const term of group) synonymsOf.set(term, group);
  taxonomyConcepts = loaded.concepts || [];
  const terms = readTerms(loaded.terms);
  indexes = loaded.indexes.map(
    (index, bit) =>
      // A small index's shards are in the words file itself (shards.INLINE_INDEX_BYTES).
      new ShardedIndex(index.name, index.fields, terms, loaded.held, bit, fromGaps(index.shards), (n) =>
        index.inline ? Promise.resolve(index.inline[n]) : fetchJson(piece(`${index.name}-${n}.json`)),
      ),
  );
  textInline = loaded.indexes.length < 2 || Boolean(loaded.indexes[1].inline);
  vocabulary = makeVocabulary(new Set(terms));
  spellings = null;
}

/* The concepts' cards, from the page's facets: a concept is a value of one of them. */
function takeCards({ tagged, methods }) {
  const isMethod = new Set(methods);
  for (const concept of taxonomyConcepts) {
    concept.cards = (tagged[concept.facet] || {})[concept.id] || [];
    if (concept.group === 'challenges') concept.first = concept.cards.filter((position) => isMethod.has(position));
  }
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

let textFailed = false;

/* The hits of a query, once the shards of its words are in: {q, stage, concepts, found, problem}. A text shard that
   cannot be read leaves the headline index to answer, once said. */
const answers = new Map(); // q → promise of its hits, the last few
function hitsFor(q) {
  if (answers.has(q)) return answers.get(q);
  const concepts = queryConcepts(q);
  const loads = indexes.map((index) => index.load(placesFor(index, concepts)).then(() => index));
  const answer = Promise.allSettled(loads).then((settled) => {
    const answering = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
    if (settled[0].status === 'rejected') throw new Error('the headline index');
    if (answering.length < indexes.length && !textFailed) {
      textFailed = true;
      self.postMessage({ type: 'failed', part: 'text' });
    }
    const stage = answering.length === indexes.length ? 'texts' : 'headline';
    return scored(q, concepts, answering, stage);
  });
  answers.set(q, answer);
  answer.catch(() => answers.delete(q)); // asked again, a shard that failed once is fetched again
  if (answers.size > 8) answers.delete(answers.keys().next().value);
  return answer;
}

/* The hits of the headline index alone, while the shards the text index needs for the query are still on their way:
   in a big bank the page draws them first, as the finder did before its index was split, and redraws with the full
   text's. The headline index's shards are few and small, and scoring it is a fraction of scoring the text.
   null when there is nothing to answer sooner: a small bank's text index is in the words file, or its shards
   are in already. */
function earlyHitsFor(q) {
  if (textInline) return null;
  const concepts = queryConcepts(q);
  const headline = indexes[0];
  const textPlaces = placesFor(indexes[1], concepts);
  if (!concepts.length || indexes[1].has(textPlaces)) return null;
  return headline.load(placesFor(headline, concepts)).then(() => {
    if (indexes[1].has(textPlaces)) return null; // the full text is as quick
    return scored(q, concepts, [headline], 'early');
  });
}

/* The hits of the query's words in the `answering` indexes, {q, stage, concepts, found, problem}. The words are
   scored while the page may still be reading its cards; only the concepts wait for them. */
function scored(q, concepts, answering, stage) {
  const found = wordHits(concepts, answering);
  return conceptsReady.then(() => ({
    concepts: concepts,
    found: found,
    // with the challenge whose methods come first
    problem: concepts.length ? taxonomyHits(concepts, found) : null,
    q: q,
    stage: stage,
  }));
}

/* The snippets of these cards, once their texts are in: position → snippet, or null where the summary serves. */
function snippetsOf(hits, positions) {
  return Promise.all(positions.map(cardTexts)).then((texts) => {
    const snippets = {};
    positions.forEach((position, n) => {
      const hit = hits.found.get(position);
      snippets[position] = hit && texts[n] ? snippet(texts[n], hit) : null;
    });
    return snippets;
  });
}

/* "Menade du …?" needs the content's words as written, read only for a query that finds little. */
function withSpellings(few) {
  if (!few || spellings) return Promise.resolve();
  return fetchJson(piece('spellings.json'))
    .then((pairs) => {
      spellings = new Map(pairs);
    })
    .catch(() => null);
}

/* The message of the hits `hits` of q; the files of the `first` hits' details are asked for at once, unless the
   page has every card's. */
function hitsMessage(hits, q, first) {
  const ranked = byRelevance(hits.found);
  if (!detailsTogether) prefetchDetails(ranked.slice(0, first || 0));
  return hitsOnly(hits, q, ranked);
}

/* The hits message itself, `ranked` in order of relevance, with the help when few are found (hitsMessage). */
function hitsOnly(hits, q, ranked) {
  // Help waits for the full text, which may find more.
  const few = hits.stage !== 'early' && hits.concepts.length > 0 && ranked.length < FEW_HITS;
  // The snippets come when the page asks for those of the cards it shows: it draws the results with their
  // summaries at once, and each card's texts are read only for its snippet.
  const message = {
    type: 'hits',
    q: q,
    stage: hits.stage,
    words: hits.concepts.length,
    found: ranked.map((position) => [position, hits.found.get(position).concepts.size]),
    snippets: {},
    problem: hits.problem ? { label: String(hits.problem.label), methods: hits.problem.first.map(Number) } : null,
    help: null,
  };
  const help = () => ({
    suggestions: suggestions(q, hits.concepts, hits.found),
    closest: closestConcepts(hits.concepts),
  });
  if (few && !spellings) {
    // "Menade du …?" needs the content's spellings, read only now: the hits go at once (a typo's few results were
    // drawn a round trip later), and the help follows in a message of its own.
    withSpellings(true).then(() => {
      if (question === q) self.postMessage({ type: 'help', q: q, stage: hits.stage, help: help() });
    });
    return Promise.resolve({ ...message, helpPending: true });
  }
  return Promise.resolve(few ? { ...message, help: help() } : message);
}

let question = null; // the page's last query: an answer to an earlier one is not sent

function answer(q, first) {
  question = q;
  // One file holds the snippets' texts: it loads beside the query's shards, not after the results are drawn.
  if (textsTogether) allTexts().catch(() => null);
  let answered = false;
  hitsFor(q)
    .then((hits) => hitsMessage(hits, q, first))
    .then(
      (message) => {
        answered = true;
        if (question === q) self.postMessage(message);
      },
      () => {
        answered = true;
        if (question === q) self.postMessage({ type: 'failed', part: 'search' });
      },
    );
  const early = earlyHitsFor(q);
  if (early) {
    early
      .then((hits) => (hits && hits.found.size ? hitsMessage(hits, q, first) : null))
      .then(
        (message) => message && !answered && question === q && self.postMessage(message),
        () => null, // the full answer says what failed
      );
  }
}

function start(files) {
  const words = fetchJson(files.get('words'));
  words.catch(() => null);
  try {
    importScripts(files.get('scripts')); // lunr's Swedish word rules and search-reader.js, as one file
  } catch (error) {
    self.postMessage({ type: 'failed', part: 'search' });
    return null;
  }
  // A query's shards load as soon as the words file is read; its hits wait for the page's cards too (hitsFor).
  return words.then(
    (loaded) => {
      readWords(loaded, files.get('words'));
      conceptsReady = cardsArrived.then((cards) => {
        takeCards(cards);
        self.postMessage({ type: 'ready' });
      });
      // The page's query from its address: its shards load and its words are scored now; the page's own request
      // for it, when its modules have run, finds the answer kept (hitsFor).
      const query = new URLSearchParams(self.location.hash.slice(1)).get('q');
      if (query) hitsFor(query).catch(() => null);
    },
    () => {
      self.postMessage({ type: 'failed', part: 'search' });
      throw new Error('no search');
    },
  );
}

const ready = start(new URL(self.location.href).searchParams);

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'cards') {
    cardsTagged(message);
  } else if (!ready) {
    return;
  } else if (message.type === 'analyse') {
    ready.then(() => self.postMessage({ type: 'analysed', key: message.key, terms: message.words.map(analyse) }));
  } else if (message.type === 'search') {
    ready.then(() => answer(message.q, message.first));
  } else if (message.type === 'snippets') {
    ready
      .then(() => hitsFor(message.q))
      .then((hits) => snippetsOf(hits, message.positions).then((snippets) => [hits, snippets]))
      .then(
        ([hits, snippets]) =>
          question === message.q &&
          self.postMessage({ type: 'snippets', q: message.q, stage: hits.stage, snippets: snippets }),
        () => null,
      );
  }
};
