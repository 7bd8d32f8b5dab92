"""Under `mkdocs serve`, only the files whose bytes changed are written again (issue 29).

MkDocs empties the output folder before every build, then writes every page and copies every file again: at a
thousand cards 1 260 pages and 2 600 files (theme assets, each card's JSON, the search data's pieces), 1.5–3 s of a
rebuild on a shared two-core machine, although an edit changes a few pages and data files. Under serve the adapter
has MkDocs empty, write and copy through this instead:

- the folder is not emptied when the build begins: what is in it is noted (path, size, time, inode);
- a page or file whose bytes are those this wrote there in an earlier build, still on disk as that write left it
  (same size, time and inode), is not written again; a file copied from a source (a theme asset) is not copied
  again while the source and the copy are as they were;
- when the build ends, every file that was there when it began and that nobody wrote since (a deleted card's page) is
  removed, with the folders left empty: what emptying the folder first would have left.

So the served folder is byte for byte what emptying it and writing everything gives; tests/test_serve_rebuilds.py
compares it with a clean build after each kind of change. Files written by other means during the build (a theme's
gzipped sitemap) changed on disk, so they stay. Plain Python: nothing here knows MkDocs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator

Stat = tuple[int, int, int]  # size, modification time (ns), inode


def _stat(path: str) -> Stat | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ino


def _files_under(folder: str) -> Iterator[str]:
    """The files under `folder`, as Path.rglob("*") without its folders finds them (a link to a folder is neither
    followed nor a file), read with os.scandir: a third of rglob's time over 22 000 files at 5 000 cards."""
    folders = [folder]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if not entry.is_dir():
                    yield entry.path
                elif not entry.is_symlink():
                    folders.append(entry.path)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class SiteOutput:
    """`begin(folder)` a build in place of emptying it, `write` and `copy` its files, `end()` it."""

    def __init__(self):
        self._folder: str | None = None
        self._written: dict[str, tuple[bytes, Stat]] = {}  # path → (what this wrote, the file as it left it)
        self._found: dict[str, Stat] = {}  # the folder's files when the build began
        self._touched: set[str] = set()  # the paths this build wrote or kept
        self.writes = self.kept = self.removed = 0

    def begin(self, folder: str) -> None:
        if folder != self._folder:  # another folder: nothing in it was written by this
            self._written = {}
        self._folder, self._touched = folder, set()
        self.writes = self.kept = self.removed = 0
        self._found = {}
        for entry in os.listdir(folder) if os.path.isdir(folder) else []:
            if entry.startswith("."):  # MkDocs leaves hidden entries alone (it never writes one)
                continue
            top = os.path.join(folder, entry)
            for path in [top] if not os.path.isdir(top) else _files_under(top):
                self._found[path] = _stat(path)

    def write(self, data: bytes, path: str) -> None:
        """Write `data` to `path` (parent folders made), unless the file holds it as this left it."""
        path = os.path.normpath(path)
        self._touched.add(path)
        digest = _digest(data)
        earlier = self._written.get(path)
        if earlier is not None and earlier[0] == digest and earlier[1] == _stat(path):
            self.kept += 1
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)
        self._written[path] = (digest, _stat(path))
        self.writes += 1

    def note(self, data: bytes, path: str) -> None:
        """`data` was written to `path` between builds by other means (the search data made beside a build,
        serve_cache.py): the next build need not write the same bytes again."""
        path = os.path.normpath(path)
        self._written[path] = (_digest(data), _stat(path))

    def copy(self, source: str, path: str) -> None:
        """Copy the file `source` to `path`, unless the source and the copy are as they were at the last copy."""
        path = os.path.normpath(path)
        self._touched.add(path)
        key = f"copy\0{source}\0".encode() + repr(_stat(source)).encode()
        earlier = self._written.get(path)
        if earlier is not None and earlier[0] == key and earlier[1] == _stat(path):
            self.kept += 1
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        try:
            shutil.copyfile(source, path)
        except shutil.SameFileError:  # as MkDocs: a file written into the site by its source is left as it is
            return
        self._written[path] = (key, _stat(path))
        self.writes += 1

    def end(self) -> None:
        """Remove what emptying the folder first would have removed: the files found at the beginning that the build
        neither wrote nor kept and that nobody changed since; then the folders left empty."""
        for path, found in self._found.items():
            if path not in self._touched and _stat(path) == found:
                os.unlink(path)
                self._written.pop(path, None)
                self.removed += 1
        if self.removed:
            for folder, _, _ in os.walk(self._folder, topdown=False):  # a folder after the folders in it
                hidden = os.path.relpath(folder, self._folder).startswith(".")  # the folder itself too: "."
                if not hidden and not os.listdir(folder):
                    os.rmdir(folder)
        self._found = {}


# One per process: `mkdocs serve` loads the adapter afresh for each build, but keeps this module.
SITE_OUTPUT = SiteOutput()
# What the adapter replaced with SITE_OUTPUT's methods during a build, by name, to put back at its end: kept here, not
# in the adapter, which is loaded afresh for each build and would otherwise take a replacement for the original.
REPLACED: dict[str, object] = {}
