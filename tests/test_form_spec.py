"""data/form.json: the form's fields, labels, help and choices come from schema.py and taxonomy.yml."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from metodbanken.content.load import load_cards
from metodbanken.content.scaffold import _LETTERS
from metodbanken.exports.form_spec import (
    FORM_HELP,
    FORM_TYPES,
    FORM_VARIANT_HELP,
    SEARCHABLE_FROM,
    editors_email,
    form_json,
    form_spec,
    read_period,
    repository_new_file_url,
    tried_fields,
)
from metodbanken.field_kinds import UNKNOWN_START
from metodbanken.paths import RESERVED_IDS
from metodbanken.schema import CARD_TYPES, SOURCE
from support import REPO, cached_taxonomy


class RecordingChecker:
    """What a field kind reports its problems to, keeping them (validate.py's checker without a card)."""

    def __init__(self, taxonomy):
        self.taxonomy, self.problems = taxonomy, []

    def add(self, field, code, message, hint=""):
        self.problems.append((field, code, message))


def spec() -> dict:
    cards, _ = load_cards(REPO)
    return form_spec(cards, cached_taxonomy(), REPO)


def test_every_field_of_every_form_type_with_label_help_and_taxonomy_choices():
    found, taxonomy = spec(), cached_taxonomy()
    for name in FORM_TYPES:
        fields = {f["name"]: f for f in found["types"][name]["fields"]}
        card_type = CARD_TYPES[name]
        assert list(fields) == [f.name for f in card_type.fields]
        for field in card_type.fields:
            out = fields[field.name]
            help_text = FORM_HELP.get(field.name, field.help)
            assert (out["label"], out["help"], out["required"]) == (field.label, help_text, field.required)
            if field.taxonomy:
                # Id and label for every value; extra keys (a municipality's code and county) beside them.
                choices = [{"id": c["id"], "label": c["label"]} for c in out["choices"]]
                assert choices == [{"id": t.id, "label": t.label} for t in taxonomy.terms(field.taxonomy)]
            for sub, sub_out in zip(field.subfields, out.get("subfields", []), strict=False):
                assert (sub_out["name"], sub_out["label"]) == (sub.name, sub.label)
        assert found["types"][name]["schema"] == f"data/schema/{name}.schema.json"


def test_all_290_municipalities_are_choices_with_code_and_county_in_the_same_shape():
    found = spec()
    lab = next(f for f in found["types"]["lab"]["fields"] if f["name"] == "municipality")
    tried = next(f for f in found["tried"]["fields"] if f["name"] == "municipalities")
    project = next(f for f in found["types"]["project"]["fields"] if f["name"] == "municipalities")
    assert (lab["kind"], project["kind"]) == ("taxonomy", "taxonomy_list")  # an id, and an id list, as before
    for field in (lab, tried, project):
        assert len(field["choices"]) == 290
        assert {"id": "lulea", "label": "Luleå", "code": "2580", "county": "Norrbottens län"} in field["choices"]
        assert all(set(c) == {"id", "label", "code", "county"} for c in field["choices"])
    assert {"id": "habo-0305", "label": "Håbo", "code": "0305", "county": "Uppsala län"} in tried["choices"]
    # Values without places keep exactly their id and label.
    focus = next(f for f in found["types"]["method"]["fields"] if f["name"] == "focus_areas")
    assert all(set(c) == {"id", "label"} for c in focus["choices"])


def test_card_references_offer_the_existing_cards():
    cards, _ = load_cards(REPO)
    related = next(f for f in spec()["types"]["method"]["fields"] if f["name"] == "related_methods")
    assert {c["id"] for c in related["choices"]} == {c.id for c in cards if c.type == "method"}


def test_slug_rules_reserved_and_taken_ids_travel_with_the_form():
    found = spec()
    assert found["slug_letters"] == _LETTERS and found["reserved_ids"] == sorted(RESERVED_IDS)
    assert "deep-talk" in found["taken_ids"]


def test_tried_form_asks_every_required_project_field_and_the_questions_of_issue_17():
    found = spec()["tried"]
    names = [f["name"] for f in found["fields"]]
    required = {f.name for f in CARD_TYPES["project"].fields if f.required}
    assert required <= set(names) and {"results", "lessons_learned", "methods"} <= set(names)
    assert names[:7] == ["title", "owner", "municipalities", "period", "purpose", "results", "lessons_learned"]
    labels = {f["name"]: f["label"] for f in found["fields"]}
    assert (labels["municipalities"], labels["period"], labels["purpose"]) == ("Var", "När", "Vad ni gjorde")
    assert "Aldrig en privatperson" in next(f["help"] for f in found["fields"] if f["name"] == "owner")
    assert found["relation"] == "anvander" and "anvander" in cached_taxonomy().ids("method_relations")
    assert [f.name for f in tried_fields()] == names


def test_the_form_offers_every_form_of_a_source_with_its_own_required_fields():
    sources = next(f for f in spec()["types"]["method"]["fields"] if f["name"] == "sources")
    assert sources["control"] == "records" and sources["required"] and sources["min_items"] == 1
    forms = {v["name"]: v for v in sources["variants"]}
    assert list(forms) == [v.name for v in SOURCE.variants] == ["registered", "declared", "own_account"]
    for variant in SOURCE.variants:
        asked = forms[variant.name]
        # The form's own plain words where the guide's speak of the registry's file.
        assert asked["label"] == variant.label and asked["help"] == FORM_VARIANT_HELP.get(variant.name, variant.help)
        assert "taxonomy" not in asked["help"]
        assert [(f["name"], f["required"]) for f in asked["subfields"]] == [
            (sub.name, sub.required) for sub in variant.subfields
        ]
    registered = forms["registered"]["subfields"][0]
    assert [c["id"] for c in registered["choices"]] == cached_taxonomy().ids("documents")
    url = next(f for f in forms["declared"]["subfields"] if f["name"] == "url")
    assert url["attributes"] == {"type": "url"}
    # Every form's fields once, none required, for whatever lists a record's fields without its form.
    assert not any(f["required"] for f in sources["subfields"])


def test_the_tried_form_makes_the_organisation_its_own_source_unless_a_document_is_given():
    found = spec()["tried"]
    sources = next(f for f in found["fields"] if f["name"] == "sources")
    assert (sources["required"], sources["min_items"]) == (False, 0)
    assert "egen redovisning" in sources["help"]
    own = found["own_account"]
    assert own["field"] == "sources" and own["organisation_from"] == "owner"
    own_form = next(v for v in sources["variants"] if v["name"] == "own_account")
    assert [f["name"] for f in own_form["subfields"]] == [own["organisation"], own["date"]]
    assert any(f["name"] == own["organisation_from"] and f["required"] for f in found["fields"])
    # The full forms still ask for a source.
    assert next(f for f in spec()["types"]["project"]["fields"] if f["name"] == "sources")["required"]


def test_github_new_file_address_comes_from_mkdocs_edit_uri(tmp_path):
    assert repository_new_file_url(REPO) == "https://github.com/metodbanken/metodbanken/new/main/"
    (tmp_path / "mkdocs.yml").write_text("edit_uri: https://github.com/annan/bank/edit/trunk/\n", encoding="utf-8")
    assert repository_new_file_url(tmp_path) == "https://github.com/annan/bank/new/trunk/"


def test_text_rules_are_javascript_regular_expressions():
    for rule in spec()["text_rules"]:
        assert "(?i)" not in rule["pattern"] and rule["flags"] in ("", "i", "m")
        re.compile(rule["pattern"])


def test_form_json_is_compact_json():
    cards, _ = load_cards(REPO)
    text = form_json(cards, cached_taxonomy(), REPO)
    assert json.loads(text)["types"].keys() == set(FORM_TYPES) and "\n" not in text.rstrip("\n")


@pytest.mark.parametrize(
    ("start", "end", "period"),
    [
        ("2023", "", {"start": "2023"}),
        ("2023-09", "", {"start": "2023-09"}),
        ("2023-9-1", "", {"start": "2023-09-01"}),
        ("september 2023", "", {"start": "2023-09"}),
        ("Sept. 2023", "dec 2024", {"start": "2023-09", "end": "2024-12"}),
        ("12 mars 2021", "", {"start": "2021-03-12"}),
        ("2019–2021", "", {"start": "2019", "end": "2021"}),
        ("2019-2021", "", {"start": "2019", "end": "2021"}),
        ("2019 - 2021", "", {"start": "2019", "end": "2021"}),
        ("2019 till 2021", "", {"start": "2019", "end": "2021"}),
        ("2019–", "", {"start": "2019"}),
        ("okänd", "2020", {"start": "okänd", "end": "2020"}),
        (" 2020 ", " ", {"start": "2020"}),
    ],
)
def test_period_written_in_words_is_read_into_the_cards_form(start, end, period):
    assert read_period(start, end) == (period, "")
    # The card's validation takes what the form makes of it.
    checker = RecordingChecker(cached_taxonomy())
    field = CARD_TYPES["lab"].field("period")
    field.kind.check(checker, field, period, "period")
    assert checker.problems == []


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (
            "hösten 2023",
            "",
            "”hösten 2023” går inte att läsa som en tidpunkt. Skriv året, t.ex. 2023, eller år och månad, "
            "t.ex. 2023-09.",
        ),
        (
            "våren",
            "",
            "”våren” går inte att läsa som en tidpunkt. Skriv året, t.ex. 2023, eller år och månad, t.ex. 2023-09.",
        ),
        (
            "ma 2023",
            "",
            "”ma 2023” går inte att läsa som en tidpunkt. Skriv året, t.ex. 2023, eller år och månad, t.ex. 2023-09.",
        ),
        ("2023-13", "", "2023-13 är ingen riktig tidpunkt: månaden 13 finns inte."),
        ("2023-02-30", "", "2023-02-30 är ingen riktig tidpunkt: dagen 30 finns inte i månaden."),
        ("1850", "", "1850 är ingen riktig tidpunkt: året 1850 ligger utanför 1900–2100."),
        ("2021", "2019", "Perioden slutar (2019) innan den börjar (2021)."),
        ("", "2020", "Skriv när det började, eller okänd om källan inte säger det."),
    ],
)
def test_period_that_cannot_be_read_says_what_to_write_instead(start, end, problem):
    assert read_period(start, end) == (None, problem)


