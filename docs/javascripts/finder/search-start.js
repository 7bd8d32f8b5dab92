/* Starts the finder's search worker (search-worker.js) while the page is still being read: page_assets.py writes
   this small script into the page's head before the stylesheets, so lunr and the words file load beside the
   styles and Material's script instead of after them. The finder (search.js) takes the worker over, with the
   messages it has sent by then. */
(() => {
  const paths = JSON.parse(document.getElementById('mb-data-paths').textContent);
  const siteRoot = new URL(document.currentScript.dataset.siteRoot, window.location.href);
  const url = (path) => new URL(path, siteRoot).href;
  const early = { worker: null, messages: [] };
  try {
    // The worker reads the files to load from its own address, so it starts loading as soon as it runs: a message
    // sent now would reach it only once this page's thread is free again.
    const files = new URLSearchParams({
      scripts: url(paths.searchScripts),
      words: url(paths.searchWords),
    });
    // The address's query (state.js's TEXT_PARAM): the worker loads its shards as soon as it has read the words file,
    // without waiting for the page's modules, which run only once the page is parsed. In the fragment, which is
    // neither sent nor part of the cached script's address.
    const query = new URLSearchParams(window.location.search).get('sok');
    const fragment = query?.trim() ? `#${new URLSearchParams({ q: query })}` : '';
    early.worker = new Worker(`${url(paths.searchWorker)}?${files}${fragment}`);
    early.worker.onmessage = (event) => early.messages.push(event.data);
    early.worker.onerror = () => early.messages.push({ type: 'failed', part: 'search' });
  } catch (error) {
    early.messages.push({ type: 'failed', part: 'search' });
  }
  window.mbSearch = early;
  document.dispatchEvent(new Event('mb-search-started'));
})();
