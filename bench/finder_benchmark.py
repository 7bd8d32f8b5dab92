"""Finder benchmark (not a test): index size per card and time to the first result, against Material's search.

For synthetic corpora of 100, 1 000 and 5 000 cards it builds the site, then reports
- the finder's index (data/search-index.json) per card, raw and gzipped, and what else the finder downloads;
- in Chromium, from navigation start to the first rendered result for a query given in the address:
  the finder (hitta/?sok=…) and Material's header search (?q=…, which Material runs on load) on the same site.

    /tmp/venv2/bin/python bench/finder_benchmark.py [--sizes 100 1000 5000] [--runs 5] [--query ungdomar]

Each run uses a fresh browser context, so nothing comes from the cache. The aim is a first result within
300 ms at 5 000 cards.
"""
from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import synthetic  # also puts hooks/ and tests/ on sys.path
from conftest import CHROMIUM, CHROMIUM_ARGS, mkdocs_build, serve_directory
from metodbanken.load import load_cards
from metodbanken.search_index import build_index, index_documents
from metodbanken.taxonomy import load_taxonomy

# Records when the first result is in the DOM and about to be painted.
FIRST_RESULT_PROBE = """selector => new MutationObserver((_, observer) => {
  if (!document.querySelector(selector)) return;
  observer.disconnect();
  requestAnimationFrame(() => { window.__firstResult = performance.now(); });
}).observe(document, {childList: true, subtree: true})"""


def sizes(path: Path, cards: int) -> tuple[float, float]:
    data = path.read_bytes()
    return len(data) / cards, len(gzip.compress(data, 6)) / cards


def first_result_ms(browser, url: str, selector: str, data_file: str, runs: int) -> list[tuple[float, float]]:
    """(first result, data file fully received) in ms since navigation start, per run."""
    times = []
    for _ in range(runs):
        context = browser.new_context(locale="sv-SE")
        page = context.new_page()
        page.add_init_script(f"({FIRST_RESULT_PROBE})({json.dumps(selector)})")
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__firstResult !== undefined", timeout=300_000, polling=50)
        times.append(tuple(page.evaluate("""name => [window.__firstResult,
            performance.getEntriesByType('resource').find(e => e.name.endsWith(name)).responseEnd]""", data_file)))
        context.close()
    return times


def median_of(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Median time to first result, and the median time spent after the data file had arrived."""
    return statistics.median(r[0] for r in runs), statistics.median(r[0] - r[1] for r in runs)


def index_build_ms_per_card(project: Path) -> float:
    cards, _ = load_cards(project)
    docs = index_documents(cards, load_taxonomy())
    start = time.process_time()
    build_index(docs)
    return (time.process_time() - start) * 1000 / len(cards)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="ungdomar")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="finder-bench-") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + ["--no-proxy-server"])
        for count in args.sizes:
            project = synthetic.make_project(Path(tmp) / f"p{count}", count)
            site = Path(tmp) / f"site{count}"
            print(f"{count} kort: bygger …", file=sys.stderr, flush=True)
            started = time.perf_counter()
            result = mkdocs_build(project, site, strict=False)
            build_s = time.perf_counter() - started
            if result.returncode:
                raise SystemExit(result.stderr)
            url, server = serve_directory(site)
            try:
                finder = first_result_ms(browser, f"{url}hitta/?sok={quote(args.query)}", ".mb-result",
                                         "data/search-index.json", args.runs)
                material = first_result_ms(browser, f"{url}?q={quote(args.query)}", ".md-search-result__item",
                                           "search/search_index.json", args.runs)
            finally:
                server.shutdown()
            rows.append({
                "cards": count,
                "build_s": build_s,
                "index_build_ms_per_card": index_build_ms_per_card(project),
                "index": sizes(site / "data" / "search-index.json", count),
                "cards_json": sizes(site / "data" / "cards.json", count),
                "material_index": sizes(site / "search" / "search_index.json", count),
                "finder_ms": median_of(finder),
                "material_ms": median_of(material),
                "finder_runs": finder,
                "material_runs": material,
            })
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        browser.close()

    print(f"\nFråga: {args.query!r}; median av {args.runs} kalla laddningar i Chromium. Tider från navigeringens "
          "start; inom parentes tiden efter att datafilen kommit fram (tolkning, index, sökning, ritning).\n")
    print("| kort | finnarens datafil B/kort (gzip) | cards.json B/kort (gzip) | Materials index B/kort (gzip) "
          "| finnaren, första träff | Material, första träff | Material/finnaren | bygge | index ms/kort |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        (finder, finder_after), (material, material_after) = r["finder_ms"], r["material_ms"]
        print(f"| {r['cards']} | {r['index'][0]:,.0f} ({r['index'][1]:,.0f}) "
              f"| {r['cards_json'][0]:,.0f} ({r['cards_json'][1]:,.0f}) "
              f"| {r['material_index'][0]:,.0f} ({r['material_index'][1]:,.0f}) "
              f"| {finder:,.0f} ms ({finder_after:,.0f}) | {material:,.0f} ms ({material_after:,.0f}) "
              f"| {material / finder:.1f}× | {r['build_s']:,.0f} s | {r['index_build_ms_per_card']:.1f} |"
              .replace(",", "\u00a0"))


if __name__ == "__main__":
    main()
