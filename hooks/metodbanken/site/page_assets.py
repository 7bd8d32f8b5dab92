"""Which stylesheets, scripts and data files a page loads, decided by what the page holds.

Every page gets the site's stylesheet, its print stylesheet (fetched with media="print", so it never holds up
the first paint) and the accessibility additions. The finder, the method comparison, the contribution forms
and the sortable method tiles add their own files only on pages that hold their element, so a card page
downloads no script it would not run. The data files a script reads are handed to it from here (`data_paths`,
written into the page's head as JSON), so the JavaScript spells no path of the build.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import paths

STYLESHEET = "stylesheets/metodbanken.css"
PRINT_STYLESHEET = "stylesheets/print.css"
DOM_HELPERS = "javascripts/dom.js"  # imported by the finder's modules and by compare.js


@dataclass(frozen=True)
class Script:
    path: str
    module: bool = False
    in_head: bool = False  # fetched with the head; runs once it and its imports are in, not at the body's end
    defer: bool = False
    # Written into the head before the stylesheets: it runs at once, while the styles and the rest of the page load.
    inline: bool = False


@dataclass(frozen=True)
class Feature:
    """A part of a page with its own files, present where the page's HTML holds `marker`."""

    name: str
    marker: re.Pattern[str]
    styles: tuple[str, ...] = ()
    scripts: tuple[Script, ...] = ()
    module_preloads: tuple[str, ...] = ()  # modules the scripts import, fetched at once rather than one by one
    fetch_preloads: tuple[str, ...] = ()  # data files needed for the first thing the reader sees
    # What the scripts fetch: data files, scripts, and pages (.md), which become their URLs.
    data_paths: dict[str, str] = field(default_factory=dict)
    # Material's script waits for the part's first draw, which its work on the page's thread would otherwise hold up.
    theme_script_waits: bool = False


def _element(element_id: str) -> re.Pattern[str]:
    return re.compile(rf"""\bid=["']?{re.escape(element_id)}["'\s>]""")


FINDER_MODULES = tuple(f"javascripts/finder/{name}.js" for name in ("main", "state", "search", "view", "download"))
SEARCH_WORKER = "javascripts/finder/search-worker.js"  # a classic script: it loads lunr with importScripts

FEATURES = (
    Feature(
        name="finder",
        marker=_element("mb-finder"),
        styles=("stylesheets/finder.css",),
        scripts=(
            Script("javascripts/finder/search-start.js", inline=True),  # starts the search worker
            Script("javascripts/finder/theme-after-results.js", inline=True),  # runs Material's script later
            Script("javascripts/finder.js", module=True, in_head=True),
        ),
        module_preloads=(DOM_HELPERS, *FINDER_MODULES),
        fetch_preloads=(paths.FINDER_CARDS_PATH,),
        data_paths={
            "finderCards": paths.FINDER_CARDS_PATH,
            "searchWorker": SEARCH_WORKER,
            "searchHeadlineIndex": paths.SEARCH_HEADLINE_INDEX_PATH,
            "searchTextIndex": paths.SEARCH_TEXT_INDEX_PATH,
            "searchTexts": paths.SEARCH_TEXTS_PATH,
            "lunr": paths.LUNR_SCRIPT,
            "compare": paths.COMPARE_PATH,
            "suggestMethod": paths.SUGGEST_METHOD_PATH,
            "triedMethod": paths.TRIED_PATH,
        },
        theme_script_waits=True,
    ),
    Feature(
        name="compare",
        marker=_element("mb-compare"),
        scripts=(Script("javascripts/compare.js", module=True),),
        module_preloads=(DOM_HELPERS,),
        data_paths={"cards": paths.CARDS_JSON_PATH, "decisions": paths.DECISIONS_PATH},
    ),
    Feature(
        name="form",
        marker=_element("mb-form"),
        styles=("stylesheets/form.css",),
        scripts=(Script("javascripts/form.js", defer=True),),
        data_paths={"form": paths.FORM_PATH, "ajv": "javascripts/vendor/ajv2020.min.js"},
    ),
    Feature(
        name="listing",
        marker=re.compile(r"\sdata-mb-sortable\b"),
        scripts=(Script("javascripts/listing.js"),),
    ),
)
EVERY_PAGE_SCRIPTS = (Script("javascripts/tillganglighet.js"),)


@dataclass(frozen=True)
class PageAssets:
    styles: tuple[str, ...]
    print_styles: tuple[str, ...]
    inline_scripts: tuple[str, ...]  # their source, before the stylesheets
    head_scripts: tuple[Script, ...]
    scripts: tuple[Script, ...]  # after Material's bundle, at the end of the body
    module_preloads: tuple[str, ...]
    fetch_preloads: tuple[str, ...]
    data_paths: dict[str, str]
    theme_script_waits: bool = False  # Material's script elements go into a template that a script of the page runs
    feed: str = paths.FEED_PATH  # linked from every page's head for feed readers


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(items))


def page_assets(html: str, page_url: Callable[[str], str]) -> PageAssets:
    """The files a page needs, from the HTML of its content; `page_url` turns a page's path into its URL."""
    present = [feature for feature in FEATURES if feature.marker.search(html)]
    scripts = [script for feature in present for script in feature.scripts]
    data_paths = {
        name: page_url(path) if path.endswith(".md") else path
        for feature in present
        for name, path in feature.data_paths.items()
    }
    return PageAssets(
        styles=_unique([STYLESHEET, *(s for f in present for s in f.styles)]),
        print_styles=(PRINT_STYLESHEET,),
        inline_scripts=tuple(script_source(s.path) for s in scripts if s.inline),
        head_scripts=tuple(s for s in scripts if s.in_head),
        scripts=tuple(s for s in scripts if not (s.in_head or s.inline)) + EVERY_PAGE_SCRIPTS,
        module_preloads=_unique(p for f in present for p in f.module_preloads),
        fetch_preloads=_unique(p for f in present for p in f.fetch_preloads),
        data_paths=data_paths,
        theme_script_waits=any(f.theme_script_waits for f in present),
    )


def script_source(path: str) -> str:
    """A script of docs/ to write into a page; it must not end the <script> element it stands in. Read each time, so
    that `mkdocs serve` writes the script as it is now."""
    source = (paths.DOCS_DIR / path).read_text(encoding="utf-8")
    if "</script" in source.lower():
        raise ValueError(f"{path}: '</script' would end the inline script early")
    return source


def lunr_script(sources: list[str]) -> str:
    """lunr.js, its stemmer support and its Swedish language, in that order, as one script (each keeps its licence
    header): the finder's search worker loads them with one request instead of three in turn."""
    return "\n;\n".join(source.rstrip() for source in sources) + "\n"
