"""Files beside the cards, checked like cards: everything under docs/ and overrides/ that MkDocs publishes.

MkDocs copies every file under docs/ that is not Markdown into the site unchanged (and every file in the theme
folder overrides/ that is not a template), and the web host serves it by its ending. An SVG or HTML file there,
linked from a card, would run script on the site's own origin, and a pull request shows the SVG as a picture.
So what may lie where is an allow-list, written once here (FOLDER_RULES), and a picture is checked by its bytes:
its first bytes must be those of the format its ending names, since the host picks the type from the ending.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem, printable

# The picture formats the site shows, by file ending; picture_format() knows each one's first bytes.
PICTURES: dict[str, str] = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WebP", ".avif": "AVIF"}
PICTURE_ENDINGS = tuple(PICTURES)
PICTURE_FOLDER = "docs/bilder/"  # where CONTRIBUTING tells contributors to put pictures
PICTURE_WORDS = "PNG, JPEG (.jpg) eller WebP"  # AVIF is accepted too, but no contributor needs to be told


@dataclass(frozen=True)
class FolderRule:
    folder: str  # relative to the repository root, ending in '/'; the rule holds in its subfolders too
    endings: tuple[str, ...]  # file endings allowed there, lower case
    what: str  # Swedish: what belongs there


# The most specific (longest) folder that holds a file decides. The site's own code stays where it lives now.
FOLDER_RULES = (
    FolderRule("docs/", (".md", *PICTURE_ENDINGS), "handskrivna sidor (.md) och bilder"),
    FolderRule(PICTURE_FOLDER, PICTURE_ENDINGS, f"bara bilder i {PICTURE_WORDS}"),
    FolderRule("docs/javascripts/", (".js",), "webbplatsens skript (.js)"),
    FolderRule("docs/javascripts/vendor/", (".js", ".txt"), "skript från andra projekt med licens och README"),
    FolderRule("docs/stylesheets/", (".css",), "webbplatsens stilmallar (.css)"),
    FolderRule("overrides/", (".html",), "temats mallar (.html)"),
)
CHECKED_FOLDERS = tuple(rule.folder for rule in FOLDER_RULES if rule.folder.count("/") == 1)

# Endings a card may link to on the site: pages (none or .md), pictures and the open data files.
LINKABLE_ENDINGS = ("", ".md", *PICTURE_ENDINGS, ".json", ".csv", ".xml")
# Said about the most common refused kinds, so that the contributor knows why a picture is refused.
ACTIVE_KINDS = {
    ".svg": "SVG-bilder kan innehålla skript",
    ".svgz": "SVG-bilder kan innehålla skript",
    ".html": "HTML-filer kan innehålla skript",
    ".htm": "HTML-filer kan innehålla skript",
    ".xhtml": "HTML-filer kan innehålla skript",
    ".xml": "XML-filer kan innehålla skript",
}


def picture_format(head: bytes) -> str | None:
    """The format of a picture from its first 16 bytes (its magic number); None for anything else."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return "AVIF"
    return None


def rule_for(rel: str) -> FolderRule:
    return max((r for r in FOLDER_RULES if rel.startswith(r.folder)), key=lambda r: len(r.folder))


def ending(name: str) -> str:
    """'foto.PNG' → '.PNG', 'bild' → '', '.gitkeep' → ''."""
    stem, dot, suffix = name.rpartition(".")
    return f".{suffix}" if dot and stem else ""


def linkable(path: str) -> bool:
    """May card text link to this local path (without '#…' or '?…')? Not to a kind of file the site refuses."""
    return ending(path.rsplit("/", 1)[-1]).lower() in LINKABLE_ENDINGS


OTHER_PICTURES = (".svg", ".svgz", ".gif", ".bmp", ".tif", ".tiff", ".heic")
PAGES = (".html", ".htm", ".xhtml")


def _refused(rel: str, suffix: str, rule: FolderRule) -> Problem:
    """A file of an ending its folder does not take; the hint says what to do with that kind of file."""
    lower = suffix.lower()
    why = ACTIVE_KINDS.get(lower, "den sortens fil publiceras inte")
    where = {"folder": rule.folder, "what": rule.what, "why": why, "file": rel}
    if not suffix:
        return Problem.of("file-type-refused/no-ending", rel, picture_words=PICTURE_WORDS, **where)
    shown = printable(suffix)
    if lower in PICTURES or lower in OTHER_PICTURES:
        words, folder = PICTURE_WORDS, PICTURE_FOLDER
        return Problem.of("file-type-refused/picture", rel, ending=shown, picture_words=words, to=folder, **where)
    if lower in PAGES:
        return Problem.of("file-type-refused/page", rel, ending=shown, **where)
    return Problem.of("file-type-refused", rel, ending=shown, picture_words=PICTURE_WORDS, **where)


def _file_problem(rel: str, path: Path) -> Problem | None:
    rule = rule_for(rel)
    suffix = ending(path.name)
    if suffix not in rule.endings and suffix.lower() in rule.endings:
        return Problem.of("file-type-refused/upper-case", rel, ending=suffix, lower=suffix.lower())
    if suffix not in rule.endings:
        return _refused(rel, suffix, rule)
    if suffix not in PICTURES:
        return None
    with path.open("rb") as file:
        found = picture_format(file.read(16))
    expected = PICTURES[suffix]
    if found == expected:
        return None
    if found is None:
        return Problem.of(
            "not-a-picture",
            rel,
            ending=suffix,
            expected=expected,
            picture_words=PICTURE_WORDS,
            to=PICTURE_FOLDER,
            file=rel,
        )
    right = next(e for e, name in PICTURES.items() if name == found)
    return Problem.of("picture-ending-mismatch", rel, found=found, ending=suffix, right=right)


def site_file_problems(root: Path) -> list[Problem]:
    """Every file under docs/ and overrides/ that breaks FOLDER_RULES, isn't the picture it says it is, or is
    a link. Hidden files (a name starting with '.') are skipped, as MkDocs does not publish them."""
    problems: list[Problem] = []
    for folder in CHECKED_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):  # does not descend into linked folders
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            here = Path(dirpath)
            for name in sorted(dirnames + [f for f in filenames if not f.startswith(".")]):
                path = here / name
                rel = printable(path.relative_to(root).as_posix())
                if path.is_symlink():
                    problems.append(Problem.of("symlink/site-file", rel))
                elif name in filenames:
                    found = (
                        _file_problem(rel, path)
                        if path.is_file()
                        else Problem.of("not-a-file/site-file", rel, file=rel)
                    )
                    if found:
                        problems.append(found)
    return problems
