"""Render cards and listings to Markdown pages with Jinja; every card text is escaped unless marked as prose."""

from __future__ import annotations

import posixpath
import re
from datetime import date
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import paths
from .badges import DOCUMENTATION_RANK, REQUIREMENTS, method_badges
from .decision import decision_box
from .documentation_scale import CRITERIA, UNCHECKED
from .history import swedish_date
from .link import LinkGraph
from .load import Card
from .paths import (
    BADGE_SCALE_PATH,
    FRONT_PAGE_PATH,
    TAXONOMY_PAGES,
    listing_path,
    page_path,
    project_filter_path,
    taxonomy_page_path,
)
from .project_status import project_status
from .sanitise import LINK_SCHEMES, url_scheme
from .schema import CARD_TYPES, UNKNOWN_START
from .sources import cited_documents
from .taxonomy import Taxonomy

TEMPLATES = Path(__file__).with_name("templates")
# A build makes one Renderer; the tests make hundreds and share their compiled templates through this (conftest.py).
TEMPLATE_CACHE: jinja2.BytecodeCache | None = None

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


_LINK_TARGET = re.compile(r"\]\(([^)]{0,2000})\)")


def _drop_script_link(match: re.Match) -> str:
    # url_scheme reads the scheme as a browser does, so 'java<newline>script:' is caught as well.
    scheme = url_scheme(match.group(1))
    return "](#)" if scheme is not None and scheme not in LINK_SCHEMES else match.group(0)


def prose(value: object) -> Safe:
    """Contributor Markdown: formatting allowed, raw HTML shown as text, script links dropped."""
    text = str(value or "").strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Blockquotes are the one Markdown construct that needs '>'; restore them at line starts.
    text = re.sub(r"(?m)^(\s*)&gt;", r"\1>", text)
    # Braces would let attr_list ('{: onclick=… }') set attributes; escaped, Markdown shows them as text.
    text = text.replace("{", "\\{").replace("}", "\\}")
    return Safe(_LINK_TARGET.sub(_drop_script_link, text))


def attr_value(value: object) -> Markup:
    """Text for a quoted attr_list value: no quotes or braces that would end it; HTML is escaped on output."""
    return Markup(" ".join(str(value).replace('"', "”").replace("{", "(").replace("}", ")").split()))


def sek(amount: object) -> str:
    """1300000 → '1 300 000 kr' (Swedish digit grouping); '–' when the source gives no amount."""
    return f"{amount:,} kr".replace(",", "\u00a0") if isinstance(amount, int) else "–"


# Badges shown with a small meter on tiles: the highest rank each can have.
BADGE_METERS = {"underlag": max(DOCUMENTATION_RANK.values()), "krav": len(REQUIREMENTS)}


def start_year(card: Card) -> int:
    """The start year for sorting; 0 when the source does not give it."""
    start = str(card.data["period"]["start"])
    return 0 if start == UNKNOWN_START else int(start[:4])


def period_text(period: dict) -> str:
    start, end = period.get("start"), period.get("end")
    start_text = "startår okänt" if start == UNKNOWN_START else str(start)
    return f"{start_text}–{end}" if end else (f"{start_text}–" if start != UNKNOWN_START else start_text)


