"""The JSON API over a real store: every filter gives exactly the events a plain Python filter
over all stored records gives; pages, exports and single events agree with the store."""
from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest

from estimative.knowledge import registry


def _ids(client: Any, query: str) -> list[str]:
    """All event ids the API lists for a query, following next_offset."""
    ids: list[str] = []
    offset = 0
    while True:
        r = client.get(f"/api/events?{query}&limit=1000&offset={offset}")
        assert r.status_code == 200, r.text
        body = r.json()
        ids += [e["event_id"] for e in body["events"]]
        if body["next_offset"] is None:
            assert body["total"] == len(ids)
            return ids
        offset = body["next_offset"]


def test_listing_is_newest_first_and_pages_cover_every_event_once(client: Any, all_events: list[Any]) -> None:
    r = client.get("/api/events?limit=100")
    body = r.json()
    assert body["total"] == len(all_events) > 16_000  # curated record + UCDP Syria
    dates = [e["date_start"] for e in body["events"]]
    assert dates == sorted(dates, reverse=True)
    assert body["next_offset"] == 100
    ids = _ids(client, "source=curated")
    assert len(ids) == len(set(ids)) == sum(e.source == "curated" for e in all_events)


def test_small_pages_and_the_as_of_path_list_the_same_events_as_the_listing(client: Any) -> None:
    """Pages of 50 or fewer, and pages past the end, agree with a page of 100 and with the
    as-of path (which reads the store itself, not the listing copy)."""
    big = client.get("/api/events?country=SYR&limit=100&offset=20").json()
    small = client.get("/api/events?country=SYR&limit=7&offset=20").json()
    assert small["events"] == big["events"][:7] and small["next_offset"] == 27 and small["total"] == big["total"]
    one = client.get("/api/events?country=SYR&limit=1&offset=119").json()["events"]
    assert one == big["events"][-1:]
    now = date.today().isoformat()
    assert client.get(f"/api/events?country=SYR&limit=100&offset=20&as_of={now}").json()["events"] == big["events"]
    past = client.get(f"/api/events?country=SYR&limit=10&offset={big['total'] - 3}").json()
    assert len(past["events"]) == 3 and past["next_offset"] is None


def test_listing_order_matches_the_store_sorted_by_date_then_id(client: Any, all_events: list[Any]) -> None:
    expected = [e.id for e in sorted(all_events, key=lambda e: (-e.date_start.toordinal(), e.id))][:300]
    got = [e["event_id"] for p in range(3) for e in client.get(f"/api/events?limit=100&offset={p * 100}").json()["events"]]
    assert got == expected


@pytest.mark.parametrize("query, keep", [
    ("country=JOR", lambda e: e.country == "JOR"),
    ("country=irq,jor", lambda e: e.country in ("IRQ", "JOR")),
    ("since=2020-01-01&until=2020-01-31", lambda e: date(2020, 1, 1) <= e.date_start <= date(2020, 1, 31)),
    ("bbox=43.5,32.5,45,34", lambda e: e.lat is not None and 43.5 <= e.lon <= 45 and 32.5 <= e.lat <= 34),
    ("event_type=Battles&country=SYR&since=2019-06-01",
     lambda e: e.event_type == "Battles" and e.country == "SYR" and e.date_start >= date(2019, 6, 1)),
    ("source=curated&sub_event_type=Air/drone%20strike",
     lambda e: e.source == "curated" and e.sub_event_type == "Air/drone strike"),
])
def test_each_filter_selects_exactly_the_matching_events(client: Any, all_events: list[Any], query: str,
                                                         keep: Any) -> None:
    expected = {e.id for e in all_events if keep(e)}
    assert expected, f"the real data should hold events for {query}"
    assert set(_ids(client, query)) == expected


def test_actor_filter_accepts_any_alias_of_the_registry(client: Any, all_events: list[Any]) -> None:
    kh = registry().resolve("Kataib Hezbollah")
    assert kh is not None
    expected = {e.id for e in all_events
                if any(p.id == kh.id for p in e.perpetrators) or (e.claimant and e.claimant.id == kh.id)}
    assert len(expected) >= 4
    for name in ("Kataib Hezbollah", "Hezbollah Brigades", kh.id):
        assert set(_ids(client, f"actor={name}")) == expected


