"""The whole way from content folders to generated pages and data files, without MkDocs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from .content.badges import badge_record
from .content.checked_cards import CheckedCards
from .content.history import build_date, last_updated
from .content.link import LinkGraph
from .content.load import Card, load_cards
from .content.site_files import site_file_problems
from .content.sources import declared_documents
from .content.text_links import check_internal_links, docs_files
from .content.validate import validate
from .exports.decisions import decisions_json
from .exports.export import card_json, card_jsons, cards_json, derived_fields, taxonomy_json
from .exports.export_csv import cards_csv, columns
from .exports.feed import feed_xml
from .exports.form_spec import form_json
from .exports.json_schema import all_schemas, schema_json
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
    card_json_path,
    listing_path,
    page_path,
    schema_path,
    taxonomy_page_path,
)
from .problems import CardsInvalid, Problem, internal_problem
from .schema import CARD_TYPES
from .search.finder_data import search_files
from .site.beside_build import FilesBeside
from .site.field_reference import fill_markers, snippets
from .site.map_svg import MARKER_RADIUS, sweden_map
from .site.page_assets import PageAssets, front_matter_features, page_assets
from .site.page_memo import GeneratedPages
from .site.render import Renderer, Safe
from .site.structured_data import card_json_ld_script
from .site.views import tagged_by_term
from .taxonomy import Taxonomy, load_taxonomy


@dataclass
class GeneratedFile:
    path: str  # where the file lives in the built docs tree, e.g. "metoder/deep-talk.md"
    content: str
    edit_path: str | None = None  # repository path a contributor edits to change this page
    card_text: bool = False  # shows contributor Markdown (card pages, booklet): HTML goes through sanitise.py
    # The parts with their own scripts that the page's templates drew (page_assets.FEATURES, render.page_feature).
    features: tuple[str, ...] = ()
    # The line each of the page's sections starts with, when each converts alone as it does in the page: under
    # `mkdocs serve` such a page is converted by sections, each kept by its Markdown (site/sectioned_page.py).
    section_start: str | None = None


@dataclass
class Site:
    cards: list[Card]
    taxonomy: Taxonomy
    graph: LinkGraph
    pages: list[GeneratedFile] = field(default_factory=list)
    data_files: list[GeneratedFile] = field(default_factory=list)
    snippets: dict[str, str] = field(default_factory=dict)  # generated Markdown for `<!-- metodbanken:NAME -->`
    use_directory_urls: bool = True
    # The search data being made beside the build (build_site's search_beside), until join_pending adds it.
    pending_data: FilesBeside | None = None

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

    def markdown_texts(self) -> list[str]:
        """The Markdown the build made: its pages and the parts it fills into hand-written pages."""
        return [page.content for page in self.pages] + list(self.snippets.values())

    def section_start(self, path: str) -> str | None:
        page = self._generated_pages.get(path)
        return page.section_start if page else None

    @cached_property
    def _generated_pages(self) -> dict[str, GeneratedFile]:
        return {page.path: page for page in self.pages}

    @property
    def files(self) -> list[GeneratedFile]:
        return self.pages + self.data_files

    def join_pending(self) -> list[GeneratedFile]:
        """The data files made beside the build, added to data_files once made (raises what making them raised);
        none when nothing is being made."""
        if self.pending_data is None:
            return []
        pending, self.pending_data = self.pending_data, None
        made = _files(pending.result())
        self.data_files.extend(made)
        return made


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


def load_and_validate(
    root: Path, taxonomy: Taxonomy | None = None, memo: CheckedCards | None = None
) -> tuple[list[Card], Taxonomy]:
    """`memo` (under `mkdocs serve`) gives each unchanged card's reading and checks from the build before, and the
    package's taxonomy; the problems are the same, in the same order."""
    if memo is None:
        taxonomy = taxonomy or load_taxonomy()
        cards, problems = load_cards(root)
        problems += validate(cards, taxonomy)
    else:
        taxonomy = taxonomy or memo.taxonomy()
        cards, problems = load_cards(root, load=memo.load)
        problems += validate(cards, taxonomy, check=memo.check)
    problems += site_file_problems(root)  # files beside the cards are published too: an SVG could run script
    if not cards and not problems:
        problems.append(NO_CARDS)
    if problems:
        raise CardsInvalid(problems)
    return cards, taxonomy


