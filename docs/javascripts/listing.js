/* Method tiles (method listing and challenge pages): a small control that re-orders the tiles. Without it the
   page lists every method best documented first. Only existing nodes are moved; no card text is written. */
(() => {
  // Each order: its label and the tile attribute it sorts on, highest first; ties fall back to the title.
  const ORDERS = [
    { id: 'underlag', label: 'Bäst dokumenterad först' },
    { id: 'provad', label: 'Oftast prövad först' },
    { id: 'krav', label: 'Mest känt om vad som krävs' },
    { id: 'namn', label: 'Namn A–Ö' },
  ];

  function title(tile) {
    const heading = tile.querySelector('h2, h3, h4');
    return heading ? heading.textContent.trim() : '';
  }

  function sortTiles(list, order) {
    const tiles = [...list.querySelectorAll(':scope > .mb-tile')];
    const byTitle = (a, b) => title(a).localeCompare(title(b), 'sv');
    tiles.sort((a, b) =>
      order === 'namn' ? byTitle(a, b) : Number(b.dataset[order]) - Number(a.dataset[order]) || byTitle(a, b),
    );
    list.append(...tiles);
  }

  function enhance(list, index) {
    if (list.querySelectorAll(':scope > .mb-tile').length < 2) return;
    const id = 'mb-sort-' + index;
    const select = document.createElement('select');
    select.id = id;
    for (const order of ORDERS) select.append(new Option(order.label, order.id));
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = 'Ordna metoderna: ';
    const status = document.createElement('span');
    status.className = 'mb-visually-hidden mb-sort-status';
    status.setAttribute('role', 'status');
    const control = document.createElement('div');
    control.className = 'mb-sort';
    control.append(label, select, status);
    select.addEventListener('change', () => {
      sortTiles(list, select.value);
      status.textContent = 'Metoderna står nu ordnade: ' + select.selectedOptions[0].text.toLowerCase() + '.';
    });
    list.before(control);
  }

  function init() {
    document.querySelectorAll('[data-mb-sortable]').forEach(enhance);
  }

  // Material's instant navigation is off, so the page is complete once the DOM is.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
