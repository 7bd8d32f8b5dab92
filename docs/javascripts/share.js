/* Card pages: "Kopiera länk" and "Skriv ut" above the card, beside Material's edit button. The build loads this
   script on card pages only (page_assets.py, the part "share" that _card_footer.md.j2 declares); without script the
   browser's own address bar and print command do the same. */
(() => {
  const article = document.querySelector('article.md-content__inner');
  if (!article) return;

  // The card's own address, without a query or a fragment: the canonical link where the build made one.
  function address() {
    const canonical = document.querySelector('link[rel="canonical"]');
    const url = new URL(canonical ? canonical.href : window.location.href);
    url.search = '';
    url.hash = '';
    return url.href;
  }

  function button(label, icon, onClick) {
    const node = document.createElement('button');
    node.type = 'button';
    node.className = 'mb-share__button';
    node.dataset.icon = icon;
    node.textContent = label;
    node.addEventListener('click', onClick);
    return node;
  }

  const bar = document.createElement('div');
  bar.className = 'mb-share';
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Dela kortet');
  const status = document.createElement('p');
  status.className = 'mb-share__status';
  status.setAttribute('role', 'status');

  // Where the clipboard is refused (an older browser, a page not served over https, a denied permission), the
  // address is shown selected in a field, to copy with the keyboard.
  function showFallback() {
    let field = bar.querySelector('.mb-share__address');
    if (!field) {
      const label = document.createElement('label');
      label.className = 'mb-share__fallback';
      label.textContent = 'Kortets adress ';
      field = document.createElement('input');
      field.className = 'mb-share__address';
      field.type = 'text';
      field.readOnly = true;
      field.value = address();
      label.append(field);
      bar.append(label);
    }
    field.focus();
    field.select();
    status.textContent = 'Kopiera adressen i fältet med Ctrl+C (⌘C på Mac).';
  }

  async function copyLink() {
    status.textContent = '';
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard');
      await navigator.clipboard.writeText(address());
      status.textContent = 'Länken till kortet är kopierad.';
    } catch {
      showFallback();
    }
  }

  bar.append(
    button('Kopiera länk', 'link', copyLink),
    button('Skriv ut', 'print', () => window.print()),
    status,
  );
  const heading = article.querySelector('h1');
  article.insertBefore(bar, heading ? heading.nextSibling : article.firstChild);
})();
