"""The generated JSON Schemas: valid draft 2020-12, true to the taxonomy, accept every real card, reject bad ones."""

import json

import jsonschema
import pytest

from metodbanken.content.load import card_files
from metodbanken.paths import schema_path, schema_url, site_url
from metodbanken.pipeline import build_site
from metodbanken.schema import CARD_TYPE_BY_FOLDER, CARD_TYPES
from metodbanken.taxonomy import load_taxonomy
from support import FIXTURE_CONTENT, REPO, front_matter, run_command, schema_validator, schemas


def test_each_schema_is_valid_draft_2020_12():
    for name, schema in schemas().items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == site_url() + f"data/schema/{name}.schema.json"


def test_site_url_is_the_one_in_mkdocs_yml():
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"site_url: {site_url()}" in config
    assert schema_url("method") == "https://metodbanken.github.io/metodbanken/data/schema/method.schema.json"


def test_fields_and_enums_come_from_schema_and_taxonomy():
    taxonomy = load_taxonomy()
    method = schemas()["method"]
    assert set(method["properties"]) == {"type"} | {f.name for f in CARD_TYPES["method"].fields}
    assert set(method["required"]) == {f.name for f in CARD_TYPES["method"].fields if f.required}
    assert method["properties"]["focus_areas"]["items"]["enum"] == taxonomy.ids("focus_areas")
    assert method["properties"]["documentation"]["enum"] == taxonomy.ids("documentation_levels")
    registered, declared, own = method["properties"]["sources"]["items"]["oneOf"]
    assert registered["properties"]["document"]["enum"] == taxonomy.ids("documents")
    assert registered["required"] == ["document", "section"]
    assert declared["required"] == ["title", "publisher", "published"]
    assert declared["properties"]["url"]["anyOf"][0]["pattern"].startswith("^https://")
    assert own["required"] == ["reported_by", "reported"]
    assert schemas()["project"]["properties"]["status"]["enum"] == taxonomy.ids("project_statuses")


@pytest.mark.parametrize("path", card_files(REPO), ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_real_card_is_accepted(path):
    card_type = CARD_TYPE_BY_FOLDER[path.relative_to(REPO).parts[0]].name
    errors = [
        f"{'/'.join(map(str, e.path))}: {e.message}"
        for e in schema_validator(card_type).iter_errors(front_matter(path))
    ]
    assert errors == []


def test_fixture_cards_are_accepted():
    for path in card_files(FIXTURE_CONTENT):
        card_type = CARD_TYPE_BY_FOLDER[path.relative_to(FIXTURE_CONTENT).parts[0]].name
        assert list(schema_validator(card_type).iter_errors(front_matter(path))) == []


def _laxhjalp() -> dict:
    return front_matter(FIXTURE_CONTENT / "methods" / "laxhjalp.md")


@pytest.mark.parametrize(
    "change",
    [
        {"focus_areas": ["skola"]},  # unknown taxonomy value
        {"summery": "stavfel"},  # unknown field
        {"purpose": 42},  # wrong type
        {"summary": None},  # required field left empty
        {"target_groups": []},  # required list left empty
        {"type": "lab"},  # wrong card type
        {"sources": [{"document": "innovationslabb-slutrapport"}]},  # record without its required section
        {"related_methods": ["Deep Talk"]},  # not an id
        {"title": "x" * 121},  # too long
    ],
)
def test_bad_front_matter_is_rejected(change):
    data = {**_laxhjalp(), **change}
    assert list(schema_validator("method").iter_errors(data)), change


def test_empty_optional_fields_are_accepted_like_the_validator_does():
    data = {**_laxhjalp(), "aliases": [], "steps_note": None, "tested_when": "", "tested_in": []}
    assert list(schema_validator("method").iter_errors(data)) == []


def test_schemas_are_published_with_the_site(content):
    site = build_site(content)
    published = {f.path: json.loads(f.content) for f in site.data_files if f.path.startswith("data/schema/")}
    assert set(published) == {schema_path(name) for name in CARD_TYPES}
    assert published["data/schema/lab.schema.json"] == schemas()["lab"]


def test_schema_command_writes_one_file_per_type(tmp_path):
    result = run_command("schema", "--out", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    for name in CARD_TYPES:
        written = json.loads((tmp_path / "s" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert written == schemas()[name]


def test_site_url_comes_from_mkdocs_in_a_build_and_from_mkdocs_yml_without_one(content, tmp_path):
    site = build_site(content, site_url="https://example.org/bank")
    published = json.loads(next(f.content for f in site.data_files if f.path == schema_path("method")))
    assert published["$id"] == "https://example.org/bank/" + schema_path("method")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nsite_url: 'https://example.org/annan' # kommentar\n", encoding="utf-8")
    assert site_url(mkdocs_yml=config) == "https://example.org/annan/"
    config.write_text("site_url: [\n", encoding="utf-8")  # unreadable: the default address, no crash
    assert site_url(mkdocs_yml=config) == "https://metodbanken.github.io/metodbanken/"


def test_schema_command_takes_the_site_url(tmp_path):
    from metodbanken.cli import main

    assert main(["schema", "--out", str(tmp_path), "--site-url", "https://example.org/"]) == 0
    written = json.loads((tmp_path / "lab.schema.json").read_text(encoding="utf-8"))
    assert written["$id"] == "https://example.org/" + schema_path("lab")
