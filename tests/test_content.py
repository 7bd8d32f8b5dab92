"""Checks on the real content as published in site/data/cards.json."""

import json
import re

import pytest

from support import cached_taxonomy

CHAPTER_METHODS = [
    "allmannyttig-verkstad",
    "dagboksmetoden",
    "community-art",
    "integrationskor",
    "fokus-pa-mat",
    "ungdomscafe",
    "deep-talk",
    "motesplats-som-katalysator",
    "samverkansavtal-med-foreningar",
    "community-organizing",
    "laslandet",
    "lokal-feriejobbsmodell",
    "forberedande-kurs-sprak-och-arbetsliv",
    "livet-i-sverige",
    "sommar-for-kvinnor",
    "svenska-med-baby",
    "foretagsskola",
    "strukturerat-utvecklingssamtal",
]
LABS = ["bis-boden", "rannebergen-goteborg", "portalen-norrkoping", "lina-hage-sodertalje"]


@pytest.fixture(scope="module")
def cards(real_site):
    return json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))["cards"]


def of_type(cards, card_type):
    return {c["id"]: c for c in cards if c["type"] == card_type}


def test_all_chapter_methods_and_four_labs_are_published_and_linked(cards):
    methods, labs = of_type(cards, "method"), of_type(cards, "lab")
    assert set(labs) == set(LABS)
    assert len(methods) >= len(CHAPTER_METHODS) + 6  # the chapter plus methods described elsewhere in the report
    for method_id in CHAPTER_METHODS:
        assert method_id in methods
        assert set(methods[method_id].get("tested_in", [])) & set(LABS), f"{method_id} är inte kopplad till något labb"
    # every lab shows at least one method (computed back-link)
    for lab_id in LABS:
        assert any(lab_id in m.get("tested_in", []) for m in methods.values())


def test_lab_figures_are_the_reports(cards):
    labs = of_type(cards, "lab")
    lina = json.dumps(labs["lina-hage-sodertalje"], ensure_ascii=False)
    assert "22 till 55 procent" in lina and "40–50" in lina
    portalen = json.dumps(labs["portalen-norrkoping"], ensure_ascii=False)
    assert "22" in portalen and "10" in portalen
    for lab in labs.values():
        assert lab["goals"] and all(g["outcome"] in {"ja", "nej", "delvis", "okant"} for g in lab["goals"])
        assert lab["diary"], lab["id"]


def test_every_method_says_how_well_it_is_documented(cards):
    levels = set(cached_taxonomy().ids("documentation_levels"))
    assert all(m["documentation"] in levels for m in of_type(cards, "method").values())


def test_no_two_projects_share_a_title_or_alias(cards):
    seen = {}
    for project in of_type(cards, "project").values():
        for name in [project["title"], *project.get("aliases", [])]:
            key = name.casefold()
            assert seen.get(key, project["id"]) == project["id"], (
                f"{project['id']} och {seen.get(key)} heter båda '{name}'"
            )
            seen[key] = project["id"]


def test_project_status_and_municipality_come_from_the_taxonomy(cards):
    taxonomy = cached_taxonomy()
    projects = of_type(cards, "project").values()
    assert len(projects) >= 45
    for project in projects:
        assert project["status"] in taxonomy.ids("project_statuses")
        assert set(project["municipalities"]) <= set(taxonomy.ids("municipalities"))
        assert project["period"]["start"]


def test_merged_projects_keep_their_other_names(cards):
    projects = of_type(cards, "project")
    assert "Hertsöns Hjärtpunkt" in projects["motesplats-hertson"]["aliases"]
    assert any("FöräldraSupporten" in a for a in projects["tidiga-insatser-foraldrasupporten"]["aliases"])
    sources = {s["document"] for s in projects["arenan"]["sources"]}
    assert sources == {"lulea-sociala-investeringar", "samordningsforbundet-2020"}


def test_no_contact_details_anywhere_in_the_published_data(real_site):
    text = (real_site / "data" / "cards.json").read_text(encoding="utf-8")
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", text)


def test_luleas_permanent_projects_for_young_people_in_two_clicks(real_site):
    overview = (real_site / "projekt" / "index.html").read_text(encoding="utf-8")
    assert 'href="kommun/lulea/#permanent"' in overview  # click 1: the Luleå × permanent cell
    lulea = (real_site / "projekt" / "kommun" / "lulea" / "index.html").read_text(encoding="utf-8")
    permanent = lulea.split('id="permanent"')[1].split("<h2")[0]
    assert "Nattidrott" in permanent and "Ungdomar" in permanent  # click 2 shows them with their target groups
    assert "Pågående" not in permanent.split("</h2>")[0]
