"""Validation problems as values, and the one place that turns them into text."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the repository root, with forward slashes
    line: int | None
    field: str | None
    code: str  # stable machine-readable kind, e.g. "unknown-taxonomy-value"
    message: str  # Swedish: what is wrong
    hint: str = ""  # Swedish: how to fix it

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class CardsInvalid(Exception):
    """Raised by the pipeline when any card has a problem; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field or ""))
        super().__init__(format_problems(self.problems))


def format_problem(p: Problem) -> str:
    field = f" fält '{p.field}':" if p.field else ""
    hint = f"\n    Så rättar du: {p.hint}" if p.hint else ""
    return f"{p.location()}:{field} {p.message}{hint}"


def format_problems(problems: list[Problem]) -> str:
    files = len({p.path for p in problems})
    head = f"{len(problems)} fel i {files} kort."
    return "\n".join([head, *(format_problem(p) for p in problems)])


def _annotation_escape(text: str) -> str:
    # GitHub's workflow-command encoding for message data.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github_annotations(problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        props = f"file={p.path}" + (f",line={p.line}" if p.line else "")
        title = f"fält {p.field}" if p.field else p.code
        text = p.message + (f" Så rättar du: {p.hint}" if p.hint else "")
        lines.append(f"::error {props},title={_annotation_escape(title).replace(',', '%2C')}::{_annotation_escape(text)}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    # A Markdown table cell: no line breaks, '|' escaped, and no HTML from card text.
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def format_markdown(problems: list[Problem], card_count: int) -> str:
    """The result as Markdown, e.g. for a pull request's job summary on GitHub."""
    if not problems:
        return f"## Kontroll av korten\n\n✅ Alla {card_count} kort är giltiga.\n"
    files = len({p.path for p in problems})
    rows = [f"| `{_cell(p.location())}` | {_cell(p.field or '')} | {_cell(p.message)} | {_cell(p.hint)} |"
            for p in problems]
    return "\n".join([f"## Kontroll av korten\n\n❌ {len(problems)} fel i {files} kort.\n",
                      "| Fil och rad | Fält | Vad är fel | Så rättar du |", "| --- | --- | --- | --- |", *rows]) + "\n"