NO_CARDS = Problem.of("no-cards", "methods/")


@dataclass
class BuildContext:
    """What every producer of pages and files reads: the checked cards and what the build works out from them once."""

    root: Path
    cards: list[Card]
    taxonomy: Taxonomy
    graph: LinkGraph
    today: date  # one date for every page and file: has a project's end date passed?
    renderer: Renderer
    urls: dict[str, str]  # card id → its page's site-relative URL
    full_urls: dict[str, str]  # the same, absolute when the build has a site_url
    updated: dict  # card id → when it last changed (history.last_updated)
    site_url: str | None
    # Makes the search files in place of search_files, with its arguments (under `mkdocs serve`: keyed on content
    # and made beside the build, site/serve_cache.py); None for search_files itself.
    search_data: Callable | None = None
    # Keeps generated pages' Markdown between builds, keyed on what each read (under `mkdocs serve`: page_memo.py).
    page_memo: GeneratedPages | None = None
    # Whether the search data is made in a forked process while the build goes on (mkdocs build, beside_build.py).
    search_beside: bool = False
    pending: FilesBeside | None = None  # … and the process making it

    @property
    def absolute(self) -> bool:
        """Whether the build knows the site's address, so that a page can print a card's full URL."""
        return bool(self.site_url)

    @cached_property
    def badges(self) -> dict:
        """Each method's badge record, worked out once for every export that shows it."""
        return {c.id: badge_record(c, self.graph, self.taxonomy) for c in self.cards if c.type == "method"}

    def linked_titles(self, card_id: str) -> str:
        """The titles of the cards linked to or from a card: all an export's part for it names of other cards (its
        fields that hold card ids show their titles)."""
        return "\n".join(f"{other}\t{self.graph.cards[other].title}" for other in self.graph.linked_ids(card_id))

    @cached_property
    def derived(self) -> dict:
        return {c.id: derived_fields(c, self.taxonomy, self.today) for c in self.cards}

    @cached_property
    def card_records(self) -> dict[str, str]:
        """Each card's record as JSON (export.card_json), for its own file and cards.json; under `mkdocs serve`
        made again only when the card or what its record shows of it changed (page_memo.py)."""
        records = {}
        for card in self.cards:
            url, badges = self.urls[card.id], self.badges.get(card.id)
            updated, derived = self.updated.get(card.id), self.derived.get(card.id)
            make = functools.partial(card_json, card, url, self.graph, badges, updated, derived)
            if self.page_memo is None:
                records[card.id] = make()
            else:  # what the record holds: the card, its address, links, badges, dates and derived fields
                shown = repr((url, badges, updated, derived, self.graph.linked_ids(card.id)))
                records[card.id] = self.page_memo.page(
                    card_json_path(card.id), (self.page_memo.card_digest(card.id), shown), make
                )
        return records


def _files(contents: dict[str, str]) -> list[GeneratedFile]:
    return [GeneratedFile(path, content) for path, content in contents.items()]


# Page producers: each takes the build's context and returns its pages, as Pelican's generators do.


def card_pages(context: BuildContext) -> list[GeneratedFile]:
    pages = []
    for card in context.cards:
        path = page_path(card.type, card.id)
        if context.page_memo is None:
            page = _card_page(context, card)
        else:  # under `mkdocs serve`: rendered again only when the card or what its page read changed
            full_url, updated = context.full_urls[card.id], context.updated.get(card.id)
            inputs = (context.today.isoformat(), context.page_memo.card_digest(card.id), full_url, repr(updated))
            page = _remembered(context, path, (*inputs, repr(context.absolute)), lambda c=card: _card_page(context, c))
        pages.append(GeneratedFile(path, page, card.path, card_text=True))
    return pages


def _card_page(context: BuildContext, card: Card) -> str:
    full_url, updated = context.full_urls[card.id], context.updated.get(card.id)
    try:
        json_ld = card_json_ld_script(card, context.taxonomy, full_url, updated)
        return context.renderer.card_page(card, card.path, updated, full_url if context.absolute else None, json_ld)
    except Exception as exc:  # a last resort, which names the card whose page could not be made
        raise CardsInvalid([internal_problem(card.path, exc)]) from exc


