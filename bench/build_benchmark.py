"""Build benchmark (not a test): the full build with Metodbanken's hooks against plain MkDocs, at 100 to 5 000 cards.

    .venv/bin/python bench/build_benchmark.py [--sizes 100 1000 5000] [--serve-size 1000] [--no-serve]
                                              [--no-lighthouse] [--json results.json]

For each size it generates a synthetic corpus (bench/synthetic.py: valid cards with Swedish text) and reports
- wall time and peak memory (maxrss of the `mkdocs build` child process, from os.wait4) of the full build with hooks;
- the same cards' Markdown (title and body) built as plain MkDocs pages, same theme, no hooks, pages not in nav,
  and the ratio hooks/plain;
- the pipeline's phases (load, validate, link, render, export, git dates), timed with time.perf_counter by
  running the copied project's own pipeline in a child process with each step wrapped, and how every figure grows
  from the
  second-largest to the largest size (5.0× is linear for 1 000 → 5 000);
- the whole build's CPU time per step (Markdown, Jinja, sanitising, page assets, the theme, the search index …) and
  per kind of page (card pages, listings, taxonomy pages, booklet, compare, map, data files), from bench/build_steps.py
  in a child process, which wraps those functions in timers only there: a normal build pays nothing;
then the time `mkdocs serve` takes to serve a changed card page after one card file changes, and Lighthouse
scores (npm `lighthouse` against Debian's chromium; the median of --lighthouse-runs runs) for the start page, a
method card and the finder of the real site, served gzipped as a static host serves them, and uncompressed.
Nothing is written into the repository; everything happens in a temporary directory.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "hooks"), str(REPO / "tests")]
from support import CHROMIUM, serve_directory  # noqa: E402

# The pipeline (hooks/metodbanken) is imported only where needed: the phase profile must run the copied project's
# own hooks, not the repository's, which may be changing while a long benchmark runs.

PLAIN_CONFIG = """\
site_name: Metodbanken utan hooks
theme:
  name: material
  language: sv
  font: false
plugins:
  - search:
      lang: sv
markdown_extensions:
  - attr_list
  - def_list
  - md_in_html
  - tables
  - admonition
  - toc:
      permalink: true
nav:
  - index.md
