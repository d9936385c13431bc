"""The gazetteer layer of the user's own events (`estimative.geo.event_places`), on rows of ../shared/data."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from estimative.eval.coded import PLACE_KM
from estimative.geo import gazetteer, haversine_km, place_key
from estimative.geo.event_places import Sighting, event_places, names_of, sightings_of_file, use_store_places
from estimative.geo.gazetteer import use_event_places

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
SAHEL_BFA = DATA / "acled_sahel_1997_2020" / "conflict_data_bfa.csv"
AFGHANISTAN = DATA / "acled_afghanistan_2020_03" / "acled_afghanistan_2020-03-01_2020-03-21.csv"
CUT = date(2019, 1, 1)

needs_data = pytest.mark.skipif(not SAHEL_BFA.is_file(), reason="../shared/data is not present")


@pytest.fixture
def no_layer():
    yield
    use_event_places(None)


def test_names_of_reads_each_datasets_way_of_writing_a_place():
    assert names_of("Mogadishu - Hodan") == ["Mogadishu - Hodan", "Mogadishu", "Hodan"]
    assert names_of("Teir Maaleh village")[0] == "Teir Maaleh"  # UCDP where_coordinates
    assert "district" not in [n.lower() for n in names_of("Kabul (district)")]
    assert names_of("Unknown") == []


def test_a_town_is_where_most_of_its_events_were_coded_and_an_area_is_their_middle():
    day = date(2018, 5, 1)
    rows = [Sighting(day, "Djibo", "BFA", "Sahel", "Soum", 14.10, -1.63, 5.0)] * 3 + [
        Sighting(day, "Djibo", "BFA", "Sahel", "Soum", 14.20, -1.70, 5.0),
        Sighting(day, "Arbinda", "BFA", "Sahel", "Soum", 14.23, -0.87, 5.0),
        Sighting(day, "Soum", "BFA", "Sahel", "Soum", 14.0, -1.2, 100.0)]  # an area's centroid: no town
    found = {(p.kind, p.name): p for p in event_places(rows)}
    djibo = found[("town", "Djibo")]
    assert (djibo.lat, djibo.lon, djibo.events) == (14.10, -1.63, 4)
    assert ("town", "Soum") not in found
    soum = found[("district", "Soum")]
    assert soum.events == 6 and soum.radius_km >= haversine_km(soum.lat, soum.lon, 14.23, -0.87) * 0.5


@needs_data
def test_villages_of_earlier_events_are_placed_in_later_notes(no_layer):
    """Notes from 2019 on that name a village of the events before 2019 which GeoNames lacks: with the
    layer of those earlier events, more of them are placed within 25 km of the coded coordinates."""
    from estimative.eval.acled import load_acled
    from estimative.extract import extract

    earlier = [s for s in sightings_of_file(SAHEL_BFA, "acled") if s.day < CUT]
    found = event_places(earlier)
    known = {place_key(p.name) for p in found if p.kind == "town"}
    rows = [r for r in load_acled(DATA, "report") if "conflict_data_bfa" in r.source and r.place_precise and r.place_name
            and place_key(r.place_name) in known and not gazetteer().candidates(r.place_name)][:25]
    assert len(rows) >= 10

    def placed() -> int:
        n = 0
        for r in rows:
            incidents = extract(r.text)
            loc = (incidents[0].to_dict().get("location") or {}) if incidents else {}
            n += loc.get("lat") is not None and haversine_km(loc["lat"], loc["lon"], r.lat, r.lon) <= PLACE_KM
        return n

    without = placed()
    use_event_places(found)
    with_layer = placed()
    assert with_layer >= without + len(rows) // 2


@needs_data
def test_the_layer_is_read_from_the_store_and_follows_its_ingests(no_layer):
    from estimative.sources import ingest_path
    from estimative.store import Store

    with open(AFGHANISTAN, encoding="utf-8", newline="") as f:
        coded = [r for r in csv.DictReader(f) if r["geo_precision"] == "1"]
    row = next(r for r in coded if not gazetteer().candidates(r["location"]))
    with Store(":memory:") as store:
        use_store_places(store)
        assert all(c.source != "events" for c in gazetteer().candidates(row["location"]))
        ingest_path(store, AFGHANISTAN, "acled", progress=False)
        use_store_places(store)
        mine = [c for c in gazetteer().candidates(row["location"]) if c.source == "events"]
        assert mine and mine[0].country == "AFG"
        assert haversine_km(mine[0].lat, mine[0].lon, float(row["latitude"]), float(row["longitude"])) < 1.0


@needs_data
def test_the_events_of_assessed_reports_never_become_places(no_layer):
    """A report's event carries the gazetteer's own reading of its place: taken back into the layer,
    a misplaced name would become a place. Only dataset events (coded by their coders) count."""
    from datetime import date

    from estimative.model import Event
    from estimative.store import Store

    with open(AFGHANISTAN, encoding="utf-8", newline="") as f:
        coded = [r for r in csv.DictReader(f) if r["geo_precision"] == "1"]
    row = next(r for r in coded if not gazetteer().candidates(r["location"]))
    read = Event(source="report", source_id="rpt-1#0", date_start=date(2020, 3, 5), country="AFG",
                 location=row["location"], lat=float(row["latitude"]), lon=float(row["longitude"]),
                 location_precision_km=2.0)
    with Store(":memory:") as store:
        store.ingest([read], source="report")
        use_store_places(store)
        assert all(c.source != "events" for c in gazetteer().candidates(row["location"]))


def test_a_longer_country_name_and_an_area_name_give_the_country():
    """Without any layer: "Democratic Republic of the Congo" is not the Republic of the Congo, and "Cabo
    Delgado" is Mozambique's province, not a town called Cabo abroad."""
    from estimative.extract import extract

    # Al Jazeera, 1 July 2021: https://www.aljazeera.com/news/2021/7/1/ten-dead-in-suspected-adf-attack-in-dr-congo-army
    congo = extract("About ten civilians were killed overnight when suspected ADF fighters raided the Rwangoma "
                    "neighbourhood of Beni, North Kivu, Democratic Republic of the Congo, and burned houses.")
    assert congo and congo[0].to_dict()["location"]["country"] == "COD"
    # allAfrica (Mozambique News Reports and Clippings), 24 March 2020:
    # https://allafrica.com/stories/202003240416.html
    mozambique = extract("Insurgents attacked the army barracks and the police station of a district town in Cabo "
                         "Delgado on 23 March 2020, burning houses and a school.")
    assert mozambique and mozambique[0].to_dict()["location"]["country"] == "MOZ"
