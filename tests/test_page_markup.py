"""Issue 26: card text decides neither how a page looks nor what its scripts find. Admonitions only of the types
in markup.py (validate.py), only the classes the build adds and no id of the page's scripts (sanitise.py), and
headings whose ids cannot be those ids (sanitise.heading_slug)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import markdown
import pytest

import metodbanken.site.sanitise as sanitise
from metodbanken.markup import ADMONITION_CLASSES, ADMONITION_TYPES
from metodbanken.site.sanitise import BUILD_CLASSES, ICONS, TEMPLATE_CLASSES, heading_slug, sanitise_card_html
from support import FIXTURE_CONTENT, REPO, copy_site_skeleton, edit, only, problems_for

CARD = "methods/laxhjalp.md"
TEMPLATES = REPO / "hooks" / "metodbanken" / "site" / "templates"


def add_body(content: Path, body: str) -> None:
    card = content / CARD
    card.write_text(card.read_text(encoding="utf-8") + "\n" + body, encoding="utf-8")


# ---- validation: admonitions of the allowed types only ----


@pytest.mark.parametrize(
    "line",
    [
        '!!! md-consent__overlay ""',
        "!!! md-dialog md-dialog--active",
        '!!! tip md-dialog "Tips"',
        "!!! Viktigt",
        '> !!! md-banner "Citat"',
    ],
)
def test_an_admonition_of_another_type_is_refused_with_the_allowed_types(content, line):
    add_body(content, f"Inledning.\n\n{line}\n    Text i rutan.\n")
    problem = only(problems_for(content), "admonition-type")
    assert problem.path == CARD and problem.field == "brödtext"
    assert problem.line == (content / CARD).read_text(encoding="utf-8").splitlines().index(line) + 1
    assert "inte är tillåten i kort" in problem.message or "en ruta har en enda typ" in problem.message
    assert ", ".join(ADMONITION_TYPES) in problem.hint and '!!! tip "Tips"' in problem.hint


def test_an_admonition_in_a_field_is_refused_too(content):
    edit(content / CARD, "steps: [Ordna en lokal., Hitta frivilliga.]", 'steps: ["Ordna en lokal.\\n\\n!!! md-dialog"]')
    problem = only(problems_for(content), "admonition-type")
    assert problem.field == "steps[1]" and "'md-dialog'" in problem.message


def test_allowed_admonitions_and_exclamations_pass(content):
    add_body(
        content, '!!! tip "Tips"\n    Börja i liten skala.\n\n!!! NOTE\n    Text.\n\nBra!!! Och sedan !!! mitt i.\n'
    )
    assert [p for p in problems_for(content) if p.code == "admonition-type"] == []


@pytest.mark.parametrize(
    "line",
    [
        "!!! tip",
        '!!! tip "Tips"',
        "!!!tip",
        "!!! md-dialog md-dialog--active",
        '!!! x ""',
        "!!! Wow, bra",
        "!!!",
        "!!! !",
    ],
)
def test_validation_reads_an_admonition_exactly_where_markdown_makes_one(content, line):
    made = re.search(
        r'<div class="admonition ([^"]*)">', markdown.markdown(f"{line}\n    Text.", extensions=["admonition"])
    )
    add_body(content, f"{line}\n    Text.\n")
    refused = any(p.code == "admonition-type" for p in problems_for(content))
    assert refused == bool(made and made.group(1) not in ADMONITION_TYPES), line


def test_every_allowed_type_keeps_its_classes_through_the_sanitiser():
    for kind in ADMONITION_TYPES:
        html = markdown.markdown(f'!!! {kind} "Rubrik"\n    Text.', extensions=["admonition"])
        assert sanitise_card_html(html) == html, kind


# ---- the sanitiser: only the build's classes, no id of the page's scripts ----


@pytest.mark.parametrize(
    ("html", "cleaned"),
    [
        (
            '<div class="admonition md-dialog md-dialog--active"><p>x</p></div>',
            '<div class="admonition"><p>x</p></div>',
        ),
        ('<div class="md-consent__overlay"><p>x</p></div>', "<div><p>x</p></div>"),
        ('<p class="mb-summary md-typeset__scrollwrap evil">x</p>', '<p class="mb-summary">x</p>'),
        ('<a class="md-button md-button--primary" href="https://x.se/">x</a>', '<a href="https://x.se/">x</a>'),
        ('<h3 id="mb-finder">Hitta</h3>', "<h3>Hitta</h3>"),
        ('<div id="__drawer">x</div>', "<div>x</div>"),
        ('<div id="md-header">x</div>', "<div>x</div>"),
        ('<h3 id="syfte-1">Syfte</h3>', '<h3 id="syfte-1">Syfte</h3>'),
        ('<span class="mb-icon mb-icon--place" aria-hidden="true"></span>', None),
    ],
)
def test_the_sanitiser_keeps_only_the_builds_classes_and_no_id_of_the_scripts(html, cleaned):
    assert sanitise_card_html(html) == (html if cleaned is None else cleaned)


def test_every_class_the_sanitiser_keeps_is_one_the_build_makes():
    templates = "\n".join(path.read_text(encoding="utf-8") for path in TEMPLATES.glob("*.j2"))
    for name in TEMPLATE_CLASSES:
        assert re.search(rf"""(class="|\{{:? *\.|\s){re.escape(name)}[\s"}}]""", templates), name
    stylesheet = (REPO / "docs" / "stylesheets" / "metodbanken.css").read_text(encoding="utf-8")
    assert set(ICONS) == set(re.findall(r"\.mb-icon--([a-z-]+)", stylesheet))
    assert TEMPLATE_CLASSES | {f"mb-icon--{i}" for i in ICONS} | {"headerlink", *ADMONITION_CLASSES} == BUILD_CLASSES


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Syfte", "syfte"),
        ("Så gör ni", "sa-gor-ni"),
        ("mb-finder", "avsnitt-mb-finder"),
        ("MB finder", "avsnitt-mb-finder"),
        ("md-dialog", "avsnitt-md-dialog"),
        ("__drawer", "avsnitt-__drawer"),
        ("mbappé", "mbappe"),
    ],
)
def test_a_heading_never_gets_an_id_of_the_pages_scripts(heading, slug):
    assert heading_slug(heading, "-") == slug


# ---- real builds ----


# A second build of the whole real site, in this process, to see what MkDocs hands the sanitiser: the slow tier.
# The quick check keeps the fixture build below and the sanitiser's own cases.
@pytest.mark.slow
def test_the_sanitiser_changes_nothing_on_the_real_sites_pages(tmp_path, monkeypatch):
    """Every page of the real site made from card text, as MkDocs hands it to the sanitiser: the classes and ids
    it filters are all the build's own, so it drops none of them and the pages stay as they were."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handed: list[str] = []
    sanitise_all = sanitise.sanitise_card_html

    def recording(html: str) -> str:
        handed.append(html)
        return sanitise_all(html)

    monkeypatch.setattr(sanitise, "sanitise_card_html", recording)  # before the hooks are loaded, which import it
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert len(handed) > 100  # every card page and the booklet
    classes = {name for html in handed for value in re.findall(r'class="([^"]*)"', html) for name in value.split()}
    assert classes <= BUILD_CLASSES, classes - BUILD_CLASSES
    assert {"headerlink", "mb-decision", "mb-icon--place", "mb-booklet-method"} <= classes
    # The same pages with the class and id filters switched off.
    monkeypatch.setattr(sanitise, "BUILD_CLASSES", classes | BUILD_CLASSES | {"x"})
    monkeypatch.setattr(sanitise, "RESERVED_ID", re.compile(r"(?!)"))
    unfiltered = [sanitise_all(html) for html in handed]
    monkeypatch.undo()
    assert [sanitise_card_html(html) for html in handed] == unfiltered


