/* Metodbanken's finder: facets and Swedish full-text search over the finder's data files (hooks/metodbanken/
   search_index.py). data/search-index.json holds the cards, the facets and a headline index (title, aliases,
   summary, labels) and gives the first results; the index of every other text field and the texts for the
   snippets load after it and update the results in place. Card text only ever reaches the page as text
   nodes, never as HTML.
   The modules in finder/: main.js (start), state.js (data, filters, address), search.js (Swedish analysis,
   lunr, ranking, snippets), view.js (the page), download.js (CSV and JSON); dom.js is shared with compare.js.
   Only the finder's page loads this file, as a module in its head (page_assets.py), where its data, modules and
   lunr are preloaded; the results are drawn once the data are read and the finder's element has been parsed. */
import { start } from './finder/main.js';

const finderElement = new Promise((resolve) => {
  const find = () => document.getElementById('mb-finder');
  if (find()) resolve(find());
  else document.addEventListener('DOMContentLoaded', () => resolve(find()), { once: true });
});
start(finderElement);
