/* Jämför metoder: two or three methods from data/cards.json side by side, with the rows of each card's decision box
   and its fields' cells from data/decisions.json (plain text, made by each field's kind in field_kinds.py); a table
   on wide screens, one block per method on phones. The address holds the choice (?m=deep-talk,integrationskor,
   or ?m=deep-talk&m=integrationskor as a plain form sends it) so it can be shared and other pages can link to a
   comparison; back/forward restore it.
   Card text only ever reaches the page through textContent and attribute values, never as HTML. */
import { dataPath, el, fetchJson, siteRoot } from './dom.js';

(() => {
  const root = document.getElementById('mb-compare');
  if (!root) return;
  const PARAM = 'm';
  const MIN = 2;
  const MAX = 3;
  // Rows from the decision box (data/decisions.json) and their labels, as on the method cards.
  const DECISION_LABELS = {
    worked: 'Fungerade det?',
    needs: 'Vad som krävs',
    tested: 'Här har den prövats',
    contacts: 'Vem kan berätta mer',
  };

  let methods = [];
  let byId = new Map();
  let fields = new Map();
  let rows = []; // in order, from decisions.json; field labels come from the schema in cards.json
  let decisions = {};
  let cells = {};
  let selected = [];
  const ui = {};

  function cardLink(card) {
    return el('a', { href: new URL(card.url, siteRoot).href, textContent: card.title });
  }

  function list(items) {
    return items.length
      ? el(
          'ul',
          {},
          items.map((item) => el('li', {}, [item])),
        )
      : '–';
  }

  function testedIn(box, cards) {
    if (!box.tried.length) return box.tried_empty;
    return list(
      box.tried
        .filter((t) => cards.has(t.id))
        .map((t) =>
          el('span', {}, [
            cardLink(cards.get(t.id)),
            t.where ? ` – ${t.where}` : '',
            t.relation ? ` (${t.relation})` : '',
          ]),
        ),
    );
  }

  function contacts(box) {
    const documents = box.documents.map((doc) =>
      doc.url
        ? el('span', {}, [
            'Källa: ',
            el('a', { href: doc.url, textContent: doc.label }),
            doc.publisher ? ` – ${doc.publisher}` : '',
          ])
        : 'Källa: ' + doc.label + (doc.publisher ? ` – ${doc.publisher}` : ''),
    );
    return list(box.organisations.concat(documents));
  }

  function decisionCell(method, name, cards) {
    const box = decisions[method.id];
    if (!box) return '–';
    if (name === 'worked') {
      return el(
        'div',
        {},
        [el('p', {}, [el('strong', { textContent: box.verdict + ': ' }), box.worked])].concat(
          box.worked_context.map((line) => el('p', { textContent: line })),
        ),
      );
    }
    if (name === 'needs') {
      return list(box.needs.map((n) => el('span', {}, [el('strong', { textContent: n.label + ': ' }), n.value])));
    }
    if (name === 'tested') return testedIn(box, cards);
    return contacts(box);
  }

  function rowLabel(name) {
    return DECISION_LABELS[name] || fields.get(name).label;
  }

  function cell(method, name, cards) {
    if (name in DECISION_LABELS) return decisionCell(method, name, cards);
    const shown = (cells[method.id] || {})[name]; // absent when the card leaves the field out
    if (!shown) return '–';
    if (shown.items) return list(shown.items);
    if (shown.paragraphs) {
      return el(
        'div',
        {},
        shown.paragraphs.map((para) => el('p', { textContent: para })),
      );
    }
    return shown.text;
  }

  function table(cards) {
    const chosen = selected.map((id) => byId.get(id));
    const caption = el('caption', {
      id: 'mb-compare-caption',
      textContent: 'Jämförelse: ' + chosen.map((m) => m.title).join(', '),
    });
    const head = el('tr', {}, [el('td')].concat(chosen.map((m) => el('th', { scope: 'col' }, [cardLink(m)]))));
    const body = rows.map((name) =>
      el(
        'tr',
        {},
        [el('th', { scope: 'row', textContent: rowLabel(name) })].concat(
          chosen.map((m) => el('td', {}, [cell(m, name, cards)])),
        ),
      ),
    );
    const wrapper = el('div', { className: 'mb-compare-scroll', tabIndex: 0 }, [
      el('table', { className: 'mb-compare-table' }, [caption, el('thead', {}, [head]), el('tbody', {}, body)]),
    ]);
    wrapper.setAttribute('role', 'region');
    wrapper.setAttribute('aria-labelledby', 'mb-compare-caption');
    return wrapper;
  }

  // Phones: the same rows, one block per method, so nothing is wider than the screen.
  function stack(cards) {
    const chosen = selected.map((id) => byId.get(id));
    return el(
      'div',
      { className: 'mb-compare-stack' },
      chosen.map((m) =>
        el('section', { className: 'mb-compare-method' }, [
          el('h2', {}, [cardLink(m)]),
          el(
            'dl',
            {},
            rows.flatMap((name) => [el('dt', { textContent: rowLabel(name) }), el('dd', {}, [cell(m, name, cards)])]),
          ),
        ]),
      ),
    );
  }

  function statusText() {
    const names = selected.map((id) => byId.get(id).title).join(', ');
    if (!selected.length) return `Inga metoder valda. Välj ${MIN} eller ${MAX}.`;
    if (selected.length < MIN) return `1 metod vald: ${names}. Välj en eller två till.`;
    const full = selected.length === MAX ? ' Avmarkera en metod om du vill välja en annan.' : '';
    return `${selected.length} av högst ${MAX} metoder valda: ${names}.${full}`;
  }

  function render(cards) {
    for (const box of ui.boxes) {
      box.checked = selected.includes(box.value);
      box.disabled = !box.checked && selected.length >= MAX;
    }
    ui.status.textContent = statusText();
    if (selected.length >= MIN) ui.result.replaceChildren(table(cards), stack(cards));
    else ui.result.replaceChildren('');
  }

  function fromAddress() {
    const wanted = new URLSearchParams(location.search).getAll(PARAM).flatMap((value) => value.split(','));
    return [...new Set(wanted)].filter((id) => byId.has(id)).slice(0, MAX);
  }

  function toAddress() {
    const url = new URL(location.href);
    if (selected.length) url.searchParams.set(PARAM, selected.join(','));
    else url.searchParams.delete(PARAM);
    // Commas stay readable in the shared address.
    history.pushState(null, '', url.pathname + url.search.replace(/%2C/gi, ',') + url.hash);
  }

  function build(data) {
    const cards = new Map(data.cards.map((c) => [c.id, c]));
    const methodType = data.card_types.find((t) => t.id === 'method');
    fields = new Map(methodType.fields.map((f) => [f.name, f]));
    methods = data.cards.filter((c) => c.type === 'method').sort((a, b) => a.title.localeCompare(b.title, 'sv'));
    byId = new Map(methods.map((m) => [m.id, m]));

    ui.boxes = [];
    const items = methods.map((m) => {
      const box = el('input', { type: 'checkbox', id: 'mb-compare-' + m.id, value: m.id });
      box.addEventListener('change', () => {
        selected = box.checked ? selected.concat(m.id) : selected.filter((id) => id !== m.id);
        toAddress();
        render(cards);
      });
      ui.boxes.push(box);
      return el('li', {}, [box, ' ', el('label', { htmlFor: box.id, textContent: m.title })]);
    });
    ui.status = el('p', { className: 'mb-compare-status' });
    ui.status.setAttribute('role', 'status');
    ui.status.setAttribute('aria-live', 'polite');
    ui.result = el('div', { className: 'mb-compare-result' });
    const fieldset = el('fieldset', { className: 'mb-compare-choices' }, [
      el('legend', { textContent: `Välj ${MIN} eller ${MAX} metoder` }),
      el('ul', {}, items),
    ]);
    root.replaceChildren(fieldset, ui.status, ui.result);

    selected = fromAddress();
    window.addEventListener('popstate', () => {
      selected = fromAddress();
      render(cards);
    });
    render(cards);
  }

  const noscript = document.getElementById('mb-compare-nojs');
  root.hidden = false;
  root.textContent = 'Hämtar metoderna …';
  Promise.all([fetchJson(dataPath('cards')), fetchJson(dataPath('decisions'))])
    .then(([data, boxes]) => {
      rows = boxes.rows;
      decisions = boxes.methods;
      cells = boxes.cells;
      if (noscript) noscript.hidden = true;
      build(data);
    })
    .catch(() => {
      root.textContent = 'Metoderna gick inte att hämta. Ladda om sidan eller använd listan över metoder.';
    });
})();
