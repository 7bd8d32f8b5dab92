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
    assert "Fokusområden: Fyll i fältet." in page.locator(".mb-form-problems").inner_text()
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
