"""Field kinds (field_kinds.py): each kind's check, JSON Schema fragment, CSV cell and compare-page display,
and that no other module tests a kind by its name."""

import re
from dataclasses import dataclass
from datetime import date

import jsonschema
import pytest

from metodbanken.field_kinds import HTTPS_URL, ID_PATTERN, KINDS, PERIOD_VALUE, URL, FieldKind, Names, object_schema
from metodbanken.schema import CARD_TYPES, SOURCE, Field
from support import REPO, cached_taxonomy

TAXONOMY = cached_taxonomy()  # read only
AREAS = TAXONOMY.ids("focus_areas")
OUTCOMES = TAXONOMY.ids("goal_outcomes")
NAMES = Names(TAXONOMY, {"deep-talk": "Deep Talk", "integrationskor": "Integrationskör"})


def label(group: str, term_id: str) -> str:
    return TAXONOMY.label(group, term_id)


class Collect:
    """A stand-in for validate.py's card checker: keeps (where, code) of every problem."""

    taxonomy = TAXONOMY
    today = date(2026, 12, 7)  # the build date

    def __init__(self):
        self.found: list[tuple[str, str]] = []

    def add(self, field, code, message, hint=""):
        assert message and message.endswith((".", "?")), message  # Swedish sentences, as the checker's
        self.found.append((field, code))

    def nearest(self, value, options):
        return None


def problems(spec: Field, value: object) -> list[tuple[str, str]]:
    checker = Collect()
    spec.kind.check(checker, spec, value, spec.name)
    return checker.found


@dataclass
class Case:
    spec: Field
    good: list  # filled-in values the kind accepts
    bad: object  # a value it refuses …
    found: list  # … with these (where, code) problems
    schema: dict  # the kind's JSON Schema fragment for `spec`
    value: object  # a value for the CSV cell and the compare cell
    cell: str
    display: dict


GOAL = Field(
    "goals",
    "objects",
    "Mål",
    "Målen.",
    subfields=(
        Field("goal", "text", "Mål", "Målet.", required=True),
        Field("outcome", "taxonomy", "Utfall", "Utfallet.", required=True, taxonomy="goal_outcomes"),
    ),
)

