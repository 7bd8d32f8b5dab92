"""The finder's prebuilt Swedish lunr index: analysis identical to lunr.sv.js, field weights, caching."""

import itertools
import json
import re
import shutil
import socket
import subprocess
from pathlib import Path

import mkdocs.contrib.search
import pytest
from lunr.index import Index
from lunr.query import QueryPresence

from metodbanken import paths
from metodbanken.content.badges import BADGES
from metodbanken.content.load import Card, load_cards
from metodbanken.content.project_status import status_facet_terms
from metodbanken.schema import CARD_TYPES
from metodbanken.search import analysis, documents, finder_data, lunr_index, shards
from metodbanken.search.analysis import analyse, stem, tokens
from metodbanken.search.documents import card_texts, in_display_order, index_documents
from metodbanken.search.finder_data import search_files
from metodbanken.search.lunr_index import build_index
from metodbanken.taxonomy import load_taxonomy
from support import (
    REPO,
    cached_taxonomy,
    card,
    corpus_words,
    decoded_terms,
    index_shards,
    records_of_files,
    records_of_site,
)

LUNR_SV_JS = (Path(mkdocs.contrib.search.__file__).parent / "lunr-language" / "lunr.sv.js").read_text(encoding="utf-8")


def search(cards, text):
    """Every word required, as the browser asks when a card holds all the words."""
    ordered = in_display_order(cards)
    index = Index.load(build_index(index_documents(ordered, cached_taxonomy())))
    query = index.create_query()
    for term in analyse(text):
        query.term(term, use_pipeline=False, presence=QueryPresence.REQUIRED)
    return [ordered[int(result["ref"])].id for result in index.query(query)]


def search_data(cards, cache_dir):
    return search_files(cards, cached_taxonomy(), {c.id: f"metoder/{c.id}/" for c in cards}, cache_dir=cache_dir)


def words_json(cards, cache_dir):
    return search_data(cards, cache_dir)[paths.SEARCH_WORDS_PATH]


def test_stop_words_and_word_characters_are_read_from_the_lunr_sv_js_that_the_site_ships():
    assert analysis.lunr_sv_js_path().read_text(encoding="utf-8") == LUNR_SV_JS
    assert {"och", "att", "för", "på", "är", "över", "sådana"} <= analysis.SV_STOP_WORDS
    assert "ungdom" not in analysis.SV_STOP_WORDS and len(analysis.SV_STOP_WORDS) == 114
    assert analysis.SV_WORD_CHARACTERS.startswith("A-Za-z\xaa\xba\xc0-\xd6")
    assert analysis.words("Åsa, Östen & Ängen: 2019-års café") == ["Åsa", "Östen", "Ängen", "års", "café"]
    assert analysis.words("ÅÄÖåäöéü") == ["ÅÄÖåäöéü"]


@pytest.mark.parametrize(
    ("old", "new", "missing"),
    [
        ("lunr.sv.wordCharacters = ", "lunr.sv.letters = ", "lunr.sv.wordCharacters"),
        ("generateStopWordFilter('alla", "generateStopWordFilter(['alla", "lunr.sv.stopWordFilter"),
        ("A-Za-z", "A-Za-zåäö", "lunr.sv.wordCharacters"),  # letters as they are, not as \\x and \\u escapes
    ],
)
def test_a_lunr_sv_js_of_another_shape_is_refused_with_what_is_missing(tmp_path, old, new, missing):
    changed = tmp_path / "lunr.sv.js"
    assert old in LUNR_SV_JS
    changed.write_text(LUNR_SV_JS.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ValueError, match="hittar inte") as refused:
        analysis.read_lunr_sv(changed)
    assert str(refused.value).startswith(f"{changed}: hittar inte {missing}")
    assert "search/analysis.py" in str(refused.value)


