"""Sharing and ways on (issue 28): every card page has "Kopiera länk" (with a field to copy from where the
clipboard is refused) and "Skriv ut"; the 404 page is Swedish, with a search and the main ways in."""

from __future__ import annotations

import pytest

from site_pages import axe_violations
from support import serve_directory

CARD_PAGES = ["metoder/deep-talk/", "labb/lina-hage-sodertalje/", "projekt/nattidrott/", "lardomar/fokus-brottslighet/"]
WIDTHS = [375, 1280]
# Where the clipboard is refused: writeText rejects, as it does without permission or outside a secure page.
REFUSED = "navigator.clipboard.writeText = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));"
COUNT_PRINTS = "window.__prints = 0; window.print = () => { window.__prints += 1; };"


def canonical(page) -> str:
    return page.evaluate("() => document.querySelector('link[rel=canonical]').href")


def card_page(browser, site_url, path, width, init_script=None, permissions=()):
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
    context.grant_permissions(list(permissions), origin=site_url.rstrip("/"))
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + path)
    return context, page, errors


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", CARD_PAGES)
def test_every_card_type_copies_its_link_and_prints(browser, site_url, path, width):
    context, page, errors = card_page(
        browser, site_url, path, width, COUNT_PRINTS, ("clipboard-read", "clipboard-write")
    )
    try:
        bar = page.get_by_role("group", name="Dela kortet")
        copy = bar.get_by_role("button", name="Kopiera länk")
        assert copy.is_visible() and bar.get_by_role("button", name="Skriv ut").is_visible()
        # Right under the title, before the card's summary.
        assert page.evaluate("() => document.querySelector('h1').nextElementSibling.classList.contains('mb-share')")
        copy.click()
        page.get_by_role("status").filter(has_text="Länken till kortet är kopierad.").wait_for()
        # The card's public address (its canonical link), whichever address it was read at.
        assert page.evaluate("() => navigator.clipboard.readText()") == canonical(page)
        assert canonical(page).endswith("/metodbanken/" + path)
        bar.get_by_role("button", name="Skriv ut").click()
        assert page.evaluate("() => window.__prints") == 1
        assert axe_violations(page) == []
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_where_the_clipboard_is_refused_the_address_is_shown_selected(browser, site_url, width):
    context, page, errors = card_page(browser, site_url, "metoder/deep-talk/", width, REFUSED)
    try:
        page.get_by_role("button", name="Kopiera länk").click()
        field = page.get_by_label("Kortets adress")
        field.wait_for()
        assert field.input_value() == canonical(page)
        selected = "() => document.activeElement.selectionEnd - document.activeElement.selectionStart"
        assert page.evaluate(selected) == len(canonical(page))
        assert "Ctrl+C" in page.get_by_role("status").inner_text()
        assert axe_violations(page) == []
        assert errors == []
    finally:
        context.close()


def test_pages_that_are_not_cards_have_no_share_buttons(page, site_url):
    for path in ("", "metoder/", "hitta/", "malgrupper/unga/"):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        assert page.locator(".mb-share").count() == 0, path


def test_the_share_buttons_are_not_printed(page, site_url):
    page.goto(site_url + "metoder/deep-talk/")
    page.locator(".mb-share").wait_for()
    page.emulate_media(media="print")
    assert not page.locator(".mb-share").is_visible()


@pytest.fixture(scope="module")
def site_at_its_path(real_site, tmp_path_factory):
    """The real site served under /metodbanken/, as GitHub Pages serves it: the 404 page is served at any depth, so
    its links and styles are absolute from the site's path."""
    root = tmp_path_factory.mktemp("pages")
    (root / "metodbanken").symlink_to(real_site, target_is_directory=True)
    url, server = serve_directory(root)
    yield url + "metodbanken/"
    server.shutdown()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_404_page_is_swedish_with_a_search_and_ways_in(browser, site_at_its_path, width):
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(site_at_its_path + "404.html")
        assert page.title().startswith("Sidan finns inte")
        assert page.locator("h1").inner_text() == "Sidan finns inte"
        assert "Not found" not in page.content()
        for name in ("Startsidan", "Hitta metod", "Utmaningar", "Alla metoder", "Bidra med ett kort"):
            href = page.get_by_role("link", name=name, exact=True).last.evaluate("a => a.href")
            assert href.startswith(site_at_its_path) and page.request.get(href).ok, name
        assert axe_violations(page) == []
        search = page.get_by_label("Sök metoder, labb, projekt och lärdomar")
        search.fill("ungdomar")
        search.press("Enter")
        page.wait_for_url("**/metodbanken/hitta/?sok=ungdomar")
        page.locator("#mb-finder input[type=search]").wait_for()
        assert page.locator("#mb-finder input[type=search]").input_value() == "ungdomar"
    finally:
        context.close()
