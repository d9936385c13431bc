"""`serve --watch` seen in Debian's chromium through Playwright: the watchlists page is open before
the feed carries anything; the watch stores the reports it finds, and each alert they raise shows
in the live feed once, without a reload, and on the map as that report's incident."""
from __future__ import annotations

import time
from typing import Any

from watch_articles import ERBIL_FIRST, ERBIL_LATER, article_html, rss, rss_item

from estimative.store import Store
from estimative.store.watch import alerts_after
from estimative.watch.runner import serve_watch
from estimative.web import alerts
from estimative.web.app import create_app


def test_watched_reports_raise_alerts_that_show_once_in_the_live_feed(site: Any, tmp_path: Any, serve: Any,
                                                                      guarded_page: Any) -> None:
    store = Store(tmp_path / "live.duckdb")
    app = create_app(store=store, token="t")
    # Erbil International Airport (36.24 N, 43.96 E), 50 km around it; the name is shown as text
    alerts.create(store, alerts.validate("<i>Erbil</i> airport", 36.24, 43.96, 50))
    for story in (ERBIL_FIRST, ERBIL_LATER):
        site.put(f"/news/{story.slug}.html", "text/html", article_html(story))
    site.put("/feed.xml", "application/rss+xml", rss("Northern Wire", []))
    with serve(app) as server, guarded_page(server.url) as page:
        page.goto(server.url + "/watchlists")
        feed = page.locator("#live-feed li")
        assert feed.count() == 0
        # the two reports of one event (the later one revises the counts): one incident, two revisions
        site.put("/feed.xml", "application/rss+xml",
                 rss("Northern Wire", [rss_item(site.base, ERBIL_FIRST), rss_item(site.base, ERBIL_LATER)]))
        watching = serve_watch(app.state.workbench, [f"{site.base}/feed.xml"], interval=3600)
        try:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and store.stats()["reports"] < 2:
                time.sleep(0.3)
        finally:
            watching.stop(timeout=120)
        raised = alerts_after(store, 0)
        assert store.stats()["reports"] == 2 and raised
        assert len({a.event_id for a in raised}) == 1  # one incident, merged across the two outlets
        feed.nth(len(raised) - 1).wait_for(timeout=20_000)
        page.wait_for_timeout(7_000)  # two more polls: nothing shows twice
        assert sorted(int(feed.nth(i).get_attribute("data-seq")) for i in range(feed.count())) == \
            [a.seq for a in raised]
        assert "<i>Erbil</i> airport" in feed.first.inner_text() and page.locator("#live-feed i").count() == 0
        feed.first.locator("a").click()
        page.wait_for_url(f"{server.url}/incidents/report*")
    store.close()