def test_the_analysis_data_for_the_worker_are_json_and_those_of_the_build():
    data = json.loads(json.dumps(analysis.analysis_data(), ensure_ascii=False))
    assert data == {
        "min_part": 4,
        "min_compound": 8,
        "max_compound": 40,
        "definite_endings": ["et", "en", "t", "n"],
        "word_characters": analysis.SV_WORD_CHARACTERS,
        "stop_words": data["stop_words"],
    }
    assert frozenset(data["stop_words"]) == analysis.SV_STOP_WORDS and data["stop_words"][:3] == ["alla", "allt", "att"]
    assert re.findall(f"[{data['word_characters']}]+", "för (ungdomarna), 2019 – Luleå!") == [
        "för",
        "ungdomarna",
        "Luleå",
    ]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("ungdomar", "ungdom"),
        ("ungdom", "ungdom"),
        ("ungdomarna", "ungdom"),
        ("föreningarna", "förening"),
        ("föreningar", "förening"),
        ("förening", "förening"),
        # lunr.sv.js predates Snowball 3, which also strips -et and rewrites -öst; the browser would not.
        ("arbetet", "arbetet"),
        ("religiöst", "religiöst"),
        ("ords", "ord"),
    ],
)
def test_stemmer_gives_what_lunr_sv_js_gives(word, expected):
    assert stem(word) == expected


NODE = shutil.which("node")
# lunr.js, its stemmer support and lunr.sv.js, as the search worker loads them; stems the words on stdin.
STEM_IN_NODE = """
const [lunrJs, supportJs, svJs] = process.argv.slice(1);
const lunr = require(lunrJs);
require(supportJs)(lunr);
require(svJs)(lunr);
const words = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(words.map((w) => lunr.sv.stemmer(new lunr.Token(w)).toString())));
"""


def test_every_word_of_the_corpus_stems_as_lunr_sv_js_stems_it():
    """The stemmer against the one the browser runs, over every distinct word of the cards, the taxonomy and the
    synonyms, folded as the analysis folds them."""
    if not NODE:
        pytest.skip("node finns inte")
    folded = sorted({analysis.fold(word) for word in corpus_words()})
    lunr_dir = Path(mkdocs.contrib.search.__file__).parent
    sources = [
        lunr_dir / "templates" / "search" / "lunr.js",
        lunr_dir / "lunr-language" / "lunr.stemmer.support.js",
        lunr_dir / "lunr-language" / "lunr.sv.js",
    ]
    out = subprocess.run(
        [NODE, "-e", STEM_IN_NODE, *map(str, sources)],
        input=json.dumps(folded),
        capture_output=True,
        text=True,
        check=True,
    )
    in_lunr_sv_js = json.loads(out.stdout)
    assert len(folded) > 5000 and len(in_lunr_sv_js) == len(folded)
    assert [(w, stem(w), js) for w, js in zip(folded, in_lunr_sv_js, strict=True) if stem(w) != js] == []


def test_the_stemmer_is_the_pinned_snowballstemmer_and_another_version_is_refused():
    assert f"snowballstemmer=={analysis.STEMMER_VERSION}\n" in (REPO / "requirements" / "site.in").read_text()
    assert f"snowballstemmer=={analysis.STEMMER_VERSION}\n" in (REPO / "requirements" / "site.txt").read_text()
    analysis.check_stemmer_version(analysis.STEMMER_VERSION)
    with pytest.raises(RuntimeError, match=r"snowballstemmer 3\.1\.1 är installerad.*requirements/site\.txt"):
        analysis.check_stemmer_version("3.1.1")


def test_analysis_drops_stop_words_punctuation_numbers_and_query_syntax():
    assert analyse("Och för (ungdomarna), 2019 – i Luleå!") == ["ungdom", "luleå"]
    assert analyse("+unga -ung ~läxhjälp^2 titel:mål* 😀") == ["ung", "ung", "läxhjälp", "titel", "mål"]


def test_serialized_index_holds_finished_terms_for_lunr_js():
    index = build_index(index_documents([card("a", "Läxhjälp")], cached_taxonomy()))
    assert index["pipeline"] == []  # the browser analyses queries itself, exactly as Vocabulary.terms_of
    assert index["version"] == "2.3.9"
    assert list(index["fields"]) == ["title", "aliases", "summary", "labels", "fields", "body"]


def test_inflected_query_finds_the_base_form_and_back():
    cards = [
        card("ungdom", "Mötesplats för ungdom"),
        card("forening", "Stöd till en förening"),
        card("annat", "Läxhjälp"),
    ]
    assert search(cards, "ungdomar") == ["ungdom"]
    assert search(cards, "föreningarna") == ["forening"]
    assert search(cards, "ungdomen") == ["ungdom"]


