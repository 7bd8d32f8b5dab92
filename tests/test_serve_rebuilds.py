"""Under `mkdocs serve` a rebuild reuses what the content did not change (page_cache.py, serve_cache.py): after each
kind of change – a card edited, added, renamed or deleted; the taxonomy, a template or the synonyms changed – the site
the incremental rebuild leaves is byte for byte the site a clean build of the same files gives.

The builds run in a child process that imports the copied project's own hooks, as `mkdocs serve` does, so that a
change to the project's taxonomy, templates or synonyms is a change to what the build reads."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import FIXTURE_CONTENT, add_card, copy_site_skeleton, edit_card

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from same_site import site_differences

SERVE_URL = "http://127.0.0.1:8000/metodbanken/"
# Reads commands from stdin: `build SITE` rebuilds into SITE as `mkdocs serve` does (the hooks loaded once, the
# config afresh) and prints what was reused; `wait` waits for search data made beside the build; `forget` drops
# every serve cache, so the next build is a clean one.
DRIVER = f"""
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
project, started = sys.argv[1], False
sys.path.insert(0, project + "/hooks")  # the project's package, as the hooks import it
from metodbanken.content import checked_cards
from metodbanken.search import search_memo
from metodbanken.site import page_cache, page_memo, serve_cache, serve_output
for line in sys.stdin:
    command, *rest = line.split()
    if command == "build":
        config = load_config(project + "/mkdocs.yml", site_dir=rest[0])
        config.site_url = {SERVE_URL!r}
        if not started:
            config.plugins.on_startup(command="serve", dirty=False)
            started = True
        build(config, serve_url={SERVE_URL!r})
    elif command == "wait":
        serve_cache.SEARCH_DATA.wait()
    elif command == "forget":
        serve_cache.SEARCH_DATA.reset()
        page_cache.SERVE_PAGES = page_cache.RenderedPages()
        page_cache.SERVE_THEME = page_cache.RenderedPages()
        page_cache.SERVE_SANITISED = page_cache.RenderedPages()
        page_cache.SERVE_SECTIONS = page_cache.RenderedPages()
        page_cache.SERVE_SOURCES = page_cache.RenderedPages()
        checked_cards.SERVE_CARDS = checked_cards.CheckedCards()
        page_memo.SERVE_GENERATED = page_memo.GeneratedPages()
        search_memo.SERVE_SEARCH = search_memo.SearchMemo()
    search = serve_cache.SEARCH_DATA
    theme = page_cache.SERVE_THEME
    cards, generated = checked_cards.SERVE_CARDS, page_memo.SERVE_GENERATED
    print(json.dumps({{"pages_reused": page_cache.SERVE_PAGES.hits, "pages_converted": page_cache.SERVE_PAGES.misses,
                      "theme_reused": theme.hits, "theme_rendered": theme.misses,
                      "sanitised": page_cache.SERVE_SANITISED.misses,
                      "sections_converted": page_cache.SERVE_SECTIONS.misses,
                      "sources_read": page_cache.SERVE_SOURCES.misses,
                      "files_written": serve_output.SITE_OUTPUT.writes,
                      "cards_read": cards.loads, "cards_checked": cards.checks, "cards_reused": cards.loads_reused,
                      "markdown_rendered": generated.misses, "markdown_reused": generated.hits,
                      "search_deferred": search.deferred, "search_hits": search.hits,
                      "search_cards_learned": search_memo.SERVE_SEARCH.took}}), flush=True)
