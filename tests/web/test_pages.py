"""Server-rendered pages over a real store: the dashboard shows what the filters select, the
incident page shows the stored facts and an analysis, reports go preview -> save -> brief."""
from __future__ import annotations

import re
import time
from typing import Any

import pytest

from estimative.demo import example_report


def _markers(html: str, kind: str = "stored") -> int:
    return len(re.findall(rf'class="marker marker-{kind}"', html))


def test_dashboard_maps_the_newest_events_and_counts_them_all(client: Any, all_events: list[Any]) -> None:
    html = client.get("/").text
    assert f"{len(all_events):,}</strong> incidents" in html
    with_coords = sum(1 for e in all_events if e.lat is not None)
    assert _markers(html) == min(1500, with_coords)
    assert "est-histogram" in html and "Latest incidents" in html


def test_dashboard_filters_narrow_the_map_the_list_and_the_count(client: Any, all_events: list[Any]) -> None:
    html = client.get("/", params={"country": "IRQ", "since": "2020-01-01", "until": "2020-03-31"}).text
    expected = [e for e in all_events if e.country == "IRQ" and "2020-01-01" <= e.date_start.isoformat() <= "2020-03-31"]
    assert len(expected) >= 10
    assert f"<strong>{len(expected)}</strong> incidents" in html
    assert _markers(html) == sum(1 for e in expected if e.lat is not None)
    rows = re.findall(r'<a href="/incidents/([^"]+)">(\d{4}-\d\d-\d\d)</a>', html)
    assert rows and all("2020-01-01" <= d <= "2020-03-31" for _, d in rows)
    assert 'href="/api/events.csv?' in html and "country=IRQ" in html


def test_dashboard_reports_a_bad_filter_instead_of_failing(client: Any) -> None:
    r = client.get("/", params={"since": "last tuesday"})
    assert r.status_code == 200 and "since must be a date" in r.text


def test_incident_page_shows_the_stored_facts(assess_client: Any, curated_events: list[Any]) -> None:
    client = assess_client
    e = next(x for x in curated_events if x.source_id == "cur-2024-01-28-tower-22")
    r = client.get(f"/incidents/{e.id}")
    assert r.status_code == 200
    html = r.text
    for fact in ("Tower 22", "28 January 2024", "Islamic Resistance in Iraq", "US Army soldiers: 3 killed, 34 injured"):
        assert fact in html, fact
    assert html.count('class="marker marker-') >= 1  # at least where it happened
    for fmt in ("pdf", "md", "json"):
        assert f"/brief.{fmt}" in html
    assert client.get("/incidents/curated:000000000000").status_code == 404


def _settled(client: Any, url: str, seconds: float = 300) -> str:
    """The page once its analysis is there (it reloads itself while the analysis is prepared)."""
    deadline = time.monotonic() + seconds
    while True:
        html = client.get(url).text
        if 'id="analysis-pending"' not in html or time.monotonic() > deadline:
            return html
        assert '<meta http-equiv="refresh"' in html


def test_incident_page_assesses_the_stored_record(assess_client: Any, curated_events: list[Any]) -> None:
    client = assess_client
    e = next(x for x in curated_events if x.source_id == "cur-2020-03-11-taji-rockets")
    html = _settled(client, f"/incidents/{e.id}")
    assert "The analysis could not be made" not in html
    assert "Key judgments" in html and 'table class="attribution"' in html
    assert "as known on 11 March 2020" in html
    md = client.get(f"/incidents/{e.id}/brief.md")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "Taji" in md.text