def test_title_weighs_more_than_summary_and_body():
    cards = [
        card("brodtext", "Samtal", summary="Om skolan.", body="Läxhjälp varje vecka."),
        card("titel", "Läxhjälp"),
        card("sammanfattning", "Skolstöd", summary="Läxhjälp efter skolan."),
    ]
    assert search(cards, "läxhjälp") == ["titel", "sammanfattning", "brodtext"]


def test_aliases_and_taxonomy_labels_are_searchable():
    cards = [
        card("deep-talk", "Deep Talk", aliases=["Samtalskort", "Röstkortsmetoden"]),
        card("annat", "Läxhjälp", focus_areas=["minskad-brottslighet"]),
    ]
    assert search(cards, "röstkortsmetoden") == ["deep-talk"]
    assert search(cards, "brottslighet") == ["annat"]  # the label of minskad-brottslighet


def test_the_whole_body_and_every_text_field_are_indexed():
    words = " ".join(f"ord{chr(97 + i % 26)}{i}" for i in range(500))
    method = card(
        "lang",
        "Lång",
        body=words,
        steps=["Dela ut röstkort."],
        purpose=["Öka tryggheten."],
        who_runs_it="Fältassistenter",
        housing_company_role="Bostadsbolaget lånar ut lokalen.",
        success_factors=["Kontinuitet"],
        results=["Fler deltog."],
    )
    assert search([method], "orda494") == ["lang"]
    for word in ("röstkort", "tryggheten", "fältassistenter", "lokalen", "kontinuitet", "deltog"):
        assert search([method], word) == ["lang"], word


def test_every_text_field_of_every_card_type_is_read_from_the_schema():
    for card_type in CARD_TYPES.values():
        data, expected = {}, set()
        for field in card_type.fields:
            if field.name in documents.HEADLINE or field.name in documents.NOT_SEARCHED:
                continue
            if field.kind.is_text:
                data[field.name] = [f"x{field.name}"] if field.kind.name == "text_list" else f"x{field.name}"
                expected.add(field.label)
            elif field.kind.name == "objects":
                item = {sub.name: f"x{sub.name}" for sub in field.subfields if sub.kind.is_text}
                data[field.name] = [item]
                expected |= {f"{field.label}: {sub.label}" for sub in field.subfields if sub.kind.is_text}
        labels = {label for label, _ in card_texts(Card(card_type.name, "a", "a.md", data, "Brödtext."))}
        assert labels == expected | {documents.BODY_LABEL}, card_type.name


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("föräldrastöd", ["föräldr", "stöd"]),
        ("sommarjobb", ["somm", "jobb"]),
        ("ungdomscafé", ["ungdom", "caf"]),
        ("områdesutvecklare", ["områd", "utveckl"]),
        ("ungdomar", None),
        ("samverkan", None),
    ],
)
def test_compounds_split_into_words_of_the_content(word, parts):
    vocabulary = analysis.Vocabulary(
        set(analyse("föräldrar stöd sommar jobb ungdom café område utvecklare sam verkan ung domar"))
    )
    assert vocabulary.split(analysis.fold(word)) == parts


def test_a_compound_finds_its_parts_and_the_parts_find_the_compound():
    cards = [card("compound", "Ungdomscafé"), card("parts", "Stöd till föräldrar"), card("annat", "Café för unga")]
    assert search(cards, "ungdom") == ["compound"]
    assert set(search(cards, "café")) == {"compound", "annat"}
    assert set(search(cards, "stöd")) == {"parts"}


def test_diacritics_fold_except_swedish_letters():
    assert analysis.fold("Café Naïve Ångström Übung") == "cafe naive ångström ubung"
    assert analyse("café") == analyse("cafe")
    assert analyse("år") != analyse("ar")


def test_synonyms_find_each_other(tmp_path):
    synonyms = analysis.Synonyms([["feriejobb", "sommarjobb", "sommarjobb för unga"], ["läxhjälp", "läxläsning"]])
    docs = index_documents([card("a", "Feriejobb"), card("b", "Läxläsning")], cached_taxonomy(), synonyms)
    assert "sommarjobb" in docs[0]["title"] and "läxhjälp" in docs[1]["title"]