CASES = {
    "text": Case(
        Field("title", "text", "Titel", "Namnet.", max_length=20),
        ["Deep Talk"],
        "Ett\n\nTvå",
        [("title", "multi-paragraph")],
        {"type": "string", "pattern": r"\S", "maxLength": 20},
        "  Se [rapporten](https://example.org) om **unga** ",
        "Se [rapporten](https://example.org) om **unga**",
        {"paragraphs": ["  Se rapporten om unga "]},
    ),
    "markdown": Case(
        Field("who_runs_it", "markdown", "Vem driver", "Vem."),
        ["Ett stycke.\n\nEtt till."],
        42,
        [("who_runs_it", "wrong-type")],
        {"type": "string", "pattern": r"\S"},
        "Första *stycket*.\n \nAndra.",
        "Första *stycket*.\n \nAndra.",
        {"paragraphs": ["Första stycket.", "Andra."]},
    ),
    "text_list": Case(
        Field("results", "text_list", "Resultat", "Resultaten.", min_items=1),
        [["Fler deltog.", "Färre flyttade."]],
        ["Fler deltog.", ""],
        [("results[2]", "wrong-type")],
        {"type": "array", "items": {"type": "string", "pattern": r"\S"}},
        ["Fler  deltog\ni år.", "Se [källan](https://example.org)."],
        "Fler deltog i år.; Se [källan](https://example.org).",
        {"items": ["Fler  deltog\ni år.", "Se källan."]},
    ),
    "taxonomy": Case(
        Field("area", "taxonomy", "Område", "Ett område.", taxonomy="focus_areas"),
        [AREAS[0]],
        "inget-sadant",
        [("area", "unknown-taxonomy-value")],
        {"enum": AREAS},
        AREAS[1],
        label("focus_areas", AREAS[1]),
        {"text": label("focus_areas", AREAS[1])},
    ),
    "taxonomy_list": Case(
        Field("focus_areas", "taxonomy_list", "Fokusområden", "Områden.", taxonomy="focus_areas", min_items=1),
        [[AREAS[0], AREAS[1]]],
        [AREAS[0], AREAS[0]],
        [("focus_areas", "duplicate-value")],
        {"type": "array", "items": {"enum": AREAS}, "uniqueItems": True},
        [AREAS[0], AREAS[1]],
        f"{label('focus_areas', AREAS[0])}; {label('focus_areas', AREAS[1])}",
        {"items": [label("focus_areas", AREAS[0]), label("focus_areas", AREAS[1])]},
    ),
    "card_ref": Case(
        Field("method", "card_ref", "Metod", "Metodens id.", ref_type="method"),
        ["deep-talk", "ett-id-som-saknas"],  # whether the card exists is validate.check_collection's question
        "Deep Talk",
        [("method", "bad-reference")],
        {"type": "string", "pattern": ID_PATTERN.pattern},
        "deep-talk",
        "Deep Talk",
        {"text": "Deep Talk"},
    ),
    "card_ref_list": Case(
        Field("related_methods", "card_ref_list", "Relaterade", "Id:n.", ref_type="method"),
        [["deep-talk", "integrationskor"]],
        "deep-talk",
        [("related_methods", "wrong-type")],
        {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN.pattern}, "uniqueItems": True},
        ["deep-talk", "okant-kort"],
        "Deep Talk; okant-kort",
        {"items": ["Deep Talk", "okant-kort"]},
    ),
    "period": Case(
        Field("period", "period", "Period", "Start och slut."),
        [{"start": "2019", "end": 2021}, {"start": "okänd"}, {"start": "2018-09", "end": None}],
        {"start": "2021", "end": "2019-13"},
        [("period.end", "bad-date"), ("period.end", "bad-period")],
        {
            "type": "object",
            "properties": {
                "start": {
                    "anyOf": [
                        {"type": "string", "pattern": PERIOD_VALUE.pattern},
                        {"type": "integer", "minimum": 1000, "maximum": 9999},
                        {"const": "okänd"},
                    ]
                },
                "end": {
                    "anyOf": [
                        {"type": "string", "pattern": PERIOD_VALUE.pattern},
                        {"type": "integer", "minimum": 1000, "maximum": 9999},
                        {"type": "null"},
                    ]
                },
            },
            "required": ["start"],
            "additionalProperties": False,
        },
        {"start": "2019", "end": 2021},
        "2019–2021",
        {"text": "2019–2021"},
    ),
    "date": Case(
        Field("updated", "date", "Uppdaterat", "ÅÅÅÅ-MM-DD."),
        ["2024-02-29"],
        "2023-02-29",
        [("updated", "bad-date")],
        {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"},
        "2024-02-29",
        "2024-02-29",
        {"text": "2024-02-29"},
    ),
    "date_or_month": Case(
        Field("when", "date_or_month", "När", "År, månad eller dag."),
        ["2024", 2024, "2024-05", "2024-05-31"],
        "2024-13",
        [("when", "bad-date")],
        {
            "anyOf": [
                {"type": "string", "pattern": PERIOD_VALUE.pattern},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        },
        2024,
        "2024",
        {"text": "2024"},
    ),
    "url": Case(
        Field("url", "url", "Länk", "Adressen."),
        ["https://example.org/inlagg"],
        "javascript:alert(1)",
        [("url", "bad-url")],
        {"type": "string", "pattern": URL.pattern},
        "https://example.org/inlagg",
        "https://example.org/inlagg",
        {"text": "https://example.org/inlagg"},
    ),
    "https_url": Case(
        Field("url", "https_url", "Adress", "Adressen."),
        ["https://example.org/rapport.pdf", "https://example.org/a?b=1&c=%282%29"],
        "http://example.org/rapport_(2).pdf",
        [("url", "bad-url")],
        {"type": "string", "pattern": HTTPS_URL.pattern},
        "https://example.org/rapport.pdf",
        "https://example.org/rapport.pdf",
        {"text": "https://example.org/rapport.pdf"},
    ),
    "variant_objects": Case(
        SOURCE,
        [
            [{"document": "innovationslabb-slutrapport", "section": "Metoder"}],
            [{"title": "Årsredovisning 2023", "publisher": "Bostadsbolaget AB", "published": 2023}],
            [
                {
                    "title": "Årsredovisning 2023",
                    "publisher": "Bostadsbolaget AB",
                    "published": "2024-03",
                    "url": "https://example.org/arsredovisning.pdf",
                    "section": "Trygghet",
                },
                {"reported_by": "Bostadsbolaget AB", "reported": "2025-03-14"},
            ],
        ],
        [
            {"document": "innovationslabb-slutrapport", "section": "Metoder", "url": "https://example.org"},
            {"title": "Årsredovisning"},
            {"reported_by": "Bostadsbolaget AB", "document": "innovationslabb-slutrapport"},
            {"sida": 3},
            {"reported_by": "Bostadsbolaget AB", "reported": "i våras"},
        ],
        [
            ("sources[1].url", "unknown-field"),
            ("sources[2].publisher", "missing-field"),
            ("sources[2].published", "missing-field"),
            ("sources[3]", "mixed-variants"),
            ("sources[4]", "unknown-variant"),
            ("sources[5].reported", "bad-date"),
        ],
        {
            "type": "array",
            "items": {
                "oneOf": [
                    {"title": v.label, "description": v.help, **object_schema(v.subfields, TAXONOMY)}
                    for v in SOURCE.variants
                ]
            },
        },
        [
            {"document": "innovationslabb-slutrapport", "section": "Metoder"},
            {"title": "Årsredovisning", "publisher": "Bostadsbolaget AB", "published": "2023"},
            {"reported_by": "Bostadsbolaget AB", "reported": "2025-03"},
        ],
        f"Dokument: {label('documents', 'innovationslabb-slutrapport')}, Avsnitt: Metoder\n"
        "Dokumentets titel: Årsredovisning, Utgivare: Bostadsbolaget AB, Utgivet: 2023\n"
        "Egen redovisning av: Bostadsbolaget AB, Redovisad: 2025-03",
        {
            "items": [
                f"Dokument: {label('documents', 'innovationslabb-slutrapport')}, Avsnitt: Metoder",
                "Dokumentets titel: Årsredovisning, Utgivare: Bostadsbolaget AB, Utgivet: 2023",
                "Egen redovisning av: Bostadsbolaget AB, Redovisad: 2025-03",
            ]
        },
    ),
    "integer": Case(
        Field("amount_sek", "integer", "Belopp", "Kronor."),
        [0, 1_300_000],
        -5,
        [("amount_sek", "bad-amount")],
        {"type": "integer"},
        1_300_000,
        "1300000",
        {"text": "1300000"},
    ),
    "objects": Case(
        GOAL,
        [[{"goal": "Fler i arbete", "outcome": OUTCOMES[0]}]],
        [{"goal": "Fler i arbete", "utfall": OUTCOMES[0]}],
        [("goals[1].utfall", "unknown-field"), ("goals[1].outcome", "missing-field")],
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "goal": {"title": "Mål", "description": "Målet.", "type": "string", "pattern": r"\S"},
                    "outcome": {
                        "title": "Utfall",
                        "description": "Utfallet. Värden: "
                        + "; ".join(f"{t.id} = {t.label}" for t in TAXONOMY.terms("goal_outcomes"))
                        + ".",
                        "enum": OUTCOMES,
                    },
                },
                "required": ["goal", "outcome"],
                "additionalProperties": False,
            },
        },
        [{"goal": "Fler i arbete", "outcome": OUTCOMES[0]}, {"goal": "Färre flyttar"}],
        f"Mål: Fler i arbete, Utfall: {label('goal_outcomes', OUTCOMES[0])}\nMål: Färre flyttar",
        {"items": [f"Mål: Fler i arbete, Utfall: {label('goal_outcomes', OUTCOMES[0])}", "Mål: Färre flyttar"]},
    ),
}


