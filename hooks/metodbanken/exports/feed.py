"""feed.xml: an Atom feed with one entry per card, the most recently changed first."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from ..content.load import Card
from ..paths import FEED_PATH
from ..schema import CARD_TYPES

ATOM = "http://www.w3.org/2005/Atom"
FEED_TITLE = "Metodbanken: nya och ändrade kort"
# Ids must stay the same forever, also for a build without site_url; the date is when the tag was minted.
TAG_AUTHORITY = "metodbanken.github.io,2026"

# Characters XML 1.0 cannot carry at all; YAML's double-quoted escapes could put them in a card.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = _NOT_XML.sub("", text)
    return element


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _absolute(site_url: str | None, path: str) -> str:
    return (site_url.rstrip("/") + "/" + path) if site_url else path


def feed_xml(
    cards: list[Card], urls: dict[str, str], updated: dict[str, str], built: date, site_url: str | None = None
) -> str:
    """Cards without a date (no `updated`, no git history) are dated by the build, so every entry is valid."""
    ET.register_namespace("", ATOM)
    fallback = built.isoformat()
    entries = sorted(cards, key=lambda c: c.title.casefold())
    entries.sort(key=lambda c: updated.get(c.id, fallback), reverse=True)  # stable: newest first, then A–Ö
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "sv"})
    _text(feed, "title", FEED_TITLE)
    _text(feed, "subtitle", "Metoder, labb, projekt och lärdomar mot boendesegregation som lagts till eller ändrats.")
    _text(feed, "id", _absolute(site_url, FEED_PATH) if site_url else f"tag:{TAG_AUTHORITY}:feed")
    newest = max((updated.get(c.id, fallback) for c in cards), default=fallback)
    _text(feed, "updated", _timestamp(newest))
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": _absolute(site_url, FEED_PATH)}
    )
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": _absolute(site_url, "")})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "Metodbanken")
    _text(feed, "rights", "Korttexterna: CC BY 4.0. Fakta ur de offentliga dokument som varje kort anger.")
    for card in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", card.title)
        _text(
            entry,
            "id",
            _absolute(site_url, urls[card.id]) if site_url else f"tag:{TAG_AUTHORITY}:{card.type}/{card.id}",
        )
        _text(entry, "updated", _timestamp(updated.get(card.id, fallback)))
        ET.SubElement(
            entry,
            f"{{{ATOM}}}link",
            {"rel": "alternate", "type": "text/html", "href": _absolute(site_url, urls[card.id])},
        )
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": card.type, "label": CARD_TYPES[card.type].label})
        _text(entry, "summary", " ".join(str(card.data.get("summary", "")).split()))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
