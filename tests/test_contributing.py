"""The contributor's path: CONTRIBUTING.md followed literally, the guide page, edit links, templates and CI."""

import importlib.util
import json
import re
import shlex
import subprocess
import sys
import textwrap
from email.message import EmailMessage

import jsonschema
import pytest
import yaml

from metodbanken.schema import CARD_TYPES, SOURCE
from support import (
    FILLED,
    FIXTURE_CONTENT,
    REPO,
    cached_taxonomy,
    copy_site_skeleton,
    fill,
    mkdocs_build,
    run_command,
    schemas,
)

GUIDE = REPO / "CONTRIBUTING.md"
EDIT_BASE = "https://github.com/metodbanken/metodbanken/edit/main/"
CLI = ("python3", "-m", "hooks.metodbanken")


def guide_blocks(lang: str) -> list[str]:
    return re.findall(rf"(?ms)^```{lang}\n(.*?)^```", GUIDE.read_text(encoding="utf-8"))


def guide_commands() -> list[list[str]]:
    """Every command in the guide's shell blocks, split as a shell would."""
    return [shlex.split(line) for block in guide_blocks("sh") for line in block.splitlines() if line.strip()]


def cli_command(name: str) -> list[str]:
    found = [c for c in guide_commands() if tuple(c[:3]) == CLI and c[3] == name]
    assert len(found) == 1, f"CONTRIBUTING.md should show `{' '.join(CLI)} {name}` once"
    return [sys.executable, *found[0][1:]]


def run_guide_command(name: str, project) -> subprocess.CompletedProcess:
    """The guide's command, its arguments as written, run in the project's folder by the command's own code in
    this process (support.run_command; test_cli.py checks that it says what the process says)."""
    return run_command(*cli_command(name)[3:], cwd=project)


