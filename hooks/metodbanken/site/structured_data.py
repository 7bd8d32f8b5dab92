"""schema.org JSON-LD for card pages: a method is a HowTo, a lab or project a Project that is also an Event
(for its place and period), a lesson an Article."""

from __future__ import annotations

import json
import re

from ..field_kinds import UNKNOWN_START, link_texts
from ..content.load import Card
from ..content.sources import cited_documents
from ..taxonomy import Taxonomy, Term

CONTENT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"

_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")  # linear: each match is at most two characters


def plain(value: object) -> str:
    """Card text without Markdown links and emphasis marks, on one line."""
    text = link_texts(str(value or ""))  # linear; the pattern it replaces was quadratic in '['
    text = _EMPHASIS.sub("", text)
    return " ".join(text.split())


def script_safe_json(data: dict) -> str:
    """JSON that cannot end the <script> element it sits in, nor start an entity or comment in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _organisation(name: str) -> dict:
    return {"@type": "Organization", "name": plain(name)}


def _place(taxonomy: Taxonomy, municipality: str, name: str | None = None) -> dict:
    term = taxonomy.get("municipalities", municipality)
    place = {
        "@type": "Place",
        "name": plain(name or term.label),
        "address": {"@type": "PostalAddress", "addressLocality": term.label, "addressCountry": "SE"},
    }
    if term.lat is not None and term.lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": term.lat, "longitude": term.lon}
    return place


def _period(period: dict) -> dict:
    found = {}
    if period.get("start") and str(period["start"]) != UNKNOWN_START:
        found["startDate"] = str(period["start"])
    if period.get("end"):
        found["endDate"] = str(period["end"])
    return found


def _common(card: Card, taxonomy: Taxonomy, url: str) -> dict:
    d = card.data
    data = {
        "@context": "https://schema.org",
        "name": plain(d["title"]),
        "description": plain(d["summary"]),
        "url": url,
        "inLanguage": "sv",
    }
    if d.get("aliases"):
        data["alternateName"] = [plain(a) for a in d["aliases"]]
    if d.get("focus_areas"):
        data["keywords"] = [taxonomy.label("focus_areas", f) for f in d["focus_areas"]]
    if d.get("target_groups"):
        data["audience"] = [
            {"@type": "Audience", "audienceType": taxonomy.label("target_groups", t)} for t in d["target_groups"]
        ]
    return data


def _citation(document: Term) -> dict:
    work = {"@type": "CreativeWork", "name": document.label, "publisher": _organisation(document.publisher)}
    if document.published:
        work["datePublished"] = document.published
    if document.url:
        work["url"] = document.url
    return work


def _about_the_text(card: Card, taxonomy: Taxonomy, updated: str | None) -> dict:
    """Licence, sources and date of the card's text (not of the project or lab it describes)."""
    found = {
        "license": CONTENT_LICENCE,
        "citation": [_citation(cited.document) for cited in cited_documents(card.data["sources"], taxonomy)],
    }
    if updated:
        found["dateModified"] = updated
    return found


def _method(card: Card, taxonomy: Taxonomy) -> dict:
    d = card.data
    return {
        "@type": "HowTo",
        "step": [{"@type": "HowToStep", "position": i, "text": plain(step)} for i, step in enumerate(d["steps"], 1)],
    }


def _lab(card: Card, taxonomy: Taxonomy) -> dict:
    d = card.data
    return {
        "@type": ["Project", "Event"],
        "location": _place(taxonomy, d["municipality"], d["place"]),
        **_period(d["period"]),
        "organizer": _organisation(d["housing_company"]),
        "contributor": [_organisation(p) for p in d["partners"]],
    }


def _project(card: Card, taxonomy: Taxonomy) -> dict:
    d = card.data
    data = {
        "@type": ["Project", "Event"],
        "location": [_place(taxonomy, m) for m in d["municipalities"]],
        **_period(d["period"]),
        "organizer": _organisation(d["owner"]),
    }
    if d.get("partners"):
        data["contributor"] = [_organisation(p) for p in d["partners"]]
    if d.get("funding"):
        data["funder"] = [_organisation(f["funder"]) for f in d["funding"]]
    return data


def _lesson(card: Card, taxonomy: Taxonomy) -> dict:
    return {"@type": "Article", "headline": plain(card.data["title"])}


_BY_TYPE = {"method": _method, "lab": _lab, "project": _project, "lesson": _lesson}
_CREATIVE_WORKS = {"method", "lesson"}  # the card is itself the work; a lab or project is described by a page


def card_json_ld(card: Card, taxonomy: Taxonomy, url: str, updated: str | None = None) -> dict:
    data = _common(card, taxonomy, url)
    specific = _BY_TYPE[card.type](card, taxonomy)
    text = _about_the_text(card, taxonomy, updated)
    if card.type in _CREATIVE_WORKS:
        specific.update(text)
    else:
        specific["subjectOf"] = {"@type": "WebPage", "url": url, **text}
    return {"@context": data.pop("@context"), "@type": specific.pop("@type"), **data, **specific}


def card_json_ld_script(card: Card, taxonomy: Taxonomy, url: str, updated: str | None = None) -> str:
    """The JSON-LD as text safe to put between <script type="application/ld+json"> and </script>."""
    return script_safe_json(card_json_ld(card, taxonomy, url, updated))
