/* The finder's data (from data/finder-cards.json) and its state: the query, the chosen filters and the order,
   kept in the address so that a view can be shared and back/forward restore it. */

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
export let facets = []; // from the data file: param, legend, field, values [{id, label, level, includes}]
export let cards = [];
export let typeLabels = new Map();
export const labels = {};
export const includes = {};
// Per facet: a value's id → the values whose count it adds to (itself, and the broad values that include it).
export const countedUnder = {};
export let data = null;
// Where the reader is: how many results are shown and the scroll position to restore.
export const reader = { shown: PAGE_SIZE, restoreScroll: null };

function toList(value) {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

export function matchesFacets(card, selected, skip) {
  for (const facet of facets) {
    const chosen = selected[facet.param];
    if (facet === skip || !chosen.size) continue;
    const wanted = new Set();
    for (const id of chosen) for (const included of includes[facet.param].get(id)) wanted.add(included);
    if (!card.facets[facet.param].some((id) => wanted.has(id))) return false;
  }
  return true;
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
  for (const facet of facets) {
    labels[facet.param] = new Map(facet.values.map((value) => [value.id, value.label]));
    includes[facet.param] = new Map(facet.values.map((value) => [value.id, value.includes || [value.id]]));
    for (const value of facet.values) value.includes = value.includes || [value.id];
    countedUnder[facet.param] = new Map(facet.values.map((value) => [value.id, []]));
    for (const value of facet.values) {
      for (const id of value.includes) {
        if (!countedUnder[facet.param].has(id)) countedUnder[facet.param].set(id, []);
        countedUnder[facet.param].get(id).push(value.id);
      }
    }
  }
  // Already in display order; a card's position is its ref in the search indexes.
  cards = loaded.cards.map((card, position) => {
    const values = {};
    for (const facet of facets) values[facet.param] = toList(card[facet.field]);
    return {
      position: position,
      id: String(card.id),
      type: card.type,
      url: card.url,
      title: String(card.title),
      summary: card.summary ? String(card.summary) : '',
      facets: values,
      badges: card.badges || null,
    };
  });
}
