"""The contribution forms in a real browser: a card made with the form validates and builds unchanged,
"Vi har provat metoden" makes a project linked to the method, the id follows the scaffold's slug rules,
and nothing leaves the browser before the contributor follows the GitHub link."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from metodbanken.content.badges import tried_badge
from metodbanken.content.link import LinkGraph
from metodbanken.content.load import load_card, load_cards
from metodbanken.content.scaffold import slugify
from metodbanken.content.validate import validate
from metodbanken.exports.form_spec import read_period
from metodbanken.taxonomy import load_taxonomy
from support import FIXTURE_CONTENT, REPO, copy_site_skeleton, mkdocs_build

NEW_FILE = "https://github.com/metodbanken/metodbanken/new/main/"
# Text that breaks hand-written YAML: ': ', ' #', quotes, a leading dash or bracket, a newline, a tab.
TRICKY = "Mål: fler möten # i kvarteret – \"öppet\" för alla\noch 'välkomna'"
TRICKY_START = "- [börjar] * med tecken\tsom YAML läser: 🙂 \u2028 \x7f \\ slut"


def wait_ready(page) -> None:
    page.wait_for_selector("#mb-form[data-ready=true]")


def block(page, name: str):
    return page.locator(f"#mb-form-fields > .mb-form-field[data-name={name}]")


def fill_required(page, title: str) -> None:
    """Fill every required field shown, the way a contributor would, by kind."""
    for handle in page.locator("#mb-form-fields > .mb-form-field").all():
        name, kind = handle.get_attribute("data-name"), handle.get_attribute("data-kind")
        required = "(obligatoriskt)" in handle.locator("label, legend").first.inner_text()
        if not required:
            continue
        if name == "title":
            handle.locator("input").fill(title)
        elif kind in ("text", "markdown"):
            handle.locator("input, textarea").first.fill(TRICKY if kind == "markdown" else f"{name}: {TRICKY_START} #1")
        elif kind == "text_list":
            handle.locator("textarea").first.fill(TRICKY_START)
        elif kind in ("taxonomy_list", "card_ref_list"):
            handle.locator("input[type=checkbox]").first.check()
        elif kind in ("taxonomy", "card_ref"):
            handle.locator("select").select_option(index=1)
        elif kind == "period":
            handle.locator("[data-part=start]").fill("2021")
            handle.locator("[data-part=end]").fill("2023")
        elif kind == "objects":
            for sub in handle.locator(".mb-form-record .mb-form-field").all():
                if "(obligatoriskt)" not in sub.locator("label").first.inner_text():
                    continue
                if sub.get_attribute("data-kind") in ("taxonomy", "card_ref"):
                    sub.locator("select").select_option(index=1)
                else:
                    sub.locator("input, textarea").first.fill(TRICKY)
        else:
            raise AssertionError(f"ingen ifyllnad för fältsorten {kind} ({name})")


def wait_valid(page) -> None:
    page.wait_for_function("() => document.querySelector('.mb-form-status--ok') !== null")


def prefilled(page) -> tuple[str, str, str]:
    """(folder, file name, card text) from the GitHub link, as GitHub would read them."""
    href = page.locator("a", has_text="Skapa en pull request på GitHub").get_attribute("href")
    assert href.startswith(NEW_FILE), href
    parts = urlsplit(href)
    query = parse_qs(parts.query, keep_blank_values=True)
    return parts.path.rsplit("/", 1)[-1], query["filename"][0], query["value"][0]


@pytest.fixture
def recorded(browser):
    """A page whose requests are recorded, to show that the form sends nothing anywhere."""
    context = browser.new_context(locale="sv-SE")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    yield page, requests
    context.close()


def test_method_form_makes_a_card_that_validates_and_builds_unchanged(site_url, recorded, tmp_path):
    page, requests = recorded
    page.goto(site_url + "foresla-metod/")
    wait_ready(page)
    assert page.locator("a", has_text="Skapa en pull request på GitHub").get_attribute("aria-disabled") == "true"
    fill_required(page, 'Språkcafé för "föräldrar": kväll # 2')
    page.locator(".mb-form textarea").last.fill("Så går det till: vi träffas # varje vecka.\n\n- En punkt.")
    if block(page, "documentation").locator("select").input_value() == "matt-resultat":
        # A method with measured results must show them (validate.py), and the form says so too.
        page.wait_for_function(
            "() => document.querySelector('.mb-form-problems').textContent.includes('inga resultat')"
        )
        block(page, "results").locator("textarea").first.fill("40 % fler deltog: se källan.")
    wait_valid(page)
    folder, filename, text = prefilled(page)
    assert (folder, filename) == ("methods", "sprakcafe-for-foraldrar-kvall-2.md")
    # The text shown, downloaded and copied is the text in the link.
    assert page.locator(".mb-form-yaml").inner_text() == text
    local = urlsplit(site_url).netloc
    assert [u for u in requests if urlsplit(u).netloc != local and not u.startswith(("data:", "blob:"))] == []

    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    card_path = project / folder / filename
    card_path.write_text(text, encoding="utf-8")
    card, problems = load_card(card_path, project)
    assert problems == [] and validate([card], load_taxonomy()) == []
    assert card.data["title"] == 'Språkcafé för "föräldrar": kväll # 2'
    # Invisible characters pasted with the text are cleaned away: LS becomes a space, DEL goes.
    assert card.data["who_runs_it"] == TRICKY and card.data["steps"] == [
        TRICKY_START.replace("\u2028", " ").replace("\x7f", "")
    ]
    assert card.body.startswith("Så går det till: vi träffas # varje vecka.")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    built = (tmp_path / "site" / "metoder" / "sprakcafe-for-foraldrar-kvall-2" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Språkcafé för &quot;föräldrar&quot;: kväll # 2" in built or 'Språkcafé för "föräldrar": kväll # 2' in built


@pytest.mark.parametrize(("type_name", "url"), [("project", "foresla-projekt/"), ("lab", "foresla-labb/")])
def test_project_and_lab_forms_make_valid_cards(type_name, url, site_url, page, tmp_path):
    page.goto(site_url + url)
    wait_ready(page)
    fill_required(page, f"Nytt {type_name} i Test")
    wait_valid(page)
    folder, filename, text = prefilled(page)
    (tmp_path / folder).mkdir()
    (tmp_path / folder / filename).write_text(text, encoding="utf-8")
    card, problems = load_card(tmp_path / folder / filename, tmp_path)
    assert problems == [] and validate([card], load_taxonomy()) == []
    assert card.type == type_name


def test_repeatable_lists_and_nested_records_add_and_remove(site_url, page):
    page.goto(site_url + "foresla-projekt/")
    wait_ready(page)
    funding = block(page, "funding")
    funding.get_by_role("button", name="Lägg till en post i finansiering").click()
    funding.get_by_role("button", name="Lägg till en post i finansiering").click()
    records = funding.locator(".mb-form-record")
    assert records.count() == 2
    records.nth(0).locator(".mb-form-field[data-name=funder] input").fill("Stiftelsen A")
    records.nth(1).locator(".mb-form-field[data-name=funder] input").fill("Kommunen")
    records.nth(1).locator(".mb-form-field[data-name=amount_sek] input").fill("250000")
    funding.get_by_role("button", name="Ta bort finansiering 1").click()
    page.wait_for_function(
        "() => document.querySelector('.mb-form-yaml').textContent.includes('Kommunen')"
        " && !document.querySelector('.mb-form-yaml').textContent.includes('Stiftelsen')"
    )
    text = page.locator(".mb-form-yaml").inner_text()
    data = yaml.safe_load(text.split("---")[1])
    assert data["funding"] == [{"funder": "Kommunen", "amount_sek": 250000}]
    assert funding.locator(".mb-form-record legend").first.inner_text() == "Finansiering, post 1"


def test_errors_are_swedish_and_name_the_field(site_url, page):
    page.goto(site_url + "foresla-metod/")
    wait_ready(page)
    block(page, "summary").locator("textarea").fill("x" * 401)
    page.get_by_role("button", name="Visa alla fel i formuläret").click()
    summary_error = block(page, "summary").locator(".mb-form-error")
    assert summary_error.inner_text() == "Texten är för lång: högst 400 tecken."
    assert "Fokusområden: Välj minst ett alternativ." in page.locator(".mb-form-problems").inner_text()
    assert page.locator("a", has_text="Skapa en pull request på GitHub").get_attribute("href") is None
    # A taken id is refused before anything is sent.
    cards, _ = load_cards(REPO)
    taken = next(c for c in cards if slugify(c.title) == c.id)
    block(page, "title").locator("input").fill(taken.title)
    page.wait_for_function("() => document.querySelector('.mb-form-problems').textContent.includes('finns redan')")


def test_tried_form_from_a_method_card_links_the_method_and_counts_in_provad(real_site, site_url, page, tmp_path):
    cards, _ = load_cards(REPO)
    method = next(c for c in sorted(cards, key=lambda c: c.id) if c.type == "method")
    page.goto(site_url + f"metoder/{method.id}/")
    page.get_by_role("link", name="Vi har provat metoden").click()
    wait_ready(page)
    assert method.title in page.locator(".mb-form-tried").inner_text()
    labels = page.locator("#mb-form-fields > .mb-form-field").evaluate_all(
        "bs => bs.map(b => b.querySelector('label, legend').textContent)"
    )
    for wanted in ("Var", "När", "Vad ni gjorde", "Vad som hände", "Vad ni skulle ändra", "Organisation"):
        assert any(label.startswith(wanted) for label in labels), (wanted, labels)
    fill_required(page, "Vi provade i Test")
    block(page, "results").locator("textarea").first.fill("Fler grannar kände varandra efter ett år.")
    block(page, "lessons_learned").locator("textarea").first.fill("Börja tidigare på hösten.")
    wait_valid(page)
    folder, filename, text = prefilled(page)
    assert folder == "projects"
    (tmp_path / "projects").mkdir()
    (tmp_path / "projects" / filename).write_text(text, encoding="utf-8")
    card, problems = load_card(tmp_path / "projects" / filename, tmp_path)
    assert problems == []
    assert card.data["methods"] == [{"method": method.id, "relation": "anvander"}]
    taxonomy = load_taxonomy()
    assert validate(cards + [card], taxonomy) == []
    before = tried_badge(method, LinkGraph(cards), taxonomy).rank
    assert tried_badge(method, LinkGraph(cards + [card]), taxonomy).rank == before + 1


def test_tried_page_without_a_method_asks_for_one(site_url, page):
    page.goto(site_url + "provat/")
    select = page.get_by_label("Vilken metod har ni provat?")
    select.select_option(index=1)
    page.get_by_role("button", name="Fortsätt").click()
    wait_ready(page)
    assert "metod=" in page.url


TITLES = [
    "Språkcafé för föräldrar",
    "Ærø & Øresund – ß-straße",
    "  Deep   Talk  ",
    "Ünïcödé ñ ç",
    "100 % Läxhjälp!",
    "Ꭰ only",
    "İstanbul-gruppen",
    "ﬁlmklubb",
    "Mötesplats: Hertsön # 2",
    "ǅemal",
    "Łódź",
    "Þórshöfn ð",
]


def test_card_id_follows_the_scaffold_slug_rules(site_url, page):
    page.goto(site_url + "foresla-metod/")
    wait_ready(page)
    for title in TITLES:
        assert page.evaluate(
            "t => window.metodbankenSlugify(t.split(/\\s+/).filter(Boolean).join(' '))", title
        ) == slugify(" ".join(title.split())), title


def test_form_with_errors_shown_and_the_tried_form_have_no_accessibility_violations(real_site, site_url, page):
    from site_pages import axe_violations

    page.goto(site_url + "foresla-projekt/")
    wait_ready(page)
    block(page, "funding").get_by_role("button", name="Lägg till en post i finansiering").click()
    page.get_by_role("button", name="Visa alla fel i formuläret").click()
    page.wait_for_selector(".mb-form-error:not([hidden])")
    assert axe_violations(page) == []
    cards, _ = load_cards(REPO)
    method = next(c for c in cards if c.type == "method")
    page.goto(site_url + f"provat/?metod={method.id}")
    wait_ready(page)
    fill_required(page, "Vi provade")
    wait_valid(page)
    assert axe_violations(page) == []


def test_download_and_copy_give_the_card_text(browser, site_url, tmp_path):
    context = browser.new_context(locale="sv-SE", accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    try:
        page.goto(site_url + "foresla-labb/")
        wait_ready(page)
        fill_required(page, "Labbet: på Gården")
        wait_valid(page)
        text = page.locator(".mb-form-yaml").inner_text()
        with page.expect_download() as info:
            page.get_by_role("button", name="Ladda ner filen").click()
        download = info.value
        assert download.suggested_filename == "labbet-pa-garden.md"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        assert saved.read_text(encoding="utf-8") == text
        page.get_by_role("button", name="Kopiera").click()
        page.get_by_text("Kortet är kopierat.").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == text
    finally:
        context.close()


# ---- a form that never breaks ----
PERIODS = [
    ("2023", ""),
    ("2023-09", ""),
    ("2023-9-1", "2024"),
    ("september 2023", ""),
    ("Sept. 2023", "dec 2024"),
    ("12 mars 2021", ""),
    ("2019–2021", ""),
    ("2019-2021", ""),
    ("2019 - 2021", ""),
    ("2019 till 2021", ""),
    ("2019–", ""),
    ("okänd", "2020"),
    ("OKÄND", ""),
    ("hösten 2023", ""),
    ("våren", ""),
    ("ma 2023", ""),
    ("2023-13", ""),
    ("2023-02-29", ""),
    ("2024-02-29", ""),
    ("1850", ""),
    ("2021", "2019"),
    ("2021", "2021-05"),
    ("", "2020"),
    ("  ", " "),
    ("٢٠٢٣", ""),
    ("maj 2023 – juni 2024", ""),
]


def test_period_is_read_alike_in_the_form_and_in_python(site_url, page):
    page.goto(site_url + "foresla-labb/")
    wait_ready(page)
    for start, end in PERIODS:
        found = page.evaluate("([s, e]) => window.metodbankenReadPeriod(s, e)", [start, end])
        assert (found["period"], found["problem"]) == read_period(start, end), (start, end)


def forms(cards) -> list[str]:
    method = next(c for c in sorted(cards, key=lambda c: c.id) if c.type == "method")
    return ["foresla-metod/", "foresla-projekt/", "foresla-labb/", f"provat/?metod={method.id}"]


# What new users typed: dates in words, emoji, 5 000 characters, right-to-left text, quotes, YAML's own
# syntax, HTML and nothing but spaces.
AWKWARD = {
    "datum i ord": "hösten 2023",
    "emoji": "Möte 🙂🏘️ med grannar 👍🏽",
    "5 000 tecken": ("långt " * 834)[:5000],
    "höger till vänster": "مرحبا بالجيران في الحي ושלום לשכנים",
    "citattecken": "\"Citat\" och 'enkla' och „svenska” och »franska« \\ slut",
    "YAML": "key: value\n- item\nslut # kommentar\n---\n&ankare *alias ! %tag @ `x` | > [a, b] {c: d}",
    "HTML": "<b>fet</b> <script>alert(1)</script> &amp;",
    "bara mellanslag": "     ",
}
# Free text the form should take as it is (the others are refused with a message).
TAKEN = {"datum i ord", "emoji", "höger till vänster", "citattecken", "YAML"}


def settled(page) -> None:
    page.wait_for_function("() => !document.getElementById('mb-form').dataset.checking")


def open_every_record(page) -> None:
    for button in page.locator("#mb-form-fields .mb-form-add").all():
        if "post" in button.inner_text() and button.locator("xpath=..").locator(".mb-form-record").count() == 0:
            button.click()


def fill_choices(page) -> None:
    """One choice in every choice field, a period and a date, so that only the free text decides."""
    for handle in page.locator("#mb-form-fields .mb-form-field").all():
        control, kind = handle.get_attribute("data-control"), handle.get_attribute("data-kind")
        if control == "checkboxes":
            handle.locator("input[type=checkbox]").first.check()
        elif control == "combobox":
            handle.get_by_role("combobox").fill("")
            handle.get_by_role("combobox").press("ArrowDown")
            handle.get_by_role("combobox").press("Enter")
        elif control == "select":
            # The last choice: for a method's documentation the level that asks nothing of the other fields.
            handle.locator("select").select_option(index=handle.locator("option").count() - 1)
        elif control == "period":
            handle.locator("[data-part=start]").fill("2021")
            handle.locator("[data-part=end]").fill("2023")
        elif kind in ("date", "date_or_month"):
            handle.locator("input").fill("2023-05-04")


def free_text_controls(page):
    """Every control that takes free text: texts, lists, records' texts and the card's own text."""
    found = []
    for handle in page.locator("#mb-form-fields .mb-form-field").all():
        if handle.get_attribute("data-kind") in ("text", "markdown", "text_list"):
            found += handle.locator(":scope > input, :scope > textarea, .mb-form-items textarea").all()
    return found + [page.locator(".mb-form > .mb-form-field textarea").last]


def problems_shown(page) -> list[str]:
    return page.locator(".mb-form-problems li").all_inner_texts()


def offered_card(page) -> str | None:
    """The card text the form would send, or None when it says the card is not ready."""
    if page.locator(".mb-form-status--ok").count() == 0:
        return None
    return page.locator(".mb-form-yaml").text_content()


def validates_in_python(text: str, cards, tmp_path) -> list:
    card_type = re.search(r"^type: (\w+)$", text, re.MULTILINE)[1]
    folder = {"method": "methods", "project": "projects", "lab": "labs"}[card_type]
    path = tmp_path / folder / "ett-nytt-kort.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    card, problems = load_card(path, tmp_path)
    return problems or validate([*cards, card], load_taxonomy())


def test_awkward_input_in_every_field_never_breaks_the_form(site_url, browser, tmp_path):
    cards, _ = load_cards(REPO)
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    try:
        for url in forms(cards):
            page.goto(site_url + url)
            wait_ready(page)
            open_every_record(page)
            every = page.locator(
                "#mb-form input:not([type=checkbox]):not([type=number]):not([role=combobox]), #mb-form textarea"
            ).all()
            # Every field, the period and the dates too, gets each text: nothing breaks and the check list keeps up.
            for name, text in AWKWARD.items():
                for control in every:
                    control.fill(text)
                settled(page)
                shown = problems_shown(page)
                assert shown and not any("undefined" in p or "null" in p for p in shown), (url, name, shown)
                assert offered_card(page) is None, (url, name)
                if name == "datum i ord" and page.locator("[data-control=period]").count():
                    assert any("Skriv året, t.ex. 2023, eller år och månad, t.ex. 2023-09" in p for p in shown)
                # Filled fields are not called empty; fields with only spaces are.
                empty = [p for p in shown if p.endswith("Fyll i fältet.")]
                assert bool(empty) == (name == "bara mellanslag"), (url, name, empty)
            # Now with the choices made: the free text alone decides, and a card offered validates in Python.
            for control in every:
                control.fill("")
            fill_choices(page)
            for name, text in AWKWARD.items():
                for control in free_text_controls(page):
                    control.fill(text)
                settled(page)
                card_text = offered_card(page)
                if name in TAKEN:
                    assert card_text is not None, (url, name, problems_shown(page))
                    assert validates_in_python(card_text, cards, tmp_path) == [], (url, name)
                else:
                    assert card_text is None and problems_shown(page), (url, name)
        assert errors == []
    finally:
        context.close()


def test_check_list_follows_each_change(site_url, page):
    page.goto(site_url + "foresla-labb/")
    wait_ready(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    start = block(page, "period").locator("[data-part=start]")
    title = block(page, "title").locator("input")
    for value, title_text, period_problem in [
        ("hösten 2023", "", "”hösten 2023” går inte att läsa"),
        ("2023", "Labbet", None),
        ("hösten 2023", "", "”hösten 2023” går inte att läsa"),
        ("september 2023", "Labbet igen", None),
    ]:
        start.fill(value)
        title.fill(title_text)
        settled(page)
        shown = "\n".join(problems_shown(page))
        assert ("Titel: Fyll i fältet." in shown) == (title_text == ""), shown
        assert (period_problem is not None and period_problem in shown) or (
            period_problem is None and "Period:" not in shown
        ), shown
    # Leaving the field shows what the card holds.
    start.fill("2019–2021")
    start.blur()
    settled(page)
    assert start.input_value() == "2019"
    assert block(page, "period").locator("[data-part=end]").input_value() == "2021"
    assert "- Slut" not in page.locator(".mb-form-yaml").text_content()
    assert 'start: "2019"' in page.locator(".mb-form-yaml").text_content()
    # A heading of the page's own level in the card's text is refused, as validation refuses it.
    body = page.locator(".mb-form > .mb-form-field textarea").last
    body.fill("Inledning.\n# Rubrik\nText.")
    settled(page)
    assert any(p.startswith("Brödtext: En rad som börjar med # eller ##") for p in problems_shown(page))
    body.fill("Inledning.\n### Rubrik\nText.")
    settled(page)
    assert not any(p.startswith("Brödtext") for p in problems_shown(page))
    assert errors == []
