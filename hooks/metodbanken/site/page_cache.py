"""Rendered pages kept between the builds of `mkdocs serve`, so that an edit re-renders only what it changed.

MkDocs converts every page's Markdown again on each rebuild, although an edit to one card changes the Markdown of
only a few pages (the card's, and the listings, taxonomy pages and booklet that show it). The adapter asks this
cache before converting a page: the key is everything the HTML depends on – the page's path, its Markdown (which
the pipeline generated from the cards, taxonomy and templates, so a change to any of them changes it) and the
build's context (which files exist, the Markdown configuration) – so a hit is exactly what converting would give.
Entries not used by a build are dropped at its end: the cache never holds more than one site. Plain Python: the
adapter says what a rendered page is; nothing here knows MkDocs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any


def fingerprint(parts: Iterable[str]) -> str:
    """One digest of many strings, in order (a build's list of files, its Markdown settings): each part ends with a
    NUL byte. Joined first and hashed once: updating the digest part by part cost 0.5 s of a rebuild at 5 000."""
    joined = "".join(f"{part}\0" for part in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()


class RenderedPages:
    """Rendered pages by (context, path, Markdown); `begin` a build, `get`/`put` its pages, `end` it."""

    def __init__(self):
        self._entries: dict[tuple[str, str, str], Any] = {}
        self._used: set[tuple[str, str, str]] = set()
        self.context = ""
        self.hits = self.misses = 0

    def begin(self, context: str) -> None:
        self.context, self._used, self.hits, self.misses = context, set(), 0, 0

    def get(self, path: str, markdown: str) -> Any | None:
        key = (self.context, path, markdown)
        rendered = self._entries.get(key)
        if rendered is None:
            self.misses += 1
        else:
            self.hits += 1
            self._used.add(key)
        return rendered

    def put(self, path: str, markdown: str, rendered: Any) -> None:
        key = (self.context, path, markdown)
        self._entries[key] = rendered
        self._used.add(key)

    def keep(self, path: str) -> None:
        """What this context holds for `path` stays for the next build, used or not (a page's sections)."""
        self._used.update(key for key in self._entries if key[0] == self.context and key[1] == path)

    def end(self) -> None:
        """Forget every page this build did not use: deleted cards, old versions of edited ones, another context."""
        self._entries = {key: value for key, value in self._entries.items() if key in self._used}

    def __len__(self) -> int:
        return len(self._entries)


# One per process: `mkdocs serve` loads the adapter afresh for each build, but keeps this module.
SERVE_PAGES = RenderedPages()
# The theme's output of each page by (what every page's output depends on, path, what the page's own depends on).
SERVE_THEME = RenderedPages()
# The sections of a page converted by sections (the booklet, sectioned_page.py), by (context, path, Markdown).
SERVE_SECTIONS = RenderedPages()
# The shell and the tiles of a page of method tiles (tiled_page.py), by (context, path, Markdown).
SERVE_TILES = RenderedPages()
# The sanitised HTML of the pages that show card text, by their HTML before sanitising (sanitise.py).
SERVE_SANITISED = RenderedPages()
# Each page's Markdown and front matter (pickled: a fresh copy each build) by its source.
SERVE_SOURCES = RenderedPages()
