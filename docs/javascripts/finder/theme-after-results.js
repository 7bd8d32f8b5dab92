/* On the finder's page Material's script waits until the finder has drawn its first results ('mb-finder-drawn'):
   on a phone's two cores its 100–200 ms of work would otherwise come before them. page_assets.py writes this script
   into the head, and overrides/main.html puts Material's script elements in the template #mb-theme-script instead
   of the body. Until they run the page is as Material draws it without JavaScript (the class no-js), which on this
   page looks the same. Should the finder never draw, they run 3 s after the page has been read. */
(() => {
  const LATEST_MS = 3000;
  let started = false;

  function runThemeScripts() {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', runThemeScripts, { once: true });
      return;
    }
    if (started) return;
    started = true;
    const template = document.getElementById('mb-theme-script');
    if (!template) return;
    const scripts = [...template.content.querySelectorAll('script')].map((inert) => {
      const script = document.createElement('script');
      for (const { name, value } of inert.attributes) script.setAttribute(name, value);
      script.textContent = inert.textContent;
      script.async = false; // in the template's order
      return script;
    });
    // Material starts on DOMContentLoaded, which has passed by now: it is handed the document as that event would.
    if (scripts.length) {
      scripts[0].addEventListener('load', () => {
        if (window.document$) window.document$.next(document);
      });
    }
    template.replaceWith(...scripts);
  }

  const afterThisFrame = () => requestAnimationFrame(() => setTimeout(runThemeScripts, 0));
  document.addEventListener('mb-finder-drawn', afterThisFrame, { once: true });
  const read = () => setTimeout(runThemeScripts, LATEST_MS);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', read, { once: true });
  else read();
})();
