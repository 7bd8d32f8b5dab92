"""Under `mkdocs serve`, the garbage collector's full passes leave out what the caches keep between builds (issue 29).

The caches that let a rebuild redo only what an edit changed (page_cache.py, page_memo.py, the checked cards) hold
hundreds of thousands of objects at a thousand cards. Python's collector goes through all of them in each full
pass, and a rebuild made one to three: 0.3–0.4 s of a 2.3 s rebuild. So once a build is written, and the server
idles, a timer collects what the build left (the pages, the Markdown converters and their cycles) and freezes what
is left (gc.freeze): the next build's passes go through only the objects it makes itself. A build that begins before
the timer runs stops it; its passes then go through everything, as without this.

While a build runs, the collector makes no full pass at all, only its young ones (gen0, gen1), which free the
short-lived cycles a build makes (a page's Markdown converter): after a freeze the old generation is nearly empty, so
the collector ran a full pass every ten young passes, six in a rebuild at 5 000 cards, and they and their effect on
the caches cost 1–2 s of a 12 s rebuild. What the build leaves in the old generation is collected by the timer.

Plain Python: the adapter says when a build begins and ends.
"""

from __future__ import annotations

import gc
import threading

AFTER_BUILD = 1.0  # seconds: the browser reloads and fetches the page first, and the collector does not delay it
NO_FULL_PASS = 2**30  # the collector's third threshold while a build runs: young passes before a full one


class FrozenBetweenBuilds:
    """`begin()` a build (no full pass of the collector until it ends), `end()` it: `AFTER_BUILD` seconds later,
    unless a build began, collect and freeze."""

    def __init__(self, delay: float = AFTER_BUILD):
        self.delay = delay
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self.collections = 0
        self._thresholds: tuple[int, int, int] | None = None  # the collector's own, while a build runs

    def begin(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._thresholds is None:
                self._thresholds = gc.get_threshold()
                gc.set_threshold(self._thresholds[0], self._thresholds[1], NO_FULL_PASS)

    def end(self) -> None:
        with self._lock:
            if self._thresholds is not None:
                gc.set_threshold(*self._thresholds)
                self._thresholds = None
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self._collect_and_freeze)
            self._timer.daemon = True
            self._timer.start()

    def _collect_and_freeze(self) -> None:
        with self._lock:
            if self._timer is None or threading.current_thread() is not self._timer:
                return  # a build began, or ended again, since this was set
            self._timer = None
            gc.unfreeze()  # what an earlier call froze may be garbage now (an edited card's old pages)
            gc.collect()
            gc.freeze()
            self.collections += 1

    def wait(self) -> None:
        """Until a pending collection has run (tests)."""
        timer = self._timer
        if timer is not None:
            timer.join()


# One per process: `mkdocs serve` loads the adapter afresh for each build, but keeps this module.
SERVE_MEMORY = FrozenBetweenBuilds()