def test_the_synonyms_file_is_valid():
    groups = analysis.load_synonyms()
    assert groups and all(len(group) > 1 for group in groups)


def test_facets_come_from_the_taxonomy_with_challenges_and_the_target_group_hierarchy():
    facets = {f["param"]: f for f in finder_data.finder_facets(cached_taxonomy())}
    assert "utmaning" in facets and facets["utmaning"]["field"] == "challenges"
    unga = next(v for v in facets["malgrupp"]["values"] if v["id"] == "unga")
    assert set(unga["includes"]) == {"unga", "unga-10-15", "ungdomar", "unga-vuxna"}
    assert next(v for v in facets["malgrupp"]["values"] if v["id"] == "ungdomar")["level"] == 1


def test_the_place_facets_list_the_municipalities_and_counties_the_cards_hold():
    taxonomy = cached_taxonomy()
    cards = [
        card("a", "A", card_type="project", municipalities=["pitea", "lulea"]),
        card("b", "B", card_type="lab", municipality="goteborg"),
        card("c", "C", card_type="project", municipalities=["alvsbyn"]),
        card("d", "D"),
    ]
    facets = {f["param"]: f for f in finder_data.finder_facets(taxonomy, cards)}
    # Of the 290, the four the cards hold, in Swedish alphabetical order (Ä after P).
    assert [v["label"] for v in facets["kommun"]["values"]] == ["Göteborg", "Luleå", "Piteå", "Älvsbyn"]
    county = facets["lan"]
    assert county["legend"] == "Län" and county["field"] == "municipalities" and county["groups"] is True
    assert county["values"] == [
        {"id": "norrbottens-lan", "label": "Norrbottens län", "level": 0, "includes": ["alvsbyn", "lulea", "pitea"]},
        {"id": "vastra-gotalands-lan", "label": "Västra Götalands län", "level": 0, "includes": ["goteborg"]},
    ]
    params = list(facets)
    assert params.index("lan") == params.index("kommun") - 1  # the county, then the municipalities in it
    # No labs or projects, no places: a county or municipality without cards is never a choice, and no empty
    # group of choices is drawn.
    empty = {f["param"] for f in finder_data.finder_facets(taxonomy, [card("d", "D")])}
    assert "lan" not in empty and "kommun" not in empty and "fokus" in empty


def test_the_county_facet_adds_nothing_to_the_cards_records(tmp_path):
    files = search_data([card("a", "A", card_type="lab", municipality="lulea")], tmp_path)
    finder = json.loads(files[paths.FINDER_CARDS_PATH])
    (record,) = records_of_files(files)
    assert record["municipalities"] == ["lulea"] and "counties" not in record and "lan" not in record
    kommun = next(f for f in finder["facets"] if f["param"] == "kommun")
    assert [(v["id"], v["label"]) for v in kommun["values"]] == [("lulea", "Luleå")]
    assert [c["label"] for c in finder["download_columns"] if c.get("facet") == "lan"] == ["Län"]


def test_unchanged_text_reuses_the_cached_index(tmp_path, monkeypatch):
    builds = []
    real_build = lunr_index.compact_index_of
    monkeypatch.setattr(lunr_index, "compact_index_of", lambda *args: builds.append(1) or real_build(*args))
    first = search_data([card("a", "Läxhjälp")], tmp_path)
    again = search_data([card("a", "Läxhjälp")], tmp_path)
    assert again == first and len(builds) == 2  # the headline and the text index
    changed = search_data([card("a", "Läxhjälp för unga")], tmp_path)
    assert changed != first and len(builds) == 3  # the text index (body, other fields) is unchanged


def test_a_cache_file_that_is_not_json_is_built_again(tmp_path):
    first = search_data([card("a", "Läxhjälp")], tmp_path)
    cached = list(tmp_path.glob("search-index-*.json"))
    assert len(cached) == 2  # the headline and the text index
    for path in cached:
        path.write_text('{"terms": [', encoding="utf-8")
    assert search_data([card("a", "Läxhjälp")], tmp_path) == first
    assert all("postings" in json.loads(path.read_text(encoding="utf-8")) for path in cached)


