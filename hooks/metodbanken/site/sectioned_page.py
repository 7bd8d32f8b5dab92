"""A long generated page converted section by section under `mkdocs serve`, each section kept by its Markdown (issue 29).

The booklet holds every method on one page: at a thousand methods converting its Markdown took 1.5–2 s of every
rebuild after a method's edit, although the edit changed one method's section. Under `mkdocs serve` the adapter
converts each section alone instead, keeps it by its Markdown, and puts the page together. What Python-Markdown
does across a whole page, and how the parts come out the same:

- heading ids: the toc extension gives a heading without an id the slug of its text, made unique among every id of
  the page (explicit ids anywhere on it, and the slugs given before it: `syfte`, `syfte_1` …). A section alone would
  number from its own start. So while a section is converted, `heading_id` gives each such heading a placeholder
  and notes its slug, and `SectionIds` notes the ids the tree held before the toc ran (what toc counts as taken).
  `assemble` then gives the placeholders their ids with toc's own `unique`, in page order, over all the page's ids
  – what converting the whole page gives – and writes them into the HTML, the permalinks and the table of contents;
- reference definitions (`[a]: url`) count for the whole page, and the toc marker is replaced with the whole page's
  table of contents: a page with either in any section is converted whole (`can_split`);
- the page's title is its first element's, the first section's; anchors and links found are the sections' together,
  the first link to an anchor kept, as MkDocs keeps it.

`tests/test_sectioned_page.py` converts pages with each of these both ways and compares. Plain Python on
Python-Markdown: the adapter converts a section (MkDocs' Page.render) and hands over what it gave.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import nest_toc_tokens, unique
from markdown.treeprocessors import Treeprocessor

from .sanitise import heading_slug

# A placeholder no card can hold: random for each process (the sections kept live no longer than it).
_TOKEN = secrets.token_hex(8)
_PLACEHOLDER = re.compile(rf"mbid{_TOKEN}n(\d+)x")
TOC_MARKER = "[TOC]"  # Python-Markdown's default (the toc's `marker`)


class _Recorder:
    """While a section is converted: its headings' slugs by placeholder number, and the ids its tree held."""

    def __init__(self):
        self.active = False
        self.slugs: list[str] = []
        self.tree_ids: list[str] = []


_RECORDER = _Recorder()


def heading_id(value: str, separator: str) -> str:
    """The toc's slugify: heading_slug, or while a section is converted a placeholder for it (noted)."""
    slug = heading_slug(value, separator)
    if not _RECORDER.active:
        return slug
    _RECORDER.slugs.append(slug)
    return f"mbid{_TOKEN}n{len(_RECORDER.slugs) - 1}x"


class _TreeIds(Treeprocessor):
    def run(self, root):
        if _RECORDER.active:  # every id in the tree just before toc: those toc will not give again
            _RECORDER.tree_ids.extend(el.get("id") for el in root.iter() if el.get("id"))


class SectionIds(Extension):
    """Notes the ids a section's tree holds before the toc extension runs (priority 5), while one is converted."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_TreeIds(md), "metodbanken_section_ids", 5.5)


@dataclass
class Converted:
    """What converting Markdown gives a page: HTML, table of contents as (level, id, title) in page order, title,
    the ids present and the links to anchors (file → anchor → link)."""

    html: str
    toc: list[tuple[int, str, str]]
    title: str | None
    anchors: set[str]
    links: dict[str, dict[str, str]] | None
    parts: tuple[str, ...] = ()  # of a page assembled from sections: the parts its HTML joins, by "\n" …
    unnumbered: tuple[str, ...] = ()  # … and each as its section was converted, before its headings got their ids


@dataclass
class Section:
    converted: Converted  # with placeholders for the ids toc gave
    slugs: list[str]  # each placeholder's slug, by number
    tree_ids: list[str]  # the ids the tree held before toc


def split(markdown: str, start: str) -> list[str]:
    """The page's Markdown cut before each line that is `start`: what comes before the first, then the sections."""
    return re.split(rf"(?m)^(?={re.escape(start)}$)", markdown)


def can_split(pieces: Iterable[str], toc_marker: str = TOC_MARKER) -> bool:
    """Whether converting the pieces alone gives what converting them together gives: no piece may define a
    reference (`]:`, counted for the whole page) or hold the toc marker (replaced with the page's whole toc; an
    empty marker is none)."""
    return not any("]:" in piece or (toc_marker and toc_marker in piece) for piece in pieces)


def convert_section(convert: Callable[[str], Converted], markdown: str) -> Section:
    """`convert(markdown)`, noting what `assemble` needs to put the section in its page."""
    _RECORDER.active, _RECORDER.slugs, _RECORDER.tree_ids = True, [], []
    try:
        converted = convert(markdown)
        return Section(converted, _RECORDER.slugs, _RECORDER.tree_ids)
    finally:
        _RECORDER.active, _RECORDER.slugs, _RECORDER.tree_ids = False, [], []


def escape_attribute(value: str) -> str:
    # As Python-Markdown's serialiser writes an attribute value.
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def with_ids(text: str, ids: list[str], escape: Callable[[str], str] = str) -> str:
    """`text` with each id placeholder `heading_id` gave while its section was converted replaced by `ids[number]`."""
    return _PLACEHOLDER.sub(lambda m: escape(ids[int(m.group(1))]), text)


def assemble(sections: list[Section]) -> tuple[Converted, list[dict]]:
    """The page converted whole, from its sections converted alone: the HTML joined, every placeholder given the id
    toc gives it in the whole page, and the table of contents nested as toc nests it (its tokens: MkDocs' get_toc
    makes its table of contents of them)."""
    used = {tree_id for section in sections for tree_id in section.tree_ids}
    counters: dict[str, int] = {}  # toc's shortcut past the numbers taken: the same ids, without trying each again
    html, toc, anchors, links = [], [], set(), None
    for section in sections:
        ids = [unique(slug, used, counters) for slug in section.slugs]  # in page order, as toc walks the whole tree

        converted = section.converted
        html.append((with_ids(converted.html, ids, escape_attribute), converted.html))
        toc += [(level, with_ids(anchor, ids), title) for level, anchor, title in converted.toc]
        anchors |= {with_ids(anchor, ids) for anchor in converted.anchors}
        if converted.links is not None:
            links = links or {}
            for target, found in converted.links.items():
                for anchor, link in found.items():
                    links.setdefault(target, {}).setdefault(with_ids(anchor, ids), link)  # a permalink's too
    title = next((s.converted.title for s in sections if s.converted.html), None)  # the first element's
    tokens = nest_toc_tokens([{"level": level, "id": anchor, "name": title} for level, anchor, title in toc])
    parts = [(part, unnumbered) for part, unnumbered in html if part]
    numbered = tuple(part for part, _ in parts)
    return Converted("\n".join(numbered), toc, title, anchors, links, numbered, tuple(u for _, u in parts)), tokens
