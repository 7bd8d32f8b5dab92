"""Which stylesheets, scripts and data files a page loads, decided by the build, never by the page's text.

Every page gets the site's stylesheet, its print stylesheet (fetched with media="print", so it never holds up
the first paint) and the accessibility additions. The finder, the method comparison, the contribution forms
and the sortable method tiles add their own files only on pages that have them, so a card page downloads no
script it would not run. Which parts a page has is said by the build alone: a generated page's templates
declare the parts they draw (`page_feature` in render.py, kept on the GeneratedFile), a hand-written docs/ page
names them in its front matter (`features: [form]`). The page's HTML is never read for it: card text ends up in
that HTML, and a heading or title that spelled a part's element would otherwise load its scripts.
The data files a script reads are handed to it from here (`data_paths`, written into the page's head as JSON),
so the JavaScript spells no path of the build.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import rjsmin

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
    """A part of a page with its own files, present where the build says the page has it (by `name`)."""

    name: str
    styles: tuple[str, ...] = ()
    scripts: tuple[Script, ...] = ()
    module_preloads: tuple[str, ...] = ()  # modules the scripts import, fetched at once rather than one by one
    fetch_preloads: tuple[str, ...] = ()  # data files needed for the first thing the reader sees
    # What the scripts fetch: data files, scripts, and pages (.md), which become their URLs.
    data_paths: dict[str, str] = field(default_factory=dict)
    # Material's script waits for the part's first draw, which its work on the page's thread would otherwise hold up.
    theme_script_waits: bool = False


FINDER_MODULES = tuple(f"javascripts/finder/{name}.js" for name in ("main", "state", "search", "view", "download"))
SEARCH_WORKER = "javascripts/finder/search-worker.js"  # a classic script: it loads its scripts with importScripts

FEATURES = (
    Feature(
        name="finder",
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
            "searchWords": paths.SEARCH_WORDS_PATH,
            "searchScripts": paths.SEARCH_SCRIPTS,
            "compare": paths.COMPARE_PATH,
            "suggestMethod": paths.SUGGEST_METHOD_PATH,
            "triedMethod": paths.TRIED_PATH,
        },
        theme_script_waits=True,
    ),
    Feature(
        name="compare",
        scripts=(Script("javascripts/compare.js", module=True),),
        module_preloads=(DOM_HELPERS,),
        data_paths={"cards": paths.CARDS_JSON_PATH, "decisions": paths.DECISIONS_PATH},
    ),
    Feature(
        name="form",
        styles=("stylesheets/form.css",),
        scripts=(Script("javascripts/form.js", defer=True),),
        data_paths={"form": paths.FORM_PATH, "ajv": "javascripts/vendor/ajv2020.min.js"},
    ),
    Feature(
        name="listing",
        scripts=(Script("javascripts/listing.js"),),
    ),
    # "Kopiera länk" and "Skriv ut" on every card page (_card_footer.md.j2 declares it).
    Feature(
        name="share",
        scripts=(Script("javascripts/share.js", defer=True),),
    ),
)
EVERY_PAGE_SCRIPTS = (Script("javascripts/tillganglighet.js"),)
FEATURE_NAMES = tuple(feature.name for feature in FEATURES)
# The front matter key of a hand-written docs/ page that names its parts: `features: [finder]`.
FRONT_MATTER_KEY = "features"


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


def page_assets(features: Iterable[str], page_url: Callable[[str], str]) -> PageAssets:
    """The files a page with these parts (FEATURES' names) needs; `page_url` turns a page's path into its URL."""
    named = set(features)
    unknown = named - set(FEATURE_NAMES)
    if unknown:
        raise ValueError(f"okända delar av en sida: {', '.join(sorted(unknown))}")
    present = [feature for feature in FEATURES if feature.name in named]
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


def front_matter_features(front_matter: Mapping[str, object], page: str) -> tuple[str, ...]:
    """The parts a hand-written docs/ page names in its front matter. Anything but a list of known names is an
    error, so that a misspelt part does not silently leave its page without scripts."""
    names = front_matter.get(FRONT_MATTER_KEY, [])
    if isinstance(names, list) and all(name in FEATURE_NAMES for name in names):
        return tuple(names)
    raise ValueError(
        f"docs/{page}: framsidans fält '{FRONT_MATTER_KEY}' är {names!r}, men ska vara en lista med delar som "
        f"sidan har, bland: {', '.join(FEATURE_NAMES)}. Skriv till exempel `{FRONT_MATTER_KEY}: [form]`."
    )


def script_source(path: str) -> str:
    """A script of docs/ to write into a page, minified as the site serves it; it must not end the <script> element
    it stands in. Read each time, so that `mkdocs serve` writes the script as it is now."""
    source = minified((paths.DOCS_DIR / path).read_text(encoding="utf-8"))
    if "</script" in source.lower():
        raise ValueError(f"{path}: '</script' would end the inline script early")
    return source


OWN_SCRIPTS_DIR = "javascripts/"
VENDOR_SCRIPTS_DIR = "javascripts/vendor/"  # minified already by their makers, with their licences


def is_own_script(path: str) -> bool:
    """Whether the site file `path` is one of our scripts, which the site serves minified."""
    return path.startswith(OWN_SCRIPTS_DIR) and path.endswith(".js") and not path.startswith(VENDOR_SCRIPTS_DIR)


def minified(source: str) -> str:
    """One of our scripts as the site serves it: without the comments and spare whitespace that the source in docs/
    keeps for its readers (rjsmin, which renames nothing). The finder's scripts compress to 31 kB instead of 44 kB,
    and every search pays for them before its first result."""
    return rjsmin.jsmin(source).strip() + "\n"


_LEADING_COMMENT = re.compile(r"\A\s*/\*.*?\*/", re.S)


def search_scripts(sources: list[str]) -> str:
    """lunr.js, its stemmer support, its Swedish language and the finder's index reader, in that order, as one
    script: the finder's search worker loads them with one request instead of four in turn. Each keeps its licence
    header (its first comment); the rest is minified as our own scripts are (`minified`), which drops lunr's long
    API comments: 29 kB compressed → 12 kB."""
    parts = []
    for source in sources:
        header = _LEADING_COMMENT.match(source)
        code = source[header.end() :] if header else source
        parts.append((header.group(0).strip() + "\n" if header else "") + minified(code).rstrip("\n"))
    return "\n;\n".join(parts) + "\n"
