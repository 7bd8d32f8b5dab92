"""Support module for the browser tests: the page types the quality tests visit (accessibility, privacy, mobile),
chosen from the built site, axe, and the finder page's helpers.

One page stands for each kind a visitor meets. For card pages the fullest card of each type is chosen from
data/cards.json (most front matter and text), so tables, long lists and fact boxes are all on the pages tested.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from support import REPO

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


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now, one line each."""
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


def available_pages(site: Path) -> list[tuple[str, str]]:
    """(page type, URL) for every page type that exists yet, for tests that visit them all in one go."""
    return [
        (name, page_path(site, name))
        for name in PAGE_TYPES
        if name not in DOCS_PAGES or (REPO / "docs" / DOCS_PAGES[name][0]).exists()
    ]


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
    if name == "hitta":
        wait_for_finder(page)
    if name.startswith("foresla") or name == "provat":
        page.wait_for_selector(f"{FORM}[data-ready], {FORM} select")  # built from data/form.json after load
    if name == "jamfor":
        page.wait_for_selector(".mb-compare-result section", state="attached")
    page.wait_for_function(SCROLL_BOXES_READY)
    return path


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


def open_finder(page, base_url, query=""):
    page.goto(f"{base_url}hitta/{query}")
    wait_for_full_text(page)


def wait_for_full_text(page):
    """The text index and the snippet texts are in: the results will not change by themselves any more."""
    page.wait_for_selector("#mb-finder[data-stage=texts]", state="attached", timeout=LOAD_TIMEOUT)
    expect(page.locator(".mb-finder__status")).to_have_text(READY, timeout=LOAD_TIMEOUT)


def shown_urls(page, base_url):
    """Site-relative URLs of every result, after loading all pages of results."""
    more = page.locator(".mb-finder__results button", has_text="Visa fler")
    while more.is_visible():
        more.click()
    return [
        href.removeprefix(base_url)
        for href in page.locator(".mb-result__title a").evaluate_all("links => links.map(a => a.href)")
    ]
