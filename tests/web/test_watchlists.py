"""Watchlists and alerts: an alert is exactly a stored incident inside the radius; webhooks go
only to the configured URL, in the background."""
from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from estimative.geo import destination, haversine_km
from estimative.web.alerts import bbox_around


def _create(client: Any, auth: dict[str, str], **kw: Any) -> dict[str, Any]:
    r = client.post("/api/watchlists", headers=auth, json=kw)
    assert r.status_code == 201, r.text
    return r.json()


def test_alerts_are_exactly_the_stored_incidents_inside_the_radius(client: Any, all_events: list[Any],
                                                                   auth: dict[str, str]) -> None:
    w = _create(client, auth, name="Baghdad embassy", lat=33.2995, lon=44.3950, radius_km=15)
    alerts = client.get("/api/alerts", params={"watchlist": w["watchlist_id"], "limit": 1000}).json()["alerts"]
    expected = {e.id for e in all_events if e.lat is not None
                and haversine_km(w["lat"], w["lon"], e.lat, e.lon) <= 15}
    assert len(expected) >= 10  # the Green Zone is a frequent target in the curated record
    assert {a["event_id"] for a in alerts} == expected
    assert all(a["distance_km"] <= 15 and a["watchlist"] == "Baghdad embassy" for a in alerts)
    dates = [a["date_start"] for a in alerts]
    assert dates == sorted(dates, reverse=True)
    assert not any(a["new"] for a in alerts)  # all were stored before the watchlist existed


def test_the_radius_edge_decides(client: Any, all_events: list[Any], auth: dict[str, str]) -> None:
    e = next(x for x in all_events if x.source_id == "cur-2020-03-11-taji-rockets")
    lat, lon = destination(e.lat, e.lon, 90.0, 10.0)  # an asset 10 km east of the incident
    inside = _create(client, auth, name="edge in", lat=lat, lon=lon, radius_km=10.2)
    outside = _create(client, auth, name="edge out", lat=lat, lon=lon, radius_km=9.8)
    ids_in = {a["event_id"] for a in client.get("/api/alerts", params={"watchlist": inside["watchlist_id"]}).json()["alerts"]}
    ids_out = {a["event_id"] for a in client.get("/api/alerts", params={"watchlist": outside["watchlist_id"]}).json()["alerts"]}
    assert e.id in ids_in and e.id not in ids_out


@pytest.mark.parametrize("lat, lon, radius", [(33.3, 44.4, 50), (0.0, 179.9, 300), (-89.5, 10.0, 100),
                                              (60.0, -179.99, 1000), (35.0, 0.0, 0.5)])
def test_the_search_box_holds_the_whole_circle(lat: float, lon: float, radius: float) -> None:
    lon0, lat0, lon1, lat1 = bbox_around(lat, lon, radius)
    for bearing in range(0, 360, 5):
        plat, plon = destination(lat, lon, float(bearing), radius * 0.999)
        assert lat0 <= plat <= lat1 and lon0 <= plon <= lon1, (bearing, plat, plon)
    assert lat1 - lat0 <= 2 * radius / 111.0 * 1.01 + 1e-9 or lat0 == -90


@pytest.mark.parametrize("body, message", [
    ({"webhook_url": "ftp://example.org/x"}, "http:// or https://"),
    ({"webhook_url": "javascript:alert(1)"}, "http:// or https://"),
    ({"radius_km": 0}, "radius_km"),
    ({"radius_km": 5000}, "radius_km"),
    ({"lat": 95}, "lat"),
    ({"name": ""}, "name"),
])
def test_bad_watchlists_are_refused_with_the_reason(client: Any, auth: dict[str, str], body: dict[str, Any],
                                                    message: str) -> None:
    r = client.post("/api/watchlists", headers=auth, json={"name": "x", "lat": 33, "lon": 44, "radius_km": 5, **body})
    assert r.status_code == 422 and message in r.json()["error"]


def test_delete_removes_the_watchlist_and_its_alerts(client: Any, auth: dict[str, str]) -> None:
    w = _create(client, auth, name="to delete", lat=33.52, lon=44.26, radius_km=5)
    assert client.get("/api/alerts", params={"watchlist": w["watchlist_id"]}).json()["alerts"]
    assert client.delete(f"/api/watchlists/{w['watchlist_id']}", headers=auth).status_code == 204
    assert client.delete(f"/api/watchlists/{w['watchlist_id']}", headers=auth).status_code == 404
    assert client.get("/api/alerts", params={"watchlist": w["watchlist_id"]}).json()["alerts"] == []


