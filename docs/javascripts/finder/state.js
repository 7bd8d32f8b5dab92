/* The finder's data (from data/finder-cards.json) and its state: the query, the chosen filters and the order,
   kept in the address so that a view can be shared and back/forward restore it. */
import { dataPath } from '../dom.js';

// Not 'q': Material's header search opened on ?q=; every search box of the site sends ?sok=.
export const TEXT_PARAM = 'sok';
export const PAGE_SIZE = 50;

// Orders besides relevance/title; each sorts on a badge's rank, highest first.
export const ORDERS = [
  { id: '', label: 'Relevans och namn' },
  { id: 'underlag', label: 'Bäst dokumenterade först', badge: 'underlag' },
  { id: 'provad', label: 'Oftast prövade först', badge: 'provad' },
  { id: 'krav', label: 'Mest känt om vad som krävs först', badge: 'krav' },
];
export const ORDER_PARAM = 'ordning';

export const state = { q: '', selected: {}, order: '' };
// From the data file: param, legend, field, values [{id, label, level, includes}], and `groups` when the values group
// the card field's ids (a county its municipalities) instead of being them.
export let facets = [];
export let cards = [];
export let typeLabels = new Map();
export let selfReportedLabel = ''; // "Enligt organisationens egen redovisning" (sources.py), for the results
export const labels = {};
export const includes = {};
// Per facet: a value's id → the places in facet.values of the values whose count it adds to (itself, and the broad
// values that include it).
const countedUnder = {};
export let data = null;
// Where the reader is: how many results are shown and the scroll position to restore.
export const reader = { shown: PAGE_SIZE, restoreScroll: null };

function toList(value) {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/* Per facet, the ids a card must hold one of to pass it (the chosen values and the narrower values they include);
   a facet with nothing chosen is left out. */
function wantedValues(selected) {
  const wanted = new Map();
  for (const facet of facets) {
    const chosen = selected[facet.param];
    if (!chosen.size) continue;
    const ids = new Set();
    for (const id of chosen) for (const included of includes[facet.param].get(id)) ids.add(included);
    wanted.set(facet, ids);
  }
  return wanted;
}

/* The facets the card fails, up to two: a card that fails two counts nowhere. */
function failedFacets(card, wanted) {
  const failed = [];
  for (const [facet, ids] of wanted) {
    if (!card.facets[facet.param].some((id) => ids.has(id)) && failed.push(facet) === 2) break;
  }
  return failed;
}

export function matchesFacets(card, selected) {
  return failedFacets(card, wantedValues(selected)).length === 0;
}

/* The values a card counts toward in a facet, by their place in facet.values: those it holds and the broad values
   that include them, each once. */
function countedValues(card, facet) {
  let values = card.counted[facet.param];
  if (!values) {
    values = []; // a few values: an array is quicker to make than a Set
    for (const id of card.facets[facet.param]) {
      for (const value of countedUnder[facet.param].get(id) || []) if (!values.includes(value)) values.push(value);
    }
    card.counted[facet.param] = values;
  }
  return values;
}

/* The labels of a card's values in a facet, for the download: the ids it holds, or for a facet that groups them
   (the county) the values that include them. */
export function valueLabels(card, facet) {
  if (facet.groups) return countedValues(card, facet).map((place) => facet.values[place].label);
  return card.facets[facet.param].map((id) => labels[facet.param].get(id));
}

/* In one pass over the pool: the cards that pass every facet, and per facet (by param) the count of each value, in
   the order of facet.values: the cards that pass every other facet and hold it, which are those that choosing it too
   would show. */
export function filterAndCount(pool, selected) {
  const wanted = wantedValues(selected);
  const results = [];
  const counts = new Map(facets.map((facet) => [facet.param, new Uint32Array(facet.values.length)]));
  for (const card of pool) {
    const failed = wanted.size ? failedFacets(card, wanted) : [];
    if (failed.length > 1) continue;
    if (!failed.length) results.push(card);
    for (const facet of failed.length ? failed : facets) {
      const facetCounts = counts.get(facet.param);
      for (const place of countedValues(card, facet)) facetCounts[place] += 1;
    }
  }
  return { results: results, counts: counts };
}

export function withoutValue(param, id) {
  const copy = Object.assign({}, state.selected);
  copy[param] = new Set(state.selected[param]);
  copy[param].delete(id);
  return copy;
}

// --- state, URL and the way back -----------------------------------------------------------------

/* The query alone, which the search can start on before the cards and facets are read. */
export function readQuery() {
  state.q = new URLSearchParams(window.location.search).get(TEXT_PARAM) || '';
}

export function readUrl() {
  const params = new URLSearchParams(window.location.search);
  readQuery();
  const order = params.get(ORDER_PARAM) || '';
  state.order = ORDERS.some((o) => o.id === order) ? order : '';
  for (const facet of facets) {
    const known = labels[facet.param];
    state.selected[facet.param] = new Set(params.getAll(facet.param).filter((id) => known.has(id)));
  }
}

export function writeUrl(mode) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set(TEXT_PARAM, state.q.trim());
  for (const facet of facets) {
    for (const id of labels[facet.param].keys()) {
      if (state.selected[facet.param].has(id)) params.append(facet.param, id);
    }
  }
  if (state.order) params.set(ORDER_PARAM, state.order);
  const query = params.toString();
  const url = window.location.pathname + (query ? '?' + query : '') + window.location.hash;
  if (url === window.location.pathname + window.location.search + window.location.hash) return;
  window.history[mode === 'push' ? 'pushState' : 'replaceState'](null, '', url);
}

