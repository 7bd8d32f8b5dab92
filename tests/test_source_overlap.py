"""scripts/source_overlap.py: words a card shares with a source, also when they go on from one bullet into the next."""

from __future__ import annotations

import importlib.util
import sys

from support import REPO

SOURCE_OVERLAP = REPO / "scripts" / "source_overlap.py"
_spec = importlib.util.spec_from_file_location("source_overlap", SOURCE_OVERLAP)
source_overlap = sys.modules["source_overlap"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(source_overlap)

SOURCE = (
    "Rannebergen, Göteborg\n• En stark lokal processledare från Hyresgästföreningen.\n• Fokus på civilsamhället.\n"
    "• Den fysiska mötesplatsen och cafékvällarna, med en enkel men välfungerande dialogmodell.\n"
    "Samverkansaktörer: Bostadsbolaget i Göteborg, Hyresgästföreningen, Göteborgs stad, ABF, Röda korset, "
    "Rädda Barnen, Svenska kyrkan och Studiefrämjandet.\n"
)


def _card(tmp_path, front_matter: str):
    card = tmp_path / "kort.md"
    card.write_text(f"---\n{front_matter}---\nEgen text.\n", encoding="utf-8")
    return card


def _run(tmp_path, card, capsys):
    sources = tmp_path / "seeds"
    sources.mkdir(exist_ok=True)
    (sources / "000.txt").write_text(SOURCE, encoding="utf-8")
    code = source_overlap.main([str(sources), str(card)])
    return code, capsys.readouterr().out


def test_a_run_copied_across_bullets_counts_and_names_the_bullets(tmp_path, capsys):
    # Each bullet alone is shorter than 12 words; together they repeat 18 words of the source.
    card = _card(
        tmp_path,
        "success_factors:\n  - En stark lokal processledare från Hyresgästföreningen.\n  - Fokus på civilsamhället.\n"
        "  - Den fysiska mötesplatsen och cafékvällarna, med en enkel men fungerande dialogmodell.\n",
    )
    code, out = _run(tmp_path, card, capsys)
    assert code == 1
    assert "kort.md: success_factors[0–2]: 18 ord (egen text?): en stark lokal processledare" in out
    assert "1 ordföljder på minst 12 ord" in out


def test_bullets_in_own_words_share_no_run(tmp_path, capsys):
    card = _card(
        tmp_path,
        "success_factors:\n  - Hyresgästföreningens lokala processledare, som rapporten kallar stark.\n"
        "  - Att tyngdpunkten låg på civilsamhället.\n"
        "  - Mötesplatsen och kafékvällarna, där en enkel dialogmodell fungerade väl.\n",
    )
    code, out = _run(tmp_path, card, capsys)
    assert code == 0 and "0 ordföljder" in out


def test_a_run_within_one_text_names_its_field_as_before(tmp_path, capsys):
    card = _card(
        tmp_path,
        "summary: Här fanns en stark lokal processledare från Hyresgästföreningen. Fokus på civilsamhället. Den fysiska"
        " mötesplatsen.\n",
    )
    code, out = _run(tmp_path, card, capsys)
    assert code == 1 and "kort.md: summary: 12 ord (egen text?)" in out


def test_a_list_of_partners_is_read_name_by_name(tmp_path, capsys):
    # Copying the names of organisations is not copying a sentence.
    names = ["Bostadsbolaget i Göteborg", "Hyresgästföreningen", "Göteborgs stad", "ABF", "Röda korset"]
    names += ["Rädda Barnen", "Svenska kyrkan"]
    card = _card(tmp_path, "partners:\n" + "".join(f"  - {name}\n" for name in names))
    code, out = _run(tmp_path, card, capsys)
    assert code == 0 and "0 ordföljder" in out


def test_runs_keep_the_items_they_start_and_end_in():
    grams = {("a", "b", "c"), ("b", "c", "d")}
    assert source_overlap.shared_runs_in_items(["x a", "b", "c d y"], grams, 3) == [(0, 2, ["a", "b", "c", "d"])]
    assert source_overlap.shared_runs("x a b c d y", grams, 3) == [["a", "b", "c", "d"]]
