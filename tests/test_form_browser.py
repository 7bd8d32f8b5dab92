"""The contribution forms in a real browser: a card made with the form validates and builds unchanged,
"Vi har provat metoden" makes a project linked to the method, the id follows the scaffold's slug rules,
and nothing leaves the browser before the contributor follows the GitHub link."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

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
TRICKY_START = "- [börjar] * med tecken\tsom YAML läser: 🙂 \u2028 \x7f \u200f \\ slut"


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
        elif handle.get_attribute("data-control") == "combobox":
            choose_first(handle)
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
        elif kind in ("objects", "variant_objects"):
            # An entry of several forms: the first form's fields (a source: a document in the registry).
            within = (
                ".mb-form-record .mb-form-variant:first-of-type" if kind == "variant_objects" else ".mb-form-record"
            )
            for sub in handle.locator(f"{within} .mb-form-field").all():
                if "(obligatoriskt)" not in sub.locator("label").first.inner_text():
                    continue
                if sub.get_attribute("data-kind") in ("taxonomy", "card_ref"):
                    sub.locator("select").select_option(index=1)
                else:
                    sub.locator("input, textarea").first.fill(TRICKY)
        else:
            raise AssertionError(f"ingen ifyllnad för fältsorten {kind} ({name})")


def choose_first(handle) -> None:
    """The first option of a searchable choice, by keyboard."""
    box = handle.get_by_role("combobox")
    box.fill("")
    box.press("ArrowDown")
    box.press("Enter")


def measured_results_not_claimed(page) -> None:
    """A method's documentation level that asks nothing of its other fields (the last, 'omnämnd')."""
    documentation = block(page, "documentation").locator("select")
    if documentation.count():
        documentation.select_option(index=documentation.locator("option").count() - 1)


def wait_valid(page) -> None:
    settled(page)  # the check has caught up with the last change: an earlier state may have been valid too
    page.wait_for_function("() => document.querySelector('.mb-form-status--ok') !== null")


