"""`estimative watch FEED --once --db X` against a local server: N good items store N reports,
reports of one event merge into one incident, two events at one place and day stay apart, a
second pass adds nothing, and a 404 item and a non-HTML item are skipped and logged."""
from __future__ import annotations

import json
import logging

from typer.testing import CliRunner
from watch_articles import (
    BAGHDAD_IED,
    BAGHDAD_ROCKETS,
    ERBIL_FIRST,
    ERBIL_LATER,
    STORIES,
    article_html,
    rss,
    rss_item,
)

from estimative.cli import app
from estimative.store import Store
from estimative.store.watch import items
from estimative.watch.merge import incident_summary


def _serve_feed(site) -> str:
    for s in STORIES:
        site.put(f"/news/{s.slug}.html", "text/html; charset=utf-8", article_html(s))
    site.put("/news/brief.pdf", "application/pdf", b"%PDF-1.4 not an article")
    extra = [rss_item(site.base, ERBIL_FIRST, guid="missing", link=f"{site.base}/news/gone.html"),
             rss_item(site.base, ERBIL_FIRST, guid="pdf", link=f"{site.base}/news/brief.pdf"),
             rss_item(site.base, ERBIL_FIRST)]  # the first item again: a duplicate
    site.put("/feed.xml", "application/rss+xml", rss("Aggregated wire", [rss_item(site.base, s) for s in STORIES] + extra))
    return f"{site.base}/feed.xml"


def _stats(db) -> dict:
    out = CliRunner().invoke(app, ["stats", "--db", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def _watch(db, *feeds: str) -> dict:
    out = CliRunner().invoke(app, ["watch", *feeds, "--once", "--db", str(db), "--delay", "0", "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def _report_incidents(store: Store) -> dict[str, dict]:
    ids = [r[0] for r in store.cursor().execute(
        "SELECT event_id FROM events WHERE source = 'report' AND superseded_at IS NULL").fetchall()]
    return {i: incident_summary(store, i) for i in ids}


def test_watch_once_stores_merges_and_resumes(site, tmp_path, caplog):
    db = tmp_path / "w.duckdb"
    feed = _serve_feed(site)
    with caplog.at_level(logging.INFO, logger="estimative.watch"):
        summary = _watch(db, feed)
    assert summary["stored"] == len(STORIES)
    assert summary["duplicates"] == 1
    logged = caplog.text
    assert "HTTP 404" in logged and "gone.html" in logged
    assert "not an HTML page (application/pdf)" in logged
    stats = _stats(db)
    assert stats["reports"] == len(STORIES)
    with Store(db) as store:
        incidents = _report_incidents(store)
        by_status = {it.item_key: it.status for it in items(store)}
        provenance = {it.url: it for it in items(store, "stored")}
    assert by_status["missing"] == "skipped" and by_status["pdf"] == "skipped"
    assert provenance[f"{site.base}/news/{ERBIL_LATER.slug}.html"].outlet == ERBIL_LATER.outlet
    # the two Erbil reports are one incident, corroborated by two outlets; the Baghdad bomb and
    # rockets of one day are two
    assert stats["incidents"] == len(incidents) == 3
    erbil = [x for x in incidents.values() if x["date"] == "2021-02-15"]
    baghdad = [x for x in incidents.values() if x["date"] == "2020-09-15"]
    assert len(erbil) == 1 and len(baghdad) == 2
    assert all(len(x["sources"]) == 1 for x in baghdad)
    e = erbil[0]
    assert e["corroboration"] == 2
    assert {s["outlet"] for s in e["sources"]} == {ERBIL_FIRST.outlet, ERBIL_LATER.outlet}
    joined = [s for s in e["sources"] if s["probability"] is not None]
    assert len(joined) == 1 and joined[0]["probability"] > 0.5 and joined[0]["reasons"]
    # casualty counts follow the latest report, and each report's own counts are kept
    latest = max(e["sources"], key=lambda s: s["published"])
    assert latest["outlet"] == ERBIL_LATER.outlet
    assert (e["fatalities"], e["injuries"]) == (latest["fatalities"], latest["injuries"])
    assert len({s["injuries"] for s in e["sources"]}) == 2  # six first, nine later: both kept
    assert len(e["revisions"]) >= 2

    # a second pass (a new process on the same store) adds nothing; the feed is asked conditionally
    again = _watch(db, feed)
    assert again["stored"] == 0 and again["items"] == 0
    assert site.requests[-1] == ("/feed.xml", 304)
    # the feed changes (new bytes, same items): every item is known, none is fetched again
    ctype, body = site.pages["/feed.xml"]
    site.put("/feed.xml", ctype, body.replace(b"Aggregated wire", b"Aggregated wire (updated)"))
    served = len(site.requests)
    third = _watch(db, feed)
    assert third["stored"] == 0 and third["already_seen"] == len(STORIES) + 2  # + the 404 and the PDF
    assert site.requests[served:] == [("/feed.xml", 200)]
    assert _stats(db)["reports"] == len(STORIES)
    assert _stats(db)["incidents"] == 3


def test_bad_feeds_are_logged_not_fatal(site, tmp_path, caplog):
    site.put("/news/baghdad-ied.html", "text/html", article_html(BAGHDAD_IED))
    site.put("/good.xml", "application/rss+xml", rss("Northern Wire", [rss_item(site.base, BAGHDAD_IED)]))
    site.put("/broken.xml", "application/rss+xml", "this is not a feed <<<")
    with caplog.at_level(logging.WARNING, logger="estimative.watch"):
        summary = _watch(tmp_path / "b.duckdb", f"{site.base}/missing.xml", f"{site.base}/broken.xml",
                         f"{site.base}/good.xml")
    assert summary["stored"] == 1
    assert any("missing.xml" in s for s in summary["skipped"])
    assert any("broken.xml" in s for s in summary["skipped"])
    assert "feed skipped" in caplog.text


def test_atom_feed_and_repeated_text(site, tmp_path):
    """An Atom feed is read like RSS; the same article under a second URL is one report."""
    site.put("/news/rockets.html", "text/html", article_html(BAGHDAD_ROCKETS))
    site.put("/news/rockets-copy.html", "text/html", article_html(BAGHDAD_ROCKETS))
    entries = "".join(
        f"<entry><title>{BAGHDAD_ROCKETS.title}</title><id>urn:test:{n}</id>"
        f"<link href='{site.base}/news/{n}.html'/><updated>2020-09-15T14:00:00Z</updated></entry>"
        for n in ("rockets", "rockets-copy"))
    site.put("/atom.xml", "application/atom+xml",
             "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
             f"<title>Gulf Daily</title><id>urn:test:feed</id><updated>2020-09-15T14:00:00Z</updated>{entries}</feed>")
    summary = _watch(tmp_path / "a.duckdb", f"{site.base}/atom.xml")
    assert summary["items"] == 2 and summary["stored"] == 1 and summary["duplicates"] == 1
    with Store(tmp_path / "a.duckdb") as store:
        stored = items(store, "stored")
    assert len(stored) == 1 and stored[0].outlet == "Gulf Daily"
    assert stored[0].published is not None and stored[0].published.date().isoformat() == "2020-09-15"
