"""Does a change leave the built site byte for byte as it was? (A check for speed work, not a test.)

    .venv/bin/python bench/same_site.py [REF] [--project DIR]

Builds the site of git REF (default HEAD; taken with `git archive`, so no branch or worktree is touched) and of the
working tree, each with its own hooks, into two temporary folders, then lists every file that is missing on one side
or differs. With --project the cards, docs and config come from DIR (a synthetic corpus from bench/synthetic.py, say)
and only the hooks and templates come from REF and the working tree. Exit status 1 when the sites differ.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# What the two builds may differ in: the code that builds the site. Everything else comes from one place.
CODE = ("hooks", "overrides")


def site_differences(a: Path, b: Path) -> list[str]:
    """Paths (relative, POSIX) of files present in only one of the two folders or with different bytes."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differing = sorted(files_a ^ files_b)
    differing += sorted(p for p in files_a & files_b if (a / p).read_bytes() != (b / p).read_bytes())
    return differing


def export_ref(ref: str, dest: Path) -> Path:
    archive = subprocess.run(["git", "archive", ref], cwd=REPO, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def project_with_code(code_from: Path, content_from: Path, dest: Path) -> Path:
    """`content_from`'s cards, docs and config with `code_from`'s hooks and templates."""
    shutil.copytree(content_from, dest, ignore=shutil.ignore_patterns(".git", "site", ".venv", "node_modules", *CODE))
    for name in CODE:
        shutil.copytree(code_from / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def build(project: Path, site: Path) -> None:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    result = subprocess.run(cmd, cwd=project, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"bygget av {project} misslyckades:\n{result.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ref", nargs="?", default="HEAD")
    parser.add_argument("--project", type=Path, help="kort, docs och mkdocs.yml härifrån i stället för från REF")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="same-site-") as tmp_name:
        tmp = Path(tmp_name)
        before = export_ref(args.ref, tmp / "ref")
        content = args.project or before
        built = {}
        for name, code in (("före", before), ("efter", REPO)):
            project = project_with_code(code, content if args.project else code, tmp / f"project-{name}")
            built[name] = tmp / f"site-{name}"
            build(project, built[name])
        differing = site_differences(built["före"], built["efter"])
    if differing:
        print(f"{len(differing)} filer skiljer sig mellan {args.ref} och arbetsträdet:")
        print("\n".join(f"  {path}" for path in differing))
        raise SystemExit(1)
    print(f"Webbplatserna är identiska, byte för byte ({args.ref} och arbetsträdet).")


if __name__ == "__main__":
    main()
