"""Great-circle distance and offsets: the arithmetic every placing and matching step shares."""
from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
HALF_CIRCUMFERENCE_KM = math.pi * EARTH_RADIUS_KM  # no point on Earth is farther than this

# Compass words to bearings in degrees clockwise from north.
BEARINGS: dict[str, float] = {
    "north": 0.0, "north-northeast": 22.5, "northeast": 45.0, "east-northeast": 67.5,
    "east": 90.0, "east-southeast": 112.5, "southeast": 135.0, "south-southeast": 157.5,
    "south": 180.0, "south-southwest": 202.5, "southwest": 225.0, "west-southwest": 247.5,
    "west": 270.0, "west-northwest": 292.5, "northwest": 315.0, "north-northwest": 337.5,
}
KM_PER_UNIT: dict[str, float] = {"km": 1.0, "kilometer": 1.0, "kilometre": 1.0, "mile": 1.609344,
                                 "mi": 1.609344, "nautical mile": 1.852, "m": 0.001, "meter": 0.001,
                                 "metre": 0.001}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance along the Earth's surface between two points, in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def destination(lat: float, lon: float, bearing_deg: float, distance_km: float) -> tuple[float, float]:
    """The point `distance_km` from (lat, lon) along the initial bearing: "35 km north of Baghdad"."""
    d = distance_km / EARTH_RADIUS_KM
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    lon2 = (math.degrees(l2) + 540.0) % 360.0 - 180.0
    return round(math.degrees(p2), 5), round(lon2, 5)


def bearing_of(word: str) -> float | None:
    """Bearing for a compass word in any common spelling ("north-east", "NE", "northeastern")."""
    w = word.lower().replace(" ", "").replace("-", "")
    w = w.removesuffix("ern").removesuffix("erly").removesuffix("ward").removesuffix("wards")
    abbrev = {"n": "north", "s": "south", "e": "east", "w": "west", "ne": "northeast", "nw": "northwest",
              "se": "southeast", "sw": "southwest", "nne": "north-northeast", "ene": "east-northeast",
              "ese": "east-southeast", "sse": "south-southeast", "ssw": "south-southwest",
              "wsw": "west-southwest", "wnw": "west-northwest", "nnw": "north-northwest"}
    w = abbrev.get(w, w)
    for name, deg in BEARINGS.items():
        if name.replace("-", "") == w:
            return deg
    return None
