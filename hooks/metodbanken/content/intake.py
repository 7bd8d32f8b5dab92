"""`import`: the editors take in a card sent by mail (pasted text or a saved .eml/.txt) or as a downloaded .md file.

The card is the text from the first `---` line to the end of the body. Mail programs change text on the way:
they encode it as quoted-printable or base64, quote it with `> ` in a reply or forward, wrap long lines, and
add a signature after a `-- ` line. Each of those is undone here, and nothing else is changed: the editors
read the card that was sent, and validation says what is wrong with it.
"""

from __future__ import annotations

import email
import email.policy
import html
import quopri
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..problems import printable
from ..schema import CARD_TYPES, CardType
from .scaffold import id_from_title, id_refusal

# A saved mail starts with header lines such as "From: …" or "Content-Type: …" before a blank line.
MAIL_HEADER = re.compile(r"\A(?:[A-Za-z][A-Za-z0-9-]*:[^\n]*\n(?:[ \t][^\n]*\n)*){2,}\r?\n")
# Quoted-printable left in pasted text: a soft line break ("=" at the end of a line) or an encoded byte.
QUOTED_PRINTABLE = re.compile(r"=\r?\n|=[0-9A-F]{2}")
QUOTE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)+")
SIGNATURE = "-- "  # RFC 3676: a signature follows a line holding exactly this
FENCE = "---"
# A front-matter line that starts something of its own; any other line after a wrapped one continues it.
YAML_LINE_START = re.compile(r"^\s*(?:#|-(?:\s|$)|[A-Za-z_][\w-]*\s*:(?:\s|$)|---\s*$|\.\.\.\s*$)")
HTML_TAG = re.compile(r"<[^>]*>")
HTML_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d)\s*/?>", re.IGNORECASE)


class IntakeError(Exception):
    """A Swedish message for the editor; nothing has been written."""


@dataclass(frozen=True)
class Intake:
    card_type: CardType
    card_id: str
    text: str  # the card as it will be saved

    @property
    def relative_path(self) -> str:
        return f"{self.card_type.folder}/{self.card_id}.md"


def decode(raw: bytes) -> str:
    """Text as a file or a paste holds it: UTF-8, else Windows-1252, which Windows programs still save .txt in."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def mail_body(raw: bytes) -> str:
    """The readable text of a saved mail (.eml), or the text itself when it is not a mail."""
    text = decode(raw)
    if not MAIL_HEADER.match(text.replace("\r\n", "\n")):
        return text
    message = email.message_from_bytes(raw, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise IntakeError(
            "Mejlet har ingen text att läsa kortet ur (bara bilagor?). Spara bilagan som en .md-fil och "
            "ta emot den filen i stället."
        )
    body = part.get_content()
    if part.get_content_subtype() == "html":
        body = html.unescape(HTML_TAG.sub("", HTML_BREAK.sub("\n", body))).replace("\xa0", " ")
    elif part.get_param("format") == "flowed":
        body = unflow(body, part.get_param("delsp") == "yes")
    return body


def unflow(text: str, delete_space: bool = False) -> str:
    """RFC 3676 format=flowed: a line ending in a space goes on in the next line."""
    out: list[str] = []
    joining = False
    for line in text.split("\n"):
        if line.startswith(" "):
            line = line[1:]  # space-stuffing
        if joining:
            out[-1] += line
        else:
            out.append(line)
        joining = line.endswith(" ") and line != SIGNATURE
        if joining and delete_space:
            out[-1] = out[-1][:-1]
    return "\n".join(out)


def undo_quoted_printable(text: str) -> str:
    """Quoted-printable pasted as it was (a mail's source view): decoded only when the result is UTF-8 text."""
    if not QUOTED_PRINTABLE.search(text):
        return text
    try:
        return quopri.decodestring(text.encode("utf-8")).decode("utf-8")
    except UnicodeDecodeError:
        return text


def _unquote(lines: list[str], start: int) -> list[str]:
    """The lines from `start` on without the `> ` quoting of the opening `---` line; lines quoted less end it."""
    depth = QUOTE_PREFIX.match(lines[start]).group().count(">") if QUOTE_PREFIX.match(lines[start]) else 0
    if not depth:
        return lines[start:]
    out = []
    for line in lines[start:]:
        prefix = QUOTE_PREFIX.match(line)
        if not prefix or prefix.group().count(">") < depth:
            if line.strip():
                break
            out.append("")
            continue
        # Remove exactly `depth` quote marks, each with the one space a mail program adds after it.
        out.append(re.sub(r"^[ \t]*" + r"(?:>[ \t]?)" * depth, "", line, count=1))
    return out


def card_text_from_mail(text: str) -> str:
    """The card in a mail's text: from the first `---` line (quoted or not) to the end of the body, without a
    signature; quoted-printable and wrapped front-matter lines undone."""
    text = undo_quoted_printable(text.replace("\r\n", "\n").replace("\r", "\n")).lstrip("\ufeff")
    lines = text.split("\n")
    start = next(
        (i for i, line in enumerate(lines) if QUOTE_PREFIX.sub("", line).strip() == FENCE),
        None,
    )
    if start is None:
        raise IntakeError(
            "Hittade inget kort i texten: ett kort börjar med en rad med bara '---'. Klistra in hela mejlet, "
            "eller spara det som en .eml-fil och ange filen."
        )
    lines = _unquote(lines, start)
    if SIGNATURE in lines:
        lines = lines[: lines.index(SIGNATURE)]
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == FENCE), None)
    if end is None:
        raise IntakeError(
            "Kortets framsida tar aldrig slut: det finns ingen andra rad med bara '---' efter fälten. "
            "Kontrollera att hela kortet kom med i mejlet."
        )
    front = [line.rstrip() for line in lines[1:end]]
    body = "\n".join(lines[end + 1 :]).strip("\n")
    front_text = "\n".join(front)
    if not _parses(front_text):
        front_text = "\n".join(unwrap(front))
    return f"{FENCE}\n{front_text}\n{FENCE}\n" + (f"{body}\n" if body else "")


