"""Geography: gazetteer lookup, country context, relative places and distances.

Other stages import from here only: `lookup`, `country_place`, `along_route`, `haversine_km`, `destination`,
`offset_place`, `country_of`, `countries`, `gazetteer`, `city_of_part`.
"""
from estimative.geo.city_parts import city_of_part
from estimative.geo.countries import Country, countries, country_name, country_of
from estimative.geo.distance import HALF_CIRCUMFERENCE_KM, bearing_of, destination, haversine_km
from estimative.geo.gazetteer import (
    UNKNOWN_NAME,
    GazEntry,
    Gazetteer,
    choose,
    country_place,
    gazetteer,
    lookup,
)
from estimative.geo.names import fold, place_key
from estimative.geo.relative import along_route, offset_place

__all__ = [
    "Country", "GazEntry", "along_route", "city_of_part", "Gazetteer", "HALF_CIRCUMFERENCE_KM", "bearing_of", "choose",
    "countries", "country_place", "UNKNOWN_NAME", "country_name", "country_of", "destination", "fold", "gazetteer", "haversine_km", "lookup", "offset_place",
    "place_key",
]
