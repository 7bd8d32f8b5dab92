"""What a visit transfers: the bytes of the files one page load fetched, as a static host sends them, summed up to a
moment of the load (the finder's first result, its full-text answer). bench/finder_benchmark.py prints them.

A file's size comes from the built site on disk, not from the wire: the benchmarks' server sends every file as it
is, whereas GitHub Pages gzips text. So text (html, css, js, json, svg, xml, txt) counts gzip-compressed at level 6,
as GitHub Pages serves it, and everything else (woff2, png, jpg, webp, avif: compressed already) as it is on disk.
HTTP headers are left out. An address counts once per load, however often the page and its workers asked for it
(a second fetch comes from the browser's cache).

When a file had arrived comes from the browser's Resource Timing: the page's timeline with its navigation entry, and
each worker's own timeline, moved onto the page's by the difference of their origins. It is the clock the page's
moments are read with. Playwright's request events, which see the workers' requests too, give the time of an
address no timeline holds (a worker gone, a full timeline buffer); their clock lags the page's by up to some 20 ms.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urldefrag, urlsplit

# Sent gzipped by the host; any other file goes out as it is.
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".webmanifest", ".svg", ".xml", ".txt", ".csv"})
GZIP_LEVEL = 6  # GitHub Pages'

# The page's Resource Timing: its navigation entry and every file it fetched, with when the last byte had arrived.
PAGE_TIMELINE = """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .map(entry => [entry.name, entry.responseEnd])"""
WORKER_TIMELINE = """() => [performance.timeOrigin,
  performance.getEntriesByType('resource').map(entry => [entry.name, entry.responseEnd])]"""
# Room for every file of a load in the page's timeline (the default holds 250).
LARGE_TIMELINE = "performance.setResourceTimingBufferSize(100000);"


def site_file(url: str, base_url: str) -> str | None:
    """The file of the built site that serves `url`, relative to the site (a folder's index.html); None for an address
    that is not the site's (another host, data:, blob:)."""
    if not url.startswith(base_url):
        return None
    path = unquote(urlsplit(url).path)
    relative = path.removeprefix(unquote(urlsplit(base_url).path)).lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return relative


def hosted_size(data: bytes, name: str) -> int:
    """The bytes the host sends for a file `name` holding `data`."""
    if PurePosixPath(name).suffix.lower() in TEXT_SUFFIXES:
        return len(gzip.compress(data, GZIP_LEVEL, mtime=0))
    return len(data)


class HostedSizes:
    """The size as hosted of the file behind each address of the site served from `site` at `base_url`; an address
    with no file there (another host, a 404) counts 0 and is kept in `missing`, so that a report can name it."""

    def __init__(self, site: Path, base_url: str):
        self.site = site
        self.base_url = base_url
        self.missing: set[str] = set()
        self._sizes: dict[str, tuple[int, int]] = {}  # file: (as hosted, on disk); a load asks for the same files

    def sizes(self, url: str) -> tuple[int, int]:
        name = site_file(url, self.base_url)
        if name is None:
            return 0, 0
        if name not in self._sizes:
            path = self.site / name
            if not path.is_file():
                self.missing.add(url)
                return 0, 0
            data = path.read_bytes()
            self._sizes[name] = (hosted_size(data, name), len(data))
        return self._sizes[name]

    def __call__(self, url: str) -> int:
        return self.sizes(url)[0]


def earliest_arrivals(timeline: Iterable[tuple[str, float]], requests: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Each address with when it first arrived (ms from navigation start): from the browser's timeline where that
    holds it, else from Playwright's `requests`. An entry of 0 is a fetch that never completed. An address counts
    without its fragment, which is never sent: the page's timeline names the finder's worker with the query in its
    fragment, Playwright without it, and both are one transfer."""
    arrived: dict[str, float] = {}
    for url, end in timeline:
        url = urldefrag(url).url
        if end > 0:
            arrived[url] = min(end, arrived.get(url, end))
    fallback: dict[str, float] = {}
    for url, end in requests:
        url = urldefrag(url).url
        if url not in arrived:
            fallback[url] = min(end, fallback.get(url, end))
    return {**arrived, **fallback}


def bytes_until(arrived: dict[str, float], moment: float, size_of: Callable[[str], int]) -> int:
    """The bytes of every address that had arrived by `moment`, each counted once."""
    return sum(size_of(url) for url, end in arrived.items() if end <= moment)


def largest(arrived: dict[str, float], moment: float, size_of: Callable[[str], int], count: int = 5) -> list[str]:
    """The `count` addresses that had arrived by `moment` with the most bytes, most first."""
    return sorted((url for url, end in arrived.items() if end <= moment), key=lambda url: (-size_of(url), url))[:count]


class Transfers:
    """Every request of one browser context, the page's and its workers' alike: attach before the page loads, then
    `arrivals(page)` once the moments of interest have passed."""

    def __init__(self, context):
        self.pending: set = set()
        self.finished: list[tuple[str, float]] = []  # address, epoch ms when Playwright saw its last byte
        context.on("request", self._started)
        context.on("requestfinished", self._finished)
        context.on("requestfailed", self._failed)

    def _started(self, request) -> None:
        self.pending.add(request)

    def _failed(self, request) -> None:
        self.pending.discard(request)

    def _finished(self, request) -> None:
        self.pending.discard(request)
        timing = request.timing
        # -1: not known (a response from the cache); then the request's start stands for its end.
        self.finished.append((request.url, timing["startTime"] + max(timing["responseEnd"], 0)))

    def settle(self, page, timeout_s: float = 30) -> None:
        """Wait until every request so far has finished or failed: their events reach Python a little after the
        browser has the bytes."""
        deadline = time.monotonic() + timeout_s
        while self.pending and time.monotonic() < deadline:
            page.wait_for_timeout(20)

    def arrivals(self, page) -> dict[str, float]:
        """Each address of the load with when it arrived, in ms from navigation start (earliest_arrivals)."""
        from playwright.sync_api import Error

        self.settle(page)
        origin = page.evaluate("performance.timeOrigin")
        timeline = [tuple(entry) for entry in page.evaluate(PAGE_TIMELINE)]
        for worker in page.workers:
            try:
                worker_origin, entries = worker.evaluate(WORKER_TIMELINE)
            except Error:
                continue  # the worker has ended; Playwright's times stand in for its files
            timeline += [(url, end + worker_origin - origin) for url, end in entries if end > 0]
        return earliest_arrivals(timeline, [(url, end - origin) for url, end in self.finished])