def test_as_of_hides_what_was_not_yet_known(client: Any, all_events: list[Any]) -> None:
    cut = date(2021, 1, 1)
    expected = {e.id for e in all_events if e.source == "curated" and e.known_from.date() <= cut}
    got = set(_ids(client, f"source=curated&as_of={cut}"))
    assert got == expected
    assert 0 < len(got) < sum(e.source == "curated" for e in all_events)


@pytest.mark.parametrize("query, message", [
    ("since=yesterday", "since must be a date"),
    ("bbox=1,2,3", "bbox must be four numbers"),
    ("bbox=10,50,5,40", "min <= max"),
    ("country=Iraq", "alpha-3"),
    ("since=2021-01-01&until=2020-01-01", "since is after until"),
    ("limit=0", "limit"),
    ("limit=5000", "limit"),
    ("offset=-1", "offset"),
    ("limit=ten", "limit must be a whole number"),
    ("offset=1.5", "offset must be a whole number"),
])
def test_bad_filters_get_a_400_or_422_that_says_what_to_fix(client: Any, query: str, message: str) -> None:
    r = client.get(f"/api/events?{query}")
    assert r.status_code in (400, 422)
    assert message in r.json()["error"]


def test_one_event_in_full_with_its_revisions(client: Any, all_events: list[Any]) -> None:
    e = next(x for x in all_events if x.source_id == "cur-2020-03-11-taji-rockets")
    r = client.get(f"/api/events/{e.id}")
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == e.id and body["location"] == e.location and body["date_start"] == "2020-03-11"
    assert body["perpetrators"][0]["id"] == "kataib_hizballah"
    assert body["revisions"][0]["revision"] == 1
    missing = client.get("/api/events/curated:000000000000")
    assert missing.status_code == 404 and "no stored event" in missing.json()["error"]


def test_geojson_holds_every_matching_event_with_coordinates(client: Any, all_events: list[Any]) -> None:
    r = client.get("/api/events.geojson?country=IRQ")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    expected = {e.id for e in all_events if e.country == "IRQ" and e.lat is not None}
    assert {f["id"] for f in fc["features"]} == expected
    f = fc["features"][0]
    assert f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2
    assert len(client.get("/api/events.geojson?country=SYR&limit=25").json()["features"]) == 25


def test_csv_export_has_a_header_and_one_row_per_event(client: Any, all_events: list[Any]) -> None:
    r = client.get("/api/events.csv?source=curated")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["event_id"] for row in rows} == {e.id for e in all_events if e.source == "curated"}
    taji = next(row for row in rows if row["source_id"] == "cur-2020-03-11-taji-rockets")
    assert taji["perpetrator_id"] == "kataib_hizballah" and taji["weapon_classes"] == "rocket"


def test_csv_cells_cannot_start_a_spreadsheet_formula() -> None:
    from estimative.web.api import _csv_cell

    assert _csv_cell("=HYPERLINK(\"http://x\")").startswith("'")
    assert _csv_cell("-2+3").startswith("'")
    assert _csv_cell("Baghdad") == "Baghdad"


def test_openapi_describes_every_route_and_docs_render_it_offline(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/events.geojson", "/api/events.csv", "/api/assess",
                 "/api/reports", "/api/watchlists", "/api/watchlists/{watchlist_id}", "/api/alerts"):
        assert path in spec["paths"], path
    assert "security" in spec["paths"]["/api/reports"]["post"]
    for path, extra in (("/api/events", {"limit", "offset"}), ("/api/events.csv", {"limit"})):
        names = [p["name"] for p in spec["paths"][path]["get"]["parameters"]]
        assert sorted(names) == sorted({"country", "since", "until", "bbox", "actor", "event_type", "sub_event_type",
                                        "source", "as_of"} | extra), path
    docs = client.get("/docs")
    assert docs.status_code == 200
    for path in ("/api/events.geojson", "/api/alerts", "/api/watchlists/{watchlist_id}"):
        assert path in docs.text
    assert "cdn" not in docs.text.lower()


def test_events_ingested_behind_the_apps_back_are_listed_at_once(client: Any, store: Any,
                                                                 all_events: list[Any]) -> None:
    import copy

    e = copy.deepcopy(next(x for x in all_events if x.source_id == "cur-2020-03-11-taji-rockets"))
    e.source, e.source_id = "manual", "taji-copy"
    before = client.get("/api/events?limit=1").json()["total"]
    store.ingest([e], source="manual", path="test")
    body = client.get("/api/events?source=manual").json()
    assert [x["event_id"] for x in body["events"]] == [e.id]
    assert client.get("/api/events?limit=1").json()["total"] == before + 1
