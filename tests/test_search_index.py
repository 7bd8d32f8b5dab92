"""The finder's prebuilt Swedish lunr index: analysis identical to lunr.sv.js, field weights, caching."""
import codecs
import json
import re
import socket
from pathlib import Path

import mkdocs.contrib.search
import pytest
from lunr.index import Index

from metodbanken import search_index
from metodbanken.load import Card
from metodbanken.project_status import status_facet_terms
from metodbanken.search_index import analyse, build_index, in_display_order, index_documents, search_index_json, stem
from metodbanken.taxonomy import load_taxonomy

LUNR_SV_JS = (Path(mkdocs.contrib.search.__file__).parent / "lunr-language" / "lunr.sv.js").read_text(encoding="utf-8")


def card(card_id, title, summary="Ett kort.", body="", card_type="method", **data):
    fields = {"title": title, "summary": summary, "focus_areas": ["halsa"], "target_groups": ["barn"],
              "actors": ["kommun"], **data}
    return Card(card_type, card_id, f"methods/{card_id}.md", fields, body)


def search(cards, query):
    ordered = in_display_order(cards)
    index = Index.load(build_index(index_documents(ordered, load_taxonomy())))
    return [ordered[int(result["ref"])].id for result in index.search(query)]


def finder_json(cards, cache_dir):
    return search_index_json(cards, load_taxonomy(), {c.id: f"metoder/{c.id}/" for c in cards}, cache_dir=cache_dir)


def test_stop_words_and_word_characters_are_exactly_lunr_sv_js():
    stop_words = re.search(r"generateStopWordFilter\('([^']*)'\.split", LUNR_SV_JS).group(1).split(" ")
    assert search_index.SV_STOP_WORDS == frozenset(stop_words)
    word_characters = re.search(r'lunr\.sv\.wordCharacters = "([^"]*)"', LUNR_SV_JS).group(1)
    assert search_index.SV_WORD_CHARACTERS == codecs.decode(word_characters, "unicode_escape")


@pytest.mark.parametrize("word, expected", [
    ("ungdomar", "ungdom"), ("ungdom", "ungdom"), ("ungdomarna", "ungdom"),
    ("föreningarna", "förening"), ("föreningar", "förening"), ("förening", "förening"),
    # lunr.sv.js predates Snowball 3, which also strips -et and rewrites -öst; the browser would not.
    ("arbetet", "arbetet"), ("religiöst", "religiöst"), ("ords", "ord"),
])
def test_stemmer_gives_what_lunr_sv_js_gives(word, expected):
    assert stem(word) == expected


def test_analysis_drops_stop_words_punctuation_and_numbers():
    assert analyse("Och för (ungdomarna), 2019 – i Luleå!") == ["ungdom", "luleå"]


def test_serialized_index_asks_the_browser_for_the_swedish_stemmer():
    index = build_index(index_documents([card("a", "Läxhjälp")], load_taxonomy()))
    assert index["pipeline"] == ["stemmer-sv"]
    assert index["version"] == "2.3.9"
    assert [f for f in index["fields"]] == ["title", "aliases", "summary", "labels", "body"]


def test_inflected_query_finds_the_base_form_and_back():
    cards = [card("ungdom", "Mötesplats för ungdom"), card("forening", "Stöd till en förening"),
             card("annat", "Läxhjälp")]
    assert search(cards, "ungdomar") == ["ungdom"]
    assert search(cards, "föreningarna") == ["forening"]
    assert search(cards, "ungdomen") == ["ungdom"]


def test_title_weighs_more_than_summary_and_body():
    cards = [card("brodtext", "Samtal", summary="Om läxor.", body="Läxhjälp varje vecka. " * 5),
             card("titel", "Läxhjälp"),
             card("sammanfattning", "Skolstöd", summary="Läxhjälp efter skolan.")]
    assert search(cards, "läxhjälp") == ["titel", "sammanfattning", "brodtext"]


