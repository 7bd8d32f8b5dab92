"""Under `mkdocs serve` an unchanged card is not read, checked or rendered again (checked_cards.py, page_memo.py):
what the memos give is what the work gives, problems included, and each kind of change makes new what depends on it."""

from __future__ import annotations

import os
import shutil

import pytest

from metodbanken import pipeline
from metodbanken.content import checked_cards as checked_cards_module
from metodbanken.content.checked_cards import CheckedCards
from metodbanken.paths import BOOKLET_PATH, CARDS_CSV_PATH, DECISIONS_PATH, listing_path
from metodbanken.problems import CardsInvalid
from metodbanken.site import serve_cache
from metodbanken.site.page_memo import GeneratedPages
from support import FIXTURE_CONTENT, edit

PACKAGE = "paketet"  # the context the adapter gives: the package's files (serve_cache.package_key)
CARD_COUNT = 5


@pytest.fixture
def content(tmp_path):
    return shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")


def no_search(cards, taxonomy, urls, badges=None):
    return {}  # the search data has its own cache (serve_cache.py); these tests leave it out


def built(content, cards=None, pages=None, package=PACKAGE):
    if cards is not None:
        cards.begin(package)
    if pages is not None:
        pages.begin(package)
    return pipeline.build_site(content, search_data=no_search, checked_cards=cards, generated_pages=pages)


def generated(site):
    return {f.path: (f.content, f.features) for f in site.pages}


def data_files(site):
    return {f.path: f.content for f in site.data_files}


def export_parts(pages):
    """The cards' rows of cards.csv and methods' entries of decisions.json that the last build made again."""
    return sorted(path for path in pages.rendered if path.startswith((f"{CARDS_CSV_PATH}#", f"{DECISIONS_PATH}#")))


def test_an_unchanged_card_is_not_read_or_checked_again(content, monkeypatch):
    memo = CheckedCards()
    built(content, memo)
    assert (memo.loads, memo.checks, memo.loads_reused) == (CARD_COUNT, CARD_COUNT, 0)
    calls = []
    monkeypatch.setattr(checked_cards_module, "load_card", lambda *a: calls.append(a))  # would break the build
    monkeypatch.setattr(checked_cards_module, "check_card", lambda *a: calls.append(a))
    site = built(content, memo)
    assert calls == []
    assert (memo.loads, memo.checks, memo.loads_reused, memo.checks_reused) == (0, 0, CARD_COUNT, CARD_COUNT)
    assert generated(site) == generated(built(content))  # the cards as read afresh


def test_an_edited_card_is_read_and_checked_again_and_only_it(content):
    memo = CheckedCards()
    built(content, memo)
    edit(content / "methods" / "laxhjalp.md", "title: Läxhjälp", "title: Läxhjälp efter skolan")
    site = built(content, memo)
    assert (memo.loads, memo.checks, memo.loads_reused) == (1, 1, CARD_COUNT - 1)
    assert "Läxhjälp efter skolan" in next(c.title for c in site.cards if c.id == "laxhjalp")
    assert generated(site) == generated(built(content))


def test_a_change_to_the_package_reads_and_checks_every_card_again(content):
    # The adapter's context is every file of the package: the code, the taxonomy, the schema (serve_cache.py).
    memo = CheckedCards()
    built(content, memo)
    built(content, memo, package="paketet, taxonomin ändrad")
    assert (memo.loads, memo.checks, memo.loads_reused, memo.checks_reused) == (CARD_COUNT, CARD_COUNT, 0, 0)


