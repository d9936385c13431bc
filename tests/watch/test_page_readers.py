"""Pages read in worker processes (`watch.pages.PageReaders`, a large pass) give the same stored
reports, assessments, incidents and merges as pages read in the watch's own process; a report
refused there (not English) is refused the same way.

The articles: watch_articles.py (Erbil airport, 15 February 2021; Baghdad, 15 September 2020),
and our own French sentences on the Erbil attack (same sources)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from watch_articles import STORIES, Story, article_html, rss, rss_item

import estimative.assess.api as api
import estimative.watch.pages as pages
import estimative.watch.runner as runner
from estimative.store.seed import open_store
from estimative.watch.merge import incident_summary
from estimative.watch.runner import Watcher

# https://www.upi.com/Top_News/World-News/2021/02/15/One-contractor-dead-six-others-injured-in-Iraq-rocket-attack/8041613436145/
ERBIL_FRENCH = Story(
    "erbil-fr", "Courrier du Nord", "Des roquettes frappent la base de la coalition a Erbil",
    "Tue, 16 Feb 2021 08:00:00 GMT",
    "Des roquettes ont frappe la base de la coalition a l'aeroport international d'Erbil, dans le nord de "
    "l'Irak, le 15 fevrier 2021. Un sous-traitant civil est mort et six personnes ont ete blessees, selon "
    "les responsables, qui n'ont pas dit qui avait tire.")


def _feed(site: Any) -> str:
    stories = (*STORIES, ERBIL_FRENCH)
    for s in stories:
        site.put(f"/news/{s.slug}.html", "text/html; charset=utf-8", article_html(s))
    site.put("/feed.xml", "application/rss+xml", rss("Wire", [rss_item(site.base, s) for s in stories]))
    return f"{site.base}/feed.xml"


def _without_times(assessment: str) -> dict[str, Any]:
    a = json.loads(assessment)
    a["report"]["provenance"].pop("fetched")
    return a


def _watch(db: Path, feed: str) -> tuple[runner.PassSummary, dict[str, Any], dict[str, Any]]:
    with open_store(db) as store:
        watcher = Watcher(store, [feed], delay=0)
        summary = watcher.run_once()
        watcher.close()
        reports = {rid: (title, published, _without_times(a)) for rid, title, published, a in store.cursor().execute(
            "SELECT report_id, title, published, assessment FROM reports").fetchall()}
        ids = [r[0] for r in store.cursor().execute(
            "SELECT event_id FROM events WHERE source = 'report' AND superseded_at IS NULL").fetchall()]
        incidents = {}
        for i in ids:
            s = incident_summary(store, i)
            incidents[i] = {k: v for k, v in s.items() if k not in ("first_seen", "last_seen", "revisions")}
            incidents[i]["revisions"] = len(s["revisions"])
    return summary, reports, incidents


def _count_readings(monkeypatch) -> list[str]:
    """The reports read (extracted) in this process from now on."""
    made: list[str] = []
    real = api.read_report

    def counted(text: str, *args: Any) -> api.Reading:
        made.append(text)
        return real(text, *args)

    monkeypatch.setattr(api, "read_report", counted)
    return made


@pytest.mark.parametrize("while_starting", [False, True], ids=["workers only", "here while they start"])
def test_readers_store_what_the_watch_process_stores(site, tmp_path, monkeypatch, while_starting):
    feed = _feed(site)
    monkeypatch.setattr(runner, "READERS_FROM", 10**9)
    alone, reports_alone, incidents_alone = _watch(tmp_path / "alone.duckdb", feed)
    monkeypatch.setattr(runner, "READERS_FROM", 1)
    monkeypatch.setattr(pages, "READ_HERE_WHILE_STARTING", while_starting)
    made_here = _count_readings(monkeypatch)
    workers, reports_workers, incidents_workers = _watch(tmp_path / "workers.duckdb", feed)
    if not while_starting:
        assert made_here == []  # every report was read in a worker process
    assert alone.stored == workers.stored == len(STORIES)
    assert alone.skipped == workers.skipped
    assert len(workers.skipped) == 1 and "English" in workers.skipped[0]
    assert reports_workers == reports_alone
    assert incidents_workers == incidents_alone
    assert (alone.opened, alone.merged) == (workers.opened, workers.merged) == (3, 1)


def test_a_reading_under_other_places_is_made_again(site, tmp_path, monkeypatch):
    """A page read under places the store no longer has is read again by the assessment."""
    feed = _feed(site)
    real = pages.store_places
    monkeypatch.setattr(pages, "store_places", lambda store: (("another version",), real(store)[1]))
    monkeypatch.setattr(runner, "READERS_FROM", 1)
    monkeypatch.setattr(pages, "READ_HERE_WHILE_STARTING", False)
    made_here = _count_readings(monkeypatch)
    _, reports_stale, _ = _watch(tmp_path / "stale.duckdb", feed)
    assert len(made_here) == len(STORIES)
    monkeypatch.setattr(runner, "READERS_FROM", 10**9)
    _, reports_alone, _ = _watch(tmp_path / "alone.duckdb", feed)
    assert reports_stale == reports_alone


@pytest.fixture(autouse=True)
def _quiet(caplog):
    caplog.set_level("WARNING", logger="estimative.watch")
