"""The states on a map: an inline SVG drawn at build time, each state in the data coloured by its status.

Pure: an Analysis in, SVG text out. Boundaries are Natural Earth's 1:110m countries (public domain) as
world-atlas 2.0.2 ships them in TopoJSON (mapdata/PROVENANCE.md); the arcs are decoded here, so the build
needs no map library. No script, no tiles, nothing fetched; colours are CSS classes (explainer.css), so the
map follows light mode, dark mode and print. A state too small for 1:110m gets a dot; a state with no known
place is named under the map, never dropped silently.
"""

from __future__ import annotations

import csv
import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..analysis import Analysis
from ..rules import Status
from .wording import STATUS_LABELS  # the words; translated where they are written
from .i18n import _
from .text import long_date

DATA = Path(__file__).parent / "mapdata"
WIDTH = 800
MIN_SPAN = 14.0  # degrees: a frame on one small state still shows its neighbours
PAD = 0.12  # share of the frame added on each side
DOT = 11.0  # radius of a small state's dot, in viewBox units (5 px on a 390 px phone)
MIN_STEP = 3  # viewBox units: a point nearer its predecessor than this adds bytes, not shape (800 units wide)
CLOSE = 20.0  # degrees: states this near one another form a cluster that gets a close-up when the map is wide
SMALL_SHAPE = 10.0  # a shape narrower and lower than this also gets a dot, so it can be seen
STATUS_ORDER = [Status.party, Status.withdrawal_pending, Status.withdrawal_suspended, Status.withdrawal_blocked, Status.withdrawal_disputed,
                Status.withdrawn, Status.treaty_terminated, Status.not_party]

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Country:
    """One country of the atlas: its rings (lon, lat), or a point where 1:110m leaves it out."""

    numeric: str
    rings: tuple[Ring, ...] = ()
    dot: tuple[float, float] | None = None


@dataclass(frozen=True)
class MapFacts:
    """What the map shows, also as text: states by status, and those with no place on the map."""

    svg: str
    by_status: list[tuple[Status, list[str]]]
    unplaced: list[str]
    closeup: str = ""
    """A second map framed on a cluster of states that the first shows small, or nothing."""


@functools.cache
def _iso() -> dict[str, tuple[str, tuple[float, float] | None]]:
    """ISO 3166-1 alpha-2 -> (numeric, dot point or None)."""
    with open(DATA / "iso3166.csv", encoding="utf-8") as table:
        return {row["alpha_2"]: (row["numeric"], (float(row["dot_lon"]), float(row["dot_lat"])) if row["dot_lon"] else None)
                for row in csv.DictReader(table)}


def decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """A TopoJSON topology's arcs as (lon, lat) points (they are stored delta-encoded and quantized)."""
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


@functools.cache
def _shapes() -> dict[str, tuple[Ring, ...]]:
    """Every country's rings by ISO numeric id, decoded from the TopoJSON arcs (delta-encoded, quantized)."""
    topology = json.loads((DATA / "countries-110m.json").read_text(encoding="utf-8"))
    arcs = decoded_arcs(topology)

    def ring(indexes: list[int]) -> Ring:
        points: list[tuple[float, float]] = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part[1:] if points else part)  # arcs share their end points
        return tuple(_unwrapped(points))

    shapes: dict[str, tuple[Ring, ...]] = {}
    for n, geometry in enumerate(topology["objects"]["countries"]["geometries"]):
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry.get("type"), [])
        rings = (ring(r) for polygon in polygons for r in polygon)
        # A ring round the pole (Antarctica's) has no east or west edge to frame: it is left out.
        shapes[geometry.get("id") or f"unnamed-{n}"] = tuple(r for r in rings if max(p[0] for p in r) - min(p[0] for p in r) < 300)
    return shapes


