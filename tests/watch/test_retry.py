"""A page that times out is logged and left for the next pass, which stores it; pages fetched
ahead of the assessment keep the politeness delay."""
from __future__ import annotations

import logging

from watch_articles import BAGHDAD_IED, ERBIL_FIRST, ERBIL_LATER, article_html, rss, rss_item

from estimative.store import Store
from estimative.store.watch import items
from estimative.watch.runner import Watcher


def test_timeout_is_retried_next_pass(site, tmp_path, caplog):
    path = f"/news/{BAGHDAD_IED.slug}.html"
    site.put(path, "text/html", article_html(BAGHDAD_IED))
    site.put("/feed.xml", "application/rss+xml", rss("Northern Wire", [rss_item(site.base, BAGHDAD_IED)]))
    site.slow_once.add(path)
    with Store(tmp_path / "r.duckdb") as store:
        watcher = Watcher(store, [f"{site.base}/feed.xml"], delay=0, timeout=0.5)
        try:
            with caplog.at_level(logging.WARNING, logger="estimative.watch"):
                first = watcher.run_once()
            assert first.stored == 0 and "timed out" in caplog.text
            assert [it.status for it in items(store)] == ["retry"]
            # the feed is unchanged (304), so the retry comes from the store's record of the item
            second = watcher.run_once()
        finally:
            watcher.close()
        assert second.stored == 1
        assert [it.status for it in items(store)] == ["stored"]
        assert store.stats()["reports"] == 1


def test_pages_fetched_ahead_of_the_assessment_keep_the_politeness_delay(site, tmp_path):
    """Pages are fetched on a thread of their own while the watch assesses; one host still gets
    one request at a time, `delay` seconds apart (the feed's request included)."""
    stories = (ERBIL_FIRST, ERBIL_LATER, BAGHDAD_IED)
    for story in stories:
        site.put(f"/news/{story.slug}.html", "text/html", article_html(story))
    site.put("/feed.xml", "application/rss+xml", rss("Wire", [rss_item(site.base, s) for s in stories]))
    with Store(tmp_path / "polite.duckdb") as store:
        watcher = Watcher(store, [f"{site.base}/feed.xml"], delay=0.4)
        summary = watcher.run_once()
        watcher.close()
        assert summary.stored == 3 and [p for p, _ in site.requests][0] == "/feed.xml"
    gaps = [b - a for a, b in zip(site.arrivals, site.arrivals[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= 0.38, gaps
