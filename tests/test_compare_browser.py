"""Jämför metoder in Chromium: pick methods with mouse and keyboard, share the address, go back and forward."""

import json

import pytest

from support import REPO

CHOSEN = ["deep-talk", "integrationskor", "ungdomscafe"]
BOX = "#mb-compare input[type=checkbox]"
STATUS = "#mb-compare [role=status]"


@pytest.fixture(scope="module")
def data(real_site):
    return json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))


def labels(data, group, ids):
    terms = {t["id"]: t["label"] for t in data["taxonomy"][group]}
    return [terms[i] for i in ids]


def check_table(page, site_url, data, chosen):
    cards = {c["id"]: c for c in data["cards"]}
    page.wait_for_function("n => document.querySelectorAll('.mb-compare-table thead th').length === n", arg=len(chosen))
    heads = page.locator(".mb-compare-table thead th[scope=col]")
    assert [heads.nth(i).inner_text() for i in range(heads.count())] == [cards[i]["title"] for i in chosen]
    hrefs = [heads.nth(i).locator("a").get_attribute("href") for i in range(heads.count())]
    assert hrefs == [site_url + cards[i]["url"] for i in chosen]
    rows = {}
    for row in page.locator(".mb-compare-table tbody tr").all():
        rows[row.locator("th").inner_text()] = [cell.inner_text() for cell in row.locator("td").all()]
    for group, title in (("focus_areas", "Fokusområden"), ("target_groups", "Målgrupper"), ("actors", "Aktörer")):
        for cell, method_id in zip(rows[title], chosen, strict=False):
            assert cell.split("\n") == labels(data, group, cards[method_id][group])
    for cell, method_id in zip(rows["Framgångsfaktorer"], chosen, strict=False):
        assert len(cell.split("\n")) == len(cards[method_id]["success_factors"])
    for cell, method_id in zip(rows["Här har den prövats"], chosen, strict=False):
        for lab in cards[method_id].get("tested_in", []):
            assert cards[lab]["title"] in cell
    assert set(rows) >= {
        "Sammanfattning",
        "Vem driver",
        "Bostadsbolagets roll",
        "Resultat",
        "Underlag",
        "Fungerade det?",
        "Vad som krävs",
        "Vem kan berätta mer",
    }


def test_three_methods_side_by_side_shared_by_address(page, site_url, data):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + "jamfor/")
    page.wait_for_selector(BOX)
    assert not page.locator("#mb-compare-nojs").is_visible()
    methods = [c for c in data["cards"] if c["type"] == "method"]
    assert page.locator(BOX).count() == len(methods)
    for method in methods:  # every checkbox has its method's title as its label
        assert page.get_by_label(method["title"], exact=True).get_attribute("value") == method["id"]
    assert page.locator(STATUS).get_attribute("aria-live") == "polite"

    page.focus(f"#mb-compare-{CHOSEN[0]}")
    page.keyboard.press("Space")  # the keyboard works as well as the mouse
    assert "1 metod vald" in page.locator(STATUS).inner_text()
    page.get_by_label("Integrationskör", exact=True).check()
    page.locator(f"#mb-compare-{CHOSEN[2]}").check()
    assert page.locator(STATUS).inner_text().startswith("3 av högst 3 metoder valda")
    assert page.url == site_url + "jamfor/?m=" + ",".join(CHOSEN)
    assert page.locator(f"{BOX}:not(:checked):not(:disabled)").count() == 0  # at most three
    check_table(page, site_url, data, CHOSEN)

    page.go_back()  # back and forward step through the choices
    check_table(page, site_url, data, CHOSEN[:2])
    assert page.url == site_url + "jamfor/?m=" + ",".join(CHOSEN[:2])
    assert not page.locator(f"#mb-compare-{CHOSEN[2]}").is_checked()
    page.go_forward()
    check_table(page, site_url, data, CHOSEN)
    page.reload()
    check_table(page, site_url, data, CHOSEN)

    shared = page.context.new_page()  # someone opening the shared address sees the same comparison
    shared.on("request", lambda r: requests.append(r.url))
    shared.goto(site_url + "jamfor/?m=" + ",".join(CHOSEN))
    check_table(shared, site_url, data, CHOSEN)
    shared.locator(f"#mb-compare-{CHOSEN[1]}").uncheck()
    check_table(shared, site_url, data, [CHOSEN[0], CHOSEN[2]])
    shared.go_back()
    check_table(shared, site_url, data, CHOSEN)
    assert [u for u in requests if not u.startswith(site_url)] == []


def test_a_method_card_leads_to_the_comparison_with_itself_chosen(page, site_url):
    page.goto(site_url + "metoder/deep-talk/")
    page.get_by_role("link", name="Jämför med andra metoder").click()
    page.wait_for_selector(BOX)
    assert page.url == site_url + "jamfor/?m=deep-talk"
    assert page.locator("#mb-compare-deep-talk").is_checked()
    assert "Välj en eller två till" in page.locator(STATUS).inner_text()
    assert page.locator(".mb-compare-table").count() == 0


def test_without_javascript_the_page_says_so_and_links_the_methods(browser, site_url):
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "jamfor/")
    note = page.locator("#mb-compare-nojs")
    assert note.is_visible() and "behöver JavaScript" in note.inner_text()
    assert note.locator('a[href="../metoder/"]').count() == 1
    assert not page.locator("#mb-compare").is_visible()
    context.close()


def test_card_text_reaches_the_page_only_as_text():
    # compare.js and the DOM helpers it shares with the finder's modules.
    scripts = REPO / "docs" / "javascripts"
    for path in [scripts / "compare.js", scripts / "dom.js", scripts / "finder.js", *(scripts / "finder").glob("*.js")]:
        script = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in script, (path.name, sink)
