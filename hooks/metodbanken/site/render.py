"""Render cards and listings to Markdown pages with Jinja; every card text is escaped unless marked as prose."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import paths
from ..content.badges import NOT_SAID, method_badges
from ..content.documentation_scale import SELF_REPORTED_REACH
from .decision import decision_box
from ..field_kinds import ID_PATTERN, period_text
from ..content.history import swedish_date
from ..content.link import LinkGraph
from ..content.validate import MAX_LINKS, MAX_PARAGRAPH, MAX_PARAGRAPH_LINES, too_long
from ..content.load import Card
from ..paths import (
    BADGE_SCALE_PATH,
    FRONT_PAGE_PATH,
    TAXONOMY_PAGES,
    listing_path,
    page_path,
    project_filter_path,
    taxonomy_page_path,
)
from ..content.project_status import project_status
from ..schema import CARD_TYPES
from ..content.sources import cited_documents, own_accounts
from ..taxonomy import Taxonomy, in_swedish_order
from ..urls import LINK_SCHEMES, url_scheme
from .views import (
    LABELS,
    SOURCE_LABELS,
    badge_levels,
    best_documented_first,
    by_order,
    card_view,
    challenge_tiles,
    documentation_counts,
    item_details,
    lesson_groups,
    listing_template,
    meter_dots,
    overview_table,
    project_counts,
    project_matrix,
    projects_in,
    projects_with_status,
    start_year,
    taxonomy_title,
    tagged_by_term,
    tagged_with,
    term_sections,
    term_tree,
    timeline,
)

TEMPLATES = Path(__file__).with_name("templates")


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in memory for the process. A template's key holds the checksum of its source,
    so a changed template is compiled afresh."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


# Every Renderer's templates (`mkdocs serve` makes one per build, the tests hundreds): compiled once per process.
TEMPLATE_CACHE = CompiledTemplates()
# The theme's templates (Material): MkDocs makes the theme's Jinja environment afresh for every build, and the
# adapter gives it this, so that `mkdocs serve` does not compile them again on every rebuild.
THEME_TEMPLATES = CompiledTemplates()

# Exactly Python-Markdown's escapable characters (plus '|' from the tables extension).
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


# Markup marks text already prepared for Markdown output (macro results, links, prose); it passes unchanged.
Safe = Markup
# (path, the cards a page lists, make) → make(), or the page it gave when the cards were the same (pipeline.py).
Remember = Callable[[str, list[Card], Callable[[], str]], str]


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


# Python-Markdown looks for the end of a link text from every '[' (to the end of the text when there is none)
# and for the end of a target from every '](': 4 000 '[' took 12 s, 16 000 took 272 s. A '[' stays Markdown only
# where that search ends soon: a short text in brackets on one line, followed by a short '(target)' (one level of
# parentheses, no quotes), a short '[reference]' or anything but '('. No class below holds '[', so a failed try
# stops at the next '[' and the whole pass is linear.
SIMPLE_BRACKET = re.compile(
    r"""\[[^\[\]\n]{0,300}\](?:\((?:[^()"'\n\[\]]|\([^()"'\n\[\]]{0,200}\)){0,2000}\)|\[[^\[\]\n]{0,300}\]|(?!\())"""
)
# Python-Markdown takes each reference definition ('[a]: url') out of its block by copying the rest: quadratic in
# their number. Cards may have as many as links (validate.py refuses more); the rest are shown as text.
_REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[(?=[^\[\]\n]{0,300}\]:)", re.MULTILINE)


def _escaped(text: str, index: int) -> bool:
    """Whether the character at index follows an odd number of backslashes (Markdown shows it as text)."""
    before = index
    while before > 0 and text[before - 1] == "\\":
        before -= 1
    return (index - before) % 2 == 1


def tame_brackets(text: str) -> str:
    """Markdown whose links Python-Markdown finds in linear time: every '[' that does not start a simple link
    (SIMPLE_BRACKET) or that starts a reference definition past the MAX_LINKS'th is escaped, and shows as
    itself. (In a code span the escape would show as well; card text that needs it is refused by validate.)"""
    if "[" not in text:
        return text
    definitions = {m.end() - 1 for m in _REFERENCE_DEFINITION.finditer(text)}
    kept_definitions = set(sorted(definitions)[:MAX_LINKS])
    parts: list[str] = []
    done = 0
    index = text.find("[")
    while index >= 0:
        loose = index not in kept_definitions if index in definitions else not SIMPLE_BRACKET.match(text, index)
        if loose and not _escaped(text, index):
            parts += (text[done:index], "\\")
            done = index
        index = text.find("[", index + 1)
    parts.append(text[done:])
    return "".join(parts)


_BLANK_LINE = re.compile(r"(\n[ \t]*\n)")


def cut_long_paragraphs(text: str) -> str:
    """Paragraphs of at most MAX_PARAGRAPH_LINES lines and MAX_PARAGRAPH characters: Python-Markdown rebuilds
    a paragraph's whole text for each link, emphasis, escape or entity in it, and splits the rest of a block
    again for each heading or rule line in it, quadratic in its length. validate.py refuses longer ones; this
    holds when a card comes here without validation."""
    pieces = _BLANK_LINE.split(text)
    for i in range(0, len(pieces), 2):  # the odd pieces are the blank lines between
        if too_long(pieces[i]):
            lines = pieces[i].split("\n")
            parts = []
            for first in range(0, len(lines), MAX_PARAGRAPH_LINES):
                part = "\n".join(lines[first : first + MAX_PARAGRAPH_LINES])
                parts += [part[j : j + MAX_PARAGRAPH] for j in range(0, len(part), MAX_PARAGRAPH)]
            pieces[i] = "\n\n".join(parts)
    return "".join(pieces)


def prose(value: object) -> Safe:
    """Contributor Markdown: formatting allowed, raw HTML shown as text, script links dropped, brackets tamed,
    and in time linear in its length (cut_long_paragraphs, tame_brackets)."""
    text = tame_brackets(cut_long_paragraphs(str(value or "").strip()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Blockquotes are the one Markdown construct that needs '>'; restore them at line starts.
    text = re.sub(r"(?m)^(\s*)&gt;", r"\1>", text)
    # Braces would let attr_list ('{: onclick=… }') set attributes; escaped, Markdown shows them as text.
    text = text.replace("{", "\\{").replace("}", "\\}")
    return Safe(_LINK_TARGET.sub(_drop_script_link, text))


def anchor(value: object) -> Markup:
    """An id (a card's, a taxonomy term's) as a heading's `{ #id }`, unescaped: attr_list would keep a Markdown escape
    (`dals\\-ed`) as a placeholder in the id that MkDocs' anchor check reads, and report every link to it."""
    text = str(value)
    if not ID_PATTERN.fullmatch(text):
        raise ValueError(f"inte ett id som kan vara ett ankare: {text!r}")
    return Markup(text)


def attr_value(value: object) -> Markup:
    """Text for a quoted attr_list value: no quotes or braces that would end it; HTML is escaped on output."""
    return Markup(" ".join(str(value).replace('"', "”").replace("{", "(").replace("}", ")").split()))


@functools.lru_cache(maxsize=1 << 16)
def relative_link(target: str, base: str) -> str:
    """`target` as seen from the folder `base` (both in the docs tree). Remembered: pages link again and again to the
    same pages from the same few folders, and posixpath.relpath asks the operating system for the working folder
    each time (115 000 calls, 0.8 s of CPU at 5 000 cards)."""
    return posixpath.relpath(target, base) if base else target


class Renderer:
    """Renders pages from templates; what a page says is chosen in views.py, and the templates lay it out."""

    def __init__(self, cards: list[Card], taxonomy: Taxonomy, graph: LinkGraph, today: date | None = None):
        """`today` decides whether a project's end date has passed; the build date when not given."""
        self.cards = cards
        self.taxonomy = taxonomy
        self.graph = graph
        self.today = today
        # The parts with their own scripts (page_assets.FEATURES) that each rendered page's templates drew, by path.
        self.page_features: dict[str, tuple[str, ...]] = {}
        # Under `mkdocs serve`: a part of a page (a tile) at a path of its own, from the card it shows, made or kept
        # (pipeline.py gives the page memo's).
        self.kept_part: Callable[[str, Card, Callable[[], str]], str] | None = None
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
        self.env.filters["attr_value"] = attr_value
        self.env.filters["anchor"] = anchor
        self.env.globals.update(
            taxonomy=taxonomy,
            card_types=CARD_TYPES,
            labels=LABELS,  # field labels from schema.py: `labels.method.steps`
            source_labels=SOURCE_LABELS,
            paths=paths,  # every link target a template needs: generated pages, data files, docs/ pages
            taxonomy_page_path=taxonomy_page_path,
            project_filter_path=project_filter_path,
            period_text=period_text,
            swedish_date=swedish_date,
            projects_in=projects_in,
            badges=lambda card: method_badges(card, graph, taxonomy),
            meter_dots=meter_dots,
            decision_box=lambda card: decision_box(card, graph, taxonomy),
            item_details=lambda card: item_details(card, taxonomy, today),
            # Derived facts about sources (sources.py).
            cited_documents=lambda sources: cited_documents(sources, taxonomy),
            own_accounts=own_accounts,
        )
        # The derived project status (project_status.py).
        self.env.filters["project_status"] = lambda card: project_status(card, taxonomy, today)

    def _link(self, from_path: str):
        base = posixpath.dirname(from_path)

        def link(target: str) -> Safe:
            return Safe(relative_link(target, base))

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
        drawn: list[str] = []

        def page_feature(name: str) -> str:
            """Called by the template that draws a part with its own scripts: the page will load them."""
            drawn.append(name)
            return ""

        def kept_tile(card: Card, level: int, tile: Callable) -> Safe:
            """tile(card, level) (a macro), or under `mkdocs serve` what it gave on this page before (kept_part)."""
            def make() -> str:
                return str(tile(card, level))

            if self.kept_part is None:
                return Safe(make())
            return Safe(self.kept_part(f"{path}#kachel-{level}-{card.id}", card, make))

        content = self.env.get_template(template).render(
            page_path=path, page_feature=page_feature, kept_tile=kept_tile, **self._link(path), **context
        )
        if drawn:
            self.page_features[path] = tuple(dict.fromkeys([*self.page_features.get(path, ()), *drawn]))
        return content

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
            view=card_view(card, self.graph, self.taxonomy),
            edit_path=edit_path,
            updated=updated,
            canonical_url=canonical_url,
            json_ld=Safe(json_ld) if json_ld else None,
        )

    def badge_scale_page(self) -> str:
        return self.render(
            "badge_scale.md.j2",
            BADGE_SCALE_PATH,
            levels=badge_levels(self.taxonomy),
            self_reported_reach=SELF_REPORTED_REACH,
            not_said=NOT_SAID,
        )

    def listing_page(self, card_type: str) -> str:
        """Methods as tiles, best documented first; lessons grouped by part of the report; other cards listed."""
        of_type = [c for c in self.cards if c.type == card_type]
        if card_type == "method":
            cards = best_documented_first(of_type)
            context = {"levels": documentation_counts(cards, self.taxonomy)}
        else:
            cards = by_order(of_type)
            context = {"groups": lesson_groups(cards, self.taxonomy)} if card_type == "lesson" else {}
        return self.render(
            listing_template(card_type), listing_path(card_type), spec=CARD_TYPES[card_type], cards=cards, **context
        )

    # Project overview: static pages that filter projects by municipality, status and start year without JS.
    def _projects(self) -> list[Card]:
        return sorted(
            (c for c in self.cards if c.type == "project"), key=lambda c: (-start_year(c), c.title.casefold())
        )

    def project_overview_pages(self, remember: Remember | None = None) -> dict[str, str]:
        """`remember(path, cards, make)`: make(), or the page it gave when the cards it lists were the same (under
        `mkdocs serve`: pipeline.py, page_memo.py)."""
        remember = remember or (lambda path, cards, make: make())
        projects = self._projects()
        statuses = self.taxonomy.terms("project_statuses")
        held = {m for c in projects for m in c.data["municipalities"]}  # of the 290, those with projects
        used_municipalities = in_swedish_order([t for t in self.taxonomy.terms("municipalities") if t.id in held])
        matrix = project_matrix(projects, used_municipalities, statuses)
        pages = {
            listing_path("project"): remember(
                listing_path("project"),
                projects,
                lambda: self.render(
                    "project_overview.md.j2",
                    listing_path("project"),
                    projects=projects,
                    counts=project_counts([project_status(c, self.taxonomy, self.today) for c in projects]),
                    table=overview_table(projects, used_municipalities, statuses, matrix),
                ),
            )
        }
        # A group page lists its projects in the order given; which group each is in follows from its own fields.
        for m in used_municipalities:
            path = project_filter_path("municipalities", m.id)
            groups = [(s, matrix[(m.id, s.id)]) for s in statuses]
            pages[path] = remember(
                path,
                [c for _, cards in groups for c in cards],
                functools.partial(
                    self.render, "project_group.md.j2", path, heading=projects_in(m), intro=m.description, groups=groups
                ),
            )
        for s in statuses:
            path = project_filter_path("project_statuses", s.id)
            groups = [(m, matrix[(m.id, s.id)]) for m in used_municipalities]
            heading = projects_with_status(s)
            pages[path] = remember(
                path,
                [c for _, cards in groups for c in cards],
                functools.partial(
                    self.render, "project_group.md.j2", path, heading=heading, intro=s.description, groups=groups
                ),
            )
        path = project_filter_path("timeline")
        pages[path] = remember(
            path, projects, functools.partial(self.render, "project_timeline.md.j2", path, years=timeline(projects))
        )
        return pages

    def taxonomy_index_page(self, group: str) -> str:
        path = taxonomy_page_path(group)
        if group == "challenges":
            return self.render(
                "challenge_index.md.j2",
                path,
                title=taxonomy_title(group),
                tiles=challenge_tiles(self.cards, self.taxonomy),
            )
        counts = {term_id: len(cards) for term_id, cards in tagged_by_term(self.cards, self.taxonomy, group).items()}
        tree = term_tree(self.taxonomy, group)
        return self.render(
            "taxonomy_index.md.j2",
            path,
            group=group,
            title=taxonomy_title(group),
            counts=counts,
            tree=tree,
            nested=any(depth for _, depth in tree),
        )

    def taxonomy_term_page(self, group: str, term_id: str, tagged: list[Card] | None = None) -> str:
        """`tagged`: the cards tagged with the term (views.tagged_with), when the caller has them."""
        if tagged is None:
            tagged = tagged_with(self.cards, self.taxonomy, group, term_id)
        methods, sections = term_sections(tagged)
        return self.render(
            "challenge.md.j2" if group == "challenges" else "taxonomy_term.md.j2",
            taxonomy_page_path(group, term_id),
            group=group,
            term=self.taxonomy.get(group, term_id),
            narrower=self.taxonomy.narrower(group, term_id),
            methods=methods,
            sections=sections,
        )

    # The start page: figures and challenges generated from the cards, filled in at docs/index.md's markers.
    def front_door_snippets(self, page: str = FRONT_PAGE_PATH) -> dict[str, str]:
        return {
            "siffror": self.render("_figures.md.j2", page, figures=site_figures(self.cards)),
            "utmaningar": self.render(
                "_front_challenges.md.j2", page, tiles=challenge_tiles(self.cards, self.taxonomy)
            ),
        }


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
