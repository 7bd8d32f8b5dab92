"""Serve edit benchmark (not a test): how long after one card's edit `mkdocs serve` serves what shows it (issue 29).

    .venv/bin/python bench/serve_edit_benchmark.py [--cards 1000] [--edits 3] [--no-plain]

In a synthetic project (bench/synthetic.py) of --cards cards it
- times a clean `mkdocs build` (wall and CPU seconds);
- starts `mkdocs serve` and, after the first build, edits one method card's title and body --edits times, timing from
  the write until the card's page shows the new text, until the methods' listing shows the new title, and until the
  finder's search data (data/search/download.json, made beside the build: site/serve_cache.py) has it;
- does the same with plain MkDocs (the same cards as pages, same theme, no hooks; build_benchmark.py) for one page.
The times include `mkdocs serve`'s own wait: it polls the files every 0.5 s. Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from build_benchmark import fetch, free_port, log, make_plain_project, sv, timed_build
from metodbanken.paths import FINDER_CARDS_PATH, SEARCH_PIECES_DIR

TIMEOUT = 900  # seconds; a first build of 5 000 cards on a busy machine
# Every card's title in the finder's search data (search/shards.py): a big bank's in download.json, a small bank's in
# finder-cards.json itself (its "details").
BIG_BANKS_CARDS = f"{SEARCH_PIECES_DIR}/download.json"


class Server:
    """`mkdocs serve` of a project, on a free port, until `stop`."""

    def __init__(self, project: Path):
        port = free_port()
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        site_url = re.search(r"^site_url:\s*(\S+)", config, re.MULTILINE)
        mount = urllib.parse.urlsplit(site_url[1]).path if site_url else "/"
        self.base = f"http://127.0.0.1:{port}{mount.rstrip('/')}/"
        cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
        self.process = subprocess.Popen(cmd, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.started = time.perf_counter()

    def wait_for(self, path: str, text: str, since: float) -> float:
        """Seconds from `since` until the page at `path` holds `text` (a request waits while a build runs)."""
        while text not in (fetch(self.base + path) or ""):
            if self.process.poll() is not None:
                raise SystemExit("mkdocs serve avslutades oväntat")
            if time.perf_counter() - since > TIMEOUT:
                raise SystemExit(f"{path} visade aldrig {text!r}")
            time.sleep(0.05)
        return time.perf_counter() - since

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def edit(card: Path, title: str, sentence: str) -> None:
    text = card.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.MULTILINE)
    card.write_text(text.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")


def serve_with_hooks(project: Path, edits: int) -> dict:
    card = sorted((project / "methods").glob("*.md"))[0]
    original = card.read_text(encoding="utf-8")
    server = Server(project)
    try:
        first = server.wait_for(f"metoder/{card.stem}/", "</html>", server.started)
        finder = json.loads(fetch(server.base + FINDER_CARDS_PATH) or "{}")
        search_cards = FINDER_CARDS_PATH if "details" in finder else BIG_BANKS_CARDS
        times: dict[str, list[float]] = {"kortets sida": [], "metodlistan": [], "sökdatan": []}
        for i in range(edits):
            time.sleep(2)  # let the watcher settle after the previous build
            stamp = time.time_ns()  # digits only: the search data may write the title's letters as escapes
            title, sentence = f"Mätkortet {i} {stamp}", f"Mätpunkt {i} {time.time_ns()}."
            changed_at = time.perf_counter()
            edit(card, title, sentence)
            times["kortets sida"].append(server.wait_for(f"metoder/{card.stem}/", sentence, changed_at))
            times["metodlistan"].append(server.wait_for("metoder/", title, changed_at))
            times["sökdatan"].append(server.wait_for(search_cards, str(stamp), changed_at))
        return {"first": first, "edits": times}
    finally:
        server.stop()
        card.write_text(original, encoding="utf-8")


def serve_plain(project: Path, edits: int) -> dict:
    page = sorted((project / "docs" / "kort").glob("*.md"))[0]
    original = page.read_text(encoding="utf-8")
    server = Server(project)
    url = f"kort/{page.stem}/"
    try:
        first = server.wait_for(url, "</html>", server.started)
        times = []
        for i in range(edits):
            time.sleep(2)
            sentence = f"Mätpunkt {i} {time.time_ns()}."
            changed_at = time.perf_counter()
            page.write_text(original.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")
            times.append(server.wait_for(url, sentence, changed_at))
        return {"first": first, "edits": {"sidan": times}}
    finally:
        server.stop()
        page.write_text(original, encoding="utf-8")


def report(cards: int, build: tuple[float, float, float], hooks: dict, plain: dict | None) -> None:
    print(f"\n## mkdocs serve, {cards} kort: en ändring i ett kort tills den syns\n")
    print(f"- rent bygge (`mkdocs build`): {sv(build[0])} s ({sv(build[1])} s cpu)")
    print(f"- serve med hooks, första bygget tills sidan svarar: {sv(hooks['first'])} s")
    for what, times in hooks["edits"].items():
        print(
            f"- serve med hooks, ändrat kort → {what}: median {sv(statistics.median(times))} s "
            f"({', '.join(sv(t) for t in times)} s)"
        )
    if plain:
        print(f"- ren MkDocs, första bygget: {sv(plain['first'])} s")
        times = plain["edits"]["sidan"]
        print(
            f"- ren MkDocs, ändrad sida → sidan: median {sv(statistics.median(times))} s "
            f"({', '.join(sv(t) for t in times)} s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--no-plain", action="store_true", help="mät inte ren MkDocs")
    args = parser.parse_args()
    import synthetic

    with tempfile.TemporaryDirectory(prefix="serve-edit-bench-") as tmp_name:
        tmp = Path(tmp_name)
        log(f"{args.cards} kort: skapar korpus …")
        project = synthetic.make_project(tmp / "hooks", args.cards)
        log("rent bygge …")
        build = timed_build(project, tmp / "site")
        log("mkdocs serve med hooks …")
        hooks = serve_with_hooks(project, args.edits)
        log(repr(hooks))
        plain = None
        if not args.no_plain:
            log("mkdocs serve utan hooks …")
            plain = serve_plain(make_plain_project(project, tmp / "plain"), args.edits)
            log(repr(plain))
    report(args.cards, build, hooks, plain)


if __name__ == "__main__":
    main()
