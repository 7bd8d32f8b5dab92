"""Finder benchmark (not a test): index size per card, time to first and full-text results against Material's search
on the same corpus, and the bytes a visit transfers until them.

For synthetic corpora (full-length bodies and structured fields, bench/synthetic.py) of 100, 1 000 and 5 000
cards it builds the site twice: as it is, and with Material's search plugin switched on (the site itself has
no Material search). It then reports
- the finder's data as stored, per card, raw and gzipped: finder-cards.json (facets and the cards as columns, read
  by the page), search-words.json (the terms and where their postings are) and the pieces a visit loads a few of
  (search/shards.py): the shards of the headline and the text index, each card's details and texts (a small
  bank's details inside finder-cards.json and its texts in one file); and
  Material's search_index.json;
- in Chromium, from navigation start: the finder's first result (ranked on the full text, drawn with the cards'
  summaries) and its full-text answer (the snippets from the cards' texts in place), and Material's first result
  for the same query (?q=, which Material runs on load);
- the longest task of the page's main thread until everything is loaded (for Material: until its first result):
  while it runs, the page answers no typing, scrolling or click;
- the page's first paint (first-contentful-paint), before which no result can show: on a slow or busy machine it
  moves the other times with it, so "first result − first paint" is the finder's own part;
- the floor: the finder's page as it looks with its first results, saved as plain HTML without any script and
  loaded from the same server. No search, however fast, shows its first result sooner than that page does on
  this machine. Its loads alternate with the finder's, so that both meet the same load on the machine;
- the bytes a visit transfers until the finder's first result, its full-text result and everything loaded, and
  until the floor page's result: every file the page and its search worker fetched by then, each address once, at
  its size as GitHub Pages sends it (text gzipped, bench/visit_bytes.py), for a few typical queries (one word, a
  compound the corpus holds only in parts, three words, a typo); and, for the first query, the five largest files
  of the full-text result, to show where the bytes go. A figure holds whatever had arrived by its moment, also a
  file the result did not wait for: from this machine's own server files arrive sooner than over a network, so
  the text index, say, can be in before the first result is drawn and count for it. The floor's figure does not
  depend on that.

    .venv/bin/python bench/finder_benchmark.py [--sizes 100 1000 5000] [--runs 3] [--queries ungdomar ...]

Each run uses a fresh browser context, so nothing comes from the cache. Aim: first result within 300 ms at
1 000 cards and 600 ms at 5 000; full text within 1.5 s at 5 000. At 5 000 cards a query's full-text result in at
most 500 kB in all (scripts included), its first result in at most 200 kB.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import synthetic  # also puts hooks/ and tests/ on sys.path
from metodbanken.content.load import load_cards
from metodbanken.search.documents import in_display_order, index_documents
from metodbanken.search.lunr_index import build_index
from metodbanken.taxonomy import load_taxonomy
from support import CHROMIUM, CHROMIUM_ARGS, mkdocs_build, serve_directory
from visit_bytes import LARGE_TIMELINE, HostedSizes, Transfers, bytes_until, largest

# Records when each selector first matches, just before the frame is painted, and the page's long tasks (the main
# thread busy for over 50 ms, when it answers no typing, scrolling or click).
RESULT_PROBE = """selectors => {
  window.__seen = {};
  window.__longTasks = [];
  new PerformanceObserver(list => {
    for (const task of list.getEntries()) window.__longTasks.push([task.startTime, task.duration]);
  }).observe({type: 'longtask', buffered: true});
  new MutationObserver((_, observer) => {
    for (const selector of selectors) {
      if (window.__seen[selector] === undefined && document.querySelector(selector)) {
        window.__seen[selector] = null;
        requestAnimationFrame(() => { window.__seen[selector] = performance.now(); });
      }
    }
    if (selectors.every(s => window.__seen[s])) observer.disconnect();
  }).observe(document, {childList: true, subtree: true, attributes: true});
}"""
FINDER_FIRST = "#mb-finder .mb-result"
# The results ranked on the full text come first, with the cards' summaries (stage full); the answer is whole when
# the snippets from the cards' texts have replaced them (stage texts). A headline-only answer is neither.
FINDER_FULL = "#mb-finder[data-stage=texts] .mb-result"
FINDER_TEXTS = "#mb-finder[data-stage=texts] .mb-result"  # everything loaded
MATERIAL_FIRST = ".md-search-result__item"
# The finder's data files at the time of writing: their table shows '–' for one a later format no longer has (the
# bytes a visit transfers count whatever files it fetches).
# The finder's data, as stored (a visit loads a few of the pieces): the page's cards, the worker's words file, and
# the pieces (search/shards.py) by kind – the shards of each index, each card's details and texts, the download's.
FINDER_FILES = (
    "data/finder-cards.json",
    "data/search-words.json",
    "data/search/headline-*.json",
    "data/search/text-*.json",
    "data/search/card-*.json",
    "data/search/texts*.json",  # a small bank's texts are one file, texts.json (shards.TOGETHER_BYTES)
)


QUERIES = ("ungdomar", "läxhjälpsgrupper", "sommarjobb unga föräldrar", "ungdommar")


def sizes(path: Path, cards: int) -> tuple[float, float] | None:
    """Bytes per card of a file, or of every file a pattern matches, raw and each gzipped; None when none is."""
    found = sorted(path.parent.glob(path.name)) if "*" in path.name else [path] if path.is_file() else []
    if not found:
        return None
    data = [f.read_bytes() for f in found]
    return sum(map(len, data)) / cards, sum(len(gzip.compress(d, 6)) for d in data) / cards


@dataclass
class Load:
    times: list[float]  # ms from navigation start: each selector, the longest task, the first paint (one_load)
    arrived: dict[str, float]  # every address the load fetched, with when it arrived (visit_bytes)


# A phone's network as Chrome's DevTools call it "Fast 3G" (latency in ms, bytes per second), for --network phone:
# from this machine's own server a round trip costs next to nothing and bytes less than on any real network.
PHONE_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}


def one_load(browser, url: str, selectors: list[str], network: dict | None = None) -> Load:
    """One cold load: ms from navigation start until each selector matched, then the longest task of the page's
    main thread until the last of them, then the page's first paint; and when each file of the load arrived. With
    `network` (PHONE_NETWORK), the page's requests are slowed as DevTools slows them."""
    context = browser.new_context(locale="sv-SE")
    transfers = Transfers(context)
    page = context.new_page()
    if network:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", network)
    page.add_init_script(LARGE_TIMELINE + f"({RESULT_PROBE})({json.dumps(selectors)})")
    page.goto(url, wait_until="commit")
    page.wait_for_function(
        "s => s.every(x => window.__seen && window.__seen[x])", arg=selectors, timeout=300_000, polling=50
    )
    seen = page.evaluate("s => s.map(x => window.__seen[x])", selectors)
    tasks = page.evaluate("window.__longTasks")
    # A page without script can have its result before its first paint is recorded.
    page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length", timeout=60_000)
    first_paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    arrived = transfers.arrivals(page)
    context.close()
    longest_task = max([duration for start, duration in tasks if start < seen[-1]], default=0)
    return Load([*seen, longest_task, first_paint], arrived)


