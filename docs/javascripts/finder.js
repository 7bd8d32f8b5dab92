/* Metodbanken's finder: facets and Swedish full-text search over the finder's data (hooks/metodbanken/search/).
   The page reads data/finder-cards.json (the facets, and the cards' types and values as columns) and draws the
   finder; a worker does the search: it loads lunr's Swedish word rules and the words file, and for each query only
   the shards of the index its words reach. The results are drawn with the titles and summaries of the cards shown
   (each card's own small file), and the snippets from the cards' texts replace the summaries in place. Card text
   only ever reaches the page as text nodes, never as HTML.
   The modules in finder/: main.js (start), state.js (data, filters, address, the cards' details), search.js (the
   page's side of the search), search-worker.js (the worker: Swedish analysis, ranking, snippets), search-reader.js
   (its reader and scorer of the index), view.js (the page), download.js (CSV and JSON); dom.js is shared with
   compare.js.
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
