/* Swedish full-text search over the finder's lunr indexes: query analysis exactly as search_index.py analyses the
   cards, compound words, ranking by the words a card holds, and the snippets with the matched words marked. */
import { el } from '../dom.js';
import { data, state, synonymsOf } from './state.js';

const MAX_WORDS = 12; // a pasted page of text must not make a query of a thousand clauses
// The same limits as search_index.Vocabulary: parts of at least 4 letters, definite endings.
const MIN_PART = 4;
const MIN_COMPOUND = 2 * MIN_PART;
const MAX_COMPOUND = 40; // longer is no word; splitting it would take quadratic time
const MAX_TYPO = 30;
const DEFINITE_ENDINGS = ['et', 'en', 't', 'n'];
const TYPO_MIN_LETTERS = 5;
const SNIPPET_WORDS = 26;

// lunr and the indexes, as far as they have loaded.
export const searchState = { lunrLoaded: false, searchFailed: false, textFailed: false };
export const indexes = { headline: null, text: null };
let vocabulary = null;
export let texts = null;

// --- Swedish words, exactly as search_index.py analyses them -------------------------------------

let wordPattern = null;

function words(text) {
  wordPattern = wordPattern || new RegExp('[' + lunr.sv.wordCharacters + ']+', 'g');
  return String(text).match(wordPattern) || [];
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

/* A query's terms without compound parts; on the finder element for the test that compares it with
   search_index.tokens. */

/* A query's terms without compound parts, for the test that compares it with search_index.tokens. */
export const analyse = (text) =>
  words(text)
    .map(fold)
    .filter((w) => !isStopWord(w))
    .map(stem);

/* The content's terms: the terms of every loaded index, which are the build's vocabulary. */
function makeVocabulary() {
  const terms = new Set();
  for (const index of [indexes.headline, indexes.text]) {
    if (index) for (const term of Object.keys(index.invertedIndex)) terms.add(term);
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
  return { known: known, split: split };
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
    const known = vocabulary.known(folded);
    const parts = folded.length >= MIN_COMPOUND ? vocabulary.split(folded) : null;
    concepts.push({
      word: word,
      term: term,
      variant: known && known !== term ? known : null,
      typo: folded.length >= TYPO_MIN_LETTERS && folded.length <= MAX_TYPO,
      parts: parts && parts.length > 1 ? parts : null,
    });
    if (concepts.length === MAX_WORDS) break;
  }
  return concepts;
}

export function ensureIndexes() {
  if (!searchState.lunrLoaded || !data) return false;
  if (!indexes.headline) {
    indexes.headline = lunr.Index.load(data.index);
    vocabulary = makeVocabulary();
  }
  return true;
}

export function addText(serialized) {
  indexes.text = lunr.Index.load(serialized);
  vocabulary = makeVocabulary();
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

/* position → {concepts, score, terms} over every loaded index; null when there is nothing to search for. */
export function textHits() {
  if (!state.q.trim()) return null;
  if (!ensureIndexes()) return undefined;
  const concepts = queryConcepts(state.q);
  if (!concepts.length) return { concepts: concepts, found: new Map() };
  const found = new Map();
  const { TRAILING } = lunr.Query.wildcard;
  const { REQUIRED } = lunr.Query.presence;
  for (const index of [indexes.headline, indexes.text]) {
    if (!index) continue;
    concepts.forEach((concept, n) => {
      collect(
        found,
        index.query((query) => {
          // Exact words rank first, then their definite form, then words they begin, then one typo.
          query.term(concept.term, { usePipeline: false, boost: 10 });
          if (concept.variant) query.term(concept.variant, { usePipeline: false, boost: 8 });
          if (concept.term.length >= 3) query.term(concept.term, { usePipeline: false, boost: 2, wildcard: TRAILING });
          if (concept.typo) query.term(concept.term, { usePipeline: false, boost: 1, editDistance: 1 });
        }),
        n,
        1,
      );
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
  return { concepts: concepts, found: found };
}

/* The texts for the snippets, which load after the text index. */
export function addTexts(loaded) {
  texts = loaded;
}

// --- results and snippets ------------------------------------------------------------------------

function isHit(word, terms) {
  const folded = fold(word);
  if (terms.has(stem(folded))) return true;
  const parts = folded.length >= MIN_COMPOUND ? vocabulary.split(folded) : null;
  return Boolean(parts && parts.some((part) => terms.has(part)));
}

/* The passage of `text` around its first matched word, as text and <mark> nodes. */
function passage(text, terms) {
  wordPattern = wordPattern || new RegExp('[' + lunr.sv.wordCharacters + ']+', 'g');
  const spans = [];
  for (const match of text.matchAll(new RegExp(wordPattern.source, 'g'))) {
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
    nodes.push(text.slice(at, span.start), el('mark', {}, [text.slice(span.start, span.end)]));
    at = span.end;
  }
  nodes.push(text.slice(at, end), to < spans.length ? ' …' : '');
  return { nodes: nodes, count: new Set(hits.map((s) => stem(fold(text.slice(s.start, s.end))))).size };
}

export function snippet(card, hit) {
  if (!hit || !vocabulary) return card.summary ? el('p', { className: 'mb-result__summary' }, [card.summary]) : null;
  const terms = new Set(hit.terms);
  for (const term of hit.terms) for (const other of synonymsOf.get(term) || []) terms.add(other);
  const fields = [['', card.summary]].concat(texts ? texts[card.position] || [] : []);
  let best = null;
  for (const [label, text] of fields) {
    const found = text ? passage(String(text), terms) : null;
    if (found && (!best || found.count > best.count)) best = Object.assign(found, { label: String(label) });
  }
  if (!best) return card.summary ? el('p', { className: 'mb-result__summary' }, [card.summary]) : null;
  return el(
    'p',
    { className: 'mb-result__summary mb-result__snippet' },
    [best.label ? el('span', { className: 'mb-result__field' }, [best.label + ': ']) : null].concat(best.nodes),
  );
}
