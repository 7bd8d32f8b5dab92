"""A page converted section by section (sectioned_page.py) is the page converted whole: the same HTML, heading ids,
permalinks and table of contents; and under `mkdocs serve` an edited method converts one section of the booklet."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

from metodbanken.paths import BOOKLET_PATH
from metodbanken.pipeline import BOOKLET_SECTION, build_site
from metodbanken.site import page_cache, sanitise, sectioned_page, serve_cache
from metodbanken.site.sectioned_page import Converted, heading_id
from support import REPO, converter, serve_build, served_fixture, toc_shape

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from same_site import site_differences


def by_sections(convert, text: str, start: str = BOOKLET_SECTION) -> tuple[Converted, list[dict]]:
    pieces = sectioned_page.split(text, start)
    assert sectioned_page.can_split(pieces)
    sections = [sectioned_page.convert_section(lambda piece: convert(piece)[0], piece) for piece in pieces]
    return sectioned_page.assemble(sections)


def section(title_line: str, *headings: str) -> str:
    return "\n\n".join([BOOKLET_SECTION, title_line, *headings, "Text.", "</section>"]) + "\n\n"


# The toc's numbering at its hardest: an explicit id that is a later heading's slug (a card whose id is `syfte`), a
# heading whose slug looks numbered (`Syfte_1`), a paragraph's id taking a number, headings before the first section.
PAGE = (
    "# Häftet\n\n### Syfte\n\nInledning.\n{: #syfte_2 }\n\n"
    + section("## Första { #syfte }", "### Syfte", "### Syfte_1", "### Resultat")
    + section("## Andra { #andra }", "### Syfte", "#### Resultat", "### Syfte", "## Andra")
    + section("## Tredje", "### Resultat { #resultat_3 }", "### Resultat")
)


def test_sections_put_together_are_the_page_converted_whole():
    convert = converter()
    whole, whole_tokens = convert(PAGE)
    assembled, tokens = by_sections(convert, PAGE)
    assert len(sectioned_page.split(PAGE, BOOKLET_SECTION)) == 4
    assert assembled.html == whole.html
    assert assembled.toc == whole.toc and toc_shape(tokens) == toc_shape(whole_tokens)
    # What makes it hard: each section alone numbers from its own start.
    assert 'id="syfte_3"' in whole.html and 'href="#syfte_3"' in whole.html and 'id="andra_1"' in whole.html
    assert "mbid" not in assembled.html


def test_a_page_that_converts_differently_in_pieces_is_not_split():
    # A reference defined in one section and used in another, and the toc marker, count for the whole page.
    reference = section("## Ett", "[källan]: https://example.org") + section("## Två", "Se [källan].")
    marker = "# Häftet\n\n" + section("## Ett", "[TOC]") + section("## Två")
    convert = converter()
    for page in (reference, marker):
        pieces = sectioned_page.split(page, BOOKLET_SECTION)
        assert not sectioned_page.can_split(pieces)
        assert sectioned_page.can_split(pieces, toc_marker="") == (page is marker)  # no marker: only the reference
        sections = [sectioned_page.convert_section(lambda p: convert(p)[0], p) for p in pieces]
        assert sectioned_page.assemble(sections)[0].html != convert(page)[0].html  # why it is not split


def test_outside_a_section_heading_id_is_the_sites_slug():
    assert heading_id("mb-finder", "-") == "avsnitt-mb-finder"
    assert converter()("## Syfte")[0].html.startswith('<h2 id="syfte">')


def test_the_real_booklet_converts_the_same_by_sections():
    """The real bank's booklet (25 methods: Syfte, Resultat … on every one), with mkdocs.yml's extensions."""
    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    site = build_site(REPO, search_data=lambda *args, **kwargs: {})
    markdown = next(page for page in site.pages if page.path == BOOKLET_PATH).content
    body = markdown.split("---\n", 2)[2]  # without the front matter, as MkDocs converts it
    convert = converter(config.markdown_extensions, config.mdx_configs)
    whole, whole_tokens = convert(body)
    assembled, tokens = by_sections(convert, body)
    methods = sum(1 for c in site.cards if c.type == "method")
    assert len(sectioned_page.split(body, BOOKLET_SECTION)) == methods + 1
    assert assembled.html == whole.html and toc_shape(tokens) == toc_shape(whole_tokens)
    assert 'id="syfte_1"' in whole.html
    # … and its parts, sanitised alone (under serve, each kept), are the whole page sanitised
    assert all(sanitise.stands_alone(part) for part in assembled.parts)
    assert sanitise.sanitise_in_parts(assembled.parts) == sanitise.sanitise_card_html(whole.html)


def test_under_serve_an_edited_method_converts_one_section_and_the_site_is_mkdocs_builds(tmp_path, monkeypatch):
    project, sections = served_fixture(tmp_path, monkeypatch, "SERVE_SECTIONS")
    assert (sections.hits, sections.misses) == (0, 3)  # the introduction and two methods
    card = project / "methods" / "laxhjalp.md"  # who runs it: shown in the method's section, not in the list above
    card.write_text(card.read_text(encoding="utf-8").replace("who_runs_it: Frivilliga.", "who_runs_it: Grannar."))
    sanitised = []  # … and the sanitiser reads that section, not the whole booklet
    real = sanitise._clean
    monkeypatch.setattr(sanitise, "_clean", lambda html: sanitised.append(html) or real(html))
    serve_build(project, tmp_path / "served")
    serve_cache.SEARCH_DATA.wait()
    assert (sections.hits, sections.misses) == (2, 1)  # the edited method only
    assert any("Grannar." in html and html.startswith("<section") for html in sanitised)
    assert not any(html.count('<section class="mb-booklet-method"') > 1 for html in sanitised)  # the whole booklet
    booklet = (tmp_path / "served" / "metoder" / "hafte" / "index.html").read_text(encoding="utf-8")
    assert "Grannar." in booklet
    serve_build(project, tmp_path / "built", command="build")
    assert site_differences(tmp_path / "served", tmp_path / "built") == []


@pytest.mark.parametrize("edits", [1, 2])
def test_sections_stay_while_the_page_is_reused(edits):
    """A build that reuses the whole page keeps its sections for the next edit (RenderedPages.keep)."""
    cache = page_cache.RenderedPages()
    cache.begin("a")
    cache.put(BOOKLET_PATH, "ett", 1)
    cache.put(BOOKLET_PATH, "två", 2)
    cache.end()
    for _ in range(edits):
        cache.begin("a")
        cache.keep(BOOKLET_PATH)
        cache.end()
    cache.begin("a")
    assert (cache.get(BOOKLET_PATH, "ett"), cache.get(BOOKLET_PATH, "två")) == (1, 2)
    cache.end()
    cache.begin("b")  # another context keeps nothing
    cache.keep(BOOKLET_PATH)
    cache.end()
    assert len(cache) == 0


def test_the_links_to_a_sections_own_headings_name_their_final_ids():
    """A permalink (or a link) to a heading toc numbered reaches MkDocs' anchor check with the id the page gives it,
    not the placeholder of its section: else every such link is reported as going nowhere."""
    first = sectioned_page.convert_section(lambda text: Converted("<h2>A</h2>", [], None, set(), {}), "## Syfte")
    second_text = "## Syfte"

    def convert(text):
        slug = heading_id("Syfte", "-")  # the placeholder the toc would give the heading
        return Converted(
            f'<h2 id="{slug}">Syfte</h2>', [(2, slug, "Syfte")], None, {slug}, {"x.md": {slug: f"#{slug}"}}
        )

    second = sectioned_page.convert_section(convert, second_text)
    first.tree_ids.append("syfte")  # an earlier section holds the id: the heading becomes syfte_1
    assembled, _ = sectioned_page.assemble([first, second])
    assert list(assembled.links["x.md"]) == ["syfte_1"] and assembled.anchors == {"syfte_1"}
