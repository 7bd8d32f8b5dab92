"""Each card's reading and checks kept between the builds of `mkdocs serve`, keyed on content (issue 29).

A rebuild reads and checks every card again, although an edit changes one file. Under `mkdocs serve` the pipeline
asks this memo instead (pipeline.load_and_validate):

- a card file's reading (load.load_card: the Card and the problems found on the way) is keyed on its path and its
  bytes, read once and handed to load_card, so the key is exactly what was read;
- a card's checks (validate.check_card) are keyed on the Card as loaded: path, type, id, front matter, body and lines;
- the taxonomy (taxonomy.yml and places.yml parsed) needs nothing but the context;
- every key holds the build's context, which the caller gives: the metodbanken package's files (code, schema,
  taxonomy, places: a change to any of them makes every key new); a check's key holds the build date too (the
  checks compare dates with it).

A hit gives what the work gives, problems included: a card with a problem is reported in every build until it is
fixed, exactly as a clean build reports it. Values are kept pickled, so no build sees objects a previous one may
have changed. Entries no build used since the one before are dropped: the memo holds about one bank of cards.
Collection checks (duplicate ids and titles, references) read every card together and run every time.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..problems import Problem
from ..taxonomy import Taxonomy, load_taxonomy
from .load import MAX_CARD_BYTES, Card, load_card
from .validate import check_card


class CheckedCards:
    """`begin(context)` a build, then `load`, `check` and `taxonomy` in place of load_card, check_card and
    load_taxonomy; `hits` and `misses` count the card files and cards of the last build."""

    def __init__(self):
        self.context = ""
        self._entries: dict[tuple, bytes] = {}
        self._used: set[tuple] = set()
        self.loads = self.checks = 0  # work done in the last build (misses)
        self.loads_reused = self.checks_reused = 0

    def begin(self, context: str) -> None:
        """A new build with `context`: forget what the build before this one did not use."""
        self._entries = {key: value for key, value in self._entries.items() if key in self._used}
        self.context, self._used = context, set()
        self.loads = self.checks = self.loads_reused = self.checks_reused = 0

    def _kept(self, key: tuple, make: Callable[[], object]) -> tuple[object, bool]:
        """The unpickled value for `key`, made and kept on a miss; and whether it was kept before."""
        self._used.add(key)
        stored = self._entries.get(key)
        if stored is not None:
            return pickle.loads(stored), True
        value = make()
        self._entries[key] = pickle.dumps(value)
        return value, False

    def load(self, path: Path, root: Path) -> tuple[Card | None, list[Problem]]:
        """load_card(path, root), or what it gave for the same bytes at the same place."""
        try:
            fits = path.suffix == ".md" and path.stat().st_size <= MAX_CARD_BYTES
            data = path.read_bytes() if fits else None
        except OSError:  # load_card reports it as a clean build does
            data = None
        if data is None:  # refused before its text is read, or unreadable: nothing to save
            return load_card(path, root)
        key = ("load", self.context, str(path), str(root), data)
        (card, problems), kept = self._kept(key, lambda: load_card(path, root, data))
        self.loads_reused += kept
        self.loads += not kept
        return card, problems

    def check(self, card: Card, taxonomy: Taxonomy, today: date) -> list[Problem]:
        """check_card(card, taxonomy, today) for a card as it was loaded. `taxonomy` must be the package's (the
        context covers it, the key does not)."""
        key = ("check", self.context, today.isoformat(), card.content())
        problems, kept = self._kept(key, lambda: check_card(card, taxonomy, today))
        self.checks_reused += kept
        self.checks += not kept
        return problems

    def taxonomy(self) -> Taxonomy:
        """The package's taxonomy (taxonomy.yml and places.yml are files of the package: in the context)."""
        return self._kept(("taxonomy", self.context), load_taxonomy)[0]

    def __len__(self) -> int:
        return len(self._entries)


# One per process: `mkdocs serve` loads the adapter afresh for each build, but keeps this module.
SERVE_CARDS = CheckedCards()
