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


def test_search_words_are_read_as_a_tuple_and_kept_out_of_the_open_data():
    taxonomy = load_taxonomy()
    isolation = taxonomy.get("challenges", "isolering")
    assert "ensamma" in isolation.words and isinstance(isolation.words, tuple)
    assert taxonomy.get("actors", "kommun").words == ()
    assert all("words" not in term for terms in taxonomy.as_dict().values() for term in terms)


def test_search_words_that_are_no_list_of_words_say_where_and_how(tmp_path):
    import pytest

    bad = tmp_path / "taxonomy.yml"
    bad.write_text("challenges:\n  - id: x\n    label: X\n    description: Y.\n    words: ensamhet\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"challenges/x: words ska vara en lista .* words: \[ensamhet"):
        load_taxonomy(bad)


def test_counting_terms_is_counts_under_seen_from_the_cards_side():
    taxonomy = load_taxonomy()
    narrower = [t.id for t in taxonomy.narrower("target_groups", "unga")]
    for values in (["unga"], [narrower[0], "unga", narrower[0]], ["nyanlanda", "ingen-sadan-term"], [], "unga", None):
        counting = taxonomy.counting_terms("target_groups", values)
        assert len(counting) == len(set(counting))
        assert set(counting) == {
            t.id for t in taxonomy.terms("target_groups") if taxonomy.counts_under("target_groups", t.id, values)
        }
    assert set(taxonomy.counting_terms("target_groups", [narrower[0]])) == {narrower[0], "unga"}
