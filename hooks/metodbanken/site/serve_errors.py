"""`mkdocs serve` tells the truth: while any card is invalid, every page of the served site is a list of the
problems instead of the last good version of the site; fixing the cards brings the site back on the next
rebuild. Normal builds never come here: they stop and keep the previous site (see mkdocs_hooks.py).
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..problems import INTERNAL_ERROR, Problem, format_problems
from .render import TEMPLATES

ERROR_TEMPLATE = "serve_error.html.j2"
# Pages that must exist so that any address the browser asks for shows the problems (and reloads).
ALWAYS_WRITTEN = ("index.html", "404.html")


def error_page(problems: list[Problem]) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    files = sorted({p.path for p in problems})
    return env.get_template(ERROR_TEMPLATE).render(
        problems=problems,
        files=files,
        summary=format_problems(problems).splitlines()[0],
        internal=any(p.code == INTERNAL_ERROR for p in problems),  # a last resort (problems.internal_problem)
    )


def show_problems_instead_of_site(site_dir: Path, problems: list[Problem]) -> int:
    """Overwrite every HTML page of the built site with the problem list; returns how many pages were written."""
    html = error_page(problems)
    pages = set(site_dir.rglob("*.html")) | {site_dir / name for name in ALWAYS_WRITTEN}
    for page in pages:
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(html, encoding="utf-8")
    return len(pages)