def test_aliases_and_taxonomy_labels_are_searchable():
    cards = [card("deep-talk", "Deep Talk", aliases=["Samtalskort", "Röstkortsmetoden"]),
             card("annat", "Läxhjälp", focus_areas=["minskad-brottslighet"])]
    assert search(cards, "röstkortsmetoden") == ["deep-talk"]
    assert search(cards, "brottslighet") == ["annat"]  # the label of minskad-brottslighet


def test_body_is_cut_to_its_opening_words():
    words = [f"ord{chr(97 + i % 26)}{i}" for i in range(search_index.BODY_WORDS + 50)]
    doc = index_documents([card("lang", "Lång", body=" ".join(words))], load_taxonomy())[0]
    assert doc["body"].split() == words[: search_index.BODY_WORDS]


def test_unchanged_text_reuses_the_cached_index(tmp_path, monkeypatch):
    builds = []
    real_build = search_index.build_index
    monkeypatch.setattr(search_index, "build_index", lambda docs: builds.append(1) or real_build(docs))
    first = finder_json([card("a", "Läxhjälp")], tmp_path)
    again = finder_json([card("a", "Läxhjälp")], tmp_path)
    assert again == first and len(builds) == 1
    changed = finder_json([card("a", "Läxhjälp för unga")], tmp_path)
    assert changed != first and len(builds) == 2
    assert json.loads(changed)["index"]["pipeline"] == ["stemmer-sv"]


def test_building_needs_no_network(tmp_path, monkeypatch):
    # lunr(..., languages="sv") would call nltk.download; this index must build offline.
    def refuse(*args, **kwargs):
        raise AssertionError("network access while building the search index")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert json.loads(finder_json([card("a", "Läxhjälp")], tmp_path))["index"]["invertedIndex"]


def test_finder_data_has_the_cards_and_labels_of_cards_json(real_site):
    finder = json.loads((real_site / "data" / "search-index.json").read_text(encoding="utf-8"))
    export = json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))
    for group, terms in finder["taxonomy"].items():
        if group == "project_statuses":  # the finder's status values are derived (project_status.py)
            assert terms == [{"id": t.id, "label": t.label} for t in status_facet_terms(load_taxonomy())]
            continue
        assert terms == [{"id": t["id"], "label": t["label"]} for t in export["taxonomy"][group]]
    assert finder["card_types"] == [{"id": t["id"], "label": t["label"]} for t in export["card_types"]]
    by_id = {c["id"]: c for c in export["cards"]}
    assert sorted(c["id"] for c in finder["cards"]) == sorted(by_id)
    def as_list(value):
        return value if isinstance(value, list) else [value] if value else []

    for record in finder["cards"]:
        exported = by_id[record["id"]]
        assert [record[name] for name in ("type", "url", "title")] == [exported[n] for n in ("type", "url", "title")]
        for name in ("focus_areas", "target_groups", "actors"):
            assert record.get(name, []) == as_list(exported.get(name)), (record["id"], name)
        assert record.get("status", []) == as_list(exported.get("status_facet")), record["id"]
        places = as_list(exported.get("municipalities")) or as_list(exported.get("municipality"))  # labs have one
        assert record.get("municipalities", []) == places
    # Refs are positions in the card list; every posting points at a card.
    refs = {ref for _, posting in finder["index"]["invertedIndex"] for field, docs in posting.items()
            if field != "_index" for ref in docs}
    assert refs <= {str(i) for i in range(len(finder["cards"]))}


def test_cards_come_in_swedish_alphabetical_order_by_type():
    cards = [card("o", "Öppen förskola"), card("a", "Ängsdag"), card("b", "Åkerdag"), card("c", "Zumba"),
             card("p", "Projekt A", card_type="project"), card("d", "Barnkör")]
    assert [c.id for c in in_display_order(cards)] == ["d", "c", "b", "a", "o", "p"]
