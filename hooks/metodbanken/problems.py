"""Validation problems as values, and the one place that turns them into text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .problem_messages import problem_text

# Shown as escapes in every message: controls, line and paragraph separators, bidirectional marks, overrides and
# lone surrogates (bytes that were not UTF-8 in a file name).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte Python could not decode, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text safe to print on one terminal line: every unprintable character written as an escape, e.g. \\x0a."""
    return _UNPRINTABLE.sub(_escape, text)


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

    @classmethod
    def of(cls, key: str, path: str, *, line: int | None = None, field: str | None = None, **values: object) -> Problem:
        """The problem `key` of the catalogue (problem_messages.py), its texts written out with `values`."""
        return cls(path, line, field, *problem_text(key, **values))


INTERNAL_ERROR = "internal-error"


def internal_problem(path: str, exc: BaseException) -> Problem:
    """The last resort for an exception nobody foresaw: a problem on the page and in the terminal, not a traceback."""
    try:
        detail = f"{type(exc).__name__}: {exc}"
    except Exception:  # even the exception's own text can break a limit
        detail = type(exc).__name__
    return Problem.of("internal-error", path, detail=detail)


class CardsInvalid(Exception):
    """Raised by the pipeline when any card has a problem; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field or ""))
        super().__init__(format_problems(self.problems))


MAX_SHOWN = 400  # characters of one message; a card can quote a value of many thousands


def _cut(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + " […]"


def shown(text: str) -> str:
    """Text for the terminal: unprintable characters as escapes, and not endless."""
    return _cut(printable(text))


def format_problem(p: Problem) -> str:
    field = f" fält '{shown(p.field)}':" if p.field else ""
    hint = f"\n    Så rättar du: {shown(p.hint)}" if p.hint else ""
    return f"{shown(p.location())}:{field} {shown(p.message)}{hint}"


def _in_files(problems: list[Problem]) -> str:
    """'3 kort', or '3 filer' ('1 fil') when any of them is not a card (docs/, overrides/, the taxonomy)."""
    files = len({p.path for p in problems})
    if not any(p.path.startswith(("docs/", "overrides/", "hooks/")) for p in problems):
        return f"{files} kort"
    return f"{files} fil" if files == 1 else f"{files} filer"


def format_problems(problems: list[Problem]) -> str:
    head = f"{len(problems)} fel i {_in_files(problems)}."
    return "\n".join([head, *(format_problem(p) for p in problems)])


def format_warnings(warnings: list[Problem]) -> str:
    """Warnings are problems that do not stop the build: worth a look, not necessarily wrong."""
    files = len({p.path for p in warnings})
    head = f"{len(warnings)} varning(ar) i {files} kort; de stoppar inte bygget."
    return "\n".join([head, *(format_problem(p) for p in warnings)])


def escape_data(text: str) -> str:
    """GitHub's workflow-command encoding for the message after '::'."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub's encoding for a property value (file=, title=): the data encoding plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github_annotations(problems: list[Problem], level: str = "error") -> str:
    """Workflow commands that mark each problem on its line; `level` is "error" or "warning"."""
    lines = []
    for p in problems:
        props = f"file={escape_property(p.path)}" + (f",line={p.line}" if p.line else "")
        title = f"fält {p.field}" if p.field else p.code
        text = _cut(p.message) + (f" Så rättar du: {_cut(p.hint)}" if p.hint else "")
        lines.append(f"::{level} {props},title={escape_property(title)}::{escape_data(text)}")
    return "\n".join(lines)


_BACKTICKS = re.compile("`+")


def _cell(text: str) -> str:
    """Text from a card (a message quotes its values, a path is a file name) as one Markdown table cell that GitHub
    shows as text and nothing else: a code span, inside which nothing is a link, image, emphasis, heading, HTML or
    autolinked address. The span's fence is longer than any run of backticks in the text; '|' is written '\\|',
    which GitHub's tables read as a '|' even in a code span, and a backslash before it is kept apart from it, so
    that no reader can take the pair for an escaped backslash followed by a '|' that ends the cell."""
    flat = " ".join(shown(text).split())  # one line, controls as escapes, not endless
    if not flat:
        return ""
    flat = flat.replace("\\|", "\\ |").replace("|", "\\|")
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(flat)), default=0) + 1)
    return f"{fence} {flat} {fence}"


def format_markdown(problems: list[Problem], card_count: int) -> str:
    """The result as Markdown, e.g. for a pull request's job summary on GitHub."""
    if not problems:
        return f"## Kontroll av korten\n\n✅ Alla {card_count} kort är giltiga.\n"
    rows = [
        f"| {_cell(p.location())} | {_cell(p.field or '')} | {_cell(p.message)} | {_cell(p.hint)} |" for p in problems
    ]
    return (
        "\n".join(
            [
                f"## Kontroll av korten\n\n❌ {len(problems)} fel i {_in_files(problems)}.\n",
                "| Fil och rad | Fält | Vad är fel | Så rättar du |",
                "| --- | --- | --- | --- |",
                *rows,
            ]
        )
        + "\n"
    )
