"""Open data: cards.json, one JSON file per card, taxonomy.json and a CSV that Swedish Excel opens right."""

import csv
import io
import json

import pytest

from metodbanken.content.load import load_cards
from metodbanken.exports.export_csv import BOM, cards_csv, columns, neutralise
from metodbanken.schema import CARD_TYPES
from support import cached_taxonomy


def read(site, path):
    return (site / path).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cards_data(real_site):
    return json.loads(read(real_site, "data/cards.json"))


def parse_csv(text):
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :], newline=""), delimiter=";"))


def test_one_json_file_per_card_equal_to_its_record_in_cards_json(real_site, cards_data):
    files = sorted(p.stem for p in (real_site / "data" / "cards").glob("*.json"))
    assert files == sorted(c["id"] for c in cards_data["cards"])
    for record in cards_data["cards"]:
        assert json.loads(read(real_site, f"data/cards/{record['id']}.json")) == record


def test_taxonomy_json_has_every_group_and_the_municipalities_coordinates(real_site):
    data = json.loads(read(real_site, "data/taxonomy.json"))
    assert set(data["taxonomy"]) == set(cached_taxonomy().groups)
    for municipality in data["taxonomy"]["municipalities"]:
        assert 55 < municipality["lat"] < 70 and 10 < municipality["lon"] < 25, municipality
    assert len(data["taxonomy"]["municipalities"]) == 290 and len(data["taxonomy"]["counties"]) == 21
    lulea = next(m for m in data["taxonomy"]["municipalities"] if m["id"] == "lulea")
    assert (lulea["code"], lulea["county"]) == ("2580", "norrbottens-lan")
    method_fields = next(t for t in data["card_types"] if t["id"] == "method")["fields"]
    assert [f["name"] for f in method_fields] == [f.name for f in CARD_TYPES["method"].fields]


def test_csv_is_utf8_with_bom_semicolons_and_crlf(real_site):
    raw = (real_site / "data" / "cards.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    header = text[1:].split("\r\n", 1)[0]
    assert header.split(";") == [c.header for c in columns()]
    # Every row ends in CRLF; a bare LF only occurs inside a quoted cell.
    assert text.endswith("\r\n")


def test_csv_has_one_row_per_card_with_labels_not_ids(real_site, cards_data):
    rows = parse_csv(read(real_site, "data/cards.csv"))
    header, body = rows[0], rows[1:]
    assert len(body) == len(cards_data["cards"])
    assert all(len(row) == len(header) for row in body)
    by_id = {row[header.index("Id")]: dict(zip(header, row, strict=False)) for row in body}
    deep_talk = by_id["deep-talk"]
    assert deep_talk["Korttyp"] == "Metod"
    assert deep_talk["Fokusområden"] == "Minskad brottslighet; Förbättrade skolresultat"
    assert deep_talk["Adress"] == "https://metodbanken.github.io/metodbanken/metoder/deep-talk/"
    assert deep_talk["Prövad i labb"] == "Lina Hage, Södertälje"
    assert "Allmännyttans innovationslabb – slutrapport 2018–2019" in deep_talk["Källor"]
    assert by_id["bis-boden"]["Kommun (labb)"] == "Boden"
    assert by_id["bis-boden"]["Period"] == "2018–2019"


def test_columns_come_from_the_schema_once_each():
    names = [c.name for c in columns()]
    schema_names = list(dict.fromkeys(f.name for t in CARD_TYPES.values() for f in t.fields))
    # The derived status columns (project_status.py) follow the status field they explain.
    at = schema_names.index("status") + 1
    schema_names[at:at] = ["status_display", "end_passed"]
    # The codes and counties (export.place_records) follow the project's municipalities, after the lab's.
    at = schema_names.index("municipalities") + 1
    schema_names[at:at] = ["municipality_codes", "county_labels", "county_codes"]
    # Whether the card rests on an organisation's own account follows the sources (sources.py).
    at = schema_names.index("sources") + 1
    schema_names[at:at] = ["self_reported"]
    assert names == ["type", "id", "url", *schema_names, "body"]
    headers = [c.header for c in columns()]
    assert len(headers) == len(set(headers))


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_formula_like_cells_become_text(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("Deep Talk") == "Deep Talk"


def test_hostile_card_text_is_quoted_and_neutralised(content):
    card = content / "methods" / "samtalskvall.md"
    text = card.read_text(encoding="utf-8")
    text = text.replace(
        "summary: En testmetod där unga samtalar om frågor som berör dem.", "summary: '=cmd|'' /C calc''!A0; \"citat\"'"
    )
    text = text.replace("Så här går en kväll till, med *betoning*.", 'Rad ett; med semikolon.\n\nRad "två".')
    card.write_text(text, encoding="utf-8")
    cards, problems = load_cards(content)
    assert not problems
    out = cards_csv(cards, cached_taxonomy(), {c.id: c.id for c in cards}, {})
    rows = parse_csv(out)
    header = rows[0]
    row = next(dict(zip(header, r, strict=False)) for r in rows[1:] if r[1] == "samtalskvall")
    assert row["Sammanfattning"] == "'=cmd|' /C calc'!A0; \"citat\""
    assert row["Text"] == 'Rad ett; med semikolon.\n\nRad "två".'
    assert '"\'=cmd|\' /C calc\'!A0; ""citat"""' in out  # quoted, inner quotes doubled
    assert len(rows) == len(cards) + 1


def test_open_data_page_states_licence_and_names_every_source_document(real_site):
    html = read(real_site, "oppna-data/index.html")
    assert "CC BY 4.0" in html and "https://creativecommons.org/licenses/by/4.0/deed.sv" in html
    for document in cached_taxonomy().terms("documents"):
        assert document.label in html, document.id
    for path in ("../data/cards.json", "../data/cards.csv", "../data/taxonomy.json", "../feed.xml", "../data/cards/"):
        assert f'href="{path}' in html, path
    # The JSON Schema files are linked exactly when the build publishes them.
    for name in CARD_TYPES:
        published = (real_site / "data" / "schema" / f"{name}.schema.json").exists()
        assert (f'href="../data/schema/{name}.schema.json"' in html) == published
    assert "<!-- metodbanken:" not in html
    for column in columns():
        assert column.header in html


def test_every_lab_and_project_names_its_places_with_codes_and_counties(real_site):
    data = json.loads(read(real_site, "data/cards.json"))
    municipalities = {m["id"]: m for m in data["taxonomy"]["municipalities"]}
    counties = {c["id"]: c for c in data["taxonomy"]["counties"]}
    for record in data["cards"]:
        if record["type"] not in ("lab", "project"):
            assert "places" not in record
            continue
        ids = [record["municipality"]] if record["type"] == "lab" else record["municipalities"]
        assert [p["municipality"] for p in record["places"]] == ids
        for place in record["places"]:
            m, c = municipalities[place["municipality"]], counties[place["county"]]
            assert (place["municipality_label"], place["municipality_code"]) == (m["label"], m["code"])
            assert (place["county"], place["county_label"], place["county_code"]) == (
                m["county"],
                c["label"],
                c["code"],
            )