def prefilled(page) -> tuple[str, str, str]:
    """(folder, file name, card text) from the GitHub link, as GitHub would read them."""
    href = page.locator("a", has_text="Skicka via GitHub").get_attribute("href")
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
    assert page.locator("a", has_text="Skicka via GitHub").get_attribute("aria-disabled") == "true"
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
    assert page.locator(".mb-form-yaml").text_content() == text
    local = urlsplit(site_url).netloc
    assert [u for u in requests if urlsplit(u).netloc != local and not u.startswith(("data:", "blob:"))] == []

    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    card_path = project / folder / filename
    card_path.write_text(text, encoding="utf-8")
    card, problems = load_card(card_path, project)
    assert problems == [] and validate([card], load_taxonomy()) == []
    assert card.data["title"] == 'Språkcafé för "föräldrar": kväll # 2'
    # Invisible characters pasted with the text are cleaned away: LS becomes a space, DEL and RLM go.
    assert card.data["who_runs_it"] == TRICKY and card.data["steps"] == [
        TRICKY_START.replace("\u2028", " ").replace("\x7f", "").replace("\u200f", "")
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


def test_a_source_can_be_a_document_outside_the_registry_and_is_told_only_what_its_form_lacks(site_url, page, tmp_path):
    page.goto(site_url + "foresla-projekt/")
    wait_ready(page)
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    fill_required(page, "Trygghetsvandringar i Test")
    record = block(page, "sources").locator(".mb-form-record").first
    forms = record.locator(".mb-form-variant")
    assert forms.locator("legend").all_inner_texts() == ["Dokument i registret", "Eget dokument", "Egen redovisning"]
    forms.nth(0).locator("select").select_option("")
    forms.nth(0).locator(".mb-form-field[data-name=section] input").fill("")
    forms.nth(1).locator(".mb-form-field[data-name=title] input").fill("Trygghetsvandringar 2023")
    page.get_by_role("button", name="Visa alla fel i formuläret").click()
    problems = page.locator(".mb-form-problems")
    page.wait_for_function("() => document.querySelector('.mb-form-problems').textContent.includes('Utgivare')")
    # Only the fields of the form being filled in: the other forms' fields are not asked for.
    assert "Egen redovisning av" not in problems.inner_text() and "Dokument," not in problems.inner_text()
    forms.nth(1).locator(".mb-form-field[data-name=publisher] input").fill("Testbostäder AB")
    forms.nth(1).locator(".mb-form-field[data-name=published] input").fill("2024")
    forms.nth(1).locator(".mb-form-field[data-name=url] input").fill("http://example.org/rapport.pdf")
    page.wait_for_function("() => document.querySelector('.mb-form-problems').textContent.includes('https://')")
    forms.nth(1).locator(".mb-form-field[data-name=url] input").fill("https://example.org/rapport.pdf")
    wait_valid(page)
    folder, filename, text = prefilled(page)
    (tmp_path / folder).mkdir()
    (tmp_path / folder / filename).write_text(text, encoding="utf-8")
    card, problems_found = load_card(tmp_path / folder / filename, tmp_path)
    assert problems_found == [] and validate([card], load_taxonomy()) == []
    assert errors == []
    assert card.data["sources"] == [
        {
            "title": "Trygghetsvandringar 2023",
            "publisher": "Testbostäder AB",
            "published": "2024",
            "url": "https://example.org/rapport.pdf",
        }
    ]


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
    text = page.locator(".mb-form-yaml").text_content()
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
    assert page.locator("a", has_text="Skicka via GitHub").get_attribute("href") is None
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
    # No document given: the organisation filling in the form is the source, this month, and the card says so.
    owner = card.data["owner"]
    assert card.data["sources"] == [{"reported_by": owner, "reported": card.data["sources"][0]["reported"]}]
    assert re.fullmatch(r"\d{4}-\d{2}", card.data["sources"][0]["reported"])
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
        text = page.locator(".mb-form-yaml").text_content()
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
    # '---' starts a line but is not alone on it: alone under a line of text it would make that line a heading, and a
    # blank line before it would make two paragraphs; the form and validation refuse both (field-heading,
    # multi-paragraph), as the sweep of every field shows.
    "YAML": "key: value\n- item\nslut # kommentar\n--- ny del\n&ankare *alias ! %tag @ `x` | > [a, b] {c: d}",
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


def in_a_later_form(handle) -> bool:
    return handle.evaluate("h => Boolean(h.closest('.mb-form-variant:not(:first-of-type)'))")


def fill_choices(page) -> None:
    """One choice in every choice field, a period and a date, so that only the free text decides. Of an entry of
    several forms (a source), only the first form is filled in."""
    for handle in page.locator("#mb-form-fields .mb-form-field").all():
        if in_a_later_form(handle):
            continue
        control, kind = handle.get_attribute("data-control"), handle.get_attribute("data-kind")
        if control == "checkboxes":
            handle.locator("input[type=checkbox]").first.check()
        elif control == "combobox":
            choose_first(handle)
        elif control == "select":
            # The last choice: for a method's documentation the level that asks nothing of the other fields.
            handle.locator("select").select_option(index=handle.locator("option").count() - 1)
        elif control == "period":
            handle.locator("[data-part=start]").fill("2021")
            handle.locator("[data-part=end]").fill("2023")
        elif kind in ("date", "date_or_month"):
            handle.locator("input").fill("2023-05-04")


def free_text_controls(page):
    """Every control that takes free text: texts, lists, records' texts and the card's own text. Of an entry of
    several forms (a source), only the first form's: a person fills in one of them."""
    found = []
    for handle in page.locator("#mb-form-fields .mb-form-field").all():
        if in_a_later_form(handle):
            continue
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
    red_borders = 0
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
        # A text box in error is marked by more than its message: a red border, as text areas had.
        border = title.evaluate("el => getComputedStyle(el).borderTopColor")
        marked = title.get_attribute("aria-invalid") == "true"
        assert (border == "rgb(176, 0, 32)") == marked, border
        red_borders += marked
        assert (period_problem is not None and period_problem in shown) or (
            period_problem is None and "Period:" not in shown
        ), shown
    assert red_borders == 1  # the title emptied after it was filled
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
    assert any(p.startswith("Berätta mer: En rad som börjar med # eller ##") for p in problems_shown(page))
    body.fill("Inledning.\n### Rubrik\nText.")
    settled(page)
    assert not any(p.startswith("Berätta mer") for p in problems_shown(page))
    # Half a character pair (pasted from a broken document) cannot break the addresses the form builds.
    body.evaluate("el => { el.value = 'Trasig \\ud800 text'; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    settled(page)
    assert "Trasig \ufffd text" in page.locator(".mb-form-yaml").text_content()
    assert errors == []


# ---- plain words ----
# What a contributor who has never seen a card file should not have to read: file names and folders, ids,
# the tools' names.
DEVELOPER_WORDS = re.compile(
    r"taxonom|markdown|yaml|pull request|\bfork\b|\.md\b|\bid\b|id:t|filnamn|\b(?:methods|labs|projects|lessons)/"
    r"|\bstart:|\bend:",
    re.IGNORECASE,
)


def visible_text(page, typed: bool = True) -> str:
    """The page's text as shown; without `typed`, without the preview of what the test typed."""
    if typed:
        return page.locator(".md-content").inner_text()
    return page.evaluate(
        """() => {
            const preview = document.querySelector('.mb-form-rendered');
            preview.hidden = true;
            const text = document.querySelector('.md-content').innerText;
            preview.hidden = false;
            return text;
        }"""
    )


def test_forms_speak_plain_words_when_empty_with_errors_and_filled(site_url, page):
    cards, _ = load_cards(REPO)
    for url in forms(cards):
        page.goto(site_url + url)
        wait_ready(page)
        assert not DEVELOPER_WORDS.search(visible_text(page)), (url, DEVELOPER_WORDS.search(visible_text(page)))
        page.get_by_role("button", name="Visa alla fel i formuläret").click()
        # HTML in a text brings the text rules' advice on screen too.
        block(page, "summary").locator("input, textarea").fill("<b>Fet</b> text")
        settled(page)
        text = visible_text(page)
        assert not DEVELOPER_WORDS.search(text), (url, DEVELOPER_WORDS.search(text))
        assert "Välj minst ett alternativ." in text and "Fyll i fältet." in text
        assert "Kortet granskas av redaktionen innan det publiceras." in text
        fill_required(page, "Läxhjälp på Gården")
        block(page, "summary").locator("input, textarea").fill("Läxhjälp två kvällar i veckan.")
        measured_results_not_claimed(page)
        wait_valid(page)
        assert not DEVELOPER_WORDS.search(visible_text(page, typed=False)), url
    # The card as text is there for whoever wants it, behind a click.
    page.get_by_text("Visa kortet som text").click()
    assert "type: project" in visible_text(page)


# ---- sending without a GitHub account ----
EDITORS = "redaktionen@metodbanken.se"  # mkdocs.yml's extra.metodbanken.editors_email
MAILTO_LIMIT = 1800  # form.js


def mail_parts(page) -> tuple[str, str, str, str]:
    """(href, address, subject, body) of the "Skicka med e-post" link, as a mail program reads them."""
    href = page.locator("a", has_text="Skicka med e-post").get_attribute("href")
    assert href and href.startswith("mailto:"), href
    address, _, query = href.removeprefix("mailto:").partition("?")
    fields = parse_qs(query, keep_blank_values=True)
    return href, unquote(address), fields["subject"][0], fields["body"][0]


def test_send_by_mail_puts_the_card_in_a_message_to_the_editors(site_url, recorded, tmp_path):
    page, requests = recorded
    page.goto(site_url + "foresla-labb/")
    wait_ready(page)
    mail = page.locator("a", has_text="Skicka med e-post")
    assert mail.get_attribute("href") is None and mail.get_attribute("aria-disabled") == "true"
    fill_required(page, "Labbet på Gården")
    wait_valid(page)
    href, address, subject, body = mail_parts(page)
    text = page.locator(".mb-form-yaml").text_content()
    assert address == EDITORS and subject == "Förslag till Metodbanken: Labbet på Gården"
    assert len(href) <= MAILTO_LIMIT and body.endswith(text) and body.startswith("Hej!")
    assert page.locator(".mb-form-note").is_hidden()
    # The card in the message is the card: it validates in Python.
    assert validates_in_python(body[body.index("---\n") :], load_cards(REPO)[0], tmp_path) == []
    local = urlsplit(site_url).netloc
    assert [u for u in requests if urlsplit(u).netloc != local and not u.startswith(("data:", "blob:"))] == []


def test_a_card_too_long_for_a_mail_asks_for_the_file_and_sends_its_beginning(site_url, page):
    page.goto(site_url + "foresla-labb/")
    wait_ready(page)
    fill_required(page, "Labbet på Gården")
    page.locator(".mb-form > .mb-form-field textarea").last.fill(
        "Ett långt stycke om labbet, med å, ä och ö som tar mer plats i en adress. " * 40
    )
    wait_valid(page)
    href, address, _, body = mail_parts(page)
    text = page.locator(".mb-form-yaml").text_content()
    assert address == EDITORS and len(href) <= MAILTO_LIMIT
    assert "bifogade filen" in body and body.endswith("\n[…]")
    kept = body[body.index("---\n") : -len("\n[…]")]
    assert text.startswith(kept) and len(kept) > 500  # as much as fits, not a token beginning
    assert page.locator(".mb-form-note").is_visible()
    assert "bifoga den" in page.locator(".mb-form-note").inner_text()


def test_download_and_mail_wait_for_a_valid_card(site_url, page):
    page.goto(site_url + "foresla-metod/")
    wait_ready(page)
    # aria-disabled, not disabled: the button can still be reached and says why nothing happens.
    page.get_by_role("button", name="Ladda ner filen").click(force=True)
    page.get_by_text("Rätta först det som står i listan ovan").wait_for()


# ---- the searchable choice ----
def test_municipalities_are_chosen_by_typing_and_keyboard_and_shown_as_removable_chips(site_url, page):
    page.goto(site_url + "foresla-projekt/")
    wait_ready(page)
    field = block(page, "municipalities")
    box = field.get_by_role("combobox", name="Kommun: sök och välj")
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    assert box.get_attribute("aria-expanded") == "false" and listbox.get_attribute("role") == "listbox"
    # All 290 municipalities: "Mal" offers Malmö, as the issue asks; "götebo" narrows to one.
    box.fill("Mal")
    assert box.get_attribute("aria-expanded") == "true"
    assert "Malmö" in listbox.get_by_role("option").all_inner_texts()
    box.fill("götebo")
    assert listbox.get_by_role("option").all_inner_texts() == ["Göteborg"]
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Enter")
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() == ""
    assert field.locator(".mb-form-chip").all_inner_texts()[0].startswith("Göteborg")
    # Letters without their marks find the name too, and a chosen one is not offered again.
    box.fill("norrko")
    assert listbox.get_by_role("option").all_inner_texts() == ["Norrköping"]
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.fill("")
    box.press("ArrowDown")
    assert "Göteborg" not in listbox.get_by_role("option").all_inner_texts()
    box.press("ArrowDown")
    box.press("Enter")
    settled(page)
    assert page.locator(".mb-form-yaml").text_content().count('\n  - "') >= 2
    field.get_by_role("button", name="Ta bort Göteborg").click()
    settled(page)
    assert "goteborg" not in page.locator(".mb-form-yaml").text_content()
    assert box.evaluate("el => el === document.activeElement")
    assert "Göteborg borttagen." in field.locator("[aria-live]").inner_text()


def with_290_municipalities(page) -> list[dict]:
    """Serve a form.json whose municipalities are the 290 of Sweden's size (synthetic names, Malmö among them)."""
    names = ["Malmö", "Malung-Sälen", "Ale", "Övertorneå"] + [f"Kommun {n:03d}" for n in range(286)]
    choices = [{"id": slugify(name), "label": name} for name in names]

    def fulfil(route):
        spec = route.fetch().json()
        for field in spec["types"]["project"]["fields"]:
            if field["name"] == "municipalities":
                field["choices"] = choices
        route.fulfill(json=spec)

    page.route("**/data/form.json", fulfil)
    return choices


@pytest.mark.parametrize("width", [375, 1280])
def test_searchable_choice_with_290_municipalities_by_keyboard_and_touch(width, site_url, browser):
    from site_pages import axe_violations

    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 800}, has_touch=width < 500)
    page = context.new_page()
    try:
        choices = with_290_municipalities(page)
        page.goto(site_url + "foresla-projekt/")
        wait_ready(page)
        field = block(page, "municipalities")
        box = field.get_by_role("combobox")
        options = page.locator(f"#{box.get_attribute('aria-controls')}").get_by_role("option")
        box.press("ArrowDown")
        assert options.count() == len(choices) == 290
        box.fill("Mal")
        assert options.all_inner_texts() == ["Malmö", "Malung-Sälen"]
        assert axe_violations(page) == []  # with the list open
        if width < 500:
            options.filter(has_text="Malung-Sälen").tap()
        else:
            box.press("ArrowDown")
            box.press("Enter")
        chips = field.locator(".mb-form-chip")
        assert chips.all_inner_texts()[0].startswith("Malmö" if width >= 500 else "Malung-Sälen")
        box.fill("över")
        assert options.all_inner_texts() == ["Övertorneå"]
        box.press("Enter")  # the only option
        assert chips.count() == 2
        box.press("Backspace")  # the last chip goes with Backspace in an empty box
        assert chips.count() == 1
    finally:
        context.close()


