/* The finder's page: the search box, the filter panel, the results with their snippets, and the empty state. */
import { dataPath, el, siteRoot } from '../dom.js';
import { download } from './download.js';
import { haveSnippets, hitsStage, PENDING, searchState, snippetOf, textHits } from './search.js';
import {
  cards,
  FIRST_DETAILS,
  facets,
  filterAndCount,
  haveDetails,
  labels,
  matchesFacets,
  ORDER_PARAM,
  ORDERS,
  PAGE_SIZE,
  reader,
  readUrl,
  rememberPlace,
  selfReportedLabel,
  state,
  TEXT_PARAM,
  typeLabels,
  withoutValue,
  writeUrl,
} from './state.js';

const TYPING_PAUSE_MS = 200;

let root = null;
let lastResults = [];
let typing = false;
let typingTimer = 0;
const ui = {};

// --- the form ------------------------------------------------------------------------------------

export function buildForm(element) {
  root = element;
  ui.input = el('input', {
    type: 'search',
    id: 'mb-finder-q',
    name: TEXT_PARAM,
    autocomplete: 'off',
    spellcheck: false,
    enterKeyHint: 'search',
  });
  ui.input.setAttribute('aria-describedby', 'mb-finder-q-hint mb-finder-status');
  ui.status = el('p', { className: 'mb-finder__status', id: 'mb-finder-status' });
  ui.status.setAttribute('role', 'status');
  ui.status.setAttribute('aria-live', 'polite');
  ui.filterButton = el('button', { type: 'button', className: 'md-button mb-finder__filter-button' }, ['Filter']);
  ui.filterButton.setAttribute('aria-expanded', 'false');
  // From the box past the filters to the first result: on a desktop the filters stand between them (dozens of Tabs).
  ui.skip = el('a', { href: '#mb-finder-results', className: 'mb-finder__skip' }, ['Till träffarna']);
  ui.filterButton.setAttribute('aria-controls', 'mb-finder-facets');
  const search = el('div', { className: 'mb-finder__search' }, [
    el('label', { htmlFor: 'mb-finder-q' }, ['Sökord']),
    el('div', { className: 'mb-finder__searchrow' }, [
      ui.input,
      el('button', { type: 'submit', className: 'md-button md-button--primary' }, ['Sök']),
      ui.skip,
    ]),
    el('p', { id: 'mb-finder-q-hint', className: 'mb-finder__hint' }, [
      'Till exempel läxhjälp, sommarjobb för unga eller mötesplats.',
    ]),
    el('div', { className: 'mb-finder__statusrow' }, [ui.status, ui.filterButton]),
  ]);

  ui.boxes = {};
  ui.counts = {};
  const fieldsets = facets.map((facet) => {
    const items = [];
    for (const value of facet.values) {
      const box = el('input', { type: 'checkbox', name: facet.param, value: value.id });
      const count = el('span', { className: 'mb-facet__count' });
      ui.boxes[facet.param + '\n' + value.id] = box;
      ui.counts[facet.param + '\n' + value.id] = count;
      // A broad target group says it includes the narrower ones; a county is plainly its municipalities.
      const broader = !facet.groups && value.includes && value.includes.length > 1 ? ' (med alla under)' : '';
      items.push(
        el('li', { className: 'mb-facet__value mb-facet__value--level' + (value.level || 0) }, [
          el('label', {}, [box, el('span', {}, [value.label, broader, ' ', count])]),
        ]),
      );
    }
    return el('fieldset', { className: 'mb-facet' }, [el('legend', {}, [facet.legend]), el('ul', {}, items)]);
  });
  ui.clearAll = el('button', { type: 'button', className: 'md-button' }, ['Rensa sökord och filter']);
  ui.order = el(
    'select',
    { id: 'mb-finder-order', name: ORDER_PARAM },
    ORDERS.map((o) => el('option', { value: o.id }, [o.label])),
  );
  ui.csv = el('button', { type: 'button', className: 'md-button' }, ['Ladda ner urvalet som CSV']);
  ui.json = el('button', { type: 'button', className: 'md-button' }, ['Ladda ner urvalet som JSON']);
  ui.tools = el('div', { className: 'mb-finder__tools' }, [
    el('label', { htmlFor: 'mb-finder-order' }, ['Sortera: ']),
    ui.order,
    ' ',
    ui.csv,
    ' ',
    ui.json,
  ]);

  ui.heading = el('h2', { id: 'mb-finder-results', tabIndex: -1 }, ['Träffar']);
  ui.note = el('p', { className: 'mb-finder__note', hidden: true });
  ui.empty = el('div', { className: 'mb-finder__empty', hidden: true });
  ui.list = el('ol', { className: 'mb-finder__list' });
  ui.more = el('button', { type: 'button', className: 'md-button', hidden: true });
  ui.help = el('div', { className: 'mb-finder__help', hidden: true });
  ui.results = el('div', { className: 'mb-finder__results' }, [
    ui.heading,
    ui.tools,
    ui.note,
    ui.empty,
    ui.list,
    ui.more,
    ui.help,
  ]);

  ui.panelHeading = el('h2', { id: 'mb-finder-facets-heading', tabIndex: -1 }, ['Filtrera']);
  ui.closePanel = el('button', { type: 'button', className: 'md-button mb-finder__close' }, ['Stäng']);
  ui.showResults = el('button', { type: 'button', className: 'md-button md-button--primary' }, ['Visa träffar']);
  ui.panel = el(
    'div',
    { className: 'mb-finder__facets', id: 'mb-finder-facets' },
    [
      el('div', { className: 'mb-finder__panelhead' }, [ui.panelHeading, ui.closePanel]),
      el('p', { className: 'mb-finder__combine' }, [
        'Minst ett av valen i varje grupp: inom en grupp räcker ett av valen, och alla grupper gäller tillsammans.',
      ]),
    ].concat(fieldsets, [ui.clearAll, el('div', { className: 'mb-finder__panelfoot' }, [ui.showResults])]),
  );
  ui.panel.setAttribute('aria-labelledby', 'mb-finder-facets-heading');
  ui.panel.setAttribute('role', 'region');

  ui.form = el('form', { className: 'mb-finder__form', action: '', method: 'get' }, [
    search,
    el('div', { className: 'mb-finder__layout' }, [ui.panel, ui.results]),
  ]);
  ui.form.setAttribute('role', 'search');
  ui.form.setAttribute('aria-label', 'Metodfinnaren');
  root.replaceChildren(ui.form);

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    commitQuery();
    typing = false;
  });
  ui.input.addEventListener('input', () => {
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(commitQuery, TYPING_PAUSE_MS);
  });
  ui.input.addEventListener('change', () => {
    typing = false;
  });
  ui.form.addEventListener('change', (event) => {
    const box = event.target;
    if (box === ui.order) {
      state.order = ui.order.value;
      update('push');
      return;
    }
    if (box.type !== 'checkbox') return;
    state.selected[box.name][box.checked ? 'add' : 'delete'](box.value);
    typing = false;
    update('push');
  });
  for (const [button, kind] of [
    [ui.csv, 'csv'],
    [ui.json, 'json'],
  ]) {
    button.addEventListener('click', () =>
      download(kind, lastResults).catch(() => {
        ui.status.textContent = 'Urvalet gick inte att ladda ner just nu. Försök igen om en stund.';
      }),
    );
  }
  ui.clearAll.addEventListener('click', () => {
    state.q = '';
    for (const facet of facets) state.selected[facet.param].clear();
    syncControls();
    update('push');
    ui.input.focus();
  });
  ui.more.addEventListener('click', () => {
    if (ui.results.hasAttribute('aria-busy')) return; // the last click's results are still coming
    const first = reader.shown;
    reader.shown += PAGE_SIZE;
    whenDrawn(() => {
      const link = ui.list.children[first] && ui.list.children[first].querySelector('a');
      if (link) link.focus();
    });
    update(null);
  });
  ui.skip.addEventListener('click', (event) => {
    event.preventDefault();
    const first = ui.list.querySelector('a');
    (first || ui.heading).focus();
    ui.heading.scrollIntoView({ block: 'start' });
  });
  ui.filterButton.addEventListener('click', () => setPanel(!root.classList.contains('is-filtering')));
  ui.closePanel.addEventListener('click', () => {
    setPanel(false);
    ui.filterButton.focus();
  });
  ui.showResults.addEventListener('click', () => {
    setPanel(false);
    ui.heading.focus();
    ui.heading.scrollIntoView({ block: 'start' });
  });
  ui.panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && root.classList.contains('is-filtering')) {
      setPanel(false);
      ui.filterButton.focus();
    }
  });
  window.addEventListener('popstate', () => {
    readUrl();
    syncControls();
    update(null);
  });
  let scrollTimer = 0;
  window.addEventListener(
    'scroll',
    () => {
      window.clearTimeout(scrollTimer);
      scrollTimer = window.setTimeout(rememberPlace, 150);
    },
    { passive: true },
  );
  window.addEventListener('pagehide', rememberPlace);
  ui.list.addEventListener('click', (event) => {
    if (event.target.closest('a')) rememberPlace();
  });
}

