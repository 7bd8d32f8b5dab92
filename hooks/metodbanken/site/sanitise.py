"""The last gate before a page built from card text is published: an allow-list HTML sanitiser (nh3, ammonia).

Validation refuses hostile card text and rendering escapes it; this runs on the HTML MkDocs made from the
generated Markdown, so whatever slips past both (an attr_list attribute, a link scheme split over lines, an
image from another host, a class of the theme) still cannot reach a visitor's browser. Only the classes the
build itself adds survive, and no id the page's scripts look for: the page template alone decides how the page
looks and what its scripts find.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Sequence
from html.parser import HTMLParser

import nh3

from markdown.extensions.toc import slugify

from .structured_data import script_safe_json
from ..markup import ADMONITION_CLASSES, RESERVED_ID, RESERVED_ID_PREFIX
from ..urls import LINK_SCHEMES, is_local_url, url_scheme

# What the card templates and contributor Markdown produce: text structure, lists, tables, definition lists,
# figures, links and repository images. No form controls, frames, media, SVG or scripts.
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "article",
        "aside",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "nav",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "hidden"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "details": {"open"},
    "col": {"span"},
    "colgroup": {"span"},
}
# Every class the build puts on a page made from card text; no other survives. The card templates' (`class="…"`,
# `{: .mb-summary }`), the icons _icons.md.j2 draws (shaped in metodbanken.css), toc's permalink and the admonition
# extension's for the types card text may use (markup.py). Any other class came from card text, and one of the
# theme's (`!!! md-dialog md-dialog--active`) would lay a toast or an overlay over the page.
TEMPLATE_CLASSES = frozenset(
    {
        "mb-badge",
        "mb-badges",
        "mb-booklet-method",
        "mb-booklet-source",
        "mb-compare-link",
        "mb-decision",
        "mb-decision-contacts",
        "mb-decision-docs",
        "mb-decision-needs",
        "mb-decision-part",
        "mb-decision-tried",
        "mb-decision-worked",
        "mb-facts",
        "mb-icon",
        "mb-print-url",
        "mb-stack-table",
        "mb-status-note",
        "mb-summary",
        "mb-tried-link",
        "mb-updated",
        "mb-visually-hidden",
    }
)
ICONS = ("cost", "document", "measured", "not-measured", "organisation", "partners", "place", "premises", "staff", "time")
BUILD_CLASSES = TEMPLATE_CLASSES | {f"mb-icon--{name}" for name in ICONS} | {"headerlink", *ADMONITION_CLASSES}
_ATTRIBUTE_PREFIXES = {"aria-", "data-"}
# Material's JavaScript acts on these; card content must not claim to be a component of the page.
_RESERVED_DATA = re.compile(r"^data-md-")

_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if _RESERVED_DATA.match(attribute):
        return None
    if attribute == "class":
        kept = [name for name in value.split() if name in BUILD_CLASSES]
        return " ".join(kept) if kept else None
    if attribute == "id":
        return None if RESERVED_ID.match(value) else value  # headings never get one (heading_slug)
    if attribute == "href":
        scheme = url_scheme(value)
        return value if scheme is None or scheme in LINK_SCHEMES else None
    if attribute == "src":
        return value if is_local_url(value) else None  # an embedded resource from another host is a request
    return value


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        generic_attribute_prefixes=set(_ATTRIBUTE_PREFIXES),
        attribute_filter=_filter_attribute,
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def heading_slug(value: str, separator: str) -> str:
    """The id toc gives a heading (its own slugify), on every page: one the page's scripts could take for theirs
    (markup.RESERVED_ID) gets a prefix, `### mb-finder` → `avsnitt-mb-finder`, so the heading keeps a working link."""
    slug = slugify(value, separator)
    return RESERVED_ID_PREFIX + slug if RESERVED_ID.match(slug) else slug


def sanitise_card_html(html: str) -> str:
    """HTML of a page built from card text, with everything outside the allow-list removed.

    The page's own JSON-LD block is kept: it is parsed as JSON and written again as script-safe JSON, so it
    can only ever be data.
    """
    blocks: dict[str, str] = {}
    token_base = f"mbjsonld{secrets.token_hex(8)}n"

    def keep(match: re.Match) -> str:
        try:
            data = json.loads(match.group(1))
        except ValueError:
            return ""
        token = f"{token_base}{len(blocks)}"
        blocks[token] = f'<script type="application/ld+json">{script_safe_json(data)}</script>'
        return token

    cleaned = _clean(_JSON_LD.sub(keep, html))
    for token, block in blocks.items():
        cleaned = cleaned.replace(token, block, 1)
    return cleaned


# --- a long page sanitised part by part (under `mkdocs serve`) ------------------------------------------------------
# The booklet holds every method: at 5 000 cards its HTML took 0.6 s to sanitise on every method's edit. Its sections
# are converted alone (sectioned_page.py); when each part stands alone, sanitising the parts alone and joining them
# gives what sanitising the whole gives, and an unchanged part's result can be kept.

# HTML's void elements: they have no end tag.
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class _Nesting(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.alone = True

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:  # what the sanitiser drops may be read in ways of its own (<plaintext>, <select>)
            self.alone = False
        elif tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in ALLOWED_TAGS or tag not in VOID_TAGS:  # `<div/>` opens a div that stays open
            self.alone = False

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:  # a stray or misnested end tag
            self.alone = False

    def handle_decl(self, decl):
        self.alone = False

    def unknown_decl(self, data):  # <![CDATA[ …
        self.alone = False

    def handle_pi(self, data):
        self.alone = False


def stands_alone(html: str) -> bool:
    """Whether an HTML parser reads `html` the same alone as among other parts, and reads what follows it the same:
    every element it opens it closes, in order; it holds only tags the sanitiser keeps, and nothing is left half-read
    (a tag or a comment begun and not ended). Conservative: HTML a parser would mend also counts as not alone."""
    nesting = _Nesting()
    nesting.feed(html)
    return nesting.alone and not nesting.open and not nesting.rawdata


def sanitise_in_parts(
    parts: Sequence[str],
    checked: Sequence[str] | None = None,
    alone: Callable[[str], bool] = stands_alone,
    sanitise: Callable[[str], str] = sanitise_card_html,
) -> str | None:
    """sanitise_card_html("\n".join(parts)), made part by part; None if a part does not stand alone: then only the
    whole can be sanitised. `checked`: each part as `alone` reads it (the same tags; by default the parts themselves).
    Under `mkdocs serve` `alone` and `sanitise` are stands_alone and sanitise_card_html kept for unchanged parts."""
    if not all(alone(part) for part in (parts if checked is None else checked)):
        return None
    return "\n".join(sanitise(part) for part in parts)
