"""MkDocs adapter: wires MkDocs events to the metodbanken pipeline and does nothing else.

Everything it calls lives in hooks/metodbanken/ and runs without MkDocs, so moving to another
generator means rewriting only this file.
"""

from __future__ import annotations

import functools
import logging
import pickle
from pathlib import Path

import jinja2
import markupsafe
import mkdocs.contrib.search
import mkdocs.utils
import mkdocs.utils.meta
from mkdocs.commands.build import _populate_page
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from metodbanken import pipeline
from metodbanken.content import checked_cards as checked_cards_memo
from metodbanken.paths import SEARCH_PIECES_DIR, SEARCH_READER, SEARCH_SCRIPTS
from metodbanken.pipeline import Site, build_site, placeholder_site
from metodbanken.problems import CardsInvalid, Problem, internal_problem
from metodbanken.search import search_memo
from metodbanken.site import (
    forked_half,
    page_cache,
    page_memo,
    render,
    sectioned_page,
    serve_cache,
    serve_memory,
    serve_output,
    tiled_page,
)
from metodbanken.site.html_blocks import HtmlBlocks
from metodbanken.site.page_assets import is_own_script, minified, search_scripts
from metodbanken.site.publish import AtomicBuild
from metodbanken.site.sanitise import sanitise_card_html, sanitise_in_parts, stands_alone
from metodbanken.site.serve_errors import show_problems_instead_of_site

log = logging.getLogger("mkdocs.metodbanken")
# The finder analyses its queries with the lunr.js and Swedish stemmer that ship with MkDocs, served from the site
# itself in one file with its index reader (paths.SEARCH_SCRIPTS).
_LUNR = Path(mkdocs.contrib.search.__file__).parent
_LUNR_SOURCES = (
    _LUNR / "templates" / "search" / "lunr.js",
    _LUNR / "lunr-language" / "lunr.stemmer.support.js",
    _LUNR / "lunr-language" / "lunr.sv.js",
)
_site: Site | None = None
_card_text_pages: set[str] = set()
_command: str | None = None
_dirty = False  # `mkdocs serve --dirty`: MkDocs neither empties the folder nor writes unchanged files' pages
_build: AtomicBuild | None = None
BUILD_PATH = "mkdocs.yml"  # where an internal error is reported when no card is known
_serve_problems: list[Problem] = []  # under `mkdocs serve`: shown in the browser in place of the site
_nav = None
ThemeKey = tuple[tuple[str, ...], str]  # what a page's theme output depends on: its parts (_theme_page), its content
_theme_keys: dict[str, ThemeKey] = {}  # under `mkdocs serve`: page path → its theme key
_kept_toc: dict[str, bytes] = {}  # … and each page's conversion pickled, for a copy of its table of contents
_reused_output: dict[str, str] = {}  # … and the output of the previous build for the same key
_assembled_parts: dict[str, tuple[tuple[str, ...], ...]] = {}  # … and the parts of a page made of sections
REUSED_TEMPLATE = "metodbanken-reused-page.html"  # a theme template that writes out the page's reused output
_forked: forked_half.ForkedHalf | None = None  # `mkdocs build`: a share of the pages converted on the other core


def on_startup(command, dirty=False, **_):
    global _command, _dirty
    _command, _dirty = command, dirty


def on_config(config, **_):
    # Build beside site/ and swap only on success (publish.py); `serve` keeps its own temporary folder.
    global _build
    _build = AtomicBuild(config.site_dir, stage=_command != "serve", count_warnings=config.strict)
    config.site_dir = _build.build_dir
    # Headings get ids that cannot be those the page's scripts look for (### mb-finder → avsnitt-mb-finder), by
    # sanitise.heading_slug; a page converted by sections under `serve` gets them in place (sectioned_page.py).
    config.mdx_configs.setdefault("toc", {})["slugify"] = sectioned_page.heading_id
    config.markdown_extensions.append(HtmlBlocks())  # <caption> inside the generated tables (html_blocks.py)
    config.markdown_extensions.append(sectioned_page.SectionIds())  # does nothing but under a section's conversion
    return config