/* On a phone the filters are a panel over the results; on a wide screen they stand beside them. */
function setPanel(open) {
  root.classList.toggle('is-filtering', open);
  ui.filterButton.setAttribute('aria-expanded', String(open));
  if (open) ui.panelHeading.focus();
}

function commitQuery() {
  window.clearTimeout(typingTimer);
  if (ui.input.value === state.q) return;
  state.q = ui.input.value;
  update(typing ? 'replace' : 'push'); // one history entry per burst of typing
  typing = true;
}

export function syncControls() {
  ui.input.value = state.q;
  ui.order.value = state.order;
  for (const facet of facets) {
    for (const id of labels[facet.param].keys()) {
      ui.boxes[facet.param + '\n' + id].checked = state.selected[facet.param].has(id);
    }
  }
}

function resultItem(card, hit, wordCount) {
  const facts = [typeLabels.get(card.type)].concat(card.facets.fokus.map((id) => labels.fokus.get(id)));
  // Said as the card says it: what the card tells comes from the organisation's own account, not a document.
  if (card.selfReported) facts.push(selfReportedLabel);
  const href = new URL(card.url, siteRoot);
  const missing =
    hit && wordCount > 1 && hit.words < wordCount
      ? el('p', { className: 'mb-result__missing' }, [`Innehåller ${hit.words} av ${wordCount} ord.`])
      : null;
  return el('li', { className: 'mb-result' }, [
    el('h3', { className: 'mb-result__title' }, [
      href.origin === siteRoot.origin ? el('a', { href: href.href }, [card.title]) : card.title, // no javascript:
    ]),
    el('p', { className: 'mb-result__facts' }, [facts.join(' · ')]),
    snippet(card, hit),
    missing,
    card.badges ? el('p', { className: 'mb-result__badges' }, [badgeLine(card)]) : null,
    card.type === 'method' ? compareLink(card) : null,
  ]);
}

