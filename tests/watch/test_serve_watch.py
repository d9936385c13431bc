"""`estimative serve --watch`: the watch runs on a thread beside the workbench, stores into the
workbench's store, and sends new incidents to the watchlists' webhooks (a local receiver)."""
from __future__ import annotations

import json
import time

from watch_articles import ERBIL_FIRST, article_html, rss, rss_item

from estimative.store import Store
from estimative.watch.runner import serve_watch
from estimative.web import alerts
from estimative.web.app import create_app


def test_serve_watch_stores_and_alerts(site, tmp_path):
    site.put(f"/news/{ERBIL_FIRST.slug}.html", "text/html", article_html(ERBIL_FIRST))
    site.put("/feed.xml", "application/rss+xml", rss("Northern Wire", [rss_item(site.base, ERBIL_FIRST)]))
    store = Store(tmp_path / "s.duckdb")
    app = create_app(store=store, token="t")
    bench = app.state.workbench
    # Erbil International Airport (36.24 N, 43.96 E); a watch area of 50 km around it
    alerts.create(store, alerts.validate("Erbil", 36.24, 43.96, 50, f"{site.base}/hook"))
    alerts.create(store, alerts.validate("Basra", 30.5, 47.8, 50, f"{site.base}/far"))
    watching = serve_watch(bench, [f"{site.base}/feed.xml"], interval=3600)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not site.posted:
            time.sleep(0.2)
    finally:
        watching.stop()
    assert store.stats()["reports"] == 1
    assert [p for p, _ in site.posted] == ["/hook"]  # once, and only to the area that holds it
    alert = json.loads(site.posted[0][1])
    assert alert["watchlist"]["name"] == "Erbil" and alert["event"]["id"].startswith("report:")
    assert bench.generation >= 1
    store.close()