def test_every_kind_is_tested_and_every_field_has_a_kind_object():
    assert set(CASES) == set(KINDS)
    for name, kind in KINDS.items():
        assert isinstance(kind, FieldKind) and kind.name == name and kind.words and kind.cell_content
    for card_type in CARD_TYPES.values():
        for spec in card_type.fields:
            for f in (spec, *spec.subfields):
                assert f.kind is KINDS[f.kind.name], (card_type.name, f.name)
    with pytest.raises(KeyError):
        Field("x", "textish", "X", "X.")


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_kind_accepts_good_values_and_names_what_is_wrong_with_a_bad_one(name):
    case = CASES[name]
    for good in case.good:
        assert problems(case.spec, good) == [], good
    assert problems(case.spec, case.bad) == case.found


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_kinds_json_schema_fragment_agrees_with_its_check(name):
    case = CASES[name]
    fragment = case.spec.kind.value_schema(case.spec, TAXONOMY)
    assert fragment == case.schema
    validator = jsonschema.Draft202012Validator(fragment)
    for good in case.good:
        assert validator.is_valid(good), good


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_kinds_csv_cell_and_compare_cell(name):
    case = CASES[name]
    assert case.spec.kind.cell(case.spec, case.value, NAMES) == case.cell
    assert case.spec.kind.display(case.spec, case.value, NAMES) == case.display
    for empty in (None, "", []):
        assert case.spec.kind.cell(case.spec, empty, NAMES) == ""


