// Small accessibility additions to Material's layout, each checked by tests/test_accessibility.py or test_mobile.py.
(function () {
  var narrow = window.matchMedia("(max-width: 76.234375em)");

  // Material's search is a dialog without a name; screen readers announce it by this one.
  var search = document.querySelector(".md-search[role='dialog']");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Sök på webbplatsen");

  // Material's menu is a drawer that slides in from its menu icon, which a keyboard cannot reach, yet Tab still
  // walks through the menu's links while they sit off screen. Open the drawer while focus is inside it.
  var drawer = document.getElementById("__drawer");
  if (drawer) {
    document.addEventListener("focusin", function (event) {
      if (!narrow.matches) return;
      var inMenu = Boolean(event.target.closest && event.target.closest(".md-sidebar--primary"));
      if (drawer.checked !== inMenu) drawer.checked = inMenu;
    });
  }

  // A table wider than the screen scrolls inside its own box; only a focusable box can be scrolled with the
  // keyboard. Make the boxes that overflow focusable, named after the heading above the table.
  function tableName(wrap) {
    for (var node = wrap.closest(".md-typeset__table") || wrap; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return "Tabell: " + node.textContent.replace(/\s*¶\s*$/, "").trim();
    }
    return "Tabell";
  }

  function updateTables() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", tableName(wrap));
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  }

  var pending = 0;
  window.addEventListener("resize", function () {
    window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(updateTables);
  });
  // Material wraps the tables when it mounts a page; document$ announces that (also after instant navigation).
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { window.requestAnimationFrame(updateTables); });
  } else {
    window.addEventListener("load", updateTables);
  }
})();
