"""MkDocs adapter: wires MkDocs events to the metodbanken pipeline and does nothing else.

Everything it calls lives in hooks/metodbanken/ and runs without MkDocs, so moving to another
generator means rewriting only this file.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from metodbanken.pipeline import Site, build_site
from metodbanken.problems import CardsInvalid

log = logging.getLogger("mkdocs.metodbanken")
_site: Site | None = None


def on_pre_build(config, **_):
    # Runs before MkDocs cleans site/, so invalid cards leave the previous build untouched.
    global _site
    root = Path(config.config_file_path).parent
    try:
        _site = build_site(root, use_directory_urls=config.use_directory_urls)
    except CardsInvalid as exc:
        raise PluginError(str(exc)) from None
    log.info("Metodbanken: %d kort lästa och validerade", len(_site.cards))


def on_files(files, config, **_):
    for page in files.documentation_pages():
        page.edit_uri = f"docs/{page.src_uri}"  # edit links point into the repository, not docs_dir
    for generated in _site.files:
        file = File.generated(config, generated.path, content=generated.content)
        file.edit_uri = generated.edit_path
        files.append(file)
    return files
