"""Work kept between the builds of `mkdocs serve`, keyed on content, so that an edit shows in seconds (issue 29).

The search data (the finder's cards, its two lunr indexes and the texts for snippets) is the costliest single step of
a build: at a thousand cards it takes longer than everything else in the pipeline together, and any card's edit
changes it, because the indexes weigh every word against every card. Under `mkdocs serve` it is therefore made
beside the build instead of inside it:

- its key is the content it is made from: the loaded cards, their addresses and badges, and every file of the
  metodbanken package (code, templates, taxonomy, places and synonyms), so a hit is exactly what making it gives;
- on a miss the build does not wait: it publishes the search data of the previous build, and a forked process makes
  the new data, which is written over the old files as soon as it is ready (and the build has finished). The edited
  card's page, the listings and every other page are served at once; the finder reads its data when it is opened,
  seconds later. A newer edit stops a process that is still making data for older content.
- `mkdocs build`, the first build of `serve`, and a build whose previous search data did not exist make it in the
  build, as always.

Plain Python: the adapter says where the site is and when a build begins and ends; nothing here knows MkDocs.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import multiprocessing
import os
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from . import serve_output
from .beside_build import FilesBeside, Stopped

log = logging.getLogger("mkdocs.metodbanken")
PACKAGE = Path(__file__).resolve().parents[1]  # hooks/metodbanken: the code, templates and data the build reads
Files = dict[str, str]  # path in the site → text


def fingerprint(parts: Iterable[bytes | str]) -> str:
    """One digest of many parts, in order; a part never runs into the next."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def package_key(package: Path = PACKAGE) -> str:
    """Every file of the metodbanken package, by path and bytes: a change to the code, a template, the taxonomy, the
    places or the synonyms makes every key new. Read on every build (about a hundred small files), never assumed."""
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return fingerprint(part for p in files for part in (p.relative_to(package).as_posix(), p.read_bytes()))


def cards_key(cards) -> str:
    """The loaded cards as the build sees them: path, type, id, front matter and body (not the file's bytes, which
    could change between being hashed and being read)."""
    return fingerprint(card.content() for card in cards)


class _Job:
    """One forked process making the files for `key`; `result()` waits for them (None if it failed or was stopped),
    and with `learn` for what making them learned. The process sends only the files that differ from `base` (the
    files the serve process has, which it started with a copy of): at 5 000 cards 40 MB of search data, of which an
    edit changes a few files, and receiving all of it held up the build it arrived during."""

    def __init__(self, key: str, produce: Callable, learn: Callable | None, base: Files):
        self.key = key
        self.learn = learn
        self.lesson = None
        self._base = base
        self._beside = FilesBeside(functools.partial(_changes, produce, learn is not None, base), CHILD_NICENESS, True)

    def result(self) -> Files | None:
        try:
            (order, changed), self.lesson = self._beside.result()
        except Stopped:  # stopped by a newer edit
            return None
        except Exception as exc:  # the parent keeps the data it has
            log.error("Metodbanken: sökdatan kunde inte göras i bakgrunden: %s: %s", type(exc).__name__, exc)
            return None
        return {path: changed[path] if path in changed else self._base[path] for path in order}

    def stop(self) -> None:
        self._beside.stop(wait=False)  # the thread waiting for its result reaps it


# The forked process yields the processor to the build (and to anything else on the machine): the build serves the
# edited page and the listings, while this data only replaces data already served. At 5 000 cards both ran at once
# on two cores at the same priority.
CHILD_NICENESS = 10


def _changes(produce: Callable, learns: bool, base: Files) -> tuple[tuple[list[str], Files], object]:
    """In the forked process: produce(), as the paths in order and the files that differ from `base`, and what it
    learned (`learns`: produce gives the files and a lesson)."""
    files, lesson = _files_and_lesson(produce(), learns)
    return (list(files), {path: text for path, text in files.items() if base.get(path) != text}), lesson


def _files_and_lesson(made, learns: bool) -> tuple[Files, object]:
    """What a producer made: its files, and with `learns` what it learned (None without)."""
    return made if learns else (made, None)


def write_files(site_dir: Path, files: Files, replaced: Files | None = None) -> None:
    """Write `files` into the built site, each atomically (a request never reads half a file), in place of
    `replaced`, the files written there before: a file with the same text is left as it is (at a thousand cards
    most of the 1 500 files of an edit's search data), and one `files` no longer has is removed."""
    replaced = replaced or {}
    for path, text in files.items():
        target = site_dir / path
        if replaced.get(path) == text and target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(data)
        os.replace(tmp.name, target)
        serve_output.SITE_OUTPUT.note(data, str(target))  # the next build that publishes it writes nothing
    for path in set(replaced) - set(files):
        (site_dir / path).unlink(missing_ok=True)


