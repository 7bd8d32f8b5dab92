"""Files made in a forked process while `mkdocs build` goes on, on the machine's other core (issue 29).

The search data (the finder's cards, its two lunr indexes and the texts for snippets) takes about 3 s of a full
build at a thousand cards and reads nothing the pages need. Under `mkdocs build` the adapter has it made in a child
process from the moment the cards are checked, while MkDocs converts and renders the pages, and joins it before the
files are written into the build folder:

- `result()` waits for the files; if making them failed, it raises the child's error (or, if that cannot be sent
  back, a RuntimeError with its text), so the build fails with its message as it would have failed making them in
  the build. The build folder is then discarded (publish.py): nothing is half-written;
- without fork (Windows), on one core, or with METODBANKEN_ONE_PROCESS=1 (forked_half.can_fork) the files are made
  at once, in the build, as before.

Under `mkdocs serve` the search data's process (serve_cache.py) is one of these too, at a lower priority.

Plain Python: nothing here knows MkDocs or the search code.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
from collections.abc import Callable

from .forked_half import can_fork

Files = dict[str, str]  # path in the site → text


class Stopped(RuntimeError):
    """The process ended without sending its files (stopped, killed, out of memory)."""


def _make_in_child(send, produce: Callable[[], Files], niceness: int) -> None:
    if niceness:
        with contextlib.suppress(OSError):  # raising a niceness needs no privilege; a system may still refuse it
            os.nice(niceness)
    try:
        outcome = ("files", produce())
    except Exception as exc:  # raised again in the parent, which fails the build with it
        try:
            pickle.dumps(exc)
            outcome = ("error", exc)
        except Exception:  # an error that cannot travel: its text does
            outcome = ("error", RuntimeError(f"{type(exc).__name__}: {exc}"))
    send.send(outcome)
    send.close()


class FilesBeside:
    """`produce()` in a forked process from now on; `result()` its files, `stop()` if the build ends without them.
    `niceness`: how much the process yields the processor; `in_child`: whether to fork (by default when can_fork,
    else `produce()` runs at once, here)."""

    def __init__(self, produce: Callable[[], Files], niceness: int = 0, in_child: bool | None = None):
        self._files: Files | None = None
        self._process = None
        if in_child is None:
            in_child = can_fork() and "fork" in multiprocessing.get_all_start_methods()
        if not in_child:
            self._files = produce()
            return
        context = multiprocessing.get_context("fork")  # the child has the parent's cards: nothing is pickled in
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_make_in_child, args=(send, produce, niceness), daemon=True)
        self._process.start()
        send.close()

    def result(self) -> Files:
        if self._files is not None:
            return self._files
        try:
            kind, value = self._receive.recv()
        except (EOFError, OSError):  # the child died without a word (killed, out of memory)
            kind, value = "error", Stopped(f"processen som gjorde filerna avslutades ({self._process.exitcode})")
        finally:
            self._receive.close()
            self._process.join()
        if kind == "error":
            raise value
        self._files = value
        return value

    def stop(self, wait: bool = True) -> None:
        """Kills the process; with `wait`, until it has ended (else `result()`, waiting elsewhere, reaps it)."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            if wait:
                self._process.join()