def result_ms(browser, pages: list[tuple[str, list[str]]], runs: int, network: dict | None = None) -> list[list[Load]]:
    """For each (url, selectors), `runs` loads (one_load); the pages take turns, so that a machine that is busier
    for a while slows them alike."""
    loads: list[list[Load]] = [[] for _ in pages]
    for _ in range(runs):
        for (url, selectors), page_loads in zip(pages, loads, strict=True):
            page_loads.append(one_load(browser, url, selectors, network))
    return loads


def floor_page(number: int) -> str:
    """Where the floor page of the `number`th query goes in the built site."""
    return f"hitta/med-traffar-{number}.html"


def save_floor_page(browser, url: str, site: Path, path: str) -> str:
    """The finder's page at `url` as it looks with its first results, without any script, as `path` in the built
    site; returns `path`."""
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(FINDER_FIRST, timeout=300_000)
    html = page.evaluate(
        """() => {
          for (const node of document.querySelectorAll('script, template, link[rel=preload], link[rel=modulepreload]'))
            node.remove();
          // A typed value is not in the markup: write it there, so that the search box shows the query.
          for (const input of document.querySelectorAll('input')) input.setAttribute('value', input.value);
          return document.documentElement.outerHTML;
        }"""
    )
    context.close()
    (site / path).write_text("<!doctype html>\n" + html, encoding="utf-8")
    return path


