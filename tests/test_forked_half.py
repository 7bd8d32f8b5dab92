"""forked_half.py: every other page converted by a forked child, with the parent taking over whatever the child did
not do; and `mkdocs build` with the child gives the site and the warnings it gives without it."""

import logging
import os
import re
import subprocess
import time

import pytest

from metodbanken.site import forked_half
from metodbanken.site.forked_half import ForkedHalf
from support import FIXTURE_CONTENT, copy_site_skeleton, mkdocs_build_command

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


@pytest.fixture(autouse=True)
def even_shares(monkeypatch):
    # An even share, so that a test can name the child's items: every other one at an equal cost.
    monkeypatch.setattr(forked_half, "CHILDS_SHARE", 0.5)


class Item:
    def __init__(self, name):
        self.name, self.value, self.converted_in = name, None, None


def convert(item):
    item.value = item.name.upper()
    item.converted_in = os.getpid()


def test_the_child_converts_every_other_item_and_the_parent_takes_its_results():
    items = [Item(name) for name in "abcdefg"]
    half = ForkedHalf(items, key=lambda i: i.name, convert=convert, result_of=lambda i: (i.value, i.converted_in))
    try:
        assert half.theirs == {"b", "d", "f"}
        taken = {}
        for item in items:
            result = half.take(item.name)
            if result is None:
                convert(item)  # the parent's own
            else:
                taken[item.name] = result
        assert {name: value for name, (value, _) in taken.items()} == {"b": "B", "d": "D", "f": "F"}
        assert {pid for _, pid in taken.values()} != {os.getpid()}  # converted elsewhere
        assert half.given == {"b", "d", "f"}
        assert [item.value for item in items if item.name not in half.given] == ["A", "C", "E", "G"]
    finally:
        half.close()


def test_an_item_the_child_cannot_convert_is_left_to_the_parent_with_those_after_it(caplog):
    caplog.set_level(logging.DEBUG, "mkdocs.metodbanken")

    def fails_at_d(item):
        if item.name == "d":
            raise ValueError("no")
        convert(item)

    items = [Item(name) for name in "abcdefgh"]
    half = ForkedHalf(items, key=lambda i: i.name, convert=fails_at_d, result_of=lambda i: i.value)
    try:
        assert [half.take(item.name) for item in items] == [None, "B", None, None, None, None, None, None]
        assert half.given == {"b"}
        assert "omvandlade inte d" in caplog.text and "ValueError: no" in caplog.text  # why, for whoever looks
    finally:
        half.close()


def test_what_the_child_logs_for_an_item_is_logged_by_the_parent_when_it_takes_it(caplog):
    def logs(item):
        logging.getLogger("mkdocs.structure.pages").warning("Länken i %s leder ingenstans", item.name)
        convert(item)

    items = [Item(name) for name in "abcd"]
    caplog.set_level(logging.INFO)
    half = ForkedHalf(items, key=lambda i: i.name, convert=logs, result_of=lambda i: i.value)
    try:
        assert half.take("b") == "B"
        assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
            ("mkdocs.structure.pages", logging.WARNING, "Länken i b leder ingenstans")
        ]
        half.take("d")
        assert [r.getMessage() for r in caplog.records][-1] == "Länken i d leder ingenstans"
    finally:
        half.close()


def test_close_ends_a_child_that_is_still_converting():
    items = [Item(name) for name in "ab"]
    never_written, unused = os.pipe()
    started = time.monotonic()
    # The child waits for a byte that never comes.
    half = ForkedHalf(items, key=lambda i: i.name, convert=lambda i: os.read(never_written, 1), result_of=str)
    pid = half._pid
    half.close()
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no process left behind
    assert half.take("b") is None
    os.close(never_written)
    os.close(unused)


def test_one_process_when_asked(monkeypatch):
    monkeypatch.setenv(forked_half.ONE_PROCESS, "1")
    assert not forked_half.can_fork()
    monkeypatch.delenv(forked_half.ONE_PROCESS)
    assert forked_half.can_fork() == (len(os.sched_getaffinity(0)) > 1)


@pytest.mark.slow
def test_mkdocs_build_gives_the_same_site_and_warnings_with_the_child_and_without(tmp_path, monkeypatch):
    # Tests run everywhere else with the child (the suite's sites are built with `mkdocs build`); this compares.
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    for name in ("trasig-a", "trasig-b", "trasig-c"):  # consecutive pages: the child converts at least one
        (project / "docs" / f"{name}.md").write_text(f"# {name}\n\n[Borta](finns-inte-{name}.md)\n", encoding="utf-8")
    built = {}
    for mode in ("0", "1"):
        monkeypatch.setenv(forked_half.ONE_PROCESS, mode)
        site = tmp_path / f"site-{mode}"
        # Without -q, which silences the warnings.
        command = [part for part in mkdocs_build_command(project, site, strict=False) if part != "-q"]
        result = subprocess.run(command, capture_output=True, text=True, cwd=project)
        assert result.returncode == 0, result.stderr
        warnings = sorted(line for line in result.stderr.splitlines() if "finns-inte-" in line)
        in_child = re.search(r"Metodbanken: (\d+) sidor omvandlade i en egen process", result.stderr)
        # With the child it converted pages (a child that fails leaves them all to the build, silently but for this).
        assert (int(in_child.group(1)) > 10) if mode == "0" else in_child is None, result.stderr
        files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        built[mode] = warnings, files
        strict = subprocess.run(
            mkdocs_build_command(project, tmp_path / f"strict-{mode}"), capture_output=True, text=True, cwd=project
        )
        # Every warning counts in --strict, the child's too.
        assert strict.returncode != 0 and "Bygget gav 3 varning(ar) i strikt läge" in strict.stderr, strict.stderr
    (warnings, files), (warnings_alone, files_alone) = built.values()
    assert len(warnings) == 3 and warnings == warnings_alone
    assert files.keys() == files_alone.keys() and files == files_alone


def test_the_pages_are_shared_out_by_their_size_so_that_both_sides_keep_pace():
    # The booklet is as long as hundreds of card pages: the other side takes the pages after it until it has as much.
    sizes = {"a": 1, "booklet": 100, "c": 40, "d": 40, "e": 30, "f": 5}
    items = [Item(name) for name in sizes]
    half = ForkedHalf(
        items, key=lambda i: i.name, convert=convert, result_of=lambda i: i.value, cost=lambda i: sizes[i.name]
    )
    try:
        assert half.theirs == {"booklet", "f"}
        assert [half.take(item.name) for item in items] == [None, "BOOKLET", None, None, None, "F"]
    finally:
        half.close()


def test_the_child_gets_its_share_of_the_cost(monkeypatch):
    monkeypatch.setattr(forked_half, "CHILDS_SHARE", 0.6)
    items = [Item(str(n)) for n in range(1000)]
    half = ForkedHalf(items, key=lambda i: i.name, convert=convert, result_of=lambda i: i.value)
    try:
        assert len(half.theirs) == 600
    finally:
        half.close()
