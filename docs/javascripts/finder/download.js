/* Download of the filtered result as CSV or JSON, made in the browser from the cards' data and, read when the first
   download is asked for, every card's id, title, summary and badges. */
import { el, siteRoot } from '../dom.js';
import { data, everyCardsDetails, facets, labels, state, takeDetails, typeLabels, valueLabels } from './state.js';

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

let facetByParam = new Map();

/* One card as a row; the columns and what each holds come from the build (finder_data.download_columns). */
function cellOf(card, column) {
  if (column.facet) return valueLabels(card, facetByParam.get(column.facet)).join('; ');
  if (column.badge) return card.badges ? card.badges[column.badge].value : '';
  if (column.card === 'type') return typeLabels.get(card.type);
  if (column.card === 'url') return new URL(card.url, siteRoot).href;
  return card[column.card];
}

function rowOf(card) {
  return Object.fromEntries(data.download_columns.map((column) => [column.label, cellOf(card, column)]));
}

function csvCell(value) {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // a spreadsheet must not run it as a formula
  return /[;"\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/* Downloads the results; resolves when the file is offered, rejects when the cards' summaries cannot be read. */
export function download(kind, results) {
  return everyCardsDetails().then((details) => {
    for (const card of results) if (!card.detailsIn) takeDetails(card, details[card.position]);
    save(kind, results);
  });
}

function save(kind, results) {
  facetByParam = new Map(facets.map((facet) => [facet.param, facet]));
  const rows = results.map(rowOf);
  const stamp = new Date().toISOString().slice(0, 10);
  const name = `metodbanken-urval-${stamp}.${kind}`;
  let body;
  if (kind === 'csv') {
    const columns = data.download_columns.map((column) => column.label);
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
