"""Render cards and listings to Markdown pages with Jinja; every card text is escaped unless marked as prose."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from .link import LinkGraph
from .load import Card
from .schema import CARD_TYPES
from .taxonomy import Taxonomy

TEMPLATES = Path(__file__).with_name("templates")

# Exactly Python-Markdown's escapable characters (plus '|' from the tables extension).
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


# Markup marks text already prepared for Markdown output (macro results, links, prose); it passes unchanged.
Safe = Markup


def md_text(value: object) -> Markup:
    """Plain text → Markdown that shows exactly that text: HTML and Markdown syntax are neutralised."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MD_SPECIALS.sub(r"\\\1", text))


_UNSAFE_LINK = re.compile(r"\]\(\s*(?:javascript|vbscript|data)\s*:[^)]*\)", re.IGNORECASE)


def prose(value: object) -> Safe:
    """Contributor Markdown: formatting allowed, raw HTML shown as text, script links dropped."""
    text = str(value or "").strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Blockquotes are the one Markdown construct that needs '>'; restore them at line starts.
    text = re.sub(r"(?m)^(\s*)&gt;", r"\1>", text)
    return Safe(_UNSAFE_LINK.sub("](#)", text))


def sek(amount: object) -> str:
    """1300000 → '1 300 000 kr' (Swedish digit grouping); '–' when the source gives no amount."""
    return f"{amount:,} kr".replace(",", "\u00a0") if isinstance(amount, int) else "–"


def page_path(card_type: str, card_id: str) -> str:
    return f"{CARD_TYPES[card_type].url_prefix}/{card_id}.md"


def listing_path(card_type: str) -> str:
    return f"{CARD_TYPES[card_type].url_prefix}/index.md"


TAXONOMY_PAGES = {"focus_areas": "fokusomraden", "target_groups": "malgrupper"}


def taxonomy_page_path(group: str, term_id: str | None = None) -> str:
    return f"{TAXONOMY_PAGES[group]}/{term_id or 'index'}.md"


class Renderer:
    def __init__(self, cards: list[Card], taxonomy: Taxonomy, graph: LinkGraph):
        self.cards = cards
        self.taxonomy = taxonomy
        self.graph = graph
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            finalize=md_text,
            autoescape=True,  # anything not passed through md_text/prose (e.g. join) is at least HTML-escaped
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["prose"] = prose
        self.env.filters["text"] = md_text
        self.env.filters["sek"] = sek
        self.env.globals.update(taxonomy=taxonomy, graph=graph, card_types=CARD_TYPES,
                                taxonomy_page_path=taxonomy_page_path)

    def _link(self, from_path: str):
        base = posixpath.dirname(from_path)

        def link(target: str) -> Safe:
            return Safe(posixpath.relpath(target, base) if base else target)

        def card_link(card: Card) -> Safe:
            return Safe(f"[{md_text(card.title)}]({link(page_path(card.type, card.id))})")

        def term_link(group: str, term_id: str) -> Safe:
            label = md_text(self.taxonomy.label(group, term_id))
            if group in TAXONOMY_PAGES:
                return Safe(f"[{label}]({link(taxonomy_page_path(group, term_id))})")
            return Safe(label)

        def terms(group: str, ids: list[str] | None) -> Safe:
            return Safe(", ".join(term_link(group, i) for i in ids or []))

        return {"link": link, "card_link": card_link, "term_link": term_link, "terms": terms}

    def render(self, template: str, path: str, **context) -> str:
        return self.env.get_template(template).render(page_path=path, **self._link(path), **context)

    def card_page(self, card: Card, edit_path: str) -> str:
        path = page_path(card.type, card.id)
        return self.render(f"{card.type}.md.j2", path, card=card, d=card.data, spec=CARD_TYPES[card.type],
                           edit_path=edit_path)

    def listing_page(self, card_type: str) -> str:
        cards = sorted((c for c in self.cards if c.type == card_type),
                       key=lambda c: (c.data.get("order") if isinstance(c.data.get("order"), int) else 999,
                                      c.title.casefold()))
        return self.render("listing.md.j2", listing_path(card_type), spec=CARD_TYPES[card_type], cards=cards)

    def taxonomy_index_page(self, group: str) -> str:
        counts = {t.id: sum(1 for c in self.cards if t.id in (c.data.get(group) or [])) for t in self.taxonomy.terms(group)}
        return self.render("taxonomy_index.md.j2", taxonomy_page_path(group), group=group, counts=counts)

    def taxonomy_term_page(self, group: str, term_id: str) -> str:
        matching = [c for c in self.cards if term_id in (c.data.get(group) or [])]
        by_type = {name: sorted((c for c in matching if c.type == name), key=lambda c: c.title.casefold())
                   for name in CARD_TYPES}
        return self.render("taxonomy_term.md.j2", taxonomy_page_path(group, term_id), group=group,
                           term=self.taxonomy.get(group, term_id), by_type=by_type)