@pytest.mark.parametrize(
    ("kind", "value", "future"),
    [
        ("date", "2026-12-07", False),  # the build date itself
        ("date", "2026-12-08", False),  # already today in Sweden for the first hours of the UTC day
        ("date", "2026-12-09", True),
        ("date", "2100-12-31", True),
        ("date_or_month", "2026-12", False),  # a month that has begun
        ("date_or_month", "2027-01", True),
        ("date_or_month", 2026, False),
        ("date_or_month", "2027", True),
    ],
)
def test_a_date_of_what_happened_may_not_come_after_the_build_date(kind, value, future):
    checker = Collect()  # today: 2026-12-07
    spec = Field("updated", kind, "Uppdaterat", "ÅÅÅÅ-MM-DD.")
    spec.kind.check(checker, spec, value, spec.name)
    assert checker.found == ([("updated", "future-date")] if future else [])


def test_on_new_years_eve_in_utc_the_new_year_has_begun_in_sweden():
    checker = Collect()
    checker.today = date(2026, 12, 31)
    spec = Field("when", "date_or_month", "När", "År.")
    for value in ("2027", "2027-01", "2027-01-01"):
        spec.kind.check(checker, spec, value, spec.name)
    spec.kind.check(checker, spec, "2027-01-02", spec.name)
    assert checker.found == [("when", "future-date")]


def test_a_period_may_end_after_the_build_date():
    # A project's planned end (and a planned start) are in the future until they come.
    spec = CARD_TYPES["project"].field("period")
    assert problems(spec, {"start": "2026", "end": "2030"}) == []
    assert problems(spec, {"start": "2027-03"}) == []


def test_a_source_of_no_single_form_is_refused_by_the_json_schema_too():
    validator = jsonschema.Draft202012Validator(SOURCE.kind.value_schema(SOURCE, TAXONOMY))
    for bad in CASES["variant_objects"].bad[:4]:
        assert not validator.is_valid([bad]), bad


