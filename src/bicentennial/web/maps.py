"""State-level maps of located events, drawn as inline SVG from boundary data shipped
with the package (nothing fetched at run time):

- U.S. states: `us-atlas` (ISC licence; U.S. Census Bureau cartographic boundaries),
  `states-albers-10m.json`, TopoJSON already projected (Albers USA, 975×610).
- Mexican states: `@svg-maps/mexico` (CC BY 4.0, VictorCazanave/svg-maps), SVG paths.

Both are copied by `make assets` into `web/static/vendor/`. Municipalities are named in
the event list; boundaries are drawn at state level.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bicentennial.access.records import fold

VENDOR = Path(__file__).parent / "static" / "vendor"

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico",
}
# INEGI state code → ISO 3166-2 suffix (the SVG's ids, lower case).
MX_INEGI = {
    "01": "AGU", "02": "BCN", "03": "BCS", "04": "CAM", "05": "COA", "06": "COL", "07": "CHP", "08": "CHH",
    "09": "CMX", "10": "DUR", "11": "GUA", "12": "GRO", "13": "HID", "14": "JAL", "15": "MEX", "16": "MIC",
    "17": "MOR", "18": "NAY", "19": "NLE", "20": "OAX", "21": "PUE", "22": "QUE", "23": "ROO", "24": "SLP",
    "25": "SIN", "26": "SON", "27": "TAB", "28": "TAM", "29": "TLA", "30": "VER", "31": "YUC", "32": "ZAC",
}
# Official long names that differ from the SVG's labels.
MX_ALIASES = {"coahuila de zaragoza": "coa", "michoacan de ocampo": "mic", "veracruz de ignacio de la llave": "ver",
              "ciudad de mexico": "cmx", "cdmx": "cmx", "distrito federal": "cmx", "estado de mexico": "mex",
              "mexico city": "cmx"}


@dataclass
class Shape:
    key: str
    name: str
    path: str
    count: int = 0


@dataclass
class CountryMap:
    country: str
    view_box: str
    shapes: list[Shape] = field(default_factory=list)


def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> str:
    pts: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(arc[1:] if pts else arc)
    # relative moves between points rounded to half a pixel: a third of the size, no drift
    rounded = [(round(x * 2) / 2, round(y * 2) / 2) for x, y in pts]
    out = [f"M{rounded[0][0]:g},{rounded[0][1]:g}l"]
    px, py = rounded[0]
    steps = []
    for x, y in rounded[1:]:
        if (x, y) != (px, py):
            steps.append(f"{x - px:g},{y - py:g}")
            px, py = x, y
    return out[0] + " ".join(steps) + "z"


@lru_cache(maxsize=1)
def us_shapes() -> tuple[str, tuple[tuple[str, str, str], ...]] | None:
    """(viewBox, ((fips, name, path), ...)) of the U.S. states, or None without the asset."""
    src = VENDOR / "us-states-albers-10m.json"
    if not src.exists():
        return None
    topo = json.loads(src.read_text())
    arcs = _decode_arcs(topo)
    out = []
    for geom in topo["objects"]["states"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        path = "".join(_ring(arcs, ring) for poly in polys for ring in poly)
        out.append((str(geom["id"]), str(geom["properties"]["name"]), path))
    return "0 0 975 610", tuple(out)


_MX_PATH = re.compile(r'<path\s+id="([a-z]+)"\s+aria-label="([^"]+)"\s+d="([^"]+)"', re.S)


@lru_cache(maxsize=1)
def mx_shapes() -> tuple[str, tuple[tuple[str, str, str], ...]] | None:
    src = VENDOR / "mexico-states.svg"
    if not src.exists():
        return None
    svg = src.read_text()
    box = re.search(r'viewBox="([^"]+)"', svg)
    return (box.group(1) if box else "0 0 793 498"), tuple(
        (key, name, " ".join(d.split())) for key, name, d in _MX_PATH.findall(svg))


@lru_cache(maxsize=1)
def _lookup() -> dict[str, tuple[str, str]]:
    """folded name or code → (country, shape key)."""
    out: dict[str, tuple[str, str]] = {}
    us = us_shapes()
    if us:
        by_name = {fold(name): fips for fips, name, _ in us[1]}
        out.update({fold(n): ("us", by_name[fold(n)]) for n in by_name})
        for code, name in US_STATES.items():
            if fold(name) in by_name:
                out[fold(code)] = ("us", by_name[fold(name)])
    mx = mx_shapes()
    if mx:
        for key, name, _ in mx[1]:
            out.setdefault(fold(name), ("mx", key))
            out[f"mx-{key}"] = ("mx", key)
        for code, iso in MX_INEGI.items():
            out[f"inegi:{code}"] = ("mx", iso.lower())
        for alias, key in MX_ALIASES.items():
            out[alias] = ("mx", key)
    return out


def locate(state: str, country: str | None = None) -> tuple[str, str] | None:
    """(country, shape key) of a state given by name, USPS code, ISO 3166-2 or INEGI code."""
    value = fold(state)
    table = _lookup()
    if value.isdigit() and len(value) <= 2 and country != "us":
        return table.get(f"inegi:{value.zfill(2)}")
    if value.startswith("mx-"):
        return table.get(value)
    if value.startswith("us-"):
        value = value[3:]
    if country == "mx" and value.upper() in US_STATES and len(value) == 2:
        return None
    found = table.get(value)
    if found and country in ("us", "mx") and found[0] != country:
        # "Mexico" the state vs the country, etc.: trust the record's country
        return None
    return found


def maps_for(counts: dict[tuple[str, str], int]) -> list[CountryMap]:
    """Both countries' maps with `counts` (keyed by `locate` results) on their states."""
    out = []
    for country, data in (("us", us_shapes()), ("mx", mx_shapes())):
        if data is None:
            continue
        box, shapes = data
        cmap = CountryMap(country, box)
        for key, name, path in shapes:
            cmap.shapes.append(Shape(key, name, path, counts.get((country, key), 0)))
        out.append(cmap)
    return out
