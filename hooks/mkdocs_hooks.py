"""MkDocs adapter: wires MkDocs events to the metodbanken pipeline and does nothing else.

Everything it calls lives in hooks/metodbanken/ and runs without MkDocs, so moving to another
generator means rewriting only this file.
"""

from __future__ import annotations

import copy
import functools
import logging
from pathlib import Path

import mkdocs.contrib.search
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from metodbanken import pipeline
from metodbanken.paths import LUNR_SCRIPT
from metodbanken.pipeline import Site, build_site, placeholder_site
from metodbanken.problems import CardsInvalid, Problem, internal_problem
from metodbanken.site import page_cache, serve_cache
from metodbanken.site.html_blocks import HtmlBlocks
from metodbanken.site.page_assets import lunr_script
from metodbanken.site.publish import AtomicBuild
from metodbanken.site.sanitise import heading_slug, sanitise_card_html
from metodbanken.site.serve_errors import show_problems_instead_of_site

log = logging.getLogger("mkdocs.metodbanken")
# The finder queries its prebuilt index with the lunr.js and Swedish stemmer that ship with MkDocs,
# served from the site itself as one file.
_LUNR = Path(mkdocs.contrib.search.__file__).parent
_LUNR_SOURCES = (
    _LUNR / "templates" / "search" / "lunr.js",
    _LUNR / "lunr-language" / "lunr.stemmer.support.js",
    _LUNR / "lunr-language" / "lunr.sv.js",
)
_site: Site | None = None
_card_text_pages: set[str] = set()
_command: str | None = None
_build: AtomicBuild | None = None
BUILD_PATH = "mkdocs.yml"  # where an internal error is reported when no card is known
_serve_problems: list[Problem] = []  # under `mkdocs serve`: shown in the browser in place of the site


def on_startup(command, **_):
    global _command
    _command = command


def on_config(config, **_):
    # Build beside site/ and swap only on success (publish.py); `serve` keeps its own temporary folder.
    global _build
    _build = AtomicBuild(config.site_dir, stage=_command != "serve", count_warnings=config.strict)
    config.site_dir = _build.build_dir
    # Headings get ids that cannot be those the page's scripts look for (### mb-finder → avsnitt-mb-finder).
    config.mdx_configs.setdefault("toc", {})["slugify"] = heading_slug
    config.markdown_extensions.append(HtmlBlocks())  # <caption> inside the generated tables (html_blocks.py)
    return config


def on_pre_build(config, **_):
    # Invalid cards stop the build before any page is written; the previous site/ stays as it was.
    global _site, _card_text_pages, _serve_problems
    root = Path(config.config_file_path).parent
    _serve_problems = []
    search_data = None
    if _command == "serve":  # the search data is made beside the build when the cards changed (serve_cache.py)
        serve_cache.SEARCH_DATA.begin()
        search_data = serve_cache.search_data_under_serve(pipeline.search_files)
    try:
        try:
            _site = build_site(
                root, use_directory_urls=config.use_directory_urls, site_url=config.site_url, search_data=search_data
            )
        except CardsInvalid:
            raise
        except Exception as exc:  # a last resort: a bug shows as a problem on the page, not as no page at all
            log.debug("Internt fel i bygget", exc_info=exc)
            raise CardsInvalid([internal_problem(BUILD_PATH, exc)]) from exc
    except CardsInvalid as exc:
        if _command == "serve":  # build around the last valid cards; on_post_build shows the problems instead
            _serve_problems, _site = exc.problems, _site or placeholder_site()
            log.error("%s\nFörhandsvisningen visar felen tills korten är rättade.", exc)
            return
        raise PluginError(f"{exc}\nWebbplatsen byggdes inte; den förra versionen ligger kvar.") from None
    _card_text_pages = _site.card_text_pages()
    log.info("Metodbanken: %d kort lästa och validerade", len(_site.cards))


def on_page_content(html, page, **_):
    # Pages built from card text pass an allow-list sanitiser after Markdown, whatever the text held.
    if page.file.src_uri in _card_text_pages:
        return sanitise_card_html(html)
    return html


