"""The whole way from content folders to generated pages and data files, without MkDocs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .content.badges import badge_record
from .content.history import build_date, last_updated
from .content.link import LinkGraph
from .content.load import Card, load_cards
from .content.site_files import site_file_problems
from .content.sources import declared_documents
from .content.text_links import check_internal_links, docs_files
from .content.validate import validate
from .exports.export import card_jsons, cards_json, derived_fields, taxonomy_json
from .exports.export_csv import cards_csv, columns
from .exports.feed import feed_xml
from .exports.form_spec import form_json
from .exports.json_schema import all_schemas, schema_json
from .exports.search_index import search_files
from .paths import (
    BADGE_SCALE_PATH,
    BOOKLET_PATH,
    CARDS_CSV_PATH,
    CARDS_JSON_PATH,
    DECISIONS_PATH,
    FEED_PATH,
    FORM_PATH,
    MAP_PATH,
    OPEN_DATA_PATH,
    TAXONOMY_JSON_PATH,
    TAXONOMY_PAGES,
    listing_path,
    page_path,
    schema_path,
    taxonomy_page_path,
)
from .problems import CardsInvalid, Problem, internal_problem
from .schema import CARD_TYPES
from .site.decision import decisions_json
from .site.field_reference import fill_markers, snippets
from .site.map_svg import MARKER_RADIUS, sweden_map
from .site.page_assets import PageAssets, front_matter_features, page_assets
from .site.render import Renderer
from .site.structured_data import card_json_ld_script
from .taxonomy import Taxonomy, load_taxonomy


@dataclass
class GeneratedFile:
    path: str  # where the file lives in the built docs tree, e.g. "metoder/deep-talk.md"
    content: str
    edit_path: str | None = None  # repository path a contributor edits to change this page
    card_text: bool = False  # shows contributor Markdown (card pages, booklet): HTML goes through sanitise.py
    # The parts with their own scripts that the page's templates drew (page_assets.FEATURES, render.page_feature).
    features: tuple[str, ...] = ()


@dataclass
class Site:
    cards: list[Card]
    taxonomy: Taxonomy
    graph: LinkGraph
    pages: list[GeneratedFile] = field(default_factory=list)
    data_files: list[GeneratedFile] = field(default_factory=list)
    snippets: dict[str, str] = field(default_factory=dict)  # generated Markdown for `<!-- metodbanken:NAME -->`
    use_directory_urls: bool = True

    def card_text_pages(self) -> set[str]:
        """Paths (in the docs tree) of the pages that show card text; their HTML must be sanitised."""
        return {f.path for f in self.pages if f.card_text}

    def fill_markers(self, markdown: str) -> str:
        return fill_markers(markdown, self.snippets)

    def page_assets(self, path: str | None = None, front_matter: dict | None = None) -> PageAssets:
        """The stylesheets, scripts and data files of the page at `path` in the docs tree (page_assets.py): a
        generated page's parts as its templates declared them, a hand-written page's from its front matter; no
        path (404.html) gets what every page gets. Never from the page's text, which holds card text."""
        if path is None:
            features: tuple[str, ...] = ()
        elif path in self._generated_pages:
            features = self._generated_pages[path].features  # its front matter is generated, from card text too
        else:
            features = front_matter_features(front_matter or {}, path)
        return page_assets(features, lambda target: page_url(target, self.use_directory_urls))

    @cached_property
    def _generated_pages(self) -> dict[str, GeneratedFile]:
        return {page.path: page for page in self.pages}

    @property
    def files(self) -> list[GeneratedFile]:
        return self.pages + self.data_files


