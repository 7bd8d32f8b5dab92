/* The finder's start: the data, lunr and the text index load at once; the first results show as soon as the
   headline data and lunr are in, and the full text updates them in place (see ../finder.js). */
import { el, fetchJson, loadScript } from '../dom.js';
import { addTexts, addText, analyse, searchState } from './search.js';
import { data, prepare, readUrl, takeRememberedPlace } from './state.js';
import { buildForm, syncControls, update } from './view.js';

export function start(root) {
  root.analyse = analyse;

  /* The text index and then the texts for the snippets, after the first results are on screen. */
  function loadFullText(textIndex) {
    textIndex
      .then((serialized) => {
        addText(serialized);
        update(null);
        return fetchJson(data.texts);
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

  if ('scrollRestoration' in window.history) window.history.scrollRestoration = 'manual';
  takeRememberedPlace();

  const lunrReady = Promise.all([
    loadScript('javascripts/lunr/lunr.js'),
    loadScript('javascripts/lunr/lunr.stemmer.support.js'),
    loadScript('javascripts/lunr/lunr.sv.js'),
  ]).then(() => {
    searchState.lunrLoaded = true;
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
      buildForm(root);
      syncControls();
      update(null);
      lunrReady.then(
        () => {
          update(null);
          loadFullText(textIndex);
        },
        () => {
          searchState.searchFailed = true;
          update(null);
        },
      );
    });
}