def test_a_card_error_is_reported_after_a_rebuild_from_the_memo_as_in_a_clean_build(content):
    edit(content / "methods" / "laxhjalp.md", "who_runs_it: Frivilliga.", "who_runs_it: Frivilliga.\nokant_falt: ja")
    edit(content / "labs" / "testlabbet.md", "title: Testlabbet, Södertälje", "title: 12")  # not text
    with pytest.raises(CardsInvalid) as clean:
        built(content)
    memo = CheckedCards()
    for _ in range(2):
        with pytest.raises(CardsInvalid) as cached:
            built(content, memo)
        assert cached.value.problems == clean.value.problems
    assert memo.loads == 0 and memo.checks == 0  # the second time from the memo
    assert any(p.code == "unknown-field" and p.path == "methods/laxhjalp.md" for p in cached.value.problems)


def test_a_broken_file_is_reported_after_a_rebuild_from_the_memo(content):
    (content / "methods" / "trasig.md").write_bytes(b"---\ntitle: \xff\n---\n")
    with pytest.raises(CardsInvalid) as clean:
        built(content)
    memo = CheckedCards()
    built_twice = []
    for _ in range(2):
        with pytest.raises(CardsInvalid) as cached:
            built(content, memo)
        built_twice.append(cached.value.problems)
    assert built_twice == [clean.value.problems] * 2
    assert [p.code for p in clean.value.problems] == ["not-utf8"]


def test_an_unchanged_page_is_not_rendered_again(content):
    pages = GeneratedPages()
    first = built(content, CheckedCards(), pages)
    assert pages.hits == 0 and pages.misses == len(pages) > CARD_COUNT
    again = built(content, None, pages)
    assert pages.rendered == [] and pages.misses == 0 and pages.hits > CARD_COUNT
    assert generated(again) == generated(first)


def test_an_edit_renders_again_the_card_and_the_pages_that_read_it(content):
    pages = GeneratedPages()
    built(content, None, pages)
    # Testprojektet names Samtalskväll as a similar method, and Samtalskväll Läxhjälp as a related one: their pages
    # show its title. The pages of terms Samtalskväll does not have list Läxhjälp and ask about its labs and projects
    # (its badges), where Samtalskväll is not.
    edit(content / "methods" / "samtalskvall.md", "title: Samtalskväll", "title: Samtalskväll i trapphuset")
    site = built(content, None, pages)
    assert {"metoder/samtalskvall.md", "projekt/testprojektet.md", "metoder/laxhjalp.md"} <= set(pages.rendered)
    assert "malgrupper/barn.md" not in pages.rendered and "malgrupper/elever.md" not in pages.rendered
    assert "malgrupper/unga.md" in pages.rendered  # lists Samtalskväll
    assert f"{BOOKLET_PATH}#samtalskvall" in pages.rendered  # the booklet's section of the method
    # the methods list is rendered again, with the method's tile; the other tiles are kept
    assert [path for path in pages.rendered if path.startswith("metoder/index.md")] == [
        "metoder/index.md",
        "metoder/index.md#kachel-2-samtalskvall",
    ]
    assert pages.hits > len(pages.rendered)
    assert generated(site) == generated(built(content))
    assert "Samtalskväll i trapphuset" in generated(site)["projekt/testprojektet.md"][0]


def test_a_page_taken_as_it_was_keeps_its_tiles_for_the_next_edit(content):
    pages = GeneratedPages()
    built(content, None, pages)
    built(content, None, pages)  # nothing changed: the methods list is taken whole, its tiles not asked for
    edit(content / "methods" / "samtalskvall.md", "title: Samtalskväll", "title: Samtalskväll i trapphuset")
    built(content, None, pages)
    assert [path for path in pages.rendered if path.startswith("metoder/index.md#")] == [
        "metoder/index.md#kachel-2-samtalskvall"
    ]


def test_a_card_that_starts_linking_to_a_card_renders_that_card_again(content):
    pages = GeneratedPages()
    built(content, None, pages)
    edit(
        content / "projects" / "testprojektet.md",
        "relation: liknande}",
        "relation: liknande}\n  - {method: laxhjalp, relation: anvander}",
    )
    site = built(content, None, pages)
    assert {"metoder/laxhjalp.md", "projekt/testprojektet.md"} <= set(pages.rendered)
    assert "metoder/index.md#kachel-2-laxhjalp" in pages.rendered  # its tile's badges read the projects using it
    assert generated(site) == generated(built(content))


