"""Search relevance in the browser against the built site: every line of search_relevance.tsv must put its
card among the first five results, and every need of search_problems.tsv its cards among the first three or five,
with the full text loaded; a query that finds little gets help; and bad input never breaks the finder."""

import csv
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

TABLE = Path(__file__).with_name("search_relevance.tsv")
PROBLEMS = Path(__file__).with_name("search_problems.tsv")
TOP = 5
FULL_TEXT = "#mb-finder[data-stage=texts]"
LOAD_TIMEOUT = 20_000


def relevance_table(table: Path = TABLE) -> list[dict]:
    lines = [line for line in table.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
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


def test_a_text_shard_that_fails_leaves_the_headline_search_and_the_page_says_so(page, sharded_site_url):
    # The text index's shards cannot be read: the headline index (title, aliases, summary, labels) still answers.
    page.route("**/data/search/text-*.json*", lambda route: route.abort())
    page.goto(f"{sharded_site_url}hitta/?sok=r%C3%B6stkort")
    status = page.locator(".mb-finder__status")
    expect(status).to_contain_text("Hela texten gick inte att läsa in", timeout=LOAD_TIMEOUT)
    page.wait_for_selector("#mb-finder[data-stage=headline]", state="attached", timeout=LOAD_TIMEOUT)
    # 'röstkort' stands in Deep Talk's summary, so the headline index finds it.
    expect(page.locator(".mb-result__title a").first).to_have_text("Deep Talk")
    # Another query with words of the text only finds what the headlines hold, and still says so.
    box = page.get_by_label("Sökord")
    box.fill("ungdomar")
    box.press("Enter")
    expect(status).to_contain_text("Hela texten gick inte att läsa in")
    expect(page.locator(".mb-result").first).to_be_visible()


def test_a_big_banks_search_loads_only_the_pieces_its_words_need(page, sharded_site_url, sharded_site):
    words = json.loads((sharded_site / "data" / "search-words.json").read_text(encoding="utf-8"))
    shards = sum(len(index["shards"]) for index in words["indexes"])
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_search(page, sharded_site_url, "läxhjälp")
    loaded = [url for url in requested if re.search(r"/search/(headline|text)-\d+\.json", url)]
    assert 0 < len(loaded) <= 4 < shards, loaded
    # The details and texts of the cards shown, for their titles and snippets; not every card's.
    for kind in ("card", "texts"):
        # each address once: the worker asks for the first cards' details ahead of the page (prefetchDetails)
        files = sorted({url for url in requested if re.search(rf"/search/{kind}-\d+\.json", url)})
        assert 0 < len(files) == page.locator(".mb-result").count() < words["cards"], files


# --- needs phrased as problems (search_problems.tsv) ------------------------------------------------------


def test_the_problem_table_has_thirty_needs_that_name_real_cards(real_site):
    rows = relevance_table(PROBLEMS)
    ids = {c["id"] for c in json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]}
    assert len([r for r in rows if r["kort"] != "-"]) >= 30
    assert len({r["behov"] for r in rows}) == len(rows)
    for row in rows:
        assert row["topp"] in ("3", "5"), row
        assert row["kort"] == "-" or set(row["kort"].split(",")) <= ids, row


def test_every_need_finds_the_cards_that_answer_it(page, site_url, real_site):
    cards = json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]
    url_of = {c["id"]: site_url + c["url"] for c in cards}
    misses = []
    for row in relevance_table(PROBLEMS):
        open_search(page, site_url, row["behov"])
        if row["kort"] == "-":  # no card answers: the page says so and offers the forms
            if page.locator(".mb-result").count() or not page.locator(".mb-finder__missing-method").is_visible():
                misses.append(f"{row['behov']!r}: inga kort väntas, men sidan visar {first_urls(page)}")
            continue
        found = first_urls(page, int(row["topp"]))
        for card_id in row["kort"].split(","):
            if url_of[card_id] not in found:
                misses.append(f"{row['behov']!r}: {card_id} saknas bland de {row['topp']} första {found}")
    assert not misses, "\n".join(misses)


def test_a_problem_puts_the_methods_against_it_first_and_says_so(page, site_url, real_site):
    cards = json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]
    methods = {site_url + c["url"] for c in cards if c["type"] == "method" and "otrygghet" in c.get("challenges", [])}
    assert len(methods) >= 3
    open_search(page, site_url, "otrygghet")
    assert set(first_urls(page, len(methods))) == methods
    expect(page.locator(".mb-finder__status")).to_contain_text(
        "Metoderna mot utmaningen Otrygghet och brottslighet kommer först."
    )
    # A query with a word the challenge does not cover ranks by the words alone.
    open_search(page, site_url, "otrygghet i skolan")
    expect(page.locator(".mb-finder__status")).not_to_contain_text("Metoderna mot utmaningen")
    # Nor is it said when a filter leaves the methods out.
    page.goto(f"{site_url}hitta/?sok=otrygghet&typ=project")
    page.wait_for_selector(FULL_TEXT, state="attached", timeout=LOAD_TIMEOUT)
    expect(page.locator(".mb-finder__status")).to_have_text(re.compile(r"^\d+ kort passar\.$"))


