"""A page of method tiles converted tile by tile (tiled_page.py) is the page converted whole: the same HTML, heading
ids, permalinks and table of contents; and under `mkdocs serve` an edited title converts one tile of each list."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config import load_config

from metodbanken.pipeline import build_site
from metodbanken.site import sectioned_page, serve_cache, tiled_page
from metodbanken.site.tiled_page import RUN_END, TILES_OPEN
from support import REPO, converter, serve_build, served_fixture, toc_shape

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from same_site import site_differences


def tile(card_id: str, title: str, level: int = 2, heading: str = "") -> str:
    hashes = "#" * level
    return "\n\n".join(
        [
            '<article class="mb-tile" data-underlag="1" markdown>',
            f"{hashes} [{title}]({card_id}.md) {{ #tile-{card_id} }}",
            f"Om {title}\\.\n{{: .mb-tile-summary }}",
            *([heading] if heading else []),
            '<div class="mb-tile-badges" markdown>',
            "- [Underlag](markning.md#underlag){ .mb-badge }: Beskriven\n- [Prövad](markning.md#provad): 2 orter",
            "</div>",
            "</article>",
        ]
    )


def run(*tiles: str) -> str:
    return "\n\n".join([TILES_OPEN, *tiles]) + f"\n{RUN_END}\n"


# The toc's numbering at its hardest: the shell's headings slug to a tile's id (toc numbers them past it), headings
# before, between and after two runs, and a heading of the same text in both.
PAGE = (
    "# Fokusområde\n\nInledning med [en länk](markning.md#underlag).\n\n## Tile lax\n\n"
    + run(tile("lax", "Läxhjälp", 3), tile("sang", "Sång & kör", 3))
    + "\n## Metoder\n\nText.\n\n"
    + run(tile("tile-lax", "Lax igen", 3))
    + "\n## Tile lax\n\nSlut.\n"
)


def by_tiles(convert, text: str):
    tiled = tiled_page.split(text)
    assert tiled is not None
    shell = sectioned_page.convert_section(lambda piece: convert(piece)[0], tiled.shell)
    runs = [
        [sectioned_page.convert_section(lambda p: convert(p)[0], tiled_page.wrapped(t)) for t in tiles]
        for tiles in tiled.runs
    ]
    return tiled_page.assemble(shell, runs)


def test_tiles_put_together_are_the_page_converted_whole():
    convert = converter()
    whole, whole_tokens = convert(PAGE)
    assembled, tokens = by_tiles(convert, PAGE)
    assert [len(r) for r in tiled_page.split(PAGE).runs] == [2, 1]
    assert assembled.html == whole.html
    assert assembled.toc == whole.toc and toc_shape(tokens) == toc_shape(whole_tokens)
    # What makes it hard: the shell's heading "Tile lax" is numbered past the tile's id tile-lax, twice.
    assert 'id="tile-lax_1"' in whole.html and 'id="tile-lax_2"' in whole.html
    assert "mbtiles" not in assembled.html and "mbid" not in assembled.html


def test_a_page_its_tiles_cannot_give_is_converted_whole():
    convert = converter()
    # A tile with a heading without an id: toc would number it across the page.
    heading = PAGE.replace("Om Läxhjälp\\.", "Om Läxhjälp\\.\n\n#### Mer")
    assert by_tiles(convert, heading) is None
    # Runs that are not tiles as method_tiles writes them, and pages without a run, are not split.
    assert tiled_page.split("# Sida\n\nText.\n") is None
    assert tiled_page.split(TILES_OPEN + "\n\nEn lös rad.\n\n" + RUN_END + "\n") is None
    assert tiled_page.split(TILES_OPEN + "\n\n" + tile("a", "A") + "\n") is None  # never closed
    assert tiled_page.split(run()) is None  # no tile


def test_the_real_listings_convert_the_same_by_tiles():
    """Every page of the real bank with tiles (the methods list, challenges, focus areas …), with mkdocs.yml's
    extensions."""
    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    site = build_site(REPO, search_data=lambda *args, **kwargs: {})
    convert = converter(config.markdown_extensions, config.mdx_configs)
    tiled_pages = [page for page in site.pages if TILES_OPEN in page.content]
    assert len(tiled_pages) > 10
    for page in tiled_pages:
        body = page.content.split("---\n", 2)[2] if page.content.startswith("---\n") else page.content
        whole, whole_tokens = convert(body)
        assembled, tokens = by_tiles(convert, body)
        assert assembled.html == whole.html, page.path
        assert toc_shape(tokens) == toc_shape(whole_tokens), page.path


def test_under_serve_an_edited_title_converts_one_tile_per_list_and_the_site_is_mkdocs_builds(tmp_path, monkeypatch):
    project, tiles = served_fixture(tmp_path, monkeypatch, "SERVE_TILES")
    first = tiles.misses
    card = project / "methods" / "laxhjalp.md"
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("title: Läxhjälp", "title: Läxhjälp i trapphuset", 1), encoding="utf-8")
    serve_build(project, tmp_path / "served")
    serve_cache.SEARCH_DATA.wait()
    served = tmp_path / "served"
    lists = [p for p in served.rglob("*.html") if 'id="tile-laxhjalp"' in p.read_text(encoding="utf-8")]
    assert len(lists) >= 3  # the methods list, its focus areas, target groups …
    assert tiles.misses == len(lists)  # in each, the edited tile; the shells and the other tiles are kept
    assert tiles.hits >= len(lists) and first > tiles.misses  # at least each list's shell
    assert "Läxhjälp i trapphuset" in (served / "metoder" / "index.html").read_text(encoding="utf-8")
    serve_build(project, tmp_path / "built", command="build")
    assert site_differences(served, tmp_path / "built") == []