def on_pre_build(config, **_):
    # Invalid cards stop the build before any page is written; the previous site/ stays as it was.
    global _site, _card_text_pages, _serve_problems
    root = Path(config.config_file_path).parent
    _serve_problems = []
    search_data = checked_cards = generated_pages = None
    if _command == "serve" and not _dirty:  # only the files whose bytes changed are written (serve_output.py)
        _write_only_what_changed(True)
    if _command == "serve":  # the search data is made beside the build when the cards changed (serve_cache.py)
        serve_memory.SERVE_MEMORY.begin()  # no collecting and freezing of the caches while this builds
        serve_cache.SEARCH_DATA.begin()
        package = serve_cache.package_key()
        search_data = serve_cache.search_data_under_serve(pipeline.search_files, search_memo.SERVE_SEARCH, package)
        checked_cards = checked_cards_memo.SERVE_CARDS  # unchanged cards are not read and checked again …
        checked_cards.begin(package)
        generated_pages = page_memo.SERVE_GENERATED  # … nor their pages rendered
        generated_pages.begin(package)
    try:
        try:
            _site = build_site(
                root,
                use_directory_urls=config.use_directory_urls,
                site_url=config.site_url,
                search_data=search_data,
                checked_cards=checked_cards,
                generated_pages=generated_pages,
                search_beside=_command != "serve",  # made on the other core while MkDocs converts (on_env joins)
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


def _write_only_what_changed(on: bool) -> None:
    """Under `mkdocs serve`, MkDocs' emptying of the output folder, writing of pages and copying of files go through
    serve_output.SITE_OUTPUT for one build, which writes only what changed and removes at the end what emptying would
    have removed. MkDocs has no setting for it (--dirty leaves a page unbuilt when its own source is unchanged, though
    a generated listing shows other cards), so these three functions of MkDocs 1.6 are replaced from on_pre_build to
    the build's end and put back then (tests/test_serve_output.py checks both)."""
    replaced = serve_output.REPLACED
    if not on:
        mkdocs.utils.clean_directory = replaced.pop("clean_directory", mkdocs.utils.clean_directory)
        mkdocs.utils.write_file = replaced.pop("write_file", mkdocs.utils.write_file)
        File.copy_file = replaced.pop("copy_file", File.copy_file)
        return
    replaced.setdefault("clean_directory", mkdocs.utils.clean_directory)
    replaced.setdefault("write_file", mkdocs.utils.write_file)
    replaced.setdefault("copy_file", File.copy_file)
    mkdocs.utils.clean_directory = serve_output.SITE_OUTPUT.begin
    mkdocs.utils.write_file = serve_output.SITE_OUTPUT.write
    File.copy_file = _copy_through_site_output


def _copy_through_site_output(file, dirty=False):
    """File.copy_file through SITE_OUTPUT: a generated file's content is written, a file on disk copied."""
    if file.abs_src_path is None:  # File.generated with content (MkDocs writes its content_bytes)
        serve_output.SITE_OUTPUT.write(file.content_bytes, file.abs_dest_path)
    else:
        serve_output.SITE_OUTPUT.copy(file.abs_src_path, file.abs_dest_path)


def on_page_content(html, page, **_):
    # Pages built from card text pass an allow-list sanitiser after Markdown, whatever the text held. Under `mkdocs
    # serve` the sanitised HTML of a page whose HTML is unchanged is taken from the previous build: same input, same
    # output, and at a thousand cards sanitising was a second of every rebuild.
    path = page.file.src_uri
    if path not in _card_text_pages or (_forked and path in _forked.given):  # the child sanitised those
        return html
    if _command != "serve":
        return sanitise_card_html(html)
    clean = page_cache.SERVE_SANITISED.get(path, html)
    if clean is None:
        parts = _assembled_parts.get(path)  # the booklet: its sections sanitised alone, each kept by its HTML
        if parts and "\n".join(parts[0]) == html:
            # Whether a section stands alone is kept by its HTML before its heading ids, which hold no tags: a card's
            # new title moves its section, and every id after it (syfte_12 → syfte_13) changes.
            alone, sanitise = _kept_by(f"{path}#för-sig", stands_alone), _kept_by(f"{path}#avsnitt", sanitise_card_html)
            clean = sanitise_in_parts(*parts, alone=alone, sanitise=sanitise)
        if clean is None:
            clean = sanitise_card_html(html)
        page_cache.SERVE_SANITISED.put(path, html, clean)
    return clean


def _kept_by(path, make):
    """make(html), or what it gave for the same HTML in the build before (page_cache.SERVE_SANITISED, under `path`)."""

    def kept(html):
        found = page_cache.SERVE_SANITISED.get(path, html)
        if found is None:
            found = make(html)
            page_cache.SERVE_SANITISED.put(path, html, found)
        return found

    return kept


def on_page_context(context, page, **_):
    # The stylesheets, scripts and data paths the page needs (page_assets.py), for overrides/main.html: decided by
    # the build's flags and a hand-written page's front matter, never by the page's content.
    reused = _reused_output.get(page.file.src_uri)
    if reused is not None:  # on_env gave it the template that writes this out (serve only)
        context["metodbanken_reused_page"] = markupsafe.Markup(reused)
        return context
    try:
        context["assets"] = _site.page_assets(page.file.src_uri, page.meta)
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    return context


def on_post_page(output, page, **_):
    path = page.file.src_uri
    if path in _theme_keys and path not in _reused_output:  # serve only: kept for the next build
        page_cache.SERVE_THEME.put(path, _theme_keys[path], output)
    return output


def on_template_context(context, **_):
    # 404.html and other pages that are not Markdown pages get what every page gets.
    context["assets"] = _site.page_assets()
    return context


def on_page_markdown(markdown, page, **_):
    # docs/bidra.md's field tables and empty cards, generated from the schema.
    if _forked and page.file.src_uri in _forked.given:
        return markdown  # filled by the child
    return _site.fill_markers(markdown)


def on_files(files, config, **_):
    for page in files.documentation_pages():
        page.edit_uri = f"docs/{page.src_uri}"  # edit links point into the repository, not docs_dir
    for generated in _site.files:
        file = File.generated(config, generated.path, content=generated.content)
        file.edit_uri = generated.edit_path
        files.append(file)
    # The search worker's scripts as one file; the reader is published only in it.
    reader = files.get_file_from_path(SEARCH_READER)
    files.remove(reader)
    for script in [file for file in files if is_own_script(file.src_uri)]:
        files.remove(script)
        files.append(File.generated(config, script.src_uri, content=minified(script.content_string)))
    sources = [source.read_text(encoding="utf-8") for source in _LUNR_SOURCES] + [reader.content_string]
    files.append(File.generated(config, SEARCH_SCRIPTS, content=search_scripts(sources)))
    if _command == "serve":  # what every page's HTML depends on besides its own Markdown (page_cache.py)
        context = page_cache.fingerprint(_render_context(files, config))
        page_cache.SERVE_PAGES.begin(context)
        _kept_toc.clear()
        _assembled_parts.clear()
        page_cache.SERVE_SECTIONS.begin(context)
        page_cache.SERVE_TILES.begin(context)
        page_cache.SERVE_SANITISED.begin("")  # the sanitiser reads nothing but the HTML
        page_cache.SERVE_SOURCES.begin("")  # nor reading the front matter anything but the source
    return files


def _render_context(files, config):
    # Links resolve against these. The search data's pieces are named by its content (a shard more after an edit)
    # and no page links to them, so they count only when a page's Markdown names their folder.
    pieces = f"{SEARCH_PIECES_DIR}/"
    named = any(pieces in text for text in _site.markdown_texts()) or any(
        pieces in Path(f.abs_src_path).read_text(encoding="utf-8")
        for f in files.documentation_pages()
        if f.abs_src_path
    )
    linkable = (f for f in files if named or not f.src_uri.startswith(pieces))
    yield from (f"{f.src_uri}\t{f.dest_uri}\t{f.url}" for f in linkable)
    yield from (e if isinstance(e, str) else type(e).__qualname__ for e in config.markdown_extensions)
    yield repr(config.mdx_configs)
    yield repr((config.use_directory_urls, config.validation))


def on_nav(nav, config, files, **_):
    global _nav, _forked
    _nav = nav
    _forked = None  # the child forked below must not see a previous build's
    if _command in ("build", "gh-deploy") and forked_half.can_fork():  # serve has its caches instead
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        _forked = forked_half.ForkedHalf(
            pages,
            key=lambda page: page.file.src_uri,
            convert=lambda page: _populate_page(page, config, files),  # what MkDocs does with each page next
            result_of=_conversion_of,
            cost=lambda page: len(page.file.content_bytes),
        )
    return nav


def _conversion_of(page):
    """What converting a page sets on it, as the build takes it in from the child (_take_conversion)."""
    links = {f.src_uri: a for f, a in page.links_to_anchors.items()} if page.links_to_anchors else None
    fields = (page.content, page.toc, page._title_from_render, page.present_anchor_ids, links)
    return page.markdown, page.meta, fields


def _take_conversion(page, converted):
    markdown, meta, (content, toc, title, anchors, links) = converted

    def read_source(config):
        page.markdown, page.meta = markdown, meta

    def render(config, files):
        page.content, page.toc, page._title_from_render, page.present_anchor_ids = content, toc, title, anchors
        if links is not None:
            page.links_to_anchors = _files_at(files, links)

    page.read_source, page.render = read_source, render


def on_env(env, config, files, **_):
    # Under `mkdocs serve` a page whose theme output depends on nothing that changed is not rendered through the theme
    # again: it gets a template that writes out last build's output (page_cache.SERVE_THEME). Every page is read and
    # converted by now, so the key of each page's output is known before the first one is rendered.
    global _theme_keys, _reused_output
    _theme_keys, _reused_output = {}, {}
    env.bytecode_cache = render.THEME_TEMPLATES  # compiled once per process, not on every rebuild of `serve`
    if _forked is not None:
        _forked.close()  # every page is converted by now
        log.info("Metodbanken: %d sidor omvandlade i en egen process", len(_forked.given))
    _add_search_data_made_beside(files, config)
    if _command != "serve":
        return env
    env.loader = jinja2.ChoiceLoader(
        [jinja2.DictLoader({REUSED_TEMPLATE: "{{ metodbanken_reused_page }}"}), env.loader]
    )
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    page_cache.SERVE_THEME.begin(page_cache.fingerprint(_theme_context(config, files, pages)))
    for page in pages:  # the parts and the content as they are: a dict compares them, faster than hashing them
        _theme_keys[page.file.src_uri] = (tuple(_theme_page(page)), page.content)
    for page in pages:  # after every key: a key reads other pages' front matter (the nav), which this changes
        path = page.file.src_uri
        output = page_cache.SERVE_THEME.get(path, _theme_keys[path])
        if output is not None:
            _reused_output[path] = output
            page.meta["template"] = REUSED_TEMPLATE  # MkDocs' documented front matter key for a page's template
        elif path in _kept_toc:  # rendered through the theme: with a table of contents of its own
            page.toc = pickle.loads(_kept_toc[path])[1]
    return env


def _add_search_data_made_beside(files, config):
    """Under `mkdocs build` the search data was made beside the build while MkDocs converted the pages
    (beside_build.py); it joins the site's files here, before MkDocs writes them. Making it failed: the build fails
    with the message the build would have given making it itself, and nothing is published."""
    try:
        made = _site.join_pending()
    except Exception as exc:
        problems = exc if isinstance(exc, CardsInvalid) else CardsInvalid([internal_problem(BUILD_PATH, exc)])
        log.debug("Internt fel i sökdatan", exc_info=exc)
        raise PluginError(f"{problems}\nWebbplatsen byggdes inte; den förra versionen ligger kvar.") from None
    for generated in made:
        files.append(File.generated(config, generated.path, content=generated.content))


def _theme_context(config, files, pages):
    """What every page's theme output depends on besides the page itself: the theme's files, the configuration
    (minus what only Markdown or the build's folders read), the site's pages and the nav with their titles."""
    for folder in config.theme.dirs:  # the templates and their translations (the assets they name are in them)
        for path in sorted(Path(folder).rglob("*.html")):
            stat = path.stat()
            yield f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}"
    not_read_by_the_theme = {"markdown_extensions", "mdx_configs", "plugins", "hooks", "site_dir", "watch"}
    yield from (f"{k}={v!r}" for k, v in sorted(config.items()) if k not in not_read_by_the_theme)
    yield repr(sorted(config.plugins))
    yield from (f"{p.file.src_uri}\t{p.url}" for p in pages)
    yield from _nav_items(_nav.items if _nav else [])


