"""Helpers shared by the tests: a temporary copy of the project, builds (made once per test run where several
tests read them), a local server for the built site, fixture cards to edit and fill in, the card schemas.
Fixtures stay in conftest.py; test files import helpers from here, never from each other (browser page helpers
are in site_pages.py)."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import jsonschema
import yaml
from markdown import Markdown

from metodbanken.content.load import Card, _CardLoader, load_cards
from metodbanken.content.validate import validate
from metodbanken.exports.json_schema import all_schemas
from metodbanken.site.sectioned_page import Converted, SectionIds, heading_id
from metodbanken.taxonomy import Taxonomy, load_taxonomy

try:
    import fcntl
except ImportError:  # Windows: each pytest-xdist worker makes its own copy of what made_once makes
    fcntl = None

REPO = Path(__file__).resolve().parents[1]
FIXTURE_CONTENT = Path(__file__).with_name("fixtures") / "content"
SITE_FILES = ("mkdocs.yml", "docs", "overrides", "hooks")


def copy_site_skeleton(dest: Path, content: Path | None = None) -> Path:
    """A temporary project: the real config, docs and hooks, with `content`'s card folders (or the real ones)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    source = content or REPO
    for folder in ("methods", "labs", "projects", "lessons"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, dest / folder)
    return dest


def mkdocs_build_command(project: Path, site_dir: Path, strict: bool = True) -> list[str]:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    return [*cmd, "--strict"] if strict else cmd


