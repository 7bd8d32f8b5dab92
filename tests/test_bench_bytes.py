"""The finder benchmark's byte accounting (bench/visit_bytes.py): a file counts at its size as GitHub Pages sends it
(text gzipped, the rest as it is), each address once per load, and only once it has arrived; the files a worker
fetches count as the page's do. On a tiny made-up site, never a big corpus."""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from support import serve_directory
from visit_bytes import (
    LARGE_TIMELINE,
    HostedSizes,
    Transfers,
    bytes_until,
    earliest_arrivals,
    hosted_size,
    largest,
    site_file,
)

BASE = "http://127.0.0.1:8123/"
TEXT = ("<p>Läxhjälp för unga i Malmö, varje tisdag och torsdag.</p>\n" * 200).encode()


@pytest.mark.parametrize(
    ("url", "name"),
    [
        (BASE, "index.html"),
        (BASE + "hitta/?sok=ungdomar", "hitta/index.html"),
        (BASE + "javascripts/finder/search-worker.js?lunr=x&headline=y", "javascripts/finder/search-worker.js"),
        (BASE + "data/s%C3%B6k.json#topp", "data/sök.json"),
        ("http://other.example/hitta/app.js", None),
        ("data:image/png;base64,iVBORw0KGgo=", None),
        ("blob:http://127.0.0.1:8123/6f1c", None),
    ],
)
def test_an_address_is_served_by_its_file_of_the_site(url, name):
    assert site_file(url, BASE) == name


def test_a_site_below_the_host_root_is_served_from_its_folder():
    assert site_file("http://127.0.0.1:8123/metodbanken/hitta/", "http://127.0.0.1:8123/metodbanken/") == (
        "hitta/index.html"
    )


def test_text_counts_gzipped_and_a_compressed_file_as_it_is():
    for name in ("sida.html", "stil.css", "app.js", "kort.json", "ikon.svg", "flode.xml", "robots.txt", "APP.JS"):
        assert hosted_size(TEXT, name) == len(gzip.compress(TEXT, 6)), name
    assert hosted_size(TEXT, "sida.html") < len(TEXT) / 10  # repeated text: gzip takes most of it away
    for name in ("typsnitt.woff2", "bild.png", "foto.jpg", "foto.webp", "foto.avif"):
        assert hosted_size(TEXT, name) == len(TEXT), name


@pytest.fixture
def tiny_site(tmp_path) -> Path:
    (tmp_path / "hitta").mkdir()
    (tmp_path / "hitta" / "index.html").write_bytes(TEXT)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "kort.json").write_bytes(b'{"kort": [' + b'{"titel": "Nattvandring"},' * 300 + b"{}]}")
    (tmp_path / "typsnitt.woff2").write_bytes(os.urandom(3000))
    return tmp_path


def test_sizes_of_a_tiny_site_as_hosted_and_on_disk(tiny_site):
    size_of = HostedSizes(tiny_site, BASE)
    json_bytes = (tiny_site / "data" / "kort.json").read_bytes()
    assert size_of.sizes(BASE + "hitta/?sok=unga") == (len(gzip.compress(TEXT, 6)), len(TEXT))
    assert size_of.sizes(BASE + "data/kort.json") == (len(gzip.compress(json_bytes, 6)), len(json_bytes))
    assert size_of(BASE + "typsnitt.woff2") == 3000
    assert size_of.missing == set()


def test_an_address_without_a_file_counts_nothing_and_is_named(tiny_site):
    size_of = HostedSizes(tiny_site, BASE)
    assert size_of(BASE + "data/borta.json") == 0
    assert size_of("http://other.example/app.js") == 0
    assert size_of.missing == {BASE + "data/borta.json"}  # another host is no file of the site: not missing


def test_an_address_counts_once_at_its_first_arrival():
    # The page preloads the cards and the worker fetches them again (from the cache): one file, one transfer.
    timeline = [(BASE + "hitta/", 20.0), (BASE + "data/kort.json", 110.0), (BASE + "data/kort.json", 300.0)]
    requests = [(BASE + "hitta/", 25.0), (BASE + "data/kort.json", 130.0), (BASE + "data/kort.json", 310.0)]
    arrived = earliest_arrivals(timeline, requests)
    assert arrived == {BASE + "hitta/": 20.0, BASE + "data/kort.json": 110.0}
    sizes = {BASE + "hitta/": 6000, BASE + "data/kort.json": 17000}
    assert bytes_until(arrived, 500, sizes.__getitem__) == 23000


