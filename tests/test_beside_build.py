"""Under `mkdocs build` the search data is made in a forked process while MkDocs converts the pages
(site/beside_build.py): the same files, an error fails the build with its message, and nothing is published."""

from __future__ import annotations

import logging
import os
import threading

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from metodbanken import pipeline
from metodbanken.paths import FINDER_CARDS_PATH
from metodbanken.site.beside_build import FilesBeside
from support import FIXTURE_CONTENT, copy_site_skeleton


def test_the_files_are_made_in_another_process():
    made = FilesBeside(lambda: {"pid.txt": str(os.getpid())})
    assert made.result() != {"pid.txt": str(os.getpid())}
    assert made.result() == made.result()  # kept once received


def failing():
    raise ValueError("indexet kunde inte byggas")


def unpicklable_failure():
    error = ValueError("med ett lås i sig")
    error.lock = threading.Lock()
    raise error


def test_an_error_in_the_child_is_raised_in_the_parent():
    with pytest.raises(ValueError, match="indexet kunde inte byggas"):
        FilesBeside(failing).result()
    with pytest.raises(RuntimeError, match="ValueError: med ett lås i sig"):
        FilesBeside(unpicklable_failure).result()


def test_a_stopped_process_is_an_error_not_files():
    never_written, unused = os.pipe()
    made = FilesBeside(lambda: os.read(never_written, 1) and {})  # waits for a byte that never comes
    made.stop()
    with pytest.raises(RuntimeError, match="avslutades"):
        made.result()
    os.close(never_written)
    os.close(unused)


def test_in_one_process_when_asked(monkeypatch):
    monkeypatch.setenv("METODBANKEN_ONE_PROCESS", "1")
    assert FilesBeside(lambda: {"pid.txt": str(os.getpid())}).result() == {"pid.txt": str(os.getpid())}


def test_the_search_data_made_beside_is_the_search_data_made_in_the_build(content):
    beside = pipeline.build_site(content, search_beside=True)
    assert beside.pending_data is not None and FINDER_CARDS_PATH not in {f.path for f in beside.data_files}
    made = beside.join_pending()
    assert beside.pending_data is None and FINDER_CARDS_PATH in {f.path for f in made}
    in_build = pipeline.build_site(content)
    assert {f.path: f.content for f in beside.data_files} == {f.path: f.content for f in in_build.data_files}


def test_a_card_that_links_to_the_search_data_waits_for_it(content):
    card = content / "methods" / "laxhjalp.md"
    card.write_text(card.read_text(encoding="utf-8") + "\nSe [korten som data](../data/finder-cards.json).\n", "utf-8")
    site = pipeline.build_site(content, search_beside=True)  # the link is checked against the files made beside
    assert site.pending_data is None and FINDER_CARDS_PATH in {f.path for f in site.data_files}


def test_a_failure_making_the_search_data_fails_the_build_and_publishes_nothing(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(pipeline, "search_files", lambda *args, **kwargs: failing())
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("förra webbplatsen", encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        build(config)
    assert "indexet kunde inte byggas" in caplog.text and "Webbplatsen byggdes inte" in caplog.text
    assert [p.name for p in site.iterdir()] == ["index.html"]  # the previous site, as it was
    assert [p.name for p in tmp_path.iterdir() if "bygge" in p.name] == []  # no build folder left behind


def test_the_search_data_is_begun_before_the_pages_are_made(content, monkeypatch):
    # Made beside the build, it then has the making of every page to finish in: under `mkdocs serve` an edited card's
    # search data is served with its page, not seconds after it.
    order = []

    def search_data(*args, **kwargs):
        order.append("sökdata")
        return pipeline.search_files(*args, **kwargs)

    def pages(context):
        order.append("sidor")
        return []

    monkeypatch.setattr(pipeline, "PAGE_PRODUCERS", (pages, *pipeline.PAGE_PRODUCERS))
    pipeline.build_site(content, search_data=search_data)
    assert order == ["sökdata", "sidor"]


def test_a_page_that_fails_stops_the_search_data_being_made_beside(content, monkeypatch):
    stopped = []

    class Watched(FilesBeside):
        def stop(self, wait=True):
            stopped.append(wait)
            super().stop(wait)

    def failing_pages(context):
        raise ValueError("sidan kunde inte göras")

    monkeypatch.setattr(pipeline, "FilesBeside", Watched)
    monkeypatch.setattr(pipeline, "PAGE_PRODUCERS", (failing_pages,))
    with pytest.raises(ValueError, match="sidan kunde inte göras"):
        pipeline.build_site(content, search_beside=True)
    assert stopped == [True]