def test_every_data_file_is_compact_json_with_swedish_letters_as_they_are(tmp_path):
    cards = [card("a", "Läxhjälp för unga", summary="Åtta föreningar."), card("b", "Språkcafé", card_type="lab")]
    files = search_files(cards, cached_taxonomy(), {c.id: f"x/{c.id}/" for c in cards}, cache_dir=tmp_path)
    pieces = paths.SEARCH_PIECES_DIR
    # A bank so small has its indexes' shards in the words file, its cards' details in finder-cards.json and their
    # texts in one file.
    assert set(files) == {
        paths.FINDER_CARDS_PATH,
        paths.SEARCH_WORDS_PATH,
        f"{pieces}/texts.json",
        f"{pieces}/spellings.json",
    }
    for path, text in files.items():
        assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")), path
    finder = files[paths.FINDER_CARDS_PATH]
    assert "Läxhjälp" in finder and "\\u00e4" not in finder
    words = json.loads(files[paths.SEARCH_WORDS_PATH])
    assert [index["name"] for index in words["indexes"]] == ["headline", "text"]
    assert words["indexes"][0]["fields"] == [f["field_name"] for f in documents.HEADLINE_FIELDS]


def test_a_small_banks_details_and_texts_are_one_file_each_and_a_big_ones_a_file_per_card(tmp_path):
    cards = [card("a", "Läxhjälp för unga", summary="Åtta föreningar."), card("b", "Språkcafé", card_type="lab")]
    urls = {c.id: f"x/{c.id}/" for c in cards}
    together = search_files(cards, cached_taxonomy(), urls, cache_dir=tmp_path)
    apart = search_files(cards, cached_taxonomy(), urls, cache_dir=tmp_path, together_bytes=0, inline_bytes=0)
    pieces = paths.SEARCH_PIECES_DIR
    details = json.loads(together[paths.FINDER_CARDS_PATH])["details"]
    assert [d["title"] for d in details] == ["Läxhjälp för unga", "Språkcafé"]
    assert "details" not in json.loads(apart[paths.FINDER_CARDS_PATH])
    assert json.loads(apart[f"{pieces}/download.json"]) == details
    assert [json.loads(apart[f"{pieces}/card-{n}.json"]) for n in (0, 1)] == details
    texts = json.loads(together[f"{pieces}/texts.json"])
    assert texts == [json.loads(apart[f"{pieces}/texts-{n}.json"]) for n in (0, 1)]
    assert texts[0][0] == ["", "Åtta föreningar."]  # the summary first, with no label
    words, words_apart = (json.loads(files[paths.SEARCH_WORDS_PATH]) for files in (together, apart))
    assert words["texts_together"] is True and words_apart["texts_together"] is False
    assert records_of_files(together) == records_of_files(apart)
    # The shards are the same, in the words file or each in its own; the headline index has one, the text index
    # none (the cards have no other text than their headlines).
    for name in ("headline", "text"):
        inline = index_shards(words, name, lambda path: pytest.fail(f"{path} read: the shards are in the words file"))
        assert inline == index_shards(words_apart, name, lambda path: apart[f"{paths.DATA_DIR}/{path}"])
    assert [len(index["inline"]) for index in words["indexes"]] == [1, 0]
    assert not any("inline" in index for index in words_apart["indexes"]) and f"{pieces}/headline-0.json" in apart

    def described(words):  # the words file but for what says where the pieces are, and their build
        indexes = [{k: v for k, v in index.items() if k != "inline"} for index in words["indexes"]]
        return {
            **{k: v for k, v in words.items() if k not in ("build", "texts_together", "details_together")},
            "indexes": indexes,
        }

    assert described(words) == described(words_apart)
    assert together[f"{pieces}/spellings.json"] == apart[f"{pieces}/spellings.json"]
    # The budget counts the bytes as a static host sends them, gzipped.
    size = shards.hosted_size(shards.as_json(details))
    for budget, one_file in ((size, True), (size - 1, False)):
        files = search_files(cards, cached_taxonomy(), urls, cache_dir=tmp_path, together_bytes=budget)
        assert ("details" in json.loads(files[paths.FINDER_CARDS_PATH])) is one_file


