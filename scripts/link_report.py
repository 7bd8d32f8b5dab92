#!/usr/bin/env python3
"""Check the links of a built site without fetching anything.

    python3 scripts/link_report.py site/

Prints every internal link or #anchor that points at a missing file or id, then every external link with the
pages it appears on. External links are only listed, never requested. Exit code 1 if an internal link is broken.
Standard library only, so it runs with any Python 3.
"""

from __future__ import annotations

import argparse
import posixpath
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# (tag, attribute) pairs whose value is a URL the site links to or loads.
URL_ATTRIBUTES = {
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("form", "action"),
}
# Schemes that are neither internal files nor web pages to list.
IGNORED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")


@dataclass
class Link:
    page: str  # site-relative path of the HTML file the link is on
    url: str  # as written in the attribute


@dataclass
class SiteLinks:
    ids: dict[str, set[str]] = field(default_factory=dict)  # HTML file → ids and names on it
    internal: list[Link] = field(default_factory=list)
    external: list[Link] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif (tag, name) in URL_ATTRIBUTES:
                # rel=canonical names the page's published address, not a link to follow in this build.
                rel = dict(attrs).get("rel") or ""
                if tag == "link" and "canonical" in rel.split():
                    continue
                self.urls.append(value.strip())


def scan(site: Path) -> SiteLinks:
    found = SiteLinks()
    for html_file in sorted(site.rglob("*.html")):
        rel = html_file.relative_to(site).as_posix()
        parser = _PageParser()
        parser.feed(html_file.read_text(encoding="utf-8"))
        found.ids[rel] = parser.ids
        for url in parser.urls:
            if not url or url.lower().startswith(IGNORED_SCHEMES):
                continue
            parts = urlsplit(url)
            target = found.external if parts.scheme or parts.netloc else found.internal
            target.append(Link(rel, url))
    return found


def resolve(site: Path, page: str, url: str, base_path: str = "/") -> tuple[str | None, str]:
    """(site-relative file the link points at, or None if there is none; the #fragment, or '')."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path:
        target = page
    else:
        if path.startswith("/"):
            # Root-relative links (Material's 404 page) are written for the published base path, e.g. /metodbanken/.
            if not path.startswith(base_path):
                return None, parts.fragment
            joined = path[len(base_path) :]
        else:
            joined = posixpath.join(posixpath.dirname(page), path)
        target = posixpath.normpath(joined) if joined else "."
        if target.startswith(".."):
            return None, parts.fragment
        candidate = site / target
        if candidate.is_dir() or path.endswith("/"):
            target = posixpath.normpath(posixpath.join(target, "index.html"))
            candidate = site / target
        if not candidate.is_file():
            return None, parts.fragment
    return target, unquote(parts.fragment)


def broken_links(site: Path, links: SiteLinks, base_path: str = "/") -> list[tuple[str, str, str]]:
    """(page, url, what is wrong) for every internal link whose file or #anchor does not exist."""
    broken = []
    for link in links.internal:
        target, fragment = resolve(site, link.page, link.url, base_path)
        if target is None:
            broken.append((link.page, link.url, "filen finns inte"))
        elif fragment and target.endswith(".html") and fragment not in links.ids.get(target, set()):
            broken.append((link.page, link.url, f"ankaret #{fragment} finns inte på {target}"))
    return broken


def external_by_url(links: SiteLinks) -> dict[str, list[str]]:
    pages: dict[str, set[str]] = defaultdict(set)
    for link in links.external:
        pages[link.url].add(link.page)
    return {url: sorted(pages[url]) for url in sorted(pages)}


def base_path_of(site: Path) -> str:
    """The path part of site_url, read from the sitemap MkDocs writes (e.g. /metodbanken/); '/' if unknown."""
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        text = sitemap.read_text(encoding="utf-8")
        start = text.find("<loc>")
        if start >= 0:
            return urlsplit(text[start + 5 : text.find("</loc>", start)].strip()).path or "/"
    return "/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kontrollera länkarna i en byggd webbplats utan att hämta något.")
    parser.add_argument("site", type=Path, help="mappen med den byggda webbplatsen, t.ex. site/")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"Hittar ingen mapp {args.site}. Bygg först: mkdocs build", file=sys.stderr)
        return 2
    links = scan(args.site)
    broken = broken_links(args.site, links, base_path_of(args.site))
    external = external_by_url(links)
    print(
        f"{len(links.ids)} sidor, {len(links.internal)} interna länkar, {len(links.external)} externa länkar "
        f"till {len(external)} adresser."
    )
    if broken:
        print(f"\nTrasiga interna länkar ({len(broken)}):")
        for page, url, problem in broken:
            print(f"  {page}: {url} – {problem}")
    print("\nExterna länkar (kontrolleras inte, bara listas):")
    for url, pages in external.items():
        print(f"  {url}")
        for page in pages:
            print(f"      {page}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