def test_the_watchlist_form_needs_the_token_and_keeps_what_was_typed(client: Any, token: str) -> None:
    form = {"name": "Erbil air base", "lat": "36.237", "lon": "43.963", "radius_km": "12", "webhook_url": ""}
    r = client.post("/watchlists", data={**form, "token": "wrong"})
    assert r.status_code == 401 and "needs the token" in r.text and 'value="Erbil air base"' in r.text
    r = client.post("/watchlists", data={**form, "token": token}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get("/watchlists").text
    assert "Erbil air base" in page and "36.2370, 43.9630" in page
    bad = client.post("/watchlists", data={**form, "radius_km": "-3", "token": token})
    assert bad.status_code == 422 and "radius" in bad.text


def test_pages_show_the_webhook_host_but_never_its_path(client: Any, auth: dict[str, str]) -> None:
    _create(client, auth, name="hooked", lat=10, lon=10, radius_km=5,
            webhook_url="https://hooks.example.org/services/T000/SECRET-PATH")
    page = client.get("/watchlists").text
    assert "hooks.example.org" in page and "SECRET-PATH" not in page


def _taji_report() -> str:
    """A real report: the bundled Camp Taji example (11 March 2020 rocket attack)."""
    from estimative.demo import example_report

    return example_report()


def test_a_new_incident_inside_the_radius_is_posted_to_the_webhook(fresh_db: Any, token: str,
                                                                   webhook_receiver: Any) -> None:
    from estimative.web.app import create_app

    with TestClient(create_app(fresh_db("hook", curated=True), token=token)) as c:
        auth = {"Authorization": f"Bearer {token}"}
        w = _create(c, auth, name="Camp Taji", lat=33.52, lon=44.26, radius_km=40, webhook_url=webhook_receiver.url)
        _create(c, auth, name="far away", lat=-33.9, lon=18.4, radius_km=40, webhook_url=webhook_receiver.url)
        started = time.monotonic()
        r = c.post("/api/reports", headers=auth, json={"text": _taji_report()})
        assert r.status_code == 201, r.text
        stored = r.json()["event_ids"]
        got = webhook_receiver.wait()
        assert got["path"] == "/hook" and got["content_type"] == "application/json"
        assert got["json"]["watchlist"]["id"] == w["watchlist_id"]
        assert got["json"]["event"]["id"] in stored and got["json"]["distance_km"] <= 40
        assert time.monotonic() - started < 60
        alerts = c.get("/api/alerts", params={"watchlist": w["watchlist_id"]}).json()["alerts"]
        assert any(a["event_id"] in stored and a["new"] for a in alerts)
        with pytest.raises(Exception):  # noqa: B017 - nothing else arrives: the far watchlist is not alerted
            webhook_receiver.received.get(timeout=1.0)


def test_an_unreachable_webhook_does_not_hold_up_the_request(fresh_db: Any, token: str) -> None:
    import socket

    from estimative.web.app import create_app

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/hook"
    with TestClient(create_app(fresh_db("deadhook", curated=True), token=token)) as c:
        auth = {"Authorization": f"Bearer {token}"}
        _create(c, auth, name="Camp Taji", lat=33.52, lon=44.26, radius_km=40, webhook_url=dead)
        r = c.post("/api/reports", headers=auth, json={"text": _taji_report()})
        assert r.status_code == 201
        sender = c.app.state.workbench.webhooks
        deadline = time.monotonic() + 20
        while not sender.recent and time.monotonic() < deadline:
            time.sleep(0.1)
        assert sender.recent and sender.recent[0]["error"] == "ConnectError"
        assert "failed (ConnectError)" in c.get("/watchlists").text


def test_filters_are_stored_listed_and_edited_through_the_api(client: Any, auth: dict[str, str]) -> None:
    w = _create(client, auth, name="filtered", lat=33.3, lon=44.4, radius_km=20, countries=["irq"],
                actors=["iran_aligned_militia"], event_types=["Explosions/Remote violence"], min_severity=1.5,
                email_to="analyst@example.org")
    assert (w["countries"], w["actors"], w["min_severity"], w["email_to"]) == (
        ["IRQ"], ["iran_aligned_militia"], 1.5, "analyst@example.org")
    listed = {x["watchlist_id"]: x for x in client.get("/api/watchlists", headers=auth).json()["watchlists"]}
    assert listed[w["watchlist_id"]]["event_types"] == ["Explosions/Remote violence"]
    url = f"/api/watchlists/{w['watchlist_id']}/filters"
    assert client.put(url, json={"countries": ["SYR"]}).status_code == 401  # writes need the token
    r = client.put(url, headers=auth, json={"countries": ["SYR"]})
    assert r.status_code == 200 and r.json()["countries"] == ["SYR"] and r.json()["min_severity"] is None
    # the stored listing honours the country filter: Baghdad is not in Syria
    assert client.get("/api/alerts", params={"watchlist": w["watchlist_id"]}).json()["alerts"] == []
    assert client.put(url, headers=auth, json={"countries": ["Iraq"]}).status_code == 422
    assert client.put("/api/watchlists/wl-none/filters", headers=auth, json={}).status_code == 404
    client.delete(f"/api/watchlists/{w['watchlist_id']}", headers=auth)


def test_the_form_edits_filters_with_the_token_and_the_page_escapes_them(client: Any, auth: dict[str, str],
                                                                          token: str) -> None:
    w = _create(client, auth, name="<b>bold</b> asset", lat=20, lon=20, radius_km=5)
    url = f"/watchlists/{w['watchlist_id']}/filters"
    form = {"countries": "IRQ", "event_types": "Battles", "email_to": "ops@example.org"}
    assert client.post(url, data={**form, "token": "wrong"}).status_code == 401
    assert client.post(url, data={**form, "token": token}, follow_redirects=False).status_code == 303
    page = client.get("/watchlists").text
    assert "&lt;b&gt;bold&lt;/b&gt; asset" in page and "<b>bold</b>" not in page
    assert "countries IRQ" in page and "types Battles" in page and "e-mail to ops@example.org" in page
    assert 'id="live-feed"' in page and "/static/live.js" in page
    assert client.get("/static/live.js").status_code == 200
    bad = client.post(url, data={"countries": "<script>", "token": token})
    assert bad.status_code == 422 and "<script>" not in bad.text


def test_the_live_feed_shows_each_alert_of_a_matching_watchlist_once(fresh_db: Any, token: str) -> None:
    from estimative.web.app import create_app

    with TestClient(create_app(fresh_db("live", curated=True), token=token)) as c:
        auth = {"Authorization": f"Bearer {token}"}
        iraq = _create(c, auth, name="Camp Taji", lat=33.52, lon=44.26, radius_km=40, countries=["IRQ"])
        _create(c, auth, name="Taji, Syria only", lat=33.52, lon=44.26, radius_km=40, countries=["SYR"])
        _create(c, auth, name="Taji, battles only", lat=33.52, lon=44.26, radius_km=40, event_types=["Battles"])
        assert c.get("/api/alerts/live").json() == {"alerts": [], "last": 0}
        r = c.post("/api/reports", headers=auth, json={"text": _taji_report()})
        assert r.status_code == 201, r.text
        stored = r.json()["event_ids"]
        feed = c.get("/api/alerts/live", params={"after": 0}).json()
        assert feed["alerts"] and {a["watchlist"]["id"] for a in feed["alerts"]} == {iraq["watchlist_id"]}
        assert {a["event"]["id"] for a in feed["alerts"]} <= set(stored)
        assert [a["seq"] for a in feed["alerts"]] == list(range(1, len(feed["alerts"]) + 1))
        assert feed["last"] == len(feed["alerts"])
        again = c.get("/api/alerts/live", params={"after": feed["last"]}).json()
        assert again == {"alerts": [], "last": feed["last"]}  # each alert is shown once
        # the same report again updates nothing new: no second alert
        c.post("/api/reports", headers=auth, json={"text": _taji_report()})
        assert c.get("/api/alerts/live", params={"after": feed["last"]}).json()["alerts"] == []


def test_the_live_feed_updates_in_chromium_without_reloading_and_shows_each_alert_once(
        fresh_db: Any, token: str, serve: Any) -> None:
    """Debian's chromium through Playwright (as tests/web/test_browser.py): the page is open before
    the report is saved; the alert appears by polling, once, with the watchlist's name as text."""
    from pathlib import Path

    import httpx
    from playwright.sync_api import sync_playwright

    from estimative.web.app import create_app

    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():  # a failure, not a skip
        pytest.fail(f"Debian's chromium is not at {chromium}: run `make system-deps`")
    auth = {"Authorization": f"Bearer {token}"}
    with serve(create_app(fresh_db("live-browser", curated=True), token=token)) as server, \
            httpx.Client(base_url=server.url, timeout=120, trust_env=False) as api, sync_playwright() as p:
        w = api.post("/api/watchlists", headers=auth,
                     json={"name": "<img src=x onerror=alert(1)> Taji", "lat": 33.52, "lon": 44.26, "radius_km": 40})
        assert w.status_code == 201, w.text
        browser = p.chromium.launch(executable_path=chromium, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url + "/watchlists")
        items = page.locator("#live-feed li")
        assert items.count() == 0
        assert api.post("/api/reports", headers=auth, json={"text": _taji_report()}).status_code == 201
        raised = api.get("/api/alerts/live").json()["alerts"]
        assert raised
        items.nth(len(raised) - 1).wait_for(timeout=20_000)  # a locator wait: no eval under the page's CSP
        page.wait_for_timeout(7_000)  # two more polls: nothing is added twice
        assert items.count() == len(raised)
        assert sorted(int(items.nth(i).get_attribute("data-seq")) for i in range(items.count())) == \
            [a["seq"] for a in raised]
        assert "<img src=x onerror=alert(1)> Taji" in items.first.inner_text()
        assert page.locator("#live-feed img").count() == 0 and not errors
        browser.close()
