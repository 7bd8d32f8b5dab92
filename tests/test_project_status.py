"""A project's status as its source gives it and when, derived at build time from the period and the source year."""

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest

from metodbanken import paths
from metodbanken.content.link import LinkGraph
from metodbanken.content.load import load_cards
from metodbanken.content.project_status import (
    ONGOING_PAST_END,
    last_day,
    project_status,
    status_facet,
    status_facet_terms,
    status_warnings,
)
from metodbanken.exports.export import card_record, derived_fields
from metodbanken.exports.export_csv import cards_csv
from metodbanken.search.finder_data import search_files
from metodbanken.site.render import Renderer
from support import (
    FIXTURE_CONTENT,
    cached_taxonomy,
    copy_site_skeleton,
    edit,
    mkdocs_build,
    problems_for,
    records_of_files,
)

BUILD_DAY = date(2026, 11, 30)
HIKIKOMORI_NOTE = "Slutdatum 2020-11-20 har passerat; källan säger inget om vad som hände sedan."


def like_hikikomori(content):
    """The fixture project made like the Hikikomori card: ongoing per the 2020 interim report, ended 2020-11-20."""
    path = content / "projects" / "testprojektet.md"
    edit(path, "status: permanent\nbecame: Ordinarie verksamhet\n", "status: pagaende\n")
    edit(path, "period: {start: '2015', end: '2017'}", "period: {start: '2020-05', end: '2020-11-20'}")
    edit(
        path,
        "  - {document: hertson-slutrapport, section: Test}",
        "  - {document: samordningsforbundet-2020, section: Hikikomori}\n"
        "  - {document: hertson-slutrapport, section: Test}",
    )
    assert problems_for(content) == []
    return path


def project(content):
    cards, _ = load_cards(content)
    return next(c for c in cards if c.id == "testprojektet"), cards


@pytest.mark.parametrize(
    ("value", "last"),
    [
        ("2022", date(2022, 12, 31)),
        ("2019-09", date(2019, 9, 30)),
        ("2024-02", date(2024, 2, 29)),
        ("2020-11-20", date(2020, 11, 20)),
    ],
)
def test_a_period_value_lasts_to_its_last_day(value, last):
    assert last_day(value) == last


def test_ongoing_past_its_end_date_says_so_with_the_source_year(content):
    like_hikikomori(content)
    card, _ = project(content)
    status = project_status(card, cached_taxonomy(), BUILD_DAY)
    assert status.display == "Pågående enligt källan, 2020"  # the newest dated source; Hertsön's is undated
    assert status.end_passed and status.note == HIKIKOMORI_NOTE
    assert status.facet == ONGOING_PAST_END


@pytest.mark.parametrize(("today", "passed"), [(date(2020, 11, 20), False), (date(2020, 11, 21), True)])
def test_the_end_date_passes_the_day_after_it(content, today, passed):
    like_hikikomori(content)
    card, _ = project(content)
    status = project_status(card, cached_taxonomy(), today)
    assert status.end_passed is passed
    assert (status.note == HIKIKOMORI_NOTE) is passed
    assert status.facet == (ONGOING_PAST_END if passed else "pagaende")


def test_a_year_only_end_names_the_year(content):
    path = like_hikikomori(content)
    edit(path, "end: '2020-11-20'", "end: '2021'")
    card, _ = project(content)
    assert (
        project_status(card, cached_taxonomy(), BUILD_DAY).note
        == "Slutåret 2021 har passerat; källan säger inget om vad som hände sedan."
    )


def test_ended_or_permanent_projects_get_no_note_and_keep_their_facet(content):
    card, _ = project(content)  # permanent, 2015–2017, cites only the undated Hertsön report
    status = project_status(card, cached_taxonomy(), BUILD_DAY)
    assert status.end_passed and status.note is None and status.facet == "permanent"
    assert status.display == "Permanent verksamhet enligt källan (källan är inte daterad)"


def test_ongoing_without_an_end_date_never_passes(content):
    path = like_hikikomori(content)
    edit(path, "period: {start: '2020-05', end: '2020-11-20'}", "period: {start: '2020-05'}")
    card, _ = project(content)
    status = project_status(card, cached_taxonomy(), date(2099, 1, 1))
    assert not status.end_passed and status.note is None and status.facet == "pagaende"


def test_the_build_date_decides_when_no_date_is_given(content, monkeypatch):
    like_hikikomori(content)
    card, _ = project(content)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2020, 6, 1, tzinfo=UTC).timestamp())))
    assert not project_status(card, cached_taxonomy()).end_passed and status_facet(card) == "pagaende"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2021, 1, 1, tzinfo=UTC).timestamp())))
    assert project_status(card, cached_taxonomy()).end_passed and status_facet(card) == ONGOING_PAST_END