def test_an_address_with_a_fragment_is_the_same_transfer():
    # The page's timeline names the worker with the query in its fragment; Playwright's request has no fragment.
    worker = BASE + "javascripts/finder/search-worker.js?scripts=s&words=w"
    timeline = [(worker + "#q=ungdomar", 140.0)]
    requests = [(worker, 240.0)]
    assert earliest_arrivals(timeline, requests) == {worker: 140.0}


def test_playwright_times_an_address_no_timeline_holds():
    timeline = [(BASE + "hitta/", 20.0), (BASE + "data/index.json", 0.0)]  # 0: that fetch never completed
    requests = [(BASE + "hitta/", 25.0), (BASE + "data/index.json", 400.0), (BASE + "lunr.js", 250.0)]
    assert earliest_arrivals(timeline, requests) == {
        BASE + "hitta/": 20.0,
        BASE + "data/index.json": 400.0,
        BASE + "lunr.js": 250.0,
    }


def test_only_what_has_arrived_by_the_moment_counts():
    arrived = {"a": 10.0, "b": 200.0, "c": 200.5, "d": 900.0}
    sizes = {"a": 1, "b": 10, "c": 100, "d": 1000}
    assert bytes_until(arrived, 200, sizes.__getitem__) == 11
    assert bytes_until(arrived, 5, sizes.__getitem__) == 0
    assert bytes_until(arrived, 1000, sizes.__getitem__) == 1111


def test_the_largest_files_by_the_moment_most_first():
    arrived = {"a": 10.0, "b": 20.0, "c": 30.0, "d": 40.0, "e": 50.0, "f": 60.0, "g": 900.0}
    sizes = {"a": 5, "b": 60, "c": 7, "d": 60, "e": 1, "f": 30, "g": 10_000}
    assert largest(arrived, 100, sizes.__getitem__) == ["b", "d", "f", "c", "a"]
    assert largest(arrived, 25, sizes.__getitem__, count=1) == ["b"]


WORKER_PAGE = """<!doctype html><html lang="sv"><title>Prov</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="stil.css">
<script>
  const worker = new Worker('arbetare.js');
  worker.onmessage = () => {
    window.__workerDone = performance.now();
    fetch('data/kort.json').then(response => response.text()).then(() => { window.__pageDone = true; });
  };
</script>"""
WORKER = "fetch('data/kort.json').then(response => response.text()).then(text => postMessage(text.length));"


def test_a_load_counts_what_its_worker_fetched_on_the_page_clock(browser, tiny_site):
    (tiny_site / "hitta" / "index.html").write_text(WORKER_PAGE, encoding="utf-8")
    (tiny_site / "hitta" / "stil.css").write_text("body { color: #222; }\n" * 50, encoding="utf-8")
    (tiny_site / "hitta" / "arbetare.js").write_text(WORKER, encoding="utf-8")
    (tiny_site / "hitta" / "data").mkdir()
    (tiny_site / "hitta" / "data" / "kort.json").write_bytes((tiny_site / "data" / "kort.json").read_bytes())
    url, server = serve_directory(tiny_site)
    context = browser.new_context()
    try:
        transfers = Transfers(context)
        page = context.new_page()
        page.add_init_script(LARGE_TIMELINE)
        page.goto(url + "hitta/")
        page.wait_for_function("window.__pageDone")
        arrived = transfers.arrivals(page)
        worker_done = page.evaluate("window.__workerDone")
    finally:
        context.close()
        server.shutdown()
    data = url + "hitta/data/kort.json"
    assert set(arrived) == {url + "hitta/", url + "hitta/stil.css", url + "hitta/arbetare.js", data}
    # The worker's own timeline times its fetch, before its message reached the page (Playwright's clock lags).
    assert 0 < arrived[data] <= worker_done
    size_of = HostedSizes(tiny_site, url)
    files = ("hitta/index.html", "hitta/stil.css", "hitta/arbetare.js", "hitta/data/kort.json")
    expected = sum(hosted_size((tiny_site / name).read_bytes(), name) for name in files)
    assert bytes_until(arrived, max(arrived.values()), size_of) == expected  # the page's second fetch: not again
