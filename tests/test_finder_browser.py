"""Metodfinnaren (docs/hitta.md) in Chromium: facets, Swedish search, address state, keyboard use, escaping."""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import expect

from metodbanken import paths
from metodbanken.content.load import load_cards
from metodbanken.content.project_status import ONGOING_PAST_END, status_facet_terms
from metodbanken.paths import page_path
from metodbanken.pipeline import page_url
from metodbanken.search.analysis import tokens
from metodbanken.search.finder_data import search_files
from metodbanken.taxonomy import in_swedish_order, load_taxonomy
from site_pages import (
    LOAD_TIMEOUT,
    READY,
    SHIFTS,
    axe_violations,
    open_finder,
    settle,
    shown_urls,
    wait_for_full_text,
    wheel,
)
from support import (
    FIXTURE_CONTENT,
    GITHUB_PAGES_MAX_AGE,
    copy_site_skeleton,
    corpus_words,
    mkdocs_build,
    records_of_site,
    serve_directory,
)


@pytest.fixture(scope="module")
def cards_json(real_site):
    return json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))


def expected_urls(cards_json, **wanted):
    """Cards that have, for every named field, at least one of the wanted ids."""

    def has(card, field, ids):
        value = card.get(field) or []
        return bool(set(value if isinstance(value, list) else [value]) & set(ids))

    return {c["url"] for c in cards_json["cards"] if all(has(c, f, ids) for f, ids in wanted.items())}


def label(cards_json, group, term_id):
    """The term's label as a pattern for a checkbox name, which also holds the count."""
    return "^" + re.escape(next(t["label"] for t in cards_json["taxonomy"][group] if t["id"] == term_id))


def search_for(page, text):
    box = page.get_by_label("Sökord")
    box.fill(text)
    page.wait_for_function("text => new URLSearchParams(location.search).get('sok') === text", arg=text.strip())
    wait_for_full_text(page)


def test_two_facets_combine_to_exactly_the_matching_cards(page, site_url, cards_json):
    open_finder(page, site_url)
    focus = page.get_by_role("group", name="Fokusområde")
    target = page.get_by_role("group", name="Målgrupp")
    focus.get_by_role("checkbox", name=re.compile(label(cards_json, "focus_areas", "halsa"))).check()
    target.get_by_role("checkbox", name=re.compile(label(cards_json, "target_groups", "ungdomar"))).check()
    expected = expected_urls(cards_json, focus_areas=["halsa"], target_groups=["ungdomar"])
    assert expected
    expect(page.locator(".mb-finder__status")).to_have_text(f"{len(expected)} kort passar.")
    assert sorted(shown_urls(page, site_url)) == sorted(expected)

    # Within a facet the values are alternatives; each count assumes the other facets' choices.
    focus.get_by_role("checkbox", name=re.compile(label(cards_json, "focus_areas", "minskad-brottslighet"))).check()
    expected = expected_urls(cards_json, focus_areas=["halsa", "minskad-brottslighet"], target_groups=["ungdomar"])
    expect(page.locator(".mb-finder__status")).to_have_text(f"{len(expected)} kort passar.")
    assert sorted(shown_urls(page, site_url)) == sorted(expected)
    barn = target.get_by_role("checkbox", name=re.compile(label(cards_json, "target_groups", "barn")))
    barn_count = len(expected_urls(cards_json, focus_areas=["halsa", "minskad-brottslighet"], target_groups=["barn"]))
    expect(barn.locator("xpath=..")).to_contain_text(f"({barn_count})")


def expected_counts(finder, records, chosen):
    """Per facet and value, the cards that pass every other facet's choices and hold the value or a narrower one:
    the count the filter panel shows beside it."""
    facets = {facet["param"]: facet for facet in finder["facets"]}
    includes = {p: {v["id"]: set(v.get("includes") or [v["id"]]) for v in f["values"]} for p, f in facets.items()}

    def holds(card, param, ids):
        value = card.get(facets[param]["field"]) or []
        return bool(set(value if isinstance(value, list) else [value]) & ids)

    def passes(card, param, ids):
        return holds(card, param, set().union(*(includes[param][i] for i in ids)))

    counts = {}
    for param, facet in facets.items():
        others = [c for c in records if all(passes(c, p, ids) for p, ids in chosen.items() if p != param)]
        for value in facet["values"]:
            counts[param, value["id"]] = sum(holds(c, param, includes[param][value["id"]]) for c in others)
    return counts


def test_every_count_in_the_panel_is_what_choosing_the_value_would_add(page, site_url, real_site):
    finder = json.loads((real_site / "data" / "finder-cards.json").read_text(encoding="utf-8"))
    chosen = {"malgrupp": ["unga"], "aktor": ["bostadsbolag", "kommun"]}  # a broad value, and two alternatives
    query = "&".join(f"{param}={value}" for param, values in chosen.items() for value in values)
    open_finder(page, site_url, f"?{query}")
    shown = page.evaluate(
        """() => [...document.querySelectorAll('#mb-finder input[type=checkbox]')].map(box =>
             [box.name, box.value, box.closest('label').querySelector('.mb-facet__count').textContent])"""
    )
    expected = expected_counts(finder, records_of_site(real_site), chosen)
    assert len(shown) == len(expected) > 30
    assert {(param, value): count for param, value, count in shown} == {k: f"({n})" for k, n in expected.items()}
    assert any(n for (param, _), n in expected.items() if param == "malgrupp")