def _nav_items(items):
    """The nav as every page shows it: titles, addresses, and the front matter of its pages (icons, status)."""
    for item in items:
        yield f"{type(item).__name__}\t{item.title}\t{getattr(item, 'url', '')}\t{getattr(item, 'meta', None)!r}"
        yield from _nav_items(item.children or [])
        yield "end"


def _theme_page(page):
    """What one page's theme output depends on besides its content: its place, table of contents, front matter and
    assets."""
    yield from (page.file.src_uri, page.url, str(page.canonical_url), str(page.edit_url), str(page.title))
    yield from (repr(page.meta), repr(page.is_homepage), repr(_assets_or_problem(page)))
    for other in (page.previous_page, page.next_page, *page.ancestors):
        yield f"{other.title}\t{getattr(other, 'url', '')}" if other else "-"
    yield from _toc_items(page.toc)


def _assets_or_problem(page):
    try:
        return _site.page_assets(page.file.src_uri, page.meta)
    except ValueError as exc:  # on_page_context reports it; a page that failed was never kept
        return str(exc)


def _toc_items(items):
    for item in items:
        yield f"{item.level}\t{item.id}\t{item.title}"
        yield from _toc_items(item.children)
        yield "end"


def on_pre_page(page, **_):
    # `mkdocs serve` converts every page again on each rebuild; a page whose Markdown is unchanged is taken from the
    # previous build instead (page_cache.py). `mkdocs build` takes in a share of the pages converted by a child
    # (forked_half.py).
    if _command == "serve":
        page.read_source = functools.partial(_read_or_reuse, page)
        page.render = functools.partial(_render_or_reuse, page)
    elif _forked is not None:
        converted = _forked.take(page.file.src_uri)
        if converted is not None:
            _take_conversion(page, converted)
    return page


