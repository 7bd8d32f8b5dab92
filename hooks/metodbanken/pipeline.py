"""The whole way from content folders to generated pages and data files, without MkDocs."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .export import cards_json
from .link import LinkGraph
from .load import Card, load_cards
from .problems import CardsInvalid
from .render import TAXONOMY_PAGES, Renderer, listing_path, page_path, taxonomy_page_path
from .schema import CARD_TYPES
from .taxonomy import Taxonomy, load_taxonomy
from .validate import validate


@dataclass
class GeneratedFile:
    path: str  # where the file lives in the built docs tree, e.g. "metoder/deep-talk.md"
    content: str
    edit_path: str | None = None  # repository path a contributor edits to change this page


@dataclass
class Site:
    cards: list[Card]
    taxonomy: Taxonomy
    graph: LinkGraph
    pages: list[GeneratedFile] = field(default_factory=list)
    data_files: list[GeneratedFile] = field(default_factory=list)

    @property
    def files(self) -> list[GeneratedFile]:
        return self.pages + self.data_files


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
    if problems:
        raise CardsInvalid(problems)
    return cards, taxonomy


def build_site(root: Path, use_directory_urls: bool = True) -> Site:
    cards, taxonomy = load_and_validate(root)
    graph = LinkGraph(cards)
    site = Site(cards, taxonomy, graph)
    renderer = Renderer(cards, taxonomy, graph)
    for card in cards:
        site.pages.append(GeneratedFile(page_path(card.type, card.id), renderer.card_page(card, card.path), card.path))
    for type_name in CARD_TYPES:
        if type_name != "project":
            site.pages.append(GeneratedFile(listing_path(type_name), renderer.listing_page(type_name)))
    for path, content in renderer.project_overview_pages().items():
        site.pages.append(GeneratedFile(path, content))
    for group in TAXONOMY_PAGES:
        site.pages.append(GeneratedFile(taxonomy_page_path(group), renderer.taxonomy_index_page(group)))
        for term in taxonomy.terms(group):
            site.pages.append(GeneratedFile(taxonomy_page_path(group, term.id),
                                            renderer.taxonomy_term_page(group, term.id)))
    urls = {c.id: page_url(page_path(c.type, c.id), use_directory_urls) for c in cards}
    site.data_files.append(GeneratedFile("data/cards.json", cards_json(cards, urls, graph, taxonomy)))
    return site
