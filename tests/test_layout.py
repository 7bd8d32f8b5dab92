"""The package's layout follows the way of the data, and no import runs against it.

    metodbanken/            the model every step reads: schema, field kinds, taxonomy, paths, problems
    metodbanken/content/    cards read and checked: load → validate → link, and the facts derived from them
    metodbanken/site/       the pages: rendering, templates, sanitising, what each page loads
    metodbanken/exports/    the data files: JSON, CSV, feed, JSON Schema, the form's specification
    metodbanken/search/     beside exports: the finder's search (word analysis, documents, lunr indexes, its data)
    metodbanken/pipeline.py, cli.py, scaffold.py   the whole way and the tools, which may use every step

A module may import its own layer and the layers before it, never one after it. The search reads the model and
the cards only: neither the pages nor the other data files, and they do not read it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "hooks" / "metodbanken"
MODEL = "model"
LAYERS = [MODEL, "content", "site", "exports", "search", "tools"]
# What each layer may import: its own layer and those before it; search sits beside site and exports, not after them.
MAY_IMPORT = {
    MODEL: {MODEL},
    "content": {MODEL, "content"},
    "site": {MODEL, "content", "site"},
    "exports": {MODEL, "content", "site", "exports"},
    "search": {MODEL, "content", "search"},
    "tools": set(LAYERS),
}
TOOLS = {"pipeline", "cli", "scaffold", "__main__", "__init__"}


def layer_of(module: str) -> str:
    """'metodbanken.content.load' → 'content'; a module at the package's root is the model or a tool."""
    first = module.split(".")[1] if "." in module else ""
    if first in LAYERS:
        return first
    return "tools" if first in TOOLS else MODEL


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """The metodbanken modules a file imports, resolved to absolute names, with their lines."""
    name = module_name(path)
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, target) for line, target in found if target.split(".")[0] == "metodbanken"]


def backward_imports() -> list[str]:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = layer_of(module_name(path))
        for line, target in imports_of(path):
            if layer_of(target) not in MAY_IMPORT[own]:
                problems.append(f"{path.relative_to(PACKAGE)}:{line} ({own}) importerar {target} ({layer_of(target)})")
    return problems


def test_no_module_imports_a_later_step():
    assert backward_imports() == []


def test_every_module_lives_in_a_known_layer():
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        assert len(parts) == 1 or parts[0] in LAYERS, path


@pytest.mark.parametrize(
    ("module", "layer"),
    [
        ("metodbanken.schema", MODEL),
        ("metodbanken.content.load", "content"),
        ("metodbanken.site.render", "site"),
        ("metodbanken.exports.feed", "exports"),
        ("metodbanken.search.analysis", "search"),
        ("metodbanken.pipeline", "tools"),
    ],
)
def test_layers_are_read_from_the_module_names(module, layer):
    assert layer_of(module) == layer


def test_the_check_finds_a_backward_import(tmp_path, monkeypatch):
    package = tmp_path / "metodbanken"
    (package / "content").mkdir(parents=True)
    (package / "site").mkdir()
    (package / "content" / "load.py").write_text("from ..site.render import page\n", encoding="utf-8")
    (package / "site" / "render.py").write_text("from ..content import load\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", package)
    assert backward_imports() == ["content/load.py:1 (content) importerar metodbanken.site.render.page (site)"]


def test_the_search_reads_neither_the_pages_nor_the_other_data_files(tmp_path, monkeypatch):
    package = tmp_path / "metodbanken"
    for layer in ("site", "exports", "search"):
        (package / layer).mkdir(parents=True)
    (package / "search" / "analysis.py").write_text("from ..site import render\n", encoding="utf-8")
    (package / "search" / "documents.py").write_text("from ..content.load import Card\n", encoding="utf-8")
    (package / "exports" / "export.py").write_text("from ..search.documents import plain_text\n", encoding="utf-8")
    (package / "site" / "render.py").write_text("from ..search import analysis\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", package)
    assert backward_imports() == [
        "exports/export.py:1 (exports) importerar metodbanken.search.documents.plain_text (search)",
        "search/analysis.py:1 (search) importerar metodbanken.site.render (site)",
        "site/render.py:1 (site) importerar metodbanken.search.analysis (search)",
    ]
