"""What keeps the workbench safe: the write token, the body cap, escaping, parameterised SQL,
no stack traces, and pages that load nothing from elsewhere."""
from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

WATCH = {"name": "Ain al-Asad", "lat": 33.8, "lon": 42.44, "radius_km": 20}
INJECTIONS = ["' OR '1'='1", "IRQ'; DROP TABLE events; --", "1) OR (1=1", "%' --", "\" OR \"\"=\"",
              "Robert'); DELETE FROM watchlists;--", "x' UNION SELECT record FROM events --", "\\'; SELECT 1; --"]


@pytest.fixture(scope="module")
def readonly_client(fresh_db: Any) -> Any:
    """The app started with no token: every write is refused."""
    from estimative.web.app import create_app

    with TestClient(create_app(fresh_db("ro"), token="")) as c:
        yield c


def test_writes_without_the_token_are_refused(client: Any, auth: dict[str, str], token: str) -> None:
    writes = [("post", "/api/watchlists", {"json": WATCH}), ("delete", "/api/watchlists/wl-x", {}),
              ("post", "/api/reports", {"json": {"text": "A rocket hit Camp Taji."}}), ("get", "/api/watchlists", {})]
    for method, url, kw in writes:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {token}"},
                        {"Authorization": token}):
            r = getattr(client, method)(url, headers=headers, **kw)
            assert r.status_code == 401, (method, url, headers, r.text)
            assert r.headers["www-authenticate"] == "Bearer"
            assert "token" in r.json()["error"]
    assert not [w for w in client.get("/api/watchlists", headers=auth).json()["watchlists"] if w["name"] == WATCH["name"]]


