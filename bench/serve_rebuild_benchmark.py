"""Serve rebuild benchmark (not a test): a rebuild of `mkdocs serve` after a card's edit, no server (issue 29).

    .venv/bin/python bench/serve_rebuild_benchmark.py [--cards 5000] [--rebuilds 3] [--hooks OTHER/hooks ...]
                                                     [--profile FILE]

In a synthetic project (bench/synthetic.py) of --cards cards, a child process makes the calls `mkdocs serve` makes
(load the configuration, `on_startup` once with the command serve, `build` with the serve address), edits one method
card's title before each rebuild and prints how long each rebuild took (wall and CPU seconds) and how long Python's
garbage collector ran in it. Between the edits it waits as a person would (3 s), so what the server does after a
build (serve_memory.py) is done. `serve_edit_benchmark.py` measures the same from the file's write until the browser
has the page, with the server's polling and HTTP; this one leaves those out, so two versions of the hooks compare
closely: each --hooks folder (another checkout's `hooks/`, e.g. `git worktree add /tmp/old <commit>`) is measured
in turn with this checkout's, on the same cards, and its times are printed as a share of the first. --profile
writes a cProfile of one more rebuild of this checkout's hooks, after those timed (`python -m pstats FILE`).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOOKS = HERE.parent / "hooks"
SERVE_URL = "http://127.0.0.1:8000/metodbanken/"
PAUSE = 3.0  # seconds between a build and the next edit: longer than serve_memory.AFTER_BUILD


def measure(project: Path, rebuilds: int, profile: Path | None) -> dict:
    """In this process: the first build, then `rebuilds` rebuilds after an edit each (the child's work)."""
    import cProfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.chdir(project)
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")

    def config():
        loaded = load_config("mkdocs.yml", site_dir=site_dir)
        loaded.site_url = SERVE_URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    started = time.perf_counter()
    build(first, serve_url=SERVE_URL)
    result = {"first": time.perf_counter() - started, "wall": [], "cpu": [], "gc": []}
    collecting = {"started": 0.0, "seconds": 0.0}

    def count_collections(phase, _info):
        if phase == "start":
            collecting["started"] = time.perf_counter()
        else:
            collecting["seconds"] += time.perf_counter() - collecting["started"]

    gc.callbacks.append(count_collections)
    card = sorted((project / "methods").glob("*.md"))[7]
    text = card.read_text(encoding="utf-8")
    for edit in range(rebuilds + (1 if profile else 0)):  # the profiled rebuild comes last and is not counted
        time.sleep(PAUSE)
        text = re.sub(r"^(title: .*?)( ändrad \d+)?$", rf"\1 ändrad {edit}", text, count=1, flags=re.M)
        card.write_text(text, encoding="utf-8")
        profiler = cProfile.Profile() if edit == rebuilds else None
        collecting["seconds"] = 0.0
        loaded = config()
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        build(loaded, serve_url=SERVE_URL)
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
            break
        result["wall"].append(time.perf_counter() - wall)
        result["cpu"].append(time.process_time() - cpu)
        result["gc"].append(collecting["seconds"])
    return result


def project_with(cards: Path, hooks: Path, dest: Path) -> Path:
    """The synthetic project at `cards` with `hooks` as its hooks folder (a link: nothing is copied)."""
    shutil.copytree(cards, dest, ignore=shutil.ignore_patterns("hooks", "site"))
    (dest / "hooks").symlink_to(hooks.resolve(), target_is_directory=True)
    return dest


def run_child(project: Path, rebuilds: int, profile: Path | None) -> dict:
    cmd = [sys.executable, __file__, "--child", str(project), "--rebuilds", str(rebuilds)]
    if profile:
        cmd += ["--profile", str(profile)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"Bygget i {project} misslyckades:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--rebuilds", type=int, default=3)
    parser.add_argument("--hooks", type=Path, action="append", default=[], help="another checkout's hooks folder")
    parser.add_argument("--profile", type=Path, help="cProfile of this checkout's last rebuild")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.rebuilds, args.profile)))
        return

    # Only here: the child must import the metodbanken package of the hooks it measures, which these import first.
    import synthetic
    from build_benchmark import log, sv

    with tempfile.TemporaryDirectory(prefix="metodbanken-rebuild-") as tmp:
        log(f"{args.cards} kort: skapar korpus …")
        cards = synthetic.make_project(Path(tmp) / "cards", args.cards)
        variants = [("den här utcheckningen", HOOKS), *((str(h), h) for h in args.hooks)]
        results = []
        for number, (name, hooks) in enumerate(variants):
            log(f"{name}: första bygget och {args.rebuilds} nya byggen …")
            project = project_with(cards, hooks, Path(tmp) / f"project-{number}")
            results.append((name, run_child(project, args.rebuilds, args.profile if number == 0 else None)))
    print(f"\n## mkdocs serve, {args.cards} kort: ett nytt bygge efter en ändring i ett kort, i en process\n")
    base = statistics.median(results[0][1]["wall"])
    for name, result in results:
        walls = ", ".join(sv(w, 2) for w in result["wall"])
        median = statistics.median(result["wall"])
        print(
            f"- {name}: första bygget {sv(result['first'])} s; nytt bygge median {sv(median, 2)} s ({walls} s), "
            f"cpu median {sv(statistics.median(result['cpu']), 2)} s, skräpsamling median "
            f"{sv(statistics.median(result['gc']), 2)} s; {sv(median / base, 2)} gånger den här utcheckningens"
        )
    if args.profile:
        print(f"- profil av den här utcheckningens sista bygge: {args.profile}")


if __name__ == "__main__":
    main()
