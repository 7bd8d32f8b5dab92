"""Pathological-card benchmark (not a test): validation and rendering time of hostile card text at 10, 50 and
100 kB, to show that neither grows faster than the text.

    .venv/bin/python bench/pathological_benchmark.py [--runs N] [--only NAME,NAME]

Each card is the fixture method card with a body made of one construct repeated (tests/test_hardening.py's
PATHOLOGICAL: runs of '[', links and images without an end, reference definitions, backticks, asterisks,
emphasis, '&', '<', nested blockquotes and lists …), cut so that the whole file is 10 000, 50 000 or 100 000
bytes (the card limit). "validera" is load + validate of the fixture content with that card (what
`metodbanken validate` and the build do first); "rendera" is the card's page as the build makes it without
validation: template, Python-Markdown with mkdocs.yml's extensions and the sanitiser. Medians of --runs runs.

Linear growth gives 100 kB / 10 kB ≈ 10 (less while the fixed cost of a page dominates); quadratic gives ≈ 100.
Before issue 26 the '[' card took 12 s at 4 000 characters and 272 s at 16 000 to render, and minutes to
validate at 90 000.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "hooks"), str(Path(__file__).resolve().parents[1] / "tests")]

from test_hardening import CARD, PATHOLOGICAL, card_text, problems_for, render_card_html  # noqa: E402

SIZES = (10_000, 50_000, 100_000)


def card_of_size(name: str, size: int) -> tuple[str, str]:
    """(whole card, body) with the card exactly `size` bytes (the constructs are ASCII)."""
    empty = card_text(body="")
    body = PATHOLOGICAL[name](size)[: size - len(empty.encode("utf-8"))]
    return card_text(body=body), body


def median_time(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def validate_time(text: str, runs: int) -> float:
    def action() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            problems_for(Path(tmp), {CARD: text})

    return median_time(action, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="kommaseparerade namn ur PATHOLOGICAL")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(PATHOLOGICAL)
    render_card_html({}, "")  # templates and Markdown extensions loaded once, outside the timings
    base_validate = validate_time(card_text(), args.runs)
    base_render = median_time(lambda: render_card_html({}, ""), args.runs)
    print(f"vanligt kort: validera {base_validate:.3f} s, rendera {base_render:.3f} s\n")
    header = "".join(f"{size // 1000:>8} kB" for size in SIZES)
    print(f"{'kort':<28}{'steg':<10}{header}   100 kB / 10 kB")
    worst = 0.0
    for name in names:
        for step in ("validera", "rendera"):
            row = []
            for size in SIZES:
                text, body = card_of_size(name, size)
                if step == "validera":
                    row.append(validate_time(text, args.runs))
                else:
                    row.append(median_time(lambda body=body: render_card_html({}, body), args.runs))
            ratio = row[-1] / row[0]
            worst = max(worst, ratio)
            cells = "".join(f"{seconds:>9.3f}s" for seconds in row)
            print(f"{name if step == 'validera' else '':<28}{step:<10}{cells}   {ratio:>6.1f}", flush=True)
    print(f"\nstörsta kvot 100 kB / 10 kB: {worst:.1f} (linjärt ≈ 10, kvadratiskt ≈ 100)")


if __name__ == "__main__":
    main()
