"""Under `mkdocs serve` the caches are frozen out of the collector's full passes between builds (serve_memory.py)."""

from __future__ import annotations

import gc
import weakref

from metodbanken.site.serve_memory import NO_FULL_PASS, FrozenBetweenBuilds


class Node:
    def __init__(self):
        self.me = self  # a cycle: only the collector frees it


def test_after_a_build_what_it_left_is_collected_and_the_rest_frozen():
    memory = FrozenBetweenBuilds(delay=0.01)
    try:
        kept = Node()  # a cache's object
        left = weakref.ref(Node())  # garbage in a cycle, as a build leaves it
        memory.begin()
        memory.end()
        memory.wait()
        assert memory.collections == 1
        assert left() is None
        assert gc.get_freeze_count() > 0 and kept is not None
        # What was frozen and is garbage now (an edited card's old pages) is collected after the next build.
        dropped = weakref.ref(kept)
        del kept
        memory.begin()
        memory.end()
        memory.wait()
        assert dropped() is None and memory.collections == 2
    finally:
        gc.unfreeze()


def test_a_build_that_begins_first_stops_the_collection():
    memory = FrozenBetweenBuilds(delay=0.2)
    try:
        memory.end()
        timer = memory._timer
        memory.begin()  # the next edit's build, before the timer
        timer.join()  # the cancelled timer ends without running
        assert memory.collections == 0
        memory.end()
        memory.wait()
        assert memory.collections == 1
    finally:
        gc.unfreeze()


def test_while_a_build_runs_the_collector_makes_young_passes_only():
    memory, before = FrozenBetweenBuilds(delay=0.01), gc.get_threshold()
    try:
        memory.begin()
        young0, young1, full = gc.get_threshold()
        assert (young0, young1) == before[:2] and full == NO_FULL_PASS
        left = weakref.ref(Node())
        gc.collect(1)  # a young pass still frees a build's short-lived cycles
        assert left() is None
        memory.begin()  # a second build before the first ended keeps the collector's own thresholds for end()
        memory.end()
        assert gc.get_threshold() == before
        memory.wait()
        assert memory.collections == 1
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
