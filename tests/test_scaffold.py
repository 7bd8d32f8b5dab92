"""`new <typ> "Titel"`: every field of the type, values explained, fails until filled in, valid once filled in."""

import re

import pytest
import yaml

from metodbanken.content.load import _CardLoader
from metodbanken.content.scaffold import ScaffoldError, create_card, slugify
from metodbanken.paths import schema_url
from metodbanken.schema import CARD_TYPES
from support import FILLED, REPO, cached_taxonomy, fill, problems_for, run_command


def front_matter(text: str) -> dict:
    return yaml.load(text.split("\n---\n")[0].removeprefix("---\n"), Loader=_CardLoader)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Språkcafé för föräldrar", "sprakcafe-for-foraldrar"),
        ("Älvsbyn – Möten & Mat!", "alvsbyn-moten-mat"),
        ("  Deep Talk  ", "deep-talk"),
        ("ÅÄÖ åäö", "aao-aao"),
        ("CPS (samarbetsinriktad problemlösning)", "cps-samarbetsinriktad-problemlosning"),
    ],
)
def test_slug_from_title(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize("type_name", list(CARD_TYPES))
def test_new_card_has_every_field_and_fails_until_filled_in(type_name, content):
    card_type = CARD_TYPES[type_name]
    path = create_card(content, type_name, "Ett nytt kort", cached_taxonomy())
    assert path == content / card_type.folder / "ett-nytt-kort.md"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "---" and lines[1] == f"# yaml-language-server: $schema={schema_url(type_name)}"
    data = front_matter(text)
    assert list(data) == ["type"] + [f.name for f in card_type.fields]
    assert data["type"] == type_name and data["title"] == "Ett nytt kort"
    # Every allowed taxonomy value of every field is listed in a comment; for the 290 municipalities, how the id
    # is made and where the list is.
    taxonomy = cached_taxonomy()
    comments = " ".join(line.lstrip("# ") for line in lines if line.startswith("#"))
    for spec in card_type.fields:
        for f in (spec, *spec.subfields):
            if f.taxonomy and not taxonomy.listed_in_full(f.taxonomy):
                assert taxonomy.allowed_text(f.taxonomy) in comments
                assert not re.search(r"(?m)^\s*#\s+lulea\s+Luleå$", text)  # not listed one by one
            elif f.taxonomy:
                for term in taxonomy.terms(f.taxonomy):
                    assert re.search(rf"(?m)^\s*#\s+{re.escape(term.id)}\s+{re.escape(term.label)}$", text), term.id
    assert "SKRIV HÄR" in text
    # Untouched: one problem per required field (except the title), plus the body placeholder.
    problems = [p for p in problems_for(content) if p.path == f"{card_type.folder}/ett-nytt-kort.md"]
    reported = {p.field.split("[")[0].split(".")[0] for p in problems if p.code == "missing-field"}
    assert reported == {f.name for f in card_type.fields if f.required and f.name != "title"}
    assert {p.code for p in problems} == {"missing-field", "placeholder-left"}
    # Filled in, in place, without touching comments or optional fields: valid.
    path.write_text(fill(text, FILLED[type_name]), encoding="utf-8")
    assert problems_for(content) == []


def test_a_new_card_shows_every_form_of_a_source_and_each_example_fills_in_as_shown(content):
    path = create_card(content, "project", "Ett nytt kort", cached_taxonomy())
    text = path.read_text(encoding="utf-8")
    for heading in ("# Dokument i registret:", "# Eget dokument:", "# Egen redovisning:"):
        assert heading in text
    assert "#   - reported_by:\n#     reported:\n" in text and "#   - title:\n#     publisher:\n" in text
    # The own account's example, uncommented and filled in, in place of the registered document.
    values = {k: v for k, v in FILLED["project"].items() if not k.startswith(("  - document", "    section"))}
    own = "  - reported_by: Testbostäder AB\n    reported: 2025-03"
    text = fill(text, values).replace("  - document:\n    section:", own)
    path.write_text(text, encoding="utf-8")
    assert problems_for(content) == []


def test_the_scaffold_is_the_same_every_time(content):
    # No date or other moving part: the guide page's copy of it changes only when the schema does.
    first = create_card(content, "method", "Samma kort", cached_taxonomy())
    text = first.read_text(encoding="utf-8")
    first.unlink()
    assert create_card(content, "method", "Samma kort", cached_taxonomy()).read_text(encoding="utf-8") == text
    assert "updated:\n" in text


def test_swedish_type_names_work(content):
    assert create_card(content, "metod", "Svensk typ", cached_taxonomy()).parent.name == "methods"
    assert create_card(content, "lärdom", "Svensk lärdom", cached_taxonomy()).parent.name == "lessons"


def test_refuses_existing_card_id_in_another_folder_and_reserved_ids(content):
    with pytest.raises(ScaffoldError, match=r"används redan av methods/laxhjalp\.md"):
        create_card(content, "project", "Läxhjälp", cached_taxonomy())
    with pytest.raises(ScaffoldError, match="reserverat"):
        create_card(content, "method", "Index", cached_taxonomy())
    with pytest.raises(ScaffoldError, match="Okänd korttyp"):
        create_card(content, "workshop", "Något", cached_taxonomy())
    with pytest.raises(ScaffoldError, match="tom"):
        create_card(content, "method", "  ", cached_taxonomy())
    assert not (content / "projects" / "laxhjalp.md").exists()


def run_cli(*args, cwd=REPO):
    return run_command(*args, cwd=cwd)


def test_new_command_writes_the_card_and_refuses_to_overwrite(content):
    result = run_cli("--root", str(content), "new", "method", "Språkcafé för föräldrar")
    assert result.returncode == 0, result.stderr
    assert "Skapade methods/sprakcafe-for-foraldrar.md" in result.stdout
    card = content / "methods" / "sprakcafe-for-foraldrar.md"
    card.write_text("redan ifyllt", encoding="utf-8")
    again = run_cli("new", "method", "Språkcafé för föräldrar", "--root", str(content))
    assert again.returncode == 1
    assert "finns redan" in again.stderr and "inget har skrivits över" in again.stderr
    assert card.read_text(encoding="utf-8") == "redan ifyllt"


def test_new_command_with_own_id(content):
    result = run_cli("new", "lab", "Ett labb i Boden", "--id", "boden-labbet", "--root", str(content))
    assert result.returncode == 0, result.stderr
    assert (content / "labs" / "boden-labbet.md").is_file()
