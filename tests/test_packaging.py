"""pyproject.toml describes the package as it is: one top-level package, every data file shipped, the command wired."""
import importlib
import tomllib
from pathlib import PurePosixPath

from conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGE = REPO / "hooks" / "metodbanken"


def test_only_metodbanken_is_a_package_and_it_lives_in_hooks():
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert setuptools["packages"] == ["metodbanken"]
    assert (REPO / setuptools["package-dir"][""] / "metodbanken" / "__init__.py").is_file()
    assert PYPROJECT["build-system"]["build-backend"] == "setuptools.build_meta"


def test_every_data_file_of_the_package_is_shipped():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["metodbanken"]
    data_files = [PurePosixPath(p.relative_to(PACKAGE).as_posix()) for p in PACKAGE.rglob("*")
                  if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts]
    assert data_files
    unshipped = [str(f) for f in data_files if not any(f.match(pattern) and len(f.parts) == len(PurePosixPath(pattern).parts)
                                                       for pattern in patterns)]
    assert unshipped == [], "lägg till ett mönster i [tool.setuptools.package-data] i pyproject.toml"


def test_console_script_points_at_the_command_line():
    module, _, function = PYPROJECT["project"]["scripts"]["metodbanken"].partition(":")
    assert callable(getattr(importlib.import_module(module), function))
