"""Alerts from the watch: a new incident and its update each reach the watchlist's webhook once,
signed with HMAC-SHA256, also when the receiver fails once and recovers; an alert no retry
delivers goes to the dead-letter list."""
from __future__ import annotations

import hashlib
import hmac
import json
import time

from watch_articles import ERBIL_FIRST, ERBIL_LATER, article_html, rss, rss_item

from estimative.store import Store
from estimative.watch.runner import Watcher
from estimative.web import alerts
from estimative.web.alerts import WebhookSender

SECRET = "test-secret"


def _wait(cond, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not cond():
        time.sleep(0.1)


def test_new_and_updated_incident_alerts_are_signed_and_delivered_once(site, tmp_path):
    for s in (ERBIL_FIRST, ERBIL_LATER):
        site.put(f"/news/{s.slug}.html", "text/html", article_html(s))
    site.put("/feed.xml", "application/rss+xml", rss("Wire", [rss_item(site.base, s) for s in (ERBIL_FIRST, ERBIL_LATER)]))
    site.fail_posts["/hook"] = 1  # the receiver fails once, then recovers
    sender = WebhookSender(secret=SECRET)
    with Store(tmp_path / "a.duckdb") as store:
        # Erbil International Airport (36.24 N, 43.96 E)
        alerts.create(store, alerts.validate("Erbil", 36.24, 43.96, 50, f"{site.base}/hook"))
        watcher = Watcher(store, [f"{site.base}/feed.xml"], delay=0,
                          on_change=lambda events: sender.notify(store, events))
        try:
            watcher.run_once()
            _wait(lambda: len(site.posted) >= 2)
            watcher.run_once()  # nothing new: no alert
            time.sleep(1.0)
        finally:
            watcher.close()
            sender.close()
    bodies = [json.loads(b) for _, b in site.posted]
    assert len(bodies) == 2  # the new incident, then its update; each once despite the failure
    assert len({b["event"]["id"] for b in bodies}) == 1
    assert bodies[0]["event"]["injuries"] != bodies[1]["event"]["injuries"]
    for (_, raw), headers in zip(site.posted, site.headers, strict=True):
        want = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
        assert headers["X-Estimative-Signature"] == want
    assert not sender.dead_letters


def test_an_alert_no_retry_delivers_is_dead_lettered(site, tmp_path):
    from estimative.model import Event

    site.fail_posts["/down"] = 99
    sender = WebhookSender(secret=SECRET)
    with Store(tmp_path / "d.duckdb") as store:
        alerts.create(store, alerts.validate("Erbil", 36.24, 43.96, 50, f"{site.base}/down"))
        from datetime import date

        event = Event(source="report", source_id="x#0", date_start=date(2021, 2, 15), lat=36.24, lon=43.96,
                      country="IRQ", location="Erbil")
        assert sender.notify(store, [event]) == 1
        assert sender.notify(store, [event]) == 0  # the same alert is queued once
        _wait(lambda: bool(sender.dead_letters), 20)
    sender.close()
    assert not site.posted
    dead = sender.dead_letters[0]
    assert dead["status"] == 500 and dead["attempts"] == len(alerts.WEBHOOK_BACKOFF_S) + 1
    assert dead["payload"]["event"]["id"] == event.id