def test_a_broad_target_group_includes_its_narrower_ones(page, site_url, cards_json):
    open_finder(page, site_url)
    page.get_by_role("group", name="Målgrupp").get_by_role(
        "checkbox", name=re.compile(label(cards_json, "target_groups", "unga"))
    ).first.check()
    expected = expected_urls(cards_json, target_groups=["unga", "unga-10-15", "ungdomar", "unga-vuxna"])
    expect(page.locator(".mb-finder__status")).to_have_text(re.compile(f"^{len(expected)} kort passar"))
    assert sorted(shown_urls(page, site_url)) == sorted(expected)
    expect(page.locator(".mb-finder__combine")).to_contain_text("Minst ett av valen i varje grupp")


def test_phone_first_screen_shows_the_box_and_results_and_filters_open_in_a_panel(browser, site_url):
    context = browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 667})
    page = context.new_page()
    open_finder(page, site_url, "?sok=ungdomar")
    box = page.get_by_label("Sökord").bounding_box()
    first = page.locator(".mb-result").first.bounding_box()
    assert box["y"] + box["height"] < 667 and first["y"] < 667 - 40, (box, first)
    expect(page.get_by_role("group", name="Fokusområde")).to_be_hidden()
    filters = page.get_by_role("button", name="Filter", exact=True)
    filters.click()
    expect(filters).to_have_attribute("aria-expanded", "true")
    show = page.get_by_role("button", name=re.compile(r"^Visa \d+ träffar$"))
    expect(show).to_be_in_viewport()
    before = show.text_content()
    page.get_by_role("group", name="Korttyp").get_by_role("checkbox").first.check()
    expect(show).not_to_have_text(before)
    expect(show).to_be_in_viewport()  # sticky at the bottom of the panel
    show.click()
    expect(page.get_by_role("group", name="Fokusområde")).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "mb-finder-results"
    # The focused heading is scrolled into view below the sticky header, not under it.
    heading = page.locator("#mb-finder-results").bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert heading["y"] >= header["y"] + header["height"], (heading, header)
    expect(page.get_by_role("button", name="Filter (1 val)")).to_be_visible()
    context.close()


def test_back_from_a_card_restores_query_filters_and_scroll(browser, site_url):
    context = browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 667})
    page = context.new_page()
    open_finder(page, site_url, "?sok=unga&typ=project")
    link = page.locator(".mb-result__title a").nth(8)
    link.scroll_into_view_if_needed()
    wheel(page, 200)
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 500
    link.click()
    page.wait_for_url(re.compile(r"/projekt/"))
    page.go_back()
    wait_for_full_text(page)
    expect(page.get_by_label("Sökord")).to_have_value("unga")
    page.wait_for_function("y => Math.abs(window.scrollY - y) < 30", arg=scrolled, timeout=LOAD_TIMEOUT)
    assert page.evaluate("[sessionStorage.length, localStorage.length]") == [0, 0]
    context.close()


def test_facet_labels_come_from_the_exported_taxonomy(page, site_url, cards_json):
    open_finder(page, site_url)
    # Of the 290 municipalities and 21 counties, those with cards, by name as a Swedish index sorts them.
    for legend, group in (("Kommun", "municipalities"), ("Län", "counties")):
        shown = (
            page.get_by_role("group", name=legend, exact=True)
            .locator("label > span")
            .evaluate_all("spans => spans.map(s => s.firstChild.textContent)")
        )
        key = {"municipalities": "municipality", "counties": "county"}[group]
        held = {place[key] for c in cards_json["cards"] for place in c.get("places", [])}
        terms = [t for t in cards_json["taxonomy"][group] if t["id"] in held]
        assert shown == [t.label for t in in_swedish_order([load_taxonomy().get(group, t["id"]) for t in terms])]
    for legend, group in (
        ("Fokusområde", "focus_areas"),
        ("Målgrupp", "target_groups"),
        ("Aktör", "actors"),
        ("Utmaning", "challenges"),
    ):
        shown = (
            page.get_by_role("group", name=legend)
            .locator("label > span")
            .evaluate_all("spans => spans.map(s => s.firstChild.textContent)")
        )
        terms = cards_json["taxonomy"][group]
        # Narrower target groups follow their broader one; otherwise the taxonomy's order.
        in_order = [t["label"] for t in terms if not t.get("parent")]
        for term in terms:
            if term.get("parent"):
                parent = next(t["label"] for t in terms if t["id"] == term["parent"])
                at = in_order.index(parent) + 1
                while at < len(in_order) and in_order[at] in {t["label"] for t in terms if t.get("parent")}:
                    at += 1
                in_order.insert(at, term["label"])
        assert shown == in_order
    statuses = (
        page.get_by_role("group", name="Projektstatus")
        .locator("label > span")
        .evaluate_all("spans => spans.map(s => s.firstChild.textContent)")
    )
    assert statuses == [t.label for t in status_facet_terms(load_taxonomy())]  # derived in project_status.py
    types = (
        page.get_by_role("group", name="Korttyp")
        .locator("label > span")
        .evaluate_all("spans => spans.map(s => s.firstChild.textContent)")
    )
    assert types == [t["label"] for t in cards_json["card_types"]]


