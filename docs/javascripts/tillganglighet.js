// Small accessibility additions to Material's layout, each checked by tests/test_accessibility.py or test_mobile.py.
(() => {
  const narrow = window.matchMedia('(max-width: 76.234375em)');

  // Material's menu is a drawer that slides in from its menu icon, which a keyboard cannot reach, yet Tab still
  // walks through the menu's links while they sit off screen. Open the drawer while focus is inside it.
  const drawer = document.getElementById('__drawer');
  if (drawer) {
    document.addEventListener('focusin', (event) => {
      if (!narrow.matches) return;
      const inMenu = Boolean(event.target.closest && event.target.closest('.md-sidebar--primary'));
      if (drawer.checked !== inMenu) drawer.checked = inMenu;
    });
  }

  // A table wider than the screen scrolls inside its own box; only a focusable box can be scrolled with the
  // keyboard. Make the boxes that overflow focusable, named after the heading above the table.
  function tableName(wrap) {
    for (let node = wrap.closest('.md-typeset__table') || wrap; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return 'Tabell: ' + node.textContent.replace(/\s*¶\s*$/, '').trim();
    }
    return 'Tabell';
  }

  // Above such a box a line says that the table goes on to the side: on a phone nothing else shows it.
  const HINT = 'Tabellen är bredare än skärmen: svep eller skrolla i sidled för att se alla kolumner.';

  function setHint(wrap, shown) {
    const hint = wrap.previousElementSibling;
    const present = hint && hint.classList.contains('mb-scroll-hint');
    if (shown && !present) {
      const line = document.createElement('p');
      line.className = 'mb-scroll-hint';
      line.id = 'mb-scroll-hint-' + document.querySelectorAll('.mb-scroll-hint').length;
      line.textContent = HINT;
      wrap.before(line);
      wrap.setAttribute('aria-describedby', line.id);
    } else if (!shown && present) {
      hint.remove();
      wrap.removeAttribute('aria-describedby');
    }
  }

  function updateTables() {
    const wraps = document.querySelectorAll('.md-typeset__scrollwrap');
    for (const wrap of wraps) {
      const overflows = wrap.scrollWidth > wrap.clientWidth;
      if (overflows) {
        wrap.setAttribute('tabindex', '0');
        wrap.setAttribute('role', 'region');
        wrap.setAttribute('aria-label', tableName(wrap));
      } else if (wrap.hasAttribute('tabindex')) {
        wrap.removeAttribute('tabindex');
        wrap.removeAttribute('role');
        wrap.removeAttribute('aria-label');
      }
      setHint(wrap, overflows);
    }
  }

  let pending = 0;
  window.addEventListener('resize', () => {
    window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(updateTables);
  });
  // Material wraps the tables when it mounts a page; document$ announces that (also after instant navigation).
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(() => {
      window.requestAnimationFrame(updateTables);
    });
  } else {
    window.addEventListener('load', updateTables);
  }
})();