def test_report_preview_stores_nothing_and_save_needs_the_token(assess_client: Any, token: str) -> None:
    client, store = assess_client, assess_client.app.state.workbench.store
    before = store.count()
    r = client.post("/reports/preview", data={"text": example_report()})
    assert r.status_code == 200
    assert "Preview — nothing has been stored" in r.text and "Camp Taji" in r.text
    assert store.count() == before
    denied = client.post("/reports", data={"text": example_report(), "token": "nope"})
    assert denied.status_code == 401 and store.count() == before
    saved = client.post("/reports", data={"text": example_report(), "token": token}, follow_redirects=False)
    assert saved.status_code == 303
    url = saved.headers["location"]
    assert url.startswith("/reports/rpt-")
    page = client.get(url).text
    assert "Stored incidents" in page
    assert store.count() > before
    for fmt, kind, head in (("pdf", "application/pdf", b"%PDF"), ("json", "application/json", b"{"),
                            ("md", "text/markdown", b"#")):
        b = client.get(f"{url}/brief.{fmt}")
        assert b.status_code == 200 and b.headers["content-type"].startswith(kind) and b.content.lstrip().startswith(head)


def test_an_uploaded_html_article_is_read_like_pasted_text(assess_client: Any) -> None:
    client = assess_client
    body = example_report().split("\n", 1)
    article = (f"<html><head><title>{body[0]}</title></head><body><nav>Home | World</nav>"
               f"<article><h1>{body[0]}</h1>" + "".join(f"<p>{p}</p>" for p in body[1].split("\n\n")) +
               "</article><footer>© a newspaper</footer></body></html>")
    r = client.post("/reports/preview", files={"file": ("taji.html", article.encode(), "text/html")})
    assert r.status_code == 200 and "Camp Taji" in r.text


@pytest.mark.parametrize("text, message", [("", "empty"), ("Это сообщение на русском языке о ракетном обстреле базы.", "English")])
def test_unreadable_reports_get_a_clear_message(assess_client: Any, text: str, message: str) -> None:
    client = assess_client
    r = client.post("/reports/preview", data={"text": text})
    assert r.status_code == 422 and message in r.text
    api = client.post("/api/assess", json={"text": text or " "})
    assert api.status_code == 422 and message in api.json()["error"]


def test_a_report_with_a_script_tag_is_shown_as_text(assess_client: Any, token: str) -> None:
    client = assess_client
    evil = example_report().replace("No group has claimed", '<script>alert("pwned")</script> No group has claimed')
    evil = evil.replace("Camp Taji, a military", "Camp Taji <img src=x onerror=alert(2)>, a military")
    preview = client.post("/reports/preview", data={"text": evil}).text
    saved = client.post("/reports", data={"text": evil, "token": token})
    assert saved.status_code == 200
    assert saved.url.path.startswith("/reports/rpt-")
    for html in (preview, saved.text):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html


def test_api_assess_returns_the_assessment_and_stores_nothing(assess_client: Any) -> None:
    client, store = assess_client, assess_client.app.state.workbench.store
    before = store.count()
    r = client.post("/api/assess", json={"text": example_report(), "as_of": "2020-03-12"})
    assert r.status_code == 200
    a = r.json()
    assert a["report"]["as_of"].startswith("2020-03-12")
    assert a["incidents"] and a["incidents"][0]["location"]["name"]
    assert store.count() == before


def test_api_reports_stores_the_incidents_once(assess_client: Any, auth: dict[str, str]) -> None:
    client, store = assess_client, assess_client.app.state.workbench.store
    text = example_report().replace("Wednesday evening", "Wednesday night")  # a report of its own
    r = client.post("/api/reports", headers=auth, json={"text": text})
    assert r.status_code == 201
    body = r.json()
    ids = body["event_ids"]
    assert ids and all(store.get(i) is not None and store.get(i).source == "report" for i in ids)
    again = client.post("/api/reports", headers=auth, json={"text": text})
    assert again.status_code == 200 and again.json()["created"] is False and again.json()["event_ids"] == ids
    listed = client.get("/api/events", params={"source": "report", "limit": 1000}).json()["events"]
    assert set(ids) <= {e["event_id"] for e in listed}
    page = client.get(f"/incidents/{ids[0]}").text
    assert f"report {body['report_id']}" in page and "the assessment made when report" in page
