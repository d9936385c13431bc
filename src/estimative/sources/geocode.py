"""Country and town names as datasets write them -> ISO3 codes and coordinates.

Countries: the datasets' own names (former states, regions coded as countries) come from
knowledge/country_names.yaml; everything else goes through `estimative.geo.country_of`. Towns:
the gazetteer (`estimative.geo`), but only where the name is unambiguous within the country —
one candidate there, or one that dwarfs the others (ten times the population). A guess would
put an event in the wrong town; no coordinates are better.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from estimative.geo import GazEntry, countries, country_of, gazetteer, place_key

_DOMINANT = 10.0  # a town counts as meant when it has this many times the population of the next


@dataclass(frozen=True, slots=True)
class CountryName:
    """What a dataset's country name means: the ISO3 code (None: no country), the admin1 region
    when the "country" is a region, and the successor states of a dissolved one."""

    iso3: str | None
    admin1: str | None = None
    successors: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _table() -> dict[str, CountryName]:
    from estimative.knowledge import country_names

    return {place_key(e["name"]): CountryName(e.get("iso3"), e.get("admin1"), tuple(e.get("successors") or ()))
            for e in country_names()}


@lru_cache(maxsize=4096)
def country(name: str | None) -> CountryName | None:
    """The meaning of a country name or code, or None if unknown (an ISO3 code passes through)."""
    if not name or not name.strip():
        return None
    code = name.strip()
    if len(code) == 3 and code.isupper() and code in countries():
        return CountryName(code)
    hit = _table().get(place_key(name))
    if hit is not None:
        return hit
    iso3 = country_of(name)
    return CountryName(iso3) if iso3 else None


@dataclass(frozen=True, slots=True)
class Town:
    """A resolved town: its gazetteer name, country, admin1, coordinates and precision radius."""

    name: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    precision_km: float


@lru_cache(maxsize=100_000)
def town(name: str | None, countries: tuple[str, ...]) -> Town | None:
    """The town `name` means within these countries, or None when it is unknown or ambiguous."""
    if not name or not name.strip() or not countries:
        return None
    cands = [c for c in gazetteer().candidates(name) if c.country in countries and c.kind != "country"]
    if not cands:
        return None
    if cands[0].source == "knowledge" or len(cands) == 1:
        return _town(cands[0])
    first, second = cands[0], cands[1]
    if first.population >= _DOMINANT * max(second.population, 1):
        return _town(first)
    return None


def _town(e: GazEntry) -> Town:
    return Town(e.name, e.country, e.admin1, e.lat, e.lon, e.precision_km)


def place(country_name: str | None, town_name: str | None) -> tuple[str | None, str | None, Town | None]:
    """(ISO3, admin1, town) for a row's country and town names; a dissolved state is resolved to
    the successor that holds the town."""
    c = country(country_name)
    if c is None or c.iso3 is None:
        return None, None, None
    if c.successors:
        hit = town(town_name, c.successors)
        return (hit.country if hit else c.iso3), c.admin1, hit
    return c.iso3, c.admin1, town(town_name, (c.iso3,))
