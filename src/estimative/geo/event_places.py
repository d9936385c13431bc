"""The places of the user's own events: a gazetteer layer learned from ingested ACLED, UCDP GED and GTD rows.

The coded datasets a user ingests for their region name the villages their reports talk about, with
coordinates: ACLED `location` (+ admin1, admin2, lat/lon), UCDP `where_coordinates` ("Teir Maaleh
village"), GTD `city`. Many of these villages are below GeoNames' 500 inhabitants, so the GeoNames
towns lack them. This layer holds, per name, country and admin-1, where the events of that name were
coded (the most frequent coordinates) and how many there were; and per admin-2 name ("Douentza",
"Lower Shebelle"'s districts) the middle of its events, with a `precision_km` that says it is an
area's centre, not a town's. The gazetteer consults it after the curated places and the countries
and before the GeoNames towns (`Gazetteer`); `geo.gazetteer.choose` still takes a place of the
report's context country first, so an event place abroad never beats a town where the report is.

Only coordinates precise to a town (ACLED geo_precision 1-2, UCDP where_prec 1-2, GTD specificity 1)
make a town entry; every event with coordinates counts towards its admin-2 area.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from estimative.geo.admin import GENERIC_WORDS
from estimative.geo.distance import haversine_km
from estimative.geo.names import place_key

TOWN_PRECISION_KM = 25.0  # the coarsest coded precision kept as a town's own position
_AREA_SHARE = 0.9  # an area's extent: the distance within which this share of its events lie
_MIN_AREA_KM = 10.0
# words a dataset writes after a place's name: UCDP's "Teir Maaleh village", "Mosul city", "Ar Rastan district"
_TRAILING = re.compile(r"\s+(?:village|town|city|district|area|camp|sub-?district|neighbou?rhood|governorate|"
                       r"province|region|county|woreda|commune|cercle|zone)s?$", re.I)
_GENERIC = GENERIC_WORDS | {"village", "town", "city", "area", "camp", "neighborhood", "neighbourhood"}
_UNKNOWN = frozenset({"unknown", "n/a", "na", "none", ""})


@dataclass(frozen=True, slots=True)
class Sighting:
    """One ingested event's place: its name and areas as coded, its coordinates and their precision."""

    day: date
    name: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    precision_km: float | None
    source: str = ""  # the dataset or store it came from
    weight: int = 1  # how many events share this name and these coordinates


@dataclass(frozen=True, slots=True)
class EventPlace:
    """A place the events name: a town (where its events were coded) or an admin-2 area (their middle)."""

    name: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    events: int
    kind: str  # town | district
    radius_km: float
    aliases: tuple[str, ...] = ()  # the other names it is written under ("Mogadishu - Hodan": Hodan, Mogadishu)


def names_of(name: str | None) -> list[str]:
    """The names a coded place goes by, its own first: ACLED's "Mogadishu - Hodan" is Hodan in Mogadishu,
    GTD's "Kabul (district)" is Kabul, UCDP's "Teir Maaleh village" is Teir Maaleh."""
    if not name or name.strip().lower() in _UNKNOWN:
        return []
    parts = [name.strip()] + [p.strip() for p in re.split(r"\s+-\s+|\s*\(|\)|/", name) if p.strip()]
    parts = [_TRAILING.sub("", name.strip()), *parts] + [_TRAILING.sub("", p) for p in parts]
    return [p for p in dict.fromkeys(parts) if len(p) >= 3 and place_key(p) not in _GENERIC]


