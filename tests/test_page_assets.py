"""What each page loads (hooks/metodbanken/site/page_assets.py): decided by the build, never by the page's text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from metodbanken import paths
from metodbanken.pipeline import build_site, page_url
from metodbanken.site.page_assets import (
    FEATURE_NAMES,
    FEATURES,
    PRINT_STYLESHEET,
    STYLESHEET,
    front_matter_features,
    is_own_script,
    minified,
    page_assets,
    script_source,
    search_scripts,
)
from support import edit

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "docs" / "javascripts"


def assets(*features: str):
    return page_assets(features, page_url)


def script_paths(result) -> list[str]:
    return [s.path for s in result.head_scripts + result.scripts]


# ---- the decision, without MkDocs ----


def test_a_page_without_parts_gets_only_what_every_page_needs():
    result = assets()
    assert result.styles == (STYLESHEET,)
    assert result.print_styles == (PRINT_STYLESHEET,)
    assert script_paths(result) == ["javascripts/tillganglighet.js"]
    assert not result.data_paths and not result.module_preloads and not result.fetch_preloads
    assert result.feed == paths.FEED_PATH


def test_the_finder_gets_its_modules_and_cards_from_the_head_and_its_worker_the_rest():
    result = assets("finder")
    assert "stylesheets/finder.css" in result.styles
    assert [s.path for s in result.head_scripts] == ["javascripts/finder.js"]
    assert result.head_scripts[0].module
    # The search worker starts from a small script written into the head before the stylesheets, minified.
    assert result.inline_scripts == tuple(
        minified((REPO / "docs/javascripts/finder" / name).read_text(encoding="utf-8"))
        for name in ("search-start.js", "theme-after-results.js")
    )
    assert "/*" not in result.inline_scripts[0] and "new Worker(" in result.inline_scripts[0]
    assert "javascripts/finder/search-start.js" not in script_paths(result)
    assert result.fetch_preloads == (paths.FINDER_CARDS_PATH,)
    # Material's script waits for the finder's first results; on every other page it runs as Material has it.
    assert result.theme_script_waits
    assert not assets().theme_script_waits
    assert "javascripts/finder/view.js" in result.module_preloads
    assert result.data_paths["finderCards"] == paths.FINDER_CARDS_PATH
    assert result.data_paths["searchWorker"] == "javascripts/finder/search-worker.js"
    assert result.data_paths["searchWords"] == paths.SEARCH_WORDS_PATH
    assert result.data_paths["searchScripts"] == paths.SEARCH_SCRIPTS  # lunr and the index reader, one file
    # A page in the data becomes its URL, as MkDocs writes it.
    assert result.data_paths["compare"] == "jamfor/"
    assert page_assets(["finder"], lambda p: p.removesuffix(".md") + ".html").data_paths["compare"] == "jamfor.html"


@pytest.mark.parametrize(
    ("feature", "script", "data"),
    [
        ("compare", "javascripts/compare.js", {"cards", "decisions"}),
        ("form", "javascripts/form.js", {"form", "ajv"}),
        ("listing", "javascripts/listing.js", set()),
    ],
)
def test_each_part_brings_its_script_and_data(feature, script, data):
    result = assets(feature)
    assert script in script_paths(result)
    assert set(result.data_paths) == data
    assert "javascripts/finder.js" not in script_paths(result)


def test_a_part_the_build_does_not_know_is_an_error():
    with pytest.raises(ValueError, match="mb-finder"):
        assets("mb-finder")


def test_a_hand_written_page_names_its_parts_in_its_front_matter():
    assert front_matter_features({"title": "Hitta metod", "features": ["finder"]}, "hitta.md") == ("finder",)
    assert front_matter_features({"title": "Om"}, "om.md") == ()
    # A misspelt part, or one that is not in a list, would leave the page without its scripts: the build stops.
    for wrong in (["formular"], "form", [{"form": 1}]):
        with pytest.raises(ValueError, match=r"docs/provat\.md: framsidans fält 'features'") as error:
            front_matter_features({"features": wrong}, "provat.md")
        assert ", ".join(FEATURE_NAMES) in str(error.value) and "features: [form]" in str(error.value)


def site_assets(content: Path) -> dict[str, tuple]:
    site = build_site(content)
    return {f.path: (f.features, site.page_assets(f.path)) for f in site.pages}


def test_the_templates_say_which_generated_pages_have_parts(content):
    pages = site_assets(content)
    assert pages["metoder/index.md"][0] == ("listing",)  # the method tiles, sorted by listing.js
    assert "javascripts/listing.js" in script_paths(pages["metoder/index.md"][1])
    assert pages["fokusomraden/forbattrade-skolresultat.md"][0] == ("listing",)  # has a method
    assert pages["fokusomraden/halsa.md"][0] == ()  # no method, no tiles
    for card_page in ("metoder/laxhjalp.md", "labb/testlabbet.md"):  # Kopiera länk and Skriv ut (share.js)
        assert pages[card_page][0] == ("share",), card_page
        assert script_paths(pages[card_page][1]) == ["javascripts/share.js", "javascripts/tillganglighet.js"]
    assert pages["metoder/hafte.md"][0] == ()  # the booklet is printed as a whole
    assert script_paths(pages["metoder/hafte.md"][1]) == ["javascripts/tillganglighet.js"]


def test_card_text_that_spells_a_parts_element_changes_no_pages_assets(content):
    """Titles and headings that would once have matched the parts' markers in the page's HTML (a title shows on
    every listing that lists the card, a heading gets the id of its text)."""
    before = site_assets(content)
    card = content / "methods" / "laxhjalp.md"
    edit(card, "title: Läxhjälp", 'title: \'Läxhjälp id="mb-finder" id="mb-compare" id=mb-form data-mb-sortable\'')
    card.write_text(
        card.read_text(encoding="utf-8")
        + '\n### mb-finder\n\nText.\n\n### mb-compare\n\n### mb-form\n\nid="mb-finder" data-mb-sortable\n',
        encoding="utf-8",
    )
    after = site_assets(content)
    assert after == before
    assert script_paths(after["metoder/laxhjalp.md"][1]) == ["javascripts/share.js", "javascripts/tillganglighet.js"]


def test_every_file_a_part_names_is_in_the_repository_or_generated():
    generated = {
        paths.FINDER_CARDS_PATH,
        paths.SEARCH_WORDS_PATH,
        paths.CARDS_JSON_PATH,
        paths.DECISIONS_PATH,
        paths.FORM_PATH,
        paths.SEARCH_SCRIPTS,
    }
    for feature in FEATURES:
        named = [*feature.styles, *(s.path for s in feature.scripts), *feature.module_preloads]
        named += list(feature.data_paths.values())
        for path in named:
            assert path in generated or path.endswith(".md") or (REPO / "docs" / path).is_file(), (feature.name, path)


def test_the_scripts_spell_no_path_of_the_build():
    # The data files, lunr and the comparison page reach the scripts through dataPath (page_assets.py).
    spelled = re.compile(r"""['"`](\.\./)?(data/|javascripts/(lunr|vendor)/|jamfor/)""")
    for script in sorted(SCRIPTS.rglob("*.js")):
        if "vendor" in script.parts:
            continue
        found = spelled.findall(script.read_text(encoding="utf-8"))
        assert not found, f"{script.relative_to(REPO)} stavar en sökväg: {found}"


# ---- the built site ----


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stylesheets: list[tuple[str, str | None]] = []
        self.scripts: list[str] = []
        self.data_paths: dict | None = None
        self._in_paths = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "stylesheet":
            self.stylesheets.append((values["href"], values.get("media")))
        if tag == "script" and values.get("src"):
            self.scripts.append(values["src"])
        self._in_paths = tag == "script" and values.get("id") == "mb-data-paths"

    def handle_data(self, data):
        if self._in_paths:
            self.data_paths = json.loads(data)
            self._in_paths = False


def head_of(real_site: Path, page: str) -> _Head:
    parser = _Head()
    parser.feed((real_site / page).read_text(encoding="utf-8"))
    return parser


def own(urls) -> list[str]:
    # Relative to the page ("../../x") or, on the 404 page, absolute from the site's path ("/metodbanken/x").
    return sorted(re.sub(r"^((\.\./)+|/metodbanken/)", "", u) for u in urls if "assets/" not in u)


def test_a_card_page_loads_no_script_it_would_not_run(real_site):
    head = head_of(real_site, "metoder/deep-talk/index.html")
    assert own(head.scripts) == ["javascripts/share.js", "javascripts/tillganglighet.js"]  # share: Kopiera länk
    assert own(s for s, _ in head.stylesheets) == ["stylesheets/metodbanken.css", "stylesheets/print.css"]
    assert [media for s, media in head.stylesheets if s.endswith("print.css")] == ["print"]
    assert head.data_paths is None


@pytest.mark.parametrize(
    ("page", "script"),
    [
        ("hitta/index.html", "javascripts/finder.js"),
        ("jamfor/index.html", "javascripts/compare.js"),
        ("foresla-metod/index.html", "javascripts/form.js"),
        ("provat/index.html", "javascripts/form.js"),
        ("metoder/index.html", "javascripts/listing.js"),
    ],
)
def test_pages_with_a_part_load_its_script_and_their_data_exist(real_site, page, script):
    head = head_of(real_site, page)
    assert script in own(head.scripts)
    page_dir = (real_site / page).parent
    for value in (head.data_paths or {}).values():
        for path in [value] if isinstance(value, str) else value:
            target = real_site / path
            assert target.is_file() or (target / "index.html").is_file(), (page, path)
    # Every stylesheet and script the head names was built.
    for url in [s for s, _ in head.stylesheets] + head.scripts:
        assert (page_dir / url).resolve().is_file(), (page, url)


def material_scripts(html: str) -> tuple[list[str], list[str]]:
    """Material's script elements: those that run as the page is read, and those held in #mb-theme-script."""
    held = re.search(r'<template id="mb-theme-script">(.*?)</template>', html, re.S)
    pattern = r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"'
    inside = re.findall(pattern, held.group(1)) if held else []
    return re.findall(pattern, html.replace(held.group(0), "") if held else html), inside


def test_materials_script_waits_in_a_template_on_the_finders_page_only(real_site):
    running, held = material_scripts((real_site / "hitta/index.html").read_text(encoding="utf-8"))
    assert (len(running), len(held)) == (0, 1)
    for page in ("index.html", "metoder/deep-talk/index.html", "jamfor/index.html", "404.html"):
        running, held = material_scripts((real_site / page).read_text(encoding="utf-8"))
        assert (len(running), len(held)) == (1, 0), page


def test_the_404_page_gets_the_site_styles(real_site):
    head = head_of(real_site, "404.html")
    assert "stylesheets/metodbanken.css" in own(s for s, _ in head.stylesheets)


def test_the_search_workers_scripts_are_one_script_of_their_files_in_order():
    sources = ["/* lunr */\nvar lunr = {};\n", "lunr.support = 1", "/* sv */\nlunr.sv = 2;", "function readTerms() {}"]
    joined = search_scripts(sources)
    assert joined.index("var lunr") < joined.index("lunr.support") < joined.index("lunr.sv") < joined.index("readTerms")
    # A file without a closing semicolon does not run into the next one.
    assert "lunr.support=1\n;\n/* sv */" in joined


def test_lunr_is_minified_and_keeps_each_licence_header():
    licence = "/**\n * lunr - 2.3.9\n * Copyright (C) 2020 Oliver Nightingale\n * @license MIT\n */"
    source = licence + "\n\n/**\n * Long API documentation.\n */\nlunr.version = '2.3.9'  // the version\n"
    joined = search_scripts([source, "/*!\n * Snowball, BSD\n */\nvar re = /a\\/* b/g;\n"])
    assert joined.startswith(licence + "\n") and "Snowball, BSD" in joined
    assert "API documentation" not in joined and "the version" not in joined
    assert "lunr.version='2.3.9'" in joined and "/a\\/* b/g" in joined  # a regular expression is kept whole


def test_a_minified_script_keeps_its_code_strings_and_templates_and_loses_its_comments():
    source = (
        "/* Why the finder waits. */\n"
        "const gap = '  two  spaces  '; // kept as written\n"
        "const url = `${base}?filename=${uri(`${id}.md`)}&q=${q}`;\n"
        "const words = /[\\s\\/]+/g;\n"
        "function  twice ( a )  {\n  return a  +  a;\n}\n"
    )
    served = minified(source)
    assert "Why the finder" not in served and "kept as written" not in served
    assert "'  two  spaces  '" in served and "`${base}?filename=${uri(`${id}.md`)}&q=${q}`" in served
    assert "/[\\s\\/]+/g" in served and "function twice(a){return a+a;}" in served


def test_the_site_serves_our_scripts_minified_and_the_vendors_as_they_are(real_site):
    sources = [p for p in SCRIPTS.rglob("*.js") if p.relative_to(SCRIPTS.parent).as_posix() != paths.SEARCH_READER]
    own = [p for p in sources if is_own_script(p.relative_to(SCRIPTS.parent).as_posix())]
    assert len(own) >= 15 and any(p.parent.name == "vendor" for p in set(sources) - set(own))
    for source in sources:
        path = source.relative_to(SCRIPTS.parent).as_posix()
        served = (real_site / path).read_text(encoding="utf-8")
        text = source.read_text(encoding="utf-8")
        assert served == (minified(text) if source in own else text), path
    worker = (real_site / "javascripts/finder/search-worker.js").stat().st_size
    assert worker < 0.6 * (SCRIPTS / "finder/search-worker.js").stat().st_size


def test_an_inline_script_that_would_end_its_element_is_refused(tmp_path, monkeypatch):
    (tmp_path / "javascripts").mkdir()
    (tmp_path / "javascripts" / "bad.js").write_text("const s = '</SCRIPT><img src=x>';", encoding="utf-8")
    monkeypatch.setattr(paths, "DOCS_DIR", tmp_path)
    with pytest.raises(ValueError, match=r"bad\.js"):
        script_source("javascripts/bad.js")


# The element each part's script looks for, as the templates and docs/ pages write it.
PART_ELEMENTS = {
    "finder": re.compile(r'<div [^>]*\bid="mb-finder"'),
    "compare": re.compile(r'<div [^>]*\bid="mb-compare"'),
    "form": re.compile(r'<div [^>]*\bid="mb-form"'),
    "listing": re.compile(r"<div [^>]*\bdata-mb-sortable\b"),
}
PART_SCRIPTS = {feature.name: feature.scripts[-1].path for feature in FEATURES}


def test_every_real_page_loads_the_scripts_of_exactly_the_parts_it_holds(real_site):
    """What the build's flags decide matches, page by page, what the pages hold: the same files as when the page's
    HTML decided (the real site has no card text that spells an element)."""
    pages = sorted(real_site.rglob("*.html"))
    holding = dict.fromkeys(PART_ELEMENTS, 0)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        loaded = set(own(re.findall(r'<script [^>]*\bsrc="([^"]+)"', html)))
        for name, element in PART_ELEMENTS.items():
            has = bool(element.search(html))
            holding[name] += has
            assert (PART_SCRIPTS[name] in loaded) == has, (page.relative_to(real_site), name)
    # Every part is somewhere, and the tiles on many pages (method listing, focus areas, target groups, challenges).
    assert holding["finder"] == holding["compare"] == 1 and holding["form"] == 4 and holding["listing"] > 10, holding


def test_the_search_worker_loads_lunr_and_the_index_reader_as_one_published_file(real_site):
    # importScripts fetches the scripts it is given one after another: one file is one round trip.
    joined = (real_site / paths.SEARCH_SCRIPTS).read_text(encoding="utf-8")
    assert "lunr.sv" in joined and "function ShardedIndex" in joined
    assert not (real_site / paths.SEARCH_READER).exists()  # published only inside it
    worker = (real_site / "javascripts" / "finder" / "search-worker.js").read_text(encoding="utf-8")
    assert "importScripts(files.get('scripts'))" in worker
