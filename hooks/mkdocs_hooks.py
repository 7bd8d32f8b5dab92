"""MkDocs adapter: wires MkDocs events to the metodbanken pipeline and does nothing else.

Everything it calls lives in hooks/metodbanken/ and runs without MkDocs, so moving to another
generator means rewriting only this file.
"""
from __future__ import annotations

import logging
from pathlib import Path

import mkdocs.contrib.search
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from metodbanken.pipeline import Site, build_site
from metodbanken.problems import CardsInvalid, Problem
from metodbanken.serve_errors import placeholder_site, show_problems_instead_of_site

log = logging.getLogger("mkdocs.metodbanken")
# The finder queries its prebuilt index with the lunr.js and Swedish stemmer that ship with MkDocs,
# served from the site itself.
_LUNR = Path(mkdocs.contrib.search.__file__).parent
LUNR_SCRIPTS = {
    "javascripts/lunr/lunr.js": _LUNR / "templates" / "search" / "lunr.js",
    "javascripts/lunr/lunr.stemmer.support.js": _LUNR / "lunr-language" / "lunr.stemmer.support.js",
    "javascripts/lunr/lunr.sv.js": _LUNR / "lunr-language" / "lunr.sv.js",
}
_site: Site | None = None
_serving = False
_serve_problems: list[Problem] = []  # under `mkdocs serve`: shown in the browser in place of the site


def on_startup(command, **_):
    global _serving
    _serving = command == "serve"


def on_pre_build(config, **_):
    # Runs before MkDocs cleans site/, so invalid cards leave the previous build untouched.
    global _site, _serve_problems
    root = Path(config.config_file_path).parent
    _serve_problems = []
    try:
        _site = build_site(root, use_directory_urls=config.use_directory_urls, site_url=config.site_url)
    except CardsInvalid as exc:
        if _serving:  # build around the last valid cards; on_post_build replaces every page with the problems
            _serve_problems, _site = exc.problems, _site or placeholder_site()
            log.error("%s\nFörhandsvisningen visar felen tills korten är rättade.", exc)
            return
        raise PluginError(f"{exc}\nWebbplatsen byggdes inte; den förra versionen ligger kvar.") from None
    log.info("Metodbanken: %d kort lästa och validerade", len(_site.cards))


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
    for uri, source in LUNR_SCRIPTS.items():
        files.append(File.generated(config, uri, abs_src_path=str(source)))
    return files


def on_post_build(config, **_):
    if _serve_problems:
        show_problems_instead_of_site(Path(config.site_dir), _serve_problems)
