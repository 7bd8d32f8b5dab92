"""One test per kind of error a contributor can make; each asserts the message names file and field."""

import pytest

from metodbanken.problems import format_github_annotations, format_problems
from support import edit, only, problems_for


def test_fixture_content_is_valid(content):
    assert problems_for(content) == []


def test_yaml_syntax_error_names_file_and_line(content):
    edit(content / "methods" / "laxhjalp.md", "title: Läxhjälp", "title: [Läxhjälp")
    p = only(problems_for(content), "yaml-syntax")
    assert p.path == "methods/laxhjalp.md" and p.line is not None
    assert "YAML" in format_problems([p])


def test_missing_required_field(content):
    edit(content / "methods" / "laxhjalp.md", "summary: Frivilliga hjälper elever med läxorna.\n", "")
    p = only(problems_for(content), "missing-field")
    assert (p.path, p.field) == ("methods/laxhjalp.md", "summary")
    assert "summary" in p.message and p.hint


def test_wrong_type(content):
    edit(content / "methods" / "laxhjalp.md", "purpose: [Bättre skolresultat.]", "purpose: 42")
    p = only(problems_for(content), "wrong-type")
    assert (p.path, p.field) == ("methods/laxhjalp.md", "purpose") and p.line == 9


def test_unknown_taxonomy_value_suggests_the_nearest(content):
    edit(content / "methods" / "laxhjalp.md", "target_groups: [elever, barn]", "target_groups: [elever, foraldar]")
    p = only(problems_for(content), "unknown-taxonomy-value")
    assert p.field == "target_groups" and "foraldar" in p.message
    assert "Menade du 'foraldrar'?" in p.hint


def test_misspelt_field_name_suggests_the_right_one(content):
    edit(content / "methods" / "laxhjalp.md", "success_factors:", "succes_factors:")
    problems = problems_for(content)
    assert "Menade du 'success_factors'?" in only(problems, "unknown-field").hint
    assert only(problems, "missing-field").field == "success_factors"


def test_duplicate_id_across_folders(content):
    (content / "projects" / "laxhjalp.md").write_text(
        (content / "projects" / "testprojektet.md").read_text().replace("title: Testprojektet", "title: Annat")
    )
    p = only(problems_for(content), "duplicate-id")
    assert p.path == "projects/laxhjalp.md" and "methods/laxhjalp.md" in p.message


def test_duplicate_title_or_alias(content):
    edit(content / "methods" / "laxhjalp.md", "title: Läxhjälp", "title: Samtalskväll")
    p = only(problems_for(content), "duplicate-title")
    assert p.field == "title"


def test_reference_to_missing_card(content):
    edit(content / "methods" / "samtalskvall.md", "tested_in: [testlabbet]", "tested_in: [testlabet]")
    p = only(problems_for(content), "missing-reference")
    assert (p.path, p.field) == ("methods/samtalskvall.md", "tested_in")
    assert "Menade du 'testlabbet'?" in p.hint


def test_card_outside_the_schema_types(content):
    edit(content / "methods" / "laxhjalp.md", "type: method", "type: workshop")
    p = only(problems_for(content), "wrong-type")
    assert p.field == "type"


def test_every_problem_in_every_card_is_reported_at_once(content):
    edit(content / "methods" / "laxhjalp.md", "actors: [civilsamhalle]", "actors: [civilsamhälle]")
    edit(content / "labs" / "testlabbet.md", "municipality: sodertalje", "municipality: sodertälje")
    edit(content / "projects" / "testprojektet.md", "status: permanent", "status: klar")
    paths = {p.path for p in problems_for(content)}
    assert paths == {"methods/laxhjalp.md", "labs/testlabbet.md", "projects/testprojektet.md"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ring 070-123 45 67 för info.", "private-phone"),
        ("Mejla anna.svensson@example.se.", "private-email"),
        ("<script>alert(1)</script>", "raw-html"),
        ("[klicka](javascript:alert(1))", "unsafe-link"),
    ],
)
def test_body_safety_and_privacy(content, text, code):
    path = content / "methods" / "laxhjalp.md"
    path.write_text(path.read_text() + "\nFörsta raden.\n" + text + "\n")
    p = only(problems_for(content), code)
    assert p.path == "methods/laxhjalp.md" and p.line == path.read_text().splitlines().index(text) + 1


def test_years_and_money_are_not_mistaken_for_phone_numbers(content):
    path = content / "methods" / "laxhjalp.md"
    path.write_text(path.read_text() + "\nPerioden 2015–2017 kostade 1 300 000 kr, 0,5 tjänst.\n")
    assert problems_for(content) == []


def test_github_annotations_carry_file_and_line(content):
    edit(content / "methods" / "laxhjalp.md", "documentation: kort-beskriven", "documentation: kort")
    out = format_github_annotations(problems_for(content))
    assert out.startswith("::error file=methods/laxhjalp.md,line=")