def _remembered(
    context: BuildContext, path: str, inputs: tuple[str, ...], make: Callable[[], str], page: str | None = None
) -> str:
    """make(), the Markdown of the page at `path` (or of a part of `page` kept as `path`), or what it gave for the
    same inputs and reads (page_memo.py); with the parts with scripts it draws, which the renderer notes for the
    page as a template draws them."""
    features, page = context.renderer.page_features, page or path

    def render() -> tuple[str, tuple[str, ...]]:
        return make(), features.get(page, ())

    markdown, drawn = context.page_memo.page(path, inputs, render)
    if drawn:
        features[page] = tuple(dict.fromkeys([*features.get(page, ()), *drawn]))
    return markdown


def _kept_part(context: BuildContext, path: str, card: Card, make: Callable[[], str]) -> str:
    """A part of a page that shows one card (a method's tile in a list), kept by the card and what it read."""
    return context.page_memo.page(path, _listed(context, [card]), make)


def _listed(context: BuildContext, cards: list[Card]) -> tuple[str, ...]:
    """What a page that lists these cards is rendered from: the date and each card's content (page_memo.py)."""
    return (context.today.isoformat(), *(context.page_memo.card_digest(c.id) for c in cards))


def listing_pages(context: BuildContext) -> list[GeneratedFile]:
    """One list per card type but projects, whose overview pages project_overview_pages makes; under `mkdocs serve`
    rendered again only when a card of its type or what it read changed."""
    pages = []
    for name in (name for name in CARD_TYPES if name != "project"):
        render = functools.partial(context.renderer.listing_page, name)
        if context.page_memo is not None:
            of_type = [card for card in context.cards if card.type == name]
            render = functools.partial(_remembered, context, listing_path(name), _listed(context, of_type), render)
        pages.append(GeneratedFile(listing_path(name), render()))
    return pages


def project_overview_pages(context: BuildContext) -> list[GeneratedFile]:
    if context.page_memo is None:
        return _files(context.renderer.project_overview_pages())

    def remember(path: str, cards: list[Card], make: Callable[[], str]) -> str:
        # Under `mkdocs serve`: rendered again only when a project it lists or what it read changed.
        return _remembered(context, path, _listed(context, cards), make)

    return _files(context.renderer.project_overview_pages(remember))


def badge_scale_page(context: BuildContext) -> list[GeneratedFile]:
    return [GeneratedFile(BADGE_SCALE_PATH, context.renderer.badge_scale_page())]


def taxonomy_pages(context: BuildContext) -> list[GeneratedFile]:
    """Each group's index page, followed by a page for each of its terms."""
    pages = []
    for group in TAXONOMY_PAGES:
        pages.append(GeneratedFile(taxonomy_page_path(group), context.renderer.taxonomy_index_page(group)))
        by_term = tagged_by_term(context.cards, context.taxonomy, group)
        for term in context.taxonomy.terms(group):
            path = taxonomy_page_path(group, term.id)
            tagged = by_term[term.id]
            if context.page_memo is None:
                content = context.renderer.taxonomy_term_page(group, term.id, tagged)
            else:  # under `mkdocs serve`: rendered again only when a card it lists or what it read changed
                render = functools.partial(context.renderer.taxonomy_term_page, group, term.id, tagged)
                content = _remembered(context, path, _listed(context, tagged), render)
            pages.append(GeneratedFile(path, content))
    return pages


