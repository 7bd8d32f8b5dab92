"""Mobile: at phone width no page scrolls sideways, wide tables stay usable, and the finder's filters work."""

from __future__ import annotations

import pytest

from site_pages import (
    FINDER,
    PAGE_TYPES,
    available_pages,
    axe_violations,
    finder_status,
    has_finder,
    open_page,
    other_pages,
    page_path,
    wait_for_finder,
    wait_for_status_change,
)

PHONE = {"width": 375, "height": 812}

SIDEWAYS = """() => { const d = document.documentElement;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > d.clientWidth + 1 && !e.closest('.md-typeset__scrollwrap, .md-sidebar, .md-search');
  }).slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
  return {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, wide}; }"""

# Wait until docs/javascripts/tillganglighet.js has made every overflowing table box focusable; it runs once
# Material has mounted the page.
TABLES_READY = """() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
  .every(w => w.scrollWidth <= w.clientWidth || w.getAttribute('tabindex') === '0')"""


@pytest.fixture
def phone(browser):
    """A touch screen phone."""
    context = browser.new_context(locale="sv-SE", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield context.new_page()
    context.close()


@pytest.fixture
def narrow(browser):
    """Phone width with mouse and keyboard, as on a desktop zoomed in. (On touch screens without a mouse Material
    deliberately leaves wide code blocks unfocusable; see the accessibility statement.)"""
    context = browser.new_context(locale="sv-SE", viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", [375, 320])  # 320 px is 1 280 px zoomed to 400 % (WCAG 1.4.10 Omflöde)
def test_no_page_scrolls_sideways(real_site, site_url, browser, width):
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        sideways = {}
        for name, _ in available_pages(real_site):
            path = open_page(page, site_url, real_site, name)
            measured = page.evaluate(SIDEWAYS)
            if measured["scrollWidth"] > measured["clientWidth"] or measured["wide"]:
                sideways[path] = measured
        for path in other_pages(real_site):
            page.goto(site_url + path)
            measured = page.evaluate(SIDEWAYS)
            if measured["scrollWidth"] > measured["clientWidth"] or measured["wide"]:
                sideways[path] = measured
        assert sideways == {}
    finally:
        context.close()


def test_wide_tables_scroll_in_their_own_focusable_box(real_site, site_url, phone):
    """Tables may be wider than a phone; then their box scrolls, and it must be reachable by keyboard (2.1.1),
    also on a touch screen, where a keyboard may be connected. Card and project tables are stacked instead."""
    page = phone
    checked = 0
    for path in (page_path(real_site, "labb"), page_path(real_site, "projekt"), "projekt/", "bidra/"):
        page.goto(site_url + path)
        page.wait_for_function(TABLES_READY)
        boxes = page.locator(".md-typeset__scrollwrap[tabindex='0']")
        for i in range(boxes.count()):
            box = boxes.nth(i)
            assert (box.get_attribute("aria-label") or "").startswith("Tabell")
            checked += 1
        if path != "bidra/":  # lab goals, project tables and the project overview: blocks, nothing to scroll
            assert boxes.count() == 0 and page.locator(".mb-stack-table").count() >= 1, path
            assert axe_violations(page) == []  # (bidra/'s code blocks: see the `narrow` fixture)
    assert checked, "bidra/ har inga tabeller som är bredare än mobilskärmen"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_at_phone_width_has_no_wcag_violations(name, real_site, site_url, narrow):
    path = open_page(narrow, site_url, real_site, name)
    assert axe_violations(narrow) == [], path


def test_finder_filters_work_at_phone_width(real_site, site_url, phone):
    if not has_finder(real_site):
        pytest.skip("docs/hitta.md finns inte ännu")
    page = phone
    page.goto(site_url + "hitta/")
    wait_for_finder(page)
    before = finder_status(page)
    # On a phone the filters open in a panel over the results.
    page.get_by_role("button", name="Filter", exact=True).tap()
    label = page.locator(f"{FINDER} label:has(input[type=checkbox])").first
    box = label.locator("input[type=checkbox]")
    label.scroll_into_view_if_needed()
    # A real tap in the middle of the label: the filter must not be covered or pushed off screen.
    box_on_screen = label.bounding_box()
    assert box_on_screen["x"] >= 0 and box_on_screen["x"] + box_on_screen["width"] <= PHONE["width"]
    label.tap()
    assert box.is_checked()
    after = wait_for_status_change(page, before)
    assert "?" in page.url  # the choice is kept in the address, so the filtered view can be shared
    label.tap()
    assert not box.is_checked()
    assert wait_for_status_change(page, after) == before
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
