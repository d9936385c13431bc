"""Places named in another transliteration or as the head of an address, and why a place misses.

The report sentences are written here about real, sourced incidents (source in each test); the expected
places are GeoNames' (through the gazetteer), read at test time, never typed as coordinates.
"""
from __future__ import annotations

from datetime import date

from estimative.eval.acled import date_written
from estimative.eval.coded import CodedRow
from estimative.eval.place_misses import coded_names, country_miss_cause, miss_cause
from estimative.extract import extract
from estimative.geo import gazetteer, haversine_km
from estimative.geo.names import place_key, spelling_key


def _town(name: str, iso3: str):
    return next(e for e in gazetteer().candidates(name) if e.country == iso3)


def test_transliterations_share_a_spelling_key():
    assert spelling_key(place_key("Harardhere")) == spelling_key(place_key("Xarardheere"))
    assert spelling_key(place_key("Sheikh Zuweid")) == spelling_key(place_key("Ash Shaykh Zuwayd"))
    assert spelling_key(place_key("Bulobarde")) == spelling_key(place_key("Buulo Barde"))
    assert spelling_key(place_key("Kabul")) != spelling_key(place_key("Kampala"))


def test_spelled_like_is_asked_within_a_country_only():
    gaz = gazetteer()
    assert not gaz.candidates("Harardhere")  # GeoNames writes it Xarardheere
    found = gaz.spelled_like("Harardhere", ("SOM",))
    assert found and all(e.country == "SOM" for e in found)
    assert gaz.spelled_like("Harardhere", ()) == []
    assert gaz.spelled_like("Ab", ("SOM",)) == []  # too short to tell


def test_town_in_another_transliteration_is_placed_in_its_frame():
    # Mortar shells were fired at Harardhere (Mudug) on a Wednesday night in 2023, no casualties reported:
    # https://radiohalgan.com/read-mortars-land-in-recently-liberated-town-after-60-al-shabab-killed-last-week/
    incidents = extract("Mortar shells landed in Harardhere, Mudug, Somalia, on Wednesday night; officials in the "
                        "town reported no casualties.", published=date(2023, 6, 1))
    place = incidents[0].location
    town = _town("Xarardheere", "SOM")
    assert place.country == "SOM"
    assert haversine_km(place.lat, place.lon, town.lat, town.lon) <= 25


def test_first_name_of_an_address_is_the_place_not_the_region_named_like_a_town():
    # Gunmen killed a gendarme at the checkpoint at the entrance to Goundam (Timbuktu region), 25 January 2021:
    # https://africaradio.com/actualite-77901-mali-un-gendarme-tue-dans-l-attaque-d-un-poste-de-controle
    incidents = extract("Six gunmen in a pickup opened fire on the gendarmerie checkpoint at the entrance to Goundam, "
                        "Timbuktu, Mali, killing one gendarme.", published=date(2021, 1, 26))
    place = incidents[0].location
    goundam, timbuktu = _town("Goundam", "MLI"), _town("Timbuktu", "MLI")
    assert haversine_km(place.lat, place.lon, goundam.lat, goundam.lon) <= 25
    assert haversine_km(place.lat, place.lon, timbuktu.lat, timbuktu.lon) > 25


def _row(text: str, name: str, lat: float, lon: float, country: str = "SOM") -> CodedRow:
    return CodedRow(source="test", text=text, day=date(2021, 1, 1), country=country, lat=lat, lon=lon,
                    place_precise=True, place_name=name)


def test_miss_causes():
    town = _town("Xarardheere", "SOM")
    far = {"name": "Mudug", "country": "SOM", "lat": town.lat + 1.0, "lon": town.lon}
    assert miss_cause(_row("Gunmen attacked a village, Somalia.", "Xarardheere", town.lat, town.lon), far) \
        == "not_written"
    assert miss_cause(_row("Gunmen attacked Qwzxbbq, Somalia.", "Qwzxbbq", town.lat, town.lon), far) \
        == "not_in_gazetteer"
    assert miss_cause(_row("Gunmen attacked Harardhere, Somalia.", "Harardhere", town.lat + 2.0, town.lon), far) \
        == "coding_imprecise"
    assert miss_cause(_row("Gunmen attacked Harardhere, Somalia.", "Harardhere", town.lat, town.lon), far) \
        == "other_place_chosen"
    assert miss_cause(_row("Gunmen attacked Harardhere, Somalia.", "Harardhere", town.lat, town.lon),
                      {**far, "country": "ETH"}) == "wrong_country"
    assert miss_cause(_row("Gunmen attacked Harardhere, Somalia.", "Harardhere", town.lat, town.lon), {}) \
        == "not_placed"
    assert coded_names("Mogadishu - Hodan") == ["Mogadishu - Hodan", "Mogadishu", "Hodan"]
    assert country_miss_cause(None) == "no_incident"
    assert country_miss_cause({"location": {"country": "XXX"}}) == "no_country_evidence"
    assert country_miss_cause({"location": {"country": "MLI"}}) == "other_country"


def test_acled_date_is_scored_only_where_the_note_writes_one():
    assert date_written("On 22 March 2020, militants attacked a post.")
    assert date_written("Fighting on March 22, 2020 left two dead.")
    assert not date_written("Militants attacked a post on Monday.")
    assert not date_written("Raiders stole cattle in May.")
