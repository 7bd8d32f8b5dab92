"""Every county and municipality in the taxonomy: generated from the committed CSV, with codes, counties and map
points; every one of the 290 accepted in a card, a name written instead of an id guessed."""

import csv
import importlib.util
import time
from pathlib import Path

import pytest
import yaml

from metodbanken.content.scaffold import slugify
from metodbanken.field_kinds import check_terms
from metodbanken.schema import CARD_TYPES
from metodbanken.taxonomy import PLACES_PATH, TAXONOMY_PATH, load_taxonomy
from support import edit, only, problems_for

REPO = Path(__file__).resolve().parents[1]
CSV_PATH = REPO / "hooks" / "metodbanken" / "site" / "data" / "kommuner.csv"
# The municipalities the cards named before all 290 came in: their ids, and so the cards' pages, stay the same.
EARLIER_IDS = {"boden", "goteborg", "norrkoping", "sodertalje", "lulea", "pitea", "alvsbyn"}


def update_script():
    spec = importlib.util.spec_from_file_location(
        "update_municipalities", REPO / "scripts" / "update_municipalities.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_places_file_is_what_the_script_makes_of_the_csv():
    script = update_script()
    assert script.CSV_PATH == CSV_PATH and script.OUT == PLACES_PATH
    assert PLACES_PATH.read_text(encoding="utf-8") == script.places_yaml(script.read_rows())


def test_all_290_municipalities_and_21_counties_with_codes():
    taxonomy = load_taxonomy()
    counties = {t.id: t for t in taxonomy.terms("counties")}
    municipalities = taxonomy.terms("municipalities")
    assert len(counties) == 21 and len(municipalities) == 290
    assert counties["norrbottens-lan"].label == "Norrbottens län" and counties["norrbottens-lan"].code == "25"
    assert counties["stockholms-lan"].code == "01"
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        rows = {row["kommunkod"]: row for row in csv.DictReader(f)}
    assert len(rows) == 290
    for term in municipalities:
        row = rows[term.code]
        assert term.label == row["kommun"] and counties[term.county].code == row["lanskod"] == term.code[:2]
        assert (term.lat, term.lon) == (float(row["lat"]), float(row["lon"]))
        assert 55 < term.lat < 69.1 and 10.9 < term.lon < 24.2  # inside Sweden's box
        assert term.id == slugify(term.label) or term.id == f"{slugify(term.label)}-{term.code}"
    assert len({t.code for t in municipalities}) == 290
    assert {t.id for t in municipalities} >= EARLIER_IDS
    lulea = taxonomy.get("municipalities", "lulea")
    assert (lulea.code, lulea.county) == ("2580", "norrbottens-lan")
    # Håbo and Habo fold to the same slug: both carry their code, so neither id means the other.
    assert taxonomy.find_by_label("municipalities", "Håbo").id == "habo-0305"
    assert taxonomy.find_by_label("municipalities", "habo").id == "habo-0643"
    assert taxonomy.get("municipalities", "habo") is None
    assert taxonomy.get("municipalities", "upplands-vasby").label == "Upplands Väsby"


def test_places_are_read_beside_the_hand_written_taxonomy_and_not_defined_twice(tmp_path):
    hand_written = yaml.safe_load(TAXONOMY_PATH.read_text(encoding="utf-8"))
    assert "municipalities" not in hand_written and "counties" not in hand_written
    both = tmp_path / "taxonomy.yml"
    both.write_text(TAXONOMY_PATH.read_text(encoding="utf-8") + "\ncounties: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="counties"):
        load_taxonomy(both)
    lost = tmp_path / "places.yml"
    lost.write_text(PLACES_PATH.read_text(encoding="utf-8").replace("county: norrbottens-lan", "county: norrbotten"))
    with pytest.raises(ValueError, match="'norrbotten', som inte finns i counties"):
        load_taxonomy(TAXONOMY_PATH, lost)


class _Checker:
    def __init__(self, taxonomy):
        self.taxonomy = taxonomy
        self.problems = []

    def add(self, field, code, message, hint=""):
        self.problems.append((code, message, hint))

    def nearest(self, value, options):
        from metodbanken.content.validate import nearest

        return nearest(str(value), options)


def test_every_one_of_the_290_is_accepted_quickly():
    taxonomy = load_taxonomy()
    spec = CARD_TYPES["project"].field("municipalities")
    checker = _Checker(taxonomy)
    ids = taxonomy.ids("municipalities")
    started = time.perf_counter()
    for _ in range(100):  # a hundred cards naming every municipality
        check_terms(checker, spec, ids, "municipalities")
    assert checker.problems == []
    assert time.perf_counter() - started < 0.5  # a set look-up each; a list scan would be ~30 times slower


def test_a_name_or_a_slip_gets_its_id_guessed_and_the_rule_not_290_ids(content):
    edit(content / "labs" / "testlabbet.md", "municipality: sodertalje", "municipality: Södertälje")
    p = only(problems_for(content), "unknown-taxonomy-value")
    assert p.field == "municipality" and "Södertälje" in p.message
    assert "Menade du 'sodertalje'?" in p.hint
    assert "å och ä som a, ö som o" in p.hint and "places.yml" in p.hint and "upplands-vasby" in p.hint
    assert "vellinge" not in p.hint and len(p.hint) < 400
    edit(content / "labs" / "testlabbet.md", "municipality: Södertälje", "municipality: malmoe")
    assert "Menade du 'malmo'?" in only(problems_for(content), "unknown-taxonomy-value").hint
    edit(content / "labs" / "testlabbet.md", "municipality: malmoe", "municipality: vellinge")
    assert problems_for(content) == []


def test_short_groups_still_list_every_value(content):
    edit(content / "projects" / "testprojektet.md", "municipalities: [lulea]", "municipalities: [lulea, kiruna]")
    assert problems_for(content) == []
    taxonomy = load_taxonomy()
    assert taxonomy.listed_in_full("focus_areas") and not taxonomy.listed_in_full("municipalities")
    assert taxonomy.allowed_text("focus_areas") == f"Tillåtna värden: {', '.join(taxonomy.ids('focus_areas'))}."


def test_the_contributor_guide_explains_the_ids_and_shows_the_municipalities_in_use(content):
    from metodbanken.content.load import load_cards
    from metodbanken.site.field_reference import field_reference

    cards, _ = load_cards(content)
    taxonomy = load_taxonomy()
    text = field_reference(cards, taxonomy)
    section = text.split("{ #varden-municipalities }")[1].split("####")[0]
    assert "å och ä som a, ö som o" in section and "places\\.yml" in section
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows == [  # the fixture's two, in the order of their codes (0181, 2580)
        "| `sodertalje` | Södertälje | Södertälje i Stockholms län\\. |",
        "| `lulea` | Luleå | Luleå i Norrbottens län\\. |",
    ]


def test_open_data_carries_each_place_with_its_codes_and_county(content):
    from metodbanken.content.load import load_cards
    from metodbanken.exports.export import derived_fields
    from metodbanken.exports.export_csv import cards_csv, columns

    cards, _ = load_cards(content)
    taxonomy = load_taxonomy()
    by_id = {c.id: c for c in cards}
    derived = {c.id: derived_fields(c, taxonomy) for c in cards}
    assert derived["testlabbet"]["places"] == [
        {
            "municipality": "sodertalje",
            "municipality_label": "Södertälje",
            "municipality_code": "0181",
            "county": "stockholms-lan",
            "county_label": "Stockholms län",
            "county_code": "01",
        }
    ]
    assert [p["county_code"] for p in derived["testprojektet"]["places"]] == ["25"]
    assert "places" not in derived["laxhjalp"]  # a method ran nowhere in particular
    # Two municipalities in one county: each code, the county once.
    by_id["testprojektet"].data["municipalities"] = ["lulea", "boden", "goteborg"]
    derived["testprojektet"] = derived_fields(by_id["testprojektet"], taxonomy)
    urls = {c.id: f"https://example.org/{c.id}/" for c in cards}
    rows = list(csv.reader(cards_csv(cards, taxonomy, urls, {}, derived)[1:].splitlines(), delimiter=";"))
    header = rows[0]
    assert [c.header for c in columns()] == header
    at = {name: header.index(name) for name in ("Id", "Kommunkod", "Län", "Länskod")}
    by_row = {row[at["Id"]]: row for row in rows[1:]}
    project = by_row["testprojektet"]
    assert project[at["Kommunkod"]] == "2580; 2582; 1480"
    assert project[at["Län"]] == "Norrbottens län; Västra Götalands län"
    assert project[at["Länskod"]] == "25; 14"
    assert by_row["testlabbet"][at["Län"]] == "Stockholms län"
    assert by_row["laxhjalp"][at["Kommunkod"]] == ""


def test_the_map_marks_only_municipalities_with_labs_or_projects(content):
    from metodbanken.content.load import load_cards
    from metodbanken.site.map_svg import sweden_map

    edit(content / "projects" / "testprojektet.md", "municipalities: [lulea]", "municipalities: [kiruna, lulea]")
    cards, _ = load_cards(content)
    drawn = sweden_map(cards, load_taxonomy())
    assert [p.term.id for p in drawn.places] == ["kiruna", "lulea", "sodertalje"]  # by name, of the 290
    kiruna = next(p for p in drawn.places if p.term.id == "kiruna")
    assert [c.id for c in kiruna.projects] == ["testprojektet"] and kiruna.labs == []
    assert kiruna.y < next(p for p in drawn.places if p.term.id == "sodertalje").y  # north is up