def test_validation_warns_about_a_stored_ongoing_whose_end_has_passed(content):
    path = like_hikikomori(content)  # like_hikikomori asserts that this is no error: the card says what its source says
    _, cards = project(content)
    (warning,) = status_warnings(cards, cached_taxonomy(), BUILD_DAY)
    line = path.read_text(encoding="utf-8").splitlines().index("status: pagaende") + 1
    assert (warning.path, warning.line, warning.field, warning.code) == (
        "projects/testprojektet.md",
        line,
        "status",
        "ongoing-past-end",
    )
    assert "slutdatum 2020-11-20" in warning.message and "källan från 2020" in warning.message
    assert "'Pågående enligt källan, 2020'" in warning.hint and "nyare källa" in warning.hint
    # The day of the end date itself, a permanent project and an ongoing one without an end: no warning.
    assert status_warnings(cards, cached_taxonomy(), date(2020, 11, 20)) == []
    edit(path, "period: {start: '2020-05', end: '2020-11-20'}", "period: {start: '2020-05'}")
    assert status_warnings(load_cards(content)[0], cached_taxonomy(), BUILD_DAY) == []
    assert status_warnings(load_cards(FIXTURE_CONTENT)[0], cached_taxonomy(), BUILD_DAY) == []


def test_every_facet_value_has_a_label_and_the_taxonomy_statuses_stay(content):
    ids = [t.id for t in status_facet_terms(cached_taxonomy())]
    assert ids == ["pagaende", ONGOING_PAST_END, "avslutat", "permanent"]
    assert all(
        t.label.startswith(("Pågående enligt källan", "Avslutat enligt", "Permanent verksamhet enligt"))
        for t in status_facet_terms(cached_taxonomy())
    )


def test_page_listings_open_data_and_finder_agree(content, monkeypatch, tmp_path):
    like_hikikomori(content)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 11, 30, tzinfo=UTC).timestamp())))
    card, cards = project(content)
    taxonomy = cached_taxonomy()
    renderer = Renderer(cards, taxonomy, LinkGraph(cards), BUILD_DAY)
    page = renderer.card_page(card, card.path)
    assert "Pågående enligt källan, 2020" in page and "Slutdatum 2020\\-11\\-20 har passerat" in page
    overview = renderer.project_overview_pages()["projekt/index.md"]
    assert "Pågående enligt källan, 2020" in overview and "Slutdatum 2020\\-11\\-20 har passerat" in overview
    assert "För **1** av dem har slutdatumet i källan passerat" in overview

    record = card_record(
        card, "projekt/testprojektet/", LinkGraph(cards), derived=derived_fields(card, taxonomy, BUILD_DAY)
    )
    assert record["status"] == "pagaende"  # the card's own field is kept as written
    assert (
        record["status_display"],
        record["status_as_of"],
        record["end_passed"],
        record["status_note"],
        record["status_facet"],
    ) == ("Pågående enligt källan, 2020", "2020", True, HIKIKOMORI_NOTE, ONGOING_PAST_END)

    derived = {c.id: derived_fields(c, taxonomy, BUILD_DAY) for c in cards}
    rows = list(
        csv.reader(io.StringIO(cards_csv(cards, taxonomy, {c.id: c.id for c in cards}, {}, derived)[1:]), delimiter=";")
    )
    row = next(dict(zip(rows[0], r, strict=False)) for r in rows[1:] if r[1] == "testprojektet")
    assert row["Status enligt källan"] == f"Pågående enligt källan, 2020. {HIKIKOMORI_NOTE}"
    assert row["Slutdatum passerat"] == "ja"
    method_row = next(dict(zip(rows[0], r, strict=False)) for r in rows[1:] if r[1] == "samtalskvall")
    assert method_row["Status enligt källan"] == method_row["Slutdatum passerat"] == ""

    files = search_files(cards, taxonomy, {c.id: c.id for c in cards}, cache_dir=tmp_path / "cache")
    in_finder = next(c for c in records_of_files(files) if c["id"] == "testprojektet")
    assert in_finder["status"] == [record["status_facet"]]
    finder = json.loads(files[paths.FINDER_CARDS_PATH])
    status = next(f for f in finder["facets"] if f["field"] == "status")
    labels = {v["id"]: v["label"] for v in status["values"]}
    assert labels[ONGOING_PAST_END] == "Pågående enligt källan, slutdatum passerat"


def test_a_built_site_shows_the_derived_status(tmp_path):
    """The whole build, with the build date fixed: the card page says what the source said and that the end passed."""
    import os
    import shutil

    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    like_hikikomori(content)
    project_dir = copy_site_skeleton(tmp_path / "project", content)
    epoch = str(int(datetime(2026, 11, 30, tzinfo=UTC).timestamp()))
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(os.environ, "SOURCE_DATE_EPOCH", epoch)
        result = mkdocs_build(project_dir, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "projekt" / "testprojektet" / "index.html").read_text(encoding="utf-8")
    assert "<p>Pågående enligt källan, 2020</p>" in html
    assert f'<p class="mb-status-note">{HIKIKOMORI_NOTE}</p>' in html
    data = json.loads((tmp_path / "site" / "data" / "cards" / "testprojektet.json").read_text(encoding="utf-8"))
    assert data["end_passed"] is True and data["status_facet"] == ONGOING_PAST_END
