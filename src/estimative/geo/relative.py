"""Relative places: "35 km north of Baghdad", "near Kirkuk", "just south of Baquba".

The anchor is placed by the gazetteer; the offset moves it along the bearing; the precision
grows with the distance because "35 km" in a report is a rounded figure and the bearing a
compass point (22.5 degrees either side).
"""
from __future__ import annotations

import math

from estimative.geo.distance import KM_PER_UNIT, bearing_of, destination, haversine_km
from estimative.model import Place

# How far "near X" / "outside X" / "just north of X" reach, in km, when no distance is given.
VAGUE_DISTANCE_KM: dict[str, float] = {"near": 10.0, "outside": 10.0, "just": 10.0, "around": 10.0,
                                       "close to": 8.0, "on the outskirts of": 5.0, "": 25.0}


def offset_place(anchor: Place, distance: float | None, unit: str | None, direction: str | None,
                 name: str | None = None, vague: str = "") -> Place:
    """The place `distance unit direction of anchor`; a vague offset when distance or direction is missing."""
    bearing = bearing_of(direction) if direction else None
    km = distance * KM_PER_UNIT.get((unit or "km").lower().rstrip("s"), 1.0) if distance is not None else None
    base_precision = anchor.precision_km or 5.0
    if bearing is not None and km is not None:
        lat, lon = destination(anchor.lat, anchor.lon, bearing, km)
        # compass point +/- 11.25 degrees and the distance rounded by about 15 %
        precision = base_precision + km * (0.15 + math.sin(math.radians(11.25)))
    elif bearing is not None:
        reach = VAGUE_DISTANCE_KM.get(vague, VAGUE_DISTANCE_KM[""])
        lat, lon = destination(anchor.lat, anchor.lon, bearing, reach)
        precision = base_precision + reach
    else:
        reach = km if km is not None else VAGUE_DISTANCE_KM.get(vague, VAGUE_DISTANCE_KM[""])
        lat, lon = anchor.lat, anchor.lon
        precision = base_precision + reach
    return Place(name=name or anchor.name, country=anchor.country, lat=lat, lon=lon, admin1=anchor.admin1,
                 precision_km=round(precision, 1), method="relative offset")


def along_route(first: Place, other: Place) -> Place:
    """A place somewhere on the way from `first` to `other`: at `first` (coders place a road's incident at the
    town it is named from), its precision widened to the length of the way, since it may lie anywhere along it."""
    length = haversine_km(first.lat, first.lon, other.lat, other.lon)
    return Place(name=first.name, country=first.country, lat=first.lat, lon=first.lon, admin1=first.admin1,
                 precision_km=round(max(first.precision_km or 0.0, length), 1),
                 method=f"{first.method} (on the way to {other.name})")
