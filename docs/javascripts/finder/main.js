/* The finder's start: the headline data and lunr load at once and give the first results; the text index is
   fetched once the headline data are in, and the full text, then the snippet texts, update the results in
   place (see ../finder.js). */
import { dataPath, el, fetchJson, loadScript } from '../dom.js';
import { addTexts, addText, analyse, searchState } from './search.js';
import { prepare, readUrl, takeRememberedPlace } from './state.js';
import { buildForm, syncControls, update } from './view.js';

/* The text index and then the texts for the snippets, after the first results are on screen. */
function loadFullText(textIndex) {
  textIndex
    .then((serialized) => {
      addText(serialized);
      update(null);
      return fetchJson(dataPath('searchTexts'));
    })
    .then((loaded) => {
      addTexts(loaded);
      update(null);
    })
    .catch(() => {
      // The headline index still answers; the page stops saying that more is coming.
      searchState.textFailed = true;
      update(null);
    });
}

export function start(finderElement) {
  if ('scrollRestoration' in window.history) window.history.scrollRestoration = 'manual';
  takeRememberedPlace();

  const lunrReady = Promise.all(dataPath('lunr').map(loadScript)).then(() => {
    searchState.lunrLoaded = true;
  });
  const headline = fetchJson(dataPath('searchIndex'));
  // Fetched once the headline data are in, so that it does not compete with them for the connection.
  const textIndex = headline.then(() => fetchJson(dataPath('searchTextIndex')));
  textIndex.catch(() => null);

  Promise.all([headline.catch(() => null), finderElement]).then(([loaded, root]) => {
    if (!root) return;
    root.analyse = analyse;
    if (!loaded) {
      root.replaceChildren(el('p', {}, ['Korten gick inte att läsa in just nu. Bläddra i listorna nedan i stället.']));
      return;
    }
    prepare(loaded);
    readUrl();
    buildForm(root);
    syncControls();
    const searched = searchState.lunrLoaded; // lunr usually arrives first: then this draw already searched
    update(null);
    lunrReady.then(
      () => {
        if (!searched) update(null);
        loadFullText(textIndex);
      },
      () => {
        searchState.searchFailed = true;
        update(null);
      },
    );
  });
}
