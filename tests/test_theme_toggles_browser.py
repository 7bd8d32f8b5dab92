"""Material's toggles after the overrides that make the HTML valid (overrides/base.html, partials/toc.html): the
drawer opens and closes on a phone, its table of contents still folds out on a page in the navigation, and back to
top still appears on a long page."""

from __future__ import annotations

import pytest

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="sv-SE", viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def drawer_is_open(page) -> bool:
    return page.evaluate("""() => {
      const drawer = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
      return document.getElementById('__drawer').checked && drawer.right > 0 && drawer.left < innerWidth;
    }""")


def test_the_drawer_opens_and_closes_on_a_phone(site_url, phone):
    page = phone
    page.goto(site_url + "metoder/deep-talk/")
    menu = page.locator("label.md-header__button[for='__drawer']")
    assert not drawer_is_open(page)
    menu.click()
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    page.locator(".md-sidebar--primary .md-nav__link").first.wait_for(state="visible")
    assert drawer_is_open(page)
    # The overlay beside the open drawer closes it, as the drawer's own title does.
    page.locator("label.md-overlay").click(position={"x": 360, "y": 400})
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    menu.click()
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    page.locator(".md-sidebar--primary label.md-nav__title[for='__drawer']").click()
    page.wait_for_function("() => !document.getElementById('__drawer').checked")


def test_the_table_of_contents_still_folds_out_in_the_drawer(site_url, phone):
    """On a page in the navigation Material draws the checkbox __toc, and the title still toggles it."""
    page = phone
    page.goto(site_url + "om/")
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    toc_link = page.locator(".md-sidebar--primary label.md-nav__link[for='__toc']")
    toc_link.wait_for(state="visible")
    toc_link.click()
    page.wait_for_function("() => document.getElementById('__toc').checked")
    assert page.locator(".md-sidebar--primary nav.md-nav--secondary .md-nav__link").first.is_visible()


def test_a_card_page_shows_its_contents_title_as_text(site_url, page):
    """Card pages are not in the navigation: no __toc box, so the contents title is a span, not a broken label."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "metoder/deep-talk/")
    title = page.locator(".md-sidebar--secondary .md-nav__title")
    assert title.evaluate("e => e.tagName") == "SPAN"
    assert title.is_visible() and "Innehåll" in title.inner_text()
    assert page.locator("#__toc").count() == 0


def test_back_to_top_still_appears_on_a_long_page(site_url, page):
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(site_url + "metoder/deep-talk/")
    page.mouse.wheel(0, 3000)
    page.wait_for_function("() => scrollY > 1000")
    page.mouse.wheel(0, -300)
    page.locator(".md-top").wait_for(state="visible")