def test_a_word_people_use_for_a_concept_finds_the_cards_tagged_with_it(page, site_url, real_site):
    cards = json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]
    lonely = {site_url + c["url"] for c in cards if "isolering" in c.get("challenges", [])}
    open_search(page, site_url, "ensamhet")  # a word of the challenge Ensamhet och isolering's label
    assert lonely <= set(first_urls(page, 100))
    open_search(page, site_url, "ensamma")  # one of its words in taxonomy.yml
    assert lonely <= set(first_urls(page, 100))


@pytest.mark.parametrize("width", [375, 1280])
def test_a_query_no_card_answers_is_no_dead_end(browser, site_url, width):
    from site_pages import axe_violations

    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
    page = context.new_page()
    open_search(page, site_url, "trygghetsvandring")
    expect(page.locator(".mb-finder__status")).to_have_text("0 kort passar.")
    expect(page.locator(".mb-finder__empty")).to_contain_text("Inga kort innehåller ”trygghetsvandring”.")
    # Nothing to sort or download.
    expect(page.get_by_label("Sortera:")).to_be_hidden()
    expect(page.get_by_role("button", name="Ladda ner urvalet som CSV")).to_be_hidden()
    help_box = page.locator(".mb-finder__help")
    expect(help_box).to_be_visible()
    # The closest focus area (trygghets|vandring: 'trygghet' is one of its words) as a link to its page.
    close = help_box.get_by_role("link", name="Minskad brottslighet")
    expect(close).to_have_attribute("href", f"{site_url}fokusomraden/minskad-brottslighet/")
    expect(help_box).to_contain_text("Saknas en metod? Berätta om den:")
    expect(help_box.get_by_role("link", name="Föreslå en metod")).to_have_attribute("href", f"{site_url}foresla-metod/")
    expect(help_box.get_by_role("link", name="berätta vad ni har provat")).to_have_attribute(
        "href", f"{site_url}provat/"
    )
    assert axe_violations(page) == []
    close.click()
    page.wait_for_url(f"{site_url}fokusomraden/minskad-brottslighet/")
    context.close()


def test_did_you_mean_offers_the_cards_own_words_and_runs_the_query(page, site_url):
    open_search(page, site_url, "fritidsgaard")
    expect(page.locator(".mb-finder__status")).to_have_text("0 kort passar.")
    suggestion = page.locator(".mb-finder__suggestions")
    expect(suggestion).to_have_text(re.compile(r"^Menade du .*fritidsgård.*\?$"))
    suggestion.get_by_role("link", name="fritidsgård").click()
    page.wait_for_url("**/hitta/?sok=fritidsg%C3%A5rd")
    expect(page.get_by_label("Sökord")).to_have_value("fritidsgård")
    expect(page.locator(".mb-finder__status")).to_have_text(re.compile(r"^\d\d kort passar"))
    expect(page.locator(".mb-finder__help")).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "mb-finder-results"
    page.go_back()
    expect(page.get_by_label("Sökord")).to_have_value("fritidsgaard")


def test_few_hits_are_drawn_before_the_spellings_and_the_help_follows(page, site_url):
    """The spellings for "Menade du …?" are read only for a query that finds little: its results do not wait for
    them. Until the help is in, the results stay busy and the finder's stage is not final."""
    held, released = [], []

    def hold(route):
        route.continue_() if released else held.append(route)

    page.route("**/data/search/spellings.json*", hold)
    # The worker asks for them before it sends the hits, but the request and its interception reach this test by the
    # worker's own connection to the browser, which may come after the page has drawn: the test waits for the
    # request, and lets it through whenever its interception comes in. Until then it is paused in the browser.
    with page.expect_request(lambda request: "/data/search/spellings.json" in request.url, timeout=LOAD_TIMEOUT):
        page.goto(f"{site_url}hitta/?sok={quote('lånecyklar')}")
        expect(page.locator(".mb-result__title a").first).to_have_text("#Luleåcyklar")
        expect(page.locator(".mb-finder__suggestions")).to_have_count(0)
    finder = page.locator("#mb-finder")
    assert finder.get_attribute("data-stage") != "texts"
    expect(page.locator("#mb-finder [aria-busy=true]")).to_have_count(1)  # the help is coming
    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_selector(FULL_TEXT, state="attached", timeout=LOAD_TIMEOUT)
    expect(page.locator(".mb-finder__missing-method")).to_be_visible()
    expect(page.locator("#mb-finder [aria-busy=true]")).to_have_count(0)
    expect(page.locator(".mb-result__title a").first).to_have_text("#Luleåcyklar")  # the same results


def test_few_hits_keep_the_tools_and_bring_the_help(page, site_url):
    open_search(page, site_url, "lånecyklar")  # no card has the word: Luleåcyklar by its last part
    expect(page.locator(".mb-result__title a").first).to_have_text("#Luleåcyklar")
    assert page.locator(".mb-result").count() < 3
    expect(page.get_by_label("Sortera:")).to_be_visible()
    expect(page.locator(".mb-finder__missing-method")).to_be_visible()


def test_a_word_with_no_card_is_not_matched_by_a_short_end_of_it(page, site_url):
    # hem|löshet: 'lös' (from lösa) is no head of the word; the page says that no card holds it.
    open_search(page, site_url, "hemlöshet")
    expect(page.locator(".mb-finder__status")).to_have_text("0 kort passar.")
    expect(page.locator(".mb-finder__missing-method")).to_be_visible()