def with_material_search(project: Path) -> Path:
    """The same project with Material's search plugin on and the site's own header box removed."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("plugins: []", "plugins:\n  - search:\n      lang: sv"), encoding="utf-8")
    for override in ("header.html", "search.html"):
        (project / "overrides" / "partials" / override).unlink(missing_ok=True)
    return project


def median_of(runs: list[Load], column: int) -> float:
    return statistics.median(r.times[column] for r in runs)


def median_bytes(runs: list[Load], column: int, size_of: HostedSizes) -> float:
    """The median over the runs of the bytes that had arrived when selector `column` matched."""
    return statistics.median(bytes_until(r.arrived, r.times[column], size_of) for r in runs)


def query_bytes(query: str, finder: list[Load], floor: list[Load], size_of: HostedSizes) -> dict:
    """A query's bytes until the finder's first result, full-text result and everything loaded, and until the floor
    page's result, each with the time it took."""
    return {
        "query": query,
        "first": (median_bytes(finder, 0, size_of), median_of(finder, 0)),
        "full": (median_bytes(finder, 1, size_of), median_of(finder, 1)),
        "all": (median_bytes(finder, 2, size_of), median_of(finder, 2)),
        "floor": (median_bytes(floor, 0, size_of), median_of(floor, 0)),
    }


def largest_files(load: Load, column: int, size_of: HostedSizes, base_url: str) -> list[tuple[str, int, int, float]]:
    """The five largest files that had arrived when selector `column` matched: path, bytes as hosted and on disk,
    ms when it arrived."""
    moment = load.times[column]
    return [
        (url.removeprefix(base_url), *size_of.sizes(url), load.arrived[url])
        for url in largest(load.arrived, moment, size_of)
    ]