def booklet_page(context: BuildContext) -> list[GeneratedFile]:
    """Every method in one page, a section each: under `mkdocs serve` a section is rendered again only when its
    method or what it read changed (page_memo.py)."""
    methods = sorted((c for c in context.cards if c.type == "method"), key=lambda c: c.title.casefold())
    urls = context.full_urls if context.absolute else {}

    def section(card: Card) -> str:
        return context.renderer.render("_booklet_method.md.j2", BOOKLET_PATH, card=card, urls=urls)

    if context.page_memo is None:
        sections = [section(card) for card in methods]
    else:
        sections = [
            _remembered(
                context,
                f"{BOOKLET_PATH}#{card.id}",
                (*_listed(context, [card]), urls.get(card.id, "")),
                functools.partial(section, card),
                page=BOOKLET_PATH,
            )
            for card in methods
        ]
    content = context.renderer.render(
        "booklet.md.j2",
        BOOKLET_PATH,
        methods=methods,
        sections=[Safe(s) for s in sections],
        listing=listing_path("method"),
    )
    return [GeneratedFile(BOOKLET_PATH, content, card_text=True, section_start=BOOKLET_SECTION)]


# The line each method's section of the booklet starts with (booklet.md.j2): a block of its own, its headings' ids
# made unique by the card's id or by toc across the page, which sectioned_page.py reproduces.
BOOKLET_SECTION = '<section class="mb-booklet-method" markdown>'


def map_page(context: BuildContext) -> list[GeneratedFile]:
    sweden = sweden_map(context.cards, context.taxonomy)
    return [GeneratedFile(MAP_PATH, context.renderer.render("map.md.j2", MAP_PATH, map=sweden, radius=MARKER_RADIUS))]


PAGE_PRODUCERS = (
    card_pages,
    listing_pages,
    project_overview_pages,
    badge_scale_page,
    taxonomy_pages,
    booklet_page,
    map_page,
)


# Export producers: each takes the build's context and returns its data files.


def cards_json_file(context: BuildContext) -> list[GeneratedFile]:
    return [GeneratedFile(CARDS_JSON_PATH, cards_json(context.cards, context.taxonomy, context.card_records))]


def card_json_files(context: BuildContext) -> list[GeneratedFile]:
    return _files(card_jsons(context.cards, context.card_records))


def taxonomy_json_file(context: BuildContext) -> list[GeneratedFile]:
    return [GeneratedFile(TAXONOMY_JSON_PATH, taxonomy_json(context.taxonomy))]


def _per_card(context: BuildContext, file_path: str, shown: Callable[[Card], str] | None = None) -> Callable | None:
    """Under `mkdocs serve`, what keeps each card's part of the export at `file_path` (a row, an entry) between
    builds: made again only when the card, the title of a card linked to it (which the part may name),
    `shown(card)` (what else the part shows) or what it read of the link graph changed (page_memo.py). None under
    `mkdocs build`."""
    memo = context.page_memo
    if memo is None:
        return None

    def remember(card: Card, make: Callable):
        inputs = (memo.card_digest(card.id), context.linked_titles(card.id), shown(card) if shown else "")
        return memo.page(f"{file_path}#{card.id}", inputs, make)

    return remember


def decisions_file(context: BuildContext) -> list[GeneratedFile]:
    remember = _per_card(context, DECISIONS_PATH)
    return [GeneratedFile(DECISIONS_PATH, decisions_json(context.cards, context.graph, context.taxonomy, remember))]


def cards_csv_file(context: BuildContext) -> list[GeneratedFile]:
    def shown(card: Card) -> str:  # its address, when it last changed and its derived fields
        return repr((context.full_urls[card.id], context.updated.get(card.id), context.derived.get(card.id)))

    remember = _per_card(context, CARDS_CSV_PATH, shown)
    csv_text = cards_csv(context.cards, context.taxonomy, context.full_urls, context.updated, context.derived, remember)
    return [GeneratedFile(CARDS_CSV_PATH, csv_text)]


def feed_file(context: BuildContext) -> list[GeneratedFile]:
    return [
        GeneratedFile(
            FEED_PATH, feed_xml(context.cards, context.urls, context.updated, context.today, context.site_url)
        )
    ]


def search_data_files(context: BuildContext) -> list[GeneratedFile]:
    """The finder's search data, in one call to the search code, which decides its files."""
    make = functools.partial(
        context.search_data or search_files, context.cards, context.taxonomy, context.urls, badges=context.badges
    )
    if context.search_beside:  # made on the machine's other core while the pages are made; joined by the caller
        context.pending = FilesBeside(make)
        return []
    return _files(make())