def on_page_context(context, page, **_):
    # The stylesheets, scripts and data paths the page needs (page_assets.py), for overrides/main.html: decided by
    # the build's flags and a hand-written page's front matter, never by the page's content.
    try:
        context["assets"] = _site.page_assets(page.file.src_uri, page.meta)
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    return context


def on_template_context(context, **_):
    # 404.html and other pages that are not Markdown pages get what every page gets.
    context["assets"] = _site.page_assets()
    return context


def on_page_markdown(markdown, **_):
    # docs/bidra.md's field tables and empty cards, generated from the schema.
    return _site.fill_markers(markdown)


def on_files(files, config, **_):
    for page in files.documentation_pages():
        page.edit_uri = f"docs/{page.src_uri}"  # edit links point into the repository, not docs_dir
    for generated in _site.files:
        file = File.generated(config, generated.path, content=generated.content)
        file.edit_uri = generated.edit_path
        files.append(file)
    sources = [source.read_text(encoding="utf-8") for source in _LUNR_SOURCES]
    files.append(File.generated(config, LUNR_SCRIPT, content=lunr_script(sources)))
    if _command == "serve":  # what every page's HTML depends on besides its own Markdown (page_cache.py)
        page_cache.SERVE_PAGES.begin(page_cache.fingerprint(_render_context(files, config)))
    return files


def _render_context(files, config):
    yield from (f"{f.src_uri}\t{f.dest_uri}\t{f.url}" for f in files)  # links resolve against these
    yield from (e if isinstance(e, str) else type(e).__qualname__ for e in config.markdown_extensions)
    yield repr(config.mdx_configs)
    yield repr((config.use_directory_urls, config.validation))


def on_pre_page(page, **_):
    # `mkdocs serve` converts every page again on each rebuild; a page whose Markdown is unchanged is taken from the
    # previous build instead (page_cache.py). `mkdocs build` always converts.
    if _command == "serve":
        page.render = functools.partial(_render_or_reuse, page)
    return page


def _render_or_reuse(page, config, files):
    """Page.render, or what it gave for the same Markdown in the same context: the fields it sets."""
    rendered = page_cache.SERVE_PAGES.get(page.file.src_uri, page.markdown)
    if rendered is None:
        Page.render(page, config, files)
        links = {f.src_uri: a for f, a in page.links_to_anchors.items()} if page.links_to_anchors else None
        rendered = (page.content, page.toc, page._title_from_render, page.present_anchor_ids, links)
        page_cache.SERVE_PAGES.put(page.file.src_uri, page.markdown, copy.deepcopy(rendered))
        return
    content, toc, title, anchors, links = copy.deepcopy(rendered)
    page.content, page.toc, page._title_from_render, page.present_anchor_ids = content, toc, title, anchors
    if links is not None:
        page.links_to_anchors = {files.get_file_from_path(uri): a for uri, a in links.items()}


def on_post_build(config, **_):
    # MkDocs would abort a strict build only after this event, and under -q not at all: decide here.
    config.site_dir = _build.site_dir  # gh-deploy reads it after the build
    if _command == "serve":
        page_cache.SERVE_PAGES.end()
        serve_cache.SEARCH_DATA.end(Path(config.site_dir))
        log.info(
            "Metodbanken: %d sidor återanvända, %d omvandlade",
            page_cache.SERVE_PAGES.hits,
            page_cache.SERVE_PAGES.misses,
        )
    if _serve_problems:
        show_problems_instead_of_site(Path(config.site_dir), _serve_problems)
    warnings = _build.succeed()
    if warnings:
        raise PluginError(
            f"Bygget gav {warnings} varning(ar) i strikt läge (--strict) och avbröts.\n"
            "Webbplatsen byggdes inte; den förra versionen ligger kvar. Rätta det varningarna "
            "pekar på (kör utan -q för att se dem)."
        )


def on_build_error(**_):
    if _build:
        _build.fail()
    if _command == "serve":
        serve_cache.SEARCH_DATA.end(None)