def _parses(front: str) -> bool:
    try:
        return isinstance(yaml.safe_load(front), dict)
    except yaml.YAMLError:
        return False


def unwrap(front: list[str]) -> list[str]:
    """Front-matter lines a mail program wrapped, joined again: a line that starts nothing of its own (no
    field name, list dash or comment) continues the line before it."""
    out: list[str] = []
    for line in front:
        if out and out[-1].strip() and line.strip() and not YAML_LINE_START.match(line):
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line)
    return out


def front_matter(card_text: str) -> dict:
    front = card_text.split(f"\n{FENCE}\n", 1)[0].removeprefix(f"{FENCE}\n")
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (rad {mark.line + 2} i kortet)" if mark else ""
        raise IntakeError(
            f"Kortets fält går inte att läsa{where}, så det går inte att se vad för slags kort det är. "
            "Spara texten som en fil, rätta raden och ta emot filen; eller kör validate när den ligger på "
            "plats för ett utförligare besked."
        ) from None
    if not isinstance(data, dict):
        raise IntakeError(
            "Kortets framsida har inga fält på formen 'namn: värde'. Kontrollera att hela kortet kom med."
        )
    return data


def prepare(card_text: str, root: Path, card_id: str | None = None) -> Intake:
    """Where the card goes: its type's folder and an id from its title (or `card_id`); refuse to overwrite."""
    data = front_matter(card_text)
    type_name = data.get("type")
    if type_name not in CARD_TYPES:
        allowed = ", ".join(CARD_TYPES)
        raise IntakeError(
            f"Kortets 'type' är {printable(str(type_name))!r}, men ska vara en av: {allowed}. "
            "Rätta raden 'type:' i kortet."
        )
    card_type = CARD_TYPES[type_name]
    title = data.get("title")
    if card_id is None:
        if not isinstance(title, str) or not title.strip():
            raise IntakeError("Kortet saknar 'title', som filnamnet bildas av. Ange ett filnamn med --id.")
        card_id = id_from_title(title)
    refused = id_refusal(card_id)
    if refused:
        raise IntakeError(refused)
    for other in CARD_TYPES.values():
        if (root / other.folder / f"{card_id}.md").exists():
            raise IntakeError(
                f"{other.folder}/{card_id}.md finns redan; inget har skrivits över. Är det samma kort, jämför "
                "texterna och ändra i det befintliga kortet. Är det ett annat, ange ett eget id med --id."
            )
    return Intake(card_type, card_id, card_text)


def save(intake: Intake, root: Path) -> Path:
    path = root / intake.relative_path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite, even in a race
            handle.write(intake.text)
    except FileExistsError:
        raise IntakeError(f"{intake.relative_path} finns redan; inget har skrivits över.") from None
    return path


def read_source(path: Path) -> str:
    """A card from a file: a downloaded .md as it is, a saved mail (.eml, .txt) through its body."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IntakeError(f"Kunde inte läsa {path} ({exc.strerror or exc}).") from None
    return mail_body(raw)