def test_a_budget_is_checked_against_the_gzipped_size_without_compressing_past_it():
    # hosted_within stops compressing once the budget is passed; its answer is hosted_size's, on both sides of it.
    text = shards.as_json([[f"kort {n}", "läxhjälp för unga i Gårdsten " * (n % 7)] for n in range(20_000)])
    size = shards.hosted_size(text)
    assert len(text) > 1 << 17  # more than one piece of what is compressed at a time
    for budget, within in ((size, True), (size - 1, False), (size + 1, True), (100, False), (0, False)):
        assert shards.hosted_within(text, budget) is within, budget
    assert shards.hosted_within("", shards.hosted_size("")) and not shards.hosted_within("", 0)


def test_building_needs_no_network(tmp_path, monkeypatch):
    # lunr(..., languages="sv") would call nltk.download; this index must build offline.
    def refuse(*args, **kwargs):
        raise AssertionError("network access while building the search index")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    files = search_data([card("a", "Läxhjälp")], tmp_path)
    words = json.loads(files[paths.SEARCH_WORDS_PATH])
    assert words["terms"] and index_shards(words, "headline", lambda path: files[f"{paths.DATA_DIR}/{path}"])


def test_finder_data_has_the_cards_and_labels_of_cards_json(real_site):
    finder = json.loads((real_site / "data" / "finder-cards.json").read_text(encoding="utf-8"))
    words = json.loads((real_site / paths.SEARCH_WORDS_PATH).read_text(encoding="utf-8"))
    export = json.loads((real_site / "data" / "cards.json").read_text(encoding="utf-8"))
    labels = {group: {t["id"]: t["label"] for t in terms} for group, terms in export["taxonomy"].items()}
    # The finder's status values are derived (project_status.py).
    labels["project_statuses"] = {t.id: t.label for t in status_facet_terms(cached_taxonomy())}
    for facet in finder["facets"]:
        if facet["field"] == "type":
            continue
        if facet.get("groups"):
            group = finder_data.GROUPING_FACETS[facet["param"]][0]
        else:
            group = finder_data.FACET_FIELDS[facet["field"]]
        assert all(value["label"] == labels[group][value["id"]] for value in facet["values"]), facet["param"]
    assert [{"id": t["id"], "label": t["label"]} for t in finder["card_types"]] == [
        {"id": t["id"], "label": t["label"]} for t in export["card_types"]
    ]
    by_id = {c["id"]: c for c in export["cards"]}
    records = records_of_site(real_site)
    assert sorted(c["id"] for c in records) == sorted(by_id)

    def as_list(value):
        return value if isinstance(value, list) else [value] if value else []

    for record in records:
        exported = by_id[record["id"]]
        assert [record[name] for name in ("type", "url", "title")] == [exported[n] for n in ("type", "url", "title")]
        for name in ("focus_areas", "target_groups", "actors"):
            assert record.get(name, []) == as_list(exported.get(name)), (record["id"], name)
        assert record.get("status", []) == as_list(exported.get("status_facet")), record["id"]
        places = as_list(exported.get("municipalities")) or as_list(exported.get("municipality"))  # labs have one
        assert record.get("municipalities", []) == places
    # Refs are positions in the card list; every posting of every shard points at a card.
    refs = set()
    for index in words["indexes"]:
        read = lambda path: (real_site / paths.DATA_DIR / path).read_text(encoding="utf-8")  # noqa: E731
        for shard in index_shards(words, index["name"], read):
            for posting in shard:
                for gaps in posting:
                    refs.update(itertools.accumulate(gaps[::2]))
    assert refs and refs <= set(range(len(records)))


def test_cards_come_in_swedish_alphabetical_order_by_type():
    cards = [
        card("o", "Öppen förskola"),
        card("a", "Ängsdag"),
        card("b", "Åkerdag"),
        card("c", "Zumba"),
        card("p", "Projekt A", card_type="project"),
        card("d", "Barnkör"),
    ]
    assert [c.id for c in in_display_order(cards)] == ["d", "c", "b", "a", "o", "p"]


