"""Field kinds: what sort of value a card field holds, and everything that depends on that sort.

One class per kind (a family of kinds shares a base class). schema.py names each field's kind; every other
module asks the kind instead of testing its name.
"""

from __future__ import annotations


class FieldKind:
    """A sort of field value; the subclasses override what differs."""

    name = ""  # as schema.py writes it and the JSON exports and the form spec emit it
    words = ""  # how a value is written, in Swedish, for error messages and the contributor guide

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class TextKind(FieldKind):
    """One line of plain text."""

    name = "text"
    words = "en rad text"


class MarkdownKind(TextKind):
    """Prose; Markdown allowed, no HTML."""

    name = "markdown"
    words = "en text"


class ListKind(FieldKind):
    """A YAML list of values."""


class TextListKind(ListKind):
    """A list of one-line texts or short Markdown paragraphs."""

    name = "text_list"
    words = "en lista med texter (en rad per punkt som börjar med '- ')"


class TaxonomyKind(FieldKind):
    """One id from a taxonomy group (Field.taxonomy)."""

    name = "taxonomy"
    words = "ett id ur taxonomin"


class TaxonomyListKind(ListKind):
    """Ids from a taxonomy group."""

    name = "taxonomy_list"
    words = "en lista med id ur taxonomin, t.ex. [a, b]"


class CardRefKind(FieldKind):
    """One id of a card of Field.ref_type."""

    name = "card_ref"
    words = "ett kort-id"


class CardRefListKind(ListKind):
    """Ids of other cards of Field.ref_type."""

    name = "card_ref_list"
    words = "en lista med kort-id, t.ex. [deep-talk]"


class PeriodKind(FieldKind):
    """{start, end}: years or dates as text."""

    name = "period"
    words = "start och slut, t.ex. {start: '2018', end: '2019'}"


class DateKind(FieldKind):
    """YYYY-MM-DD."""

    name = "date"
    words = "ett datum ÅÅÅÅ-MM-DD inom citattecken"


class DateOrMonthKind(DateKind):
    """YYYY, YYYY-MM or YYYY-MM-DD."""

    name = "date_or_month"
    words = "ett år, en månad eller ett datum"


class UrlKind(FieldKind):
    """An http(s) address."""

    name = "url"
    words = "en webbadress som börjar med https://"


class IntegerKind(FieldKind):
    name = "integer"
    words = "ett heltal utan mellanslag"


class ObjectsKind(ListKind):
    """A list of mappings described by Field.subfields."""

    name = "objects"
    words = "en lista med poster"


KINDS: dict[str, FieldKind] = {
    kind.name: kind
    for kind in (
        TextKind(),
        MarkdownKind(),
        TextListKind(),
        TaxonomyKind(),
        TaxonomyListKind(),
        CardRefListKind(),
        CardRefKind(),
        PeriodKind(),
        DateKind(),
        DateOrMonthKind(),
        UrlKind(),
        IntegerKind(),
        ObjectsKind(),
    )
}