/* The passage of the card that holds the query's words, with them marked (from the search worker, as strings made
   into text nodes and <mark> elements here); the summary where no passage is known. */
function snippet(card, hit) {
  const found = hit ? snippetOf(card.position) : null;
  if (!found) return card.summary ? el('p', { className: 'mb-result__summary' }, [card.summary]) : null;
  const pieces = found.pieces.map((piece) =>
    Array.isArray(piece) ? el('mark', {}, [String(piece[0])]) : String(piece),
  );
  return el(
    'p',
    { className: 'mb-result__summary mb-result__snippet' },
    [found.label ? el('span', { className: 'mb-result__field' }, [found.label + ': ']) : null].concat(pieces),
  );
}

/* The comparison page (docs/jamfor.md) opens with this method chosen; the reader picks one or two more there. */
function compareLink(card) {
  const href = dataPath('compare');
  href.searchParams.set('m', card.id);
  const link = el('a', { href: href.href, className: 'mb-result__compare' }, ['Jämför med andra metoder']);
  link.setAttribute('aria-label', `Jämför med andra metoder: ${card.title}`);
  return el('p', { className: 'mb-result__actions' }, [link]);
}

function badgeLine(card) {
  return Object.values(card.badges)
    .map((badge) => `${badge.name}: ${badge.value}`)
    .join(' · ');
}

