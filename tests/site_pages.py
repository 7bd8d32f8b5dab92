"""Support module for the browser tests: the page types the quality tests visit (accessibility, privacy, mobile),
chosen from the built site; the sweep that loads each of them once per width and records what those tests check
(axe, requests, sideways scrolling, storage); and the finder page's helpers.

One page stands for each kind a visitor meets. For card pages the fullest card of each type is chosen from
data/cards.json (most front matter and text), so tables, long lists and fact boxes are all on the pages tested.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from support import REPO, made_once

CARD_PAGES = {"metod": "method", "labb": "lab", "projekt": "project", "lardom": "lesson"}
FIXED_PAGES = {
    "start": "",
    "lista-metoder": "metoder/",
    "lista-labb": "labb/",
    "lista-projekt": "projekt/",
    "lista-lardomar": "lardomar/",
    "fokusomraden": "fokusomraden/",
    "malgrupper": "malgrupper/",
    "utmaningar": "utmaningar/",
    "om": "om/",
    "tillganglighet": "tillganglighet/",
}
# Pages written by hand in docs/ by other parts of the project: tested as soon as their file exists.
DOCS_PAGES = {
    "hitta": ("hitta.md", "hitta/"),
    "bidra": ("bidra.md", "bidra/"),
    "foresla-metod": ("foresla-metod.md", "foresla-metod/"),
    "foresla-projekt": ("foresla-projekt.md", "foresla-projekt/"),
    "foresla-labb": ("foresla-labb.md", "foresla-labb/"),
    "provat": ("provat.md", "provat/"),
}
FORM = "#mb-form"
PAGE_TYPES = [
    *FIXED_PAGES.keys(),
    *CARD_PAGES.keys(),
    "fokusomrade",
    "malgrupp",
    "utmaning",
    "jamfor",
    *DOCS_PAGES.keys(),
]

FINDER = "#mb-finder"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = None


# Transitions and animations that end (not a spinner): axe judges colours as they are in the middle of a fade, so
# the back-to-top button fading in over white fails contrast while it is half there.
SETTLED = """() => document.getAnimations().every(a => a.playState !== 'running'
  || a.effect.getComputedTiming().endTime === Infinity)"""


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page once its transitions have ended, one line each."""
    page.wait_for_function(SETTLED)
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(str(n['target']) for n in v['nodes'][:5])}"
        for v in results
    ]


def _fullest_card(cards: list[dict], card_type: str) -> dict:
    of_type = [c for c in cards if c["type"] == card_type]
    assert of_type, f"inget kort av typen {card_type} i data/cards.json"
    return max(of_type, key=lambda c: (len(json.dumps(c, ensure_ascii=False)), c["id"]))


def _busiest_term(cards: list[dict], group: str, site: Path | None = None) -> str:
    """The term on most cards; for a group no card uses yet, its first term in the taxonomy."""
    counts: dict[str, int] = {}
    for card in cards:
        for term in card.get(group) or []:
            counts[term] = counts.get(term, 0) + 1
    if not counts and site is not None:
        return json.loads((site / "data" / "taxonomy.json").read_text(encoding="utf-8"))["taxonomy"][group][0]["id"]
    return max(sorted(counts), key=counts.get)


