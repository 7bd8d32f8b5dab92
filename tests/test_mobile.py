"""Mobile: no page scrolls sideways at phone width, zoomed in or on a desktop (recorded by the sweep in site_pages.py),
wide tables stay usable on a touch screen, and the finder's filters work."""

from __future__ import annotations

import pytest

from site_pages import (
    FINDER,
    PAGE_TYPES,
    WIDTHS,
    axe_violations,
    finder_status,
    has_finder,
    page_path,
    wait_for_finder,
    wait_for_status_change,
)

PHONE = {"width": 375, "height": 812}

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


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_does_not_scroll_sideways(name, width, sweep):
    visit = sweep.page_type(name, width)
    assert not visit.scrolls_sideways(), (visit.path, visit.overflow)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_other_page_scrolls_sideways(width, sweep):
    sideways = {path: visit.overflow for path, visit in sweep.other_pages_at(width).items() if visit.scrolls_sideways()}
    assert sideways == {}


def _cut_off(visit) -> dict:
    return {key: visit.overflow[key] for key in ("unhinted", "clipped") if visit.overflow[key]}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_cuts_off_no_text_and_says_where_a_table_scrolls(name, width, sweep):
    """Nothing is cut off on a phone: a table wider than the screen has a line above it saying it scrolls sideways,
    and no box hides text that does not fit."""
    visit = sweep.page_type(name, width)
    assert _cut_off(visit) == {}, visit.path


@pytest.mark.parametrize("width", WIDTHS)
def test_no_other_page_cuts_off_text_or_hides_that_a_table_scrolls(width, sweep):
    found = {path: _cut_off(visit) for path, visit in sweep.other_pages_at(width).items() if _cut_off(visit)}
    assert found == {}


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
            # The line above it says that it scrolls, for the eye and (aria-describedby) for a screen reader.
            hint = page.locator(f"#{box.get_attribute('aria-describedby')}")
            assert hint.is_visible() and "i sidled" in hint.inner_text()
            checked += 1
        if path != "bidra/":  # lab goals, project tables and the project overview: blocks, nothing to scroll
            assert boxes.count() == 0 and page.locator(".mb-stack-table").count() >= 1, path
            assert axe_violations(page) == []  # (bidra/'s code blocks: see site_pages.VIEWPORTS)
    assert checked, "bidra/ har inga tabeller som är bredare än mobilskärmen"
    # Wide enough for the tables, the lines go away again.
    page.set_viewport_size({"width": 1600, "height": 900})
    page.wait_for_function("() => !document.querySelector('.mb-scroll-hint')")


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
