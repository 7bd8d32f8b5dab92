from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE_CONTENT = Path(__file__).with_name("fixtures") / "content"
SITE_FILES = ("mkdocs.yml", "docs", "overrides", "hooks")


def copy_site_skeleton(dest: Path, content: Path | None = None) -> Path:
    """A temporary project: the real config, docs and hooks, with `content`'s card folders (or the real ones)."""
    for name in SITE_FILES:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    source = content or REPO
    for folder in ("methods", "labs", "projects", "lessons"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, dest / folder)
    return dest


def mkdocs_build(project: Path, site_dir: Path, strict: bool = True) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, capture_output=True, text=True, cwd=project)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built once per test session in strict mode."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def content(tmp_path) -> Path:
    """A writable copy of the small fixture content."""
    dest = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, dest)
    return dest
