"""The finder of git REF against the working tree's, on the same cards, in one run (a benchmark, not a test).

    .venv/bin/python bench/finder_compare.py REF [--cards N] [--runs 7] [--queries ungdomar ...] [--network phone]

Builds the site of REF (its hooks, templates, docs and scripts, taken with `git archive`) and of the working tree,
both with the real cards (or, with --cards, the same synthetic corpus of N cards, bench/synthetic.py), serves each
from its own local server and loads the finder with each query in Chromium, the two builds taking turns load by
load so that a busy machine slows them alike. Prints, per query, the medians from navigation start of the first
result and of the whole answer (every result shown with its snippet: data-stage=texts in both), and the working
tree's time as a share of REF's. "Nothing slower" reads as shares near or under 1.00.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import synthetic  # also puts hooks/ and tests/ on sys.path
from finder_benchmark import FINDER_FIRST, FINDER_TEXTS, PHONE_NETWORK, QUERIES, result_ms
from same_site import REPO, build, export_ref
from support import CHROMIUM, CHROMIUM_ARGS, serve_directory

CARD_FOLDERS = ("methods", "labs", "projects", "lessons")


def project_of(code: Path, dest: Path, cards: Path) -> Path:
    """`code`'s project (config, docs, hooks, templates) with the cards of `cards`."""

    def left_out(folder: str, names: list[str]) -> set[str]:
        # The built site at the top, not the package's site/ module folder.
        top = {"site", ".venv", "node_modules"} if Path(folder) == code else set()
        return {name for name in names if name in top | {".git", "__pycache__"}}

    shutil.copytree(code, dest, ignore=left_out)
    for folder in CARD_FOLDERS:
        shutil.rmtree(dest / folder, ignore_errors=True)
        if (cards / folder).is_dir():
            shutil.copytree(cards / folder, dest / folder)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ref")
    parser.add_argument("--cards", type=int, help="a synthetic corpus of this many cards instead of the real cards")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--queries", nargs="+", default=list(QUERIES))
    parser.add_argument(
        "--network", choices=["local", "phone"], default="local", help="phone: DevTools' Fast 3G (PHONE_NETWORK)"
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="finder-compare-") as tmp_name, sync_playwright() as playwright:
        tmp = Path(tmp_name)
        # Both builds read the same cards: the working tree's, or the synthetic ones.
        cards = synthetic.make_project(tmp / "synthetic", args.cards) if args.cards else REPO
        sites = {}
        for name, code in ((args.ref, export_ref(args.ref, tmp / "ref")), ("arbetsträdet", REPO)):
            print(f"{name}: bygger …", file=sys.stderr, flush=True)
            sites[name] = tmp / f"site-{len(sites)}"
            build(project_of(code, tmp / f"project-{len(sites)}", cards), sites[name])
        # Over a phone's network the files go gzipped, as a static host sends them: from this machine's own server
        # compressing costs more than sending, so the local loads take them as they are.
        phone = args.network == "phone"
        servers = {name: serve_directory(site, compress=phone) for name, site in sites.items()}
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + ["--no-proxy-server"])
        try:
            pages = [
                (f"{url}hitta/?sok={quote(query)}", [FINDER_FIRST, FINDER_TEXTS])
                for query in args.queries
                for url, _ in servers.values()
            ]
            loads = result_ms(browser, pages, args.runs, PHONE_NETWORK if phone else None)
        finally:
            browser.close()
            for _, server in servers.values():
                server.shutdown()

    corpus = f"{args.cards} syntetiska kort" if args.cards else "de riktiga korten"
    network = ", över ett långsamt mobilnät (DevTools Fast 3G), filerna gzippade" if args.network == "phone" else ""
    print(
        f"\nHitta metod i {args.ref} och i arbetsträdet, {corpus}{network}; median av {args.runs} kalla laddningar var,"
    )
    print("laddningarna turas om. Tider från navigeringens start.\n")
    print(
        f"| fråga | första träff: {args.ref} | arbetsträdet | andel | hela svaret: {args.ref} | arbetsträdet | andel |"
    )
    print("|:---|---:|---:|---:|---:|---:|---:|")
    for number, query in enumerate(args.queries):
        before, after = loads[2 * number], loads[2 * number + 1]
        medians = [
            [statistics.median(load.times[column] for load in runs) for runs in (before, after)] for column in (0, 1)
        ]
        cells = " | ".join(f"{a:,.0f} ms | {b:,.0f} ms | {b / a:.2f}" for a, b in medians)
        print(f"| {query} | {cells} |")


if __name__ == "__main__":
    main()
