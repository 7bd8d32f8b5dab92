"""Generated pages' Markdown kept between the builds of `mkdocs serve`, keyed on what each page read (issue 29).

The pipeline renders every card page and taxonomy page through Jinja on each build, although an edit to one card
changes only the pages that show it. Under `mkdocs serve` it asks this memo first, for pages and for the parts of data
files made per card (a card's record, its row of cards.csv, a method's entry in decisions.json). A page's key has two
parts:

- what the pipeline hands the page (`inputs`): for a card page the card itself, its addresses and dates; for a
  taxonomy term page the cards tagged with the term. Cards count by their content (path, type, id, front matter,
  body and lines);
- what the page asked the link graph while it was rendered (LinkGraph.reads: which cards of a type link to or
  from a card, by which field), and the answers now: the links and the content of every card in them. A card that
  starts or stops linking where the page looked, or such a card edited, makes the key new.

Every key holds the build's context, given by the caller: the metodbanken package's files (code, templates,
taxonomy) and the build date. A hit is exactly what rendering gives; entries no build used since the one before are
dropped. Plain Python: nothing here knows MkDocs or Jinja.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..content.link import LinkGraph
from ..content.load import Card
from .serve_cache import fingerprint


def card_content(card: Card | None) -> str:
    """Everything a card holds, as one string (None: no such card)."""
    return "-" if card is None else card.content()


@dataclass
class _Entry:
    inputs: str  # digest of the context and what the pipeline handed the page
    reads: tuple[tuple, ...]  # the questions the page asked the link graph (LinkGraph.linked's arguments)
    reads_key: str  # digest of their answers when the page was rendered
    value: Any
    parts: tuple[str, ...] = ()  # the parts of the page kept at paths of their own (tiles), asked for while made


class GeneratedPages:
    """`begin(context)` a build, `read_graph` its cards; `page(path, inputs, make)` is make() or what it gave for
    the same key."""

    def __init__(self):
        self._entries: dict[str, _Entry] = {}
        self._used: set[str] = set()
        self._context = ""
        self._graph: LinkGraph | None = None
        self._digests: dict[str, str] = {}  # card id → digest of its content, for this build
        self.hits = self.misses = 0
        self.rendered: list[str] = []  # the paths of the pages the last build rendered
        self._making: list[list[str]] = []  # per page being made (innermost last), the parts it asked for

    def begin(self, context: str) -> None:
        """A new build with `context`. Pages the build before this one did not make are forgotten (unless it made
        none: invalid cards stop a build before its pages)."""
        if self._used:
            self._entries = {path: entry for path, entry in self._entries.items() if path in self._used}
        self._context, self._graph, self._digests, self._used = context, None, {}, set()
        self.hits, self.misses, self.rendered = 0, 0, []

    def read_graph(self, graph: LinkGraph) -> None:
        """The build's cards, as the link graph holds them: what pages are rendered from and read."""
        self._graph = graph

    def card_digest(self, card_id: str) -> str:
        if card_id not in self._digests:
            self._digests[card_id] = fingerprint([card_content(self._graph.cards.get(card_id))])
        return self._digests[card_id]

    def _reads_key(self, reads: Iterable[tuple]) -> str:
        """What each question to the link graph answers now: the links, and the content of the cards in them."""
        parts = []
        for question in reads:
            parts.append(repr(question))
            for card, link in self._graph.linked(*question):
                parts.append(f"{link!r}\t{self.card_digest(card.id)}")
            parts.append("end")
        return fingerprint(parts)

    def page(self, path: str, inputs: Iterable[str], make: Callable[[], Any]) -> Any:
        """make(), the page at `path` rendered from `inputs`, or the value it gave when every key part was the same."""
        self._used.add(path)
        if self._making:
            self._making[-1].append(path)
        outer = self._graph.reads  # a part of a page being made (a tile of a list): what it read, the page read
        key = fingerprint([self._context, path, *inputs])
        entry = self._entries.get(path)
        if entry is not None and entry.inputs == key and entry.reads_key == self._reads_key(entry.reads):
            self.hits += 1
            if outer is not None:
                outer.update(dict.fromkeys(entry.reads))
            self._keep_parts(entry)
            return entry.value
        self.misses += 1
        self.rendered.append(path)
        self._graph.reads = {}
        self._making.append([])
        try:
            value = make()
            reads = tuple(self._graph.reads)
        finally:
            self._graph.reads = outer
            parts = tuple(self._making.pop())
        if outer is not None:
            outer.update(dict.fromkeys(reads))
        self._entries[path] = _Entry(key, reads, self._reads_key(reads), value, parts)
        return value

    def _keep_parts(self, entry: _Entry) -> None:
        """A page taken as it was keeps its parts for the next build that makes it again."""
        for part in entry.parts:
            self._used.add(part)
            if part in self._entries:
                self._keep_parts(self._entries[part])

    def __len__(self) -> int:
        return len(self._entries)


# One per process: `mkdocs serve` loads the adapter afresh for each build, but keeps this module.
SERVE_GENERATED = GeneratedPages()
