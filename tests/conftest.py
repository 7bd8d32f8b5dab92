from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.theme import Theme

from metodbanken.site import render

# Helpers live in support.py; test files import them from there, never from here.
from support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FIXTURE_CONTENT,
    build_once,
    copy_site_skeleton,
    made_once,
    serve_directory,
    start_build_once,
)

# MkDocs makes the theme's Jinja environment afresh for every build; the adapter gives it the shared compiled
# templates (render.THEME_TEMPLATES), and so do the tests that build without it.
_theme_env = Theme.get_env


def _theme_env_with_cache(theme: Theme):
    env = _theme_env(theme)
    env.bytecode_cache = render.THEME_TEMPLATES
    return env


Theme.get_env = _theme_env_with_cache


# The built sites some tests read, by fixture: name and cards (None: the real ones).
SITES = {"real_site": ("real", None), "fixture_site": ("fixture", FIXTURE_CONTENT)}


@pytest.fixture(scope="session", autouse=True)
def sites_building_beside_the_tests(request, tmp_path_factory):
    """The sites this run's tests will read start building in the background at once; the tests that need none
    run first (pytest_collection_modifyitems), so no worker idles while a site is built."""
    wanted = {fixture for item in request.session.items for fixture in SITES if fixture in item.fixturenames}
    builds = [start_build_once(tmp_path_factory, *SITES[fixture]) for fixture in sorted(wanted)]
    yield
    for build in builds:
        if build is not None:
            build.wait()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built once per test run in strict mode (the pytest-xdist workers share it). Read only."""
    return build_once(tmp_path_factory, *SITES["real_site"])


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The small fixture content built with the real config and docs, once per test run. Read only: copy it to
    have a previous site to build over."""
    return build_once(tmp_path_factory, *SITES["fixture_site"])


@pytest.fixture
def content(tmp_path) -> Path:
    """A writable copy of the small fixture content."""
    dest = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, dest)
    return dest


@pytest.fixture(scope="session")
def sharded_site(tmp_path_factory) -> Path:
    """The real site built as a big bank's is: its indexes in shards and a file per card for details and texts (a
    bank of the real size has them inline or in one file, search/shards.py). Read only."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from metodbanken.search import shards

    def make(folder: Path) -> None:
        # A copy of the project: MkDocs loads a hooks file once per process (its loader is cached by path), and
        # tests that patch what the real project's hooks import must be the first to load them.
        project = copy_site_skeleton(folder / "project")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(shards, "TOGETHER_BYTES", 0)
            patch.setattr(shards, "INLINE_INDEX_BYTES", 0)
            build(load_config(str(project / "mkdocs.yml"), site_dir=str(folder / "site"), strict=True))

    return made_once(tmp_path_factory, "sharded", make) / "site"


@pytest.fixture(scope="session")
def sharded_site_url(sharded_site):
    url, server = serve_directory(sharded_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(real_site):
    url, server = serve_directory(real_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def sweep(browser, site_url, real_site, tmp_path_factory):
    """The real site's page types and other pages, each loaded once per width and test run (site_pages.Sweep)."""
    from site_pages import Sweep

    return Sweep(browser, site_url, real_site, tmp_path_factory)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    pg = context.new_page()
    yield pg
    context.close()


# Tests that drive Chromium form the slow tier: `pytest -m "not browser"` is a contributor's quick check.
# Marked here, from the fixtures each test uses (directly or through another fixture), so a new browser
# test is in the tier without remembering a decorator.
BROWSER_FIXTURES = {"page", "browser", "site_url", "sharded_site_url"}


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
    # Tests that read a built site last, in their own order, so the sites build while the others run.
    items.sort(key=lambda item: bool(SITES.keys() & set(getattr(item, "fixturenames", ()))))