class Renderer:
    def __init__(self, cards: list[Card], taxonomy: Taxonomy, graph: LinkGraph, today: date | None = None):
        """`today` decides whether a project's end date has passed; the build date when not given."""
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
            bytecode_cache=TEMPLATE_CACHE,
        )
        self.env.filters["prose"] = prose
        self.env.filters["text"] = md_text
        self.env.filters["sek"] = sek
        self.env.globals.update(
            taxonomy=taxonomy,
            graph=graph,
            card_types=CARD_TYPES,
            paths=paths,  # every link target a template needs: generated pages, data files, docs/ pages
            taxonomy_page_path=taxonomy_page_path,
            project_filter_path=project_filter_path,
            start_year=start_year,
            period_text=period_text,
            swedish_date=swedish_date,
            badges=lambda card: method_badges(card, graph, taxonomy),
            documentation_rank=DOCUMENTATION_RANK,
            decision_box=lambda card: decision_box(card, graph, taxonomy),
            meters=BADGE_METERS,
            Safe=Safe,
        )
        self.env.filters["attr_value"] = attr_value
        # Derived facts about sources and project status (sources.py, project_status.py).
        self.env.filters["project_status"] = lambda card: project_status(card, taxonomy, today)
        self.env.globals["cited_documents"] = lambda sources: cited_documents(sources, taxonomy)

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

    def card_page(
        self,
        card: Card,
        edit_path: str,
        updated: str | None = None,
        canonical_url: str | None = None,
        json_ld: str | None = None,
    ) -> str:
        """`json_ld` must already be safe inside <script> (structured_data.script_safe_json)."""
        path = page_path(card.type, card.id)
        return self.render(
            f"{card.type}.md.j2",
            path,
            card=card,
            d=card.data,
            spec=CARD_TYPES[card.type],
            edit_path=edit_path,
            updated=updated,
            canonical_url=canonical_url,
            json_ld=Safe(json_ld) if json_ld else None,
        )

    def badge_scale_page(self) -> str:
        return self.render("badge_scale.md.j2", BADGE_SCALE_PATH, criteria=CRITERIA, unchecked=UNCHECKED)

    def listing_page(self, card_type: str) -> str:
        if card_type == "method":
            return self.render(
                "listing.md.j2",
                listing_path(card_type),
                spec=CARD_TYPES[card_type],
                cards=best_documented_first(c for c in self.cards if c.type == "method"),
            )
        cards = sorted(
            (c for c in self.cards if c.type == card_type),
            key=lambda c: (c.data.get("order") if isinstance(c.data.get("order"), int) else 999, c.title.casefold()),
        )
        return self.render("listing.md.j2", listing_path(card_type), spec=CARD_TYPES[card_type], cards=cards)

    # Project overview: static pages that filter projects by municipality, status and start year without JS.
    def _projects(self) -> list[Card]:
        return sorted(
            (c for c in self.cards if c.type == "project"), key=lambda c: (-start_year(c), c.title.casefold())
        )

    def project_overview_pages(self) -> dict[str, str]:
        projects = self._projects()
        statuses = self.taxonomy.terms("project_statuses")
        used_municipalities = [
            t for t in self.taxonomy.terms("municipalities") if any(t.id in c.data["municipalities"] for c in projects)
        ]
        matrix = {
            (m.id, s.id): [c for c in projects if m.id in c.data["municipalities"] and c.data["status"] == s.id]
            for m in used_municipalities
            for s in statuses
        }
        pages = {
            listing_path("project"): self.render(
                "project_overview.md.j2",
                listing_path("project"),
                projects=projects,
                statuses=statuses,
                municipalities=used_municipalities,
                matrix=matrix,
                totals={m.id: sum(m.id in c.data["municipalities"] for c in projects) for m in used_municipalities},
            )
        }
        for m in used_municipalities:
            path = project_filter_path("municipalities", m.id)
            groups = [(s, matrix[(m.id, s.id)]) for s in statuses]
            pages[path] = self.render(
                "project_group.md.j2", path, heading=f"Projekt i {m.label}", intro=m.description, groups=groups
            )
        for s in statuses:
            path = project_filter_path("project_statuses", s.id)
            groups = [(m, matrix[(m.id, s.id)]) for m in used_municipalities]
            pages[path] = self.render(
                "project_group.md.j2", path, heading=f"Projekt: {s.label.lower()}", intro=s.description, groups=groups
            )
        years = sorted({start_year(c) for c in projects}, reverse=True)
        path = project_filter_path("timeline")
        pages[path] = self.render(
            "project_timeline.md.j2", path, years=[(y, [c for c in projects if start_year(c) == y]) for y in years]
        )
        return pages

    def taxonomy_index_page(self, group: str) -> str:
        if group == "challenges":
            return self.render(
                "challenge_index.md.j2",
                taxonomy_page_path(group),
                challenges=self.taxonomy.terms(group),
                counts=self.challenge_counts(),
            )
        counts = {
            t.id: sum(1 for c in self.cards if t.id in (c.data.get(group) or [])) for t in self.taxonomy.terms(group)
        }
        return self.render("taxonomy_index.md.j2", taxonomy_page_path(group), group=group, counts=counts)

    def taxonomy_term_page(self, group: str, term_id: str) -> str:
        matching = [c for c in self.cards if term_id in (c.data.get(group) or [])]
        by_type = {
            name: sorted((c for c in matching if c.type == name), key=lambda c: c.title.casefold())
            for name in CARD_TYPES
        }
        by_type["method"] = best_documented_first(by_type["method"])
        if group == "challenges":
            return self.render(
                "challenge.md.j2",
                taxonomy_page_path(group, term_id),
                term=self.taxonomy.get(group, term_id),
                by_type=by_type,
            )
        return self.render(
            "taxonomy_term.md.j2",
            taxonomy_page_path(group, term_id),
            group=group,
            term=self.taxonomy.get(group, term_id),
            by_type=by_type,
        )

    # The start page: figures and challenges generated from the cards, filled in at docs/index.md's markers.
    def challenge_counts(self) -> dict[str, dict[str, int]]:
        counts = {}
        for term in self.taxonomy.terms("challenges"):
            tagged = [c for c in self.cards if term.id in (c.data.get("challenges") or [])]
            counts[term.id] = {"methods": sum(c.type == "method" for c in tagged), "cards": len(tagged)}
        return counts

    def front_door_snippets(self, page: str = FRONT_PAGE_PATH) -> dict[str, str]:
        return {
            "siffror": self.render("_figures.md.j2", page, figures=site_figures(self.cards)),
            "utmaningar": self.render(
                "_front_challenges.md.j2",
                page,
                challenges=self.taxonomy.terms("challenges"),
                counts=self.challenge_counts(),
            ),
        }


def best_documented_first(cards) -> list[Card]:
    """Methods ordered as on every static listing: best documented first, then by title."""
    return sorted(cards, key=lambda c: (-DOCUMENTATION_RANK.get(c.data["documentation"], 0), c.title.casefold()))


def site_figures(cards: list[Card]) -> dict[str, int]:
    """How many methods, labs and projects there are, and in how many municipalities labs and projects ran."""
    municipalities = {c.data["municipality"] for c in cards if c.type == "lab"}
    municipalities |= {m for c in cards if c.type == "project" for m in c.data["municipalities"]}
    return {
        "methods": sum(c.type == "method" for c in cards),
        "labs": sum(c.type == "lab" for c in cards),
        "projects": sum(c.type == "project" for c in cards),
        "municipalities": len(municipalities),
    }