not_in_nav: |
  /kort/*.md
"""

LIGHTHOUSE_DIR = Path(tempfile.gettempdir()) / "metodbanken-lighthouse"
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- builds ------------------------------------------------------------------------------------------------------


def timed_build(project: Path, site: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident memory in MiB) of `mkdocs build` as a child process.

    CPU time (user + system, from the same rusage) hardly depends on what else the machine is doing; compare it
    with the wall time to see whether a run was slowed down by other work.
    """
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=project, stdout=subprocess.DEVNULL, stderr=err)
        # wait4 reaps this child and returns its own rusage (RUSAGE_CHILDREN would be the maximum of all children).
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            err.seek(0)
            raise SystemExit(f"mkdocs build misslyckades i {project}:\n{err.read().decode()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # Linux reports maxrss in kB


def make_plain_project(cards_root: Path, dest: Path) -> Path:
    """The same cards as plain Markdown pages (title and body), built by MkDocs with the same theme, no hooks."""
    from metodbanken.content.load import load_cards

    cards, _ = load_cards(cards_root)
    docs = dest / "docs" / "kort"
    docs.mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    (dest / "docs" / "index.md").write_text("# Metodbanken utan hooks\n\nKorten som vanliga sidor.\n", encoding="utf-8")
    for card in cards:
        (docs / f"{card.type}-{card.id}.md").write_text(f"# {card.title}\n\n{card.body}\n", encoding="utf-8")
    return dest


# --- pipeline phases ---------------------------------------------------------------------------------------------

# Names build_site looks up in the pipeline module, by phase. A step another step calls is counted once, in the
# outer one (Renderer.render inside Renderer.card_page, for instance).
PHASES = {
    "load": ["load_cards"],
    "validate": ["validate"],
    "link": ["LinkGraph"],
    "render": ["Renderer", "card_json_ld_script", "sweden_map", "snippets", "open_data_snippets"],
    "export": [
        "cards_json",
        "card_jsons",
        "taxonomy_json",
        "cards_csv",
        "feed_xml",
        "search_files",
        "all_schemas",
        "schema_json",
    ],
    "git": ["last_updated"],
}
RENDERER_METHODS = (
    "card_page",
    "listing_page",
    "project_overview_pages",
    "taxonomy_index_page",
    "taxonomy_term_page",
    "render",
)


class PhaseTimer:
    def __init__(self):
        self.seconds = dict.fromkeys(PHASES, 0.0)
        self.cpu = dict.fromkeys(PHASES, 0.0)  # time.process_time: barely affected by other work
        self.depth = 0

    def wrap(self, phase: str, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if self.depth:
                return fn(*args, **kwargs)
            self.depth += 1
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[phase] += time.perf_counter() - started
                self.cpu[phase] += time.process_time() - started_cpu
                self.depth -= 1

        return timed

    def renderer_factory(self, renderer_class):
        construct = self.wrap("render", renderer_class)

        def make(*args, **kwargs):
            renderer = construct(*args, **kwargs)
            for name in RENDERER_METHODS:
                if hasattr(renderer, name):
                    setattr(renderer, name, self.wrap("render", getattr(renderer, name)))
            return renderer

        return make


def profile_pipeline(project: Path) -> dict[str, float]:
    """Seconds per phase of the build, measured in a child process that imports `project`'s hooks."""
    cmd = [sys.executable, __file__, "--phases-of", str(project)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"fasmätningen misslyckades:\n{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


def profile_steps(project: Path) -> dict:
    """CPU seconds of a full `mkdocs build` of `project` per step and per page kind (build_steps.py, in a child)."""
    cmd = [sys.executable, str(Path(__file__).with_name("build_steps.py")), str(project)]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=project)
    if result.returncode:
        raise SystemExit(f"stegmätningen misslyckades:\n{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


def profile_in_process(project: Path) -> dict[str, float]:
    """Seconds per phase of pipeline.build_site on `project`, plus 'total' and 'other' (the rest of build_site)."""
    sys.path.insert(0, str(project / "hooks"))
    from metodbanken import pipeline

    timer = PhaseTimer()
    originals = {}
    for phase, names in PHASES.items():
        for name in names:
            if not hasattr(pipeline, name):
                log(f"  (pipeline.{name} finns inte längre; fasen {phase} mäts utan den)")
                continue
            originals[name] = getattr(pipeline, name)
            original = originals[name]
            wrapped = timer.renderer_factory(original) if name == "Renderer" else timer.wrap(phase, original)
            setattr(pipeline, name, wrapped)
    try:
        started, started_cpu = time.perf_counter(), time.process_time()
        pipeline.build_site(project, site_url="https://example.org/metodbanken/")
        total, total_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    finally:
        for name, original in originals.items():
            setattr(pipeline, name, original)
    result = dict(timer.seconds)
    result["other"] = total - sum(timer.seconds.values())
    result["total"] = total
    result["cpu"] = dict(timer.cpu, other=total_cpu - sum(timer.cpu.values()), total=total_cpu)
    return result


# --- mkdocs serve ------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def serve_rebuild_seconds(project: Path, changes: int = 3) -> tuple[float, list[float]]:
    """(first build, rebuild times): from a card file's change until `mkdocs serve` serves the changed page."""
    port = free_port()
    # mkdocs serve mounts the site at site_url's path (/metodbanken/ for the real config).
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    site_url = next((line.split(":", 1)[1].strip() for line in config.splitlines() if line.startswith("site_url:")), "")
    mount = urllib.parse.urlsplit(site_url).path or "/"
    base = f"http://127.0.0.1:{port}{mount.rstrip('/')}/"
    card = sorted((project / "methods").glob("*.md"))[0]
    page_url = f"{base}metoder/{card.stem}/"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(cmd, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = time.perf_counter()
        while fetch(page_url) is None:
            if server.poll() is not None:
                raise SystemExit("mkdocs serve avslutades oväntat")
            if time.perf_counter() - started > 900:
                raise SystemExit("mkdocs serve kom aldrig igång")
            time.sleep(0.2)
        first = time.perf_counter() - started
        times = []
        original = card.read_text(encoding="utf-8")
        for i in range(changes):
            marker = f"Mätpunkt {i} {time.time_ns()}."
            time.sleep(1.5)  # let the watcher settle after the previous build
            changed_at = time.perf_counter()
            card.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
            while marker not in (fetch(page_url) or ""):
                if time.perf_counter() - changed_at > 600:
                    raise SystemExit("ändringen syntes aldrig")
                time.sleep(0.05)
            times.append(time.perf_counter() - changed_at)
        card.write_text(original, encoding="utf-8")
        return first, times
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- Lighthouse --------------------------------------------------------------------------------------------------


def lighthouse_bin() -> Path:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        log(f"Installerar lighthouse med npm i {LIGHTHOUSE_DIR} …")
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
                str(LIGHTHOUSE_DIR),
                "lighthouse",
            ],
            check=True,
        )
    return binary


def lighthouse_scores(url: str, out: Path, desktop: bool) -> dict[str, int]:
    cmd = [
        str(lighthouse_bin()),
        url,
        "--quiet",
        "--chrome-flags=--headless --no-sandbox --disable-gpu",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
    ]
    if desktop:
        cmd.append("--preset=desktop")
    subprocess.run(
        cmd,
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=600,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    return {name: round(report["categories"][name]["score"] * 100) for name in LIGHTHOUSE_CATEGORIES}


# Each page as a static host serves it (gzip, like GitHub Pages) on a phone and a computer, and uncompressed on a
# phone, which is what `mkdocs serve` and a plain file server give.
LIGHTHOUSE_FORMS = (("mobil", False, True), ("dator", True, True), ("mobil, okomprimerat", False, False))


def lighthouse_real_site(tmp: Path, runs: int) -> dict[str, dict[str, dict[str, int]]]:
    """Median scores of `runs` Lighthouse runs per page and form: the simulated throttling swings from run to run."""
    site = tmp / "real-site"
    timed_build(REPO, site)
    cards = json.loads((site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]
    method = next((c for c in cards if c["id"] == "deep-talk"), None) or next(c for c in cards if c["type"] == "method")
    pages = {"startsidan": "", f"metodkort ({method['id']})": method["url"]}
    if (site / "hitta" / "index.html").exists():
        pages["finnaren"] = "hitta/"
    results: dict[str, dict[str, dict[str, int]]] = {name: {} for name in pages}
    for form, desktop, compress in LIGHTHOUSE_FORMS:
        url, server = serve_directory(site, compress=compress)
        try:
            for name, path in pages.items():
                log(f"Lighthouse: {name}, {form} ({runs} körningar) …")
                scores = [lighthouse_scores(url + path, tmp / "lighthouse.json", desktop) for _ in range(runs)]
                results[name][form] = {c: round(statistics.median(s[c] for s in scores)) for c in LIGHTHOUSE_CATEGORIES}
        finally:
            server.shutdown()
    return results


# --- report ------------------------------------------------------------------------------------------------------


def sv(number: float, decimals: int = 1) -> str:
    return f"{number:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")


def report(rows: list[dict], serve: dict | None, lighthouse: dict | None) -> None:
    if rows:
        report_builds(rows)
    if serve:
        print(f"\n## mkdocs serve, {serve['cards']} kort\n")
        print(f"- första bygget tills sidan svarar: {sv(serve['first_s'])} s")
        print(
            f"- ett kort ändras → ändrad sida serveras: median {sv(statistics.median(serve['rebuild_s']))} s "
            f"({', '.join(sv(t) for t in serve['rebuild_s'])} s)"
        )
    if lighthouse:
        print("\n## Lighthouse (riktiga webbplatsen, Debians chromium, median av flera körningar)\n")
        print("| sida | form | " + " | ".join(LIGHTHOUSE_CATEGORIES) + " |")
        print("|---|---|" + "---:|" * len(LIGHTHOUSE_CATEGORIES))
        for page, forms in lighthouse.items():
            for form, scores in forms.items():
                print(f"| {page} | {form} | " + " | ".join(str(scores[c]) for c in LIGHTHOUSE_CATEGORIES) + " |")


def report_builds(rows: list[dict]) -> None:
    print("\n## Bygge med hooks och utan\n")
    print(
        "| kort | med hooks (cpu) | minne (maxrss) | utan hooks (cpu) | minne (maxrss) | med/utan (cpu) "
        "| pipeline (build_site) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['cards']} | {sv(r['hooks_s'])} s ({sv(r['hooks_cpu'])} s) | {sv(r['hooks_mib'], 0)} MiB "
            f"| {sv(r['plain_s'])} s ({sv(r['plain_cpu'])} s) | {sv(r['plain_mib'], 0)} MiB "
            f"| {sv(r['hooks_s'] / r['plain_s'], 2)}× ({sv(r['hooks_cpu'] / r['plain_cpu'], 2)}×) "
            f"| {sv(r['phases']['total'], 2)} s |"
        )
    print("\n## Pipelinens faser (sekunder, i processen)\n")
    phases = [*PHASES, "other", "total"]
    print("| kort | " + " | ".join(phases) + " |")
    print("|---:|" + "---:|" * len(phases))
    for r in rows:
        print(f"| {r['cards']} | " + " | ".join(sv(r["phases"][p], 3) for p in phases) + " |")
    if all("cpu" in r["phases"] for r in rows):
        print("\nSamma faser i cpu-tid (time.process_time):\n")
        print("| kort | " + " | ".join(phases) + " |")
        print("|---:|" + "---:|" * len(phases))
        for r in rows:
            print(f"| {r['cards']} | " + " | ".join(sv(r["phases"]["cpu"][p], 3) for p in phases) + " |")
    if all("steps" in r for r in rows):
        report_steps(rows)
    if len(rows) >= 2:
        small, large = rows[-2], rows[-1]
        linear = large["cards"] / small["cards"]
        print(f"\n## Tillväxt {small['cards']} → {large['cards']} kort (linjärt = {sv(linear)}×)\n")
        growth = {
            "bygge med hooks": large["hooks_s"] / small["hooks_s"],
            "bygge med hooks, cpu": large["hooks_cpu"] / small["hooks_cpu"],
            "bygge utan hooks": large["plain_s"] / small["plain_s"],
            "bygge utan hooks, cpu": large["plain_cpu"] / small["plain_cpu"],
            "minne med hooks": large["hooks_mib"] / small["hooks_mib"],
        }
        for p in phases:
            if small["phases"][p] > 0.005:
                growth[f"fas {p}"] = large["phases"][p] / small["phases"][p]
            if "cpu" in small["phases"] and small["phases"]["cpu"][p] > 0.005:
                growth[f"fas {p}, cpu"] = large["phases"]["cpu"][p] / small["phases"]["cpu"][p]
        for name, factor in growth.items():
            verdict = "  ← växer snabbare än linjärt" if factor > linear * 1.5 else ""
            print(f"- {name}: {sv(factor, 2)}×{verdict}")


def report_steps(rows: list[dict]) -> None:
    """Per step and per page kind of the whole build (build_steps.py), in CPU seconds, with growth between sizes."""
    sizes = " | ".join(f"{r['cards']} kort" for r in rows)
    growth = len(rows) >= 2
    growth_head = f" | {rows[-2]['cards']} → {rows[-1]['cards']}" if growth else ""
    print("\n## Hela bygget per steg (cpu-sekunder, build_steps.py)\n")
    print(f"| steg | {sizes}{growth_head} |")
    print("|---|" + "---:|" * (len(rows) + growth))
    for step in [*rows[-1]["steps"]["steps"], "total"]:
        values = [r["steps"]["total"] if step == "total" else r["steps"]["steps"][step] for r in rows]
        cells = " | ".join(
            f"{sv(v, 2)} s ({sv(100 * v / r['steps']['total'], 0)} %)" for v, r in zip(values, rows, strict=True)
        )
        print(f"| {step} | {cells}{_growth(values) if growth else ''} |")
    print("\n## Hela bygget per sidtyp (cpu-sekunder; antal sidor eller filer; ms per sida)\n")
    print(f"| sidtyp | {sizes}{growth_head} |")
    print("|---|" + "---:|" * (len(rows) + growth))
    for kind in rows[-1]["steps"]["kinds"]:
        values = [r["steps"]["kinds"][kind] for r in rows]
        counts = [r["steps"]["pages"][kind] for r in rows]
        cells = " | ".join(
            f"{sv(v, 2)} s; {n}; {sv(1000 * v / max(n, 1), 1)} ms" for v, n in zip(values, counts, strict=True)
        )
        print(f"| {kind} | {cells}{_growth(values) if growth else ''} |")


def _growth(values: list[float]) -> str:
    return f" | {sv(values[-1] / values[-2], 2)}×" if values[-2] > 0.005 else " | –"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[100, 1000, 5000],
        help="korpusstorlekar; utan värden (--sizes --no-serve) mäts bara Lighthouse",
    )
    parser.add_argument("--serve-size", type=int, default=1000, help="korpusen som mkdocs serve mäts på")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="körningar per sida och form (median)")
    parser.add_argument("--json", type=Path, help="spara alla siffror som JSON i den här filen")
    parser.add_argument("--phases-of", type=Path, help=argparse.SUPPRESS)  # internal: the child process
    args = parser.parse_args()
    if args.phases_of:
        print(json.dumps(profile_in_process(args.phases_of)))
        return
    import synthetic  # puts the repository's hooks/ on sys.path

    if shutil.which("git") is None:
        log("(git saknas: fasen git mäter bara uppslaget utan historik)")

    rows = []
    serve = lighthouse = None
    with tempfile.TemporaryDirectory(prefix="build-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for count in args.sizes:
            log(f"{count} kort: skapar korpus …")
            project = synthetic.make_project(tmp / f"hooks-{count}", count)
            plain = make_plain_project(project, tmp / f"plain-{count}")
            log(f"{count} kort: bygger med hooks …")
            hooks_s, hooks_cpu, hooks_mib = timed_build(project, tmp / f"site-hooks-{count}")
            log(f"{count} kort: bygger utan hooks …")
            plain_s, plain_cpu, plain_mib = timed_build(plain, tmp / f"site-plain-{count}")
            log(f"{count} kort: mäter pipelinens faser …")
            phases = profile_pipeline(project)
            log(f"{count} kort: mäter tid per steg och sidtyp …")
            steps = profile_steps(project)
            rows.append(
                {
                    "cards": count,
                    "hooks_s": hooks_s,
                    "hooks_cpu": hooks_cpu,
                    "hooks_mib": hooks_mib,
                    "plain_s": plain_s,
                    "plain_cpu": plain_cpu,
                    "plain_mib": plain_mib,
                    "phases": phases,
                    "steps": steps,
                }
            )
            log(json.dumps(rows[-1]))
            shutil.rmtree(tmp / f"site-hooks-{count}")
            shutil.rmtree(tmp / f"site-plain-{count}")
        if not args.no_serve:
            project = tmp / f"hooks-{args.serve_size}"
            if not project.exists():
                project = synthetic.make_project(project, args.serve_size)
            log(f"mkdocs serve på {args.serve_size} kort …")
            first, rebuilds = serve_rebuild_seconds(project)
            serve = {"cards": args.serve_size, "first_s": first, "rebuild_s": rebuilds}
            log(json.dumps(serve))
        if not args.no_lighthouse:
            lighthouse = lighthouse_real_site(tmp, args.lighthouse_runs)
    report(rows, serve, lighthouse)
    if args.json:
        args.json.write_text(
            json.dumps({"builds": rows, "serve": serve, "lighthouse": lighthouse}, indent=1), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
