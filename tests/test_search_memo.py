"""The search data made with the serve memo (search_memo.py) is exactly the search data made afresh: after an edit,
a retitled card (a new order), a card added or removed, and an edit that adds a word and so splits another card's
compound differently; also when the data is made by a copy of the memo (a forked process) that sends back what it
learned."""

from __future__ import annotations

import copy

from metodbanken.search.analysis import Synonyms, load_synonyms
from metodbanken.search.documents import in_display_order
from metodbanken.search.finder_data import search_files
from metodbanken.search.search_memo import SearchMemo
from support import cached_taxonomy, card


def urls(cards):
    return {c.id: f"metoder/{c.id}/" for c in cards}


def fresh(cards, tmp_path):
    return search_files(cards, cached_taxonomy(), urls(cards), cache_dir=tmp_path / "fresh-cache")


def with_memo(cards, memo):
    return search_files(cards, cached_taxonomy(), urls(cards), memo=memo)


def bank():
    return [
        card("samtal", "Samtalskväll", body="Grannar möts till trapphusmöte varje vecka."),
        card("laxhjalp", "Läxhjälp", body="Unga får stöd i skolarbetet av volontärer."),
        card("kor", "Integrationskör", summary="En kör för alla.", body="Sång och gemenskap i området."),
        card("sommar", "Sommarjobb för unga", body="Unga i området får sitt första jobb."),
    ]


def edited(cards, card_id, **changes):
    """The cards with one replaced by a card of the same id with `changes` (title, summary, body)."""
    out = []
    for c in cards:
        if c.id == card_id:
            fields = {k: v for k, v in c.data.items() if k not in ("title", "summary")}
            c = card(
                c.id,
                changes.get("title", c.title),
                changes.get("summary", c.data["summary"]),
                changes.get("body", c.body),
                **fields,
            )
        out.append(c)
    return out


def test_the_memo_gives_the_data_made_afresh_after_each_kind_of_change(tmp_path):
    memo = SearchMemo()
    memo.begin("paketet")
    cards = bank()
    assert with_memo(cards, memo) == fresh(cards, tmp_path)
    assert (memo.made, memo.kept) == (4, 0)
    changes = [  # each to what the one before left
        lambda cs: edited(cs, "laxhjalp", body="Unga får stöd i skolarbetet av volontärer i biblioteket."),
        lambda cs: edited(cs, "kor", title="Abc-kören"),  # first in order now: every ref after it moves
        lambda cs: [*cs, card("ny", "Ny metod", body="Ett nytt trapphus.")],  # trapphus + möte now
        lambda cs: cs[1:],  # a card removed
    ]
    for change in changes:
        cards = change(cards)
        memo.begin("paketet")
        assert with_memo(cards, memo) == fresh(cards, tmp_path)
        assert memo.kept >= len(cards) - 1 and memo.made <= 1  # only the new or edited card is made again


def test_a_term_whose_postings_are_unchanged_keeps_its_json(tmp_path):
    memo = SearchMemo()
    memo.begin("paketet")
    with_memo(bank(), memo)
    memo.begin("paketet")
    # One word for another: every length is the same, so only the two words' terms weigh differently.
    cards = edited(bank(), "laxhjalp", body="Unga får stöd i skolarbetet av studenter.")
    assert with_memo(cards, memo) == fresh(cards, tmp_path)
    assert memo.terms_kept > 20


def test_a_word_added_anywhere_changes_another_cards_compound():
    """The case the memo must notice: with 'trapphus' in the content, the unchanged card's 'trapphusmöte' is also
    found as trapphus + möte."""
    memo = SearchMemo()
    memo.begin("paketet")
    synonyms = Synonyms(load_synonyms())

    def body_of_samtal(cards):
        ordered = in_display_order(cards)
        docs = memo.documents(ordered, memo.parts(ordered, cached_taxonomy()), synonyms)
        return next(doc["body"] for doc, c in zip(docs, ordered, strict=True) if c.id == "samtal")

    assert "trapphus" not in body_of_samtal(bank())
    memo.begin("paketet")  # the next build
    grown = [*bank(), card("ny", "Ny metod", body="Ett nytt trapphus.")]
    assert body_of_samtal(grown)[2:5] == ["trapphusmöt", "trapphus", "möt"]
    assert memo.made == 1  # the card itself was read once; its terms were made again under the new vocabulary


def test_a_copy_made_the_data_and_the_memo_takes_what_it_learned(tmp_path):
    """As under `mkdocs serve`: each edit's data is made by a copy of the serve process's memo (a fork), which
    sends back what it learned; the next copy starts from that."""
    memo = SearchMemo()
    memo.begin("paketet")
    cards = bank()
    with_memo(cards, memo)  # the first build, made in the serve process, which takes what it learned at once
    memo.take(memo.learned())
    steps = [
        edited(cards, "samtal", body="Grannar möts i trapphuset varje vecka."),  # a new word: a new vocabulary
        edited(cards, "samtal", body="Grannar möts i trapphuset varje vecka, och på gården."),
        edited(cards, "sommar", title="Sommarjobb"),
        cards,  # every edit undone
    ]
    for changed in steps:
        child = copy.deepcopy(memo)
        child.begin("paketet")
        assert with_memo(changed, child) == fresh(changed, tmp_path)
        memo.take(child.learned())
        assert memo.took <= 1  # the edited card's parts; the others the memo had
    child = copy.deepcopy(memo)
    child.begin("paketet")
    with_memo(cards, child)
    assert child.made == 0  # every card's parts were known


def test_another_package_forgets_everything():
    memo = SearchMemo()
    memo.begin("paketet")
    with_memo(bank(), memo)
    memo.begin("paketet ändrat")  # the code, taxonomy or synonyms changed
    with_memo(bank(), memo)
    assert (memo.made, memo.kept) == (4, 0)
