"""Validation benchmark (not a test): how long loading and validating one hostile card takes.

    .venv/bin/python bench/validate_benchmark.py

The cards are the ones tests/test_hardening.py refuses: three 100 000–300 000-character lines (once quadratic
in the e-mail check: 149 s at 300 000 characters) and a 9-level YAML alias bomb (once never finished). Each is
timed with the size limit on (refused at once) and off (the checks themselves), median of 5 runs, next to an
ordinary card from the fixtures. Aim: well under a second per card.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "hooks"), str(Path(__file__).resolve().parents[1] / "tests")]

import metodbanken.content.load as load  # noqa: E402
from test_hardening import ALIAS_BOMB, BASE_CARD, CARD, LONG_LINES, problems_for  # noqa: E402


def timed(text: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            problems_for(Path(tmp), {CARD: text})
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ordinary = timed(BASE_CARD)
    print(f"vanligt kort (hela fixturinnehållet): {ordinary * 1000:.0f} ms")
    for name, text in (("tre långa rader", LONG_LINES), ("aliasbomb, 9 nivåer", ALIAS_BOMB)):
        print(f"{name}: {timed(text) * 1000:.0f} ms med storleksgränsen", end="")
        original = load.MAX_CARD_BYTES
        load.MAX_CARD_BYTES = 10**9
        try:
            print(f", {timed(text) * 1000:.0f} ms utan")
        finally:
            load.MAX_CARD_BYTES = original


if __name__ == "__main__":
    main()
