"""The store's table of who struck whom (store/dyads.py) answers as a scan of the events would:
after an ingest, after a revision supersedes a strike, as of a time before that revision, and on
a store made before the table existed, or set back to before it (the migration fills it afresh)."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

from estimative.analysis import response as R
from estimative.knowledge import curated_events
from estimative.store import Store, dyads
from estimative.store.schema import MIGRATIONS, migrate

DYADS_VERSION = MIGRATIONS.index(dyads.MIGRATION) + 1  # the migration that fills event_actors

TAJI = "cur-2020-03-11-taji-rockets"
WINDOW = (date(2018, 3, 12), date(2020, 3, 11))  # the Taji forecast's two years


def _scan(store: Store, by: list[str], on: list[str], as_of: datetime | None) -> list[tuple[str, object, object]]:
    """The same question asked of the events table itself."""
    clause, params = store.as_of_clause(as_of)
    marks = ", ".join("?" * len(by))
    sql = (f"SELECT event_id, known_from, date_start FROM events WHERE date_start BETWEEN ? AND ? "
           f"AND {clause} AND (perpetrator_id IN ({marks}) "
           f"OR claimant_id IN ({marks}) OR list_has_any(target_affiliations, ?::VARCHAR[])) "
           "ORDER BY date_start, event_id")
    return [tuple(r) for r in store.cursor().execute(sql, [*WINDOW, *params, *by, *by, on]).fetchall()]


def _sides() -> tuple[list[str], list[str]]:
    event = next(e for e in curated_events() if e.source_id == TAJI)
    sides = R.Sides.of(R.responder_of(event) or "", "kataib_hizballah")
    by = sorted(set(R.side_codes(sides.responder_families)[0]) | set(R.side_codes(sides.other_families)[0]))
    return by, R.side_codes(sides.responder_families)[1]


def _index(store: Store, by: list[str], on: list[str], as_of: datetime | None) -> list[tuple[str, object, object]]:
    clause, params = store.as_of_clause(as_of)
    return [tuple(r) for r in dyads.candidates(store.cursor(), by, on, *WINDOW, clause, params)]


def test_the_dyad_index_answers_as_the_events_do_through_ingest_and_revision(tmp_path) -> None:
    by, on = _sides()
    events = curated_events()
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(events, source="curated")
        first = _index(store, by, on, None)
        assert len(first) > 20 and first == _scan(store, by, on, None)
        before = datetime.now() - timedelta(seconds=2)  # revisions are stamped to the second
        # a revision of the Taji strike: the stored one is superseded, the new one current
        taji = next(e for e in events if e.source_id == TAJI)
        revised = [dataclasses.replace(taji, notes=(taji.notes or "") + " Revised.")]
        store.ingest(revised, source="curated")
        now = _index(store, by, on, None)
        assert now == _scan(store, by, on, None) and now != first
        assert _index(store, by, on, before) == _scan(store, by, on, before) == first


def test_a_store_made_before_the_table_gets_it_filled(tmp_path) -> None:
    by, on = _sides()
    with Store(tmp_path / "old.duckdb") as store:
        store.ingest(curated_events(), source="curated")
        con = store.con
        con.execute("DROP TABLE event_actors")
        con.execute("DELETE FROM schema_version WHERE version = ?", [DYADS_VERSION])
        assert migrate(con) == len(MIGRATIONS)
        assert _index(store, by, on, None) == _scan(store, by, on, None)
        rows = con.execute("SELECT count(*) FROM event_actors").fetchone()
        con.execute("DELETE FROM schema_version WHERE version = ?", [DYADS_VERSION])  # set back, table kept
        migrate(con)
        assert con.execute("SELECT count(*) FROM event_actors").fetchone() == rows


def test_the_bulk_ingest_keeps_the_table_as_a_recount_would(data_dir, tmp_path, monkeypatch) -> None:
    """A real ACLED file through the bulk (SQL) path, twice (the second run changes nothing):
    the table holds exactly what counting it afresh from the events gives."""
    import estimative.sources as sources
    from estimative.sources import ingest_path

    used: list[bool] = []
    real = sources.ingest_bulk

    def spy(*args: object, **kwargs: object) -> object:
        report = real(*args, **kwargs)  # type: ignore[arg-type]
        used.append(report is not None)
        return report

    monkeypatch.setattr(sources, "ingest_bulk", spy)
    path = data_dir / "acled_afghanistan_2020_03/acled_afghanistan_2020-03-01_2020-03-21.csv"
    with Store(tmp_path / "bulk.duckdb") as store:
        for _ in range(2):
            ingest_path(store, path, "acled", progress=False)
        kept = store.con.execute("SELECT * FROM event_actors ORDER BY ALL").fetchall()
        recount = store.con.execute(f"SELECT * FROM ({dyads.FILL.removeprefix('INSERT INTO event_actors ')}) "
                                    "ORDER BY ALL").fetchall()
    assert any(used) and len(kept) > 100 and kept == recount
