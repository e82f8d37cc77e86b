"""Make explainer/render/mapdata/ from world-atlas 2.0.2 (Natural Earth) and pycountry (ISO 3166-1).

Run once when the map data changes, never at build time:
    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz          # -> package/
    python scripts/make_map_data.py package/ path/to/pycountry/databases/iso3166-1.json
It copies countries-110m.json as it is and writes iso3166.csv: alpha-2, numeric, name, and for a country
that 1:110m leaves out (too small at that scale) a point for its dot marker, taken from 1:50m or 1:10m.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from explainer.render.worldmap import decoded_arcs  # noqa: E402 (the build decodes the same arcs)

OUT = Path(__file__).resolve().parent.parent / "explainer" / "render" / "mapdata"


def decoded_points(topology: dict) -> dict[str, list[tuple[float, float]]]:
    """Every country's points (lon, lat), by ISO numeric id, decoded from the TopoJSON arcs."""
    arcs = decoded_arcs(topology)
    found: dict[str, list] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if "id" not in geometry or geometry.get("type") is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        largest = max(polygons, key=lambda polygon: sum(len(arcs[i if i >= 0 else ~i]) for i in polygon[0]))
        found[geometry["id"]] = [p for i in largest[0] for p in arcs[i if i >= 0 else ~i]]
    return found


def centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the points' bounding box (a small island's shape is nearly its box)."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return round((min(lons) + max(lons)) / 2, 2), round((min(lats) + max(lats)) / 2, 2)


def main(atlas: Path, iso_json: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(atlas / "countries-110m.json", OUT / "countries-110m.json")
    coarse = decoded_points(json.loads((atlas / "countries-110m.json").read_text()))
    finer = [decoded_points(json.loads((atlas / f"countries-{scale}.json").read_text())) for scale in ("50m", "10m")]
    rows = []
    for country in json.loads(iso_json.read_text())["3166-1"]:
        numeric = country["numeric"]
        point = ("", "")
        if numeric not in coarse:
            shape = next((scale[numeric] for scale in finer if numeric in scale), None)
            point = centre(shape) if shape else ("", "")
        rows.append((country["alpha_2"], numeric, country["name"], *point))
    with open(OUT / "iso3166.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("alpha_2", "numeric", "name", "dot_lon", "dot_lat"))
        writer.writerows(sorted(rows))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