class DeferredFiles:
    """Files made by one costly producer, by content key; under `serve` a miss is made beside the build.

    A build calls `begin`, then `files` (once or not at all), then `end` with the folder it wrote; between `begin`
    and `end` nothing else writes into the site, and data for an earlier build is never written into a later one.
    `wait` blocks until data being made is written (tests, benchmarks).
    """

    KEEP = 2  # results kept: the current content and the one before (an edit undone is a hit)

    def __init__(self):
        self._results: dict[str, Files] = {}
        self._latest: str | None = None  # key of the newest result
        self._job: _Job | None = None
        self._writer: threading.Thread | None = None
        self._guard = threading.Condition()  # a build and a late write never overlap
        self._building = False
        self._site: tuple[Path, str, Files] | None = None  # (folder, key wanted, files written there)
        self._wanted: str | None = None  # the key of the content the running build asked for
        self._given: Files | None = None  # what it got
        self.hits = self.misses = self.deferred = 0

    def begin(self) -> None:
        # Never waits: builds come one after another, and one that ended without `end` (an error outside MkDocs'
        # build) must not stop the next.
        with self._guard:
            self._building = True
            self._site = None

    def files(self, key: str, produce: Callable[[], Files], defer: bool, learn: Callable | None = None) -> Files:
        """The files for `key`: from an earlier build, made now, or (with `defer`, when an earlier result exists)
        the newest earlier result while a forked process makes the right one. With `learn`, `produce` gives the
        files and what making them learned, which `learn` is given in this process (made in a forked process, it
        is lost otherwise; then after the build, before the next can ask for files)."""
        with self._guard:
            self._wanted = key
            if key in self._results:
                self.hits += 1
                self._latest = key
                return self._give(self._results[key])
            self.misses += 1
            if self._job and self._job.key != key:
                self._job.stop()  # content changed again: its data would be written over at once
            if not defer or self._latest is None or not _can_fork():
                files = _learned(produce(), learn)
                self._store(key, files)
                return self._give(files)
            self.deferred += 1
            if self._job is None or self._job.key != key:
                self._job = _Job(key, produce, learn, self._results[self._latest])
                self._writer = threading.Thread(target=self._collect, args=(self._job,), daemon=True)
                self._writer.start()
            return self._give(self._results[self._latest])

    def _give(self, files: Files) -> Files:
        self._given = files
        return files

    def end(self, site_dir: Path | None) -> None:
        """The build is written to `site_dir` (None: it failed). Data that arrived during the build is written once
        it has returned, by the thread that received it (at 5 000 cards writing it took most of a second, which the
        edited page would have waited for)."""
        with self._guard:
            self._building = False
            if site_dir is not None and self._given is not None:
                self._site = (Path(site_dir), self._wanted, self._given)
                if self._writer is None or not self._writer.is_alive():
                    self._write_if_newer()
            self._given = None
            self._guard.notify_all()

    def _collect(self, job: _Job) -> None:
        files = job.result()
        with self._guard:
            if files is not None:
                self._store(job.key, files)
            if self._job is job:
                self._job = None
            self._guard.notify_all()  # the files are here (tests wait for that)
            self._guard.wait_for(lambda: not self._building)
            if files is not None and job.learn is not None:  # between builds: the build it arrived in waits for none of it
                job.learn(job.lesson)
            self._write_if_newer()
            self._guard.notify_all()

    def _write_if_newer(self) -> None:
        """Under the guard, no build running: the site gets the files it wanted if they are there and it lacks them."""
        if self._site is None:
            return
        folder, wanted, written = self._site
        files = self._results.get(wanted)
        if files is None or files is written:
            return
        write_files(folder, files, replaced=written)
        self._site = (folder, wanted, files)
        log.info("Metodbanken: sökdatan är uppdaterad")

    def _store(self, key: str, files: Files) -> None:
        self._results.pop(key, None)
        self._results[key] = files  # newest last
        self._latest = key
        for old in list(self._results)[: -self.KEEP]:
            del self._results[old]

    def wait(self, timeout: float | None = None) -> None:
        """Until the data being made (if any) is in the site."""
        writer = self._writer
        if writer is not None:
            writer.join(timeout)

    def reset(self) -> None:
        """Forget everything (a test's clean build)."""
        self.wait()
        self.__init__()


def _learned(made, learn: Callable | None) -> Files:
    """The files of what a producer made; with `learn`, it also made a lesson, which `learn` takes."""
    files, lesson = _files_and_lesson(made, learn is not None)
    if learn is not None:
        learn(lesson)
    return files


def search_data_under_serve(
    search_files: Callable[..., Files], memo=None, package: str | None = None
) -> Callable[..., Files]:
    """`search_files` (the search code's one call) keyed on its content and deferred on a miss, for build_site.
    `memo` (search_memo.SearchMemo) keeps what it learns from each card between builds, also from a forked process.
    `package`: the build's package_key, when the caller has it."""

    def search_data(cards, taxonomy, urls: dict[str, str], badges: dict | None = None) -> Files:
        # The taxonomy and synonyms are files of the package: package_key covers them.
        package_now = package or package_key()
        key = fingerprint((package_now, cards_key(cards), repr(sorted(urls.items())), repr(sorted((badges or {}).items()))))
        if memo is None:
            return SEARCH_DATA.files(key, lambda: search_files(cards, taxonomy, urls, badges=badges), defer=True)

        def produce():
            memo.begin(package_now)
            return search_files(cards, taxonomy, urls, badges=badges, memo=memo), memo.learned()

        return SEARCH_DATA.files(key, produce, defer=True, learn=memo.take)

    return search_data


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# One per process: `mkdocs serve` loads the adapter afresh for each build, but keeps this module.
SEARCH_DATA = DeferredFiles()
