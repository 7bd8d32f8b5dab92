"""Search relevance in the browser against the built site: every line of search_relevance.tsv must put its
card among the first five results, with the full text loaded; and bad input never breaks the finder."""

import csv
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

TABLE = Path(__file__).with_name("search_relevance.tsv")
TOP = 5
FULL_TEXT = "#mb-finder[data-stage=texts]"
LOAD_TIMEOUT = 20_000


def relevance_table() -> list[dict]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def open_search(page, site_url, text):
    page.goto(f"{site_url}hitta/?sok={quote(text)}")
    page.wait_for_selector(FULL_TEXT, state="attached", timeout=LOAD_TIMEOUT)


def first_urls(page, count=TOP):
    return page.locator(".mb-result__title a").evaluate_all(f"links => links.slice(0, {count}).map(a => a.href)")


def test_the_table_covers_every_kind_of_query():
    rows = relevance_table()
    assert len(rows) >= 40
    assert {r["slag"] for r in rows} == {"ord", "böjning", "sammansättning", "fras", "stavfel", "synonym", "ort"}


def test_every_query_finds_its_card_in_the_top_five(page, site_url, real_site):
    cards = json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]
    url_of = {c["id"]: site_url + c["url"] for c in cards}
    misses = []
    for row in relevance_table():
        open_search(page, site_url, row["fråga"])
        found = first_urls(page)
        if url_of[row["kort"]] not in found:
            misses.append(f"{row['fråga']!r} ({row['slag']}): {row['kort']} saknas bland {found}")
    assert not misses, "\n".join(misses)


def test_a_snippet_marks_the_words_and_names_the_field(page, site_url):
    open_search(page, site_url, "röstkort")
    snippet = page.locator(".mb-result").first.locator(".mb-result__snippet")
    expect(snippet.locator("mark")).to_have_text("röstkort")
    expect(snippet.locator(".mb-result__field")).to_have_text("Så gör ni: ")


def test_every_result_has_a_snippet(page, site_url):
    open_search(page, site_url, "mötesplats för unga")
    results = page.locator(".mb-result")
    assert results.count() > 5
    assert results.evaluate_all("items => items.every(i => i.querySelector('.mb-result__summary'))")


def test_when_no_card_holds_every_word_the_page_says_so(page, site_url):
    # Not "svenska för föräldrar med små barn": Svenska med baby holds every word since a target group's words count.
    open_search(page, site_url, "körsång för pensionärer")
    expect(page.locator(".mb-finder__status")).to_contain_text(
        "Inga kort innehåller alla orden – här är de som innehåller flest"
    )
    assert page.locator(".mb-result").count() > 0


def test_cards_with_every_word_come_first(page, site_url):
    open_search(page, site_url, "nattidrott för ungdomar")
    expect(page.locator(".mb-finder__status")).to_contain_text("med alla orden först, sedan de med flest")
    first = page.locator(".mb-result").first
    expect(first.locator(".mb-result__missing")).to_have_count(0)
    expect(page.locator(".mb-result__missing").first).to_have_text("Innehåller 1 av 2 ord.")


@pytest.mark.parametrize(
    "text",
    [
        "+ungdomar -unga ~läxhjälp ^2 title:föreningar *",
        "ungdomar" * 125,
        "och för att i på med",
        "😀🏠 mötesplats 👩‍👧",
        '"sommarjobb för unga',
        "’läxhjälp”",
        "<img src=x onerror=alert(1)>",
        "   ",
    ],
)
def test_bad_input_gives_a_sensible_answer(page, site_url, text):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_search(page, site_url, text)
    status = page.locator(".mb-finder__status")
    expect(status).to_have_text(re.compile(r"^\d+ kort passar"))
    assert errors == []
    assert page.locator("img[src=x]").count() == 0


def test_stop_words_only_shows_every_card_and_says_why(page, site_url):
    open_search(page, site_url, "och för att")
    expect(page.locator(".mb-finder__status")).to_contain_text("Sökorden är så vanliga")


def test_the_header_box_leads_to_the_finder_from_a_card_page(browser, site_url):
    for width in (375, 1280):
        context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
        page = context.new_page()
        requested = []
        page.on("request", lambda request, requested=requested: requested.append(request.url))
        page.goto(f"{site_url}metoder/deep-talk/")
        page.wait_for_load_state("networkidle")
        assert not [u for u in requested if "search" in u.rsplit("/", 1)[-1] or u.endswith(".json")], requested
        box = page.get_by_role("searchbox", name="Sök metoder och exempel")
        expect(box).to_be_visible()
        box.fill("läxhjälp")
        box.press("Enter")
        page.wait_for_url("**/hitta/?sok=l%C3%A4xhj%C3%A4lp")
        expect(page.locator(".mb-finder__status")).to_have_text(re.compile(r"^\d+ kort passar"), timeout=LOAD_TIMEOUT)
        context.close()


def test_without_javascript_the_header_box_is_a_form_to_the_finder(browser, site_url):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{site_url}om/")
    page.get_by_role("searchbox", name="Sök metoder och exempel").fill("ungdomar")
    page.get_by_role("searchbox", name="Sök metoder och exempel").press("Enter")
    page.wait_for_url("**/hitta/?sok=ungdomar")
    expect(page.locator("#mb-finder")).to_contain_text("behöver JavaScript")
    context.close()


def test_no_material_search_index_is_built(real_site):
    assert not (real_site / "search").exists()


def test_phone_finder_with_snippets_and_the_filter_panel_has_no_violations(browser, site_url):
    from site_pages import axe_violations

    context = browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 667})
    page = context.new_page()
    open_search(page, site_url, "sommarjobb för unga")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Filter", exact=True).click()
    assert axe_violations(page) == []
    context.close()


def test_headline_results_come_first_and_the_full_text_updates_them_in_place(page, site_url):
    release = []

    def hold(route):
        release.append(route)

    page.route("**/data/search-text-index.json", hold)
    page.goto(f"{site_url}hitta/?sok=r%C3%B6stkort")
    status = page.locator(".mb-finder__status")
    expect(status).to_contain_text("hela texten läses in", timeout=LOAD_TIMEOUT)  # a word of the steps only
    box = page.get_by_label("Sökord")
    box.focus()
    page.wait_for_function("() => document.querySelector('#mb-finder').dataset.stage === 'headline'")
    while not release:
        page.wait_for_timeout(50)
    release[0].continue_()
    page.wait_for_selector(FULL_TEXT, state="attached", timeout=LOAD_TIMEOUT)
    expect(page.locator(".mb-result__title a").first).to_have_text("Deep Talk")
    expect(status).not_to_contain_text("läses in")
    assert page.evaluate("document.activeElement.id") == "mb-finder-q"
