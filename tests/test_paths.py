"""paths.py owns every generated path: no other module or template spells one, and card ids cannot collide."""

import ast
import re
from pathlib import Path

from metodbanken import paths
from metodbanken.paths import PROJECT_FILTERS, RESERVED_IDS, TAXONOMY_PAGES, name_in_card_folder, page_path
from metodbanken.pipeline import build_site
from metodbanken.schema import CARD_TYPES
from support import REPO

PACKAGE = REPO / "hooks" / "metodbanken"
# Folders of generated files: a string starting with one of these spells a generated path.
GENERATED_FOLDERS = (
    {paths.DATA_DIR + "/"}
    | {t.url_prefix + "/" for t in CARD_TYPES.values()}
    | {folder + "/" for folder in TAXONOMY_PAGES.values()}
)
GENERATED_FILES = {paths.FEED_PATH, paths.MAP_PATH, paths.COMPARE_PATH, paths.FINDER_PATH, paths.TRIED_PATH}


def _string_literals(source: str) -> list[tuple[int, str]]:
    """Every string constant in the module except docstrings, with its line."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_module_but_paths_spells_a_generated_path():
    spelled = [
        f"{module.relative_to(PACKAGE)}:{line}: {text!r}"
        for module in sorted(PACKAGE.rglob("*.py"))
        if module.relative_to(PACKAGE).as_posix() != "paths.py"
        for line, text in _string_literals(module.read_text(encoding="utf-8"))
        if text.startswith(tuple(GENERATED_FOLDERS)) or text in GENERATED_FILES
    ]
    assert spelled == [], "Skriv sökvägen i paths.py och läs den därifrån:\n" + "\n".join(spelled)


def test_the_check_finds_a_spelled_path():
    assert _string_literals('"""data/x.json is fine in a docstring."""\nPATH = "data/cards.json"\n') == [
        (2, "data/cards.json")
    ]


def test_templates_link_to_no_literal_path():
    templates = sorted(PACKAGE.rglob("*.j2"))
    assert len(templates) > 10
    literal_links = [
        f"{template.name}: {found}"
        for template in templates
        for found in re.findall(r"""link\(\s*["'][^"']*["']\s*\)""", template.read_text(encoding="utf-8"))
    ]
    assert literal_links == []


def test_reserved_ids_cover_every_generated_name_in_a_card_folder():
    site = build_site(REPO)
    card_pages = {page_path(c.type, c.id) for c in site.cards}
    taken = {name_in_card_folder(f.path) for f in site.files if f.path not in card_pages} - {None}
    assert taken == set(RESERVED_IDS)  # every name a card would collide with, and none that is not used
    assert {"index", "hafte", "markning"} | set(PROJECT_FILTERS.values()) <= RESERVED_IDS
    assert not {c.id for c in site.cards} & RESERVED_IDS


def test_paths_are_relative_posix_paths_in_the_docs_tree():
    for path in [paths.BOOKLET_PATH, paths.FORM_PATH, paths.card_json_path("x"), paths.schema_path("method")]:
        assert not Path(path).is_absolute() and "\\" not in path and ".." not in path.split("/")
