"""Name the real cause of a YAML mistake in a card's front matter, in Swedish, at the line where it is.

libyaml reports where its parser gave up, which is often the line after the mistake and in terms a
contributor cannot act on ("could not find expected ':'"). Worse, some mistakes parse without error
into the wrong shape: a list item with ': ' becomes a mapping, text after ' #' silently disappears.
Both kinds are diagnosed here from the raw lines and the node tree; load.py calls this module once.
"""

from __future__ import annotations

import json
import re

import yaml

from ..problem_messages import problem_text
from ..problems import Problem
from ..schema import CARD_TYPES, CardType, Field

FIELD_NAMES = frozenset(
    {"type"} | {f.name for t in CARD_TYPES.values() for spec in t.fields for f in (spec, *spec.subfields)}
)
KEY_LINE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w]*):(?P<rest>.*)$")
NO_SPACE_AFTER_COLON = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_]\w*):(?P<value>[^\s/].*)$")
TEXT_AFTER_QUOTE = re.compile(r"^\s*(?:-\s+)?(?:\w+:\s+)?(?P<q>[\"'])(?:(?!(?P=q)).)*(?P=q)\s*[^\s#,\]}]")
SPECIAL_START = {
    "*": "'*' (i YAML en hänvisning till ett ankare)",
    "&": "'&' (i YAML ett ankare)",
    "!": "'!' (i YAML en typmarkering)",
    "@": "'@', som YAML reserverar",
    "`": "'`', som YAML reserverar",
    "%": "'%' (i YAML ett direktiv)",
    "[": "'[', som i YAML inleder en lista",
    "{": "'{', som i YAML inleder en post",
}
# A surrogate escape ("\ud800", "\U0000dc80"), else a backslash escape that YAML does not know.
BAD_ESCAPE = re.compile(
    r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}|\\U0000[dD][89a-fA-F][0-9a-fA-F]{2}|\\[^0abtnvfre \"/\\N_LPxuU\t]"
)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _owner(lines: list[str], index: int) -> str | None:
    """The top-level field a line belongs to: the nearest `name:` line at column 0 at or above it."""
    for i in range(min(index, len(lines) - 1), -1, -1):
        found = KEY_LINE.match(lines[i])
        if found and not found["indent"]:
            return found["key"]
    return None


def _quoted(key_and_indent: str, text: str) -> str:
    return f"{key_and_indent}{json.dumps(text.strip(), ensure_ascii=False)}"


def _suggestion(line: str) -> str:
    """The line rewritten with its text in double quotes, e.g. 'summary: "Mål: fler möten"'."""
    found = KEY_LINE.match(line)
    if found and found["rest"].strip():
        return _quoted(f"{found['indent']}{found['key']}: ", found["rest"])
    item = re.match(r"^(\s*-\s+)(.*)$", line)
    if item:
        return _quoted(item[1], item[2])
    return _quoted(" " * _indent(line), line)