def _read_or_reuse(page, config):
    """Page.read_source, with the front matter read as the build before read the same source (at 5 000 pages,
    parsing their YAML again was over half a second of each rebuild). The front matter is a fresh copy each build:
    on_env gives a reused page another template through it."""
    source = config.plugins.on_page_read_source(page=page, config=config)
    if source is None:
        try:
            source = page.file.content_string
        except (OSError, ValueError):  # MkDocs reports and raises it
            return Page.read_source(page, config)
    path = page.file.src_uri
    read = page_cache.SERVE_SOURCES.get(path, source)
    if read is None:
        markdown, meta = mkdocs.utils.meta.get_data(source)
        read = (markdown, pickle.dumps(meta))
        page_cache.SERVE_SOURCES.put(path, source, read)
    page.markdown, page.meta = read[0], pickle.loads(read[1])


def _render_or_reuse(page, config, files):
    """Page.render, or what it gave for the same Markdown in the same context: the fields it sets."""
    path = page.file.src_uri
    rendered = page_cache.SERVE_PAGES.get(path, page.markdown)
    start = _site.section_start(path)
    tiled = tiled_page.split(page.markdown) if start is None and tiled_page.TILES_OPEN in page.markdown else None
    if start is not None:  # its pieces stay for the next build's edit, whether the page is reused or not
        page_cache.SERVE_SECTIONS.keep(path)
    if tiled is not None:
        page_cache.SERVE_TILES.keep(path)
    if rendered is None:
        pieces = sectioned_page.split(page.markdown, start) if start is not None else []
        marker = config.mdx_configs.get("toc", {}).get("marker", sectioned_page.TOC_MARKER)
        by_tiles = tiled is not None and sectioned_page.can_split([page.markdown], marker)
        if len(pieces) > 1 and sectioned_page.can_split(pieces, marker):
            _render_by_sections(page, config, files, pieces)
        elif not (by_tiles and _render_by_tiles(page, config, files, tiled)):
            Page.render(page, config, files)
        links = {f.src_uri: a for f, a in page.links_to_anchors.items()} if page.links_to_anchors else None
        rendered = (page.content, page.toc, page._title_from_render, page.present_anchor_ids, links)
        # Kept pickled too: a page the theme renders again gets its own table of contents (on_env), which the theme
        # may change; unpickling is several times faster than copy.deepcopy of a thousand pages' tables of contents.
        kept = pickle.dumps(rendered)
        page_cache.SERVE_PAGES.put(page.file.src_uri, page.markdown, (kept, rendered))
        _kept_toc[path] = kept  # the theme renders this page with a copy: the objects kept stay as converted
        return
    kept, (content, toc, title, anchors, links) = rendered
    page.content, page.toc, page._title_from_render, page.present_anchor_ids = content, toc, title, set(anchors)
    _kept_toc[path] = kept  # the same objects as the build before: on_env gives a copy to a page it renders
    if links is not None:
        page.links_to_anchors = _files_at(files, links)


