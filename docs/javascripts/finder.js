/* Metodfinnaren: facets and Swedish full-text search over data/search-index.json (cards, labels and a
   lunr index prebuilt at build time). Card text only ever reaches the page as text, never as HTML. */
(function () {
  'use strict';

  const root = document.getElementById('mb-finder');
  if (!root) return;
  const siteRoot = new URL('..', document.currentScript.src);
  // Not 'q': Material's header search opens on ?q= and deletes it from the address when closed.
  const TEXT_PARAM = 'sok';
  const PAGE_SIZE = 50;
  const TYPING_PAUSE_MS = 200;

  // Legends are interface text; the values and their labels come from the data file.
  const FACETS = [
    { param: 'typ', legend: 'Korttyp', field: 'type' },
    { param: 'fokus', legend: 'Fokusområde', field: 'focus_areas', group: 'focus_areas' },
    { param: 'malgrupp', legend: 'Målgrupp', field: 'target_groups', group: 'target_groups' },
    { param: 'aktor', legend: 'Aktör', field: 'actors', group: 'actors' },
    { param: 'kommun', legend: 'Kommun', field: 'municipalities', group: 'municipalities' },
    { param: 'status', legend: 'Projektstatus', field: 'status', group: 'project_statuses' },
    { param: 'underlag', legend: 'Underlag (metoder)', field: 'documentation', group: 'documentation_levels' },
  ];
  // Orders besides relevance/title; each sorts on a badge's rank, highest first.
  const ORDERS = [
    { id: '', label: 'Relevans och namn' },
    { id: 'underlag', label: 'Bäst dokumenterade först', badge: 'underlag' },
    { id: 'provad', label: 'Oftast prövade först', badge: 'provad' },
    { id: 'krav', label: 'Mest känt om vad som krävs först', badge: 'krav' },
  ];
  const ORDER_PARAM = 'ordning';
  const BADGE_KEYS = ['underlag', 'krav', 'provad'];
  const BADGE_COLUMNS = { underlag: 'Underlag, märkning', krav: 'Vad som krävs', provad: 'Prövad' };

  const state = { q: '', selected: {}, order: '' };
  let lastResults = [];
  let cards = [];
  let typeLabels = new Map();
  let labels = {};
  let serializedIndex = null;
  let lunrLoaded = false;
  let index = null;
  let queryPipeline = null;
  let searchFailed = false;
  let shown = PAGE_SIZE;
  let typing = false;
  let typingTimer = 0;
  const ui = {};

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) {
      if (child !== null && child !== undefined) node.append(child);  // strings become text nodes
    }
    return node;
  }

  function toList(value) {
    if (value === undefined || value === null || value === '') return [];
    return Array.isArray(value) ? value : [value];
  }

  function loadScript(path) {
    return new Promise((resolve, reject) => {
      const script = el('script', { src: new URL(path, siteRoot).href, async: false });
      script.onload = resolve;
      script.onerror = () => reject(new Error(path));
      document.head.append(script);
    });
  }

  function fetchJson(path) {
    return fetch(new URL(path, siteRoot)).then((response) => {
      if (!response.ok) throw new Error(path + ': ' + response.status);
      return response.json();
    });
  }

  // --- state and URL ------------------------------------------------------------------------

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    state.q = params.get(TEXT_PARAM) || '';
    const order = params.get(ORDER_PARAM) || '';
    state.order = ORDERS.some((o) => o.id === order) ? order : '';
    for (const facet of FACETS) {
      const known = labels[facet.param];
      state.selected[facet.param] = new Set(params.getAll(facet.param).filter((id) => known.has(id)));
    }
  }

  function writeUrl(mode) {
    const params = new URLSearchParams();
    if (state.q.trim()) params.set(TEXT_PARAM, state.q.trim());
    for (const facet of FACETS) {
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

  // --- matching -----------------------------------------------------------------------------

  function queryTerms(text) {
    return queryPipeline.run(lunr.tokenizer(text)).map(String).filter(Boolean);
  }

  function loadIndex() {
    if (!index && serializedIndex && lunrLoaded) {
      // Queries go through the same steps as the indexed text did at build time.
      queryPipeline = new lunr.Pipeline();
      queryPipeline.add(lunr.sv.trimmer, lunr.sv.stopWordFilter, lunr.sv.stemmer);
      index = lunr.Index.load(serializedIndex);
    }
    return index;
  }

  /* Map of card position → rank for the text query; null when there is no text to search for. */
  function textHits() {
    if (!state.q.trim()) return null;
    if (!loadIndex()) return undefined;
    const terms = queryTerms(state.q);
    if (!terms.length) return null;
    const results = index.query((query) => {
      for (const term of terms) {
        // Every word must match as a prefix of an indexed stem; exact stems rank higher.
        query.term(term, { usePipeline: false, boost: 10 });
        query.term(term, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING,
          presence: lunr.Query.presence.REQUIRED });
      }
    });
    return new Map(results.map((result, rank) => [Number(result.ref), rank]));
  }

  function matchesFacets(card, selected, skip) {
    for (const facet of FACETS) {
      const chosen = selected[facet.param];
      if (facet === skip || !chosen.size) continue;
      if (!card.facets[facet.param].some((id) => chosen.has(id))) return false;
    }
    return true;
  }

  function withoutValue(param, id) {
    const copy = Object.assign({}, state.selected);
    copy[param] = new Set(state.selected[param]);
    copy[param].delete(id);
    return copy;
  }

  // --- rendering ----------------------------------------------------------------------------

  function buildForm() {
    ui.input = el('input', { type: 'search', id: 'mb-finder-q', name: TEXT_PARAM, autocomplete: 'off',
      spellcheck: false });
    ui.input.setAttribute('aria-describedby', 'mb-finder-q-hint');
    const search = el('div', { className: 'mb-finder__search' }, [
      el('label', { htmlFor: 'mb-finder-q' }, ['Sökord']),
      ui.input,
      el('p', { id: 'mb-finder-q-hint', className: 'mb-finder__hint' },
        ['Till exempel ungdomar, läxhjälp eller föreningar. Alla ord måste finnas med.']),
    ]);

    ui.boxes = {};
    ui.counts = {};
    const fieldsets = FACETS.map((facet) => {
      const items = [];
      for (const [id, label] of labels[facet.param]) {
        const box = el('input', { type: 'checkbox', name: facet.param, value: id });
        const count = el('span', { className: 'mb-facet__count' });
        ui.boxes[facet.param + '\n' + id] = box;
        ui.counts[facet.param + '\n' + id] = count;
        items.push(el('li', { className: 'mb-facet__value' },
          [el('label', {}, [box, el('span', {}, [label, ' ', count])])]));
      }
      return el('fieldset', { className: 'mb-facet' }, [el('legend', {}, [facet.legend]), el('ul', {}, items)]);
    });
    ui.clearAll = el('button', { type: 'button', className: 'md-button' }, ['Rensa sökord och filter']);
    ui.order = el('select', { id: 'mb-finder-order', name: ORDER_PARAM },
      ORDERS.map((o) => el('option', { value: o.id }, [o.label])));
    ui.csv = el('button', { type: 'button', className: 'md-button' }, ['Ladda ner urvalet som CSV']);
    ui.json = el('button', { type: 'button', className: 'md-button' }, ['Ladda ner urvalet som JSON']);
    const tools = el('div', { className: 'mb-finder__tools' }, [
      el('label', { htmlFor: 'mb-finder-order' }, ['Sortera: ']), ui.order, ' ', ui.csv, ' ', ui.json,
    ]);

    ui.heading = el('h2', { id: 'mb-finder-results', tabIndex: -1 }, ['Träffar']);
    ui.status = el('p', { className: 'mb-finder__status' });
    ui.status.setAttribute('role', 'status');
    ui.status.setAttribute('aria-live', 'polite');
    ui.empty = el('div', { className: 'mb-finder__empty', hidden: true });
    ui.list = el('ol', { className: 'mb-finder__list' });
    ui.more = el('button', { type: 'button', className: 'md-button', hidden: true });

    ui.form = el('form', { className: 'mb-finder__form' }, [
      search,
      el('div', { className: 'mb-finder__layout' }, [
        el('div', { className: 'mb-finder__facets' }, [el('h2', {}, ['Filtrera'])].concat(fieldsets, [ui.clearAll])),
        el('div', { className: 'mb-finder__results' }, [ui.heading, ui.status, tools, ui.empty, ui.list, ui.more]),
      ]),
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
    ui.input.addEventListener('change', () => { typing = false; });
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
    ui.csv.addEventListener('click', () => download('csv'));
    ui.json.addEventListener('click', () => download('json'));
    ui.clearAll.addEventListener('click', () => {
      state.q = '';
      for (const facet of FACETS) state.selected[facet.param].clear();
      syncControls();
      update('push');
      ui.input.focus();
    });
    ui.more.addEventListener('click', () => {
      const first = shown;
      shown += PAGE_SIZE;
      update(null);
      const link = ui.list.children[first] && ui.list.children[first].querySelector('a');
      if (link) link.focus();
    });
    window.addEventListener('popstate', () => {
      readUrl();
      syncControls();
      update(null);
    });
  }

  function commitQuery() {
    window.clearTimeout(typingTimer);
    if (ui.input.value === state.q) return;
    state.q = ui.input.value;
    update(typing ? 'replace' : 'push');  // one history entry per burst of typing
    typing = true;
  }

  function syncControls() {
    ui.input.value = state.q;
    ui.order.value = state.order;
    for (const facet of FACETS) {
      for (const id of labels[facet.param].keys()) {
        ui.boxes[facet.param + '\n' + id].checked = state.selected[facet.param].has(id);
      }
    }
  }

  function resultItem(card) {
    const facts = [typeLabels.get(card.type)].concat(card.facets.fokus.map((id) => labels.fokus.get(id)));
    const href = new URL(card.url, siteRoot);
    return el('li', { className: 'mb-result' }, [
      el('h3', { className: 'mb-result__title' }, [
        href.origin === siteRoot.origin ? el('a', { href: href.href }, [card.title]) : card.title,  // no javascript:
      ]),
      el('p', { className: 'mb-result__facts' }, [facts.join(' · ')]),
      card.summary ? el('p', { className: 'mb-result__summary' }, [card.summary]) : null,
      card.badges ? el('p', { className: 'mb-result__badges' }, [badgeLine(card)]) : null,
    ]);
  }

  function badgeLine(card) {
    return BADGE_KEYS.map((key) => `${card.badges[key].name}: ${card.badges[key].value}`).join(' · ');
  }

  // --- download of the filtered result, made here from the data already loaded ------------------

  function selectionText() {
    const parts = [];
    if (state.q.trim()) parts.push(`Sökord: ${state.q.trim()}`);
    for (const facet of FACETS) {
      const chosen = [...state.selected[facet.param]].map((id) => labels[facet.param].get(id));
      if (chosen.length) parts.push(`${facet.legend}: ${chosen.join(' eller ')}`);
    }
    return parts.length ? parts.join('; ') : 'Alla kort';
  }

  function rowOf(card) {
    const row = {
      typ: typeLabels.get(card.type), titel: card.title, adress: new URL(card.url, siteRoot).href,
      sammanfattning: card.summary,
    };
    for (const facet of FACETS.slice(1)) {
      row[facet.legend] = card.facets[facet.param].map((id) => labels[facet.param].get(id)).join('; ');
    }
    for (const key of BADGE_KEYS) row[BADGE_COLUMNS[key]] = card.badges ? card.badges[key].value : '';
    return row;
  }

  function csvCell(value) {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;  // a spreadsheet must not run it as a formula
    return /[;"\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function download(kind) {
    const rows = lastResults.map(rowOf);
    const stamp = new Date().toISOString().slice(0, 10);
    const name = `metodbanken-urval-${stamp}.${kind}`;
    let body;
    if (kind === 'csv') {
      const columns = ['typ', 'titel', 'adress', 'sammanfattning']
        .concat(FACETS.slice(1).map((f) => f.legend), BADGE_KEYS.map((key) => BADGE_COLUMNS[key]));
      const lines = [[`Urval: ${selectionText()}`], columns].concat(rows.map((r) => columns.map((c) => r[c])));
      // UTF-8 with BOM, semicolons and CRLF: what Swedish Excel opens without an import dialog.
      body = '\ufeff' + lines.map((line) => line.map(csvCell).join(';')).join('\r\n') + '\r\n';
    } else {
      body = JSON.stringify({ urval: selectionText(), adress: window.location.href, kort: rows }, null, 1);
    }
    const blob = new Blob([body], { type: kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' });
    const link = el('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  function removeButton(text, onClick) {
    const button = el('button', { type: 'button', className: 'md-button' }, [text]);
    button.addEventListener('click', () => {
      onClick();
      syncControls();
      update('push');
      ui.heading.focus();  // the button itself is gone after the update
    });
    return el('li', { className: 'mb-finder__offer' }, [button]);
  }

  function renderEmpty(pool) {
    const offers = [];
    if (state.q.trim()) {
      const all = cards.filter((card) => matchesFacets(card, state.selected, null)).length;
      offers.push(removeButton(`Ta bort sökordet ”${state.q.trim()}” (${all} kort)`, () => { state.q = ''; }));
    }
    for (const facet of FACETS) {
      for (const id of state.selected[facet.param]) {
        const selected = withoutValue(facet.param, id);
        const count = pool.filter((card) => matchesFacets(card, selected, null)).length;
        offers.push(removeButton(`Ta bort ${facet.legend}: ${labels[facet.param].get(id)} (${count} kort)`,
          () => state.selected[facet.param].delete(id)));
      }
    }
    ui.empty.replaceChildren(
      el('p', {}, ['Inga kort passar alla dina val.' + (offers.length ? ' Ta bort ett val för att se fler:' : '')]),
      offers.length ? el('ul', { className: 'mb-finder__offers' }, offers) : '',
    );
  }

  function update(historyMode) {
    if (historyMode) {
      shown = PAGE_SIZE;
      writeUrl(historyMode);
    }
    const hits = textHits();
    let note = '';
    if (hits === undefined) {
      if (!searchFailed) {
        ui.status.textContent = 'Läser in sökningen …';
        ui.list.replaceChildren();
        ui.more.hidden = true;
        ui.empty.hidden = true;
        return;
      }
      note = 'Sökningen gick inte att läsa in, så bara filtren gäller. ';
    }
    const pool = hits ? cards.filter((card) => hits.has(card.position)) : cards;
    if (hits) pool.sort((a, b) => hits.get(a.position) - hits.get(b.position));

    for (const facet of FACETS) {
      const counts = new Map();
      for (const card of pool) {
        if (!matchesFacets(card, state.selected, facet)) continue;
        for (const id of card.facets[facet.param]) counts.set(id, (counts.get(id) || 0) + 1);
      }
      for (const id of labels[facet.param].keys()) {
        ui.counts[facet.param + '\n' + id].textContent = `(${counts.get(id) || 0})`;
      }
    }

    const results = pool.filter((card) => matchesFacets(card, state.selected, null));
    const order = ORDERS.find((o) => o.id === state.order);
    if (order && order.badge) {
      const rank = (card) => (card.badges ? card.badges[order.badge].rank : -1);
      results.sort((a, b) => rank(b) - rank(a));  // stable: ties keep relevance or name order
    }
    lastResults = results;
    ui.csv.disabled = ui.json.disabled = !results.length;
    ui.list.replaceChildren(...results.slice(0, shown).map(resultItem));
    const rest = results.length - Math.min(shown, results.length);
    ui.more.hidden = rest <= 0;
    ui.more.textContent = `Visa fler (${rest} till)`;
    ui.empty.hidden = results.length > 0;
    if (!results.length) renderEmpty(pool);

    const status = note + (results.length === 1 ? '1 kort passar' : `${results.length} kort passar`)
      + (rest > 0 ? `, de första ${Math.min(shown, results.length)} visas.` : '.');
    if (ui.status.textContent !== status) ui.status.textContent = status;
  }

  // --- start --------------------------------------------------------------------------------

  function prepare(data) {
    typeLabels = new Map(data.card_types.map((type) => [type.id, type.label]));
    for (const facet of FACETS) {
      labels[facet.param] = facet.group
        ? new Map(data.taxonomy[facet.group].map((term) => [term.id, term.label]))
        : new Map(typeLabels);
    }
    // Already in display order; a card's position is its ref in the index.
    cards = data.cards.map((card, position) => {
      const facets = {};
      for (const facet of FACETS) facets[facet.param] = toList(card[facet.field]);
      return { position: position, type: card.type, url: card.url, title: String(card.title),
        summary: card.summary ? String(card.summary) : '', facets: facets, badges: card.badges || null };
    });
    serializedIndex = data.index;
  }

  const lunrReady = Promise.all([
    loadScript('javascripts/lunr/lunr.js'),
    loadScript('javascripts/lunr/lunr.stemmer.support.js'),
    loadScript('javascripts/lunr/lunr.sv.js'),
  ]).then(() => { lunrLoaded = true; });

  fetchJson('data/search-index.json').catch(() => {
    root.replaceChildren(el('p', {}, ['Korten gick inte att läsa in just nu. Bläddra i listorna nedan i stället.']));
    return null;
  }).then((data) => {
    if (!data) return;
    prepare(data);
    readUrl();
    buildForm();
    syncControls();
    update(null);
    lunrReady.then(() => {
      if (state.q.trim()) {
        update(null);
      } else {
        window.setTimeout(loadIndex, 0);  // ready before the first word is typed
      }
    }, () => {
      searchFailed = true;
      update(null);
    });
  });
}());
