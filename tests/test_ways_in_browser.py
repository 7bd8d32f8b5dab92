"""Ways in (issue 15) in Chromium at phone (375 px) and desktop (1280 px) width: the start page, challenge pages,
method tiles and their sort control, the decision box on cards, compare on phones and phone tables."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from site_pages import axe_violations
from support import serve_directory

WIDTHS = [375, 1280]
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def cards(real_site):
    return json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fixture_site_url(fixture_site):
    """The small fixture content, whose cards are tagged with challenges, built and served."""
    url, server = serve_directory(fixture_site)
    yield url
    server.shutdown()


def open_at(browser, width, javascript=True):
    context = browser.new_context(
        locale="sv-SE", viewport={"width": width, "height": 800}, java_script_enabled=javascript
    )
    return context, context.new_page()


def fullest(cards, card_type, field=None):
    of_type = [c for c in cards["cards"] if c["type"] == card_type and (field is None or c.get(field))]
    return max(of_type, key=lambda c: (len(json.dumps(c, ensure_ascii=False)), c["id"]))


@pytest.mark.parametrize("width", WIDTHS)
def test_start_page_search_figures_and_challenges_without_javascript(browser, site_url, cards, width):
    context, page = open_at(browser, width, javascript=False)
    try:
        page.goto(site_url)
        box = page.get_by_label("Sök metod, labb eller projekt")
        assert box.is_visible() and page.locator("label[for=mb-front-sok]").is_visible()
        assert box.bounding_box()["y"] + box.bounding_box()["height"] <= 800  # on the first screen
        figures = page.locator(".mb-figures li").all_inner_texts()
        counted = {t: sum(c["type"] == t for c in cards["cards"]) for t in ("method", "lab", "project")}
        municipalities = {c["municipality"] for c in cards["cards"] if c["type"] == "lab"} | {
            m for c in cards["cards"] if c["type"] == "project" for m in c["municipalities"]
        }
        assert [f.split()[0] for f in figures] == [
            str(counted["method"]),
            str(counted["lab"]),
            str(counted["project"]),
            str(len(municipalities)),
        ]
        challenges = cards["taxonomy"]["challenges"]
        tiles = page.locator(".mb-challenges a")
        assert tiles.count() == len(challenges)
        assert [tiles.nth(i).get_attribute("href") for i in range(tiles.count())] == [
            f"utmaningar/{t['id']}/" for t in challenges
        ]
        assert page.evaluate(NO_SIDEWAYS)
        box.fill("läxhjälp")
        box.press("Enter")
        page.wait_for_url("**/hitta/**")
        assert page.url == site_url + "hitta/?sok=" + quote("läxhjälp")
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_challenge_page_methods_first_with_badges_then_labs_and_lessons(browser, fixture_site_url, width):
    context, page = open_at(browser, width)
    try:
        page.goto(fixture_site_url)
        page.locator(".mb-challenges a", has_text="Unga som driver runt").click()
        page.wait_for_url(fixture_site_url + "utmaningar/unga-ute-kvallstid/")
        page.wait_for_load_state("domcontentloaded")  # the address changes before the new page is parsed
        headings = page.locator(".md-content h2").all_inner_texts()
        assert [h.strip(" ¶") for h in headings] == ["Metoder (1)", "Labb (1)", "Lärdomar (1)"]
        tile = page.locator(".mb-tile").first
        assert tile.locator("h3").inner_text().strip(" ¶") == "Samtalskväll"
        badges = tile.locator(".mb-tile-badges li")
        assert [b.split(":")[0] for b in badges.all_inner_texts()] == ["Underlag", "Vad som krävs", "Prövad"]
        assert all(badges.nth(i).is_visible() for i in range(3))
        assert page.evaluate(NO_SIDEWAYS)
        assert axe_violations(page) == []  # with tiles and a sort control, which the real site may not have yet
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_method_tiles_can_be_reordered_and_list_everything_without_javascript(browser, site_url, cards, width):
    methods = [c for c in cards["cards"] if c["type"] == "method"]
    context, page = open_at(browser, width)
    try:
        page.goto(site_url + "metoder/")
        tiles = page.locator(".mb-tiles .mb-tile")
        assert tiles.count() == len(methods)
        first = tiles.first.bounding_box()
        assert first["x"] + first["width"] <= width
        if width == 1280:  # tiles side by side; on a phone one under the other
            assert tiles.nth(1).bounding_box()["y"] == first["y"]

        def ranks(key):
            return [int(r) for r in tiles.evaluate_all(f"ts => ts.map(t => t.dataset.{key})")]

        assert ranks("underlag") == sorted(ranks("underlag"), reverse=True)  # static order: best documented first
        page.get_by_label("Ordna metoderna").select_option(label="Oftast prövad först")
        assert ranks("provad") == sorted(ranks("provad"), reverse=True)
        assert "oftast prövad först" in page.locator(".mb-sort [role=status]").inner_text()
        page.get_by_label("Ordna metoderna").select_option(label="Namn A–Ö")
        titles = [t.strip(" ¶") for t in page.locator(".mb-tile h2").all_inner_texts()]
        assert titles == page.evaluate("ts => [...ts].sort((a, b) => a.localeCompare(b, 'sv'))", titles)
        assert page.evaluate(NO_SIDEWAYS)
    finally:
        context.close()
    context, page = open_at(browser, width, javascript=False)
    try:
        page.goto(site_url + "metoder/")
        assert page.locator(".mb-tiles .mb-tile").count() == len(methods)
        assert page.locator(".mb-sort").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_decision_box_at_the_top_of_method_lab_and_project_cards(browser, site_url, cards, width):
    context, page = open_at(browser, width)
    try:
        for card_type in ("method", "lab", "project"):
            card = fullest(cards, card_type)
            page.goto(site_url + card["url"])
            box = page.locator(".mb-decision")
            assert box.count() == 1 and box.is_visible(), card["id"]
            first_section = page.locator(".md-content h2").nth(1)  # the first heading after "I korthet"
            assert box.bounding_box()["y"] < first_section.bounding_box()["y"]
            parts = [h.strip(" ¶") for h in box.locator("h3").all_inner_texts()]
            assert parts[0] == "Fungerade det?" and parts[-1] == "Vem kan berätta mer", parts
            worked = box.locator(".mb-decision-worked p").first.inner_text().strip()
            assert worked.startswith(("Mätt:", "Inte mätt:", "Enligt källan:")), worked
            icons = box.locator(".mb-icon")  # CSS masks on empty spans: the sanitiser keeps SVG out of card pages
            assert icons.count() >= 4 and icons.first.bounding_box()["width"] > 0
            assert all(icons.nth(i).get_attribute("aria-hidden") == "true" for i in range(icons.count()))
            for link in box.locator(".mb-decision-tried a:not(.headerlink)").all():
                assert any(part in link.get_attribute("href") for part in ("labb/", "projekt/", "metoder/"))
            if card_type == "method":
                assert "Lokal (rum att vara i):" in box.inner_text()
            assert page.evaluate(NO_SIDEWAYS), card["id"]
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_shows_requirements_and_stacks_on_phones(browser, site_url, cards, width):
    chosen = sorted(c["id"] for c in cards["cards"] if c["type"] == "method")[:2]
    context, page = open_at(browser, width)
    try:
        # Two m parameters, as a plain form (or a finder result link) sends them.
        page.goto(site_url + f"jamfor/?m={chosen[0]}&m={chosen[1]}")
        page.wait_for_selector(".mb-compare-result section", state="attached")
        table, stack = page.locator(".mb-compare-scroll"), page.locator(".mb-compare-stack")
        if width == 375:
            assert stack.is_visible() and not table.is_visible()
            blocks = stack.locator("section")
            assert blocks.count() == 2
            for i in range(2):
                terms = blocks.nth(i).locator("dt").all_inner_texts()
                assert {"Fungerade det?", "Vad som krävs", "Här har den prövats", "Vem kan berätta mer"} <= set(terms)
        else:
            assert table.is_visible() and not stack.is_visible()
            rows = page.locator(".mb-compare-table tbody th").all_inner_texts()
            assert rows[:5] == [
                "Sammanfattning",
                "Fungerade det?",
                "Vad som krävs",
                "Här har den prövats",
                "Vem kan berätta mer",
            ]
        needs = page.locator(".mb-compare-result :is(td, dd)", has_text="Lokal (rum att vara i):")
        assert needs.count() >= 2
        assert page.evaluate(NO_SIDEWAYS)
        assert page.locator("#mb-compare input:checked").count() == 2
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_lab_goals_and_project_tables_are_stacked_blocks_on_phones(browser, site_url, cards, width):
    context, page = open_at(browser, width)
    try:
        for card in (fullest(cards, "lab", "goals"), fullest(cards, "project", "funding")):
            page.goto(site_url + card["url"])
            cell = page.locator(".mb-stack-table td").first
            display = cell.evaluate("td => getComputedStyle(td).display")
            assert display == ("block" if width == 375 else "table-cell"), card["id"]
            if width == 375:
                label = cell.evaluate("td => getComputedStyle(td, '::before').content")
                assert label.strip('"') == cell.get_attribute("data-label")
            assert page.locator(".md-typeset__scrollwrap .mb-stack-table").count() == 0
            assert page.evaluate(NO_SIDEWAYS), card["id"]
    finally:
        context.close()