def placeholder_site() -> Site:
    """An empty site to build around when the very first build under `mkdocs serve` already has invalid cards."""
    return Site(cards=[], taxonomy=load_taxonomy(), graph=LinkGraph([]))


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a Markdown page at `path`."""
    stem = path.removesuffix(".md")
    if not use_directory_urls:
        return stem + ".html"
    if stem.endswith("index"):
        return stem.removesuffix("index")
    return stem + "/"


def load_and_validate(root: Path, taxonomy: Taxonomy | None = None) -> tuple[list[Card], Taxonomy]:
    taxonomy = taxonomy or load_taxonomy()
    cards, problems = load_cards(root)
    problems += validate(cards, taxonomy)
    problems += site_file_problems(root)  # files beside the cards are published too: an SVG could run script
    if not cards and not problems:
        problems.append(NO_CARDS)
    if problems:
        raise CardsInvalid(problems)
    return cards, taxonomy


NO_CARDS = Problem(
    "methods/",
    None,
    None,
    "no-cards",
    "Det finns inga kort i methods/, labs/, projects/ eller lessons/; webbplatsen behöver minst ett.",
    'Skapa ett kort med `python3 -m hooks.metodbanken new method "Titel"`, eller kontrollera att '
    "du kör kommandot i repositoriets rot (eller anger rätt mapp med --root).",
)


def build_site(
    root: Path, use_directory_urls: bool = True, site_url: str | None = None, search_data: Callable | None = None
) -> Site:
    """`site_url` (MkDocs' site_url) makes the feed, JSON-LD and printed addresses absolute; the JSON Schemas'
    $id always is (mkdocs.yml's site_url when the build has none). `search_data` makes the search files in place of
    search_files, with its arguments (under `mkdocs serve`: keyed on content and made beside the build,
    site/serve_cache.py)."""
    cards, taxonomy = load_and_validate(root)
    graph = LinkGraph(cards)
    site = Site(cards, taxonomy, graph, use_directory_urls=use_directory_urls)
    today = build_date()  # one date for every page and file: has a project's end date passed?
    renderer = Renderer(cards, taxonomy, graph, today)
    urls = {c.id: page_url(page_path(c.type, c.id), use_directory_urls) for c in cards}
    base = (site_url.rstrip("/") + "/") if site_url else ""
    full_urls = {card_id: base + url for card_id, url in urls.items()}
    updated = last_updated(root, cards, today)
    for card in cards:
        try:
            json_ld = card_json_ld_script(card, taxonomy, full_urls[card.id], updated.get(card.id))
            page = renderer.card_page(
                card, card.path, updated.get(card.id), full_urls[card.id] if base else None, json_ld
            )
        except Exception as exc:  # a last resort, which names the card whose page could not be made
            raise CardsInvalid([internal_problem(card.path, exc)]) from exc
        site.pages.append(GeneratedFile(page_path(card.type, card.id), page, card.path, card_text=True))
    for type_name in CARD_TYPES:
        if type_name != "project":
            site.pages.append(GeneratedFile(listing_path(type_name), renderer.listing_page(type_name)))
    for path, content in renderer.project_overview_pages().items():
        site.pages.append(GeneratedFile(path, content))
    site.pages.append(GeneratedFile(BADGE_SCALE_PATH, renderer.badge_scale_page()))
    for group in TAXONOMY_PAGES:
        site.pages.append(GeneratedFile(taxonomy_page_path(group), renderer.taxonomy_index_page(group)))
        for term in taxonomy.terms(group):
            site.pages.append(
                GeneratedFile(taxonomy_page_path(group, term.id), renderer.taxonomy_term_page(group, term.id))
            )
    methods = sorted((c for c in cards if c.type == "method"), key=lambda c: c.title.casefold())
    site.pages.append(
        GeneratedFile(
            BOOKLET_PATH,
            renderer.render(
                "booklet.md.j2",
                BOOKLET_PATH,
                methods=methods,
                urls=full_urls if base else {},
                listing=listing_path("method"),
            ),
            card_text=True,
        )
    )
    site.pages.append(
        GeneratedFile(
            MAP_PATH, renderer.render("map.md.j2", MAP_PATH, map=sweden_map(cards, taxonomy), radius=MARKER_RADIUS)
        )
    )
    badges = {c.id: badge_record(c, graph, taxonomy) for c in cards if c.type == "method"}  # once, for every export
    derived = {c.id: derived_fields(c, taxonomy, today) for c in cards}
    site.data_files.append(
        GeneratedFile(CARDS_JSON_PATH, cards_json(cards, urls, graph, taxonomy, updated, badges, derived))
    )
    for path, content in card_jsons(cards, urls, graph, updated, badges, derived).items():
        site.data_files.append(GeneratedFile(path, content))
    site.data_files.append(GeneratedFile(TAXONOMY_JSON_PATH, taxonomy_json(taxonomy)))
    site.data_files.append(GeneratedFile(DECISIONS_PATH, decisions_json(cards, graph, taxonomy)))
    site.data_files.append(GeneratedFile(CARDS_CSV_PATH, cards_csv(cards, taxonomy, full_urls, updated, derived)))
    site.data_files.append(GeneratedFile(FEED_PATH, feed_xml(cards, urls, updated, today, site_url)))
    for path, content in (search_data or search_files)(cards, taxonomy, urls, badges=badges).items():
        site.data_files.append(GeneratedFile(path, content))
    for type_name, schema in all_schemas(taxonomy, site_url).items():
        site.data_files.append(GeneratedFile(schema_path(type_name), schema_json(schema)))
    site.data_files.append(GeneratedFile(FORM_PATH, form_json(cards, taxonomy, root)))  # the contribution form
    for page in site.pages:
        page.features = renderer.page_features.get(page.path, ())
    link_problems = check_internal_links(
        cards, {c.id: page_path(c.type, c.id) for c in cards}, {f.path for f in site.files} | docs_files(root)
    )
    if link_problems:
        raise CardsInvalid(link_problems)
    site.snippets.update(snippets(cards, taxonomy, root))
    site.snippets.update(open_data_snippets(renderer, site, cards))
    site.snippets.update(renderer.front_door_snippets())
    return site


def open_data_snippets(renderer: Renderer, site: Site, cards: list[Card]) -> dict[str, str]:
    """docs/oppna-data.md's generated parts. Made last: JSON Schema files are listed only when published."""
    published = {f.path for f in site.data_files}
    schemas = [(t.label, schema_path(name)) for name, t in CARD_TYPES.items() if schema_path(name) in published]
    example = min(cards, key=lambda c: (c.type != "method", c.title.casefold()))
    return {
        "oppna-data-filer": renderer.render(
            "_open_data_files.md.j2",
            OPEN_DATA_PATH,
            schemas=schemas,
            card_count=len(cards),
            example=example,
        ),
        "kalldokument": renderer.render("_documents.md.j2", OPEN_DATA_PATH, declared=declared_documents(cards)),
        "csv-kolumner": renderer.render("_csv_columns.md.j2", OPEN_DATA_PATH, columns=columns()),
    }