def test_a_source_is_of_the_form_its_first_field_names_even_before_it_is_filled_in():
    registered, declared, own = SOURCE.variants
    assert SOURCE.variant_of({"document": None, "section": None}) == [registered]
    assert SOURCE.variant_of({"title": "Rapport", "document": None}) == [declared]
    assert SOURCE.variant_of({"reported_by": "Bolaget", "title": "Rapport"}) == [declared, own]
    assert SOURCE.variant_of({"section": "Metoder"}) == []
    # The fields that list a source's parts without its form: each once, none required.
    assert [f.name for f in SOURCE.subfields] == [
        "document",
        "section",
        "title",
        "publisher",
        "published",
        "url",
        "reported_by",
        "reported",
    ]
    assert not any(f.required for f in SOURCE.subfields)


def test_period_text_says_when_the_start_is_unknown_or_the_work_goes_on():
    period = CASES["period"].spec
    assert [
        period.kind.text(period, value, NAMES)
        for value in ({"start": "okänd", "end": "2019"}, {"start": "okänd"}, {"start": 2018}, {"start": "2018-09"})
    ] == ["startår okänt–2019", "startår okänt", "2018–", "2018-09–"]


def test_long_text_and_markdown_are_written_below_the_name_and_asked_for_in_a_text_area():
    short, long_text, markdown = (
        Field("title", "text", "Titel", "Namnet.", max_length=120),
        Field("summary", "text", "Sammanfattning", "Kort.", max_length=400),
        CASES["markdown"].spec,
    )
    assert short.kind.scaffold_value(short) == ["title:"]
    assert short.kind.form_control(short) == {"control": "input", "attributes": {"type": "text"}}
    assert long_text.kind.scaffold_value(long_text) == ["summary: >-"]
    assert long_text.kind.form_control(long_text) == {"control": "textarea", "attributes": {"rows": 3}}
    assert markdown.kind.form_control(markdown) == {"control": "textarea", "attributes": {"rows": 5}}
    assert CASES["period"].spec.kind.scaffold_value(CASES["period"].spec) == ["period:", "  start:", "  end:"]
    assert CASES["text_list"].spec.kind.scaffold_value(CASES["text_list"].spec) == ["results: []"]


# A field kind's name compared with ==, !=, ===, !== or (not) in: `spec.kind == "text"`, `kind === 'period'`,
# `kind in ("card_ref", "card_ref_list")`, `field.kind.name in TEXT_KINDS`.
KIND_NAME = "(?:" + "|".join(KINDS) + ")"
KIND_TEST = re.compile(
    rf"\bkind(?:\.name)?\s*[!=]==?\s*['\"]{KIND_NAME}['\"]"
    rf"|\bkind(?:\.name)?\s+(?:not\s+)?in\s+(?:[(\[{{][^)\]}}]*['\"]{KIND_NAME}['\"]|\w*KINDS\b)"
)


def test_the_kind_test_pattern_finds_what_it_should():
    for line in (
        'if spec.kind == "text":',
        "if (kind === 'taxonomy_list' || kind === 'card_ref_list') {",
        "x.kind.name in TEXT_KINDS",
        "elif kind not in ('date', 'date_or_month'):",
        "field.kind !== 'objects'",
    ):
        assert KIND_TEST.search(line), line
    for line in (
        "for kind in PROJECT_FILTERS:",  # paths.py: kinds of project filter, not of fields
        "if (kind === 'csv') {",  # finder/download.js: a kind of download
        'record = {"name": spec.name, "kind": spec.kind.name}',
        "wrap.dataset.kind = field.kind;",
        "made by each field's kind in field_kinds.py",
    ):
        assert not KIND_TEST.search(line), line


def test_no_module_but_field_kinds_tests_a_kind_by_its_name():
    sources = [
        *(REPO / "hooks" / "metodbanken").rglob("*.py"),
        *(REPO / "docs" / "javascripts").rglob("*.js"),
    ]
    assert len(sources) > 20
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sources
        if path.name != "field_kinds.py" and "vendor" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if KIND_TEST.search(line)
    ]
    assert found == []
