"""Half of a build's page conversions done on the machine's other core, by a forked child process.

MkDocs converts every page's Markdown one after the other, in one process: at 1 000 cards that is half of a full
build, while a second core stands idle. Before the conversions start, the adapter forks a child with the build as
it is in memory (nothing is pickled on the way in). The pages are shared out in the build's order, each to the side
with the fewer bytes of Markdown so far, so that both keep pace (the booklet alone is as much as hundreds of card
pages). The child converts its pages and streams back what converting gave for each; the parent converts the others,
and takes the child's result for each of its pages when it reaches it, by then usually waiting in the pipe.

The output never depends on it: the child runs the same code on the same data, and for any page it did not convert
(it failed, died or was not started) the parent converts the page itself, so an error is reported by the parent as
it would be without the child. What the child logs while converting a page (MkDocs' warnings about links, for
instance) is sent with the page and logged by the parent when it takes it, so that counting warnings (--strict) and
their order stay as they were.

Plain Python: `convert` and `result_of` say what converting a page is; nothing here knows MkDocs.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import traceback
from collections.abc import Callable, Hashable, Sequence
from typing import Any

# The child's share of the Markdown: the parent also takes the child's pages in and runs MkDocs' own steps for every
# page. Measured at 1 000 cards, CPU seconds in parent / child: 6.2 / 4.2 at 0.5, 5.3 / 5.0 at 0.57, 3.9 / 6.4 at 0.6.
CHILDS_SHARE = 0.57
log = logging.getLogger("mkdocs.metodbanken")

# Set to 1, `mkdocs build` does all its work in its own process: every page's conversion, and the search data
# (beside_build.py); to compare, or to time a build's steps (bench/build_steps.py).
ONE_PROCESS = "METODBANKEN_ONE_PROCESS"


def can_fork() -> bool:
    """Whether a child on another core can help: fork exists, more than one core is ours, and nobody said no."""
    if not hasattr(os, "fork") or os.environ.get(ONE_PROCESS) == "1":
        return False
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
    return len(cores) > 1


class _Kept(logging.Handler):
    """In the child: every record logged, kept to be sent with the page it was logged for."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if self.records and self.records[-1] is record:
            return  # met again on its way up to a parent logger's handler
        # As logging.handlers.QueueHandler.prepare does: the message made, so that the record pickles.
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info))
            record.exc_info = None
        self.records.append(record)


class ForkedHalf:
    """Converts about half of `items` (by `cost`) in a forked child; `take(key)` gives the result of one of them (None
    if the child did not give one, or the item is the parent's), `given` holds the keys of those it gave, and
    `close()` ends the child."""

    def __init__(
        self,
        items: Sequence[Any],
        key: Callable[[Any], Hashable],
        convert: Callable[[Any], None],
        result_of: Callable[[Any], Any],
        cost: Callable[[Any], int] = lambda item: 1,
    ):
        childs_items = _shared_out(items, cost)
        self.theirs = {key(item) for item in childs_items}
        self.given: set[Hashable] = set()
        self._results: dict[Hashable, Any] = {}
        self._pipe = None
        self._pid = 0
        if not self.theirs:
            return
        read, write = os.pipe()
        # The build's objects are left out of the child's garbage collections: collecting them would touch, and so
        # copy, every page of memory the child shares with the parent, and cost it seconds (Python's gc.freeze).
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the child: converts and sends, then leaves without running the parent's cleanup
            try:
                os.close(read)
                _convert_and_send(childs_items, key, convert, result_of, write)
            finally:
                os._exit(0)
        gc.unfreeze()
        os.close(write)
        self._pid, self._pipe = pid, os.fdopen(read, "rb")

    def take(self, item_key: Hashable) -> Any | None:
        """The child's result for this item, waiting for it if need be; None to convert it here instead. What the
        child logged for it is logged now."""
        if item_key not in self.theirs:
            return None
        while item_key not in self._results and self._pipe is not None:
            try:
                sent_key, result, records = pickle.load(self._pipe)
            except (EOFError, pickle.UnpicklingError, OSError):
                self.close()  # the child stopped: the parent converts the rest
                break
            if result is None:  # what the child could not convert, and why, for whoever looks into it
                log.debug("Barnprocessen omvandlade inte %s; bygget gör det självt:\n%s", sent_key, records)
                self.close()
                break
            self._results[sent_key] = (result, records)
        result, records = self._results.pop(item_key, (None, []))
        for record in records:
            logging.getLogger(record.name).handle(record)
        if result is not None:
            self.given.add(item_key)
        return result

    def close(self) -> None:
        """Ends the child (it may still be converting when the build failed) and waits for it."""
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
        if self._pid:
            try:
                os.kill(self._pid, 9)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            self._pid = 0


def _shared_out(items, cost) -> list:
    """The child's items: each goes to the side that is further from its share of the cost so far, the parent on a
    tie."""
    parents = childs = 0
    theirs = []
    for item in items:
        if childs * (1 - CHILDS_SHARE) < parents * CHILDS_SHARE:
            childs += cost(item)
            theirs.append(item)
        else:
            parents += cost(item)
    return theirs


def _convert_and_send(items, key, convert, result_of, write_fd) -> None:
    kept = _Kept()
    # The child's records go to the parent with its pages, not to the terminal or a test's log capture.
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger, logging.Logger) and logger.handlers:
            logger.handlers = [kept]
    with os.fdopen(write_fd, "wb") as out:
        for item in items:
            kept.records = []
            try:
                convert(item)
                sent = pickle.dumps((key(item), result_of(item), kept.records))
            except Exception:  # noqa: BLE001 - the parent converts this and the rest, and reports what goes wrong
                out.write(pickle.dumps((key(item), None, traceback.format_exc())))
                return
            out.write(sent)
            out.flush()
