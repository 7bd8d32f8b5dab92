"""Under `mkdocs serve` a page whose Markdown did not change is taken from the previous build (page_cache.py): after
each kind of change to the cards the site built with the cache is byte for byte the site built without it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from metodbanken.site import page_cache, serve_cache
from support import FIXTURE_CONTENT, add_card, copy_site_skeleton, edit_card, serve_build

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from same_site import site_differences

edit = edit_card
add = add_card


def rename(content: Path) -> None:  # the card `add` made: no other card names it
    (content / "methods" / "samtalskvall-igen.md").rename(content / "methods" / "samtalskvall-en-gang-till.md")


def delete(content: Path) -> None:
    (content / "methods" / "samtalskvall-igen.md").unlink()


def nothing(content: Path) -> None:
    pass


# (before the first build, the change, whether pages are reused). A card added, renamed or deleted changes the list
# of files every page's links are resolved against, so then every page is converted again.
CHANGES = {"edit": (nothing, edit, True), "add": (nothing, add, False), "rename": (add, rename, False)}
CHANGES["delete"] = (add, delete, False)


# Three builds each. The quick check keeps the edit, where pages are reused and must come out as built afresh;
# that a card added, renamed or deleted (another context) reuses nothing is checked in small below, and the three
# real rebuilds are in the slow tier, which CI runs.
@pytest.mark.parametrize(
    "name", [name if name == "edit" else pytest.param(name, marks=pytest.mark.slow) for name in CHANGES]
)
def test_a_rebuild_with_reused_pages_is_the_site_built_afresh(tmp_path, monkeypatch, name):
    before, change, reuses = CHANGES[name]
    cache = page_cache.RenderedPages()
    monkeypatch.setattr(page_cache, "SERVE_PAGES", cache)
    monkeypatch.setattr(serve_cache, "SEARCH_DATA", serve_cache.DeferredFiles())
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    before(project)
    serve_build(project, tmp_path / "first")
    assert cache.hits == 0 and len(cache) > 0
    change(project)
    serve_build(project, tmp_path / "reused")
    # The edit's search data is made beside the build (serve_cache.py) and written into it when ready.
    serve_cache.SEARCH_DATA.wait()
    assert cache.misses > 0  # the changed pages are converted
    assert (cache.hits > cache.misses) == reuses  # … and after an edit only they
    converted = cache.hits + cache.misses
    monkeypatch.setattr(page_cache, "SERVE_PAGES", page_cache.RenderedPages())
    monkeypatch.setattr(page_cache, "SERVE_SECTIONS", page_cache.RenderedPages())  # the booklet's (sectioned_page.py)
    monkeypatch.setattr(serve_cache, "SEARCH_DATA", serve_cache.DeferredFiles())
    serve_build(project, tmp_path / "afresh")
    assert page_cache.SERVE_PAGES.hits == 0 and page_cache.SERVE_PAGES.misses == converted
    assert site_differences(tmp_path / "reused", tmp_path / "afresh") == []


def test_the_cache_keeps_only_what_the_last_build_used():
    cache = page_cache.RenderedPages()
    cache.begin("a")
    cache.put("metoder/x.md", "# X", "<h1>X</h1>")
    cache.put("metoder/y.md", "# Y", "<h1>Y</h1>")
    cache.end()
    cache.begin("a")
    assert cache.get("metoder/x.md", "# X") == "<h1>X</h1>"
    assert cache.get("metoder/y.md", "# Y, ändrad") is None
    cache.end()
    assert len(cache) == 1  # y's old version is gone
    cache.begin("b")  # another context (a file added): nothing is reused
    assert cache.get("metoder/x.md", "# X") is None
    assert (cache.hits, cache.misses) == (0, 1)
    cache.end()
    assert len(cache) == 0


def test_search_data_cut_into_other_pieces_reuses_every_page(tmp_path, monkeypatch):
    """The search data's pieces are named by its content: an edit can make a shard more. No page links to them,
    so every page is reused, and the site is the one built afresh with those pieces."""
    from metodbanken.search import search_memo, shards

    cache = page_cache.RenderedPages()
    monkeypatch.setattr(page_cache, "SERVE_PAGES", cache)
    monkeypatch.setattr(serve_cache, "SEARCH_DATA", serve_cache.DeferredFiles())
    monkeypatch.setattr(shards, "INLINE_INDEX_BYTES", 0)  # the shards in files of their own
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    serve_build(project, tmp_path / "served")
    first = {p.name for p in (tmp_path / "served" / "data" / "search").iterdir()}
    monkeypatch.setattr(shards, "SHARD_BYTES", 200)  # more, smaller shards
    monkeypatch.setattr(serve_cache, "SEARCH_DATA", serve_cache.DeferredFiles())  # made again, in the build …
    monkeypatch.setattr(search_memo, "SERVE_SEARCH", search_memo.SearchMemo())  # … with nothing kept (the constant)
    serve_build(project, tmp_path / "served")
    assert {p.name for p in (tmp_path / "served" / "data" / "search").iterdir()} > first
    assert cache.misses == 0 and cache.hits > 0  # every page as the first build converted it
    monkeypatch.setattr(page_cache, "SERVE_PAGES", page_cache.RenderedPages())
    monkeypatch.setattr(serve_cache, "SEARCH_DATA", serve_cache.DeferredFiles())
    serve_build(project, tmp_path / "afresh")
    assert site_differences(tmp_path / "served", tmp_path / "afresh") == []
