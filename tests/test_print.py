"""Method cards on paper: printed to A4 PDFs by Chromium, each card within two pages, the booklet one method a page."""

import json
import re

import pytest

SITE_URL = "https://metodbanken.github.io/metodbanken/"
# Chromium writes one page object per page; "/Type /Pages" (the page tree) does not match.
PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b")
HIDDEN_IN_PRINT = [
    ".md-header",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-content__button",
    ".mb-compare-link",
    ".mb-tried-link",
    ".md-search",
    ".headerlink",
]
SHOWN_IN_PRINT = ["h1", ".mb-summary", ".mb-facts", "#sa-gor-ni", "#framgangsfaktorer", "#kallor", ".mb-print-url"]


def pdf_pages(page) -> int:
    return len(PAGE_OBJECT.findall(page.pdf(format="A4")))


@pytest.fixture(scope="module")
def methods(real_site):
    cards = json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]
    return [c for c in cards if c["type"] == "method"]


def test_every_method_card_prints_on_at_most_two_a4_pages(page, site_url, methods):
    counts = {}
    for method in methods:
        page.goto(site_url + method["url"])
        counts[method["id"]] = pdf_pages(page)
    assert all(1 <= n <= 2 for n in counts.values()), counts


def test_print_shows_the_card_and_its_address_and_nothing_around_it(page, site_url):
    page.goto(site_url + "metoder/deep-talk/")
    assert not page.locator(".mb-print-url").is_visible()  # on screen the address bar says it
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        locator = page.locator(selector)
        assert all(not locator.nth(i).is_visible() for i in range(locator.count())), selector
    for selector in SHOWN_IN_PRINT:
        assert page.locator(selector).first.is_visible(), selector
    assert page.locator(".mb-print-url").inner_text() == f"Sidans adress: {SITE_URL}metoder/deep-talk/"


def test_the_booklet_has_every_method_each_from_a_new_page(page, site_url, real_site, methods):
    listing = (real_site / "metoder" / "index.html").read_text(encoding="utf-8")
    assert 'href="hafte/"' in listing
    page.goto(site_url + "metoder/hafte/")
    sections = page.locator("section.mb-booklet-method")
    assert sections.count() == len(methods)
    titles = {m["title"] for m in methods}
    assert {sections.nth(i).locator("h2").inner_text().strip(" ¶") for i in range(sections.count())} == titles
    for i in range(sections.count()):
        section = sections.nth(i)
        for heading in ("I korthet", "Syfte", "Så gör ni", "Vem driver", "Bostadsbolagets roll"):
            assert section.locator("h3", has_text=heading).count() == 1, heading
        assert section.locator(".mb-decision").count() == 1
        assert section.locator(".mb-badges").count() == 1
    pages = pdf_pages(page)
    assert pages >= len(methods) + 1  # the contents, then one or more pages per method
    assert pages >= len(methods) / 2


def test_badge_line_and_decision_box_span_both_columns_on_paper(page, site_url, methods):
    page.goto(site_url + methods[0]["url"])
    page.emulate_media(media="print")
    for selector in (".mb-badges", ".mb-decision"):
        style = page.locator(selector).first.evaluate(
            "e => [getComputedStyle(e).columnSpan, getComputedStyle(e).breakInside]"
        )
        assert style == ["all", "avoid"], selector
    assert page.locator(".mb-decision").is_visible()


def test_every_method_in_the_booklet_fits_on_at_most_two_a4_pages(page, site_url, methods):
    """Each method printed on its own (the others hidden) from the booklet page, with its own stylesheet."""
    page.goto(site_url + "metoder/hafte/")
    ids = page.eval_on_selector_all("section.mb-booklet-method", "els => els.map(e => e.querySelector('h2').id)")
    assert len(ids) == len(methods)
    counts = {}
    for method_id in ids:
        # Only this method; without its page break before, which would add an empty first page when alone.
        page.evaluate(
            """id => {
          document.querySelectorAll('.md-content__inner > *').forEach(e => { e.style.display = 'none'; });
          const section = document.getElementById(id).closest('section');
          section.style.display = '';
          section.style.breakBefore = 'auto';
        }""",
            method_id,
        )
        counts[method_id] = pdf_pages(page)
    assert all(1 <= n <= 2 for n in counts.values()), counts