"""


class ServeProcess:
    def __init__(self, project: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(project)],
            cwd=project,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=(project.parent / "serve.log").open("w"),
            text=True,
        )
        self.log = project.parent / "serve.log"

    def __call__(self, *command: str) -> dict:
        self.process.stdin.write(" ".join(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"{command}: the build process stopped:\n{self.log.read_text(encoding='utf-8')[-3000:]}"
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def retitle_card(project: Path) -> None:  # Testprojektet names Samtalskväll by its title: its page and row show it
    card = project / "methods" / "samtalskvall.md"
    text = card.read_text(encoding="utf-8")
    assert "title: Samtalskväll\n" in text
    card.write_text(text.replace("title: Samtalskväll\n", "title: Samtalskväll i trapphuset\n", 1), encoding="utf-8")


def rename_card(project: Path) -> None:  # the card add_card made: no other card names it
    (project / "methods" / "samtalskvall-igen.md").rename(project / "methods" / "samtalskvall-en-gang-till.md")


def delete_card(project: Path) -> None:
    (project / "methods" / "samtalskvall-en-gang-till.md").unlink()


def change_taxonomy(project: Path) -> None:
    taxonomy = project / "hooks" / "metodbanken" / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    old = "label: Förbättrade skolresultat"
    assert old in text
    taxonomy.write_text(text.replace(old, "label: Bättre skolresultat", 1), encoding="utf-8")


def change_template(project: Path) -> None:
    template = project / "hooks" / "metodbanken" / "site" / "templates" / "method.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nMallen är ändrad.\n", encoding="utf-8")


def change_synonyms(project: Path) -> None:
    synonyms = project / "hooks" / "metodbanken" / "synonyms.yml"
    synonyms.write_text(synonyms.read_text(encoding="utf-8") + "- [samtalskväll, pratkväll]\n", encoding="utf-8")


def change_code(project: Path) -> None:  # the running build keeps its modules; every key of the package is new
    module = project / "hooks" / "metodbanken" / "site" / "views.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# Koden är ändrad.\n", encoding="utf-8")


def change_config(project: Path) -> None:  # what every page's theme output shows: no page is reused
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("copyright: ", "copyright: Ändrat. ", 1), encoding="utf-8")


# Applied in this order, each to what the one before left; the cards' changes and the package's (and config's) in two
# tests that can run side by side. All but the last change the search data's key (the package's files are part of it),
# so those rebuilds publish the old search data at once and the new when it is made.
CHANGES = {
    "kort": {
        "kort ändrat": edit_card,
        "titel ändrad": retitle_card,
        "kort tillagt": add_card,
        "kort omdöpt": rename_card,
        "kort borttaget": delete_card,
    },
    "paketet och inställningarna": {
        "taxonomin ändrad": change_taxonomy,
        "mall ändrad": change_template,
        "synonymer ändrade": change_synonyms,
        "koden ändrad": change_code,
        "mkdocs.yml ändrad": change_config,
    },
}


# Ten rebuilds in two child processes, about 20 s of CPU: in the slow tier, which CI runs. The quick check keeps
# test_serve_cache's edit, where reused pages must come out as a clean build's.
@pytest.mark.slow
@pytest.mark.parametrize("group", CHANGES)
def test_each_incremental_rebuild_is_the_clean_build(tmp_path, group):
    project = copy_site_skeleton(tmp_path / "project", FIXTURE_CONTENT)
    serve = ServeProcess(project)
    differences, deferred = {}, {}
    try:
        serve("build", str(tmp_path / "served"))
        first = serve("wait")
        assert first["search_deferred"] == 0  # the first build has no earlier data to show meanwhile
        unchanged = serve("build", str(tmp_path / "served"))
        # Nothing changed: no card is read or checked, no page rendered, every page's Markdown and theme output and
        # the search data are reused.
        reused = ("cards_read", "cards_checked", "markdown_rendered", "pages_converted", "theme_rendered", "sanitised")
        reused += ("sections_converted", "sources_read")  # … no page's front matter read again …
        reused += ("files_written",)  # … and no file of the site written again
        assert [unchanged[name] for name in reused] == [0, 0, 0, 0, 0, 0, 0, 0, 0]
        assert unchanged["search_hits"] == 1 and unchanged["cards_reused"] == 5
        assert unchanged["theme_reused"] > 20 and unchanged["markdown_reused"] > 20
        for number, (name, change) in enumerate(CHANGES[group].items()):
            change(project)
            before = serve("build", str(tmp_path / "served"))
            if change is change_config:
                assert before["theme_reused"] == 0
            elif group == "paketet och inställningarna":  # a file of the package: every card and page made again
                assert (before["cards_reused"], before["markdown_reused"]) == (0, 0)
            if change is edit_card:  # only the card is read again, only the pages that show it go through the theme …
                assert (before["cards_read"], before["cards_checked"], before["cards_reused"]) == (1, 1, 4)
                assert 0 < before["markdown_rendered"] < before["markdown_reused"]
                assert 0 < before["theme_rendered"] < before["theme_reused"]
                # … and the card's page is served before its search data is made
                page = (tmp_path / "served" / "metoder" / "laxhjalp" / "index.html").read_text(encoding="utf-8")
                assert "En ny mening om läxhjälpen." in page
            after = serve("wait")
            if change is edit_card:  # the search data, made in a forked process, read only the edited card again
                assert after["search_cards_learned"] == 1
            incremental = tmp_path / f"incremental-{number}"
            shutil.copytree(tmp_path / "served", incremental)
            deferred[name] = before["search_deferred"] > unchanged["search_deferred"]
            serve("forget")
            clean = serve("build", str(tmp_path / f"clean-{number}"))
            differences[name] = site_differences(incremental, tmp_path / f"clean-{number}")
            unchanged = clean  # the clean build filled the caches again for the next change
    finally:
        serve.close()
    assert differences == {name: [] for name in CHANGES[group]}
    assert deferred == {name: name != "mkdocs.yml ändrad" for name in CHANGES[group]}
