/* Metodfinnaren: facets and Swedish full-text search over the finder's data files (hooks/metodbanken/
   search_index.py). data/search-index.json holds the cards, the facets and a headline index (title, aliases,
   summary, labels) and gives the first results; the index of every other text field and the texts for the
   snippets load after it and update the results in place. Card text only ever reaches the page as text
   nodes, never as HTML. */
(() => {
  const root = document.getElementById('mb-finder');
  if (!root) return;
  const siteRoot = new URL('..', document.currentScript.src);
  // Not 'q': Material's header search opened on ?q=; every search box of the site sends ?sok=.
  const TEXT_PARAM = 'sok';
  const PAGE_SIZE = 50;
  const TYPING_PAUSE_MS = 200;
  const MAX_WORDS = 12; // a pasted page of text must not make a query of a thousand clauses
  // The same limits as search_index.Vocabulary: parts of at least 4 letters, definite endings.
  const MIN_PART = 4;
  const MIN_COMPOUND = 2 * MIN_PART;
  const MAX_COMPOUND = 40; // longer is no word; splitting it would take quadratic time
  const MAX_TYPO = 30;
  const DEFINITE_ENDINGS = ['et', 'en', 't', 'n'];
  const TYPO_MIN_LETTERS = 5;
  const SNIPPET_WORDS = 26;

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
  let facets = []; // from the data file: param, legend, field, values [{id, label, level, includes}]
  let lastResults = [];
  let lastSearch = null;
  let cards = [];
  let typeLabels = new Map();
  const labels = {};
  const includes = {};
  const synonymsOf = new Map();
  let data = null;
  let lunrLoaded = false;
  const indexes = { headline: null, text: null };
  let vocabulary = null;
  let texts = null;
  let searchFailed = false;
  let textFailed = false;
  let shown = PAGE_SIZE;
  let typing = false;
  let typingTimer = 0;
  let restoreScroll = null;
  const ui = {};

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) {
      if (child !== null && child !== undefined) node.append(child); // strings become text nodes
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

  // --- Swedish words, exactly as search_index.py analyses them -------------------------------------

  let wordPattern = null;

  function words(text) {
    wordPattern = wordPattern || new RegExp('[' + lunr.sv.wordCharacters + ']+', 'g');
    return String(text).match(wordPattern) || [];
  }

  function fold(word) {
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
  root.analyse = (text) =>
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

  function ensureIndexes() {
    if (!lunrLoaded || !data) return false;
    if (!indexes.headline) {
      indexes.headline = lunr.Index.load(data.index);
      vocabulary = makeVocabulary();
    }
    return true;
  }

  function addText(serialized) {
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
  function textHits() {
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
            if (concept.term.length >= 3)
              query.term(concept.term, { usePipeline: false, boost: 2, wildcard: TRAILING });
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

  function matchesFacets(card, selected, skip) {
    for (const facet of facets) {
      const chosen = selected[facet.param];
      if (facet === skip || !chosen.size) continue;
      const wanted = new Set();
      for (const id of chosen) for (const included of includes[facet.param].get(id)) wanted.add(included);
      if (!card.facets[facet.param].some((id) => wanted.has(id))) return false;
    }
    return true;
  }

  function withoutValue(param, id) {
    const copy = Object.assign({}, state.selected);
    copy[param] = new Set(state.selected[param]);
    copy[param].delete(id);
    return copy;
  }

  // --- state, URL and the way back -----------------------------------------------------------------

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    state.q = params.get(TEXT_PARAM) || '';
    const order = params.get(ORDER_PARAM) || '';
    state.order = ORDERS.some((o) => o.id === order) ? order : '';
    for (const facet of facets) {
      const known = labels[facet.param];
      state.selected[facet.param] = new Set(params.getAll(facet.param).filter((id) => known.has(id)));
    }
  }

  function writeUrl(mode) {
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
  function rememberPlace() {
    const place = { finderScroll: Math.round(window.scrollY), finderShown: shown };
    try {
      window.history.replaceState(Object.assign({}, window.history.state, place), '');
    } catch (error) {
      /* a browser that limits replaceState calls only loses the place */
    }
  }

  function takeRememberedPlace() {
    const place = window.history.state;
    if (place && typeof place.finderScroll === 'number') {
      restoreScroll = place.finderScroll;
      shown = Math.max(PAGE_SIZE, Number(place.finderShown) || PAGE_SIZE);
    }
  }

  // --- the form ------------------------------------------------------------------------------------

  function buildForm() {
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
    ui.filterButton.setAttribute('aria-controls', 'mb-finder-facets');
    const search = el('div', { className: 'mb-finder__search' }, [
      el('label', { htmlFor: 'mb-finder-q' }, ['Sökord']),
      el('div', { className: 'mb-finder__searchrow' }, [
        ui.input,
        el('button', { type: 'submit', className: 'md-button md-button--primary' }, ['Sök']),
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
        const broader = value.includes && value.includes.length > 1 ? ' (med alla under)' : '';
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
    const tools = el('div', { className: 'mb-finder__tools' }, [
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
      el('div', { className: 'mb-finder__layout' }, [
        ui.panel,
        el('div', { className: 'mb-finder__results' }, [ui.heading, tools, ui.note, ui.empty, ui.list, ui.more]),
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
    ui.csv.addEventListener('click', () => download('csv'));
    ui.json.addEventListener('click', () => download('json'));
    ui.clearAll.addEventListener('click', () => {
      state.q = '';
      for (const facet of facets) state.selected[facet.param].clear();
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

  function syncControls() {
    ui.input.value = state.q;
    ui.order.value = state.order;
    for (const facet of facets) {
      for (const id of labels[facet.param].keys()) {
        ui.boxes[facet.param + '\n' + id].checked = state.selected[facet.param].has(id);
      }
    }
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

  function snippet(card, hit) {
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

  function resultItem(card, hit, wordCount) {
    const facts = [typeLabels.get(card.type)].concat(card.facets.fokus.map((id) => labels.fokus.get(id)));
    const href = new URL(card.url, siteRoot);
    const missing =
      hit && wordCount > 1 && hit.concepts.size < wordCount
        ? el('p', { className: 'mb-result__missing' }, [`Innehåller ${hit.concepts.size} av ${wordCount} ord.`])
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

  /* The comparison page (docs/jamfor.md) opens with this method chosen; the reader picks one or two more there. */
  function compareLink(card) {
    const href = new URL('jamfor/', siteRoot);
    href.searchParams.set('m', card.id);
    const link = el('a', { href: href.href, className: 'mb-result__compare' }, ['Jämför med andra metoder']);
    link.setAttribute('aria-label', `Jämför med andra metoder: ${card.title}`);
    return el('p', { className: 'mb-result__actions' }, [link]);
  }

  function badgeLine(card) {
    return BADGE_KEYS.map((key) => `${card.badges[key].name}: ${card.badges[key].value}`).join(' · ');
  }

  // --- download of the filtered result, made here from the data already loaded ----------------------

  function selectionText() {
    const parts = [];
    if (state.q.trim()) parts.push(`Sökord: ${state.q.trim()}`);
    for (const facet of facets) {
      const chosen = [...state.selected[facet.param]].map((id) => labels[facet.param].get(id));
      if (chosen.length) parts.push(`${facet.legend}: ${chosen.join(' eller ')}`);
    }
    return parts.length ? parts.join('; ') : 'Alla kort';
  }

  function rowOf(card) {
    const row = {
      typ: typeLabels.get(card.type),
      titel: card.title,
      adress: new URL(card.url, siteRoot).href,
      sammanfattning: card.summary,
    };
    for (const facet of facets.slice(1)) {
      row[facet.legend] = card.facets[facet.param].map((id) => labels[facet.param].get(id)).join('; ');
    }
    for (const key of BADGE_KEYS) row[BADGE_COLUMNS[key]] = card.badges ? card.badges[key].value : '';
    return row;
  }

  function csvCell(value) {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // a spreadsheet must not run it as a formula
    return /[;"\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function download(kind) {
    const rows = lastResults.map(rowOf);
    const stamp = new Date().toISOString().slice(0, 10);
    const name = `metodbanken-urval-${stamp}.${kind}`;
    let body;
    if (kind === 'csv') {
      const columns = ['typ', 'titel', 'adress', 'sammanfattning'].concat(
        facets.slice(1).map((f) => f.legend),
        BADGE_KEYS.map((key) => BADGE_COLUMNS[key]),
      );
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
      const all = cards.filter((card) => matchesFacets(card, state.selected, null)).length;
      offers.push(
        removeButton(`Ta bort sökordet ”${shortened(state.q.trim())}” (${all} kort)`, () => {
          state.q = '';
        }),
      );
    }
    for (const facet of facets) {
      for (const id of state.selected[facet.param]) {
        const selected = withoutValue(facet.param, id);
        const count = pool.filter((card) => matchesFacets(card, selected, null)).length;
        offers.push(
          removeButton(`Ta bort ${facet.legend}: ${labels[facet.param].get(id)} (${count} kort)`, () =>
            state.selected[facet.param].delete(id),
          ),
        );
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
    const search = textHits();
    let note = '';
    if (search === undefined) {
      if (!searchFailed) {
        ui.status.textContent = 'Läser in sökningen …';
        ui.list.replaceChildren();
        ui.more.hidden = true;
        ui.empty.hidden = true;
        ui.note.hidden = true;
        return;
      }
      note = 'Sökningen gick inte att läsa in, så bara filtren gäller. ';
    }
    const hits = search ? search.found : null;
    const wordCount = search ? search.concepts.length : 0;
    let pool = cards;
    if (search && wordCount) {
      pool = cards.filter((card) => hits.has(card.position));
      // Cards holding all the words first, then those with most of them; by weight within each.
      pool.sort(
        (a, b) =>
          hits.get(b.position).concepts.size - hits.get(a.position).concepts.size ||
          hits.get(b.position).score - hits.get(a.position).score ||
          a.position - b.position,
      );
    }

    for (const facet of facets) {
      const counts = new Map();
      for (const card of pool) {
        if (!matchesFacets(card, state.selected, facet)) continue;
        for (const id of card.facets[facet.param]) counts.set(id, (counts.get(id) || 0) + 1);
      }
      for (const value of facet.values) {
        // A broad value counts its cards and those of the narrower values it includes, each card once.
        const total =
          value.includes.length > 1
            ? pool.filter(
                (card) =>
                  matchesFacets(card, state.selected, facet) &&
                  card.facets[facet.param].some((id) => value.includes.includes(id)),
              ).length
            : counts.get(value.id) || 0;
        ui.counts[facet.param + '\n' + value.id].textContent = `(${total})`;
      }
    }

    const results = pool.filter((card) => matchesFacets(card, state.selected, null));
    const order = ORDERS.find((o) => o.id === state.order);
    if (order && order.badge) {
      const rank = (card) => (card.badges ? card.badges[order.badge].rank : -1);
      results.sort((a, b) => rank(b) - rank(a)); // stable: ties keep relevance or name order
    }
    lastResults = results;
    lastSearch = search;
    const scrollBefore = window.scrollY;
    // A result link that has focus gets it back after the list is redrawn with the full text.
    const focused = ui.list.contains(document.activeElement) ? document.activeElement.getAttribute('href') : null;
    ui.csv.disabled = ui.json.disabled = !results.length;
    ui.list.replaceChildren(
      ...results.slice(0, shown).map((card) => resultItem(card, hits && hits.get(card.position), wordCount)),
    );
    if (focused) {
      const again = [...ui.list.querySelectorAll('a')].find((a) => a.getAttribute('href') === focused);
      if (again) again.focus({ preventScroll: true });
    }
    const rest = results.length - Math.min(shown, results.length);
    ui.more.hidden = rest <= 0;
    ui.more.textContent = `Visa fler (${rest} till)`;
    ui.empty.hidden = results.length > 0;
    if (!results.length) renderEmpty(pool);

    const all =
      search && wordCount > 1
        ? results.filter((card) => hits.get(card.position).concepts.size === wordCount).length
        : -1;
    let coverage = '';
    if (search && state.q.trim() && !wordCount) {
      coverage = ' Sökorden är så vanliga att de inte säger något om korten, så alla kort visas.';
    } else if (results.length && all === 0) {
      coverage = ' Inga kort innehåller alla orden – här är de som innehåller flest.';
    } else if (all > 0 && all < results.length) {
      coverage = ` ${all} med alla orden först, sedan de med flest.`;
    }
    const loading =
      search && wordCount && !indexes.text && !searchFailed && !textFailed
        ? ' Söker i rubrikerna; hela texten läses in …'
        : '';
    const status =
      note +
      (results.length === 1 ? '1 kort passar' : `${results.length} kort passar`) +
      (rest > 0 ? `, de första ${Math.min(shown, results.length)} visas.` : '.') +
      coverage +
      loading;
    if (ui.status.textContent !== status) ui.status.textContent = status;
    ui.showResults.textContent = results.length === 1 ? 'Visa 1 träff' : `Visa ${results.length} träffar`;
    const chosen = facets.reduce((sum, facet) => sum + state.selected[facet.param].size, 0);
    ui.filterButton.textContent = chosen ? `Filter (${chosen} val)` : 'Filter';
    root.dataset.stage = indexes.text ? (texts ? 'texts' : 'full') : 'headline';

    if (restoreScroll !== null && indexes.text) {
      window.scrollTo(0, restoreScroll);
      restoreScroll = null;
    } else if (!historyMode && window.scrollY !== scrollBefore) {
      window.scrollTo(0, scrollBefore); // an update in place keeps the reader where they were
    }
  }

  // --- start ---------------------------------------------------------------------------------------

  function prepare(loaded) {
    data = loaded;
    facets = loaded.facets;
    typeLabels = new Map(loaded.card_types.map((type) => [type.id, type.label]));
    for (const facet of facets) {
      labels[facet.param] = new Map(facet.values.map((value) => [value.id, value.label]));
      includes[facet.param] = new Map(facet.values.map((value) => [value.id, value.includes || [value.id]]));
      for (const value of facet.values) value.includes = value.includes || [value.id];
    }
    for (const group of loaded.synonyms || []) {
      for (const term of group) synonymsOf.set(term, group);
    }
    // Already in display order; a card's position is its ref in both indexes.
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

  /* The text index and then the texts for the snippets, after the first results are on screen. */
  function loadFullText(textIndex) {
    textIndex
      .then((serialized) => {
        addText(serialized);
        update(null);
        return fetchJson(data.texts);
      })
      .then((loaded) => {
        texts = loaded;
        update(null);
      })
      .catch(() => {
        // The headline index still answers; the page stops saying that more is coming.
        textFailed = true;
        update(null);
      });
  }

  if ('scrollRestoration' in window.history) window.history.scrollRestoration = 'manual';
  takeRememberedPlace();

  const lunrReady = Promise.all([
    loadScript('javascripts/lunr/lunr.js'),
    loadScript('javascripts/lunr/lunr.stemmer.support.js'),
    loadScript('javascripts/lunr/lunr.sv.js'),
  ]).then(() => {
    lunrLoaded = true;
  });

  // Downloaded alongside the headline data; read only after the first results are on screen.
  const textIndex = fetchJson('data/search-text-index.json');
  textIndex.catch(() => null);

  fetchJson('data/search-index.json')
    .catch(() => {
      root.replaceChildren(el('p', {}, ['Korten gick inte att läsa in just nu. Bläddra i listorna nedan i stället.']));
      return null;
    })
    .then((loaded) => {
      if (!loaded) return;
      prepare(loaded);
      readUrl();
      buildForm();
      syncControls();
      update(null);
      lunrReady.then(
        () => {
          update(null);
          loadFullText(textIndex);
        },
        () => {
          searchFailed = true;
          update(null);
        },
      );
    });
})();
