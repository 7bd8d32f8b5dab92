"""Packaging: pyproject.toml lists every package that the code in hooks/ imports, and the site's requirements list
them too, so that `pip install .` (or requirements/site.txt) can build the site (issue 30)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from support import REPO

HOOKS = REPO / "hooks"


def imported_modules() -> set[str]:
    """The top-level names of every module imported anywhere in hooks/, but the project's own."""
    found = set()
    for path in HOOKS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - {"metodbanken", "__future__"}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(lines) -> set[str]:
    return {normalised(re.split(r"[<>=!~\[; ]", line.strip(), maxsplit=1)[0]) for line in lines if line.strip()}


def test_pyproject_and_the_site_requirements_list_every_package_the_code_imports():
    third_party = sorted(m for m in imported_modules() if m not in sys.stdlib_module_names)
    distributions = importlib.metadata.packages_distributions()
    needed = {m: {normalised(d) for d in distributions.get(m, [])} for m in third_party}
    assert all(needed.values()), {m: d for m, d in needed.items() if not d}  # each import is an installed package
    listed = requirement_names(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"])
    site_in = (REPO / "requirements" / "site.in").read_text(encoding="utf-8").splitlines()
    in_site = requirement_names(line for line in site_in if not line.startswith(("#", "-")))
    for module, names in needed.items():
        assert names & listed, f"pyproject.toml: {module} ({', '.join(sorted(names))}) saknas i dependencies"
        assert names & in_site, f"requirements/site.in: {module} ({', '.join(sorted(names))}) saknas"


def test_the_import_scan_sees_what_it_is_for():
    modules = imported_modules()
    assert {"nh3", "markdown", "yaml", "jinja2", "mkdocs", "phonenumbers", "stdnum"} <= modules
    assert "metodbanken" not in modules
