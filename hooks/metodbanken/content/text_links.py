"""Links inside card text to other pages of the site, checked against the pages the pipeline generates.

Runs before MkDocs, so a link to a page that does not exist is a Swedish problem for the contributor, not
an English MkDocs warning that stops a strict build halfway.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

from ..problems import Problem, printable
from ..urls import is_local_url
from .load import Card
from .validate import link_targets, link_url


def card_texts(card: Card) -> list[tuple[str, str]]:
    """(field, text) for every piece of text in a card, the body last."""
    found: list[tuple[str, str]] = []

    def walk(value: object, where: str) -> None:
        if isinstance(value, str):
            found.append((where.split(".")[0].split("[")[0], value))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, where)

    for name, value in card.data.items():
        walk(value, str(name))
    found.append(("brödtext", card.body))
    return found


def local_target(url: str) -> str | None:
    """The path part of a link that stays on the site and points at a file; None for anchors and other sites."""
    if not url or url.startswith(("#", "/")) or not is_local_url(url):
        return None
    path = url.split("#", 1)[0].split("?", 1)[0]
    return unquote(path) or None


def check_internal_links(cards: list[Card], page_of: dict[str, str], known: set[str]) -> list[Problem]:
    """Every relative link in card text must reach a generated page or a file under docs/.

    `page_of` maps a card id to its generated page (e.g. 'metoder/deep-talk.md'); `known` holds every path
    in the built docs tree.
    """
    by_name = {posixpath.basename(path): path for path in page_of.values()}
    problems: list[Problem] = []
    for card in cards:
        page = page_of[card.id]
        for field, text in card_texts(card):
            for _, target in link_targets(text):
                path = local_target(link_url(target))
                if path is None:
                    continue
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
                if resolved in known:
                    continue
                line = card.line_of(field) if field != "brödtext" else card.body_line
                link = printable(path[:120])
                guess = by_name.get(posixpath.basename(path))
                if guess:
                    relative = posixpath.relpath(guess, posixpath.dirname(page))
                    problem = Problem.of(
                        "missing-link-target", card.path, line=line, field=field, link=link, guess=relative
                    )
                else:
                    problem = Problem.of("missing-link-target/no-guess", card.path, line=line, field=field, link=link)
                problems.append(problem)
    return problems


def docs_files(root: Path) -> set[str]:
    """Every file under docs/, as a path in the built docs tree."""
    docs = root / "docs"
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()} if docs.is_dir() else set()
