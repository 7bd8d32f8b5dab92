"""The benchmarks' synthetic cards (bench/synthetic.py) stay valid, so that a benchmark at any size can build."""

from __future__ import annotations

import sys
from pathlib import Path

from metodbanken.content.documentation_scale import method_figures
from metodbanken.pipeline import load_and_validate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import synthetic


def test_every_measured_method_gives_a_figure_of_its_own():
    # The 5 000-card corpus once stopped at its 872nd card: a result sentence spoke of a lab next to the figure.
    corpus = synthetic.Corpus(seed=1)
    measured = []
    for _ in range(1000):  # the first cards of every corpus are methods, drawn as write_cards draws them
        card = corpus.card("method")
        corpus.body()
        if card["documentation"] == "matt-resultat":
            measured.append(card)
    assert len(measured) > 100
    assert all(method_figures(card["results"]) for card in measured)


def test_a_synthetic_corpus_is_valid(tmp_path):
    synthetic.write_cards(tmp_path, 150, seed=3)
    cards, _ = load_and_validate(tmp_path)
    assert len(cards) == 150
