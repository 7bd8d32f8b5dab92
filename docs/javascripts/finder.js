/* Metodbanken's finder: facets and Swedish full-text search over the finder's data files (hooks/metodbanken/
   exports/search_index.py). The page reads data/finder-cards.json (the cards and the facets) and draws the finder;
   a worker does the search: it loads lunr and the headline index (title, aliases, summary, labels) for the first
   results, then the index of every other text field and the texts for the snippets, and each stage updates the
   results in place. Card text only ever reaches the page as text nodes, never as HTML.
   The modules in finder/: main.js (start), state.js (data, filters, address), search.js (the page's side of the
   search), search-worker.js (the worker: Swedish analysis, lunr, ranking, snippets), view.js (the page),
   download.js (CSV and JSON); dom.js is shared with compare.js.
   Only the finder's page loads this file, as a module in its head (page_assets.py), where its data and modules are
   preloaded; the results are drawn once the cards are read, the finder's element has been parsed and the worker
   has answered. */
import { start } from './finder/main.js';

const finderElement = new Promise((resolve) => {
  const find = () => document.getElementById('mb-finder');
  if (find()) resolve(find());
  else document.addEventListener('DOMContentLoaded', () => resolve(find()), { once: true });
});
start(finderElement);
