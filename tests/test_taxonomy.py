from metodbanken.schema import CARD_TYPES
from metodbanken.taxonomy import load_taxonomy


def test_every_group_the_schema_uses_exists_with_labels_and_descriptions():
    taxonomy = load_taxonomy()
    used = {f.taxonomy for t in CARD_TYPES.values() for f in t.fields for f in (f, *f.subfields) if f.taxonomy}
    assert used <= set(taxonomy.groups)
    for group in used:
        for term in taxonomy.terms(group):
            assert term.id and term.label and term.description, (group, term)


def test_focus_areas_include_the_vinnova_four_and_the_overall_area():
    ids = load_taxonomy().ids("focus_areas")
    for expected in (
        "minskad-langtidsarbetsloshet",
        "forbattrade-skolresultat",
        "starkt-samhallsservice",
        "minskad-brottslighet",
        "overgripande",
    ):
        assert expected in ids


def test_every_document_names_its_seed_file():
    for term in load_taxonomy().terms("documents"):
        assert term.file and term.file.endswith(".txt")
