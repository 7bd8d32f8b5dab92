"""Where a full `mkdocs build` with the hooks spends its time: per step and per kind of page (benchmark only).

    .venv/bin/python bench/build_steps.py PROJECT    # prints one JSON line: steps, page kinds, page counts

Runs MkDocs' own build of PROJECT in this process with a few functions wrapped in CPU timers (time.process_time, which
other work on a busy machine hardly changes): the pipeline's steps,
Python-Markdown, the sanitiser, page_assets and the theme's templates. Nothing in hooks/ knows about it, so a normal
build pays nothing. Each step's time is exclusive (a step called inside another counts only for itself: the
sanitiser inside MkDocs' page rendering, the pipeline's Jinja inside build_site), so the steps add up to the whole
build. Each kind of page gets the time spent on its pages: rendering its Markdown in the pipeline, then MkDocs'
Markdown, sanitising, page assets and theme for it; data files get the export functions and the copying of files.
build_benchmark.py calls it in a child process for every corpus size.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

# Kinds of page, in the order the report lists them.
PAGE_KINDS = (
    "kortsidor",
    "listor",
    "taxonomisidor",
    "häftet",
    "jämför",
    "karta",
    "handskrivna sidor",
    "datafiler",
)
# The steps, in the order the report lists them. "MkDocs övrigt" is the rest of the build: reading files, nav,
# links, writing pages, the hooks' other events.
STEPS = (
    "pipeline: läsa och validera",
    "pipeline: Jinja (kort- och listmallar)",
    "pipeline: JSON-LD",
    "pipeline: datafiler",
    "pipeline: sökindex",
    "pipeline: övrigt",
    "Markdown (Python-Markdown)",
    "sanering (nh3)",
    "page assets",
    "tema (Material, Jinja)",
    "kopiera filer",
    "MkDocs övrigt",
)
# pipeline module names (looked up in build_site's module) → step; export functions also count for data files.
PIPELINE_STEPS = {
    "load_and_validate": "pipeline: läsa och validera",
    "card_json_ld_script": "pipeline: JSON-LD",
    "search_files": "pipeline: sökindex",
    "cards_json": "pipeline: datafiler",
    "card_jsons": "pipeline: datafiler",
    "taxonomy_json": "pipeline: datafiler",
    "decisions_json": "pipeline: datafiler",
    "cards_csv": "pipeline: datafiler",
    "feed_xml": "pipeline: datafiler",
    "all_schemas": "pipeline: datafiler",
    "schema_json": "pipeline: datafiler",
    "form_json": "pipeline: datafiler",
}


def page_kind(path: str) -> str:
    """The kind of a page by its path in the docs tree (paths.py), or "datafiler" for anything not Markdown."""
    from metodbanken import paths
    from metodbanken.schema import CARD_TYPES

    if not path.endswith(".md"):
        return "datafiler"
    if path == paths.BOOKLET_PATH:
        return "häftet"
    if path == paths.COMPARE_PATH:
        return "jämför"
    if path == paths.MAP_PATH:
        return "karta"
    folder, _, name = path.rpartition("/")
    if folder.split("/")[0] in paths.TAXONOMY_PAGES.values():
        return "taxonomisidor"
    # The project overview: projekt/kommun/…, projekt/status/… and projekt/tidslinje.md.
    overview_folders = {
        paths.project_filter_path(kind, "x").rpartition("/")[0] for kind in ("municipalities", "project_statuses")
    }
    if path == paths.project_filter_path("timeline") or folder in overview_folders:
        return "listor"
    if folder in {spec.url_prefix for spec in CARD_TYPES.values()}:
        return "listor" if name == "index.md" or path == paths.BADGE_SCALE_PATH else "kortsidor"
    return "handskrivna sidor"


class StepTimer:
    """Exclusive time per step (a nested step's time is taken out of the one around it) and time per page kind."""

    def __init__(self, clock: Callable[[], float] = time.process_time):
        self.clock = clock
        self.steps: dict[str, float] = defaultdict(float)
        self.kinds: dict[str, float] = defaultdict(float)
        self._stack: list[list] = []  # [step, started, time of nested steps]
        self._kind_stack: list[str] = []

    def run(self, step: str, fn, *args, kind: str | None = None, **kwargs):
        started = self.clock()
        self._stack.append([step, started, 0.0])
        counts_for_kind = kind is not None and not self._kind_stack  # the outermost page decides
        if counts_for_kind:
            self._kind_stack.append(kind)
        try:
            return fn(*args, **kwargs)
        finally:
            elapsed = self.clock() - started
            _, _, nested = self._stack.pop()
            self.steps[step] += elapsed - nested
            if self._stack:
                self._stack[-1][2] += elapsed
            if counts_for_kind:
                self._kind_stack.pop()
                self.kinds[kind] += elapsed

    def wrap(self, step: str, fn, kind_of: Callable[..., str | None] = lambda *a, **k: None):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            return self.run(step, fn, *args, kind=kind_of(*args, **kwargs), **kwargs)

        return timed


def _patch(owner, name: str, replacement, originals: list) -> None:
    originals.append((owner, name, getattr(owner, name)))
    setattr(owner, name, replacement)


def profile_build(project: Path, site_dir: Path) -> dict:
    """Build `project` into `site_dir` with MkDocs in this process, timed per step and per page kind."""
    sys.path.insert(0, str(project / "hooks"))
    # Every step in this process, where the timers are: neither the search data nor half the pages on the other core.
    os.environ["METODBANKEN_ONE_PROCESS"] = "1"
    import markdown
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from metodbanken import pipeline
    from metodbanken.site import render, sanitise

    timer = StepTimer()
    originals: list = []
    pages: dict[str, int] = defaultdict(int)

    def page_kind_of(page, *_, **__):
        return page_kind(page.file.src_uri)

    def counted_kind(page, *_, **__):
        kind = page_kind(page.file.src_uri)
        pages[kind] += 1
        return kind

    def path_kind(self, template, path, **_):
        return page_kind(path)

    for name, step in PIPELINE_STEPS.items():
        kind = "kortsidor" if step == "pipeline: JSON-LD" else "datafiler" if "datafiler" in step else None
        _patch(pipeline, name, timer.wrap(step, getattr(pipeline, name), lambda *a, k=kind, **kw: k), originals)
    _patch(
        pipeline,
        "search_files",
        timer.wrap("pipeline: sökindex", pipeline.search_files, lambda *a, **k: "datafiler"),
        originals,
    )
    _patch(pipeline, "build_site", timer.wrap("pipeline: övrigt", pipeline.build_site), originals)
    _patch(
        render.Renderer,
        "render",
        timer.wrap("pipeline: Jinja (kort- och listmallar)", render.Renderer.render, path_kind),
        originals,
    )
    # The hooks import the sanitiser by name when MkDocs loads them, after this patch.
    _patch(sanitise, "sanitise_card_html", timer.wrap("sanering (nh3)", sanitise.sanitise_card_html), originals)
    _patch(pipeline.Site, "page_assets", timer.wrap("page assets", pipeline.Site.page_assets), originals)
    _patch(markdown.Markdown, "convert", timer.wrap("Markdown (Python-Markdown)", markdown.Markdown.convert), originals)
    _patch(
        mkdocs_build,
        "_populate_page",
        timer.wrap("MkDocs övrigt", mkdocs_build._populate_page, page_kind_of),
        originals,
    )
    _patch(
        mkdocs_build,
        "_build_page",
        timer.wrap("tema (Material, Jinja)", mkdocs_build._build_page, counted_kind),
        originals,
    )
    _patch(
        mkdocs_build,
        "_build_theme_template",
        timer.wrap("tema (Material, Jinja)", mkdocs_build._build_theme_template),
        originals,
    )
    _patch(
        Files,
        "copy_static_files",
        timer.wrap("kopiera filer", Files.copy_static_files, lambda *a, **k: "datafiler"),
        originals,
    )
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        started, started_wall = time.process_time(), time.perf_counter()
        timer.run("MkDocs övrigt", mkdocs_build.build, config)
        total, wall = time.process_time() - started, time.perf_counter() - started_wall
        config.plugins.on_shutdown()
        pages["datafiler"] = sum(1 for p in site_dir.rglob("*") if p.is_file() and p.suffix != ".html")
    finally:
        for owner, name, original in reversed(originals):
            setattr(owner, name, original)
    return {
        "total": total,  # CPU seconds, like every figure here
        "wall": wall,
        "steps": {step: timer.steps.get(step, 0.0) for step in STEPS},
        "kinds": {kind: timer.kinds.get(kind, 0.0) for kind in PAGE_KINDS},
        "pages": {kind: pages.get(kind, 0) for kind in PAGE_KINDS},
    }


def main() -> None:
    import tempfile

    project = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory(prefix="build-steps-") as tmp:
        print(json.dumps(profile_build(project, Path(tmp) / "site")))


if __name__ == "__main__":
    main()
