/* The finder's start: the search worker starts at once and loads lunr and the words file while this page reads the
   cards and draws the finder; each answer and each newly loaded index updates the results in place (see
   ../finder.js). */
import { dataPath, el, fetchJson } from '../dom.js';
import { analyse, giveCards, startSearch } from './search.js';
import { cards, cardsByValue, onDetails, prepare, readQuery, readUrl, takeRememberedPlace } from './state.js';
import { buildForm, syncControls, update } from './view.js';

export function start(finderElement) {
  if ('scrollRestoration' in window.history) window.history.scrollRestoration = 'manual';
  takeRememberedPlace();

  let drawn = false;
  readQuery();
  const redraw = () => {
    if (drawn) update(null);
  };
  startSearch(redraw);
  onDetails(redraw);
  const cardsData = fetchJson(dataPath('finderCards'));

  Promise.all([cardsData.catch(() => null), finderElement]).then(([loaded, root]) => {
    if (!root) return;
    root.analyse = analyse;
    if (!loaded) {
      root.replaceChildren(el('p', {}, ['Korten gick inte att läsa in just nu. Bläddra i listorna nedan i stället.']));
      document.dispatchEvent(new Event('mb-finder-drawn'));
      return;
    }
    prepare(loaded);
    giveCards(
      cardsByValue(),
      cards.filter((card) => card.type === 'method').map((card) => card.position),
    );
    readUrl();
    buildForm(root);
    syncControls();
    drawn = true;
    update(null);
  });
}