def test_the_download_columns_come_from_the_facets_and_badges():
    facets = finder_data.finder_facets(load_taxonomy())
    columns = finder_data.download_columns(facets)
    labels = [c["label"] for c in columns]
    assert labels[:4] == ["typ", "titel", "adress", "sammanfattning"]
    # Every facet but the card type, by its legend, then every badge, by its column heading.
    assert [c["facet"] for c in columns if "facet" in c] == [f["param"] for f in facets if f["field"] != "type"]
    assert [c["label"] for c in columns if "badge" in c] == [column for _, column in BADGES.values()]
    assert len(set(labels)) == len(labels)


def as_lunr(compact, reached=None):
    """The compact index back in lunr's own serialized form, as search-worker.js rebuilds it: with `reached`, the
    field vectors hold only those terms' weights, as in the worker once a query has reached them."""
    inverted, vectors = [], {}
    for place, (term, posting) in enumerate(zip(compact["terms"], compact["postings"], strict=True)):
        entry = {}
        for field, pairs in zip(compact["fields"], posting, strict=True):
            entry[field] = {str(ref): {} for ref in pairs[::2]}
            for ref, weight in zip(pairs[::2], pairs[1::2], strict=True):
                if reached is None or term in reached:
                    vectors.setdefault(f"{field}/{ref}", []).extend((place, weight))
        inverted.append([term, {**entry, "_index": place}])
    field_vectors = [[field_ref, vector] for field_ref, vector in vectors.items()]
    return {
        **{k: compact[k] for k in ("version", "fields", "pipeline")},
        "invertedIndex": inverted,
        "fieldVectors": field_vectors,
    }


@pytest.mark.parametrize("fields", [documents.HEADLINE_FIELDS, documents.TEXT_FIELDS], ids=["rubriker", "text"])
def test_the_index_made_directly_is_lunrs_own_compacted_to_the_bit(fields):
    """compact_index_of against lunr.py's builder and compact_index: the real cards, and documents at the edges (a
    field with no terms or None, a term in capitals, a term in both fields, the empty term, a number, one document)."""
    real = lunr_index.fields_only(index_documents(in_display_order(load_cards(REPO)[0]), cached_taxonomy()), fields)
    names = [spec["field_name"] for spec in fields]
    edges = [
        {"ref": 0, **{name: ["unga", "Unga", "läxa"] for name in names}, names[-1]: []},
        {"ref": 1, **dict.fromkeys(names, None), names[0]: ["", "läxa", "läxa"]},
        {"ref": 2, **{name: ["mötesplats"] for name in names}},
        {"ref": 3, **{name: [2026, "unga"] for name in names}},  # a term that is no string: lunr makes it one
    ]
    for docs in (real, edges, edges[:1]):
        expected = lunr_index.compact_index(build_index(docs, fields))
        assert json.dumps(lunr_index.compact_index_of(docs, fields)) == json.dumps(expected)
    with pytest.raises(TypeError):  # a text instead of its terms: lunr would tokenize it, this would count letters
        lunr_index.compact_index_of([{"ref": 0, **dict.fromkeys(names, "unga")}], fields)


def test_the_compact_index_finds_and_ranks_exactly_as_lunrs_own():
    cards = [
        card("a", "Läxhjälp för unga", summary="Ungdomar läser läxor med studenter i föreningens lokal."),
        card("b", "Sommarjobb", summary="Unga får feriejobb i bostadsområdet, med handledare från bolaget."),
        card("c", "Mötesplats", summary="En mötesplats för föreningar, unga och äldre i området."),
    ]
    original = build_index(index_documents(in_display_order(cards), cached_taxonomy()))
    compact = lunr_index.compact_index(original)
    assert len(json.dumps(compact)) < len(json.dumps(original))
    assert compact["terms"] == [term for term, _ in original["invertedIndex"]]
    for text in ("unga", "föreningar", "läxhjälp unga", "bostadsområde handledare"):
        answers = []
        for serialized in (original, as_lunr(compact), as_lunr(compact, reached=set(analyse(text)))):
            index = Index.load(serialized)
            query = index.create_query()
            for term in analyse(text):
                query.term(term, use_pipeline=False)
            answers.append([(r["ref"], round(r["score"], 9)) for r in index.query(query)])
        assert answers[0] == answers[1] == answers[2] and answers[0], text


