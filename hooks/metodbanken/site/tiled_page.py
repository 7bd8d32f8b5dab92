"""A generated page of method tiles converted tile by tile under `mkdocs serve`, each tile kept by its Markdown (issue 29).

The methods list, the challenge pages and the taxonomy term pages show their methods as tiles (_macros.md.j2's
method_tiles): at a thousand methods the list is a thousand tiles in one `<div class="mb-tiles" markdown>`, and
converting such pages again was 1.5–2 s of a rebuild after a card's title changed, although the edit changed one
tile. So under `mkdocs serve` the adapter converts the page's shell (every tile run replaced with a placeholder) and
each tile alone in a run of its own, keeps each by its Markdown, and puts the page together as converting it whole
gives it:

- a tile converted alone is converted inside the same wrapper (md_in_html treats it as it treats it in the run) and
  taken out of it; the tiles of a run are joined with a line break, as the run's children are;
- heading ids: a tile's headings carry their ids (`{ #tile-… }`); the toc numbers the shell's headings without one
  past every id of the page, the tiles' included, as sectioned_page.assemble does. A tile with a heading without an id
  would be numbered across the page: such a page is converted whole (`assemble` gives None);
- the table of contents: the tiles' entries stand where their run stands among the shell's headings;
- the title is the shell's; the anchors and the links to anchors are the shell's and the tiles' together (for an
  anchor both link to, the shell's link is kept: MkDocs names it in a warning about a missing anchor).

`tests/test_tiled_page.py` converts pages both ways and compares, also the real listings. Plain Python on
Python-Markdown: the adapter converts a piece (MkDocs' Page.render) and hands over what it gave.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from markdown.extensions.toc import nest_toc_tokens, unique

from .sectioned_page import Converted, Section, escape_attribute, with_ids

TILES_OPEN = '<div class="mb-tiles" data-mb-sortable markdown>'  # the line a run of tiles opens with
TILE_START = '<article class="mb-tile"'  # a tile's first line starts with it …
TILE_END = "</article>"  # … and its last line is this
RUN_END = "</div>"  # the line after a run's last tile
_TOKEN = secrets.token_hex(8)  # no card can hold it: random for each process


def _placeholder(run: int) -> str:
    return f"mbtiles{_TOKEN}n{run}x"


@dataclass
class TiledMarkdown:
    shell: str  # the page with each run's tiles replaced by a placeholder paragraph
    runs: list[list[str]]  # each run's tiles' Markdown, in page order


def split(markdown: str) -> TiledMarkdown | None:
    """The page's shell and its runs of tiles; None for a page without a run, or one whose runs are not
    tiles as method_tiles writes them (converted whole)."""
    lines, shell, runs = markdown.split("\n"), [], []
    i = 0
    while i < len(lines):
        if lines[i] != TILES_OPEN:
            shell.append(lines[i])
            i += 1
            continue
        tiles, i = _run(lines, i + 1)
        if not tiles:
            return None
        shell += [TILES_OPEN, "", _placeholder(len(runs)), "", RUN_END]
        runs.append(tiles)
    return TiledMarkdown("\n".join(shell), runs) if runs else None


def _run(lines: list[str], i: int) -> tuple[list[str] | None, int]:
    """The tiles from line `i` to their run's end, and the line after it (None: these lines are not a run)."""
    tiles = []
    while i < len(lines):
        line = lines[i]
        if line == "":
            i += 1
        elif line == RUN_END:
            return tiles, i + 1
        elif line.startswith(TILE_START):
            try:
                end = lines.index(TILE_END, i)
            except ValueError:  # never closed
                return None, i
            tiles.append("\n".join(lines[i : end + 1]))
            i = end + 1
        else:
            return None, i
    return None, i


def wrapped(tile: str) -> str:
    """A tile's Markdown in a run of its own: what the adapter converts for it."""
    return f"{TILES_OPEN}\n\n{tile}\n\n{RUN_END}\n"


def _unwrapped(html: str) -> str | None:
    """The tile's HTML out of its run's (the wrapper's first line and last); None if it is not one."""
    first, _, rest = html.partition("\n")
    if not first.startswith("<div") or not rest.endswith(f"\n{RUN_END}"):
        return None
    return rest[: -len(RUN_END) - 1]


def assemble(shell: Section, runs: list[list[Section]]) -> tuple[Converted, list[dict]] | None:
    """The page converted whole, from its shell and its tiles (each converted `wrapped`), and its table of contents'
    tokens; None when the pieces cannot give it (a tile with a heading without an id, or not one tile)."""
    tiles = [tile for run in runs for tile in run]
    htmls = [_unwrapped(tile.converted.html) for tile in tiles]
    if any(tile.slugs for tile in tiles) or None in htmls:
        return None
    used = set(shell.tree_ids).union(*(tile.tree_ids for tile in tiles))
    counters: dict[str, int] = {}
    ids = [unique(slug, used, counters) for slug in shell.slugs]  # in page order, as toc walks the whole tree
    html = with_ids(shell.converted.html, ids, escape_attribute)
    paragraphs = [f"<p>{_placeholder(number)}</p>" for number in range(len(runs))]
    if any(html.count(paragraph) != 1 for paragraph in paragraphs):
        return None
    # The toc's entries in page order: the shell's where their headings stand, each run's where the run stands.
    toc = [(level, with_ids(anchor, ids), title) for level, anchor, title in shell.converted.toc]
    placed = [(_position(html, f'id="{escape_attribute(entry[1])}"'), 0, [entry]) for entry in toc]
    placed += [(html.index(p), 1, [e for tile in run for e in tile.converted.toc]) for p, run in zip(paragraphs, runs)]
    placed.sort(key=lambda item: item[:2])
    flat = [entry for _, _, entries in placed for entry in entries]
    anchors = {with_ids(anchor, ids) for anchor in shell.converted.anchors}
    links = shell.converted.links  # a permalink's anchor as the page gives it
    links = {t: {with_ids(a, ids): link for a, link in found.items()} for t, found in links.items()} if links else links
    start = 0
    for paragraph, run in zip(paragraphs, runs):
        html = html.replace(paragraph, "\n".join(htmls[start : start + len(run)]))
        start += len(run)
        for tile in run:
            anchors |= tile.converted.anchors
            links = _joined_links(links, tile.converted.links)
    tokens = nest_toc_tokens([{"level": level, "id": anchor, "name": title} for level, anchor, title in flat])
    return Converted(html, flat, shell.converted.title, anchors, links), tokens


def _position(html: str, text: str) -> int:
    found = html.find(text)
    return found if found >= 0 else len(html)


def _joined_links(links, more):
    """`links` (changed) with those of `more` it does not hold: MkDocs keeps the first link to an anchor."""
    if more is None:
        return links
    links = {} if links is None else links
    for target, found in more.items():
        for anchor, link in found.items():
            links.setdefault(target, {}).setdefault(anchor, link)
    return links