/* Scroll position and shown results live in the history entry (no web storage), so back from a card
   returns to the same place. */
export function rememberPlace() {
  const place = { finderScroll: Math.round(window.scrollY), finderShown: reader.shown };
  try {
    window.history.replaceState(Object.assign({}, window.history.state, place), '');
  } catch (error) {
    /* a browser that limits replaceState calls only loses the place */
  }
}

export function takeRememberedPlace() {
  const place = window.history.state;
  if (place && typeof place.finderScroll === 'number') {
    reader.restoreScroll = place.finderScroll;
    reader.shown = Math.max(PAGE_SIZE, Number(place.finderShown) || PAGE_SIZE);
  }
}

export function prepare(loaded) {
  data = loaded;
  facets = loaded.facets;
  typeLabels = new Map(loaded.card_types.map((type) => [type.id, type.label]));
  selfReportedLabel = String(loaded.self_reported_label || '');
  for (const facet of facets) {
    labels[facet.param] = new Map(facet.values.map((value) => [value.id, value.label]));
    includes[facet.param] = new Map(facet.values.map((value) => [value.id, value.includes || [value.id]]));
    for (const value of facet.values) value.includes = value.includes || [value.id];
    countedUnder[facet.param] = new Map(facet.values.map((value) => [value.id, []]));
    facet.values.forEach((value, place) => {
      for (const id of value.includes) {
        if (!countedUnder[facet.param].has(id)) countedUnder[facet.param].set(id, []);
        countedUnder[facet.param].get(id).push(place);
      }
    });
  }
  // Columns, already in display order; a card's position is its ref in the search index.
  const columns = loaded.cards;
  urlOf = new Map(loaded.card_types.map((type) => [type.id, type.url]));
  const selfReported = new Set(columns.self_reported);
  piecesUrl = new URL(loaded.pieces, dataPath('finderCards')); // beside the cards' file
  piecesBuild = String(loaded.build);
  const fields = {};
  for (const [name, column] of Object.entries(columns.fields)) fields[name] = valuesOf(column);
  cards = columns.types.map((type, position) => {
    const values = {};
    for (const facet of facets) {
      if (facet.field === 'type') values[facet.param] = [type];
      else values[facet.param] = fields[facet.field] ? fields[facet.field][position] : [];
    }
    const ranks = {};
    for (const [badge, column] of Object.entries(columns.badge_ranks)) ranks[badge] = column[position];
    return {
      position: position,
      type: type,
      // id, url, title, summary and badges come from the card's own file once it is shown (haveDetails)
      id: '',
      url: '',
      title: '',
      summary: '',
      badges: null,
      ranks: ranks,
      facets: values,
      counted: {}, // countedValues, per facet as it is needed
      selfReported: selfReported.has(position),
    };
  });
  // A small bank's details come with the cards (shards.TOGETHER_BYTES): no card's file to wait for.
  inlineDetails = Array.isArray(loaded.details) ? loaded.details : null;
  if (inlineDetails) {
    for (const card of cards) {
      takeDetails(card, inlineDetails[card.position] || {});
      detailsAsked.add(card.position);
    }
  }
}