@pytest.mark.parametrize("width", [375, 1280])
def test_choosing_a_county_shows_exactly_the_cards_from_its_municipalities(browser, site_url, cards_json, width):
    in_county = {
        c["url"]: {p["municipality"] for p in c["places"]}
        for c in cards_json["cards"]
        if any(p["county"] == "norrbottens-lan" for p in c.get("places", []))
    }
    assert {m for ms in in_county.values() for m in ms} >= {"boden", "lulea", "pitea", "alvsbyn"}
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
    page = context.new_page()
    open_finder(page, site_url)
    filters = page.get_by_role("button", name="Filter", exact=True)
    if width < 600:  # on a phone the filters open in a panel
        filters.click()
    county = page.get_by_role("group", name="Län", exact=True)
    norrbotten = county.get_by_role("checkbox", name=re.compile("^Norrbottens län"))
    expect(norrbotten.locator("xpath=..")).to_contain_text(f"({len(in_county)})")  # counted like the other facets
    expect(norrbotten.locator("xpath=..")).not_to_contain_text("med alla under")  # that is for target groups
    norrbotten.check()
    if width < 600:
        page.get_by_role("button", name=re.compile(r"^Visa \d+ träffar$")).click()
    expect(page.locator(".mb-finder__status")).to_have_text(f"{len(in_county)} kort passar.")
    assert sorted(shown_urls(page, site_url)) == sorted(in_county)
    assert parse_qs(urlsplit(page.url).query)["lan"] == ["norrbottens-lan"]
    # On a phone the pointer rests where "Visa … träffar" was, over a result link: axe judges that link in its
    # hover colour too (metodbanken.css darkens Material's accent to pass).
    assert axe_violations(page) == []
    context.close()


def test_the_county_travels_in_the_address_and_the_download(page, site_url, cards_json):
    in_county = {
        c["url"] for c in cards_json["cards"] if any(p["county"] == "vastra-gotalands-lan" for p in c.get("places", []))
    }
    assert in_county
    open_finder(page, site_url, "?lan=vastra-gotalands-lan")
    assert sorted(shown_urls(page, site_url)) == sorted(in_county)
    expect(page.get_by_role("checkbox", name=re.compile("^Västra Götalands län"))).to_be_checked()
    with page.expect_download() as info:
        page.get_by_role("button", name="Ladda ner urvalet som JSON").click()
    data = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert "Län: Västra Götalands län" in data["urval"]
    assert {r["Län"] for r in data["kort"]} == {"Västra Götalands län"}
    assert {r["Kommun"] for r in data["kort"]} == {"Göteborg"}


def test_the_status_facet_matches_the_derived_status_in_open_data(page, site_url, cards_json):
    open_finder(page, site_url, f"?status={ONGOING_PAST_END}")
    expected = {c["url"] for c in cards_json["cards"] if c.get("status_facet") == ONGOING_PAST_END}
    assert expected, "no project is ongoing past its end date at this build date"
    assert all(c["end_passed"] for c in cards_json["cards"] if c["url"] in expected)
    assert sorted(shown_urls(page, site_url)) == sorted(expected)


def test_inflected_forms_find_the_same_cards(page, site_url):
    open_finder(page, site_url)
    found = {}
    for word in ("ungdom", "ungdomar", "ungdomarna", "förening", "föreningarna"):
        search_for(page, word)
        found[word] = set(shown_urls(page, site_url))
    assert "metoder/deep-talk/" in found["ungdomar"]
    assert found["ungdom"] == found["ungdomar"] == found["ungdomarna"]
    assert "metoder/samverkansavtal-med-foreningar/" in found["föreningarna"]
    assert found["förening"] == found["föreningarna"]


def test_titles_rank_first(page, site_url):
    open_finder(page, site_url, "?sok=deep+talk")
    expect(page.locator(".mb-result__title a").first).to_have_text("Deep Talk")


ANALYSE_BATCH = 2000  # words per message to the worker: a few messages for the whole corpus


def test_the_worker_analyses_every_word_of_the_corpus_as_the_build_does(page, site_url):
    """The parity of the two halves of the search: every distinct word of the cards, the taxonomy and the synonyms
    (support.corpus_words) gets the same terms from the search worker (folded, stop words dropped, stemmed by
    lunr.sv.js) as from analysis.tokens, which made the index."""
    open_finder(page, site_url, "?sok=ungdom")
    words = list(corpus_words())
    in_browser = []
    for start in range(0, len(words), ANALYSE_BATCH):
        batch = words[start : start + ANALYSE_BATCH]
        in_browser += page.evaluate("words => document.getElementById('mb-finder').analyse(words)", batch)
    assert len(words) > 6000 and len(in_browser) == len(words)
    assert [(w, tokens(w), js) for w, js in zip(words, in_browser, strict=True) if tokens(w) != js] == []


def delay(page, pattern, ms):
    """Requests for `pattern` (the page's and its worker's) are answered `ms` late."""

    def slow(route):
        page.wait_for_timeout(ms)
        route.continue_()

    page.route(pattern, slow)


def test_a_query_in_the_address_waits_for_a_slow_stemmer_script(page, site_url):
    delay(page, "**/search-scripts.js", 1500)
    open_finder(page, site_url, "?sok=ungdomar")
    expect(page.locator(".mb-result__title a", has_text="Deep Talk")).to_have_count(1)