# ---- every form at a phone's and a desktop's width ----
@pytest.mark.parametrize("width", [375, 1280])
def test_every_form_with_errors_and_filled_is_accessible_and_fits(width, real_site, site_url, browser):
    from site_pages import axe_violations

    cards, _ = load_cards(REPO)
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for url in forms(cards):
            page.goto(site_url + url)
            wait_ready(page)
            page.get_by_role("button", name="Visa alla fel i formuläret").click()
            page.wait_for_selector(".mb-form-error:not([hidden])")
            assert axe_violations(page) == [], url
            fill_required(page, "Läxhjälp på Gården")
            measured_results_not_claimed(page)
            wait_valid(page)
            assert axe_violations(page) == [], url
            # Nothing sticks out sideways on a phone.
            assert page.evaluate("document.documentElement.scrollWidth") <= width, url
    finally:
        context.close()


def test_searchable_choice_without_a_match_says_so(site_url, page):
    from site_pages import axe_violations

    page.goto(site_url + "foresla-projekt/")
    wait_ready(page)
    box = block(page, "municipalities").get_by_role("combobox")
    box.fill("zzz")
    options = page.locator(f"#{box.get_attribute('aria-controls')}").get_by_role("option")
    assert options.all_inner_texts() == ["Ingen träff"]
    box.press("Enter")
    assert block(page, "municipalities").locator(".mb-form-chip").count() == 0
    assert axe_violations(page) == []


