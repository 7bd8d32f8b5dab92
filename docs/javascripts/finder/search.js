/* The page's side of the finder's search. The search itself runs in a worker (search-worker.js), so that reading
   and loading the index never holds up typing or scrolling; search-start.js starts it early in the page's head,
   and this module takes it over, hands it the cards' facets, asks it for the hits of the current query and for the
   snippets of the results on screen, and keeps its answers until the query changes. */
import { FIRST_DETAILS, state } from './state.js';

/* How far the search has come: not `ready` until the worker can answer; `searchFailed` when it cannot at all (the
   page then filters only), `textFailed` when only the headline index answers. */
export const searchState = { ready: false, searchFailed: false, textFailed: false };
// What textHits() returns while the worker is asked: the page keeps what it shows until the answer comes.
export const PENDING = Symbol('pending');

let worker = null;
let answered = () => {};
// The worker's answer for one query: its hits, the stage they were found at, and the snippets asked for so far.
let answer = { q: null, stage: null, hits: null, snippets: new Map() };
let asked = { q: null, positions: new Set() };
const analyses = new Map();
let analysed = 0;

function takeHits(message) {
  if (message.q !== state.q) return; // an earlier query: the page has asked again
  answer = {
    q: message.q,
    stage: message.stage,
    hits: {
      words: message.words,
      found: new Map(message.found.map(([position, words]) => [position, { words: words }])),
      problem: message.problem || null,
      help: message.help || null,
      helpPending: Boolean(message.helpPending), // the help follows in a message of its own (takeHelp)
    },
    snippets: new Map(),
  };
  addSnippets(message.snippets);
}

/* The help for hits already drawn: the snippets asked for stay. */
function takeHelp(message) {
  if (message.q !== answer.q || message.stage !== answer.stage || !answer.hits) return;
  answer.hits = { ...answer.hits, help: message.help, helpPending: false };
}

function receive(message) {
  if (message.type === 'ready') {
    searchState.ready = true;
  } else if (message.type === 'failed') {
    searchState[message.part === 'search' ? 'searchFailed' : 'textFailed'] = true;
  } else if (message.type === 'hits') {
    takeHits(message);
  } else if (message.type === 'help') {
    takeHelp(message);
  } else if (message.type === 'snippets') {
    if (message.q !== answer.q) return;
    addSnippets(message.snippets);
  } else if (message.type === 'analysed') {
    analyses.get(message.key)(message.terms);
    analyses.delete(message.key);
    return;
  }
  answered();
}

function addSnippets(snippets) {
  for (const [position, snippet] of Object.entries(snippets)) answer.snippets.set(Number(position), snippet);
}

/* The worker search-start.js started: at once if it has run, else when it does. */
function startedWorker() {
  if (window.mbSearch) return Promise.resolve(window.mbSearch);
  return new Promise((resolve, reject) => {
    document.addEventListener('mb-search-started', () => resolve(window.mbSearch), { once: true });
    // A page whose start script never ran (blocked or failed to load) keeps its filters.
    window.addEventListener('load', () => (window.mbSearch ? resolve(window.mbSearch) : reject()), { once: true });
  });
}

/* Takes the worker over, with what it has said so far; `onAnswer` runs whenever an answer comes in. */
let ready = Promise.resolve();
export function startSearch(onAnswer) {
  answered = onAnswer;
  ready = startedWorker().then(
    (early) => {
      worker = early.worker;
      if (worker) {
        worker.onmessage = (event) => receive(event.data);
        worker.onerror = () => receive({ type: 'failed', part: 'search' });
      }
      for (const message of early.messages.splice(0)) receive(message);
      textHits(); // asks for the address's query now, while the page still reads the cards and draws the finder
      answered();
    },
    () => receive({ type: 'failed', part: 'search' }),
  );
}

/* The cards the worker's concepts stand for: per facet and value, the positions of the cards counted there, and
   the positions of the methods (a challenge's methods come first). */
export function giveCards(tagged, methods) {
  const give = () => worker && worker.postMessage({ type: 'cards', tagged: tagged, methods: methods });
  // Now if the worker is taken over: the query's hits wait for these, not for the page to draw its form.
  if (worker) give();
  else ready.then(give);
}

/* The current query's hits, {words, found: Map position → {words}, in order of relevance, problem: the challenge
   whose methods come first or null, help: {suggestions, closest} when few cards are found or null}: null without a query,
   undefined while the search cannot answer yet (or failed), PENDING while the worker is asked. */
export function textHits() {
  if (!state.q.trim()) return null;
  if (searchState.searchFailed || !worker) return undefined;
  if (answer.q === state.q) return answer.hits;
  if (asked.q !== state.q) {
    asked = { q: state.q, positions: new Set() };
    // The worker asks for the files of its first hits' details as soon as it has ranked them, before this page,
    // which may still be drawing its form, has the answer: the page's own requests for them then find them in the
    // browser's cache, or on their way.
    worker.postMessage({ type: 'search', q: state.q, first: FIRST_DETAILS });
  }
  return searchState.ready ? PENDING : undefined;
}

/* The stage the current hits were found at: 'texts' (the full text), 'headline' (the headline index only, the text
   could not be read) or 'early' (the headline index only, the full text's hits follow). */
export function hitsStage() {
  return answer.stage;
}

/* Whether the snippets of these cards (positions with hits) are in; if not, the worker is asked for them. */
export function haveSnippets(positions) {
  if (asked.q !== answer.q) asked = { q: answer.q, positions: new Set() };
  const missing = positions.filter((position) => !answer.snippets.has(position) && !asked.positions.has(position));
  if (missing.length) {
    for (const position of missing) asked.positions.add(position);
    worker.postMessage({ type: 'snippets', q: state.q, positions: missing });
  }
  return positions.every((position) => answer.snippets.has(position));
}

/* A card's snippet, {label, pieces}, or null when the summary serves. */
export function snippetOf(position) {
  return answer.snippets.get(position) || null;
}

/* The index terms of each word, as the worker analyses a query (the test compares them with search/analysis.py). */
export function analyse(words) {
  analysed += 1;
  const key = analysed;
  return new Promise((resolve) => {
    analyses.set(key, resolve);
    worker.postMessage({ type: 'analyse', key: key, words: words });
  });
}
