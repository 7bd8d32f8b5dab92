"""Under `mkdocs serve` only the files whose bytes changed are written again (serve_output.py), and the folder ends as
emptying it first and writing everything would leave it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import mkdocs.utils
from mkdocs.structure.files import File

from metodbanken.paths import FINDER_CARDS_PATH
from metodbanken.site import page_cache, serve_cache, serve_output
from metodbanken.site.serve_output import SiteOutput
from support import FIXTURE_CONTENT, add_card, copy_site_skeleton, serve_build

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from same_site import site_differences


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_unchanged_file_is_not_written_and_a_file_no_build_wrote_is_removed(tmp_path):
    site, source = tmp_path / "site", tmp_path / "style.css"
    source.write_text("body {}", encoding="utf-8")
    output = SiteOutput()
    output.begin(str(site))
    output.write(b"<p>ett</p>", str(site / "ett" / "index.html"))
    output.write(b"<p>borta</p>", str(site / "borta" / "djup" / "index.html"))
    output.copy(str(source), str(site / "assets" / "style.css"))
    output.end()
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref", encoding="utf-8")  # hidden: MkDocs never empties it either
    kept = (site / "ett" / "index.html").stat().st_mtime_ns

    output.begin(str(site))
    output.write(b"<p>ett</p>", str(site / "ett" / "index.html"))  # the same bytes
    output.copy(str(source), str(site / "assets" / "style.css"))  # the same source
    output.write(b"<p>ny</p>", str(site / "ny.html"))
    (site / "sitemap.xml.gz").write_bytes(b"written by other means during the build")
    output.end()
    assert (output.writes, output.kept, output.removed) == (1, 2, 1)
    assert (site / "ett" / "index.html").stat().st_mtime_ns == kept
    assert sorted(files_in(site)) == [".git/HEAD", "assets/style.css", "ett/index.html", "ny.html", "sitemap.xml.gz"]
    assert not (site / "borta").exists()  # its folders too


def test_a_file_changed_on_disk_or_at_its_source_is_written_again(tmp_path):
    site, source = tmp_path / "site", tmp_path / "style.css"
    source.write_text("body {}", encoding="utf-8")
    output = SiteOutput()
    output.begin(str(site))
    output.write(b"<p>ett</p>", str(site / "ett.html"))
    output.copy(str(source), str(site / "style.css"))
    output.end()
    (site / "ett.html").write_bytes(b"<p>felsida</p>")  # the serve error page writes over pages (serve_errors.py)
    source.write_text("body { margin: 0 }", encoding="utf-8")
    os.utime(source, ns=(1, 1))  # a time of its own, whatever the file system's resolution
    output.begin(str(site))
    output.write(b"<p>ett</p>", str(site / "ett.html"))
    output.copy(str(source), str(site / "style.css"))
    output.end()
    assert output.writes == 2
    assert files_in(site) == {"ett.html": b"<p>ett</p>", "style.css": b"body { margin: 0 }"}


def fresh_serve_caches(monkeypatch) -> SiteOutput:
    """Empty serve caches for this test, as at the start of `mkdocs serve`; the output's counts to read."""
    for name in ("SERVE_PAGES", "SERVE_THEME", "SERVE_SANITISED", "SERVE_SECTIONS"):
        monkeypatch.setattr(page_cache, name, page_cache.RenderedPages())
    monkeypatch.setattr(serve_cache, "SEARCH_DATA", serve_cache.DeferredFiles())
    output = SiteOutput()
    monkeypatch.setattr(serve_output, "SITE_OUTPUT", output)
    return output


def test_a_serve_rebuild_writes_what_changed_and_removes_a_deleted_cards_page(tmp_path, monkeypatch):
    output = fresh_serve_caches(monkeypatch)
    originals = (mkdocs.utils.clean_directory, mkdocs.utils.write_file, File.copy_file)
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    add_card(project)
    serve_build(project, tmp_path / "served")
    assert (mkdocs.utils.clean_directory, mkdocs.utils.write_file, File.copy_file) == originals  # put back
    assert output.writes > 100 and output.kept == 0
    page = tmp_path / "served" / "metoder" / "samtalskvall-igen" / "index.html"
    assert page.is_file()
    serve_build(project, tmp_path / "served")  # nothing changed: nothing is written
    serve_cache.SEARCH_DATA.wait()
    assert (output.writes, output.removed) == (0, 0)
    written = output.kept
    (project / "methods" / "samtalskvall-igen.md").unlink()
    serve_build(project, tmp_path / "served")
    serve_cache.SEARCH_DATA.wait()
    assert not page.exists() and output.removed > 1  # the card's page, its JSON …
    assert 0 < output.writes < written / 4  # the pages and files that list the cards
    serve_build(project, tmp_path / "built", command="build")
    assert site_differences(tmp_path / "served", tmp_path / "built") == []


def test_search_data_written_after_a_build_is_not_written_again_by_the_next(tmp_path, monkeypatch):
    output = fresh_serve_caches(monkeypatch)
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    serve_build(project, tmp_path / "served")
    card = project / "methods" / "laxhjalp.md"
    card.write_text(card.read_text(encoding="utf-8").replace("title: Läxhjälp", "title: Läxhjälp i dag"), "utf-8")
    serve_build(project, tmp_path / "served")  # publishes the old search data; the new is written after it
    serve_cache.SEARCH_DATA.wait()
    assert serve_cache.SEARCH_DATA.deferred == 1
    finder = (tmp_path / "served" / FINDER_CARDS_PATH).read_text(encoding="utf-8")
    assert "Läxhjälp i dag" in finder
    serve_build(project, tmp_path / "served")  # publishes that new data: already there
    assert (output.writes, output.removed) == (0, 0)
    assert (tmp_path / "served" / FINDER_CARDS_PATH).read_text(encoding="utf-8") == finder


def test_the_files_found_when_a_build_begins_are_those_rglob_finds(tmp_path):
    # os.scandir in place of Path.rglob (a third of its time at 5 000 cards): the same files, links included.
    outside = tmp_path / "utanfor"
    (outside / "djup").mkdir(parents=True)
    (outside / "djup" / "fil.txt").write_text("x", encoding="utf-8")
    site = tmp_path / "site"
    (site / "a" / "b").mkdir(parents=True)
    for path in ("a/index.html", "a/b/.dold", "a/b/c.json"):
        (site / path).write_text("x", encoding="utf-8")
    (site / "a" / "till-mappen").symlink_to(outside, target_is_directory=True)  # not followed, not a file
    (site / "a" / "till-filen").symlink_to(outside / "djup" / "fil.txt")
    found = set(serve_output._files_under(str(site / "a")))
    assert found == {str(p) for p in (site / "a").rglob("*") if not p.is_dir()}
    assert found == {str(site / "a" / name) for name in ("index.html", "b/.dold", "b/c.json", "till-filen")}