/* A field's values of every card, from its column: each card's as places in the field's list of values. */
function valuesOf(column) {
  return column.cards.map((places) => places.map((place) => column.values[place]));
}

/* Per facet (param) and value, the positions of the cards counted there, as the facet counts count them, for the
   facets whose values are the search's concepts (finder-cards.json's concept_facets). */
export function cardsByValue() {
  const tagged = {};
  const named = new Set(data.concept_facets || []);
  for (const facet of facets.filter((each) => named.has(each.param))) {
    const positions = facet.values.map(() => []);
    for (const card of cards) for (const place of countedValues(card, facet)) positions[place].push(card.position);
    tagged[facet.param] = Object.fromEntries(facet.values.map((value, place) => [value.id, positions[place]]));
  }
  return tagged;
}

// --- each card's summary and badges, read for the cards shown ------------------------------------

let piecesUrl = null;
let piecesBuild = '';
let inlineDetails = null; // every card's details, in a small bank's finder-cards.json
let urlOf = new Map(); // card type → its cards' address, with {id} for the id
/* A piece of the search data, with its build in the address: never a cached piece of another build. */
function piece(name) {
  const url = new URL(name, piecesUrl);
  url.searchParams.set('v', piecesBuild);
  return url;
}
const detailsAsked = new Set();
let detailsArrived = () => {};
// The first results are drawn as soon as these many cards' details are in (view.js), before the rest of those shown:
// over HTTP/1.1's six connections to a host, six files come in one round trip; and six results are more than a
// phone's or a desktop's first screen holds.
export const FIRST_DETAILS = 6;

/* Runs `action` whenever the details of cards asked for come in. */
export function onDetails(action) {
  detailsArrived = action;
}

/* A card's id, address, title, summary and badges, from its own file (an empty one when it cannot be read). */
export function takeDetails(card, details) {
  card.id = String(details.id || '');
  card.url = card.id ? urlOf.get(card.type).replace('{id}', card.id) : '';
  card.title = String(details.title || '');
  card.summary = details.summary ? String(details.summary) : '';
  card.badges = details.badges || null;
  card.detailsIn = true;
}

/* Whether the titles, summaries and badges of these cards are in; those missing are fetched (a card whose file cannot be
   read is shown without them). */
export function haveDetails(shown) {
  const missing = shown.filter((card) => !detailsAsked.has(card.position));
  for (const card of missing) {
    detailsAsked.add(card.position);
    card.details = fetch(piece(`card-${card.position}.json`))
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null)
      .then((details) => takeDetails(card, details || {}));
  }
  // The first of them draw as soon as they are in (view.js), the rest when all are.
  if (missing.length) {
    Promise.all(missing.slice(0, FIRST_DETAILS).map((card) => card.details)).then(() => detailsArrived());
    if (missing.length > FIRST_DETAILS) Promise.all(missing.map((card) => card.details)).then(() => detailsArrived());
  }
  return shown.every((card) => card.detailsIn);
}

/* Every card's id, title, summary and badges, for the download. */
let allDetails = null;
export function everyCardsDetails() {
  if (inlineDetails) return Promise.resolve(inlineDetails);
  allDetails =
    allDetails ||
    fetch(piece('download.json')).then((response) => {
      if (!response.ok) throw new Error(`download.json: ${response.status}`);
      return response.json();
    });
  allDetails.catch(() => {
    allDetails = null;
  });
  return allDetails;
}