def mkdocs_build(project: Path, site_dir: Path, strict: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(mkdocs_build_command(project, site_dir, strict), capture_output=True, text=True, cwd=project)


def serve_build(project: Path, site: Path, command: str = "serve") -> None:
    """One build as `mkdocs serve` (or, with command="build", `mkdocs build`) makes it: the adapter loaded afresh, in
    this process, told which command runs; the serve caches are the process's own, as under `mkdocs serve`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command=command, dirty=False)
    build(config)
    config.plugins.on_shutdown()


def served_fixture(tmp_path: Path, monkeypatch, watched: str):
    """The fixture cards in a project, built once as `mkdocs serve` builds them into tmp_path/served, with the
    serve caches fresh; returns the project and the page_cache store named `watched` (SERVE_TILES …), to count."""
    from metodbanken.site import page_cache, serve_cache

    store = page_cache.RenderedPages()
    monkeypatch.setattr(page_cache, watched, store)
    monkeypatch.setattr(page_cache, "SERVE_PAGES", page_cache.RenderedPages())
    monkeypatch.setattr(serve_cache, "SEARCH_DATA", serve_cache.DeferredFiles())
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    serve_build(project, tmp_path / "served")
    return project, store


def _run_folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER") and fcntl:
        root = root.parent  # this run's temporary folder, above each worker's own
    return root


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None], wait: bool = True) -> Path | None:
    """The folder `name`, filled by `make(folder)` once per test run. The pytest-xdist workers of a run share it:
    the first to ask makes it while the others wait (or, with `wait=False`, get None to ask again later). If
    `make` fails the folder is not marked done, so the next test that asks tries again and reports the failure."""
    root = _run_folder(tmp_path_factory)
    folder, done = root / name, root / f"{name}.done"
    if done.exists():
        return folder
    with _run_lock(root / f"{name}.lock", wait) as locked:
        if not locked:
            return None
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            make(folder)
            done.touch()
    return folder


@contextlib.contextmanager
def _run_lock(path: Path, wait: bool) -> Iterator[bool]:
    if fcntl is None:
        yield True
        return
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_once(tmp_path_factory, name: str, content: Path | None = None) -> Path:
    """The site of the real project (or of its config and docs with `content`'s cards), built once per test run
    in strict mode. Shared: tests read it and copy it to change it."""

    def build(folder: Path) -> None:
        project = REPO if content is None else copy_site_skeleton(folder / "project", content)
        result = mkdocs_build(project, folder / "site")
        assert result.returncode == 0, result.stderr

    return made_once(tmp_path_factory, name, build) / "site"


def start_build_once(tmp_path_factory, name: str, content: Path | None = None) -> subprocess.Popen | None:
    """Begin build_once's build in a background process, so the tests that need no site run while it builds
    instead of a worker idling until it is done. The process holds the run's lock for `name` until it ends:
    build_once in any worker waits on that lock, then finds the site done (or, if the build failed, builds it
    again itself and reports why). Returns the process, or None when another worker builds it or it is built."""
    root = _run_folder(tmp_path_factory)
    folder, done = root / name, root / f"{name}.done"
    if fcntl is None or done.exists():
        return None
    with (root / f"{name}.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        if done.exists():
            return None
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        project = REPO if content is None else copy_site_skeleton(folder / "project", content)
        build = mkdocs_build_command(project, folder / "site")
        # The lock goes to the process (pass_fds): closing this copy leaves it held until the build ends.
        return subprocess.Popen(
            ["sh", "-c", '"$@" && touch "$0"', str(done), *build],
            cwd=project,
            pass_fds=(lock.fileno(),),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# How long GitHub Pages lets a browser keep a file without asking again (its Cache-Control header).
GITHUB_PAGES_MAX_AGE = 600


def serve_directory(directory: Path, compress: bool = False, max_age: int | None = None):
    """Serve a built site on a free loopback port in a background thread; returns (base_url, server).

    With `compress`, text files go out gzipped to clients that accept it, as a static host such as GitHub
    Pages sends them (the benchmarks measure the site as its readers get it). With `max_age`, a browser may keep
    each file that many seconds (GITHUB_PAGES_MAX_AGE); without, only as long as the file's age allows, which for
    a site built seconds ago is next to nothing: a file read twice is asked for again."""
    import gzip
    import http.server
    import os
    import threading

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def handle(self):
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser stopped reading (a page closed while loading): nothing to report

        def end_headers(self):
            if max_age is not None:
                self.send_header("Cache-Control", f"max-age={max_age}")
            super().end_headers()

        def do_GET(self):
            path = self.translate_path(self.path)
            if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
                path = os.path.join(path, "index.html")
            content_type = self.guess_type(path)
            textual = content_type.startswith("text/") or content_type.endswith(("json", "javascript", "xml"))
            if not (compress and textual and os.path.isfile(path)):
                return super().do_GET()
            if "gzip" not in self.headers.get("Accept-Encoding", ""):
                return super().do_GET()
            with open(path, "rb") as file:
                body = gzip.compress(file.read(), 6)
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@functools.cache
def cached_taxonomy() -> Taxonomy:
    """taxonomy.yml, read once per test process: load_taxonomy parses it afresh (tens of ms) and the tests ask
    hundreds of times. Shared, so never changed by a test (copy its groups to vary it)."""
    return load_taxonomy()


# The corpus the finder searches: every card file (front matter and body), the taxonomy with the places, and the
# synonyms. Whole files, so that no text the search reads is left out.
CARD_FOLDERS = ("methods", "labs", "projects", "lessons")
CORPUS_DATA = ("taxonomy.yml", "places.yml", "synonyms.yml")


@functools.cache
def corpus_words() -> tuple[str, ...]:
    """Every distinct word of the corpus as the search splits it (lunr.sv.js's word characters), sorted."""
    from metodbanken.search.analysis import words

    files = [path for folder in CARD_FOLDERS for path in sorted((REPO / folder).glob("*.md"))]
    files += [REPO / "hooks" / "metodbanken" / name for name in CORPUS_DATA]
    return tuple(sorted({word for path in files for word in words(path.read_text(encoding="utf-8"))}))


def run_command(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess:
    """`python3 -m hooks.metodbanken ARGS` run in this process: the command's own code (cli.main) in the folder
    `cwd`, with `env` added to the environment (GITHUB_ACTIONS left out unless given), `stdin` as what is piped
    in, and its exit code and output returned as subprocess.run returns them. A new Python costs a quarter of a
    second to half a second a call, most of it importing the package and reading taxonomy.yml again, which here
    is read once per test process (cached_taxonomy). Tests of the process itself (the module entry, the
    command's name in its help, the real cards end to end, argument bytes) keep a subprocess."""
    from unittest import mock

    import metodbanken.cli as cli
    import metodbanken.pipeline as pipeline

    out, err = io.StringIO(), io.StringIO()
    piped = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | (env or {})
    before = Path.cwd()
    with (
        mock.patch.dict(os.environ, environment, clear=True),
        mock.patch.object(cli, "load_taxonomy", cached_taxonomy),
        mock.patch.object(pipeline, "load_taxonomy", cached_taxonomy),
        mock.patch.object(sys, "stdin", piped),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        os.chdir(cwd)
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:  # argparse: --help, or arguments it refuses
            code = exit_.code if isinstance(exit_.code, int) else 1
        finally:
            os.chdir(before)
    return subprocess.CompletedProcess(["metodbanken", *args], code, out.getvalue(), err.getvalue())


# Cards: validate, edit one line, pick one problem.
def problems_for(content: Path):
    cards, problems = load_cards(content)
    return problems + validate(cards, cached_taxonomy())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def only(problems, code):
    found = [p for p in problems if p.code == code]
    assert found, [(p.code, p.message) for p in problems]
    return found[0]


SOURCE = {"  - document": "innovationslabb-slutrapport", "    section": "Testavsnitt"}
# What a contributor types into each new card, keyed by the start of the line they type on.
FILLED = {
    "method": {
        "summary": ">-\n  En metod för tester.",
        "focus_areas": "[halsa]",
        "target_groups": "[barn, foraldrar]",
        "actors": "[kommun]",
        "documentation": "kort-beskriven",
        "purpose": "\n  - Att pröva mallen.",
        "steps": "\n  - Bjud in.\n  - Samtala.",
        "who_runs_it": ">-\n  Kommunen.",
        "housing_company_role": ">-\n  Lånar ut en lokal.",
        "success_factors": "[Tålamod.]",
        **SOURCE,
    },
    "lab": {
        "summary": ">-\n  Ett labb för tester.",
        "focus_areas": "[halsa]",
        "target_groups": "[barn]",
        "actors": "[bostadsbolag]",
        "place": "Testgården, Boden",
        "municipality": "boden",
        "housing_company": "Testbostäder",
        "partners": "[Testföreningen]",
        "  start": "'2018'",
        "  end": "'2019'",
        "challenge": ">-\n  Få träffas.",
        **SOURCE,
    },
    "project": {
        "summary": ">-\n  Ett projekt för tester.",
        "focus_areas": "[halsa]",
        "target_groups": "[aldre]",
        "actors": "[kommun]",
        "municipalities": "[lulea]",
        "owner": "Testkommunen",
        "  start": "okänd",
        "status": "pagaende",
        "purpose": ">-\n  Att pröva mallen.",
        **SOURCE,
    },
    "lesson": {"summary": ">-\n  En lärdom för tester.", "group": "rekommendation", **SOURCE},
}


def fill(text: str, values: dict[str, str], body: str = "Egen text om kortet.") -> str:
    for key, value in values.items():
        line = f"{key}: {value}"
        text, n = re.subn(rf"(?m)^{re.escape(key)}:.*$", lambda _, line=line: line, text, count=1)
        assert n == 1, key
    return re.sub(r"(?m)^SKRIV HÄR:.*$", body, text)


# The generated JSON Schemas and a card's front matter as the loader reads it.
@functools.cache
def schemas() -> dict:
    return all_schemas(cached_taxonomy())


def schema_validator(type_name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schemas()[type_name])


def front_matter(path: Path) -> dict:
    """The card's front matter exactly as the loader reads it (dates stay text), `type` included."""
    lines = path.read_text(encoding="utf-8").splitlines()
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return yaml.load("\n".join(lines[1:end]), Loader=_CardLoader) or {}


def finder_records(finder: dict, download: list[dict] | None = None) -> list[dict]:
    """finder-cards.json's columns with each card's own details (download.json, or in a small bank finder-cards.json's
    own) as one record per card, as state.js reads them: id, type, url, title, the values of each field as a list (absent when none), self_reported
    where true and the badges' ranks."""
    columns = finder["cards"]
    url_of = {t["id"]: t["url"] for t in finder["card_types"]}
    self_reported = set(columns["self_reported"])
    fields = {}
    for name, column in columns["fields"].items():
        fields[name] = [[column["values"][n] for n in places] for places in column["cards"]]
    records = []
    for position, card_type in enumerate(columns["types"]):
        details = (download or finder["details"])[position]
        record = {
            "id": details["id"],
            "type": card_type,
            "url": url_of[card_type].replace("{id}", details["id"]),
            "title": details["title"],
            "ranks": {badge: ranks[position] for badge, ranks in columns["badge_ranks"].items()},
        }
        for name, held in fields.items():
            if held[position]:
                record[name] = held[position]
        if position in self_reported:
            record["self_reported"] = True
        records.append(record)
    return records


def records_of_files(files: dict[str, str]) -> list[dict]:
    """finder_records of the finder's files as finder_data.search_files makes them (path → JSON)."""
    from metodbanken import paths

    finder = json.loads(files[paths.FINDER_CARDS_PATH])
    download = files.get(f"{paths.SEARCH_PIECES_DIR}/download.json")
    return finder_records(finder, download and json.loads(download))


def records_of_site(site: Path) -> list[dict]:
    """finder_records of a built site."""
    from metodbanken import paths

    finder = json.loads((site / paths.FINDER_CARDS_PATH).read_text(encoding="utf-8"))
    download = site / paths.SEARCH_PIECES_DIR / "download.json"
    return finder_records(finder, json.loads(download.read_text("utf-8")) if download.exists() else None)


def edit_card(project: Path) -> None:
    """A sentence added to Läxhjälp's body: the serve tests' card edit."""
    card = project / "methods" / "laxhjalp.md"
    card.write_text(card.read_text(encoding="utf-8").rstrip("\n") + "\n\nEn ny mening om läxhjälpen.\n", "utf-8")


def add_card(project: Path) -> None:
    """A copy of Samtalskväll under a new title and file: the serve tests' card added."""
    text = (project / "methods" / "samtalskvall.md").read_text(encoding="utf-8")
    (project / "methods" / "samtalskvall-igen.md").write_text(text.replace("title: ", "title: Igen ", 1), "utf-8")


def decoded_terms(coded: str) -> list[str]:
    """The terms shards.front_coded wrote, as search-reader.js reads them."""
    terms, before = [], ""
    for entry in coded.split(","):
        before = before[: int(entry[0], 36)] + entry[1:]
        terms.append(before)
    return terms


def index_shards(words: dict, name: str, read: Callable[[str], str]) -> list:
    """The shards of index `name` as the worker reads them: from the words file itself (a small index,
    shards.INLINE_INDEX_BYTES) or each from its file, read by `read(path under the data folder)`."""
    index = next(i for i in words["indexes"] if i["name"] == name)
    if "inline" in index:
        return index["inline"]
    return [json.loads(read(f"{words['pieces']}{name}-{n}.json")) for n in range(len(index["shards"]))]


# --- Python-Markdown as mkdocs.yml sets it up, for the tests of pages converted in pieces ----------------------------
MARKDOWN_EXTENSIONS = ["attr_list", "def_list", "md_in_html", "tables", "admonition"]


def converter(extensions=MARKDOWN_EXTENSIONS, configs=None):
    """Markdown → Converted with Python-Markdown as mkdocs.yml sets it up, and its toc's tokens nested."""
    configs = configs or {"toc": {"permalink": True, "permalink_title": "Länk", "slugify": heading_id}}

    def convert(text: str) -> tuple[Converted, list[dict]]:
        md = Markdown(extensions=[*extensions, "toc", SectionIds()], extension_configs=configs)
        html = md.convert(text)
        flat = list(_flat(md.toc_tokens))
        return Converted(html, [(t["level"], t["id"], t["name"]) for t in flat], None, set(), None), md.toc_tokens

    return convert


def _flat(tokens):
    for token in tokens:
        yield token
        yield from _flat(token["children"])


def toc_shape(tokens):
    """A table of contents' tokens as nested tuples, to compare."""
    return [(t["level"], t["id"], t["name"], toc_shape(t["children"])) for t in tokens]


def card(card_id, title, summary="Ett kort.", body="", card_type="method", **data) -> Card:
    """A card made in the test, as loading its file would give it: by default a method with one value per facet."""
    fields = {
        "title": title,
        "summary": summary,
        "focus_areas": ["halsa"],
        "target_groups": ["barn"],
        "actors": ["kommun"],
        **data,
    }
    return Card(card_type, card_id, f"methods/{card_id}.md", fields, body)
