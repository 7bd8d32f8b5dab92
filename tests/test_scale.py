"""Speed work must not change the site: the helpers that make the build faster give exactly what they replace, a
second build in the same process (as under `mkdocs serve`) gives the same files as the first, and the check that
compares two built sites (bench/same_site.py) finds every difference."""

from __future__ import annotations

import posixpath
import sys
from pathlib import Path

from metodbanken import paths
from metodbanken.pipeline import build_site
from metodbanken.site.render import relative_link
from support import FIXTURE_CONTENT

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from same_site import site_differences


def test_relative_link_is_relpath_from_every_page_folder():
    targets = [
        paths.page_path("method", "deep-talk"),
        paths.listing_path("lab"),
        paths.taxonomy_page_path("challenges", "trygghet"),
        paths.project_filter_path("municipalities", "malmo"),
        paths.project_filter_path("timeline"),
        paths.BOOKLET_PATH,
        paths.CARDS_JSON_PATH,
        paths.FRONT_PAGE_PATH,
    ]
    for from_path in targets:
        base = posixpath.dirname(from_path)
        for target in targets:
            expected = posixpath.relpath(target, base) if base else target
            assert relative_link(target, base) == expected
            assert relative_link(target, base) == expected  # remembered: the same answer the second time


def _files(site) -> dict[str, str]:
    return {f.path: f.content for f in site.files}


def test_a_second_build_in_the_same_process_gives_the_same_files():
    first = build_site(FIXTURE_CONTENT, site_url="https://example.org/metodbanken/")
    second = build_site(FIXTURE_CONTENT, site_url="https://example.org/metodbanken/")
    assert _files(first) == _files(second)
    assert {p.path: p.features for p in first.pages} == {p.path: p.features for p in second.pages}


def test_site_differences_finds_missing_extra_and_changed_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "metoder" / "x").mkdir(parents=True)
        (root / "metoder" / "x" / "index.html").write_bytes(b"<p>samma</p>")
        (root / "data").mkdir()
    (a / "data" / "cards.json").write_bytes(b"[1]")
    (b / "data" / "cards.json").write_bytes(b"[2]")
    (a / "only-a.html").write_bytes(b"")
    (b / "feed.xml").write_bytes(b"")
    assert site_differences(a, b) == ["feed.xml", "only-a.html", "data/cards.json"]
    assert site_differences(a, a) == []