def test_check_errors_of_any_shape_get_a_swedish_message(site_url, page):
    """Ajv's errors as the form reads them: keyword and params only, any of them missing or unknown."""
    page.goto(site_url + "foresla-labb/")
    wait_ready(page)
    for error, message in [
        ({"keyword": "maxLength", "params": {"limit": 400}}, "Texten är för lång: högst 400 tecken."),
        ({"keyword": "maxLength", "params": {}}, "Texten är för lång."),
        ({"keyword": "pattern"}, "Texten har inte den form som fältet kräver."),
        ({"keyword": "pattern", "params": {"pattern": "\\S"}}, "Fältet får inte vara tomt."),
        ({"keyword": "minimum", "params": {"limit": 0}}, "Talet är för litet: minst 0."),
        ({"keyword": "dependentRequired", "params": {"property": "x"}}, None),
        ({}, None),
        (None, None),
    ]:
        found = page.evaluate("e => window.metodbankenCheckMessage(e)", error)
        if message:
            assert found == message, error
        else:
            assert found == "Värdet går inte att använda här; ändra det eller lämna fältet tomt.", error


@pytest.mark.parametrize("width", [375, 1280])
def test_a_labs_one_municipality_is_chosen_by_typing_and_a_new_choice_replaces_it(site_url, browser, width):
    """The lab form's single municipality of 290 is the same searchable choice, holding one value."""
    from site_pages import axe_violations

    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + "foresla-labb/")
    wait_ready(page)
    field = block(page, "municipality")
    box = field.get_by_role("combobox", name="Kommun: sök och välj")
    box.fill("Umeå")
    box.press("Enter")  # the one match
    box.fill("Mal")
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    assert listbox.get_by_role("option").first.inner_text() == "Malmö"
    box.press("ArrowDown")
    box.press("Enter")
    settled(page)
    assert field.locator(".mb-form-chip").all_inner_texts()[0].startswith("Malmö")
    assert field.locator(".mb-form-chip").count() == 1
    assert 'municipality: "malmo"' in page.locator(".mb-form-yaml").text_content()
    field.get_by_role("button", name="Ta bort Malmö").click()
    settled(page)
    assert "Kommun: Välj ett alternativ." in problems_shown(page)
    assert axe_violations(page) == []
    context.close()