def _mode(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The coordinates most events of a name were coded at (ties: the first seen)."""
    return Counter((round(a, 4), round(b, 4)) for a, b in points).most_common(1)[0][0]


def _spread(lat: float, lon: float, points: list[tuple[float, float]]) -> float:
    dist = sorted(haversine_km(lat, lon, a, b) for a, b in points)
    return dist[min(len(dist) - 1, int(_AREA_SHARE * len(dist)))]


def event_places(sightings: Iterable[Sighting]) -> list[EventPlace]:
    """The towns and admin-2 areas of these events, the most eventful first."""
    towns: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    areas: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    shown: dict[tuple[str, str, str], tuple[list[str], str | None]] = {}
    for s in sightings:
        if s.lat is None or s.lon is None or not s.country or (s.lat == 0.0 and s.lon == 0.0):
            continue
        a1 = place_key(s.admin1 or "")
        if s.precision_km is not None and s.precision_km <= TOWN_PRECISION_KM:
            names = names_of(s.name)
            if names:
                key = (place_key(names[0]), s.country, a1)
                towns[key].extend([(s.lat, s.lon)] * s.weight)
                shown.setdefault(key, (names, s.admin1))
        names = names_of(s.admin2)[:1]  # "Ar Rastan district": Ar Rastan
        if names:
            key = ("\0" + place_key(names[0]), s.country, a1)
            areas[key].extend([(s.lat, s.lon)] * s.weight)
            shown.setdefault(key, (names, s.admin1))
    out = []
    for key, pts in towns.items():
        lat, lon = _mode(pts)
        names, admin1 = shown[key]
        out.append(EventPlace(names[0], key[1], admin1, lat, lon, len(pts), "town", 2.0, tuple(names[1:])))
    for key, pts in areas.items():
        lat, lon = statistics.median(a for a, _ in pts), statistics.median(b for _, b in pts)
        radius = max(_MIN_AREA_KM, round(_spread(lat, lon, pts), 1))
        names, admin1 = shown[key]
        out.append(EventPlace(names[0], key[1], admin1, round(lat, 5), round(lon, 5), len(pts), "district", radius))
    return sorted(out, key=lambda p: (p.kind != "town", -p.events, p.name))


def sightings_of_events(events: Iterable[Any], source: str = "") -> Iterator[Sighting]:
    """Sightings of canonical `Event`s (as the source adapters make them)."""
    for e in events:
        if not hasattr(e, "date_start"):
            continue  # a rejected row
        yield Sighting(e.date_start, e.location, e.country, e.admin1, e.admin2, e.lat, e.lon,
                       e.location_precision_km, source)


def sightings_of_file(path: Path, source: str) -> list[Sighting]:
    """Every row of one dataset file (`acled`, `ucdp`, `gtd`) read by its ingest adapter, as sightings."""
    from estimative.sources import ADAPTERS, CsvFile

    adapter = ADAPTERS[source](None)
    csv_file = CsvFile(path)
    rows = csv_file.rows(lambda *_: None)
    return list(sightings_of_events(adapter.events(rows), f"{path.name}"))


# The current revision of every stored event with coordinates, one row per name, areas and
# position. Not the events of assessed reports (source 'report'): their coordinates are this
# gazetteer's own reading, and taking them back would make a misplaced name a place.
_STORE_QUERY = """
    SELECT min(date_start), location, country, admin1, admin2, round(lat, 4), round(lon, 4),
           min(location_precision_km), count(*)
    FROM events WHERE superseded_at IS NULL AND lat IS NOT NULL AND lon IS NOT NULL AND country IS NOT NULL
         AND source <> 'report'
    GROUP BY location, country, admin1, admin2, round(lat, 4), round(lon, 4)
"""


def sightings_of_store(con: Any) -> list[Sighting]:
    """The places of the stored events (`con`: a DuckDB connection or cursor to the store)."""
    return [Sighting(day, name, country, admin1, admin2, lat, lon, precision, "store", n)
            for day, name, country, admin1, admin2, lat, lon, precision, n in con.execute(_STORE_QUERY).fetchall()]


_from_store: dict[str, tuple[tuple[Any, ...], list[EventPlace]]] = {}


def use_store_places(store: Any) -> tuple[Any, ...]:
    """Make the places of the events in `store` (a `Store`) the gazetteer's event layer: read again only when
    the store's dataset events have changed (its `dataset_version`), so a report costs one read of
    the runs table, and storing an assessed report rebuilds nothing. Returns their key (`store_places`)."""
    from estimative.geo.gazetteer import use_event_places

    key, places = store_places(store)
    use_event_places(places)
    return key


def store_places(store: Any) -> tuple[tuple[Any, ...], list[EventPlace]]:
    """The places of the events in `store` and the `dataset_version` they were read at (kept
    until it changes); another process can be given them (the watch's page readers)."""
    state = store.dataset_version()
    kept = _from_store.get(store.path)
    if kept is None or kept[0] != state:
        kept = (state, event_places(sightings_of_store(store.cursor())))
        _from_store.clear()
        _from_store[store.path] = kept
    return kept
