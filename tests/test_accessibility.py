"""Accessibility in a real browser: axe-core's WCAG 2.0/2.1 A and AA rules on every page at desktop and phone
width (recorded by the sweep in site_pages.py), in the finder's states, plus keyboard use.

axe-core comes bundled with axe-playwright-python and is injected into the page from disk; nothing is fetched.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from site_pages import (
    AUDIT_WIDTHS,
    FINDER,
    PAGE_TYPES,
    axe_violations,
    finder_status,
    has_finder,
    open_page,
    page_path,
    settle,
    wait_for_finder,
    wait_for_status_change,
)


@pytest.mark.parametrize("width", AUDIT_WIDTHS)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_has_no_wcag_a_or_aa_violations(name, width, sweep):
    visit = sweep.page_type(name, width)
    assert visit.violations == [], visit.path


@pytest.mark.parametrize("width", AUDIT_WIDTHS)
def test_every_other_page_has_no_wcag_a_or_aa_violations(width, sweep):
    assert "tillganglighet/" not in sweep.other_pages and "metoder/deep-talk/" not in sweep.other_pages
    found = {path: visit.violations for path, visit in sweep.other_pages_at(width).items() if visit.violations}
    assert found == {}


def test_finder_after_a_search_and_a_filter_has_no_violations(real_site, site_url, page):
    if not has_finder(real_site):
        pytest.skip("docs/hitta.md finns inte ännu")
    page.goto(site_url + "hitta/")
    wait_for_finder(page)
    before = finder_status(page)
    page.fill(f"{FINDER} input[type=search]", "ungdomar")
    after_search = wait_for_status_change(page, before)
    assert axe_violations(page) == []
    page.locator(f"{FINDER} input[type=checkbox]").first.check()
    after_filter = wait_for_status_change(page, after_search)
    assert axe_violations(page) == []
    # A search that finds nothing shows the empty state, which must be accessible too.
    page.fill(f"{FINDER} input[type=search]", "qqxxzz")
    wait_for_status_change(page, after_filter)
    assert axe_violations(page) == []


def test_every_dialog_has_a_name(real_site, site_url, page):
    # axe files this under best practice, Lighthouse counts it. Material's search dialog, which came without
    # a name, is gone (the header box is a form to the finder); any dialog added later needs a name.
    open_page(page, site_url, real_site, "start")
    dialogs = page.evaluate("""[...document.querySelectorAll('[role=dialog], [role=alertdialog], dialog')]
        .map(d => d.getAttribute('aria-label') || d.getAttribute('aria-labelledby') || '')""")
    assert all(dialogs), dialogs


FOCUSED = """() => { const e = document.activeElement; const s = getComputedStyle(e); const r = e.getBoundingClientRect();
  return {tag: e.tagName, cls: e.className, text: (e.textContent || '').trim(), href: e.getAttribute('href'),
          outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), shadow: s.boxShadow,
          width: r.width, height: r.height, top: r.top, left: r.left, right: r.right, bottom: r.bottom,
          inContent: Boolean(e.closest('.md-content'))}; }"""


def press_tab(page) -> dict:
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)


def test_skip_link_is_first_tab_stop_and_moves_to_the_content(real_site, site_url, page):
    path = page_path(real_site, "metod")
    page.goto(site_url + path)
    first = press_tab(page)
    assert first["tag"] == "A" and "md-skip" in first["cls"], first
    assert first["text"] == "Gå till innehållet"  # Material's Swedish wording of "skip to content"
    settle(page)  # the link slides into view
    shown = page.evaluate(FOCUSED)
    assert shown["width"] > 0 and shown["height"] > 0 and shown["top"] >= 0 and shown["left"] >= 0, shown
    target = first["href"]
    assert target.startswith("#") and page.locator(f"[id='{target[1:]}']").count() == 1
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == target
    heading_top = page.evaluate(f"document.getElementById('{target[1:]}').getBoundingClientRect().top")
    assert 0 <= heading_top < page.viewport_size["height"] / 2
    # The next Tab continues inside the page's content, past the header and the navigation.
    after = press_tab(page)
    assert after["inContent"], after


ON_SCREEN = """vp => { const r = document.activeElement.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.right > 0 && r.left < vp.width; }"""


def on_screen(focused: dict, viewport: dict) -> bool:
    return (
        focused["width"] > 0 and focused["height"] > 0 and focused["right"] > 0 and focused["left"] < viewport["width"]
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_every_tab_stop_shows_visible_focus(real_site, site_url, browser, width):
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(site_url + page_path(real_site, "metod"))
        viewport = page.viewport_size
        seen_links = 0
        for _ in range(60):  # header, menu, table of contents and well into the card's own links
            focused = press_tab(page)
            if focused["tag"] == "BODY":
                break
            if not on_screen(focused, viewport):
                # The skip link, the search and the mobile menu slide in; give them time to arrive.
                try:
                    page.wait_for_function(ON_SCREEN, arg=viewport, timeout=2000)
                except PlaywrightTimeout:
                    pass  # reported below
                focused = page.evaluate(FOCUSED)
            where = f"{focused['tag']} {focused['cls']!r} {focused['text'][:40]!r}"
            if focused["tag"] == "A":
                seen_links += 1
                assert (focused["outline"] != "none" and focused["outlineWidth"] > 0) or focused["shadow"] != "none", (
                    f"ingen synlig fokusmarkering: {where}"
                )
            # A focus ring on something zero-sized or off screen is not visible focus either.
            assert focused["width"] > 0 and focused["height"] > 0, f"fokus på osynligt element: {where}"
            assert focused["right"] > 0 and focused["left"] < viewport["width"], f"fokus utanför skärmen: {where}"
        assert seen_links >= 10
    finally:
        context.close()


def test_finder_works_with_the_keyboard_alone(real_site, site_url, page):
    if not has_finder(real_site):
        pytest.skip("docs/hitta.md finns inte ännu")
    page.goto(site_url + "hitta/")
    wait_for_finder(page)

    def tab_until(test: str, limit: int = 80) -> dict:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => {{ const e = document.activeElement; return Boolean({test}); }}"):
                return page.evaluate(FOCUSED)
        raise AssertionError(f"nådde aldrig {test} med Tab")

    tab_until(f"e.matches('{FINDER} input[type=search]')")
    before = finder_status(page)
    page.keyboard.type("ungdomar")
    after_search = wait_for_status_change(page, before)
    tab_until(f"e.matches('{FINDER} input[type=checkbox]')")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    after_filter = wait_for_status_change(page, after_search)
    assert after_filter != after_search
    focused = tab_until(
        f"e.matches('{FINDER} a[href]') && /\\/(metoder|labb|projekt|lardomar)\\/[^/]+\\/$/.test(e.href)"
    )
    href = page.evaluate("document.activeElement.href")
    assert focused["outline"] != "none" or focused["shadow"] != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(href)