def _render_by_sections(page, config, files, pieces):
    """Page.render of a page made of sections (the booklet), each section converted alone or taken from the build
    before by its Markdown, and put together as converting the whole page gives it (sectioned_page.py)."""
    whole = page.markdown
    try:
        sections = [_section(page_cache.SERVE_SECTIONS, page, config, files, piece) for piece in pieces]
    finally:
        page.markdown = whole
    _take_assembled(page, files, *sectioned_page.assemble(sections))


def _render_by_tiles(page, config, files, tiled) -> bool:
    """Page.render of a page of method tiles, its shell and each tile converted alone or taken from the build before
    by its Markdown, and put together as converting the whole page gives it (tiled_page.py). False: the pieces
    cannot give the whole page (it is converted whole)."""
    whole = page.markdown
    try:
        shell = _section(page_cache.SERVE_TILES, page, config, files, tiled.shell)
        wrapped = [[tiled_page.wrapped(tile) for tile in run] for run in tiled.runs]
        runs = [[_section(page_cache.SERVE_TILES, page, config, files, tile) for tile in run] for run in wrapped]
    finally:
        page.markdown = whole
    assembled = tiled_page.assemble(shell, runs)
    if assembled is not None:
        _take_assembled(page, files, *assembled)
    return assembled is not None