def test_concepts_name_their_cards_with_labels_words_and_narrower_groups():
    taxonomy = cached_taxonomy()
    cards = [
        card("verkstad", "Verkstad", challenges=["otrygghet"], target_groups=["ungdomar"]),
        card("nattcafe", "Nattcafé", card_type="project", challenges=["otrygghet"]),
        card("kor", "Kör", challenges=["isolering"], target_groups=["aldre"]),
    ]
    ordered = in_display_order(cards)
    concepts = {(c["group"], c["id"]): c for c in documents.concept_index(ordered, taxonomy)}
    unsafe = concepts["challenges", "otrygghet"]
    assert unsafe["label"] == "Otrygghet och brottslighet" and unsafe["url"] == "utmaningar/otrygghet/"
    assert tokens("Otrygghet och brottslighet") in unsafe["names"]  # the label
    assert [stem("gängkriminalitet")] in unsafe["names"]  # a word of taxonomy.yml
    # The description's other terms, for the closest concepts; a term of a name is not repeated there.
    assert stem("riskerar") in unsafe["about"] and stem("kriminalitet") not in unsafe["about"]
    assert [ordered[p].id for p in unsafe["cards"]] == ["verkstad", "nattcafe"]
    assert [ordered[p].id for p in unsafe["first"]] == ["verkstad"]  # only methods come first
    # A broad target group holds the cards of its narrower ones; only challenges put methods first.
    young = concepts["target_groups", "unga"]
    assert [ordered[p].id for p in young["cards"]] == ["verkstad"] and "first" not in young
    assert concepts["focus_areas", "halsa"]["url"] == "fokusomraden/halsa/"


def test_the_headline_index_carries_the_concepts(tmp_path):
    cards = [card("kor", "Kör", challenges=["isolering"])]
    loaded = json.loads(words_json(cards, tmp_path))
    lonely = next(c for c in loaded["concepts"] if c["id"] == "isolering")
    # Its cards are the facet value's: the page counts them (state.cardsByValue) and hands them to the worker.
    assert lonely["facet"] == "utmaning" and "cards" not in lonely
    assert [stem("ensamma")] in lonely["names"]


def test_concept_pages_exist_for_every_concept(real_site):
    for concept in documents.concept_index([], cached_taxonomy()):
        assert (real_site / concept["url"] / "index.html").is_file(), concept["url"]


def test_the_words_file_codes_its_terms_by_their_shared_beginnings():
    terms = ["a", "ab", "abc", "b", "ungdom", "ungdomar", "ungdomarna", "x" * 40, "x" * 41]
    coded = shards.front_coded(terms)
    assert coded.startswith("0a,1b,2c,0b,0ungdom,6ar,8na,")
    assert decoded_terms(coded) == terms  # a shared beginning longer than 35 letters is cut at 35


def test_a_card_whose_id_spells_its_folder_keeps_the_address_pattern(tmp_path):
    cards = [card("lab", "Lab", card_type="lab", municipality="lulea"), card("b", "B", card_type="lab")]
    urls = {"lab": "labb/lab/", "b": "labb/b/"}
    finder = json.loads(search_files(cards, cached_taxonomy(), urls, cache_dir=tmp_path)[paths.FINDER_CARDS_PATH])
    assert next(t for t in finder["card_types"] if t["id"] == "lab")["url"] == "labb/{id}/"


def test_the_page_is_told_which_facets_hold_the_searchs_concepts(real_site):
    # The page counts the cards of those facets' values only, for the worker's concepts (state.cardsByValue).
    finder = json.loads((real_site / paths.FINDER_CARDS_PATH).read_text(encoding="utf-8"))
    words = json.loads((real_site / paths.SEARCH_WORDS_PATH).read_text(encoding="utf-8"))
    named = {concept["facet"] for concept in words["concepts"]}
    assert finder["concept_facets"] == [f["param"] for f in finder["facets"] if f["param"] in named]
    assert set(finder["concept_facets"]) == named == {"utmaning", "fokus", "malgrupp"}
