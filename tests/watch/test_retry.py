"""A page that times out is logged and left for the next pass, which stores it."""
from __future__ import annotations

import logging

from watch_articles import BAGHDAD_IED, article_html, rss, rss_item

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