function removeButton(text, onClick) {
  const button = el('button', { type: 'button', className: 'md-button' }, [text]);
  button.addEventListener('click', () => {
    onClick();
    syncControls();
    update('push');
    ui.heading.focus(); // the button itself is gone after the update
  });
  return el('li', { className: 'mb-finder__offer' }, [button]);
}

function shortened(text) {
  return text.length > 120 ? text.slice(0, 119) + '…' : text;
}

function renderEmpty(pool) {
  const offers = [];
  if (state.q.trim()) {
    const all = cards.filter((card) => matchesFacets(card, state.selected)).length;
    offers.push(
      removeButton(`Ta bort sökordet ”${shortened(state.q.trim())}” (${all} kort)`, () => {
        state.q = '';
      }),
    );
  }
  for (const facet of facets) {
    for (const id of state.selected[facet.param]) {
      const selected = withoutValue(facet.param, id);
      const count = pool.filter((card) => matchesFacets(card, selected)).length;
      offers.push(
        removeButton(`Ta bort ${facet.legend}: ${labels[facet.param].get(id)} (${count} kort)`, () =>
          state.selected[facet.param].delete(id),
        ),
      );
    }
  }
  const onlyWords = offers.length === 1 && state.q.trim();
  const why = onlyWords ? `Inga kort innehåller ”${shortened(state.q.trim())}”.` : 'Inga kort passar alla dina val.';
  ui.empty.replaceChildren(
    el('p', {}, [why + (offers.length > 1 ? ' Ta bort ett val för att se fler:' : '')]),
    offers.length ? el('ul', { className: 'mb-finder__offers' }, offers) : '',
  );
}

/* A link that runs another query in place (its address runs it too, in a new tab or without the finder's script). */
function queryLink(q) {
  const href = new URL(window.location.href);
  href.search = new URLSearchParams({ [TEXT_PARAM]: q }).toString();
  href.hash = '';
  const link = el('a', { href: href.href }, [q]);
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    state.q = q;
    for (const facet of facets) state.selected[facet.param].clear();
    syncControls();
    update('push');
    ui.heading.focus();
  });
  return link;
}

function pageLink(url, text) {
  const href = url instanceof URL ? url : new URL(url, siteRoot);
  return href.origin === siteRoot.origin ? el('a', { href: href.href }, [text]) : text;
}

/* When a query finds few cards or none: other spellings from the cards' own words, the closest challenges and focus
   areas, and the forms for a method that is missing. The worker sends the words and concepts as strings. */
function renderHelp(help) {
  ui.help.hidden = !help;
  if (!help) return;
  const parts = [];
  if (help.suggestions.length) {
    const links = [];
    help.suggestions.forEach((q, n) => {
      if (n) links.push(n === help.suggestions.length - 1 ? ' eller ' : ', ');
      links.push(queryLink(String(q)));
    });
    parts.push(el('p', { className: 'mb-finder__suggestions' }, ['Menade du '].concat(links, ['?'])));
  }
  if (help.closest.length) {
    parts.push(
      el('p', {}, ['Utmaningar och fokusområden som liknar din sökning:']),
      el(
        'ul',
        { className: 'mb-finder__concepts' },
        help.closest.map((concept) => el('li', {}, [pageLink(String(concept.url), String(concept.label))])),
      ),
    );
  }
  parts.push(
    el('p', { className: 'mb-finder__missing-method' }, [
      'Saknas en metod? Berätta om den: ',
      pageLink(dataPath('suggestMethod'), 'Föreslå en metod'),
      ' eller ',
      pageLink(dataPath('triedMethod'), 'berätta vad ni har provat'),
      '.',
    ]),
  );
  ui.help.replaceChildren(...parts);
}

