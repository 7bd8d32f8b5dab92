"""The templates hold markup only: field labels come from schema.py, decisions from views.py and decision.py."""

import re

import jinja2
import pytest
from jinja2 import nodes

from metodbanken.schema import CARD_TYPES
from metodbanken.site.render import TEMPLATES

# Words a template may type although a field has the same label, and why.
NOT_FIELD_LABELS = {
    # The badge scale names the badges and their parts as badges.py does; those names are not field labels.
    ("badge_scale.md.j2", "Underlag"),
    ("badge_scale.md.j2", "Lokal"),
    ("badge_scale.md.j2", "Partner"),
}
# Jinja filters that filter, sort, count up or look up: choices that belong in Python.
DECIDING_FILTERS = {"selectattr", "rejectattr", "select", "reject", "sort", "dictsort", "groupby", "unique", "sum"}
DECIDING_METHODS = {"append", "get", "items", "update"}
# Where one literal piece of template text ends: Markdown and HTML syntax, punctuation before a value.
TEXT_BREAK = re.compile(r"""[\n*#{}<>\[\]()|:.,;"=]""")


def schema_labels() -> set[str]:
    """Every label and page heading of every field and subfield in schema.py, and the card types' labels."""
    found = set()
    for card_type in CARD_TYPES.values():
        found |= {card_type.label, card_type.label_plural}
        for spec in card_type.fields:
            for f in (spec, *spec.subfields):
                found |= {f.label, f.heading} - {None}
    return found


def parse(source: str) -> nodes.Template:
    return jinja2.Environment().parse(source)


def typed_labels(template: nodes.Template, labels: set[str]) -> list[str]:
    """Labels that stand alone in the template's own text (a heading, a term, a column) or in a string literal."""
    texts = [n.data for n in template.find_all(nodes.TemplateData)]
    texts += [n.value for n in template.find_all(nodes.Const) if isinstance(n.value, str)]
    runs = (run.strip(" -–·\t") for text in texts for run in TEXT_BREAK.split(text))
    return [run for run in runs if run in labels]


def decisions(template: nodes.Template) -> list[str]:
    """Comparisons, inline if-else, dictionaries and list literals, deciding filters and list building."""
    found = [type(n).__name__ for n in template.find_all((nodes.Compare, nodes.CondExpr, nodes.Dict))]
    found += [
        type(n).__name__
        for n in template.find_all((nodes.List, nodes.Tuple))
        if n.items and getattr(n, "ctx", "load") == "load"
    ]
    found += [f"|{n.name}" for n in template.find_all(nodes.Filter) if n.name in DECIDING_FILTERS]
    found += [
        f".{n.node.attr}()"
        for n in template.find_all(nodes.Call)
        if isinstance(n.node, nodes.Getattr) and n.node.attr in DECIDING_METHODS
    ]
    return found


TEMPLATE_FILES = sorted(TEMPLATES.glob("*.j2"))


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_no_template_types_a_field_label(path):
    typed = [
        label
        for label in typed_labels(parse(path.read_text(encoding="utf-8")), schema_labels())
        if (path.name, label) not in NOT_FIELD_LABELS
    ]
    assert typed == [], f"{path.name}: läs etiketten från schema.py (labels.TYP.FÄLT) i stället för att skriva den"


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_no_template_makes_a_decision(path):
    assert decisions(parse(path.read_text(encoding="utf-8"))) == [], f"{path.name}: flytta valet till views.py"


def test_the_label_check_finds_headings_terms_columns_and_strings():
    labels = {"Syfte", "Plats", "Mål", "Målgrupper"}
    template = parse(
        '## Syfte { #syfte }\n\nPlats\n:   {{ d.place }}\n\n  Målgrupper: {{ x }}\n{{ t(["Mål"]) }}\n'
        "Syftet med platsen är mål.\n"
    )
    assert typed_labels(template, labels) == ["Syfte", "Plats", "Målgrupper", "Mål"]


def test_the_decision_check_finds_counting_sorting_and_switching_on_a_name():
    template = parse(
        '{% if card.type == "method" %}x{% endif %}{{ cards | selectattr("data.status") | list | length }}'
        '{{ {"a": "A"}[k] }}{% for t in ("lab", "project") %}{% endfor %}{% set _ = rows.append(1) %}'
        '{{ "metod" if n else "metoder" }}{% for e in d.diary | sort(attribute="date") %}{% endfor %}'
    )
    assert sorted(decisions(template)) == sorted(
        ["Compare", "Dict", "Tuple", ".append()", "CondExpr", "|selectattr", "|sort"]
    )
    allowed = parse(
        "{% for item in items or [] %}{% if item.note and not loop.last %}{{ item | text }}{% endif %}{% endfor %}"
        '{{ "#" * level }}{{ cards | length }}{% for a, b in pairs %}{% endfor %}'
    )
    assert decisions(allowed) == []
