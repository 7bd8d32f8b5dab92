from __future__ import annotations

import shutil
from pathlib import Path

import pytest

# Helpers live in support.py; imported here for the fixtures (and for `from conftest import …` in older tests).
from support import (  # noqa: F401
    CHROMIUM,
    CHROMIUM_ARGS,
    FIXTURE_CONTENT,
    REPO,
    copy_site_skeleton,
    mkdocs_build,
    serve_directory,
)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built once per test session in strict mode."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def content(tmp_path) -> Path:
    """A writable copy of the small fixture content."""
    dest = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, dest)
    return dest


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


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    pg = context.new_page()
    yield pg
    context.close()


# Tests that drive Chromium form the slow tier: `pytest -m "not browser"` is a contributor's quick check.
# Marked here, from the fixtures each test uses (directly or through another fixture), so a new browser
# test is in the tier without remembering a decorator.
BROWSER_FIXTURES = {"page", "browser", "site_url"}


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
