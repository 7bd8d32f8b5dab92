"""Under `mkdocs serve` an invalid card shows its problems in the browser, and fixing it brings the site back."""

from __future__ import annotations

import html
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from metodbanken.problems import Problem
from metodbanken.site.serve_errors import error_page, show_problems_instead_of_site
from support import FIXTURE_CONTENT, copy_site_skeleton

PROBLEM = Problem(
    "methods/laxhjalp.md",
    4,
    "summary",
    "yaml-colon-in-text",
    "Texten innehåller ': ' <script>alert(1)</script>",
    "Sätt hela texten inom citattecken.",
)


def test_every_page_is_replaced_by_the_escaped_problem_list(tmp_path):
    for page in ("index.html", "metoder/laxhjalp/index.html", "assets/x.js"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("gammal sida </body>", encoding="utf-8")
    written = show_problems_instead_of_site(tmp_path, [PROBLEM])
    assert written == 3  # two pages and the 404 page
    for page in ("index.html", "metoder/laxhjalp/index.html", "404.html"):
        text = (tmp_path / page).read_text(encoding="utf-8")
        assert "methods/laxhjalp.md:4" in text and "Så rättar du: Sätt hela texten inom citattecken." in text
        assert "<script>alert" not in text and "&lt;script&gt;" in text
        assert "</body>" in text  # where MkDocs' live-reload script goes
    assert (tmp_path / "assets" / "x.js").read_text(encoding="utf-8") == "gammal sida </body>"


def test_error_page_is_swedish_and_counts_the_problems():
    page = error_page([PROBLEM, PROBLEM])
    assert page.startswith("<!doctype html>") and '<html lang="sv">' in page and "2 fel i 1 kort." in page


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
        return f"(ingen sida: {exc})"


def poll(url: str, wanted: str, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        text = fetch(url)
        if wanted in text:
            return text
        time.sleep(0.5)
    raise AssertionError(f"{wanted!r} syntes aldrig på {url}; sist: {text[:300]}")


# A real `mkdocs serve` and three of its builds: the slow tier. The quick check keeps the error page above and
# test_hardening.py's adapter under serve, in this process.
@pytest.mark.slow
def test_mkdocs_serve_shows_the_problem_and_comes_back_when_fixed(tmp_path):
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    card = project / "methods" / "laxhjalp.md"
    good = card.read_text(encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page = f"http://127.0.0.1:{port}/metodbanken/metoder/laxhjalp/"
    try:
        assert "Frivilliga hjälper elever med läxorna." in poll(page, "<title>Läxhjälp")
        card.write_text(
            good.replace("summary: Frivilliga hjälper", "summary: Mål: frivilliga hjälper"), encoding="utf-8"
        )
        shown = html.unescape(poll(page, "Webbplatsen visas inte"))
        assert "methods/laxhjalp.md:4" in shown and "': '" in shown and "Läxhjälp</h1>" not in shown
        assert "livereload" in shown  # the browser reloads by itself when the card is fixed
        assert "Webbplatsen visas inte" in fetch(f"http://127.0.0.1:{port}/metodbanken/")
        card.write_text(good, encoding="utf-8")
        back = poll(page, "<title>Läxhjälp")
        assert "Webbplatsen visas inte" not in back
    finally:
        server.terminate()
        server.wait(timeout=30)