def test_a_change_to_the_package_renders_every_page_again(content):
    # Templates, taxonomy and code are files of the package, which the context covers (serve_cache.package_key).
    pages = GeneratedPages()
    built(content, None, pages)
    built(content, None, pages, package="paketet, en mall ändrad")
    assert pages.hits == 0 and pages.misses == len(pages)


@pytest.mark.skipif(not serve_cache._can_fork(), reason="the search data is made beside the build only with fork")
def test_the_search_data_is_made_beside_the_build_at_a_lower_priority(tmp_path):
    deferred = serve_cache.DeferredFiles()
    deferred.begin()
    deferred.files("förra", lambda: {"prioritet.txt": "-"}, defer=True)  # the first build makes it in the build
    deferred.end(tmp_path)
    deferred.begin()
    given = deferred.files("nya", lambda: {"prioritet.txt": str(os.nice(0))}, defer=True)
    assert given == {"prioritet.txt": "-"}  # the build goes on with the earlier data …
    deferred.end(tmp_path)
    deferred.wait(timeout=60)
    # … while a process that yields to it makes the new data
    lowest = 19  # the niceness Linux stops at
    expected = min(lowest, os.nice(0) + serve_cache.CHILD_NICENESS)
    assert int((tmp_path / "prioritet.txt").read_text(encoding="utf-8")) == expected
    assert deferred.deferred == 1


@pytest.mark.skipif(not serve_cache._can_fork(), reason="the search data is made beside the build only with fork")
def test_the_forked_process_sends_what_changed_and_what_it_learned_is_taken_between_builds(tmp_path):
    deferred, lessons = serve_cache.DeferredFiles(), []
    first = {"a.json": "[1]", "b.json": "[2]", "c.json": "[3]"}
    deferred.begin()
    deferred.files("förra", lambda: (first, "första"), defer=True, learn=lessons.append)  # made in the build
    deferred.end(tmp_path)
    assert lessons == ["första"]
    new = {"c.json": "[3]", "a.json": "[1]", "d.json": "[4]", "b.json": "[22]"}  # one changed, one added, in order
    deferred.begin()
    deferred.files("nya", lambda: (new, "andra"), defer=True, learn=lessons.append)
    with deferred._guard:  # the files arrive during the build …
        assert deferred._guard.wait_for(lambda: "nya" in deferred._results, timeout=60)
    assert lessons == ["första"]  # … what the process learned is taken only after it
    deferred.end(tmp_path)
    deferred.wait(timeout=60)
    assert lessons == ["första", "andra"]
    kept = deferred._results["nya"]
    assert kept == new and list(kept) == list(new)
    assert kept["a.json"] is first["a.json"]  # the serve process's own text: only changed files were sent
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == new


def test_the_project_pages_are_rendered_again_only_when_a_project_they_list_changed(content):
    pages = GeneratedPages()
    built(content, None, pages)
    project_pages = {path for path in pages.rendered if path.startswith("projekt/") and path.count("/") > 1}
    assert {"projekt/kommun/lulea.md", "projekt/status/permanent.md"} <= project_pages
    edit(content / "methods" / "laxhjalp.md", "title: Läxhjälp", "title: Läxhjälp efter skolan")  # no project's
    built(content, None, pages)
    assert not [path for path in pages.rendered if path.startswith("projekt/")]
    edit(content / "projects" / "testprojektet.md", "owner: Testkommunen", "owner: Luleå kommun")
    site = built(content, None, pages)
    listing_it = {"projekt/kommun/lulea.md", "projekt/status/permanent.md", "projekt/tidslinje.md", "projekt/index.md"}
    assert listing_it | {"projekt/testprojektet.md"} <= set(pages.rendered)
    assert "projekt/status/pagaende.md" not in pages.rendered  # lists no project
    assert generated(site) == generated(built(content))