def test_hostile_markup_in_a_real_build_changes_neither_look_nor_scripts(tmp_path, monkeypatch):
    """The issue's cards with validation switched off: the theme's classes are gone from the card page and the
    booklet, a heading `### mb-finder` gets an id of its own, and no page loads a script it did not load before."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import metodbanken.pipeline as pipeline

    monkeypatch.setattr(pipeline, "validate", lambda cards, taxonomy: [])
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    edit(project / CARD, "title: Läxhjälp", "title: 'Läxhjälp id=\"mb-finder\" data-mb-sortable'")
    add_body(
        project,
        '!!! md-consent__overlay ""\n    Överlägg.\n\n!!! md-dialog md-dialog--active\n    [Logga in](https://example.org/)\n\n'
        "### mb-finder\n\nText.\n\n### __drawer\n\nText.\n",
    )
    site = tmp_path / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    card = (site / "metoder/laxhjalp/index.html").read_text(encoding="utf-8")
    for page in ("metoder/laxhjalp/index.html", "metoder/hafte/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        content = html[html.index("<h1") : html.index("</article>")]
        assert not re.search(r'class="[^"]*\b(md-dialog|md-consent)', content), page
    # The boxes' text is still on the card page, in plain boxes (the booklet shows no body text).
    assert card.count('<div class="admonition">') == 2 and "Logga in" in card and "Överlägg" in card
    # The heading's id, its permalink and the table of contents agree on the prefixed id.
    assert 'id="avsnitt-mb-finder"' in card and 'href="#avsnitt-mb-finder"' in card
    assert 'id="avsnitt-__drawer"' in card
    # The title's text 'id="mb-finder"' is text; the only element with such an id is Material's own toggle.
    assert re.findall(r'<[a-z][^<>]*\sid="(mb-finder|__drawer)"', card) == ["__drawer"]
    scripts = re.compile(r'<script [^>]*\bsrc="(?:\.\./)*(javascripts/[^"]+)"')
    assert scripts.findall(card) == ["javascripts/share.js", "javascripts/tillganglighet.js"]
    listing = (site / "metoder/index.html").read_text(encoding="utf-8")
    assert "Läxhjälp id=" in listing
    assert scripts.findall(listing) == ["javascripts/listing.js", "javascripts/tillganglighet.js"]


def test_the_guide_names_the_allowed_types():
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    allowed = guide[guide.index("**Rutor (`!!!`)") :].split("\n- ", 1)[0]
    assert all(re.search(rf"\b{kind}\b", allowed) for kind in ADMONITION_TYPES)


def test_the_admonition_rule_is_linear_on_hostile_lines(content):
    add_body(
        content, "!!! " + "a " * 100_000 + "!\n" + "!!! a" + " " * 200_000 + "!\n" + '!!! x "' + '"' * 200_000 + "x\n"
    )
    start = time.perf_counter()
    problems_for(content)
    assert time.perf_counter() - start < 5
