"""Files beside the cards (site_files.py): under docs/ and overrides/ only what may lie there, pictures checked by
their bytes, refused in `validate` and in the build; and exactly which kinds of file the build copies unchanged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from metodbanken.content.site_files import FOLDER_RULES, picture_format, rule_for, site_file_problems
from metodbanken.paths import SEARCH_SCRIPTS
from metodbanken.pipeline import build_site, page_url
from metodbanken.problems import format_problems
from support import FIXTURE_CONTENT, REPO, copy_site_skeleton, mkdocs_build, run_command

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"
AVIF = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'
HTML = b"<!doctype html><script>alert(document.domain)</script>"


def project_with(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """An empty project with only these files (paths from the repository root)."""
    for rel, content in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return tmp_path


def codes(root: Path) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in site_file_problems(root)]


def test_the_repositorys_own_files_pass():
    assert site_file_problems(REPO) == []


@pytest.mark.parametrize(
    ("rel", "content"),
    [
        ("docs/bilder/foto.png", PNG),
        ("docs/bilder/foto.jpg", JPEG),
        ("docs/bilder/foto.jpeg", JPEG),
        ("docs/bilder/foto.webp", WEBP),
        ("docs/bilder/foto.avif", AVIF),
        ("docs/bilder/labb/karta.png", PNG),  # subfolders of bilder/
        ("docs/logga.png", PNG),  # pictures beside the hand-written pages
        ("docs/guide/sida.md", b"# Sida\n"),
        ("docs/javascripts/finder/ny.js", b"'use strict';\n"),
        ("docs/javascripts/vendor/LICENSE-x.txt", b"MIT\n"),
        ("docs/stylesheets/ny.css", b"a{}\n"),
        ("overrides/partials/ny.html", b"{{ page.title }}\n"),
        ("docs/bilder/.gitkeep", b""),  # hidden: MkDocs publishes no name starting with '.'
    ],
)
def test_allowed_files_pass(tmp_path, rel, content):
    assert codes(project_with(tmp_path, {rel: content})) == []


@pytest.mark.parametrize(
    ("rel", "content", "code", "said"),
    [
        ("docs/bilder/foto.svg", SVG, "file-type-refused", "SVG-bilder kan innehålla skript"),
        ("docs/bilder/foto.svgz", SVG, "file-type-refused", "SVG-bilder kan innehålla skript"),
        ("docs/bilder/sida.html", HTML, "file-type-refused", "HTML-filer kan innehålla skript"),
        ("docs/sida.html", HTML, "file-type-refused", "HTML-filer kan innehålla skript"),
        ("docs/sida.htm", HTML, "file-type-refused", "HTML-filer kan innehålla skript"),
        ("docs/bilder/data.xml", SVG, "file-type-refused", "XML-filer kan innehålla skript"),
        # A picture's magic number under a name the host serves as HTML is still HTML to the browser.
        ("docs/bilder/foto.html", PNG + HTML, "file-type-refused", "HTML-filer"),
        ("docs/bilder/foto.gif", b"GIF89a", "file-type-refused", "PNG, JPEG (.jpg) eller WebP"),
        ("docs/bilder/FOTO.PNG", PNG, "file-type-refused", "ska skrivas med små bokstäver, .png"),
        ("docs/bilder/foto", PNG, "file-type-refused", "Filer utan filändelse"),
        ("docs/bilder/sida.md", b"# Sida\n", "file-type-refused", "bara bilder"),
        ("docs/bilder/skript.js", b"alert(1)", "file-type-refused", "bara bilder"),
        ("docs/skript.js", b"alert(1)", "file-type-refused", "handskrivna sidor"),
        ("docs/stil.css", b"a{}", "file-type-refused", "handskrivna sidor"),
        ("docs/stylesheets/skript.js", b"alert(1)", "file-type-refused", "stilmallar"),
        ("docs/javascripts/noter.txt", b"x", "file-type-refused", "skript (.js)"),
        ("overrides/bild.svg", SVG, "file-type-refused", "temats mallar"),
        # The bytes must be the picture the ending names.
        ("docs/bilder/foto.png", SVG, "not-a-picture", "ingen PNG-bild"),
        ("docs/bilder/foto.jpg", HTML, "not-a-picture", "ingen JPEG-bild"),
        ("docs/bilder/tom.webp", b"", "not-a-picture", "ingen WebP-bild"),
        ("docs/bilder/foto.png", JPEG, "picture-ending-mismatch", "slutar på .png"),
        ("docs/bilder/foto.webp", PNG, "picture-ending-mismatch", "PNG-bild"),
    ],
)
def test_refused_files_get_a_swedish_problem_with_the_fix(tmp_path, rel, content, code, said):
    problems = site_file_problems(project_with(tmp_path, {rel: content}))
    assert [(p.path, p.code) for p in problems] == [(rel, code)]
    assert said in problems[0].message + problems[0].hint
    assert problems[0].hint, "every problem says how to fix it"
    assert format_problems(problems).splitlines()[1].startswith(f"{rel}:")


def test_the_fix_for_a_refused_picture_names_the_formats_and_the_folder(tmp_path):
    [problem] = site_file_problems(project_with(tmp_path, {"docs/bilder/foto.svg": SVG}))
    assert "PNG, JPEG (.jpg) eller WebP" in problem.hint and "docs/bilder/" in problem.hint
    assert "ta bort docs/bilder/foto.svg" in problem.hint


def test_the_fix_for_an_html_file_is_a_markdown_page(tmp_path):
    [problem] = site_file_problems(project_with(tmp_path, {"docs/sida.html": HTML}))
    assert problem.hint == "Ta bort docs/sida.html; en handskriven sida skrivs i Markdown (.md) direkt under docs/."


def test_the_ending_picks_the_type_the_host_serves_so_the_right_ending_is_named(tmp_path):
    [problem] = site_file_problems(project_with(tmp_path, {"docs/bilder/foto.png": JPEG}))
    assert problem.hint == "Döp om filen så att den slutar på .jpg."


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_symbolic_link_under_docs_is_refused(tmp_path):
    secret = project_with(tmp_path, {"hemligt.png": PNG}) / "hemligt.png"
    (tmp_path / "docs" / "bilder").mkdir(parents=True)
    (tmp_path / "docs" / "bilder" / "foto.png").symlink_to(secret)
    (tmp_path / "docs" / "mapp").symlink_to(tmp_path, target_is_directory=True)
    assert sorted(codes(tmp_path)) == [("docs/bilder/foto.png", "symlink"), ("docs/mapp", "symlink")]


def test_magic_numbers():
    assert [picture_format(head) for head in (PNG, JPEG, WEBP, AVIF, SVG, HTML, b"")] == [
        "PNG",
        "JPEG",
        "WebP",
        "AVIF",
        None,
        None,
        None,
    ]


def test_the_most_specific_folder_decides():
    assert rule_for("docs/javascripts/vendor/x.js").folder == "docs/javascripts/vendor/"
    assert rule_for("docs/javascripts/finder/x.js").folder == "docs/javascripts/"
    assert rule_for("docs/bilder/a/b.png").folder == "docs/bilder/"
    assert rule_for("docs/x.md").folder == "docs/"
    assert len({r.folder for r in FOLDER_RULES}) == len(FOLDER_RULES)


def test_validate_refuses_an_svg_beside_the_cards(tmp_path):
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    (project / "docs" / "bilder").mkdir()
    (project / "docs" / "bilder" / "foto.svg").write_bytes(SVG)
    result = run_command("validate", "--root", str(project))
    assert result.returncode == 1
    assert "docs/bilder/foto.svg: Filer som slutar på '.svg' får inte ligga i docs/bilder/" in result.stderr
    assert result.stderr.startswith("1 fel i 1 fil.\n")


def test_the_build_stops_on_an_html_file_with_a_picture_name_inside(tmp_path):
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    (project / "docs" / "bilder").mkdir()
    (project / "docs" / "bilder" / "foto.png").write_bytes(HTML)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/bilder/foto.png" in result.stderr and "ingen PNG-bild" in result.stderr
    assert not (tmp_path / "site" / "bilder").exists()


# What the build copies unchanged into the site, by ending: the site's own scripts, stylesheets and the vendor
# script's licence and README from docs/, and Material's scripts, stylesheets, their source maps and its
# favicon. A new ending here (an .svg, an .html that is not a page) is a new kind of file served on the site's
# origin: decide in site_files.py whether it may come, then add it.
COPIED_FROM_DOCS = {".js", ".css", ".txt"}
COPIED_FROM_THEME = {".js", ".css", ".map", ".png"}


def test_the_build_copies_only_these_kinds_of_file_unchanged(tmp_path, fixture_site):
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    site = build_site(project)
    made = {SEARCH_SCRIPTS, "sitemap.xml", "sitemap.xml.gz", "404.html"}
    made |= {f.path for f in site.data_files}
    docs = project / "docs"
    pages = [f.path for f in site.pages] + [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    made |= {page_url(path) + "index.html" for path in pages}  # 'om.md' → 'om/index.html'
    copied = {p.relative_to(fixture_site).as_posix() for p in fixture_site.rglob("*") if p.is_file()} - made
    from_docs = {rel for rel in copied if (project / "docs" / rel).is_file()}
    assert {Path(rel).suffix for rel in from_docs} == COPIED_FROM_DOCS
    assert {Path(rel).suffix for rel in copied - from_docs} == COPIED_FROM_THEME
    assert all(rel.startswith("assets/") for rel in copied - from_docs)
    assert not any(rel.endswith(".html") for rel in copied), "every HTML file in the site is a page"
