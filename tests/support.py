"""Helpers shared by the tests: a temporary copy of the project, builds, a local server for the built site,
fixture cards to edit and fill in, the card schemas. Fixtures stay in conftest.py; test files import helpers
from here, never from each other (browser page helpers are in site_pages.py)."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from metodbanken.content.load import _CardLoader, load_cards
from metodbanken.content.validate import validate
from metodbanken.exports.json_schema import all_schemas
from metodbanken.taxonomy import load_taxonomy

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


def mkdocs_build(project: Path, site_dir: Path, strict: bool = True) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, capture_output=True, text=True, cwd=project)


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


def serve_directory(directory: Path, compress: bool = False):
    """Serve a built site on a free loopback port in a background thread; returns (base_url, server).

    With `compress`, text files go out gzipped to clients that accept it, as a static host such as GitHub
    Pages sends them (the benchmarks measure the site as its readers get it)."""
    import gzip
    import http.server
    import os
    import threading

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

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


# Cards: validate, edit one line, pick one problem.
def problems_for(content: Path):
    cards, problems = load_cards(content)
    return problems + validate(cards, load_taxonomy())


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
    return all_schemas(load_taxonomy())


def schema_validator(type_name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schemas()[type_name])


def front_matter(path: Path) -> dict:
    """The card's front matter exactly as the loader reads it (dates stay text), `type` included."""
    lines = path.read_text(encoding="utf-8").splitlines()
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return yaml.load("\n".join(lines[1:end]), Loader=_CardLoader) or {}
