"""Links over the built site: every internal link and #anchor resolves; external links are listed, never fetched."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from support import REPO

LINK_REPORT = REPO / "scripts" / "link_report.py"
_spec = importlib.util.spec_from_file_location("link_report", LINK_REPORT)
link_report = sys.modules["link_report"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(link_report)


def test_every_internal_link_and_anchor_resolves(real_site):
    links = link_report.scan(real_site)
    assert link_report.broken_links(real_site, links, link_report.base_path_of(real_site)) == []


def test_the_check_covers_every_page_and_anchors(real_site):
    links = link_report.scan(real_site)
    card_pages = [page for page in links.ids if page.startswith(("metoder/", "labb/", "projekt/", "lardomar/"))]
    assert len(card_pages) > 50 and len(links.internal) > 10 * len(links.ids)
    with_fragment = [link for link in links.internal if "#" in link.url]
    # Card pages link to lesson groups and section anchors; the table of contents links to every heading.
    assert len(with_fragment) > 100
    assert any(link.url.startswith("#") for link in with_fragment)
    assert any("#" in link.url and not link.url.startswith("#") for link in with_fragment)


def _tiny_site(root):
    (root / "a").mkdir(parents=True)
    (root / "index.html").write_text(
        '<a href="a/">a</a> <a href="a/#finns">ok</a> <a href="a/#saknas">fel ankare</a> <a href="b/">fel sida</a>'
        ' <a href="#topp">fel ankare här</a> <a href="https://example.org/x">ut</a>'
        ' <a href="mailto:x@example.org">e-post</a> <link rel="canonical" href="https://example.org/">',
        encoding="utf-8",
    )
    (root / "a" / "index.html").write_text(
        '<h2 id="finns">F</h2><a href="../index.html">hem</a><a href="https://example.org/x">ut igen</a>',
        encoding="utf-8",
    )
    return root


def test_broken_files_and_anchors_are_found(tmp_path):
    site = _tiny_site(tmp_path / "site")
    links = link_report.scan(site)
    broken = {(page, url) for page, url, _ in link_report.broken_links(site, links)}
    assert broken == {("index.html", "a/#saknas"), ("index.html", "b/"), ("index.html", "#topp")}
    assert link_report.external_by_url(links) == {"https://example.org/x": ["a/index.html", "index.html"]}


def test_root_relative_links_are_read_against_the_published_base_path(tmp_path):
    site = _tiny_site(tmp_path / "site")
    (site / "404.html").write_text(
        '<a href="/metodbanken/a/#finns">ok</a><a href="/metodbanken/c/">fel</a>', encoding="utf-8"
    )
    links = link_report.scan(site)
    broken = {(page, url) for page, url, _ in link_report.broken_links(site, links, "/metodbanken/")}
    assert ("404.html", "/metodbanken/c/") in broken and ("404.html", "/metodbanken/a/#finns") not in broken


def run_report(site):
    return subprocess.run([sys.executable, str(LINK_REPORT), str(site)], capture_output=True, text=True)


def test_report_command_lists_external_links_with_their_pages(real_site):
    result = run_report(real_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Trasiga" not in result.stdout
    lines = result.stdout.splitlines()
    assert "Externa länkar (kontrolleras inte, bara listas):" in lines
    digg = lines.index("  https://www.digg.se/tdosanmalan")
    assert lines[digg + 1].strip() == "tillganglighet/index.html"


def test_report_command_fails_on_a_broken_link(tmp_path):
    result = run_report(_tiny_site(tmp_path / "site"))
    assert result.returncode == 1
    assert "Trasiga interna länkar (3):" in result.stdout
    assert "index.html: b/ – filen finns inte" in result.stdout
    missing = run_report(tmp_path / "finns-inte")
    assert missing.returncode == 2 and "Bygg först" in missing.stderr
