"""Privacy: no page loads anything from another host, sets a cookie or keeps visitor data in the browser.

Every request the browser makes (pages, their subresources, fetches and web workers) is recorded, for every page
at every width by the sweep in site_pages.py and here for searches; the only host allowed is the local test
server. The built files are also checked for analytics and third-party embeds.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from site_pages import (
    AUDIT_WIDTHS,
    FINDER,
    PAGE_TYPES,
    STORAGE,
    finder_status,
    foreign_requests,
    has_finder,
    page_path,
    wait_for_finder,
    wait_for_status_change,
)

# Keys Material for MkDocs may keep in web storage: interface choices only (colour scheme, consent, tabs).
# They are never sent anywhere. Anything else found in storage fails the test and must be reviewed.
ALLOWED_STORAGE_SUFFIXES = ("__palette", "__consent", "__tabs")


def assert_nothing_kept(cookies: list[dict], stored: dict, where: str = "sidan") -> None:
    """No cookie (`cookies`: the browser context's; `stored`: site_pages.STORAGE) and only allowed storage keys."""
    assert cookies == [], f"{where} satte en kaka"
    assert stored["cookie"] == "", f"document.cookie är inte tomt på {where}"
    for key in stored["local"] + stored["session"]:
        assert key.endswith(ALLOWED_STORAGE_SUFFIXES), f"okänd nyckel i webblagringen på {where}: {key}"


class Visit:
    """A fresh browser context that records every request made while it is open."""

    def __init__(self, browser, site_url: str, **context_options):
        self.site_url = site_url
        self.context = browser.new_context(locale="sv-SE", **context_options)
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()

    def goto(self, path: str) -> None:
        self.page.goto(self.site_url + path, wait_until="networkidle")

    def foreign_requests(self) -> list[str]:
        return foreign_requests(self.requests, self.site_url)

    def check_storage(self) -> None:
        assert_nothing_kept(self.context.cookies(), self.page.evaluate(STORAGE))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, site_url):
    v = Visit(browser, site_url)
    yield v
    v.close()


@pytest.mark.parametrize("width", AUDIT_WIDTHS)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_loads_nothing_from_other_hosts_and_sets_no_cookie(name, width, sweep):
    seen = sweep.page_type(name, width)
    assert seen.requests, "inga förfrågningar registrerades"
    assert seen.foreign_requests() == [], seen.path
    assert_nothing_kept(seen.cookies, seen.storage, "/" + seen.path)
    # Nothing a page does not use: Material fetches sitemap.xml for any link[rel=alternate] (main.html).
    assert not [u for u in seen.requests if u.split("?")[0].endswith("sitemap.xml")], seen.path


@pytest.mark.parametrize("width", AUDIT_WIDTHS)
def test_every_other_page_loads_nothing_from_other_hosts_and_sets_no_cookie(width, sweep):
    foreign = {}
    for path, seen in sweep.other_pages_at(width).items():
        if seen.foreign_requests():
            foreign[path] = seen.foreign_requests()
        assert_nothing_kept(seen.cookies, seen.storage, "/" + path)
    assert foreign == {}


def test_header_search_stays_on_the_site(real_site, visit):
    # The header box is a GET form to the finder: no search index is downloaded on a card page.
    visit.goto(page_path(real_site, "metod"))
    visit.page.wait_for_load_state("networkidle")
    assert not any("search_index" in u or u.endswith(".json") for u in visit.requests)
    visit.page.fill("input[name=sok]", "ungdomar")
    visit.page.press("input[name=sok]", "Enter")
    visit.page.wait_for_selector(".mb-result", timeout=60_000)
    visit.page.wait_for_load_state("networkidle")
    assert any(u.endswith("data/finder-cards.json") for u in visit.requests)
    assert visit.foreign_requests() == []
    visit.check_storage()


def test_finder_search_and_filters_stay_on_the_site(real_site, visit):
    if not has_finder(real_site):
        pytest.skip("docs/hitta.md finns inte ännu")
    visit.goto("hitta/")
    wait_for_finder(visit.page)
    before = finder_status(visit.page)
    visit.page.fill(f"{FINDER} input[type=search]", "föreningarna")
    after = wait_for_status_change(visit.page, before)
    visit.page.locator(f"{FINDER} input[type=checkbox]").first.check()
    wait_for_status_change(visit.page, after)
    visit.page.wait_for_load_state("networkidle")
    assert visit.foreign_requests() == []
    visit.check_storage()


# --- the built files ------------------------------------------------------------------------------------------

# Attributes that make the browser load something on its own (as opposed to links a visitor may click).
LOADING_ATTRIBUTES = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
    ("track", "src"),
}
LOADING_LINK_RELS = {
    "stylesheet",
    "icon",
    "preconnect",
    "preload",
    "prefetch",
    "dns-prefetch",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
}
TRACKERS = re.compile(
    r"googletagmanager|google-analytics|gtag\(|plausible\.io|matomo|_paq\.push|hotjar|"
    r"facebook\.net|fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs",
    re.I,
)


class _LoadedUrls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if (tag, name) in LOADING_ATTRIBUTES and value:
                self.urls.extend(part.split()[0] for part in value.split(",") if part.strip())
        if tag == "link" and LOADING_LINK_RELS & set((values.get("rel") or "").lower().split()):
            self.urls.append(values.get("href") or "")
        self._in_script = tag == "script"

    def handle_data(self, data):
        if self._in_script:
            self.inline_scripts.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def test_built_pages_embed_nothing_from_other_hosts_and_no_analytics(real_site):
    offending = []
    for html_file in sorted(real_site.rglob("*.html")):
        parser = _LoadedUrls()
        parser.feed(html_file.read_text(encoding="utf-8"))
        rel = html_file.relative_to(real_site).as_posix()
        offending += [(rel, u) for u in parser.urls if re.match(r"(?i)^(https?:)?//", u)]
        offending += [(rel, m.group(0)) for script in parser.inline_scripts for m in TRACKERS.finditer(script)]
    assert offending == []


def test_own_styles_and_scripts_load_no_external_fonts_or_code(real_site):
    # Material's own bundle is excluded: it contains code for integrations this site does not switch on,
    # and the browser tests above show that none of it runs.
    own = [
        p
        for p in real_site.rglob("*")
        if p.suffix in (".css", ".js") and "assets" not in p.relative_to(real_site).parts
    ]
    assert own, "inga egna stilmallar eller skript i bygget"
    for path in own:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not TRACKERS.search(text), path
        assert not re.search(r"(?i)@import\s+(url\()?\s*['\"]?(https?:)?//", text), path
        assert not re.search(r"(?i)url\(\s*['\"]?(https?:)?//", text), path