def test_the_indexes_load_in_the_search_worker_not_in_the_page(page, sharded_site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_finder(page, sharded_site_url, "?sok=ungdomar")
    # The page's own resource timeline: what its main thread fetched and read. The worker's fetches are not in it.
    # The worker's own address carries the files' addresses in its query, so only the path counts.
    in_page = page.evaluate("performance.getEntriesByType('resource').map(r => new URL(r.name).pathname)")
    for name in (
        "search-words.json",
        r"search/headline-\d+\.json",
        r"search/text-\d+\.json",
        r"search/texts-\d+\.json",
    ):
        assert any(re.search(name + r"(\?|$)", url) for url in requested), name
        assert not any(re.search(name + "$", path) for path in in_page), name
    assert any(url.endswith("search-scripts.js") for url in requested)
    assert not any(path.endswith("search-scripts.js") for path in in_page)
    assert any(path.endswith("data/finder-cards.json") for path in in_page)


def test_the_search_waits_for_the_summaries_however_late_the_cards_come(page, site_url):
    # The worker can have the words file read before the page has read the cards and handed it their facets.
    delay(page, "**/data/finder-cards.json", 2000)
    open_finder(page, site_url, "?sok=r%C3%B6stkort")
    expect(page.locator(".mb-result__title a")).to_have_text(["Deep Talk"])
    expect(page.locator(".mb-result mark").first).to_have_text("röstkort")


def test_only_the_last_query_typed_is_answered(page, site_url):
    open_finder(page, site_url, "?sok=l%C3%A4xhj%C3%A4lp")
    expected = shown_urls(page, site_url)
    page.goto(f"{site_url}hitta/")
    wait_for_full_text(page)
    box = page.get_by_label("Sökord")
    # Each word goes to the worker before the last answer is in; an answer to an earlier one must not win.
    for text in ("ungdomar", "deep talk", "läxhjälp"):
        box.fill(text)
        box.press("Enter")
    wait_for_full_text(page)
    assert shown_urls(page, site_url) == expected
    assert expected


def test_the_filters_work_when_the_search_scripts_fail(page, site_url, cards_json):
    page.route("**/javascripts/finder/search-scripts.js", lambda route: route.abort())
    page.goto(f"{site_url}hitta/?sok=ungdomar&fokus=halsa")
    expected = expected_urls(cards_json, focus_areas=["halsa"])
    expect(page.locator(".mb-finder__status")).to_have_text(
        f"Sökningen gick inte att läsa in, så bara filtren gäller. {len(expected)} kort passar.", timeout=LOAD_TIMEOUT
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_materials_script_runs_once_the_first_results_are_drawn(browser, site_url, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script(f"({SHIFTS})()")
    delay(page, "**/search-words.json*", 1500)
    page.goto(f"{site_url}hitta/?sok=ungdomar", wait_until="domcontentloaded")
    # Its 100–200 ms on the page's thread come after the first results, not before them.
    assert page.evaluate("document.documentElement.className") == "no-js"
    assert not any("assets/javascripts/bundle." in url for url in requested)
    page.wait_for_selector("#mb-finder .mb-result")
    first_result = page.evaluate("performance.now()")
    page.wait_for_function("document.documentElement.classList.contains('js')", timeout=LOAD_TIMEOUT)
    assert [url for url in requested if "assets/javascripts/bundle." in url]
    assert page.locator("script[src*='assets/javascripts/bundle.']").count() == 1
    settle(page)
    # The page drawn without Material's script looks as it does with it: nothing moves when it runs.
    moved = page.evaluate("t => window.__shifts.filter(([time]) => time > t).map(([, value]) => value)", first_result)
    assert sum(moved) < 0.01, moved
    # Material started as on any other page: its back-to-top button comes when the reader scrolls back up.
    wheel(page, 3000)
    page.mouse.wheel(0, -500)
    expect(page.locator(".md-top")).to_be_visible()
    page.close()


def test_on_a_phone_the_results_coming_in_move_little_on_screen(browser, site_url):
    # Before the first results the sort and download tools stood where they come, and were pushed off the screen
    # (a layout shift of 0.58). What remains is the status line growing and shrinking by the note that the full
    # text is loading; 0.1 is what Chromium's tools call a good cumulative layout shift.
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.add_init_script(f"({SHIFTS})()")
    delay(page, "**/search-words.json*", 1000)
    page.goto(f"{site_url}hitta/?sok=ungdomar", wait_until="domcontentloaded")
    expect(page.locator(".mb-finder__status")).to_have_text("Läser in sökningen …", timeout=LOAD_TIMEOUT)
    expect(page.locator(".mb-finder__tools")).to_be_hidden()
    wait_for_full_text(page)
    expect(page.locator(".mb-finder__tools")).to_be_visible()  # below the results
    settle(page)  # every shift so far reported, the page at rest
    moved = page.evaluate("window.__shifts.map(([, value]) => value)")
    assert sum(moved) < 0.1, moved
    page.close()


def test_materials_script_runs_when_the_finder_cannot_draw(page, site_url):
    page.route("**/data/finder-cards.json", lambda route: route.abort())
    page.goto(f"{site_url}hitta/")
    expect(page.locator("#mb-finder")).to_contain_text("Korten gick inte att läsa in just nu.")
    page.wait_for_function("document.documentElement.classList.contains('js')", timeout=LOAD_TIMEOUT)


def test_the_address_restores_the_view(page, browser, site_url, cards_json):
    open_finder(page, site_url)
    page.get_by_role("group", name="Fokusområde").get_by_role(
        "checkbox", name=re.compile(label(cards_json, "focus_areas", "forbattrade-skolresultat"))
    ).check()
    search_for(page, "ungdomar")
    address = page.url
    assert parse_qs(urlsplit(address).query) == {"sok": ["ungdomar"], "fokus": ["forbattrade-skolresultat"]}
    results = shown_urls(page, site_url)

    other = browser.new_context(locale="sv-SE").new_page()
    other.goto(address)
    wait_for_full_text(other)
    expect(other.locator(".mb-finder__status")).to_have_text(f"{len(results)} kort passar.", timeout=LOAD_TIMEOUT)
    expect(other.get_by_label("Sökord")).to_have_value("ungdomar")
    expect(
        other.get_by_role("checkbox", name=re.compile(label(cards_json, "focus_areas", "forbattrade-skolresultat")))
    ).to_be_checked()
    assert shown_urls(other, site_url) == results
    other.context.close()


def test_back_and_forward_step_through_the_choices(page, site_url, cards_json):
    open_finder(page, site_url)
    focus_box = page.get_by_role("checkbox", name=re.compile(label(cards_json, "focus_areas", "halsa")))
    target_box = page.get_by_role("group", name="Målgrupp").get_by_role(
        "checkbox", name=re.compile(label(cards_json, "target_groups", "barn"))
    )
    focus_box.check()
    target_box.check()
    search_for(page, "idrott")

    page.go_back()
    expect(page.get_by_label("Sökord")).to_have_value("")
    expect(target_box).to_be_checked()
    expected = expected_urls(cards_json, focus_areas=["halsa"], target_groups=["barn"])
    expect(page.locator(".mb-finder__status")).to_have_text(f"{len(expected)} kort passar.")
    page.go_back()
    expect(target_box).not_to_be_checked()
    expect(focus_box).to_be_checked()
    assert parse_qs(urlsplit(page.url).query) == {"fokus": ["halsa"]}
    page.go_forward()
    expect(target_box).to_be_checked()
    page.go_forward()
    expect(page.get_by_label("Sökord")).to_have_value("idrott")


def tab_until(page, description, predicate, limit=120):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"Tab never reached {description}")


def has_visible_focus(page):
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    }""")


def test_keyboard_only(page, site_url):
    open_finder(page, site_url)
    tab_until(page, "the search field", "() => document.activeElement.id === 'mb-finder-q'")
    page.keyboard.type("föreningarna")
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('sok') === 'föreningarna'")

    tab_until(page, "a focus area", "() => document.activeElement.name === 'fokus'")
    assert has_visible_focus(page)
    chosen = page.evaluate("document.activeElement.value")
    page.keyboard.press("Space")
    page.wait_for_function("v => new URLSearchParams(location.search).getAll('fokus').includes(v)", arg=chosen)
    status = page.locator(".mb-finder__status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(READY)

    tab_until(page, "the first result", "() => document.activeElement.closest('.mb-result') !== null")
    assert has_visible_focus(page)
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_first_result_is_three_keys_from_the_search_box(browser, site_url, width):
    """Tab to Sök, Tab to "Till träffarna", Enter: the first result has the focus, past the filters (on a desktop
    66 Tabs before the skip link), and the link shows itself when it has the focus."""
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
    page = context.new_page()
    open_finder(page, site_url, "?sok=ungdomar")
    page.get_by_label("Sökord").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Till träffarna")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and 0 <= box["x"] < width and box["width"] > 0  # on screen while it has the focus
    assert has_visible_focus(page)
    page.keyboard.press("Enter")
    first = page.locator(".mb-result a").first
    expect(first).to_be_focused()
    page.keyboard.press("Shift+Tab")  # back up: the tools or the heading, never the filters
    assert page.evaluate("() => document.activeElement.closest('.mb-finder__facets') === null")
    context.close()


def test_every_control_has_a_name_and_group(page, site_url):
    open_finder(page, site_url)
    expect(page.get_by_role("searchbox", name="Sökord")).to_be_visible()
    boxes = page.locator("#mb-finder input[type=checkbox]")
    assert boxes.count() > 30
    assert boxes.evaluate_all("""boxes => boxes.every(b =>
        b.labels.length === 1 && b.labels[0].textContent.trim() && b.closest('fieldset').querySelector('legend'))""")


def test_an_empty_combination_says_so_and_offers_to_remove_a_choice(page, site_url, cards_json):
    open_finder(page, site_url, "?sok=ungdomar&status=pagaende&typ=lesson")
    expect(page.locator(".mb-finder__status")).to_have_text("0 kort passar.")
    empty = page.locator(".mb-finder__empty")
    expect(empty).to_contain_text("Inga kort passar alla dina val.")
    lesson = next(t["label"] for t in cards_json["card_types"] if t["id"] == "lesson")
    empty.get_by_role("button", name=re.compile(f"Ta bort Korttyp: {lesson}")).click()
    expect(page.locator(".mb-finder__status")).not_to_have_text("0 kort passar.")
    assert parse_qs(urlsplit(page.url).query) == {"sok": ["ungdomar"], "status": ["pagaende"]}
    assert page.evaluate("document.activeElement.id") == "mb-finder-results"


def test_without_javascript_the_listing_pages_are_offered(browser, site_url):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{site_url}hitta/")
    expect(page.locator("#mb-finder")).to_contain_text("behöver JavaScript")
    content = page.locator("article")
    for name, href in (("Fokusområden", "../fokusomraden/"), ("Målgrupper", "../malgrupper/")):
        expect(content.get_by_role("link", name=name, exact=True)).to_have_attribute("href", href)
    context.close()


def test_the_start_page_and_the_navigation_lead_to_the_finder(page, site_url):
    page.goto(site_url)
    expect(page.locator("article").get_by_role("link", name="Hitta metod")).to_have_attribute("href", "hitta/")
    nav = page.get_by_role("navigation", name="Navigation").get_by_role("link").all_text_contents()
    assert [n.strip() for n in nav][:2] == ["Start", "Hitta metod"]


def test_using_the_finder_requests_nothing_from_other_hosts(page, site_url, cards_json):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_finder(page, site_url, "?fokus=halsa")
    search_for(page, "ungdomar")
    page.get_by_role("checkbox", name=re.compile(label(cards_json, "actors", "kommun"))).first.check()
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("data/finder-cards.json") for url in requested)
    assert any(url.endswith("javascripts/finder/search-scripts.js") for url in requested)
    assert [url for url in requested if not url.startswith(site_url)] == []


HOSTILE = '<img src=x onerror="window.__pwned=1;alert(1)">"><svg onload=alert(2)>'


def test_hostile_card_text_is_shown_as_text_and_runs_nothing(tmp_path, browser, content):
    project = copy_site_skeleton(tmp_path / "project", content)
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0, "fixture site must build"
    # The validator refuses HTML in cards, so the probe goes into the finder's data after the build,
    # where a bug elsewhere (or a future export) could put it.
    cards, _ = load_cards(project)
    probe = next(c for c in cards if c.id == "laxhjalp")
    probe.data["title"] = f"Läxhjälp {HOSTILE}"
    probe.data["summary"] = f"Sammanfattning {HOSTILE}"
    urls = {c.id: page_url(page_path(c.type, c.id)) for c in cards}
    files = search_files(cards, load_taxonomy(), urls, cache_dir=tmp_path / "cache")
    data = json.loads(files[paths.FINDER_CARDS_PATH])
    next(f for f in data["facets"] if f["param"] == "fokus")["values"][0]["label"] = f"Fokus {HOSTILE}"
    next(t for t in data["card_types"] if t["id"] == probe.type)["url"] = "javascript:alert(3)//{id}"
    files[paths.FINDER_CARDS_PATH] = json.dumps(data, ensure_ascii=False)
    for path, text in files.items():  # the search data in pieces, made again with the probe's text
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")

    url, server = serve_directory(site)
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        open_finder(page, url, "?sok=onerror")
        title = page.locator(".mb-result__title")
        expect(title).to_have_count(1)
        expect(title).to_have_text(probe.data["title"])
        assert page.locator("#mb-finder a[href^='javascript']").count() == 0
        expect(page.locator(".mb-result__summary")).to_have_text(probe.data["summary"])
        expect(page.locator("#mb-finder label", has_text="Fokus <img")).to_have_count(1)

        # The address is hostile input too: it is shown in the field and in the offer to clear it.
        page.goto(f"{url}hitta/?sok={quote(HOSTILE)}&typ=lab")
        expect(page.get_by_label("Sökord")).to_have_value(HOSTILE)
        expect(page.locator(".mb-finder__empty")).to_contain_text(HOSTILE)
        settle(page)
        assert page.locator("#mb-finder img, #mb-finder svg").count() == 0
        assert page.evaluate("window.__pwned") is None
        assert dialogs == []
    finally:
        context.close()
        server.shutdown()


@pytest.mark.parametrize("width", [375, 1280])
def test_a_method_result_leads_to_the_comparison_with_that_method_chosen(browser, site_url, cards_json, width):
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800})
    page = context.new_page()
    open_finder(page, site_url)
    search_for(page, "Deep talk")
    method = next(c for c in cards_json["cards"] if c["id"] == "deep-talk")
    result = page.locator(".mb-result").filter(has=page.locator(".mb-result__title", has_text=method["title"]))
    link = result.get_by_role("link", name=f"Jämför med andra metoder: {method['title']}")
    expect(link).to_be_visible()
    # Only methods can be compared: no other card type gets the link.
    types = page.locator(".mb-result").evaluate_all(
        "items => items.map(li => [li.querySelector('.mb-result__facts').textContent, !!li.querySelector('.mb-result__compare')])"
    )
    assert all(has_link == facts.startswith("Metod") for facts, has_link in types), types
    link.click()
    page.wait_for_selector("#mb-compare-deep-talk")
    assert page.url == site_url + "jamfor/?m=deep-talk"
    assert page.locator("#mb-compare-deep-talk").is_checked()
    expect(page.locator(".mb-compare-status")).to_contain_text("Välj en eller två till")
    context.close()


def _finder_answer(browser, site: Path, query: str) -> tuple[list, list, dict]:
    """The results of a query on `site` as a reader sees them (title, address, summary or snippet, badges), the
    JSON download of them, and the search pieces the visit read, by kind ('texts-N' for any card's texts)."""
    url, server = serve_directory(site)
    context = browser.new_context(locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    try:
        open_finder(page, url, "?sok=" + quote(query))
        wait_for_full_text(page)
        shown = page.locator(".mb-result").evaluate_all(
            "items => items.map(item => [...item.querySelectorAll('h3 a, .mb-result__summary, .mb-result__badges')]"
            ".map(part => [part.href ? new URL(part.href).pathname : '', part.textContent].join(' ')))"
        )
        with page.expect_download() as info:
            page.get_by_role("button", name="Ladda ner urvalet som JSON").click()
        # The addresses without the server's, which differs from site to site.
        download = json.loads(Path(info.value.path()).read_text(encoding="utf-8").replace(url, "/"))["kort"]
    finally:
        context.close()
        server.shutdown()
    read = {}
    # Each address once: the worker asks for its first hits' details before the page does, which then has them from
    # the browser's cache.
    for path in set(requested):
        if "/data/search/" in path:
            kind = re.sub(r"-\d+\.json$", "-N", path.rsplit("/", 1)[1])
            read[kind] = read.get(kind, 0) + 1
    return shown, download, read


def test_a_small_bank_and_a_big_one_answer_alike_from_their_pieces(tmp_path, browser, monkeypatch):
    # A small bank's indexes ride in the words file, its cards' details in finder-cards.json and their texts are one
    # file (search/shards.py); a big bank has shards and a file per card, read for the cards shown. The fixture's cards built both ways answer alike.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from metodbanken.search import shards

    answers = {}
    for budget in (shards.TOGETHER_BYTES, 0):
        monkeypatch.setattr(shards, "TOGETHER_BYTES", budget)
        monkeypatch.setattr(shards, "INLINE_INDEX_BYTES", budget and shards.INLINE_INDEX_BYTES)
        project = copy_site_skeleton(tmp_path / f"project-{budget}", FIXTURE_CONTENT)
        site = tmp_path / f"site-{budget}"
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
        answers[budget] = _finder_answer(browser, site, "läxhjälp unga")
    (shown, download, together), (shown_apart, download_apart, apart) = answers.values()
    assert len(shown) > 1 and all(len(parts) >= 2 for parts in shown), shown
    assert any("Läxhjälp" in " ".join(parts) for parts in shown)
    assert shown == shown_apart and download == download_apart and len(download) == len(shown)
    # A small bank reads the words file (with the indexes), finder-cards.json (with the details) and one of texts.
    assert together == {"texts.json": 1}
    assert apart["card-N"] == apart["texts-N"] == len(shown) and apart["download.json"] == 1
    assert apart["headline-N"] >= 1 and apart["text-N"] >= 1 and "texts.json" not in apart


def test_the_worker_asks_for_its_first_hits_details_before_the_page_does(page, sharded_site):
    # As soon as it has ranked its hits, the worker asks for the files of the first six cards' details, which the
    # page reads to draw them: the page's own requests then find them in the browser's cache, or on their way, and
    # transfer nothing. The cards further down are the page's alone. Served as GitHub Pages serves, with a
    # Cache-Control header: a site built seconds ago would otherwise have each file asked for again.
    url, server = serve_directory(sharded_site, max_age=GITHUB_PAGES_MAX_AGE)
    try:
        page.goto(f"{url}hitta/?sok=ungdomar")
        page.wait_for_selector("#mb-finder[data-stage=texts]", state="attached", timeout=LOAD_TIMEOUT)
    finally:
        server.shutdown()
    reads = page.evaluate(
        r"""() => performance.getEntriesByType('resource')
             .filter((entry) => /\/card-\d+\.json/.test(entry.name))
             .sort((a, b) => a.startTime - b.startTime)
             .map((entry) => [entry.name.split('/').pop(), entry.transferSize])"""
    )
    assert len(reads) > 6, reads
    assert all(size == 0 for _, size in reads[:6]), reads
    assert any(size > 0 for _, size in reads[6:]), reads


def test_the_worker_loads_the_query_in_the_address_before_the_page_asks_for_it(page, sharded_site_url):
    # search-start.js hands the worker the query in the page's address with its files: the worker loads the query's
    # shards as soon as it has read the words file, while the finder's modules, which run only once the page is
    # parsed, are still to come. Here they are held back until the worker has asked for a text shard.
    held = []

    def hold(route):
        held.append(route)

    page.route("**/javascripts/finder.js", hold)
    with page.expect_request(lambda request: "/data/search/text-" in request.url, timeout=LOAD_TIMEOUT):
        page.goto(f"{sharded_site_url}hitta/?sok=ungdomar", wait_until="commit")
    assert len(held) == 1, "the finder's module was let through"
    held[0].continue_()
    page.wait_for_selector("#mb-finder[data-stage=texts] .mb-result", timeout=LOAD_TIMEOUT)
    assert page.locator("#mb-finder .mb-result").count() > 6


def test_a_big_bank_draws_its_first_six_results_before_the_other_cards_files_are_in(page, sharded_site_url):
    # Six files come in one round trip over HTTP/1.1's six connections: the first six results are drawn with their
    # titles as soon as theirs are in, the rest of the page of results when theirs are (state.FIRST_DETAILS). Both
    # answers show it: the headline index's, which comes first while the text shards are held back here and asks
    # for its six cards' files only, and the full text's, which asks for the files of its page of results.
    texts, cards = [], []
    allowed = {"cards": 6}
    passed = set()  # the worker asks for the first cards' files ahead of the page (prefetchDetails): an address once

    def text_shard(route):
        route.continue_() if texts is None else texts.append(route)

    def card_file(route):
        if route.request.url in passed:
            route.continue_()
        elif allowed["cards"] > 0:
            allowed["cards"] -= 1
            passed.add(route.request.url)
            route.continue_()
        elif cards is None:
            route.continue_()
        else:
            cards.append(route)

    page.route("**/data/search/text-*.json*", text_shard)
    page.route("**/data/search/card-*.json*", card_file)
    page.goto(f"{sharded_site_url}hitta/?sok=ungdomar")
    results = page.locator(".mb-result")
    busy = page.locator("#mb-finder [aria-busy=true]")
    page.wait_for_selector("#mb-finder[data-stage=early]", state="attached", timeout=LOAD_TIMEOUT)
    expect(results).to_have_count(6)
    expect(busy).to_have_count(1)  # the full text's answer is still coming
    assert not cards, "the headline index's answer asked for more than its six cards' files"

    allowed["cards"] = 6  # of the full text's page of results, six more cards' files come
    for route in texts:
        route.continue_()
    texts = None
    page.wait_for_selector("#mb-finder[data-stage=full]", state="attached", timeout=LOAD_TIMEOUT)
    drawn = results.count()
    titles = results.locator(".mb-result__title a").all_text_contents()
    assert 6 <= drawn < 50 and len(titles) == drawn and all(title.strip() for title in titles)
    expect(busy).to_have_count(1)  # the rest are still coming
    assert cards, "the other results' files were asked for too"

    for route in cards:
        route.continue_()
    cards = None
    page.wait_for_selector("#mb-finder[data-stage=texts]", state="attached", timeout=LOAD_TIMEOUT)
    expect(busy).to_have_count(0)
    status = page.locator(".mb-finder__status").inner_text()
    assert results.count() == int(re.search(r"de första (\d+) visas", status).group(1)) > drawn, status


def test_a_big_bank_shows_the_headline_indexs_hits_while_the_text_shards_come(page, sharded_site_url):
    # In a big bank a query's text shards are larger than its headline shards: the first screen of results comes from
    # the headline index (title, aliases, summary, labels), says that the full text is on its way, and gives way to
    # the full text's answer, which is the same as when the text shards come first.
    page.goto(f"{sharded_site_url}hitta/?sok=ungdomar")
    page.wait_for_selector("#mb-finder[data-stage=texts]", state="attached", timeout=LOAD_TIMEOUT)
    direct = page.locator(".mb-result__title a").all_text_contents()

    held = []
    page.route("**/data/search/text-*.json*", lambda route: route.continue_() if held is None else held.append(route))
    page.goto(f"{sharded_site_url}hitta/?sok=ungdomar")
    page.wait_for_selector("#mb-finder[data-stage=early]", state="attached", timeout=LOAD_TIMEOUT)
    status = page.locator(".mb-finder__status")
    expect(status).to_contain_text("Söker i rubrikerna; hela texten läses in …")
    expect(status).to_contain_text("de första 6 visas")
    results = page.locator(".mb-result")
    expect(results).to_have_count(6)
    assert all(title.strip() for title in results.locator(".mb-result__title a").all_text_contents())
    expect(page.locator("#mb-finder [aria-busy=true]")).to_have_count(1)  # the full text's hits are coming
    expect(page.get_by_role("button", name=re.compile("^Visa fler"))).to_be_hidden()
    assert page.locator(".mb-result__snippet mark").count() == 0  # snippets come with the full text
    assert held, "the text shards were asked for beside the headline's"
    for route in held:
        route.continue_()
    held = None
    page.wait_for_selector("#mb-finder[data-stage=texts]", state="attached", timeout=LOAD_TIMEOUT)
    expect(status).not_to_contain_text("Söker i rubrikerna")
    expect(page.locator("#mb-finder [aria-busy=true]")).to_have_count(0)
    assert page.locator(".mb-result__title a").all_text_contents() == direct
    expect(page.get_by_role("button", name=re.compile("^Visa fler"))).to_be_visible()


def test_the_real_bank_answers_from_its_headline_index_while_its_text_shards_come(page, site_url):
    # The real bank's headline index rides in the words file, its text index comes by shard
    # (shards.INLINE_INDEX_BYTES): with the text shards held back, the first results are drawn from the headline index
    # alone, and the full text's answer follows as it is without the hold.
    page.goto(f"{site_url}hitta/?sok=ungdomar")
    page.wait_for_selector("#mb-finder[data-stage=texts]", state="attached", timeout=LOAD_TIMEOUT)
    direct = page.locator(".mb-result__title a").all_text_contents()

    held = []
    page.route("**/data/search/text-*.json*", lambda route: route.continue_() if held is None else held.append(route))
    page.route("**/data/search/headline-*.json*", lambda route: route.abort())  # there are none to ask for
    page.goto(f"{site_url}hitta/?sok=ungdomar")
    page.wait_for_selector("#mb-finder[data-stage=early]", state="attached", timeout=LOAD_TIMEOUT)
    results = page.locator(".mb-result")
    expect(results).to_have_count(6)
    expect(page.locator(".mb-finder__status")).to_contain_text("Söker i rubrikerna; hela texten läses in …")
    assert held, "the text shards were asked for"
    for route in held:
        route.continue_()
    held = None
    page.wait_for_selector("#mb-finder[data-stage=texts]", state="attached", timeout=LOAD_TIMEOUT)
    expect(page.locator("#mb-finder [aria-busy=true]")).to_have_count(0)
    assert page.locator(".mb-result__title a").all_text_contents() == direct
    assert len(direct) > 6
