"""The bad-card corpus: every case in tests/bad_cards/ must fail validation, naming its file and problem.

A case is a folder whose files are laid over the (valid) fixture content, plus expected.yml:
  code: the Problem.code that must be reported
  file: the card the problem must name (relative to the content root)
  field: optional, the field the problem must name
  json_schema: optional, "rejects" or "accepts": what the generated JSON Schema says about the card
  why: one line, for the reader
"""

import shutil
from pathlib import Path

import pytest
import yaml

from metodbanken.pipeline import build_site
from metodbanken.problems import CardsInvalid, format_github_annotations, format_problems
from support import FIXTURE_CONTENT, copy_site_skeleton, front_matter, mkdocs_build, problems_for, schema_validator

CORPUS = Path(__file__).with_name("bad_cards")
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.yml").is_file())


def expected(case: str) -> dict:
    return yaml.safe_load((CORPUS / case / "expected.yml").read_text(encoding="utf-8"))


def content_with(case: str, dest: Path) -> Path:
    """The fixture content with the case's files laid over it."""
    shutil.copytree(FIXTURE_CONTENT, dest)
    for src in (CORPUS / case).rglob("*"):
        if src.is_file() and src.name != "expected.yml":
            target = dest / src.relative_to(CORPUS / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    return dest


def test_the_corpus_is_large_and_varied():
    codes = {expected(c)["code"] for c in CASES}
    assert len(CASES) >= 15 and len(codes) >= 15
    for needed in (
        "yaml-syntax",
        "yaml-tab",
        "missing-field",
        "unknown-field",
        "wrong-type",
        "unknown-taxonomy-value",
        "duplicate-id",
        "duplicate-title",
        "missing-reference",
        "not-utf8",
        "empty-file",
        "unclosed-front-matter",
        "raw-html",
        "unsafe-link",
        "private-phone",
        "private-email",
    ):
        assert needed in codes, needed


@pytest.mark.parametrize("case", CASES)
def test_bad_card_fails_with_its_problem_named(case, tmp_path):
    want = expected(case)
    content = content_with(case, tmp_path / "content")
    problems = problems_for(content)
    assert problems, f"{case}: validation passed"
    match = [p for p in problems if p.code == want["code"] and p.path == want["file"]]
    assert match, f"{case}: want {want['code']} in {want['file']}, got {[(p.code, p.path) for p in problems]}"
    if "field" in want:
        assert any(p.field == want["field"] for p in match), [p.field for p in match]
    # The case breaks its own card only: the fixture content around it stays valid.
    case_files = {p.relative_to(CORPUS / case).as_posix() for p in (CORPUS / case).rglob("*") if p.is_file()}
    assert {p.path for p in problems} <= case_files, [(p.path, p.code) for p in problems]
    # The text a contributor reads names the file, says what is wrong and how to fix it, in Swedish.
    text = format_problems(problems)
    problem = match[0]
    assert want["file"] in text and problem.message in text
    assert problem.hint and f"Så rättar du: {problem.hint}" in text
    assert f"file={want['file']}" in format_github_annotations(match)


def test_tabs_give_the_swedish_tab_message(tmp_path):
    content = content_with("yaml-tab", tmp_path / "content")
    problem = next(p for p in problems_for(content) if p.code == "yaml-tab")
    assert "tabbtecken" in problem.message and "mellanslag" in problem.hint
    assert problem.line == 6  # the line with the tab, counted in the whole file


@pytest.mark.parametrize("case", [c for c in CASES if "json_schema" in expected(c)])
def test_json_schema_agrees_with_the_corpus(case, tmp_path):
    want = expected(case)
    content = content_with(case, tmp_path / "content")
    data = front_matter(content / want["file"])
    card_type = want["file"].split("/")[0]
    errors = list(
        schema_validator({"methods": "method", "labs": "lab", "projects": "project"}[card_type]).iter_errors(data)
    )
    assert bool(errors) == (want["json_schema"] == "rejects"), [e.message for e in errors]


BUILD_CASES = ["yaml-tab", "not-utf8", "script-in-body", "duplicate-id", "private-phone"]


@pytest.mark.parametrize("case", BUILD_CASES)
def test_pipeline_refuses_bad_card_before_making_any_page(case, tmp_path):
    want = expected(case)
    with pytest.raises(CardsInvalid) as refused:
        build_site(content_with(case, tmp_path / "content"))
    assert want["file"] in str(refused.value)


# The MkDocs adapter turns that refusal into a failed build that writes nothing. The wiring is the same for every
# case, so two real builds prove it: a card that does not load and a card that loads but breaks a rule.
@pytest.mark.parametrize("case", ["yaml-tab", "script-in-body"])
def test_build_refuses_bad_card_and_writes_nothing(case, tmp_path):
    want = expected(case)
    project = copy_site_skeleton(tmp_path / "project", content_with(case, tmp_path / "content"))
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert want["file"] in result.stderr
    assert not site.exists() or not any(site.iterdir()), "a partial site was written"
