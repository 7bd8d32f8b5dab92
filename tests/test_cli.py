"""The command line: its code in this process (support.run_command), and end to end as
`python3 -m hooks.metodbanken …` from the repository root where the process is what is tested."""

import os
import re
import subprocess
import sys
from html import unescape

import cmarkgfm
import pytest

from metodbanken.problems import Problem, format_markdown, printable
from support import REPO, run_command


def run_process(*args, env_extra=None, cwd=REPO):
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "hooks.metodbanken", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def run_cli(*args, env_extra=None, cwd=REPO):
    return run_command(*args, env=env_extra, cwd=cwd)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def break_three_cards(content):
    edit(content / "methods" / "laxhjalp.md", "target_groups: [elever, barn]", "target_groups: [elever, foraldar]")
    edit(content / "methods" / "laxhjalp.md", "summary: Frivilliga hjälper elever med läxorna.\n", "")
    edit(content / "labs" / "testlabbet.md", "municipality: sodertalje", "municipality: sodertälje")
    edit(content / "projects" / "testprojektet.md", "status: permanent", "staus: permanent")


def test_help_names_the_commands():
    result = run_process("--help")
    assert result.returncode == 0
    for command in ("validate", "new", "schema"):
        assert command in result.stdout
    assert "python3 -m hooks.metodbanken" in result.stdout


def test_valid_content_passes(content):
    result = run_cli("validate", "--root", str(content))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Alla 5 kort är giltiga."


