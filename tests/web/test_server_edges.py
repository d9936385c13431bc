"""Issue #22 on the server: typed parameters refused with the reason, security headers on every
answer, no cross-site assessment, a bounded analysis pool, a time budget per incident analysis."""
from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from estimative.web.security import MAX_BODY_BYTES, SECURITY_HEADERS, AnalysisPool

ARTICLE = ("A roadside bomb exploded near a police checkpoint in Kirkuk, Iraq on 5 May 2006, killing three "
           "policemen and wounding seven others, police said.")


def _has_security_headers(r: Any) -> bool:
    return all(r.headers.get(k) == v for k, v in SECURITY_HEADERS.items())


@pytest.mark.parametrize("query", ["offset=9223372036854775808", "offset=-1", "offset=" + "9" * 5000,
                                   "limit=9223372036854775808"])
def test_out_of_range_page_numbers_get_400_with_the_reason(client: Any, query: str) -> None:
    r = client.get(f"/api/events?{query}")
    assert r.status_code == 400, r.text
    assert r.json()["error"].startswith(query.split("=")[0]) and _has_security_headers(r)


def test_geojson_limit_out_of_range_is_422(client: Any) -> None:
    r = client.get("/api/events.geojson?limit=9223372036854775808")
    assert r.status_code == 422 and "limit" in r.json()["error"]


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_assess_with_an_as_of_out_of_range_is_422_before_any_work(client: Any, as_of: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import estimative.extract as extract_pkg

    monkeypatch.setattr(extract_pkg, "read_document", lambda *a, **k: pytest.fail("work began"))
    r = client.post("/api/assess", json={"text": ARTICLE, "as_of": as_of})
    assert r.status_code == 422 and f"as_of {as_of} is out of range" in r.json()["error"]


def test_413_and_500_carry_the_security_headers(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    r = client.post("/api/assess", content="x" * (MAX_BODY_BYTES + 1), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and _has_security_headers(r)
    crashing = TestClient(client.app, raise_server_exceptions=False)
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    for name in ("event_page_json", "event_rows"):
        monkeypatch.setattr(client.app.state.workbench.store, name, boom)
    for url in ("/api/events?as_of=2019-01-01", "/"):
        r = crashing.get(url)
        assert r.status_code == 500 and _has_security_headers(r), url


def test_a_cross_site_form_post_runs_no_assessment(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import estimative.web.pages as pages

    calls: list[str] = []
    monkeypatch.setattr(pages, "assess_text", lambda store, text, as_of=None: calls.append(text) or {})
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        r = client.post("/reports/preview", data={"text": ARTICLE}, headers=headers)
        assert r.status_code == 403 and "cross-site" in r.json()["error"] and _has_security_headers(r)
    assert calls == []
    r = client.post("/reports/preview", data={"text": ARTICLE}, headers={"Origin": "http://testserver"})
    assert r.status_code == 200 and calls == [ARTICLE]


def test_a_full_pool_answers_503_with_retry_after(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import estimative.web.api as api

    bench = client.app.state.workbench
    release = threading.Event()
    started = threading.Event()

    def slow(store: Any, text: str, as_of: Any = None) -> dict[str, Any]:
        started.set()
        release.wait(10)
        return {"ok": text}

    monkeypatch.setattr(api, "assess_text", slow)
    monkeypatch.setattr(bench, "pool", AnalysisPool(workers=1, queue=0, budget=30))
    answers: list[Any] = []
    first = threading.Thread(target=lambda: answers.append(client.post("/api/assess", json={"text": ARTICLE})))
    first.start()
    assert started.wait(10)
    busy = client.post("/api/assess", json={"text": ARTICLE})
    assert busy.status_code == 503 and int(busy.headers["Retry-After"]) >= 1 and "busy" in busy.json()["error"]
    release.set()
    first.join(10)
    assert answers[0].status_code == 200 and answers[0].json() == {"ok": ARTICLE}
    assert bench.pool.active == 0


def test_an_analysis_past_its_budget_answers_503(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import estimative.web.api as api

    bench = client.app.state.workbench
    monkeypatch.setattr(api, "assess_text", lambda *a: time.sleep(1.5) or {})
    monkeypatch.setattr(bench, "pool", AnalysisPool(workers=1, queue=1, budget=0.3))
    r = client.post("/api/assess", json={"text": ARTICLE})
    assert r.status_code == 503 and "time budget" in r.json()["error"]


def test_a_slow_incident_analysis_does_not_hold_up_the_next(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from estimative.web.incidents import IncidentAnalyses

    bench = client.app.state.workbench
    analyses = IncidentAnalyses()
    analyses.budget = 0.3
    slow_id = bench.store.events(limit=2)[0].id

    def assess(store: Any, e: Any, at: Any, key: Any) -> dict[str, Any]:
        if e.id == slow_id:
            time.sleep(3)
        return {"assessment": {"for": e.id}, "error": None}

    monkeypatch.setattr(analyses, "_assess", assess)
    first, second = bench.store.events(limit=2)
    late = analyses.for_event(bench.store, first, 0, wait=5)
    assert "time budget" in late["error"]
    t0 = time.monotonic()
    quick = analyses.for_event(bench.store, second, 0, wait=5)
    assert quick["assessment"] == {"for": second.id} and time.monotonic() - t0 < 2


def test_html_with_100_nested_divs_is_read_as_english(assess_client: Any) -> None:
    html = "<html><body>" + "<div>" * 100 + f"<p>{ARTICLE}</p>" + "</div>" * 100 + "</body></html>"
    r = assess_client.post("/api/assess", json={"text": html})
    assert r.status_code == 200, r.text
    incidents = r.json()["incidents"]
    assert incidents and incidents[0]["location"]["name"] == "Kirkuk"
