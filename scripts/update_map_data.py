#!/usr/bin/env python3
"""Regenerate hooks/metodbanken/site/data/sweden-outline.json, the outline of Sweden the map page draws.

Run by a developer when the outline should change, never by the build:

    python3 scripts/update_map_data.py                      # installs world-atlas with npm into a temp dir
    python3 scripts/update_map_data.py --atlas countries-50m.json   # or use a copy you already have

The source is the npm package world-atlas (Natural Earth 1:50m country boundaries as TopoJSON; Natural
Earth is public domain, the package is ISC). The script decodes Sweden's polygons, drops small islands,
simplifies the rest and rounds to 0.01° (about a kilometre), which is plenty for a map a few hundred
pixels tall and keeps the committed file a few kilobytes. See hooks/metodbanken/site/data/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import tempfile
from pathlib import Path

PACKAGE = "world-atlas@2.0.2"
ATLAS_FILE = "countries-50m.json"
SWEDEN = "752"  # ISO 3166-1 numeric
OUT = Path(__file__).resolve().parents[1] / "hooks" / "metodbanken" / "data" / "sweden-outline.json"
TOLERANCE_KM = 2.0  # Douglas–Peucker tolerance
MIN_AREA_KM2 = 150.0  # islands smaller than this are left out (Gotland and Öland stay)
KM_PER_DEGREE = 111.32


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are quantized and delta-encoded; return them as lon/lat lists."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(arc_indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])  # consecutive arcs share their end point
    return points


def to_km(point: tuple[float, float], lat0: float) -> tuple[float, float]:
    return point[0] * KM_PER_DEGREE * math.cos(math.radians(lat0)), point[1] * KM_PER_DEGREE


def area_km2(ring: list[tuple[float, float]], lat0: float) -> float:
    pts = [to_km(p, lat0) for p in ring]
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=False))) / 2


def simplify(ring: list[tuple[float, float]], tolerance_km: float, lat0: float) -> list[tuple[float, float]]:
    """Douglas–Peucker on a closed ring, iterative so long coastlines do not hit the recursion limit."""
    pts = [to_km(p, lat0) for p in ring]
    keep = {0, len(pts) - 1}
    # A closed ring starts and ends at the same point; split it at the point farthest from the start.
    far = max(range(len(pts)), key=lambda i: math.dist(pts[0], pts[i]))
    keep.add(far)
    stack = [(0, far), (far, len(pts) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_dist = None, tolerance_km
        (x1, y1), (x2, y2) = pts[first], pts[last]
        length = math.dist(pts[first], pts[last]) or 1e-9
        for i in range(first + 1, last):
            x0, y0 = pts[i]
            dist = abs((x2 - x1) * (y1 - y0) - (x1 - x0) * (y2 - y1)) / length
            if dist > best_dist:
                best, best_dist = i, dist
        if best is not None:
            keep.add(best)
            stack += [(first, best), (best, last)]
    return [ring[i] for i in sorted(keep)]


def sweden_rings(topology: dict) -> list[list[list[float]]]:
    arcs = decode_arcs(topology)
    geometry = next(g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == SWEDEN)
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        outer = ring_points(polygon[0], arcs)  # Sweden's polygons have no holes worth drawing at this scale
        lat0 = sum(p[1] for p in outer) / len(outer)
        if area_km2(outer, lat0) < MIN_AREA_KM2:
            continue
        simple = simplify(outer, TOLERANCE_KM, lat0)
        rounded = [[round(lon, 2), round(lat, 2)] for lon, lat in simple]
        rings.append([p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]])
    return sorted(rings, key=len, reverse=True)


def load_atlas(path: str | None) -> dict:
    if path:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "install", "--no-save", "--ignore-scripts", "--prefix", tmp, PACKAGE], check=True)
        return json.loads((Path(tmp) / "node_modules" / "world-atlas" / ATLAS_FILE).read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--atlas", help=f"a local copy of world-atlas/{ATLAS_FILE} (skips npm)")
    args = parser.parse_args()
    rings = sweden_rings(load_atlas(args.atlas))
    data = {
        "source": f"Natural Earth 1:50m Admin 0 – Countries, via npm-paketet {PACKAGE} ({ATLAS_FILE}, id {SWEDEN})",
        "licence": "Natural Earth: public domain. world-atlas: ISC.",
        "simplified": f"Douglas–Peucker {TOLERANCE_KM} km, öar under {MIN_AREA_KM2:g} km² borttagna, 0,01° avrundning",
        "rings": rings,  # [lon, lat] pairs, outer rings only, largest first
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rings)} ringar, {sum(map(len, rings))} punkter, {OUT.stat().st_size} byte")


if __name__ == "__main__":
    main()