def test_a_new_user_following_contributing_md_gets_a_card_on_the_site(tmp_path):
    # The fixture cards keep the build short; the next test runs the same commands among the real cards.
    project = copy_site_skeleton(tmp_path / "metodbanken", FIXTURE_CONTENT)
    guide = GUIDE.read_text(encoding="utf-8")

    new = run_guide_command("new", project)
    assert new.returncode == 0, new.stderr
    card = project / "methods" / "sprakcafe-for-foraldrar.md"
    assert f"`{card.relative_to(project).as_posix()}`" in guide  # the guide names the file the command writes
    assert card.is_file() and "Skapade methods/sprakcafe-for-foraldrar.md" in new.stdout

    untouched = run_guide_command("validate", project)
    assert untouched.returncode == 1 and "sprakcafe-for-foraldrar.md" in untouched.stderr

    card.write_text(
        fill(
            card.read_text(encoding="utf-8"),
            FILLED["method"],
            body="Föräldrar och barn träffas varje vecka och pratar svenska.",
        ),
        encoding="utf-8",
    )
    filled = run_guide_command("validate", project)
    assert filled.returncode == 0, filled.stderr
    assert re.fullmatch(r"Alla \d+ kort är giltiga\.\n", filled.stdout) and "*Alla … kort är giltiga*" in guide

    site = tmp_path / "site"
    build = mkdocs_build(project, site)
    assert build.returncode == 0, build.stderr
    page = (site / "metoder" / "sprakcafe-for-foraldrar" / "index.html").read_text(encoding="utf-8")
    assert "Språkcafé för föräldrar" in page and "pratar svenska" in page
    assert f'href="{EDIT_BASE}methods/sprakcafe-for-foraldrar.md"' in page
    listing = (site / "metoder" / "index.html").read_text(encoding="utf-8")
    assert 'href="sprakcafe-for-foraldrar/"' in listing
    cards = json.loads((site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]
    record = next(c for c in cards if c["id"] == "sprakcafe-for-foraldrar")
    assert record["type"] == "method" and record["title"] == "Språkcafé för föräldrar"
    assert record["url"] == "metoder/sprakcafe-for-foraldrar/"


def test_the_error_shown_in_contributing_md_is_what_validate_prints(tmp_path):
    project = copy_site_skeleton(tmp_path / "metodbanken")
    assert run_guide_command("new", project).returncode == 0
    card = project / "methods" / "sprakcafe-for-foraldrar.md"
    values = {**FILLED["method"], "target_groups": "[foraldar]"}
    card.write_text(fill(card.read_text(encoding="utf-8"), values), encoding="utf-8")
    printed = run_guide_command("validate", project).stderr
    shown = next(b for b in guide_blocks("text") if "Så rättar du" in b).splitlines()
    # Same file, field, message and advice; the line number is allowed to drift as the schema grows.
    any_line = re.compile(r"\.md:\d+:")
    assert any_line.sub(".md:N:", shown[0]) in [any_line.sub(".md:N:", line) for line in printed.splitlines()]
    assert shown[1].removesuffix("…") in printed


def test_an_editor_following_for_redaktionen_takes_in_a_card_sent_by_mail(tmp_path):
    project = copy_site_skeleton(tmp_path / "metodbanken", FIXTURE_CONTENT)
    command = cli_command("import")
    card = (FIXTURE_CONTENT / "projects" / "testprojektet.md").read_text(encoding="utf-8")
    card = card.replace("title: Testprojektet", "title: Språkcafé på Hertsön")
    message = EmailMessage()
    message["From"], message["Subject"] = "anna@example.org", "Nytt kort"
    message.set_content("Hej!\n\n" + card + "\n-- \nAnna\n", cte="quoted-printable")
    (project / command[-1]).write_bytes(message.as_bytes())
    result = subprocess.run(command, capture_output=True, text=True, cwd=project)
    assert result.returncode == 0, result.stderr
    saved = project / "projects" / "sprakcafe-pa-hertson.md"
    guide = GUIDE.read_text(encoding="utf-8")
    assert f"`{saved.relative_to(project).as_posix()}`" in guide  # the guide names the file the command writes
    assert saved.read_text(encoding="utf-8") == card


def test_the_sources_example_in_the_guide_is_valid():
    block = re.search(r"(?ms)^  ```yaml\n(  sources:.*?)^  ```", GUIDE.read_text(encoding="utf-8")).group(1)
    sources = yaml.safe_load(textwrap.dedent(block))["sources"]
    assert [SOURCE.variant_of(s)[0].name for s in sources] == ["registered", "declared", "own_account"]
    validator = jsonschema.Draft202012Validator(schemas()["method"]["properties"]["sources"])
    assert list(validator.iter_errors(sources)) == []


def test_every_command_in_the_guide_exists():
    for command in guide_commands():
        if command[:3] == list(CLI):
            assert command[3] in ("new", "validate", "schema", "import", "--help")
        elif command[0] == "bash":
            assert (REPO / command[1]).is_file(), command
        else:
            assert command[0] in ("git", "cd"), command


def test_guide_page_is_built_with_generated_fields_values_and_empty_cards(real_site):
    html = (real_site / "bidra" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html and "Bidra med ett kort" in html
    assert "Skriv kortet i webbläsaren på GitHub" in html  # the guide itself, from CONTRIBUTING.md
    assert "metodbanken:" not in html  # every marker replaced
    for card_type in CARD_TYPES.values():
        assert f'id="falt-{card_type.name}"' in html and f'id="mall-{card_type.name}"' in html
        for spec in card_type.fields:
            assert f"<code>{spec.name}</code>" in html, spec.name
        assert f'href="../data/schema/{card_type.name}.schema.json"' in html
        assert (real_site / "data" / "schema" / f"{card_type.name}.schema.json").is_file()
    taxonomy = cached_taxonomy()
    for term in taxonomy.terms("focus_areas") + taxonomy.terms("documents"):
        assert f"<code>{term.id}</code>" in html
    assert html.count("SKRIV HÄR:") == len(CARD_TYPES)  # one empty card per type
    assert '"content.code.copy"' in html  # each empty card gets Material's copy button
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert nav.index("bidra.md") < nav.index("om.md")


@pytest.mark.parametrize(
    ("page", "source"),
    [
        ("metoder/deep-talk", "methods/deep-talk.md"),
        ("labb/bis-boden", "labs/bis-boden.md"),
        ("projekt/arenan", "projects/arenan.md"),
    ],
)
def test_card_pages_have_a_swedish_edit_button_to_their_own_file(real_site, page, source):
    html = (real_site / page / "index.html").read_text(encoding="utf-8")
    buttons = re.findall(r'<a href="([^"]+)" title="([^"]+)" class="md-content__button md-icon" rel="edit">', html)
    assert buttons == [(EDIT_BASE + source, "Redigera sidan")]  # the title is the link's accessible name


def _runs(steps) -> list[str]:
    return [line.strip() for step in steps if "run" in step for line in step["run"].splitlines() if line.strip()]


def _check_command(line: str) -> None:
    """The repository has what a workflow or hook command names: scripts, requirement files, modules."""
    for part in line.split("&&"):
        words = shlex.split(part)
        for word in words:
            if re.match(r"^(requirements|scripts|hooks)/", word):
                assert (REPO / word).exists(), word
        if "-m" in words:
            module = words[words.index("-m") + 1]
            if module == "hooks.metodbanken":
                command = words[words.index("-m") + 2]
                result = subprocess.run(
                    [sys.executable, "-m", module, command, "--help"], cwd=REPO, capture_output=True, text=True
                )
                assert result.returncode == 0, (line, result.stderr)
            elif module != "venv":
                assert importlib.util.find_spec(module), module
            if module == "mkdocs":
                assert (REPO / "mkdocs.yml").is_file()


def test_site_workflow_validates_builds_tests_and_deploys_with_minimal_permissions():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) >= {"push", "pull_request"} and triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = _runs(build["steps"])
    for line in runs:
        _check_command(line)
    order = [
        next(i for i, line in enumerate(runs) if needle in line)
        for needle in ("hooks.metodbanken validate", "mkdocs build --strict", "bash scripts/test.sh")
    ]
    assert order == sorted(order)
    uses = [s["uses"].split("@")[0] for s in build["steps"] if "uses" in s]
    assert uses == ["actions/checkout", "actions/upload-artifact", "actions/upload-pages-artifact"]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site" and "site_dir" not in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "refs/heads/main" in upload["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_pull_request_gets_the_validation_as_job_summary_and_the_built_site_as_artifact():
    steps = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))["jobs"]["build"][
        "steps"
    ]
    pr_steps = [s for s in steps if s.get("if") == "github.event_name == 'pull_request'"]
    summary = next(s for s in pr_steps if "--format markdown" in s.get("run", ""))
    assert '>> "$GITHUB_STEP_SUMMARY"' in summary["run"] and summary["run"].endswith("|| true")
    names = [s.get("name", "") for s in steps]
    assert names.index(summary["name"]) < names.index("Kontrollera korten")  # written even when validation fails
    artifact = next(s for s in pr_steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert artifact["with"]["path"] == "site" and names.index(artifact["name"]) > names.index(
        "Bygg webbplatsen (strict)"
    )
    note = next(s for s in pr_steps if "pr_summary.sh" in s.get("run", ""))
    _check_command(note["run"].split(">>")[0])
    result = subprocess.run(
        ["bash", "scripts/pr_summary.sh"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={
            "PR_NUMBER": "17",
            "GITHUB_REPOSITORY": "metodbanken/metodbanken",
            "GITHUB_RUN_ID": "1",
            "PATH": "/usr/bin:/bin",
        },
    )
    assert result.returncode == 0 and "webbplats-pr-17" in result.stdout and "/actions/runs/1" in result.stdout


def test_pre_commit_hook_runs_the_validate_command():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    assert hook["entry"] == "python -m hooks.metodbanken validate" and hook["pass_filenames"] is False
    _check_command(hook["entry"])
    for path in ("methods/x.md", "labs/x.md", "projects/x.md", "lessons/x.md", "hooks/metodbanken/taxonomy.yml"):
        assert re.search(hook["files"], path), path
    pins = dict(
        line.lower().split("==")
        for line in (REPO / "requirements" / "site.txt").read_text().splitlines()
        if "==" in line and not line.lstrip().startswith("#")
    )
    assert hook["additional_dependencies"] == [f"PyYAML=={pins['pyyaml']}"]


def test_issue_form_offers_the_taxonomy_labels():
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "foresla-metod.yml").read_text(encoding="utf-8"))
    assert form["name"] == "Föreslå en metod" and form["description"]
    by_id = {b["id"]: b for b in form["body"] if "id" in b}
    taxonomy = cached_taxonomy()
    for block, group in (("fokusomraden", "focus_areas"), ("malgrupper", "target_groups")):
        assert by_id[block]["type"] == "dropdown"
        assert by_id[block]["attributes"]["options"] == [t.label for t in taxonomy.terms(group)]
    assert by_id["kalla"]["validations"]["required"] is True
    assert "?template=foresla-metod.yml" in GUIDE.read_text(encoding="utf-8")


def test_pull_request_template_has_the_checklist():
    text = (REPO / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"(?m)^- \[ \] (.+)$", text)
    assert len(boxes) >= 5
    joined = " ".join(boxes)
    for needle in ("python3 -m hooks.metodbanken validate", "sources", "telefonnummer", "SKRIV HÄR"):
        assert needle in joined, needle