/* The cards of `shown` to draw now: all of them once every one's details are in, else the first ones whose details
   are in if they are at least FIRST_DETAILS (or all there are), else null: nothing to draw yet. Asks for the
   missing. */
function detailedFirst(shown) {
  if (haveDetails(shown)) return shown;
  const ready = shown.findIndex((card) => !card.detailsIn);
  return ready >= Math.min(FIRST_DETAILS, shown.length) ? shown.slice(0, ready) : null;
}

// Run after the next complete draw: the results may wait for the search worker's answer.
const afterDraw = [];
let firstDrawn = false;
function whenDrawn(action) {
  afterDraw.push(action);
}

/* The cards the hits `search` hold (every card without a query: null), those of them that pass the filters, in
   order, and the counts per facet value. Each card's details that come in draw the same results again: they are
   filtered only when the hits, filters or order change (at 5 000 cards a filtering takes tens of milliseconds of
   the page's thread). */
let lastFiltering = { search: null, key: null, pool: [], results: [], counts: null };
function filtered(search) {
  const key = [state.order, ...facets.map((facet) => [...state.selected[facet.param]].join(','))].join('\n');
  if (lastFiltering.key === key && lastFiltering.search === search) return lastFiltering;
  let pool = cards;
  if (search && search.words) {
    pool = [...search.found.keys()].map((position) => cards[position]); // in the worker's order of relevance
  }
  const { results, counts } = filterAndCount(pool, state.selected);
  const order = ORDERS.find((o) => o.id === state.order);
  if (order && order.badge) {
    const rank = (card) => card.ranks[order.badge];
    results.sort((a, b) => rank(b) - rank(a)); // stable: ties keep relevance or name order
  }
  lastFiltering = { search: search, key: key, pool: pool, results: results, counts: counts };
  return lastFiltering;
}

