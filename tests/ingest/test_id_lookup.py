"""Events are found by id through their lookup key (`schema.id_key`, migration 9), not through an
ART index: DuckDB holds an ART whole in memory for any large write (about 48 bytes an id), which a
file of 21.6 M rows could not fit under the ingest's memory limit (#22). Checked on the real RAND,
SIGACTS and UCDP files ingested twice (the session's `ingested` store)."""
from __future__ import annotations

from pathlib import Path

import duckdb

from estimative.store import EventFilter, Store
from estimative.store.schema import MIGRATIONS, id_key


def test_the_events_table_has_no_index_held_in_memory(ingested) -> None:
    with ingested.store() as store:
        assert store.one("SELECT count(*) FROM duckdb_indexes() WHERE table_name = 'events'")[0] == 0


def test_every_stored_row_has_the_key_python_computes_for_its_id(ingested) -> None:
    with ingested.store() as store:
        rows = store.cursor().execute("SELECT event_id, id_key FROM events USING SAMPLE 3000 ROWS").fetchall()
        assert len(rows) == 3000
        assert all(key == id_key(eid) for eid, key in rows)
        assert store.one("SELECT count(*) FROM events WHERE id_key IS NULL")[0] == 0


def test_lookups_by_id_find_exactly_the_events_asked_for(ingested) -> None:
    with ingested.store() as store:
        ids = [r[0] for r in store.cursor().execute(
            "SELECT event_id FROM events WHERE source = ? ORDER BY event_id LIMIT 20", ["sigacts"]).fetchall()]
        ids += [r[0] for r in store.cursor().execute(
            "SELECT event_id FROM events WHERE source <> ? ORDER BY event_id DESC LIMIT 20", ["sigacts"]).fetchall()]
        for eid in ids[::7]:  # one id, and a few (`POINT_IDS`), by key; a longer list by the ids
            found = store.get(eid)
            assert found is not None and found.id == eid
            assert len(store.revisions(eid)) == 1
        asked = [*ids, ids[0], "sigacts:000000000000"]  # a repeated id and one that is not stored
        assert sorted(e.id for e in store.events(flt=EventFilter(ids=asked))) == sorted(ids)
        few = [ids[3], ids[25], ids[3], "rand:000000000000"]
        assert sorted(e.id for e in store.events(flt=EventFilter(ids=few))) == sorted({ids[3], ids[25]})
        assert store.count(flt=EventFilter(ids=asked, source="sigacts")) == 20
        assert store.get("sigacts:000000000000") is None


def _store_before_the_key(db: Path, ids: list[str]) -> None:
    """A store with the schema as it was before migration 9, holding `ids`."""
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_version (version INTEGER)")
    for version, ddl in enumerate(MIGRATIONS[:8], start=1):  # the schema as it was before migration 9
        for stmt in filter(str.strip, ddl.split(";")):
            con.execute(stmt)
        con.execute("INSERT INTO schema_version VALUES (?)", [version])
    con.executemany("INSERT INTO events (event_id, revision, source, source_id, run_id) VALUES (?, 1, 'rand', ?, 1)",
                    [[eid, str(n)] for n, eid in enumerate(ids)])
    con.close()


def test_a_store_made_before_the_key_is_migrated_with_every_row(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    ids = [f"rand:{n:012x}" for n in range(50)]
    _store_before_the_key(db, ids)
    with Store(db) as store:
        assert store.one("SELECT count(*) FROM duckdb_indexes() WHERE table_name = 'events'")[0] == 0
        rows = store.cursor().execute("SELECT event_id, id_key FROM events ORDER BY rowid").fetchall()
        assert rows == [(eid, id_key(eid)) for eid in ids]  # every row, in its order, with its key
        assert store.revisions(ids[7]) and store.revisions(ids[7])[0][0] == 1


def test_a_store_made_before_the_key_and_opened_read_only_is_brought_up_to_date(tmp_path: Path) -> None:
    # a server opens its store read-only: an older store's lookups by id named a column it lacked
    db = tmp_path / "old.duckdb"
    ids = [f"rand:{n:012x}" for n in range(20)]
    _store_before_the_key(db, ids)
    with Store(db, read_only=True) as store:
        assert len(store.revisions(ids[9])) == 1  # the rows hold no record: looked up, not read
        assert store.count(flt=EventFilter(ids=[ids[4], ids[5], "rand:ffffffffffff"])) == 2
        assert store.one("SELECT count(*) FROM events WHERE id_key IS NULL")[0] == 0
