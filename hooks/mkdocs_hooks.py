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
from metodbanken.problems import CardsInvalid

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


def on_pre_build(config, **_):
    # Runs before MkDocs cleans site/, so invalid cards leave the previous build untouched.
    global _site
    root = Path(config.config_file_path).parent
    try:
        _site = build_site(root, use_directory_urls=config.use_directory_urls, site_url=config.site_url)
    except CardsInvalid as exc:
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
