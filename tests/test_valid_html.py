"""Valid HTML (WCAG 2.1 4.1.1, EN 301 549): the Nu Html Checker finds no error on any page of the strict build,
our templates never nest elements wrongly on any page type, and the Material templates we override to get there
are Material's own but for the change each one names."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import material
import pytest

from support import REPO

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ACCEPTED = Path(__file__).with_name("html_checker_accepted.tsv")
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


def accepted_notices() -> dict[str, str]:
    """The checker's non-error messages we accept, each with the reason (tests/html_checker_accepted.tsv)."""
    accepted = {}
    for line in ACCEPTED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            message, reason = line.split("\t")
            assert reason.strip(), f"{ACCEPTED.name}: '{message}' needs a reason"
            accepted[message] = reason
    return accepted


def nu_html_checker(site: Path) -> list[dict]:
    if shutil.which("java") is None:
        pytest.skip("Java saknas: Nu Html Checker (vnu.jar) körs på Java. `bash scripts/test.sh` installerar det.")
    assert VNU_JAR.is_file(), f"{VNU_JAR} saknas: kör `npm ci` (bash scripts/lint.sh gör det)"
    result = subprocess.run(
        [
            "java",
            "-Xss4m",
            "-jar",
            str(VNU_JAR),
            "--skip-non-html",
            "--format",
            "json",
            "--exit-zero-always",
            str(site),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(result.stderr)["messages"]


@pytest.mark.slow
def test_every_page_of_the_strict_build_passes_the_nu_html_checker(real_site):
    messages = nu_html_checker(real_site)
    accepted = accepted_notices()
    checked = {m["url"] for m in messages}
    errors = [m for m in messages if m["type"] != "info"]  # "error" and "non-document-error"
    notices = [m for m in messages if m["type"] == "info" and m["message"] not in accepted]
    pages = len(list(real_site.rglob("*.html")))
    assert pages > 100
    assert errors == [], "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors[:20])
    assert notices == [], "\n".join(f"{m['url']}: {m.get('subType', 'info')}: {m['message']}" for m in notices[:20])
    # The accepted list names only what the checker still says; a notice that is gone leaves the list.
    assert {m["message"] for m in messages} >= set(accepted), "html_checker_accepted.tsv lists a notice no page has"
    assert checked  # the checker read the pages


@pytest.mark.slow  # Java and the checker start in seconds; it belongs with the check it proves
def test_the_checker_reports_the_errors_it_is_here_to_catch(tmp_path):
    """The check is not blind: a page with the errors issue 32 found gets them reported."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="sv"><head><title>x</title></head><body>'
        '<input type="checkbox" id="t" autocomplete="off"><label for="saknas">x</label>'
        '<div markdown="0"></div><table><p><caption>x</caption></p></table></body></html>',
        encoding="utf-8",
    )
    messages = [m["message"] for m in nu_html_checker(tmp_path) if m["type"] == "error"]
    assert any("autocomplete" in m for m in messages)
    assert any("“for” attribute" in m for m in messages)
    assert any("“markdown”" in m for m in messages)
    assert any("“p” seen in “table”" in m for m in messages)


# Elements that may not stand inside <p> (HTML's content model: <p> holds phrasing content only).
NOT_IN_PARAGRAPH = {
    "address", "article", "aside", "blockquote", "caption", "details", "dialog", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "menu", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
TABLE_PARTS = {"table", "thead", "tbody", "tfoot", "tr"}
TABLE_CHILDREN = {"caption", "colgroup", "thead", "tbody", "tfoot", "tr", "td", "th", "script", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class NestingCheck(HTMLParser):
    """Reads a page as written (no repair, unlike a browser) and notes wrong nesting, duplicate ids and labels
    for controls that are not on the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.found: list[str] = []
        self.ids: set[str] = set()
        self.label_targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = f"<{tag}> at line {self.getpos()[0]}"
        if tag in NOT_IN_PARAGRAPH and "p" in self.open[-1:]:
            self.found.append(f"{where} inside <p>")
        if self.open and self.open[-1] in TABLE_PARTS and tag not in TABLE_CHILDREN:
            self.found.append(f"{where} directly inside <{self.open[-1]}>")
        if "markdown" in attributes:
            self.found.append(f"{where} keeps Python-Markdown's markdown attribute")
        element_id = attributes.get("id")
        if element_id is not None:
            if element_id in self.ids:
                self.found.append(f"{where}: id '{element_id}' twice")
            self.ids.add(element_id)
        if tag == "label" and attributes.get("for"):
            self.label_targets.append(attributes["for"])
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def problems(self) -> list[str]:
        missing = [f"<label for='{t}'> without the control" for t in self.label_targets if t not in self.ids]
        return self.found + missing


def nesting_problems(site: Path) -> dict[str, list[str]]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        check = NestingCheck()
        check.feed(page.read_text(encoding="utf-8"))
        check.close()
        if check.problems():
            found[page.relative_to(site).as_posix()] = check.problems()[:10]
    return found


@pytest.mark.parametrize("site_name", ["real_site", "fixture_site"])
def test_no_page_nests_elements_wrongly(site_name, request):
    """Every page type of the real site and of the fixture cards (which hold the odd cases): no table, list,
    caption or heading inside a paragraph, nothing but rows and cells in a table, unique ids, no label for a
    missing control, no markdown attribute left over. Fast and without Java, for a regression on any page type."""
    site = request.getfixturevalue(site_name)
    assert nesting_problems(site) == {}


def test_the_nesting_check_sees_what_it_looks_for(tmp_path):
    (tmp_path / "index.html").write_text(
        '<table><p><caption>x</caption></p></table><p><ul><li>x</li></ul></p><div id="a"></div><span id="a"></span>'
        '<label for="b">x</label><div markdown="0"></div>',
        encoding="utf-8",
    )
    found = " ".join(nesting_problems(tmp_path)["index.html"])
    for expected in ("<p> at line 1 directly inside <table>", "<caption>", "<ul>", "id 'a' twice", "for='b'"):
        assert expected in found


def _material_template(name: str) -> str:
    return (MATERIAL_TEMPLATES / name).read_text(encoding="utf-8")


def _without_leading_comment(source: str) -> str:
    """An override's source without the Jinja comment that explains it."""
    assert source.startswith("{#-"), "an override starts with a comment saying what it changes"
    return source.split("-#}\n", 1)[1]


def test_base_html_is_materials_but_for_the_toggles_autocomplete():
    """overrides/base.html is a copy of Material's with autocomplete="off" dropped from its two toggles. If a
    Material update changes base.html, this fails: copy the new file and drop the attribute again."""
    ours = _without_leading_comment((REPO / "overrides" / "base.html").read_text(encoding="utf-8"))
    theirs = _material_template("base.html")
    toggles = [line for line in theirs.splitlines() if 'class="md-toggle"' in line]
    assert len(toggles) == 2 and all('autocomplete="off"' in line for line in toggles)
    assert ours == theirs.replace(
        'type="checkbox" id="__drawer" autocomplete="off"', 'type="checkbox" id="__drawer"'
    ).replace('type="checkbox" id="__search" autocomplete="off"', 'type="checkbox" id="__search"'), (
        "Material's base.html has changed: update overrides/base.html from it"
    )


def test_toc_partial_is_materials_but_for_the_title_outside_the_navigation():
    """overrides/partials/toc.html renders exactly Material's toc.html for a page in the navigation; for other pages
    the title is a span. If a Material update changes toc.html, this fails."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([REPO / "overrides", MATERIAL_TEMPLATES]))
    env.globals["lang"] = type("Lang", (), {"t": staticmethod(lambda key: "Innehåll")})
    page = type("Page", (), {"toc": [type("Item", (), {"level": 2, "children": [], "title": "A", "url": "#a"})()]})()
    config = {"mdx_configs": {}}
    ours = env.get_template("partials/toc.html")
    theirs = env.from_string(_material_template("partials/toc.html"))
    in_nav = {"page": page, "config": config, "nav": type("Nav", (), {"pages": [page]})()}
    outside = {**in_nav, "nav": type("Nav", (), {"pages": []})()}
    # Compared word by word: the override's extra {% if %} lines leave blank lines, which HTML does not see.
    assert ours.render(in_nav).split() == theirs.render(in_nav).split(), "Material's toc.html has changed"
    assert 'for="__toc"' not in ours.render(outside) and 'class="md-nav__title"' in ours.render(outside)