def schema_files(context: BuildContext) -> list[GeneratedFile]:
    schemas = all_schemas(context.taxonomy, context.site_url)
    return [GeneratedFile(schema_path(type_name), schema_json(schema)) for type_name, schema in schemas.items()]


def form_file(context: BuildContext) -> list[GeneratedFile]:
    """The contribution forms' data."""
    return [GeneratedFile(FORM_PATH, form_json(context.cards, context.taxonomy, context.root))]


EXPORT_PRODUCERS = (
    cards_json_file,
    card_json_files,
    taxonomy_json_file,
    decisions_file,
    cards_csv_file,
    feed_file,
    search_data_files,
    schema_files,
    form_file,
)


def build_context(
    root: Path, cards: list[Card], taxonomy: Taxonomy, use_directory_urls: bool, site_url: str | None
) -> BuildContext:
    graph = LinkGraph(cards)
    today = build_date()
    renderer = Renderer(cards, taxonomy, graph, today)
    urls = {c.id: page_url(page_path(c.type, c.id), use_directory_urls) for c in cards}
    base = (site_url.rstrip("/") + "/") if site_url else ""
    full_urls = {card_id: base + url for card_id, url in urls.items()}
    updated = last_updated(root, cards, today)
    return BuildContext(root, cards, taxonomy, graph, today, renderer, urls, full_urls, updated, site_url)


def build_site(
    root: Path,
    use_directory_urls: bool = True,
    site_url: str | None = None,
    search_data: Callable | None = None,
    checked_cards: CheckedCards | None = None,
    generated_pages: GeneratedPages | None = None,
    search_beside: bool = False,
) -> Site:
    """`site_url` (MkDocs' site_url) makes the feed, JSON-LD and printed addresses absolute; the JSON Schemas'
    $id always is (mkdocs.yml's site_url when the build has none). `search_data` makes the search files in place
    of search_files (BuildContext); `checked_cards` keeps the cards' reading and checks (load_and_validate), and
    `generated_pages` pages' Markdown (page_memo.py), between the builds of `mkdocs serve`. With `search_beside` the
    search data is made in a forked process and the site's pending_data holds it until its join_pending adds it
    (site/beside_build.py). The pages and files are the producers' own, in the order of PAGE_PRODUCERS and
    EXPORT_PRODUCERS."""
    cards, taxonomy = load_and_validate(root, memo=checked_cards)
    context = build_context(root, cards, taxonomy, use_directory_urls, site_url)
    context.search_data, context.search_beside = search_data, search_beside
    if generated_pages is not None:
        generated_pages.read_graph(context.graph)
        context.page_memo = generated_pages
        context.renderer.kept_part = functools.partial(_kept_part, context)
    site = Site(cards, taxonomy, context.graph, use_directory_urls=use_directory_urls)
    # The search data first: made in a forked process (search_beside, and serve's edits), it then has the whole
    # making of the pages to finish in; made here, it takes as long wherever it stands.
    search_made = search_data_files(context)
    try:
        for produce in PAGE_PRODUCERS:
            site.pages.extend(produce(context))
        for produce in EXPORT_PRODUCERS:
            site.data_files.extend(search_made if produce is search_data_files else produce(context))
        site.pending_data = context.pending
        for page in site.pages:
            page.features = context.renderer.page_features.get(page.path, ())
        _check_links(root, cards, site)
    except BaseException:
        if context.pending is not None:  # the build stops here: so does the process making its search data
            context.pending.stop()
        raise
    site.snippets.update(snippets(cards, taxonomy, root))
    site.snippets.update(open_data_snippets(context.renderer, site, cards))
    site.snippets.update(context.renderer.front_door_snippets())
    return site


def _check_links(root: Path, cards: list[Card], site: Site) -> None:
    pages = {c.id: page_path(c.type, c.id) for c in cards}
    known = {f.path for f in site.files} | docs_files(root)
    problems = check_internal_links(cards, pages, known)
    if problems and site.pending_data is not None:  # a link may reach a file still being made: wait, and look again
        known |= {f.path for f in site.join_pending()}
        problems = check_internal_links(cards, pages, known)
    if problems:
        raise CardsInvalid(problems)


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
