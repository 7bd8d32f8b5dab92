"""No function in hooks/ is longer than 80 lines (issue 30): a longer one does several things, which then have no
names, and each change to it risks the others. Its steps belong in small named functions, as load_card's checks and
build_site's producers are."""

from __future__ import annotations

import ast
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[1] / "hooks"
MAX_LINES = 80


def long_functions(root: Path, max_lines: int = MAX_LINES) -> list[str]:
    """'file:line name (N lines)' for every function or method, nested ones too, longer than max_lines, counted
    from its first decorator or 'def' to its last line."""
    found = []
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                length = node.end_lineno - first + 1
                if length > max_lines:
                    found.append(f"{where}:{node.lineno} {node.name} ({length} rader)")
    return found


def test_no_function_in_hooks_is_over_80_lines():
    assert long_functions(HOOKS) == []


def test_the_walk_finds_long_functions_nested_and_decorated(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    (tmp_path / "a.py").write_text(
        f"def short():\n    return 1\n\n\ndef long():\n{body}\n\n\n"
        f"class C:\n    @staticmethod\n    def method():\n{body.replace('    ', '        ')}\n",
        encoding="utf-8",
    )
    below = tmp_path / "metodbanken" / "search"
    below.mkdir(parents=True)
    (below / "finder_data.py").write_text(f"def long():\n{body}\n", encoding="utf-8")
    assert long_functions(tmp_path) == [
        "a.py:5 long (81 rader)",
        "a.py:90 method (82 rader)",
        "metodbanken/search/finder_data.py:1 long (81 rader)",
    ]
    assert long_functions(tmp_path, max_lines=81) == ["a.py:90 method (82 rader)"]