def _unwrapped(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring without jumps across 180° (Fiji's, Chukotka's): each point within half a turn of the last."""
    found = ring[:1]
    for lon, lat in ring[1:]:
        previous = found[-1][0]
        found.append((lon + 360 * round((previous - lon) / 360), lat))
    return found


def country(state_id: str) -> Country | None:
    """A state's place in the atlas by its ISO 3166-1 alpha-2 id, or None when the id names no place."""
    numeric, dot = _iso().get(state_id.upper(), (None, None))
    if numeric is None:
        return None
    rings = _shapes().get(numeric, ())
    if not rings and dot is None:
        return None
    return Country(numeric, rings, dot)


# ---------------------------------------------------------------- framing and projection


def _west_edge(longitudes: list[float]) -> float:
    """The west edge of the narrowest band of longitudes holding them all (it may cross 180°)."""
    ordered = sorted(set(longitudes))
    gaps = [(ordered[(i + 1) % len(ordered)] - lon) % 360 or 360 for i, lon in enumerate(ordered)]
    widest = max(range(len(ordered)), key=lambda i: gaps[i])
    return ordered[(widest + 1) % len(ordered)]


def _shifted(lon: float, west: float) -> float:
    """The longitude written east of `west` (so a band across 180° reads as one range)."""
    return west + (lon - west) % 360


_BOUNDS: dict[int, tuple[float, float, float, float]] = {}


def _bounds(ring: Ring) -> tuple[float, float, float, float]:
    """A ring's west, east, south and north, worked out once per ring (the atlas's rings live as long as the process)."""
    found = _BOUNDS.get(id(ring))
    if found is None:
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        found = _BOUNDS[id(ring)] = (min(lons), max(lons), min(lats), max(lats))
    return found


def _turn(ring: Ring, west: float) -> float:
    """How far (in whole turns) a ring moves as one piece so its middle lies east of `west`."""
    low, high, _south, _north = _bounds(ring)
    middle = (low + high) / 2
    return _shifted(middle, west) - middle


def _ring_shifted(ring: Ring, west: float) -> list[tuple[float, float]]:
    """A ring moved by whole turns as one piece, so its middle lies east of `west`."""
    turn = _turn(ring, west)
    return [(lon + turn, lat) for lon, lat in ring]


@dataclass(frozen=True)
class Frame:
    """The part of the world shown, and how a (lon, lat) becomes a point in the viewBox."""

    west: float
    east: float
    south: float
    north: float
    squeeze: float  # cos of the middle latitude: equirectangular with that standard parallel

    @property
    def height(self) -> float:
        return WIDTH * (self.north - self.south) / ((self.east - self.west) * self.squeeze)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        scale = WIDTH / (self.east - self.west)
        return (lon - self.west) * scale, (self.north - lat) * scale / self.squeeze


def frame_on(places: list[Country]) -> Frame:
    """A frame on the given places wherever they are, padded, with a shape between 2:1 and 1:1."""
    points = [p for c in places for r in c.rings for p in r] + [c.dot for c in places if c.dot and not c.rings]
    west_edge = _west_edge([lon for lon, _ in points]) - 1e-6
    lons = [_shifted(lon, west_edge) for lon, _ in points]
    lats = [lat for _, lat in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    lon_pad = max((east - west) * PAD, (MIN_SPAN - (east - west)) / 2)
    lat_pad = max((north - south) * PAD, (MIN_SPAN - (north - south)) / 2)
    west, east = west - lon_pad, east + lon_pad
    if east - west > 360:  # all the way round: one turn, no copies
        west, east = (west + east) / 2 - 180, (west + east) / 2 + 180
    south, north = max(south - lat_pad, -80.0), min(north + lat_pad, 84.0)
    squeeze = max(math.cos(math.radians((north + south) / 2)), 0.35)
    wide, high = (east - west) * squeeze, north - south
    if wide < high:  # taller than square: widen
        grow = (high - wide) / squeeze / 2
        west, east = west - grow, east + grow
    elif wide > 2 * high:  # flatter than 2:1: heighten
        grow = (wide / 2 - high) / 2
        south, north = south - grow, north + grow
    return Frame(west, east, south, north, squeeze)


def _path(rings: tuple[Ring, ...], frame: Frame) -> str:
    """SVG path data in whole viewBox units, relative moves, repeated points dropped."""
    parts = []
    for ring in rings:
        low, high, south, north = _bounds(ring)
        turn = _turn(ring, frame.west)
        if high + turn < frame.west or low + turn > frame.east or north < frame.south or south > frame.north:
            continue  # wholly outside the frame
        points = [frame.point(lon + turn, lat) for lon, lat in ring]
        rounded = [(round(x), round(y)) for x, y in points]
        steps, (px, py) = [], rounded[0]
        for x, y in rounded[1:]:
            if abs(x - px) + abs(y - py) >= MIN_STEP:
                steps.append(f"{x - px} {y - py}")
                px, py = x, y
        if len(steps) >= 2:
            parts.append(f"M{rounded[0][0]} {rounded[0][1]}l" + " ".join(steps) + "z")
    return "".join(parts)


def _centre(place: Country, frame: Frame) -> tuple[float, float, bool]:
    """Where a state's dot goes, and whether it needs one (no shape, or a shape too small to see)."""
    if not place.rings:
        x, y = frame.point(_shifted(place.dot[0], frame.west), place.dot[1])
        return x, y, True
    points = [frame.point(lon, lat) for r in place.rings for lon, lat in _ring_shifted(r, frame.west)]
    largest = max(place.rings, key=len)
    own = [frame.point(lon, lat) for lon, lat in _ring_shifted(largest, frame.west)]
    xs, ys = [p[0] for p in own], [p[1] for p in own]
    small = max(p[0] for p in points) - min(p[0] for p in points) < SMALL_SHAPE and \
        max(p[1] for p in points) - min(p[1] for p in points) < SMALL_SHAPE
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, small


# ---------------------------------------------------------------- the map


def state_map(analysis: Analysis, title_id: str, desc_id: str) -> MapFacts | None:
    """The map of the states in the data (and a close-up of a cluster of them), or None when none has a place on it."""
    states = analysis.explainer.states
    placed = {s.id: place for s in states if (place := country(s.id)) is not None}
    unplaced = [s.name for s in states if s.id not in placed]
    by_status = [(status, [s.name for s in states if analysis.statuses[s.id].status is status]) for status in STATUS_ORDER]
    by_status = [(status, names) for status, names in by_status if names]
    if not placed:
        return None
    frame = frame_on(list(placed.values()))
    title = _("Map of the states in this explainer, coloured by status on %(date)s") % {"date": _date(analysis)}
    svg = _svg(analysis, placed, frame, title_id, desc_id, title, _description(by_status, unplaced))
    closeup = ""
    cluster = _cluster(placed, frame)
    if cluster:
        names = [s.name for s in states if s.id in cluster]
        cluster_by_status = [(status, [n for n in found if n in names]) for status, found in by_status]
        closeup = _svg(analysis, cluster, frame_on(list(cluster.values())), f"{title_id}-closeup", f"{desc_id}-closeup",
                       _("Close-up of %(states)s") % {"states": ", ".join(names)},
                       _description([(status, found) for status, found in cluster_by_status if found], []), "ex-map ex-map-closeup")
    return MapFacts(svg, by_status, unplaced, closeup)


def _cluster(placed: dict[str, Country], frame: Frame) -> dict[str, Country] | None:
    """The largest group of two or more states close together (each within CLOSE degrees of another), when the
    whole map is so wide that they would be small on it; None otherwise."""
    centres = {}
    for state_id, place in placed.items():
        x, y, _small = _centre(place, frame)
        centres[state_id] = (x, y)
    scale = WIDTH / (frame.east - frame.west)  # viewBox units per degree
    groups: list[set[str]] = []
    for state_id, (x, y) in centres.items():
        near = [g for g in groups if any(math.dist((x, y), centres[other]) <= CLOSE * scale for other in g)]
        merged = {state_id}.union(*near)
        groups = [g for g in groups if g not in near] + [merged]
    largest = max(groups, key=len)
    if len(largest) < 2:
        return None
    cluster = {state_id: placed[state_id] for state_id in placed if state_id in largest}
    close = frame_on(list(cluster.values()))
    return cluster if (frame.east - frame.west) >= 2.5 * (close.east - close.west) else None


def _svg(analysis: Analysis, placed: dict[str, Country], frame: Frame, title_id: str, desc_id: str, title: str, desc: str,
         css_class: str = "ex-map") -> str:
    """One map: the land, then each placed state's shape (or dot) coloured by its status, named in its title."""
    height = round(frame.height)
    ours = {place.numeric for place in placed.values()}
    land = "".join(_path(rings, frame) for numeric, rings in sorted(_shapes().items()) if numeric not in ours)
    shapes, dots = [], []
    for state in analysis.explainer.states:
        place = placed.get(state.id)
        if place is None:
            continue
        status = analysis.statuses[state.id].status.value
        label = escape(_("%(state)s: %(status)s") % {"state": state.name, "status": _(STATUS_LABELS[analysis.statuses[state.id].status])})
        x, y, needs_dot = _centre(place, frame)
        drawn = _path(place.rings, frame) if place.rings else ""
        mark = f'<path d="{drawn}"/>' if drawn else ""
        if needs_dot or not drawn:
            mark += f'<circle cx="{round(x)}" cy="{round(y)}" r="{DOT:g}"/>'
        (dots if needs_dot else shapes).append(
            f'<g class="ex-map-state ex-map-{status}" data-state="{escape(state.id)}"><title>{label}</title>{mark}</g>')
    return (f'<svg class="{css_class}" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{title_id} {desc_id}">'
            f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(desc)}</desc>'
            f'<rect class="ex-map-sea" width="{WIDTH}" height="{height}"/>'
            f'<path class="ex-map-land" d="{land}"/>' + "".join(shapes) + "".join(dots) + "</svg>")


def _date(analysis: Analysis) -> str:
    return long_date(analysis.as_of, analysis.explainer.explainer.language)


def _description(by_status: list[tuple[Status, list[str]]], unplaced: list[str]) -> str:
    """The map's facts in words, for screen readers (the desc element)."""
    parts = [_("%(status)s: %(states)s.") % {"status": _(STATUS_LABELS[status]), "states": ", ".join(names)} for status, names in by_status]
    if unplaced:
        parts.append(_("Not on the map (no known place): %(states)s.") % {"states": ", ".join(unplaced)})
    return " ".join(parts)