def test_with_no_token_configured_writes_get_403_with_the_fix(readonly_client: Any) -> None:
    r = readonly_client.post("/api/watchlists", json=WATCH, headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403
    assert "ESTIMATIVE_API_TOKEN" in r.json()["error"]
    page = readonly_client.get("/watchlists")
    assert "Saving is disabled" in page.text and "disabled>Create watchlist" in page.text.replace('" ', '"')
    form = readonly_client.post("/watchlists", data={**WATCH, "token": ""})
    assert form.status_code == 403 and "ESTIMATIVE_API_TOKEN" in form.text


def test_the_token_is_compared_in_constant_time(client: Any, auth: dict[str, str], token: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import estimative.web.security as security

    calls: list[tuple[bytes, bytes]] = []
    real = security.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", spy)
    assert client.get("/api/watchlists", headers=auth).status_code == 200
    assert client.get("/api/watchlists", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert calls == [(token.encode(), token.encode()), (b"nope", token.encode())]


def test_bodies_over_the_cap_get_413(client: Any, auth: dict[str, str]) -> None:
    from estimative.web.security import MAX_BODY_BYTES

    big = "x" * (MAX_BODY_BYTES + 1)
    r = client.post("/api/assess", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and f"larger than {MAX_BODY_BYTES:,} bytes" in r.json()["error"]

    def chunks() -> Any:  # no Content-Length: the cap counts the bytes as they arrive
        chunk = b"y" * 1_000_000
        for _ in range(MAX_BODY_BYTES // len(chunk) + 1):
            yield chunk

    r = client.post("/api/reports", content=chunks(), headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 413
    r = client.post("/reports/preview", files={"file": ("big.html", b"<p>" + b"z" * MAX_BODY_BYTES)})
    assert r.status_code == 413


def test_routes_that_take_no_report_keep_the_small_cap(client: Any, auth: dict[str, str]) -> None:
    # only the report routes need room for a whole report; a watchlist or an ingest's path never does
    from estimative.web.security import MAX_BODY_BYTES, OTHER_BODY_BYTES

    body = "x" * (OTHER_BODY_BYTES + 1)
    for path in ("/api/watchlists", "/api/ingest", "/watchlists"):
        r = client.post(path, content=body, headers={**auth, "Content-Type": "application/json"})
        assert r.status_code == 413 and f"larger than {OTHER_BODY_BYTES:,} bytes" in r.json()["error"], path
    # the same body is under the report routes' cap: it reaches the route, which says what is wrong with it
    r = client.post("/api/assess", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and OTHER_BODY_BYTES < MAX_BODY_BYTES


def test_a_report_just_over_the_limit_gets_the_length_message_not_413(client: Any) -> None:
    """The body cap follows the report limit: a text one character over MAX_REPORT_CHARS, sent as
    JSON with every character escaped (12 bytes each, the most any encoding makes of one), is
    refused by the API's length check, which says the limit; so is an upload one byte over it, and
    a report one character over it pasted in the workbench's form."""
    import json

    from estimative.extract.text import MAX_REPORT_CHARS

    body = json.dumps({"text": "\U0001F600" * (MAX_REPORT_CHARS + 1)})  # ensure_ascii: \ud83d\ude00 each
    assert len(body) > 12 * MAX_REPORT_CHARS
    r = client.post("/api/assess", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and f"at most {MAX_REPORT_CHARS} characters" in r.json()["error"]
    r = client.post("/reports/preview", files={"file": ("big.txt", b"z" * (MAX_REPORT_CHARS + 1))})
    assert r.status_code == 422 and f"the limit for one report is {MAX_REPORT_CHARS:,}" in r.text
    # pasted in the form (a multipart field: UTF-8, 2 bytes a character here), not 400 from the form parser
    r = client.post("/reports/preview", files={"file": ("", b"")}, data={"text": "é" * (MAX_REPORT_CHARS + 1)})
    assert r.status_code == 422 and f"the limit for one report is {MAX_REPORT_CHARS:,}" in r.text


@pytest.mark.parametrize("param", ["country", "since", "until", "bbox", "actor", "event_type", "sub_event_type",
                                   "source", "as_of"])
def test_injection_strings_in_every_filter_are_only_data(client: Any, store: Any, auth: dict[str, str],
                                                        param: str) -> None:
    before = store.count()
    lists_before = len(client.get("/api/watchlists", headers=auth).json()["watchlists"])
    for bad in INJECTIONS:
        for url in (f"/api/events?{param}=", f"/api/events.geojson?{param}=", f"/api/events.csv?{param}=", f"/?{param}="):
            r = client.get(url + bad.replace("%", "%25").replace("#", "%23").replace("&", "%26"))
            assert r.status_code in (200, 400), (url, bad, r.status_code)
            if url.startswith("/api/events?") and r.status_code == 200:
                assert r.json()["total"] == 0, (param, bad)  # a string that matches nothing, not a condition
    assert store.count() == before
    assert len(client.get("/api/watchlists", headers=auth).json()["watchlists"]) == lists_before


def test_injection_strings_in_paths_and_bodies_are_only_data(client: Any, store: Any, auth: dict[str, str]) -> None:
    before = store.count()
    for bad in INJECTIONS:
        assert client.get("/api/events/" + bad.replace("%", "%25").replace("#", "%23").replace("?", "%3F")).status_code == 404
        assert client.get("/api/alerts", params={"watchlist": bad}).json() == {"alerts": []}
        assert client.delete("/api/watchlists/x" + bad.replace("%", "%25").replace("#", "%23").replace("?", "%3F"),
                             headers=auth).status_code == 404
    r = client.post("/api/watchlists", headers=auth, json={**WATCH, "name": INJECTIONS[1]})
    assert r.status_code == 201
    listed = client.get("/api/watchlists", headers=auth).json()["watchlists"]
    assert any(w["name"] == INJECTIONS[1] for w in listed)
    assert store.count() == before


def test_user_text_is_escaped_in_every_page(client: Any, auth: dict[str, str]) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    r = client.post("/api/watchlists", headers=auth, json={**WATCH, "name": evil, "lat": 33.3, "lon": 44.4})
    assert r.status_code == 201
    for url in ("/watchlists", "/"):
        html = client.get(url).text
        assert "&lt;script&gt;alert(" in html, url
        assert "<script>alert" not in html and "<img src=x" not in html, url
    html = client.get("/", params={"actor": evil}).text
    assert 'value="&lt;script&gt;' in html and "<script>alert" not in html
    err = client.get("/incidents/" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert err.status_code == 404 and "<script>alert" not in err.text


def test_errors_never_show_a_stack_trace(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    store = client.app.state.workbench.store
    client = TestClient(client.app, raise_server_exceptions=False)  # see the response a user would

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(store, "event_page_json", boom)
    monkeypatch.setattr(store, "event_rows", boom)
    for url in ("/api/events", "/"):
        r = client.get(url)
        assert r.status_code == 500, url
        assert "Traceback" not in r.text and "secret internal detail" not in r.text and "RuntimeError" not in r.text
        assert "internal error" in r.text
    assert client.get("/api/events").json() == {"error": "internal error: the server log has the details"}


def test_pages_load_nothing_from_elsewhere(client: Any) -> None:
    for url in ("/", "/watchlists", "/reports/new", "/docs", "/incidents/curated:nonexistent"):
        r = client.get(url)
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        for attr in re.findall(r'<(?:script|link|img|iframe)[^>]*(?:src|href)="([^"]*)"', r.text):
            assert attr.startswith("/") and not attr.startswith("//"), (url, attr)
    for static in ("/static/style.css", "/static/app.js"):
        body = client.get(static).text
        assert "http://" not in body and "https://" not in body
