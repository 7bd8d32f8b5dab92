"""What changed: the 'Senast uppdaterat' date on card pages and the Atom feed of new and changed cards."""

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest

from metodbanken.content.history import git_dates, last_updated, swedish_date
from metodbanken.content.load import load_cards
from metodbanken.exports.feed import feed_xml
from metodbanken.paths import FEED_PATH
from support import FIXTURE_CONTENT, REPO, copy_site_skeleton, mkdocs_build

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://metodbanken.github.io/metodbanken/"
BUILD_DAY = "2030-01-02"


def in_git_checkout() -> bool:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--is-inside-work-tree"], cwd=REPO, capture_output=True, text=True
            ).stdout.strip()
            == "true"
        )
    except OSError:
        return False


def entries(feed_text: str) -> tuple[ET.Element, list[ET.Element]]:
    root = ET.fromstring(feed_text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


@pytest.fixture(scope="module")
def copied_site(tmp_path_factory):
    """The fixture cards built outside any git checkout, one of them with its own `updated` date."""
    tmp = tmp_path_factory.mktemp("nogit")
    content = tmp / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    card = content / "methods" / "laxhjalp.md"
    card.write_text(
        card.read_text(encoding="utf-8").replace("---\n", "---\nupdated: '2024-05-01'\n", 1), encoding="utf-8"
    )
    project = copy_site_skeleton(tmp / "project", content)
    with pytest.MonkeyPatch.context() as mp:
        noon = datetime.fromisoformat(BUILD_DAY).replace(hour=12, tzinfo=UTC)
        mp.setenv("SOURCE_DATE_EPOCH", str(int(noon.timestamp())))
        result = mkdocs_build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def test_swedish_dates():
    assert swedish_date("2026-11-07") == "7 november 2026"
    assert swedish_date("2019-01-24") == "24 januari 2019"
    months = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ]
    assert [swedish_date(f"2025-{m:02d}-01") for m in range(1, 13)] == [f"1 {name} 2025" for name in months]


def test_no_git_means_no_dates_and_no_error(tmp_path):
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    assert git_dates(tmp_path / "content") == {}
    cards, _ = load_cards(tmp_path / "content")
    assert last_updated(tmp_path / "content", cards) == {}


@pytest.mark.skipif(not in_git_checkout(), reason="inte en git-utcheckning")
def test_git_gives_every_committed_card_a_date_in_one_call(monkeypatch):
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a[0]) or real_run(*a, **k))
    cards, _ = load_cards(REPO)
    dates = last_updated(REPO, cards)
    assert len(calls) == 1
    committed = set(
        subprocess.run(
            ["git", "ls-files", "methods", "labs", "projects", "lessons"], cwd=REPO, capture_output=True, text=True
        ).stdout.split()
    )
    for card in cards:
        if card.path in committed:
            date.fromisoformat(dates[card.id])


def test_the_updated_field_wins_over_git(tmp_path):
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    card = tmp_path / "content" / "methods" / "laxhjalp.md"
    card.write_text(
        card.read_text(encoding="utf-8").replace("---\n", "---\nupdated: '2024-05-01'\n", 1), encoding="utf-8"
    )
    cards, problems = load_cards(tmp_path / "content")
    assert not problems
    assert last_updated(tmp_path / "content", cards) == {"laxhjalp": "2024-05-01"}


def test_card_pages_say_when_they_were_last_updated(real_site):
    cards = json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]
    if not in_git_checkout():
        pytest.skip("datum ur git finns bara i en git-utcheckning")
    for card in cards:
        html = (real_site / card["url"] / "index.html").read_text(encoding="utf-8")
        assert f'Senast uppdaterat <time datetime="{card["updated"]}">{swedish_date(card["updated"])}</time>' in html


def test_without_git_only_cards_with_an_updated_field_show_a_date(copied_site):
    assert "Senast uppdaterat" in (copied_site / "metoder" / "laxhjalp" / "index.html").read_text(encoding="utf-8")
    assert "Senast uppdaterat" not in (copied_site / "metoder" / "samtalskvall" / "index.html").read_text(
        encoding="utf-8"
    )


def test_feed_has_one_entry_per_card_newest_first(real_site):
    cards = json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]
    root, found = entries((real_site / FEED_PATH).read_text(encoding="utf-8"))
    assert len(found) == len(cards)
    by_url = {c["url"]: c for c in cards}
    ids = set()
    stamps = []
    for entry in found:
        link = entry.find(f"{ATOM}link").get("href")
        card = by_url[link.removeprefix(SITE_URL)]
        assert entry.findtext(f"{ATOM}title") == card["title"]
        assert entry.findtext(f"{ATOM}summary") == " ".join(card["summary"].split())
        assert entry.findtext(f"{ATOM}id") == link
        ids.add(link)
        stamps.append(entry.findtext(f"{ATOM}updated"))
    assert len(ids) == len(cards)
    assert stamps == sorted(stamps, reverse=True)
    assert root.findtext(f"{ATOM}updated") == stamps[0]
    assert root.find(f"{ATOM}author").findtext(f"{ATOM}name")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + FEED_PATH


def test_feed_without_git_is_still_valid_and_dated_by_the_build(copied_site):
    root, found = entries((copied_site / FEED_PATH).read_text(encoding="utf-8"))
    assert len(found) == 5
    stamps = {e.find(f"{ATOM}link").get("href").removeprefix(SITE_URL): e.findtext(f"{ATOM}updated") for e in found}
    assert stamps["metoder/laxhjalp/"] == "2024-05-01T00:00:00Z"
    assert {v for k, v in stamps.items() if k != "metoder/laxhjalp/"} == {f"{BUILD_DAY}T00:00:00Z"}
    assert root.findtext(f"{ATOM}updated") == f"{BUILD_DAY}T00:00:00Z"
    assert found[-1].find(f"{ATOM}link").get("href").endswith("metoder/laxhjalp/")  # the oldest comes last


def test_feed_escapes_card_text(content):
    cards, _ = load_cards(content)
    cards[0].data["title"] = 'A & B <entry> "C" \x01'
    text = feed_xml(cards, {c.id: c.id + "/" for c in cards}, {}, date(2030, 1, 2), SITE_URL)
    _, found = entries(text)
    assert len(found) == len(cards)
    assert any(e.findtext(f"{ATOM}title") == 'A & B <entry> "C" ' for e in found)


def test_every_page_announces_the_feed(real_site):
    for path in ("index.html", "metoder/deep-talk/index.html", "oppna-data/index.html"):
        html = (real_site / path).read_text(encoding="utf-8")
        depth = path.count("/")
        href = "../" * depth + FEED_PATH if depth else FEED_PATH
        assert (
            f'<link rel="alternate feed" type="application/atom+xml" title="Metodbanken: nya och ändrade kort" '
            f'href="{href}">' in html
        ), path


def test_a_commit_dated_in_the_future_counts_as_the_build_date(tmp_path):
    # A commit's date is what the committer's clock said: 2099 would put the card first in every reader's feed.
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2099-12-31 12:00:00 +0000",
        "GIT_COMMITTER_DATE": "2099-12-31 12:00:00 +0000",
    }
    for command in (["init", "-q"], ["add", "."], ["-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "x"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True)
    assert git_dates(root)["methods/laxhjalp.md"] == "2099-12-31"
    cards, _ = load_cards(root)
    dates = last_updated(root, cards, today=date(2026, 12, 7))
    assert dates["laxhjalp"] == "2026-12-07" and set(dates.values()) == {"2026-12-07"}