def test_a_warning_is_shown_but_does_not_fail(content):
    # An ongoing project whose end date has passed (project_status.status_warnings): worth a look, not an error.
    path = content / "projects" / "testprojektet.md"
    edit(path, "status: permanent\nbecame: Ordinarie verksamhet\n", "status: pagaende\n")
    edit(path, "period: {start: '2015', end: '2017'}", "period: {start: '2015', end: '2020-11-20'}")
    result = run_cli("validate", "--root", str(content), env_extra={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 0, result.stderr
    assert "Alla 5 kort är giltiga." in result.stdout
    assert "1 varning(ar) i 1 kort; de stoppar inte bygget." in result.stderr
    assert re.search(r"^projects/testprojektet\.md:\d+: fält 'status': Status är 'pagaende'", result.stderr, re.M)
    assert re.search(r"^::warning file=projects/testprojektet\.md,line=\d+,title=fält status::", result.stdout, re.M)
    assert "::error" not in result.stdout
    markdown = run_cli("validate", "--root", str(content), "--format", "markdown")
    assert markdown.returncode == 0 and markdown.stderr == ""


# The quick check already builds the real cards in strict mode (the real_site fixture), which stops on the same
# problems; the command over all of them, in a process of its own, is for the slow tier.
@pytest.mark.slow
def test_real_content_passes():
    result = run_process("validate")
    assert result.returncode == 0, result.stderr


def test_default_root_is_the_project_around_the_current_folder(content, tmp_path):
    # The installed `metodbanken` command finds the cards from where it runs, as git finds .git.
    (content / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    inside = run_cli("validate", cwd=content / "methods")
    assert inside.returncode == 0, inside.stderr
    assert inside.stdout.strip() == "Alla 5 kort är giltiga."
    outside = run_cli("validate", cwd=tmp_path)
    assert outside.returncode == 1
    assert "ingen av mapparna methods/, labs/" in outside.stderr and "--root" in outside.stderr


def test_modules_are_loaded_under_the_one_package_name():
    code = (
        "import runpy, sys; sys.argv = ['x', '--help']\n"
        "try: runpy.run_module('hooks.metodbanken', run_name='__main__', alter_sys=True)\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('hooks.metodbanken.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("[]")


def test_every_problem_is_printed_at_once_with_file_line_field_and_fix(content):
    break_three_cards(content)
    result = run_cli("--root", str(content), "validate")
    assert result.returncode == 1
    err = result.stderr
    assert err.startswith("5 fel i 3 kort.")
    assert re.search(
        r"^methods/laxhjalp\.md:5: fält 'target_groups': Värdet 'foraldar' finns inte i taxonomin", err, re.M
    )
    assert "Så rättar du: Menade du 'foraldrar'?" in err
    assert "methods/laxhjalp.md" in err and "fält 'summary': Det obligatoriska fältet 'summary'" in err
    assert re.search(r"^labs/testlabbet\.md:\d+: fält 'municipality':", err, re.M)
    assert "Menade du 'sodertalje'?" in err
    assert "Fältet 'staus' finns inte" in err and "Menade du 'status'?" in err
    assert "::error" not in result.stdout  # annotations only inside GitHub Actions


def test_the_command_in_this_process_says_what_the_process_says(content):
    # The other tests run cli.main in the test's process (support.run_command): the same exit code and the same
    # text on both outputs as `python3 -m hooks.metodbanken`, with and without the GitHub annotations.
    break_three_cards(content)
    edit(content / "projects" / "testprojektet.md", "period: {start: '2015', end: '2017'}", "period: {start: x}")
    args = ("validate", "--root", str(content))
    for env in ({}, {"GITHUB_ACTIONS": "true"}):
        process, here = run_process(*args, env_extra=env), run_cli(*args, env_extra=env)
        assert process.returncode == 1 and process.stdout.count("::error") == (6 if env else 0), process.stdout
        assert (here.returncode, here.stdout, here.stderr) == (process.returncode, process.stdout, process.stderr)


def test_github_actions_annotations(content):
    break_three_cards(content)
    result = run_cli("validate", "--root", str(content), env_extra={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 5
    first = next(a for a in annotations if "foraldar" in a)
    assert first.startswith("::error file=methods/laxhjalp.md,line=5,title=fält target_groups::")
    assert "Menade du 'foraldrar'?" in first
    files = {re.match(r"::error file=([^,:]+)", a).group(1) for a in annotations}
    assert files == {"methods/laxhjalp.md", "labs/testlabbet.md", "projects/testprojektet.md"}
    # The human-readable report is still there for the log.
    assert "5 fel i 3 kort." in result.stderr


def test_file_level_problems_are_annotated_without_a_line(content):
    (content / "methods" / "tom.md").write_text("", encoding="utf-8")
    result = run_cli("validate", "--root", str(content), env_extra={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert "::error file=methods/tom.md,title=empty-file::Filen är tom." in result.stdout


def github_html(markdown: str) -> str:
    """The summary as GitHub shows it: cmark-gfm with GitHub's extensions (tables, autolinks, strikethrough …)."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown)


def summary_cells(markdown: str) -> list[list[str]]:
    """The inner HTML of every body cell of the summary's table, row by row."""
    body = github_html(markdown).split("<tbody>", 1)[1]
    return [re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_markdown_format_is_a_table_for_the_job_summary(content):
    break_three_cards(content)
    edit(content / "methods" / "samtalskvall.md", "actors: [", "actors: ['x|y<z', ")  # card text in a message
    result = run_cli("validate", "--root", str(content), "--format", "markdown", env_extra={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "## Kontroll av korten" and "❌ 6 fel i 4 kort." in result.stdout
    assert "| Fil och rad | Fält | Vad är fel | Så rättar du |" in lines
    rows = summary_cells(result.stdout)
    assert len(rows) == 6 and all(len(row) == 4 for row in rows)  # a '|' in card text stays inside its cell
    row = next(r for r in rows if "foraldar" in r[2])
    assert row[:2] == ["<code>methods/laxhjalp.md:5</code>", "<code>target_groups</code>"]
    assert "Menade du 'foraldrar'?" in row[3]
    assert any("Värdet 'x|y&lt;z' finns inte" in r[2] for r in rows)
    assert "::error" not in result.stdout  # annotations come from the plain validate step


HOSTILE_SUMMARY_VALUES = [
    "[klicka här](https://evil.example/)",
    "![bild](https://evil.example/spårning.png)",
    "**✅ Alla kort är giltiga.**",
    "_lutande_ ~~struket~~",
    "# Rubrik",
    "a|b||c",
    "slut med \\",
    "a\\|b",
    "kod `x` och ``y`` och ```",
    "rad ett\nrad två\n\n| --- | --- |\n| ny | rad |",
    "<img src=x onerror=alert(1)> <script>alert(1)</script> &lt;b&gt; &amp;",
    "https://evil.example/väg www.evil.example evil@example.org",
    "[ref]: https://evil.example/",
    "<https://evil.example/>",
]


@pytest.mark.parametrize("value", HOSTILE_SUMMARY_VALUES)
def test_card_text_in_the_summary_is_shown_as_text_and_nothing_else(value):
    problems = [
        Problem(f"methods/{value}.md", 3, value, "unknown-taxonomy-value", f"Värdet '{value}' finns inte.", value)
    ]
    markdown = format_markdown(problems, 1)
    html = github_html(markdown)
    # Nothing from the card becomes a link, picture, emphasis, heading or HTML: only the summary's own heading.
    for made in ("<a ", "<img", "<strong", "<em", "<del", "<h1", "<h3", "<script", "<p>✅"):
        assert made not in html, (made, html)
    assert html.count("<h2>") == 1 and html.count("<tr>") == 2
    [row] = summary_cells(markdown)
    shown = " ".join(printable(value).split())
    expected = [f"methods/{shown}.md:3", shown, f"Värdet '{shown}' finns inte.", shown]
    for cell, text in zip(row, expected, strict=True):
        code = re.fullmatch(r"<code>(.*)</code>", cell, re.S)
        assert code, cell  # the whole cell is one code span
        assert unescape(code.group(1)).replace("\\ |", "\\|") == text


def test_markdown_format_says_all_cards_are_valid(content):
    result = run_cli("validate", "--root", str(content), "--format", "markdown")
    assert result.returncode == 0 and "✅ Alla 5 kort är giltiga." in result.stdout