def test_period_reading_travels_with_the_form():
    found = spec()["period"]
    assert found["months"][8] == "september" and found["unknown_start"] == UNKNOWN_START
    for name in ("range", "year_range", "numbers", "words", "any_year"):
        re.compile(found[name])


def test_editors_address_comes_from_mkdocs_extra_and_only_when_it_is_an_address(tmp_path):
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert editors_email(REPO) == config["extra"]["metodbanken"]["editors_email"] == spec()["editors_email"]
    assert editors_email(tmp_path) is None  # no mkdocs.yml
    for value, found in [
        ("redaktion@kommun.se", "redaktion@kommun.se"),
        (" redaktion@kommun.se ", "redaktion@kommun.se"),
        ("redaktion@kommun.se?cc=alla@kommun.se", None),  # a mailto: address must not carry its own fields
        ("ingen adress", None),
        (42, None),
    ]:
        (tmp_path / "mkdocs.yml").write_text(
            yaml.safe_dump({"extra": {"metodbanken": {"editors_email": value}}}), encoding="utf-8"
        )
        assert editors_email(tmp_path) == found, value
    (tmp_path / "mkdocs.yml").write_text("extra: [1, 2]\n", encoding="utf-8")
    assert editors_email(tmp_path) is None


def test_long_lists_are_searched_and_municipalities_always():
    found = spec()
    controls = {f["name"]: f["control"] for f in found["types"]["project"]["fields"]}
    assert controls["municipalities"] == "combobox"  # 7 today, all 290 to come
    assert controls["focus_areas"] == "checkboxes"
    target_groups = next(f for f in found["types"]["method"]["fields"] if f["name"] == "target_groups")
    expected = "combobox" if len(target_groups["choices"]) >= SEARCHABLE_FROM else "checkboxes"
    assert target_groups["control"] == expected
    tried = {f["name"]: f["control"] for f in found["tried"]["fields"]}
    assert tried["municipalities"] == "combobox"


@pytest.mark.parametrize(
    "text",
    [
        "a\n---",
        "a\n===",
        "# x",
        "## x",
        "### x",
        "a\n\n---",
        "x: y\n- a\n# kommentar",
        "text",
        "a  \n  ---  ",
        "a\n--x",
    ],
)
def test_the_forms_heading_rule_finds_what_validation_refuses_in_a_field(text):
    """The form checks the card's fields for headings as validate.py's page_headings does, so it never offers a
    card that the check would refuse (field-heading)."""
    from metodbanken.content.validate import page_headings
    from metodbanken.exports.form_spec import FIELD_HEADING_RULE

    rule = re.compile(FIELD_HEADING_RULE["pattern"], re.MULTILINE)
    assert bool(rule.search(text)) == bool(page_headings(text.split("\n")))
