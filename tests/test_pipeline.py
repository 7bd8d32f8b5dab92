"""build_site as producers (pipeline.py): every page and data file comes from one producer, in the order of
PAGE_PRODUCERS and EXPORT_PRODUCERS, and the benchmarks still find the functions they time in the pipeline."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

from metodbanken import paths, pipeline
from metodbanken.exports.decisions import COMPARE_ROWS
from metodbanken.pipeline import EXPORT_PRODUCERS, PAGE_PRODUCERS, build_context, build_site, decisions_file
from support import FIXTURE_CONTENT

BENCH = Path(__file__).resolve().parents[1] / "bench"
SITE_URL = "https://example.org/metodbanken/"


def _context(site_url: str | None = SITE_URL):
    cards, taxonomy = pipeline.load_and_validate(FIXTURE_CONTENT)
    return build_context(FIXTURE_CONTENT, cards, taxonomy, True, site_url)


def test_the_site_is_the_producers_files_in_their_order():
    site = build_site(FIXTURE_CONTENT, site_url=SITE_URL)
    context = _context()
    pages = [(f.path, f.content) for produce in PAGE_PRODUCERS for f in produce(context)]
    data_files = [(f.path, f.content) for produce in EXPORT_PRODUCERS for f in produce(context)]
    assert [(f.path, f.content) for f in site.pages] == pages
    assert [(f.path, f.content) for f in site.data_files] == data_files
    # Each producer makes something, and no two make the same path.
    assert all(produce(context) for produce in PAGE_PRODUCERS + EXPORT_PRODUCERS)
    assert len({path for path, _ in pages + data_files}) == len(pages + data_files)


def test_card_pages_show_card_text_and_name_their_card_file():
    context = _context()
    card_pages = pipeline.card_pages(context)
    assert {(f.path, f.edit_path) for f in card_pages} == {
        (paths.page_path(c.type, c.id), c.path) for c in context.cards
    }
    assert all(f.card_text for f in card_pages)
    assert [f.card_text for f in pipeline.booklet_page(context)] == [True]


def test_addresses_are_absolute_only_with_a_site_url():
    with_url, without = _context(), _context(site_url=None)
    assert all(url.startswith(SITE_URL) for url in with_url.full_urls.values())
    assert without.full_urls == without.urls and not without.absolute and with_url.absolute


def test_decisions_json_is_made_in_exports_at_its_old_path():
    (made,) = decisions_file(_context())
    assert made.path == paths.DECISIONS_PATH == "data/decisions.json"
    assert pipeline.decisions_json.__module__ == "metodbanken.exports.decisions"
    data = json.loads(made.content)
    assert set(data) == {"rows", "methods", "cells"} and "samtalskvall" in data["methods"]
    # Each method's parts are written on their own (a serve rebuild keeps them), yet the file is, byte for byte,
    # json.dumps of the whole; with no methods too.
    assert made.content == json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    context = _context()
    no_methods = pipeline.decisions_json([c for c in context.cards if c.type != "method"], None, context.taxonomy)
    assert no_methods == json.dumps({"cells": {}, "methods": {}, "rows": list(COMPARE_ROWS)}, indent=1) + "\n"


def test_the_benchmarks_find_what_they_time_in_the_pipeline():
    """bench/build_steps.py and build_benchmark.py wrap these names in the pipeline module; a producer calls them
    there, so a rename would quietly take a step out of the figures."""
    sys.path.insert(0, str(BENCH))
    try:
        from build_steps import PIPELINE_STEPS
    finally:
        sys.path.remove(str(BENCH))
    tree = ast.parse((BENCH / "build_benchmark.py").read_text(encoding="utf-8"))
    (phases,) = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PHASES"
    ]
    timed = {name for names in phases.values() for name in names} | set(PIPELINE_STEPS) | {"search_files"}
    assert {"decisions_json", "load_cards", "LinkGraph", "Renderer"} <= timed
    assert [name for name in sorted(timed) if not hasattr(pipeline, name)] == []
