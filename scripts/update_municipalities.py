#!/usr/bin/env python3
"""Regenerate hooks/metodbanken/places.yml, the taxonomy's counties and municipalities, from the committed
hooks/metodbanken/site/data/kommuner.csv (all 290 municipalities; provenance in the README beside it).

Run by a developer when the list of municipalities changes, never by the build:

    python3 scripts/update_municipalities.py            # rewrites hooks/metodbanken/places.yml
    python3 scripts/update_municipalities.py --check    # exit 1 if the file is not what the CSV gives

Ids are readable slugs of the name (å/ä → a, ö → o, hyphens), as in the cards: lulea, upplands-vasby. The
official codes are fields of their own. Two names that fold to the same slug (Håbo and Habo) both take their
kommunkod as a suffix, so that neither id silently means the other. The 21 county names are facts, listed here.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hooks.metodbanken.content.scaffold import slugify  # noqa: E402 – the cards' own slug rule

CSV_PATH = REPO / "hooks" / "metodbanken" / "site" / "data" / "kommuner.csv"
OUT = REPO / "hooks" / "metodbanken" / "places.yml"

# Länskod → name, as SCB lists them (02, 11, 15 and 16 are no longer in use).
COUNTIES = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}

HEADER = """\
# Genererad av scripts/update_municipalities.py ur hooks/metodbanken/site/data/kommuner.csv – ändra inte för hand.
# Taxonomins län och alla Sveriges kommuner; taxonomy.py läser filen tillsammans med taxonomy.yml.
# code: länskod eller kommunkod (SCB). county: kommunens län. lat, lon: kommunens mittpunkt i grader (WGS 84),
# för kartan. Id är namnet med små bokstäver, å/ä → a, ö → o och bindestreck; Håbo och Habo får koden efter.
"""


def read_rows(path: Path = CSV_PATH) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["lanskod"] not in COUNTIES or not row["kommunkod"].startswith(row["lanskod"]):
            raise ValueError(f"{path.name}: {row['kommun']} har okänd länskod {row['lanskod']!r}")
    return rows


def municipality_ids(rows: list[dict]) -> dict[str, str]:
    """kommunkod → id."""
    slugs = {row["kommunkod"]: slugify(row["kommun"]) for row in rows}
    taken = Counter(slugs.values())
    return {code: slug if taken[slug] == 1 else f"{slug}-{code}" for code, slug in slugs.items()}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def places_yaml(rows: list[dict]) -> str:
    county_ids = {code: slugify(name) for code, name in COUNTIES.items()}
    lines = [HEADER, "counties:"]
    for code, name in COUNTIES.items():
        lines += [
            f"  - id: {county_ids[code]}",
            f"    label: {name}",
            f"    description: {name}, länskod {code}.",
            f"    code: {_quoted(code)}",
        ]
    lines += ["", "municipalities:"]
    ids = municipality_ids(rows)
    for row in sorted(rows, key=lambda r: r["kommunkod"]):
        county = COUNTIES[row["lanskod"]]
        lines += [
            f"  - id: {ids[row['kommunkod']]}",
            f"    label: {row['kommun']}",
            f"    description: {row['kommun']} i {county}.",
            f"    code: {_quoted(row['kommunkod'])}",
            f"    county: {county_ids[row['lanskod']]}",
            f"    lat: {float(row['lat'])}",
            f"    lon: {float(row['lon'])}",
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that places.yml is up to date")
    args = parser.parse_args()
    text = places_yaml(read_rows())
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(REPO)} är inte vad kommuner.csv ger; kör scripts/update_municipalities.py")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"Skrev {OUT.relative_to(REPO)}: {len(COUNTIES)} län, {len(text.splitlines())} rader")
    return 0


if __name__ == "__main__":
    sys.exit(main())
