"""Check every card against the schema and taxonomy; return all problems, never stop at the first."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from urllib.parse import unquote

from ..field_kinds import ID_PATTERN, in_future
from ..markup import ADMONITION_TYPES
from ..problem_messages import problem_text
from ..problems import Problem, internal_problem, printable
from ..schema import CARD_TYPES, Field
from ..taxonomy import TAXONOMY_PATH, Taxonomy
from ..urls import is_local_url, url_scheme
from .contact_data import contact_data
from .documentation_scale import documentation_problems
from .history import build_date
from .load import FORBIDDEN_CHARACTER, Card, limit_problem, value_limit
from .site_files import LINKABLE_ENDINGS, linkable

# Every pattern below is linear in the length of the text: no unbounded run that can be retried from each
# of many start positions (a 300 000-character line took minutes with the earlier e-mail pattern).
# The same language as '<\s*/?\s*[a-zA-Z]…': two whitespace runs with nothing between split a run of spaces in
# every way, and '<' and 100 000 spaces took six minutes.
HTML_TAG = re.compile(r"<\s*(?:/\s*)?[a-zA-Z][^<>]*>|<!--")
SCRIPTY_LINK = re.compile(r"(?i)\b(?:javascript|vbscript|data)\s*:")
# attr_list syntax ('{: onclick=… }', '{ .class }', '{ #id }'): it would set HTML attributes on the page.
ATTR_LIST = re.compile(r"\{\s*:|\{\s*[.#][\w-]|\{[^{}\n]{0,200}=")
# An admonition's first line as the admonition extension reads it, at any depth of list or quote: '!!! tip "Rubrik"'.
# Every word before the title becomes a class on the box; card text may name one type of markup.ADMONITION_TYPES.
ADMONITION = re.compile(r'^[ \t>]*!!! ?([\w-]+(?: +[\w-]+)*)(?: +"[^\n]*")? *$', re.MULTILINE)
BODY_HEADING = re.compile(r"^(#{1,2})\s", re.MULTILINE)
# A line of only '=' or '-' under a line of text makes that text a heading (Markdown's setext heading).
SETEXT_UNDERLINE = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
# Python-Markdown's toc extension puts a table of contents where a paragraph is exactly its marker.
TOC_MARKER = re.compile(r"\[TOC\]")
# A YAML escape such as "\ud800" gives half of a UTF-16 pair, which is no character at all.
SURROGATE = re.compile("[\ud800-\udfff]")
BODY_PLACEHOLDER = "SKRIV HÄR"  # starts the body line that `new` (scaffold.py) leaves for the contributor

# Safety rules for every piece of card text: (pattern, code, what is wrong, how to fix it), the texts from the
# catalogue (problem_messages.py). Contact data (privacy) is looked for by contact_data.py, in the text as a reader
# sees it.
TEXT_RULES = (
    (HTML_TAG, *problem_text("raw-html")),
    (SCRIPTY_LINK, *problem_text("unsafe-link")),
    (ATTR_LIST, *problem_text("attribute-syntax")),
    (TOC_MARKER, *problem_text("toc-marker")),
)

# Where a Markdown link or image target starts: '](' inline, or '[name]:' for a reference definition.
LINK_TARGET_START = re.compile(r"\]\(|^[ ]{0,3}\[[^\]\n]{1,200}\]:", re.MULTILINE)
CARD_LINK_SCHEMES = ("https", "http")  # links in card text; sanitise.py also lets mailto: through
TAXONOMY_FILE = f"hooks/metodbanken/{TAXONOMY_PATH.name}"  # as the repository names it, for messages
MAX_REPORTED = 20  # problems of one kind reported per card before the rest are summed up


MAX_LINKS = 100  # per text; real cards have a handful, and each one costs a look
# Characters and lines between two blank lines. Python-Markdown's time grows with the square of a paragraph's
# length when it is full of marks, and with the square of its lines when each line is a heading or a rule (the
# tables extension splits the rest of the block again for each); site/render.py cuts longer ones. The longest
# paragraph in a card has 1 400 characters, the longest list 15 lines.
MAX_PARAGRAPH = 5_000
MAX_PARAGRAPH_LINES = 100
PARAGRAPH = re.compile(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*")  # linear: each line is read once, from its start


def link_targets(text: str) -> list[tuple[bool, str]]:
    """(is image, raw target) for the first MAX_LINKS Markdown links and images; a target may span lines."""
    if "](" not in text and "]:" not in text:
        return []
    images_by_reference = "![" in text
    found: list[tuple[bool, str]] = []
    for match in LINK_TARGET_START.finditer(text):
        if len(found) == MAX_LINKS:
            break
        start = match.end()
        rest = text[start : start + 2000]
        if match.group() == "](":
            opening = text.rfind("[", max(0, match.start() - 300), match.start())
            is_image = opening > 0 and text[opening - 1] == "!"
            found.append((is_image, rest.split(")", 1)[0]))
        else:  # a reference definition: any image in the text may use it
            found.append((images_by_reference, rest.strip().split("\n", 1)[0]))
    return found


def long_paragraphs(text: str):
    """The paragraphs (text between blank lines) longer than MAX_PARAGRAPH or MAX_PARAGRAPH_LINES, as matches."""
    if len(text) <= MAX_PARAGRAPH and text.count("\n") < MAX_PARAGRAPH_LINES:
        return
    for paragraph in PARAGRAPH.finditer(text):
        if too_long(paragraph.group()):
            yield paragraph


def too_long(paragraph: str) -> bool:
    return len(paragraph) > MAX_PARAGRAPH or paragraph.count("\n") >= MAX_PARAGRAPH_LINES


def too_many_links(text: str) -> bool:
    return text.count("](") + text.count("]:") > MAX_LINKS


def link_url(target: str) -> str:
    """The URL part of a link target, without '<…>' and an optional title."""
    target = target.strip()
    if target.startswith("<"):
        return target[1:].split(">", 1)[0]
    return target.split(None, 1)[0] if target else ""


def page_headings(lines: list[str]) -> list[tuple[int, str | None]]:
    """(index, marks) for every line that would make a heading of level 1 or 2, which the page template keeps for
    itself: '# ' and '## ' (marks '#' or '##'), and a line of only '=' or '-' right under a line of text
    (Markdown's setext heading, marks None)."""
    found: list[tuple[int, str | None]] = []
    for offset, line_text in enumerate(lines):
        if offset and lines[offset - 1].strip() and SETEXT_UNDERLINE.match(line_text):
            found.append((offset, None))
        heading = BODY_HEADING.match(line_text)
        if heading:
            found.append((offset, heading.group(1)))
    return found


def heading_text(marks: str | None, in_body: bool) -> tuple[str, str, str]:
    """(code, message, hint) for a heading page_headings found, in the body or in a field of the front matter."""
    if marks is None:
        return problem_text("body-heading/setext" if in_body else "field-heading/setext")
    return problem_text("body-heading" if in_body else "field-heading", level=len(marks), marks=marks)


def nearest(value: str, options: list[str]) -> str | None:
    match = difflib.get_close_matches(value, options, n=1, cutoff=0.5)
    return match[0] if match else None


class _CardChecker:
    def __init__(self, card: Card, taxonomy: Taxonomy, today: date):
        self.card = card
        self.taxonomy = taxonomy
        self.today = today  # the build date: dates that tell what has happened may not come after it
        self.problems: list[Problem] = []
        self.guesses = 0

    def nearest(self, value: object, options: list[str]) -> str | None:
        """A guess at what was meant, for the first MAX_REPORTED values only: each guess costs a comparison."""
        self.guesses += 1
        text = str(value)
        return nearest(text, options) if self.guesses <= MAX_REPORTED and len(text) <= 200 else None

    def add(self, field: str | None, code: str, message: str, hint: str = "") -> None:
        top = field.split(".")[0].split("[")[0] if field else None
        line = self.card.line_of(top) if top else None
        self.problems.append(Problem(self.card.path, line, field, code, message, hint))

    def run(self) -> list[Problem]:
        card_type = CARD_TYPES[self.card.type]
        known = [f.name for f in card_type.fields]
        # A field past Python's limits (load.py refuses such files) is reported once and not looked at further:
        # printing or walking it would raise instead.
        data = {}
        for name, value in self.card.data.items():
            broken = value_limit(name) or value_limit(value)
            if broken:
                where = name if isinstance(name, str) else None
                self.problems.append(limit_problem(self.card.path, self.card.line_of(where), where or "", broken))
            else:
                data[name] = value
        for name in data:
            if name not in known:
                guess = self.nearest(name, known)
                type_label = card_type.label.lower()
                if guess:
                    self.add(str(name), *problem_text("unknown-field", name=name, type_label=type_label, guess=guess))
                else:
                    known_text = ", ".join(known)
                    text = problem_text("unknown-field/no-guess", name=name, type_label=type_label, known=known_text)
                    self.add(str(name), *text)
        for spec in card_type.fields:
            if spec.name not in data or data[spec.name] in (None, "", []):
                if spec.required:
                    text = problem_text(
                        "missing-field", name=spec.name, label=spec.label, words=spec.kind.words, help=spec.help
                    )
                    self.add(spec.name, *text)
                continue
            spec.kind.check(self, spec, data[spec.name], spec.name)  # field_kinds.py
        self.check_texts(data, "")
        self.check_names()
        self.check_self_reference()
        self.check_body()
        return self.problems

    def check_names(self) -> None:
        """A title or alias in Latin letters with one of another script in it looks like a name it is not."""
        aliases = self.card.data.get("aliases")
        named = [("title", self.card.data.get("title"))]
        named += [(f"aliases[{i + 1}]", a) for i, a in enumerate(aliases if isinstance(aliases, list) else [])]
        for where, name in named:
            if not isinstance(name, str):
                continue
            others = scripts_of(name) - {"LATIN"}
            if others and "LATIN" in scripts_of(name):
                scripts = ", ".join(sorted(SCRIPT_WORDS.get(o, o.lower()) for o in others))
                self.add(where, *problem_text("mixed-script", scripts=scripts))

    def check_self_reference(self) -> None:
        for top, spec, target in references(self.card):
            if spec.ref_type == self.card.type and target == self.card.id:
                self.add(top, *problem_text("self-reference", target=target, name=spec.name))

    def check_texts(self, value: object, where: str) -> None:
        """Safety and privacy checks on every piece of text in the front matter."""
        if isinstance(value, dict):
            for k, v in value.items():
                self.check_texts(v, f"{where}.{k}" if where else str(k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.check_texts(v, f"{where}[{i + 1}]")
        elif isinstance(value, str):
            self.check_text(value, where, field_name=where)
            for _, marks in page_headings(value.split("\n"))[:1]:  # in prose fields they would be headings too
                self.add(where, *heading_text(marks, in_body=False))

    def check_text(self, text: str, where: str | None, field_name: str | None, line: int | None = None) -> None:
        def add(code, message, hint):
            if line is not None:
                self.problems.append(Problem(self.card.path, line, field_name, code, message, hint))
            else:
                self.add(where, code, message, hint)

        for pattern, code, message, hint in TEXT_RULES:
            if pattern.search(text):
                add(code, message, hint)
        self.check_admonitions(text, add)
        for found in contact_data(text):
            add(found.code, found.message, found.hint)
        # A YAML escape ("\0", "\u2028") puts such a character in a value without it being in the file.
        character = FORBIDDEN_CHARACTER.search(text)
        if character:
            add(*problem_text("control-character/in-text", code_point=f"U+{ord(character.group()):04X}"))
        surrogate = SURROGATE.search(text)
        if surrogate:
            add(*problem_text("lone-surrogate", escape=f"\\u{ord(surrogate.group()):04x}"))
        self.check_links(text, add)
        if where is not None:  # the body is checked a paragraph at a time in check_body
            self.check_paragraphs(text, add)
        if too_many_links(text):
            add(*problem_text("too-many-links", limit=MAX_LINKS))

    def check_admonitions(self, text: str, add) -> None:
        """A box ('!!! type') of a type the theme styles, and only one: any other word would be a class on the page."""
        for match in ADMONITION.finditer(text):
            words = match.group(1).lower().split()  # the extension lowercases them too
            if len(words) == 1 and words[0] in ADMONITION_TYPES:
                continue
            shown, types = printable(match.group(1)[:80]), ", ".join(ADMONITION_TYPES)
            if len(words) == 1:
                add(*problem_text("admonition-type", shown=shown, types=types))
            else:
                add(*problem_text("admonition-type/words", shown=shown, count=len(words), types=types))
            return

    def check_paragraphs(self, text: str, add) -> None:
        for paragraph in long_paragraphs(text):
            text = paragraph.group()
            add(
                *problem_text(
                    "long-paragraph",
                    length=len(text),
                    line_count=text.count("\n") + 1,
                    max_characters=MAX_PARAGRAPH,
                    max_lines=MAX_PARAGRAPH_LINES,
                )
            )
            return

    def check_links(self, text: str, add) -> None:
        """Link schemes read as a browser reads them (line breaks and controls removed); images only local."""
        for is_image, target in link_targets(text):
            self.check_link_target(is_image, target, add)

    def check_link_target(self, is_image: bool, target: str, add) -> None:
        url = link_url(target)
        scheme = url_scheme(target)
        local_path = unquote(url.split("#", 1)[0].split("?", 1)[0]) if is_local_url(url) else ""
        if not linkable(local_path):
            endings = ", ".join(e for e in LINKABLE_ENDINGS if e)
            add(*problem_text("link-file-type", file=printable(local_path[-80:]), endings=endings))
        elif scheme is not None and scheme not in CARD_LINK_SCHEMES:
            add(*problem_text("unsafe-link/scheme", scheme=printable(scheme)))
        elif is_image and not is_local_url(url):
            add(*problem_text("external-image", url=printable(url[:80])))

    def check_body(self) -> None:
        body = self.card.body
        lines = body.splitlines()
        for offset, line_text in enumerate(lines):
            line = self.card.body_line + offset
            self.check_text(line_text, None, "brödtext", line=line)
            if line_text.lstrip().startswith(BODY_PLACEHOLDER):
                self.problems.append(
                    Problem.of(
                        "placeholder-left", self.card.path, line=line, field="brödtext", placeholder=BODY_PLACEHOLDER
                    )
                )
        for offset, marks in page_headings(lines):
            self.problems.append(
                Problem(self.card.path, self.card.body_line + offset, "brödtext", *heading_text(marks, in_body=True))
            )
        for paragraph in long_paragraphs(body):
            at = self.card.body_line + body.count("\n", 0, paragraph.start())
            self.check_paragraphs(
                paragraph.group(),
                lambda code, message, hint, at=at: self.problems.append(
                    Problem(self.card.path, at, "brödtext", code, message, hint)
                ),
            )
            break
        # Links can run over lines ('[x](java' / 'script:…)') and an image can use a reference defined on
        # another line: look at the whole body once more for those.
        line, counted_to = self.card.body_line, 0
        for (is_image, target), start in zip(link_targets(body), LINK_TARGET_START.finditer(body), strict=False):
            if "\n" in target or (is_image and start.group() != "]("):
                line += body.count("\n", counted_to, start.start())
                counted_to = start.start()
                self.check_link_target(
                    is_image,
                    target,
                    lambda code, message, hint, at=line: self.problems.append(
                        Problem(self.card.path, at, "brödtext", code, message, hint)
                    ),
                )


def _ref_specs(card_type: str) -> list[tuple[str, Field, Field | None]]:
    """(top-level field, reference field, parent objects field) for every card reference in a type."""
    out = []
    for spec in CARD_TYPES[card_type].fields:
        if spec.ref_type:
            out.append((spec.name, spec, None))
        for sub in spec.subfields:
            if sub.ref_type:
                out.append((spec.name, sub, spec))
    return out


def references(card: Card) -> list[tuple[str, Field, str]]:
    """Every (top-level field, reference field spec, target id) in a card."""
    refs = []
    for top, spec, parent in _ref_specs(card.type):
        value = card.data.get(top)
        items = value if parent is not None else [value]
        for item in items if isinstance(items, list) else []:
            raw = item.get(spec.name) if parent is not None and isinstance(item, dict) else item
            targets = raw if isinstance(raw, list) else [raw]
            refs.extend((top, spec, t) for t in targets if isinstance(t, str))
    return refs


# Cyrillic and Greek letters drawn like Latin ones: 'Dеep Talk' with a Cyrillic е is the same title to a reader.
_LOOK_ALIKES = str.maketrans(
    "АВЕЅІЈКМНОРСТХУаеіјорсухѕԁԛԝһӏ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαικνορτυχ",  # Greek
    "ABESIJKMHOPCTXYaeijopcyxsdqwhlABEZHIKMNOPTYXaiknoptux",
)


SCRIPT_WORDS = {
    "CYRILLIC": "kyrillisk",
    "GREEK": "grekisk",
    "ARMENIAN": "armenisk",
    "CHEROKEE": "cherokee",
    "ARABIC": "arabisk",
    "HEBREW": "hebreisk",
    "FULLWIDTH": "breda tecken",
    "MATHEMATICAL": "matematiska tecken",
}


def scripts_of(text: str) -> set[str]:
    """The scripts of the letters in a text by their Unicode names ('LATIN', 'CYRILLIC', 'GREEK', 'ARMENIAN' …);
    digits, punctuation and combining marks belong to none. Python has no script property; the name's first
    word is the script for letters, and fullwidth or mathematical forms of Latin letters count as their own."""
    found = set()
    for c in set(text):
        if unicodedata.category(c).startswith("L"):
            name = unicodedata.name(c, "UNKNOWN")
            found.add(name.split()[0] if not name.startswith("LATIN ") else "LATIN")
    return found


def comparable_name(name: str) -> str:
    """A title as a reader sees it: Unicode-normalised, without invisible characters, look-alikes folded."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")  # zero-width space, joiner, soft hyphen …
    text = text.translate(_LOOK_ALIKES)
    return " ".join(text.casefold().split())


def check_collection(cards: list[Card]) -> list[Problem]:
    """Problems that need all cards at once: duplicate ids and titles, references to missing cards."""
    problems: list[Problem] = []
    by_id: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        by_id[card.id].append(card)
    for card_id, same in by_id.items():
        for card in same[1:]:
            problems.append(Problem.of("duplicate-id", card.path, card_id=card_id, other=same[0].path))
    names: dict[tuple[str, str], Card] = {}
    for card in cards:
        aliases = card.data.get("aliases")
        for field_name, name in [("title", card.data.get("title"))] + [
            ("aliases", a) for a in (aliases if isinstance(aliases, list) else [])
        ]:
            if not isinstance(name, str):
                continue
            key = (card.type, comparable_name(name))
            other = names.get(key)
            if other is not None and other is not card:
                problems.append(
                    Problem.of(
                        "duplicate-title",
                        card.path,
                        line=card.line_of(field_name),
                        field=field_name,
                        name=name,
                        other=other.path,
                    )
                )
            names.setdefault(key, card)
    ids_by_type: dict[str, set[str]] = defaultdict(set)
    for card in cards:
        ids_by_type[card.type].add(card.id)
    for card in cards:
        missing = 0
        for top, spec, target in references(card):
            if not ID_PATTERN.match(target) or target in ids_by_type[spec.ref_type]:
                continue
            missing += 1
            if missing > MAX_REPORTED:  # a guess per reference costs; a long list helps nobody
                continue
            folder = CARD_TYPES[spec.ref_type].folder
            guess = nearest(target, sorted(ids_by_type[spec.ref_type]))
            line = card.line_of(top)
            if guess:
                problem = Problem.of(
                    "missing-reference", card.path, line=line, field=top, target=target, folder=folder, guess=guess
                )
            else:
                problem = Problem.of(
                    "missing-reference/no-guess", card.path, line=line, field=top, target=target, folder=folder
                )
            problems.append(problem)
        if missing > MAX_REPORTED:
            problems.append(Problem.of("missing-reference/more", card.path, count=missing - MAX_REPORTED))
    return problems


def future_documents(taxonomy: Taxonomy, today: date) -> list[Problem]:
    """A source document published after the build date: its year is shown on every card that cites it."""
    return [
        Problem.of(
            "future-date/document",
            TAXONOMY_FILE,
            field=f"documents/{term.id}.published",
            document=term.id,
            published=term.published,
            today=today.isoformat(),
        )
        for term in taxonomy.groups.get("documents", [])
        if term.published and in_future(str(term.published), today)
    ]


def check_card(card: Card, taxonomy: Taxonomy, today: date) -> list[Problem]:
    """The problems of one card on its own: its fields, texts and body against the schema and taxonomy."""
    problems: list[Problem] = []
    try:
        problems.extend(_CardChecker(card, taxonomy, today).run())
        problems.extend(documentation_problems(card))  # documentation_scale.py: what each level demands
    except Exception as exc:  # a last resort: the card is named, and the other cards are still checked
        problems.append(internal_problem(card.path, exc))
    return problems


def validate(
    cards: list[Card],
    taxonomy: Taxonomy,
    today: date | None = None,
    check: Callable[[Card, Taxonomy, date], list[Problem]] = check_card,
) -> list[Problem]:
    """`today`: the build date (history.build_date) unless a test gives another. `check` checks one card in place of
    check_card, with its arguments (under `mkdocs serve`: checked_cards.py)."""
    problems: list[Problem] = []
    today = today or build_date()
    for card in cards:
        problems.extend(check(card, taxonomy, today))
    problems.extend(future_documents(taxonomy, today))
    problems.extend(check_collection(cards))
    return problems
