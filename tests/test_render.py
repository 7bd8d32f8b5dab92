import shutil

import markdown
import pytest
from markdown.treeprocessors import Treeprocessor

from metodbanken.content.link import LinkGraph
from metodbanken.content.load import load_cards
from metodbanken.paths import BOOKLET_PATH
from metodbanken.pipeline import build_site
from metodbanken.site.render import Renderer, anchor, md_text, prose
from metodbanken.taxonomy import load_taxonomy
from support import FIXTURE_CONTENT, edit


def renderer_for(content):
    cards, _ = load_cards(content)
    return {c.id: c for c in cards}, Renderer(cards, load_taxonomy(), LinkGraph(cards))


def test_method_page_has_fact_box_sections_and_relative_links(content):
    cards, renderer = renderer_for(content)
    page = renderer.card_page(cards["samtalskvall"], "methods/samtalskvall.md")
    assert page.startswith("# Samtalskväll\n")
    assert "[Minskad brottslighet](../fokusomraden/minskad-brottslighet.md)" in page
    assert "[Testlabbet, Södertälje](../labb/testlabbet.md)" in page
    assert "[Testprojektet](../projekt/testprojektet.md) (liknande arbetssätt)" in page
    for heading in ("## Syfte", "## Så gör ni", "## Bostadsbolagets roll", "## Framgångsfaktorer", "## Källor"):
        assert heading in page


def test_lab_page_lists_methods_that_point_at_it_and_goal_table(content):
    cards, renderer = renderer_for(content)
    page = renderer.card_page(cards["testlabbet"], "labs/testlabbet.md")
    assert "[Samtalskväll](../metoder/samtalskvall.md)" in page
    html = markdown.markdown(page, extensions=["md_in_html", "attr_list", "def_list"])
    assert (
        '<td data-label="Mål">Fler deltagare</td>\n<td data-label="Hur det mättes">Räkning</td>\n'
        '<td data-label="Utfall">Uppnått</td>\n<td data-label="Resultat">Från 10 till 40 per dag.</td>'
    ) in html


def test_plain_text_cannot_inject_html_or_markdown():
    hostile = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) *fet*"
    html = markdown.markdown(md_text(hostile))
    assert "<img" not in html and "<a" not in html and "<em>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_prose_keeps_markdown_but_not_html_or_script_links():
    html = markdown.markdown(prose("*viktigt* <b>fet</b> [x](javascript:alert(1))"))
    assert "<em>viktigt</em>" in html and "<b>" not in html and "javascript:" not in html


def test_listing_and_taxonomy_pages(content):
    _, renderer = renderer_for(content)
    listing = renderer.listing_page("method")
    # one tile per method, best documented first, alphabetical within a level; the counts per level above
    assert "beskriven steg för steg (1)" in listing and "kort beskriven (1)" in listing
    assert listing.index("data-mb-sortable") < listing.index("## [Samtalskväll]") < listing.index("## [Läxhjälp]")
    assert listing.count('<article class="mb-tile"') == 2
    term = renderer.taxonomy_term_page("focus_areas", "minskad-brottslighet")
    assert "## Metoder (1)" in term and "## Labb (1)" in term and "samtalskvall.md" in term


def test_project_overview_pages_filter_without_javascript(content):
    _, renderer = renderer_for(content)
    pages = renderer.project_overview_pages()
    assert set(pages) == {
        "projekt/index.md",
        "projekt/kommun/lulea.md",
        "projekt/tidslinje.md",
        "projekt/status/pagaende.md",
        "projekt/status/avslutat.md",
        "projekt/status/permanent.md",
    }
    overview = pages["projekt/index.md"]
    assert "1 projekt, varav **1** har blivit permanent verksamhet" in overview
    assert "[1](kommun/lulea.md#permanent)" in overview
    assert "## Permanent verksamhet (1) { #permanent }" in pages["projekt/kommun/lulea.md"]
    assert "## 2015 (1)" in pages["projekt/tidslinje.md"]


def test_unknown_start_year_is_said_not_guessed(content):
    path = content / "projects" / "testprojektet.md"
    path.write_text(path.read_text().replace("period: {start: '2015', end: '2017'}", "period: {start: okänd}"))
    cards, renderer = renderer_for(content)
    assert "startår okänt" in renderer.card_page(cards["testprojektet"], "projects/testprojektet.md")
    assert "## Startår okänt (1)" in renderer.project_overview_pages()["projekt/tidslinje.md"]


class _HeadingIds(Treeprocessor):
    """The ids in the element tree where MkDocs' anchor check reads them: after the table of contents, before the
    Markdown escapes are undone."""

    def run(self, root):
        self.md.heading_ids = {el.get("id") for el in root.iter() if el.get("id")}


def test_a_heading_anchored_on_an_id_with_a_hyphen_has_that_id_for_mkdocs_anchor_check(tmp_path):
    # A Markdown escape in `{ #dals\-ed }` stays a placeholder in the tree's id until the last step writes the HTML;
    # MkDocs read the placeholder and reported every link to the heading as a link to no anchor.
    content = shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    edit(content / "projects" / "testprojektet.md", "municipalities: [lulea]", "municipalities: [dals-ed, lulea]")
    site = build_site(content)
    (status_page,) = [f.content for f in site.pages if f.path.startswith("projekt/status/") and "Dals" in f.content]
    converter = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc"])
    converter.treeprocessors.register(_HeadingIds(converter), "heading_ids", 5)  # as MkDocs' own
    converter.convert(status_page)
    assert {"dals-ed", "lulea"} <= converter.heading_ids
    booklet = next(f.content for f in site.pages if f.path == BOOKLET_PATH)
    converter.convert(booklet)
    assert {"laxhjalp", "samtalskvall"} <= converter.heading_ids


def test_an_anchor_is_only_ever_an_id():
    assert anchor("habo-0643") == "habo-0643"
    with pytest.raises(ValueError, match="ankare"):
        anchor('x" onclick="y')