def page_path(site: Path, name: str) -> str:
    """Site-relative URL of page type `name`; skips the test while a hand-written page does not exist yet."""
    if name in FIXED_PAGES:
        return FIXED_PAGES[name]
    if name in DOCS_PAGES:
        source, url = DOCS_PAGES[name]
        if not (REPO / "docs" / source).exists():
            pytest.skip(f"docs/{source} finns inte ännu")
        assert (site / url / "index.html").exists(), f"docs/{source} finns men {url} byggdes inte"
        return url
    cards = json.loads((site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]
    if name in CARD_PAGES:
        return _fullest_card(cards, CARD_PAGES[name])["url"]
    if name == "fokusomrade":
        return f"fokusomraden/{_busiest_term(cards, 'focus_areas')}/"
    if name == "malgrupp":
        return f"malgrupper/{_busiest_term(cards, 'target_groups')}/"
    if name == "jamfor":  # the comparison with its table (on phones: blocks) of the first two methods
        return "jamfor/?m=" + ",".join(sorted(c["id"] for c in cards if c["type"] == "method")[:2])
    if name == "utmaning":
        return f"utmaningar/{_busiest_term(cards, 'challenges', site)}/"
    raise KeyError(name)


def has_finder(site: Path) -> bool:
    """Whether the finder page is part of the project yet; if it is, it must also be in the built `site`."""
    source, url = DOCS_PAGES["hitta"]
    if not (REPO / "docs" / source).exists():
        return False
    assert (site / url / "index.html").exists(), f"docs/{source} finns men {url} byggdes inte"
    return True


def other_pages(site: Path) -> list[str]:
    """Every other page of the built site: hand-written pages in docs/ and generated overviews (map, booklet, …).

    Card pages and focus-area, target-group and challenge pages are left out: one of each kind stands for all.
    """
    cards = json.loads((site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]
    skip = {c["url"] for c in cards} | {page_path(site, name) for name in PAGE_TYPES if name not in DOCS_PAGES}
    skip |= {url for _, url in DOCS_PAGES.values()}
    found = []
    for html in sorted(site.rglob("index.html")):
        url = html.parent.relative_to(site).as_posix() + "/"
        url = "" if url == "./" else url
        term_page = url.count("/") == 2 and url.startswith(("fokusomraden/", "malgrupper/", "utmaningar/"))
        if url not in skip and not term_page and not url.startswith(("assets/", "search/")):
            found.append(url)
    return found


# Wide tables (docs/javascripts/tillganglighet.js) and code blocks (Material) become focusable scroll boxes once
# the page has loaded; checks must wait for that.
SCROLL_BOXES_READY = """() => [...document.querySelectorAll('.md-typeset__scrollwrap, pre > code')]
  .every(w => w.scrollWidth <= w.clientWidth || w.getAttribute('tabindex') === '0')"""


def open_page(page, site_url: str, site: Path, name: str) -> str:
    """Go to page type `name` and wait until its scripts have finished setting it up; returns its URL path."""
    path = page_path(site, name)
    page.goto(site_url + path)
    wait_until_set_up(page, name)
    return path


def wait_until_set_up(page, name: str | None) -> None:
    """Wait for the scripts of page type `name` (None: any other page) to finish setting the page up."""
    if name == "hitta":
        wait_for_finder(page)
    if name and (name.startswith("foresla") or name == "provat"):
        page.wait_for_selector(f"{FORM}[data-ready], {FORM} select")  # built from data/form.json after load
    if name == "jamfor":
        page.wait_for_selector(".mb-compare-result section", state="attached")
    page.wait_for_function(SCROLL_BOXES_READY)


# --- The sweep: every page the quality tests check, loaded once per width ------------------------------------

# Viewport widths (and heights) each page is loaded at: a desktop, a phone and 1 280 px zoomed to 400 % (WCAG
# 1.4.10 Omflöde). Sideways scrolling is measured at each; at the first two axe runs and the requests and storage
# are recorded once the network is idle. The phone has mouse and keyboard, as on a desktop zoomed in (on touch
# screens without a mouse Material deliberately leaves wide code blocks unfocusable; see the accessibility
# statement); test_mobile.py checks a touch screen of its own.
VIEWPORTS = {1280: 720, 375: 812, 320: 800}
WIDTHS = list(VIEWPORTS)
AUDIT_WIDTHS = [1280, 375]

# How wide the page is, and the first elements that stick out to the right (scroll boxes, the sidebars and the
# search slide in from outside and are left out).
SIDEWAYS = """() => { const d = document.documentElement;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > d.clientWidth + 1 && !e.closest('.md-typeset__scrollwrap, .md-sidebar, .md-search');
  }).slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
  const name = e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '');
  // A box that scrolls sideways without the line above it that says so (tillganglighet.js).
  const unhinted = [...document.querySelectorAll('.md-typeset__scrollwrap')].filter(w => w.scrollWidth > w.clientWidth
    && !(w.previousElementSibling && w.previousElementSibling.classList.contains('mb-scroll-hint'))).map(name);
  // Text cut off: content wider than a box that hides what sticks out, outside the theme's header and menus (whose
  // titles end in an ellipsis on purpose).
  const clipped = [...document.querySelectorAll('.md-content *')].filter(e => {
    const style = getComputedStyle(e);
    return ['hidden', 'clip'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1
      && e.textContent.trim() && style.textOverflow !== 'ellipsis' && e.getBoundingClientRect().width > 1
      && !e.classList.contains('mb-visually-hidden');
  }).slice(0, 3).map(name);
  return {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, wide, unhinted, clipped}; }"""

STORAGE = (
    """() => ({local: Object.keys(localStorage), session: Object.keys(sessionStorage), cookie: document.cookie})"""
)


def foreign_requests(urls: list[str], site_url: str) -> list[str]:
    """The requests that went anywhere but the local test server at `site_url`."""
    local = urlsplit(site_url).netloc
    return [
        u
        for u in urls
        if not u.startswith(("data:", "blob:")) and not (urlsplit(u).scheme == "http" and urlsplit(u).netloc == local)
    ]


@dataclasses.dataclass
class PageVisit:
    """One page loaded at one width: what the accessibility, mobile and privacy tests assert on. Outside
    AUDIT_WIDTHS only `overflow` is recorded."""

    path: str
    width: int
    site_url: str  # of the worker that loaded it: each has its own server
    overflow: dict  # SIDEWAYS
    violations: list[str] | None = None  # axe_violations
    requests: list[str] | None = None  # every request of the page, its subresources, fetches and workers
    cookies: list[dict] | None = None
    storage: dict | None = None  # STORAGE

    def scrolls_sideways(self) -> bool:
        return self.overflow["scrollWidth"] > self.overflow["clientWidth"] or bool(self.overflow["wide"])

    def foreign_requests(self) -> list[str]:
        return foreign_requests(self.requests, self.site_url)


def visit_page(browser, site_url: str, path: str, name: str | None, width: int) -> PageVisit:
    """Load `path` in a fresh browser context at `width`, wait for its scripts (page type `name`) and record it."""
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": VIEWPORTS[width]})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    try:
        page.goto(site_url + path)
        wait_until_set_up(page, name)
        seen = PageVisit(path, width, site_url, page.evaluate(SIDEWAYS))
        if width in AUDIT_WIDTHS:
            seen.violations = axe_violations(page)
            page.wait_for_load_state("networkidle")  # whatever the page fetches by itself has been asked for
            seen.requests, seen.cookies, seen.storage = list(requests), context.cookies(), page.evaluate(STORAGE)
        return seen
    finally:
        context.close()


class Sweep:
    """Every page type and every other page at every width in WIDTHS, each loaded once per test run however many
    tests ask about it. The pytest-xdist workers share the records (support.made_once): whichever asks first
    loads the page, the other reads what it saw."""

    def __init__(self, browser, site_url: str, site: Path, tmp_path_factory):
        self.browser, self.site_url, self.site, self.tmp_path_factory = browser, site_url, site, tmp_path_factory
        self.other_pages = other_pages(site)
        self._seen: dict[str, PageVisit] = {}

    def page_type(self, name: str, width: int) -> PageVisit:
        return self._visit(f"type-{name}", page_path(self.site, name), name, width)

    def other_pages_at(self, width: int) -> dict[str, PageVisit]:
        """Every other page at `width`. Pages the other worker is loading right now are taken last, so two tests
        going through the list at the same time share the work instead of one waiting on the other."""
        seen = {path: self._other_page(path, width, wait=False) for path in self.other_pages}
        return {path: visit or self._other_page(path, width) for path, visit in seen.items()}

    def _other_page(self, path: str, width: int, wait: bool = True) -> PageVisit | None:
        return self._visit("page-" + re.sub(r"[^a-z0-9]+", "-", path), path, None, width, wait)

    def _visit(self, key: str, path: str, name: str | None, width: int, wait: bool = True) -> PageVisit | None:
        key = f"visit-{width}-{key}"
        if key not in self._seen:

            def record(folder: Path) -> None:
                try:
                    seen = dataclasses.asdict(visit_page(self.browser, self.site_url, path, name, width))
                except Exception as exc:  # every test of this page reports it, not only the first
                    seen = {"error": f"{path} i bredden {width}: {type(exc).__name__}: {exc}"}
                (folder / "visit.json").write_text(json.dumps(seen), encoding="utf-8")

            folder = made_once(self.tmp_path_factory, key, record, wait)
            if folder is None:
                return None
            seen = json.loads((folder / "visit.json").read_text(encoding="utf-8"))
            if "error" in seen:
                raise AssertionError(seen["error"])
            self._seen[key] = PageVisit(**seen)
        return self._seen[key]


def wait_for_finder(page) -> None:
    """The finder builds its form from data/cards.json after load; wait until it shows a result count."""
    page.wait_for_selector(f"{FINDER} input[type=search]")
    page.wait_for_function(
        "sel => { const s = document.querySelector(sel); return s && s.textContent.trim().length > 0; }",
        arg=f"{FINDER} [aria-live]",
    )


def finder_status(page) -> str:
    return page.locator(f"{FINDER} [aria-live]").first.inner_text().strip()


def wait_for_status_change(page, before: str) -> str:
    page.wait_for_function(
        "([sel, before]) => { const s = document.querySelector(sel); return s && s.textContent.trim() !== before"
        " && s.textContent.trim().length > 0; }",
        arg=[f"{FINDER} [aria-live]", before],
    )
    return finder_status(page)


# The finder page (docs/hitta.md) for the finder's own browser tests.
READY = re.compile(r"^\d+ kort passar")
LOAD_TIMEOUT = 20_000  # ms; a busy test machine can take seconds to load the data file


def wait_for_results(page):
    """The results drawn are those of the query and filters chosen: the page no longer waits for the worker."""
    page.wait_for_selector(".mb-finder__results:not([aria-busy])", state="attached", timeout=LOAD_TIMEOUT)


def open_finder(page, base_url, query=""):
    page.goto(f"{base_url}hitta/{query}")
    wait_for_full_text(page)


def wait_for_full_text(page):
    """The text index and the snippet texts are in, and the search worker has answered the last question: the
    results will not change by themselves any more."""
    page.wait_for_selector("#mb-finder[data-stage=texts]", state="attached", timeout=LOAD_TIMEOUT)
    wait_for_results(page)
    expect(page.locator(".mb-finder__status")).to_have_text(READY, timeout=LOAD_TIMEOUT)


def shown_urls(page, base_url):
    """Site-relative URLs of every result, after loading all pages of results."""
    wait_for_results(page)  # the first results can be drawn before the rest of a page of them
    more = page.locator(".mb-finder__results button", has_text="Visa fler")
    while more.is_visible():
        more.click()
        wait_for_results(page)
    return [
        href.removeprefix(base_url)
        for href in page.locator(".mb-result__title a").evaluate_all("links => links.map(a => a.href)")
    ]


# --- Waiting for the page to be still, instead of a fixed time ------------------------------------------------

# Layout shifts as Chromium reports them, from the start of the page (add_init_script(f"({SHIFTS})()")): each
# [startTime, value] in window.__shifts; the observer is kept so that `settle` can take entries not delivered yet,
# and `settle` waits for the finder's first results ('mb-finder-drawn') on a page watched from its start.
SHIFTS = """() => {
  window.__finderDrawn = false;
  document.addEventListener('mb-finder-drawn', () => { window.__finderDrawn = true; }, { once: true });
  window.__shifts = [];
  window.__shiftObserver = new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) window.__shifts.push([shift.startTime, shift.value]);
  });
  window.__shiftObserver.observe({type: 'layout-shift', buffered: true});
}"""

# Resolves once the page has loaded, the finder on it has drawn (if SHIFTS watches the page), and then two frames in a row passed with the
# scroll position unchanged, no layout shift and no transition or finite animation running. Each frame waited for
# is a requestAnimationFrame, so a busy machine only makes it later, never early.
SETTLE = """async () => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  if (document.readyState !== 'complete') {
    await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  }
  if (window.__finderDrawn === false && document.getElementById('mb-finder')) {
    await new Promise((resolve) => document.addEventListener('mb-finder-drawn', resolve, { once: true }));
  }
  const moving = () => document.getAnimations().some((a) => a.playState === 'running'
    && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  const shifts = () => {
    if (window.__shiftObserver) {
      for (const e of window.__shiftObserver.takeRecords()) window.__shifts.push([e.startTime, e.value]);
    }
    return window.__shifts ? window.__shifts.length : 0;
  };
  let quiet = 0;
  while (quiet < 2) {
    const before = [scrollX, scrollY, shifts()];
    await frame();
    const after = [scrollX, scrollY, shifts()];
    quiet = before.every((v, i) => v === after[i]) && !moving() ? quiet + 1 : 0;
  }
}"""


def settle(page) -> None:
    """Wait until the page is still (SETTLE): loaded, drawn, not scrolling, shifting or animating for two frames."""
    page.evaluate(SETTLE)


def wheel(page, delta_y: int) -> None:
    """Scroll with the mouse wheel and wait until the page has scrolled and come to rest; Playwright's wheel does
    not wait for the scrolling it starts."""
    before = page.evaluate("scrollY")
    page.mouse.wheel(0, delta_y)
    page.wait_for_function("y => scrollY !== y", arg=before, timeout=LOAD_TIMEOUT)
    settle(page)
