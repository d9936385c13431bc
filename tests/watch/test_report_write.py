"""The watch's write of one report (store.watch.write_watched_report): the report row, its
incidents' source rows and its events in one transaction, as Store.ingest would store the events.

The incident: the rocket attack on Erbil airport, 15 February 2021 (one contractor killed, six
then nine wounded; sources in watch_articles.py)."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime

import duckdb
import pytest

from estimative.model import Count, Event
from estimative.store.database import Store
from estimative.store.watch import IncidentSource, ReportRow, incident_sources, write_watched_report


def _erbil(report_id: str, injured: int) -> Event:
    return Event(source="report", source_id=f"{report_id}#0", date_start=date(2021, 2, 15), country="IRQ",
                 location="Erbil", lat=36.24, lon=43.96, event_type="Explosions/Remote violence",
                 sub_event_type="Shelling/artillery/missile attack", fatalities=Count.exact(1),
                 injuries=Count.exact(injured), known_from=datetime(2021, 2, 16, 6))


def _report(report_id: str) -> ReportRow:
    return ReportRow(report_id, datetime(2021, 2, 16, 7), "Rockets hit Erbil airport", "2021-02-16",
                     f"text of {report_id}", "{}")


def _source(incident_id: str, report_id: str, injured: int) -> IncidentSource:
    return IncidentSource(incident_id, report_id, 0, "Northern Wire", "http://127.0.0.1/erbil", None,
                          datetime(2021, 2, 16, 7), None, "opened the incident", 1, injured)


def _counts(store: Store) -> tuple[int, ...]:
    return tuple(store.one(f"SELECT count(*) FROM {t}")[0]
                 for t in ("reports", "events", "incident_sources", "ingest_runs", "coverage"))


def test_report_sources_and_events_commit_together_once(tmp_path):
    with Store(tmp_path / "w.duckdb") as store:
        ev = _erbil("rpt-a", 6)
        run = write_watched_report(store, _report("rpt-a"), [ev], [_source(ev.id, "rpt-a", 6)])
        assert run is not None and (run.added, run.revised, run.unchanged) == (1, 0, 0)
        assert _counts(store) == (1, 1, 1, 1, 1)
        assert store.get(ev.id).injuries.best == 6
        # the same report again (a re-run): nothing is written
        assert write_watched_report(store, _report("rpt-a"), [ev], [_source(ev.id, "rpt-a", 6)]) is None
        assert _counts(store) == (1, 1, 1, 1, 1)


def test_a_later_report_revises_the_incident_and_keeps_its_history(tmp_path):
    with Store(tmp_path / "w.duckdb") as store:
        ev = _erbil("rpt-a", 6)
        write_watched_report(store, _report("rpt-a"), [ev], [_source(ev.id, "rpt-a", 6)])
        later = dataclasses.replace(ev, injuries=Count.exact(9), sources=["Gulf Daily", "Northern Wire"],
                                    known_from=datetime(2021, 2, 17, 9))
        run = write_watched_report(store, _report("rpt-b"), [later], [_source(ev.id, "rpt-b", 9)])
        assert run is not None and (run.added, run.revised) == (0, 1)
        assert store.get(ev.id).injuries.best == 9
        assert [r for r, _, _ in store.revisions(ev.id)] == [1, 2]
        assert store.get(ev.id, as_of=datetime(2021, 2, 16, 12)).injuries.best == 6
        assert [s.report_id for s in incident_sources(store, ev.id)] == ["rpt-a", "rpt-b"]
        assert store.one("SELECT sum(events) FROM coverage")[0] == 1  # one current event
        # the same content once more: no revision
        run = write_watched_report(store, _report("rpt-c"), [later], [])
        assert run is not None and run.unchanged == 1 and len(store.revisions(ev.id)) == 2


def test_a_failed_write_leaves_nothing(tmp_path):
    with Store(tmp_path / "w.duckdb") as store:
        ev = _erbil("rpt-a", 6)
        twice = [_source(ev.id, "rpt-a", 6)] * 2  # one (report, index) key twice: the insert fails
        with pytest.raises(duckdb.ConstraintException):
            write_watched_report(store, _report("rpt-a"), [ev], twice)
        assert _counts(store) == (0, 0, 0, 0, 0)
        assert write_watched_report(store, _report("rpt-a"), [ev], twice[:1]) is not None
        assert _counts(store) == (1, 1, 1, 1, 1)


def test_the_table_of_who_struck_whom_follows_the_watched_writes(tmp_path):
    """The response model reads store.dyads' table, not the events: a report's events and their
    revisions, written by the watch, must reach it as they reach the events."""
    from estimative.model import ActorRef, Target
    from estimative.store import dyads

    with Store(tmp_path / "w.duckdb") as store:
        ev = dataclasses.replace(_erbil("rpt-a", 6), perpetrators=[ActorRef(name="Saraya Awliya al-Dam",
                                                                             id="saraya_awliya_al_dam")],
                                 targets=[Target(type="military", affiliations=["usa"])])
        write_watched_report(store, _report("rpt-a"), [ev], [_source(ev.id, "rpt-a", 6)])
        later = dataclasses.replace(ev, injuries=Count.exact(9), known_from=datetime(2021, 2, 17, 9))
        write_watched_report(store, _report("rpt-b"), [later], [_source(ev.id, "rpt-b", 9)])
        kept = store.con.execute("SELECT * FROM event_actors ORDER BY ALL").fetchall()
        recount = store.con.execute(f"SELECT * FROM ({dyads.FILL.removeprefix('INSERT INTO event_actors ')}) "
                                    "ORDER BY ALL").fetchall()
        assert len(kept) == 4 and kept == recount  # two revisions, each 'by' the group and 'on' the US


def test_a_revision_dated_ahead_of_the_clock_is_still_what_the_next_report_meets(tmp_path):
    """Two reports of one incident stored within one second: the second revision is dated a
    second after the first (revisions never share a time), so the next report, read as of the
    clock, would meet the older counts. report_view_time reads far enough ahead to see it."""
    from estimative.store.watch import report_view_time

    now = datetime(2021, 2, 17, 9)
    with Store(tmp_path / "w.duckdb") as store:
        ev = dataclasses.replace(_erbil("rpt-a", 6), known_from=now)
        write_watched_report(store, _report("rpt-a"), [ev], [_source(ev.id, "rpt-a", 6)])
        later = dataclasses.replace(ev, injuries=Count.exact(9), known_from=now)
        write_watched_report(store, _report("rpt-b"), [later], [_source(ev.id, "rpt-b", 9)])
        assert store.get(ev.id, as_of=now).injuries.best == 6  # the clock's view: the older counts
        view = report_view_time(store, now)
        assert view > now and store.get(ev.id, as_of=view).injuries.best == 9
        assert report_view_time(store, view) == view  # nothing dated after it
