"""Places: gazetteer with country context, relative places, sites, fallbacks."""
from __future__ import annotations

from datetime import date

import pytest

from estimative.extract import extract
from estimative.geo import (
    bearing_of,
    countries,
    country_of,
    destination,
    haversine_km,
    lookup,
    offset_place,
)


def place(text: str):
    return extract(text, published=date(2020, 3, 12))[0].location


def test_haversine_baghdad_to_mosul_is_about_350_km():
    assert haversine_km(33.3406, 44.4009, 36.3350, 43.1189) == pytest.approx(352, abs=5)


def test_destination_35_km_north_moves_latitude_only():
    lat, lon = destination(33.34, 44.40, 0.0, 35.0)
    assert lon == pytest.approx(44.40, abs=1e-6) and haversine_km(33.34, 44.40, lat, lon) == pytest.approx(35, abs=0.1)


def test_compass_words_in_any_spelling():
    assert bearing_of("north-east") == bearing_of("northeastern") == bearing_of("NE") == 45.0


def test_lookup_prefers_the_country_given():
    assert lookup("Tripoli", "LBN").country == "LBN"
    assert lookup("Tripoli", "Libyan").country == "LBY"
    assert lookup("Nowhereville-on-Sea") is None


def test_country_words_and_short_forms():
    assert country_of("Iraqi") == "IRQ" and country_of("U.S.") == "USA" and country_of("Britain") == "GBR"
    assert country_of("us") is None  # the pronoun is not America


def test_country_centroid_has_a_radius_that_covers_its_towns():
    irq = countries()["IRQ"]
    assert 30 < irq.lat < 37 and 38 < irq.lon < 49 and irq.radius_km > 300


def test_relative_place_35_km_north_of_baghdad():
    loc = place("A roadside bomb exploded 35 km north of Baghdad on Monday, killing two soldiers.")
    assert loc.method == "relative offset" and loc.name == "35 km north of Baghdad"
    assert haversine_km(33.34058, 44.40088, loc.lat, loc.lon) == pytest.approx(35, abs=1)
    assert loc.lat > 33.34 and 5 < loc.precision_km < 40


def test_offset_place_grows_precision_with_distance():
    baghdad = lookup("Baghdad", "IRQ")
    near, far = offset_place(baghdad, 10, "km", "north"), offset_place(baghdad, 100, "km", "north")
    assert far.precision_km > near.precision_km > baghdad.precision_km


def test_near_a_town_keeps_the_town_and_widens_precision():
    loc = place("Gunmen killed three policemen near Kirkuk on Sunday.")
    assert loc.name == "Kirkuk" and loc.method == "relative offset" and loc.precision_km > 10


def test_unlisted_town_is_placed_from_the_town_it_is_near():
    loc = place("Insurgents attacked a police station in Zaghaniyah, a town just south of Baquba, killing three.")
    assert loc.name == "Zaghaniyah" and loc.method == "relative offset" and loc.country == "IRQ"


def test_country_context_disambiguates_a_town_name():
    lebanese = place("A bomb exploded in Tripoli, wounding four Lebanese soldiers, officials in Lebanon said.")
    libyan = place("Militias shelled Tripoli, killing three Libyan civilians.")
    assert lebanese.country == "LBN" and libyan.country == "LBY"


def test_named_site_from_the_gazetteer_supplement():
    loc = place("Rockets struck the al-Asad air base in western Iraq on Tuesday.")
    assert loc.name.lower().startswith("al-asad") and loc.country == "IRQ" and loc.precision_km <= 5


def test_the_iraqi_capital_is_baghdad():
    assert place("A car bomb exploded in the Iraqi capital, killing six.").name == "Baghdad"


def test_district_of_a_city_is_coded_as_the_city():
    assert place("A bomb exploded in the Atakoy neighborhood of Istanbul, injuring five.").name == "Istanbul"


def test_no_place_but_a_country_gives_the_country_centroid():
    loc = place("Gunmen killed two Afghan policemen in an ambush, officials in Afghanistan said.")
    assert loc.method == "country centroid" and loc.country == "AFG" and loc.precision_km > 300


def test_no_place_and_no_country_is_unknown_anywhere():
    loc = place("A bomb exploded, killing two people.")
    assert loc.method == "unknown" and loc.country == "XXX" and loc.precision_km > 19000