def index_build_ms_per_card(project: Path) -> float:
    cards, _ = load_cards(project)
    docs = index_documents(in_display_order(cards), load_taxonomy())
    start = time.process_time()
    build_index(docs)
    return (time.process_time() - start) * 1000 / len(cards)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--queries",
        nargs="+",
        default=list(QUERIES),
        help="each must find cards; the timing table and the largest files are the first's",
    )
    args = parser.parse_args()
    query = args.queries[0]

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
            compared = with_material_search(synthetic.make_project(Path(tmp) / f"m{count}", count))
            material_site = Path(tmp) / f"material{count}"
            result = mkdocs_build(compared, material_site, strict=False)
            if result.returncode:
                raise SystemExit(result.stderr)
            url, server = serve_directory(site)
            material_url, material_server = serve_directory(material_site)
            try:
                pages = []
                for number, each in enumerate(args.queries, 1):
                    finder_url = f"{url}hitta/?sok={quote(each)}"
                    floor_url = url + save_floor_page(browser, finder_url, site, floor_page(number))
                    pages += [(finder_url, [FINDER_FIRST, FINDER_FULL, FINDER_TEXTS]), (floor_url, [FINDER_FIRST])]
                pages.append((f"{material_url}?q={quote(query)}", [MATERIAL_FIRST]))
                loads = result_ms(browser, pages, args.runs)
            finally:
                server.shutdown()
                material_server.shutdown()
            finder, floor, material = loads[0], loads[1], loads[-1]
            size_of = HostedSizes(site, url)
            transferred = [
                query_bytes(each, loads[2 * i], loads[2 * i + 1], size_of) for i, each in enumerate(args.queries)
            ]
            if size_of.missing:
                print(f"Utan fil i sajten, räknade som 0 byte: {sorted(size_of.missing)}", file=sys.stderr)
            rows.append(
                {
                    "cards": count,
                    "build_s": build_s,
                    "index_build_ms_per_card": index_build_ms_per_card(project),
                    **{name: sizes(site / name, count) for name in FINDER_FILES},
                    "material_index": sizes(material_site / "search" / "search_index.json", count),
                    "finder_first_ms": median_of(finder, 0),
                    "finder_full_ms": median_of(finder, 1),
                    "finder_longest_task_ms": median_of(finder, 3),
                    "finder_first_paint_ms": median_of(finder, 4),
                    "floor_ms": median_of(floor, 0),
                    "material_ms": median_of(material, 0),
                    "material_longest_task_ms": median_of(material, 1),
                    "material_first_paint_ms": median_of(material, 2),
                    "bytes": transferred,
                    "largest_files": largest_files(finder[0], 1, size_of, url),
                    "finder_runs": [r.times for r in finder],
                    "floor_runs": [r.times for r in floor],
                    "material_runs": [r.times for r in material],
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        browser.close()

    print_times(rows, query, args.runs)
    print_bytes(rows, args.runs)
    print_largest_files(rows, query)


def print_times(rows: list[dict], query: str, runs: int) -> None:
    print(
        f"\nFråga: {query!r}; median av {runs} kalla laddningar i Chromium, tider från navigeringens "
        "start. Storlek i byte per kort, gzip inom parentes.\n"
    )
    print(
        "| kort | finder-cards.json | search-words.json | search/headline-* | search/text-* | search/card-* "
        "| search/texts* "
        "| Materials index "
        "| finnaren, första träff | golv: sidan med träffarna i sin HTML | finnaren, hela texten "
        "| Material, första träff "
        "| längsta uppgift i sidans tråd, finnaren (Material) | första målning, finnaren (Material) "
        "| bygge | index ms/kort |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:

        def size(name, r=r):
            return "–" if r[name] is None else f"{r[name][0]:,.0f} ({r[name][1]:,.0f})"

        print(
            (
                f"| {r['cards']} | {' | '.join(size(name) for name in FINDER_FILES)} "
                f"| {size('material_index')} | {r['finder_first_ms']:,.0f} ms | {r['floor_ms']:,.0f} ms "
                f"| {r['finder_full_ms']:,.0f} ms "
                f"| {r['material_ms']:,.0f} ms "
                f"| {r['finder_longest_task_ms']:,.0f} ms ({r['material_longest_task_ms']:,.0f} ms) "
                f"| {r['finder_first_paint_ms']:,.0f} ms ({r['material_first_paint_ms']:,.0f} ms) "
                f"| {r['build_s']:,.0f} s | {r['index_build_ms_per_card']:.1f} |"
            ).replace(",", "\u00a0")
        )


def kilobytes(figures: tuple[float, float]) -> str:
    """Bytes in kB with the time in ms: (123 456, 78.9) → '123 kB (79 ms)'."""
    return f"{figures[0] / 1000:,.0f} kB ({figures[1]:,.0f} ms)".replace(",", "\u00a0")


def print_bytes(rows: list[dict], runs: int) -> None:
    print(
        f"\nByte som ett besök hämtar, median av {runs} kalla laddningar: sidans och sökarbetarens filer som kommit "
        "fram till dess, varje adress en gång, så stora som GitHub Pages skickar dem (text gzip-komprimerad, nivå 6; "
        "utan HTTP-huvuden). kB = 1 000 byte; tiden från navigeringens start inom parentes.\n"
    )
    print(
        "| kort | fråga | finnaren, första träff | finnaren, hela texten | finnaren, allt laddat "
        "| golv: sidan med träffarna i sin HTML | första träff / golv | hela texten / golv |"
    )
    print("|---:|:---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        for q in r["bytes"]:
            floor_bytes = q["floor"][0]
            print(
                f"| {r['cards']} | {q['query']} | {kilobytes(q['first'])} | {kilobytes(q['full'])} "
                f"| {kilobytes(q['all'])} | {kilobytes(q['floor'])} "
                f"| {q['first'][0] / floor_bytes:.1f} | {q['full'][0] / floor_bytes:.1f} |"
            )


def print_largest_files(rows: list[dict], query: str) -> None:
    print(f"\nDe fem största filerna till hela texten för {query!r} (första laddningen), byte som ovan.\n")
    print("| kort | fil | som GitHub Pages skickar den | på disk | framme |")
    print("|---:|:---|---:|---:|---:|")
    for r in rows:
        for path, hosted, raw, arrived in r["largest_files"]:
            line = f"| {r['cards']} | {path} | {hosted / 1000:,.1f} kB | {raw / 1000:,.1f} kB | {arrived:,.0f} ms |"
            print(line.replace(",", "\u00a0"))


if __name__ == "__main__":
    main()
