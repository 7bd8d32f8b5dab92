"""Under `mkdocs serve`, the garbage collector's full passes leave out what the caches keep between builds (issue 29).

The caches that let a rebuild redo only what an edit changed (page_cache.py, page_memo.py, the checked cards) hold
hundreds of thousands of objects at a thousand cards. Python's collector goes through all of them in each full
pass, and a rebuild made one to three: 0.3–0.4 s of a 2.3 s rebuild. So once a build is written, and the server
idles, a timer collects what the build left (the pages, the Markdown converters and their cycles) and freezes what
is left (gc.freeze): the next build's passes go through only the objects it makes itself. A build that begins before
the timer runs stops it; its passes then go through everything, as without this.

Plain Python: the adapter says when a build begins and ends.
"""

from __future__ import annotations

import gc
import threading

AFTER_BUILD = 1.0  # seconds: the browser reloads and fetches the page first, and the collector does not delay it


class FrozenBetweenBuilds:
    """`begin()` a build, `end()` it: `AFTER_BUILD` seconds later, unless a build began, collect and freeze."""

    def __init__(self, delay: float = AFTER_BUILD):
        self.delay = delay
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self.collections = 0

    def begin(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def end(self) -> None:
        with self._lock:
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