export function update(historyMode) {
  if (historyMode) {
    reader.shown = PAGE_SIZE;
    writeUrl(historyMode);
  }
  // Read before the page changes, so that reading it costs no layout.
  const scrollBefore = window.scrollY;
  const search = textHits();
  // Until the worker answers (and its answer draws again) the page shows what it showed, marked as changing.
  ui.results.setAttribute('aria-busy', 'true');
  if (search === PENDING) return;
  let note = '';
  if (search === undefined) {
    if (!searchState.searchFailed) {
      ui.status.textContent = 'Läser in sökningen …';
      ui.list.replaceChildren();
      ui.more.hidden = true;
      ui.empty.hidden = true;
      ui.note.hidden = true;
      ui.help.hidden = true;
      return;
    }
    note = 'Sökningen gick inte att läsa in, så bara filtren gäller. ';
  }
  const hits = search ? search.found : null;
  const wordCount = search ? search.words : 0;
  const { pool, results, counts } = filtered(search);
  // The stage of what is drawn: of the hits when there is a query, else all there is.
  let stage = search ? hitsStage() : 'texts';
  // Hits of the headline index alone are followed by the full text's, whose first cards may be others: of those
  // only the first screen is shown (their details are one round trip), and the snippets are asked for later.
  const early = stage === 'early';
  const pageSize = early ? Math.min(reader.shown, FIRST_DETAILS) : reader.shown;
  const shown = results.slice(0, pageSize);
  // Drawn when the titles and summaries of the first results are in (the rest follow below them, off the first
  // screen); the snippets from the cards' texts are asked for only then, so that their downloads do not share the
  // connection with the first results, and come after, in place.
  const drawn = detailedFirst(shown);
  if (!drawn) return;
  const snippetsIn = !(hits && wordCount) || early || haveSnippets(drawn.map((card) => card.position));

  for (const facet of facets) {
    facet.values.forEach((value, place) => {
      const count = ui.counts[facet.param + '\n' + value.id];
      const text = `(${counts.get(facet.param)[place]})`;
      if (count.textContent !== text) count.textContent = text;
    });
  }

  lastResults = results;
  // A result link that has focus gets it back after the list is redrawn with the full text.
  const focused = ui.list.contains(document.activeElement) ? document.activeElement.getAttribute('href') : null;
  ui.csv.disabled = ui.json.disabled = !results.length;
  ui.list.replaceChildren(...drawn.map((card) => resultItem(card, hits && hits.get(card.position), wordCount)));
  if (focused) {
    const again = [...ui.list.querySelectorAll('a')].find((a) => a.getAttribute('href') === focused);
    if (again) again.focus({ preventScroll: true });
  }
  const rest = results.length - Math.min(pageSize, results.length);
  ui.more.hidden = rest <= 0 || early; // more come with the full text's answer
  ui.more.textContent = `Visa fler (${rest} till)`;
  ui.empty.hidden = results.length > 0;
  if (!results.length) renderEmpty(pool);
  ui.tools.hidden = ui.list.hidden = !results.length; // nothing to sort or download
  renderHelp(search && wordCount ? search.help : null);

  const all =
    search && wordCount > 1 ? results.filter((card) => hits.get(card.position).words === wordCount).length : -1;
  let coverage = '';
  if (search && state.q.trim() && !wordCount) {
    coverage = ' Sökorden är så vanliga att de inte säger något om korten, så alla kort visas.';
  } else if (results.length && all === 0) {
    coverage = ' Inga kort innehåller alla orden – här är de som innehåller flest.';
  } else if (all > 0 && all < results.length) {
    coverage = ` ${all} med alla orden först, sedan de med flest.`;
  }
  // Said only where one of those methods is shown first: a filter may leave them out, another order moves them.
  const problem = search && search.problem;
  if (problem && results.length && problem.methods.includes(results[0].position) && !state.order) {
    coverage += ` Metoderna mot utmaningen ${problem.label} kommer först.`;
  }
  // Found in the full text, but the snippets, the rest of the results shown or the help are on their way.
  const helpPending = Boolean(search && wordCount && search.helpPending);
  if (stage === 'texts' && (!snippetsIn || drawn.length < shown.length || helpPending)) stage = 'full';
  let loading = '';
  if (search && wordCount && stage === 'headline') {
    loading = ' Hela texten gick inte att läsa in, så bara rubriker, sammanfattningar och etiketter söktes.';
  } else if (search && wordCount && early) {
    loading = ' Söker i rubrikerna; hela texten läses in …';
  }
  const status =
    note +
    (results.length === 1 ? '1 kort passar' : `${results.length} kort passar`) +
    (rest > 0 ? `, de första ${Math.min(pageSize, results.length)} visas.` : '.') +
    coverage +
    loading;
  if (ui.status.textContent !== status) ui.status.textContent = status;
  ui.showResults.textContent = results.length === 1 ? 'Visa 1 träff' : `Visa ${results.length} träffar`;
  const chosen = facets.reduce((sum, facet) => sum + state.selected[facet.param].size, 0);
  ui.filterButton.textContent = chosen ? `Filter (${chosen} val)` : 'Filter';
  root.dataset.stage = stage;

  if (reader.restoreScroll !== null) {
    window.scrollTo(0, reader.restoreScroll);
    reader.restoreScroll = null;
  } else if (!historyMode && scrollBefore > 0 && window.scrollY !== scrollBefore) {
    window.scrollTo(0, scrollBefore); // an update in place keeps the reader where they were
  }
  // Still changing while the rest of the results shown, or the full text's hits, are on their way.
  if (drawn.length === shown.length && !early && !helpPending) {
    ui.results.removeAttribute('aria-busy');
    for (const action of afterDraw.splice(0)) action();
  }
  if (!firstDrawn) {
    firstDrawn = true;
    document.dispatchEvent(new Event('mb-finder-drawn')); // Material's script waits for it (theme-after-results.js)
  }
}