def test_new_search_data_rewrites_only_the_files_it_changed(tmp_path):
    old = {"data/a.json": "[1]", "data/b.json": "[2]", "data/c.json": "[3]"}
    serve_cache.write_files(tmp_path, old)
    before = {path: (tmp_path / path).stat().st_ino for path in old}
    serve_cache.write_files(tmp_path, {"data/a.json": "[1]", "data/b.json": "[22]"}, replaced=old)
    assert (tmp_path / "data/a.json").stat().st_ino == before["data/a.json"]  # the same text: left as it was
    assert (tmp_path / "data/b.json").stat().st_ino != before["data/b.json"]  # written again, atomically
    assert (tmp_path / "data/b.json").read_text() == "[22]" and not (tmp_path / "data/c.json").exists()
    (tmp_path / "data/a.json").unlink()  # a file that is not there is written, whatever was written before
    serve_cache.write_files(tmp_path, {"data/a.json": "[1]"}, replaced={"data/a.json": "[1]"})
    assert (tmp_path / "data/a.json").read_text() == "[1]"


def test_a_method_edited_in_its_own_text_renders_its_booklet_section_and_record_and_no_other(content):
    pages = GeneratedPages()
    built(content, None, pages)
    edit(content / "methods" / "laxhjalp.md", "who_runs_it: Frivilliga.", "who_runs_it: Grannar.")
    site = built(content, None, pages)
    sections = [path for path in pages.rendered if path.startswith(f"{BOOKLET_PATH}#")]
    assert sections == [f"{BOOKLET_PATH}#laxhjalp"]
    records = [path for path in pages.rendered if path.startswith("data/cards/")]
    assert records == ["data/cards/laxhjalp.json"]  # its record for its own file and cards.json, no other
    assert listing_path("method") in pages.rendered and listing_path("lab") not in pages.rendered  # its list only
    assert generated(site) == generated(built(content))
    assert "Grannar." in generated(site)[BOOKLET_PATH][0]


def test_an_edit_makes_again_the_cards_row_and_decision_entry_only_and_the_exports_are_a_clean_builds(content):
    pages = GeneratedPages()
    built(content, None, pages)
    built(content, None, pages)
    assert export_parts(pages) == []  # unchanged: every row and entry kept
    edit(content / "methods" / "laxhjalp.md", "who_runs_it: Frivilliga.", "who_runs_it: Grannar.")
    site = built(content, None, pages)
    assert export_parts(pages) == [f"{CARDS_CSV_PATH}#laxhjalp", f"{DECISIONS_PATH}#laxhjalp"]
    assert data_files(site) == data_files(built(content))
    assert "Grannar." in data_files(site)[CARDS_CSV_PATH] and "Grannar." in data_files(site)[DECISIONS_PATH]


def test_a_new_title_makes_again_the_rows_and_entries_of_the_cards_linked_to_it(content):
    # Samtalskväll names Läxhjälp as a related method, by its title; no other card links to or from Läxhjälp.
    pages = GeneratedPages()
    built(content, None, pages)
    edit(content / "methods" / "laxhjalp.md", "title: Läxhjälp", "title: Läxhjälp i trapphuset")
    site = built(content, None, pages)
    assert site.graph.linked_ids("laxhjalp") == ["samtalskvall"]
    made_again = [
        f"{path}#{card_id}" for path in (CARDS_CSV_PATH, DECISIONS_PATH) for card_id in ("laxhjalp", "samtalskvall")
    ]
    assert export_parts(pages) == sorted(made_again)  # not the lab's, project's or lesson's rows
    assert data_files(site) == data_files(built(content))
    method_row = next(line for line in data_files(site)[CARDS_CSV_PATH].splitlines() if ";samtalskvall;" in line)
    assert "Läxhjälp i trapphuset" in method_row