class _Diagnosis:
    def __init__(self, rel: str, front: str, line_offset: int):
        self.rel = rel
        self.lines = front.splitlines()
        self.offset = line_offset

    def problem(self, index: int, code: str, message: str, hint: str) -> Problem:
        return Problem(self.rel, index + 1 + self.offset, _owner(self.lines, index), code, message, hint)

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    # --- front matter that does not parse ---

    def error(self, exc: yaml.YAMLError) -> Problem:
        problem_mark = getattr(exc, "problem_mark", None)
        context_mark = getattr(exc, "context_mark", None)
        at = problem_mark.line if problem_mark is not None else 0
        start = context_mark.line if context_mark is not None else at
        context = getattr(exc, "context", None) or ""
        what = getattr(exc, "problem", None) or str(exc)
        if "escape" in what:  # before the quote checks: the escape, not the quote, is what is wrong
            return self.bad_escape(at)
        for check in (self.tab, self.missing_space, self.unclosed_quote, self.text_after_quote):
            found = check(min(start, at), at, context)
            if found:
                return found
        if "mapping values are not allowed" in what:
            return self.colon_in_text(at)
        found = self.special_start(min(start, at), at)
        if found:
            return found
        if "simple key" in context or "expected '-' indicator" in what:
            return self.bare_line(start if "simple key" in context else at)
        return self.problem(at, *problem_text("yaml-syntax", what=what))

    def bad_escape(self, at: int) -> Problem:
        # libyaml refuses an escape that is no character ("\ud800", half of a UTF-16 pair) or that it does not know.
        found = BAD_ESCAPE.search(self.line(at))
        if found:
            return self.problem(at, *problem_text("yaml-escape", escape=found.group()))
        return self.problem(at, *problem_text("yaml-escape/unseen"))

    def tab(self, first: int, last: int, _context: str) -> Problem | None:
        for i in range(0, last + 1):
            line = self.line(i)
            if "\t" in line[: len(line) - len(line.lstrip())]:
                return self.problem(i, *problem_text("yaml-tab"))
        return None

    def missing_space(self, first: int, last: int, _context: str) -> Problem | None:
        for i in range(max(0, first - 1), last + 1):
            found = NO_SPACE_AFTER_COLON.match(self.line(i))
            if found and found["key"] in FIELD_NAMES:
                value = found["value"].strip()
                text = problem_text("yaml-colon-space", name=found["key"], indent=found["indent"], value=value)
                return self.problem(i, *text)
        return None

    def unclosed_quote(self, first: int, _last: int, context: str) -> Problem | None:
        if "quoted scalar" not in context:
            return None
        line = self.line(first)
        quote = '"' if line.count('"') % 2 else "'"
        return self.problem(first, *problem_text("yaml-quote", quote=quote))

    def text_after_quote(self, first: int, last: int, _context: str) -> Problem | None:
        for i in range(first, last + 1):
            line = self.line(i)
            if TEXT_AFTER_QUOTE.match(line):
                return self.problem(i, *problem_text("yaml-quote/text-after", suggestion=_suggestion(line)))
        return None

    def colon_in_text(self, index: int) -> Problem:
        line = self.line(index)
        return self.problem(index, *problem_text("yaml-colon-in-text", suggestion=_suggestion(line)))

    def special_start(self, first: int, last: int) -> Problem | None:
        for i in range(first, last + 1):
            found = KEY_LINE.match(self.line(i))
            value = found["rest"].strip() if found else re.sub(r"^\s*-\s+", "", self.line(i)).strip()
            if (
                value[:1] in SPECIAL_START
                and not (value[0] == "[" and value.endswith("]"))
                and not (value[0] == "{" and value.endswith("}"))
            ):
                start, suggestion = SPECIAL_START[value[0]], _suggestion(self.line(i))
                if value[0] in "[{":  # a list or record that never closes: YAML's syntax, not a special start
                    closer = {"[": "]", "{": "}"}[value[0]]
                    text = problem_text("yaml-syntax/unclosed", start=start, closer=closer, suggestion=suggestion)
                else:
                    text = problem_text("yaml-special-start", start=start, suggestion=suggestion)
                return self.problem(i, *text)
        return None

    def bare_line(self, index: int) -> Problem:
        """A line that is neither `name: value` nor `- item`: an unindented continuation or a missing '- '."""
        line = self.line(index)
        above = next(
            (i for i in range(index - 1, -1, -1) if self.line(i).strip() and not self.line(i).lstrip().startswith("#")),
            None,
        )
        above_line = self.line(above) if above is not None else ""
        found = KEY_LINE.match(line)
        if found and found["key"] in FIELD_NAMES and _indent(line) > 0:
            return self.problem(index, *problem_text("yaml-indent", name=found["key"]))
        in_list = above_line.lstrip().startswith("- ") and _indent(line) <= _indent(above_line)
        if in_list:
            return self.problem(index, *problem_text("yaml-list-item"))
        return self.problem(index, *problem_text("yaml-unindented-line"))

    # --- front matter that parses, but not into what the contributor wrote ---

    def parsed(self, node: yaml.Node | None, card_type: CardType) -> list[Problem]:
        if not isinstance(node, yaml.MappingNode):
            return []
        found: list[Problem] = []
        previous: yaml.Node | None = None
        for key_node, value_node in node.value:
            key = str(key_node.value)
            spec = card_type.field(key)
            if spec is None and key != "type" and self.prose_key(key_node, previous):
                at = key_node.start_mark.line
                found.append(self.problem(at, *problem_text("yaml-unindented-line/colon", text=self.line(at).strip())))
            if spec is not None:
                found += self.shapes(spec, value_node)
            previous = value_node
        return found

    def prose_key(self, key_node: yaml.Node, previous: yaml.Node | None) -> bool:
        text = str(key_node.value)
        looks_like_text = " " in text or text[:1].isupper() or not text.isascii()
        continues = isinstance(previous, yaml.ScalarNode) and not previous.style  # plain: None or ""
        return key_node.start_mark.column == 0 and looks_like_text and continues

    def shapes(self, spec: Field, node: yaml.Node) -> list[Problem]:
        found: list[Problem] = []
        if spec.kind.is_text:
            items = node.value if spec.kind.is_list and isinstance(node, yaml.SequenceNode) else [node]
            for item in items:
                # A block mapping where text belongs comes from ': ' in plain text; `{…}` is written on
                # purpose and is left to validation's wrong-type message.
                if isinstance(item, yaml.MappingNode) and not item.flow_style:
                    found.append(self.colon_in_text(item.start_mark.line))
                elif isinstance(item, yaml.ScalarNode):
                    found += self.comment_after(item)
        elif spec.subfields and isinstance(node, yaml.SequenceNode):
            for record in node.value:
                if isinstance(record, yaml.MappingNode):
                    for key_node, value_node in record.value:
                        sub = next((s for s in spec.subfields if s.name == key_node.value), None)
                        if sub is not None:
                            found += self.shapes(sub, value_node)
        return found

    def comment_after(self, node: yaml.ScalarNode) -> list[Problem]:
        """Plain text followed by ' #' on its line: YAML drops everything from '#' as a comment."""
        if node.style:  # quoted or block text keeps its "#"
            return []
        rest = self.line(node.end_mark.line)[node.end_mark.column :]
        if not re.match(r"^\s+#", rest):
            return []
        line = self.line(node.end_mark.line)
        return [self.problem(node.end_mark.line, *problem_text("yaml-comment-in-text", suggestion=_suggestion(line)))]


def diagnose_error(rel: str, exc: yaml.YAMLError, front: str, line_offset: int) -> Problem:
    """The problem for front matter that YAML could not parse. `line_offset`: file lines before `front`."""
    return _Diagnosis(rel, front, line_offset).error(exc)


def diagnose_parsed(
    rel: str, node: yaml.Node | None, front: str, card_type: CardType, line_offset: int
) -> list[Problem]:
    """Mistakes that parse without error into the wrong shape; empty when the front matter is what it seems."""
    return _Diagnosis(rel, front, line_offset).parsed(node, card_type)