def _section(kept, page, config, files, markdown):
    """A piece of the page converted alone (sectioned_page.convert_section), or as the build before converted it
    (`kept`: page_cache.SERVE_SECTIONS or SERVE_TILES)."""
    path = page.file.src_uri
    section = kept.get(path, markdown)
    if section is None:
        section = sectioned_page.convert_section(functools.partial(_converted, page, config, files), markdown)
        kept.put(path, markdown, section)  # never changed: the assembling makes new values
    return section


def _files_at(files, links):
    """page.links_to_anchors from the kept src_uris, looked up as Files.get_file_from_path does but without parsing
    each again as a path: at 5 000 cards that parsing was close to a second of every rebuild."""
    by_uri = files.src_uris
    return {by_uri.get(uri): anchors for uri, anchors in links.items()}


def _take_assembled(page, files, converted, tokens):
    _assembled_parts[page.file.src_uri] = (converted.parts, converted.unnumbered)  # for on_page_content
    page.content, page.toc, page._title_from_render = converted.html, get_toc(tokens), converted.title
    page.present_anchor_ids = converted.anchors
    if converted.links is not None:
        page.links_to_anchors = _files_at(files, converted.links)


def _converted(page, config, files, markdown):
    """Page.render of `markdown` on `page`, as a plain value."""
    page.markdown, page.links_to_anchors = markdown, None
    Page.render(page, config, files)
    links = {f.src_uri: a for f, a in page.links_to_anchors.items()} if page.links_to_anchors is not None else None
    toc = [(item.level, item.id, item.title) for item in _flat_toc(page.toc)]
    return sectioned_page.Converted(page.content, toc, page._title_from_render, set(page.present_anchor_ids), links)


def _flat_toc(items):
    for item in items:
        yield item
        yield from _flat_toc(item.children)


def on_post_build(config, **_):
    # MkDocs would abort a strict build only after this event, and under -q not at all: decide here.
    config.site_dir = _build.site_dir  # gh-deploy reads it after the build
    if serve_output.REPLACED:  # every page and file is written: what emptying the folder would have removed goes
        serve_output.SITE_OUTPUT.end()
        _write_only_what_changed(False)
    if _command == "serve":
        page_cache.SERVE_PAGES.end()
        page_cache.SERVE_SECTIONS.end()
        page_cache.SERVE_TILES.end()
        page_cache.SERVE_THEME.end()
        page_cache.SERVE_SANITISED.end()
        page_cache.SERVE_SOURCES.end()
        serve_cache.SEARCH_DATA.end(Path(config.site_dir))
        serve_memory.SERVE_MEMORY.end()  # the caches left out of the next build's full collections
        log.info(
            "Metodbanken: %d sidor återanvända, %d omvandlade; %d sidor ur temat återanvända, %d ritade",
            page_cache.SERVE_PAGES.hits,
            page_cache.SERVE_PAGES.misses,
            page_cache.SERVE_THEME.hits,
            page_cache.SERVE_THEME.misses,
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
    if _forked is not None:
        _forked.close()
    _write_only_what_changed(False)  # the folder keeps what it has; the next build writes what differs
    if _site is not None and _site.pending_data is not None:  # nobody will wait for the search data now
        _site.pending_data.stop()
    if _build:
        _build.fail()
    if _command == "serve":
        serve_cache.SEARCH_DATA.end(None)
        serve_memory.SERVE_MEMORY.end()
