"""Coverage as data: the `coverage` table (events per source x country x admin-1 x month) always
equals a recount of the current events — after real ingests, a re-ingest, revisions that move an
event to another month or province, a rolled-back ingest, and the migration of a store made
before the table existed — and `estimative coverage` / `stats` print it."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from estimative.cli import app
from estimative.model import Event
from estimative.sources import ingest_path
from estimative.store import Store

UCDP = "ucdp_ged_syria/ucdp_ged191_syria_2016_2019.csv"
Cells = dict[tuple[str, str | None, str | None, str], int]


def _recount(con: duckdb.DuckDBPyConnection) -> Cells:
    """The cells counted afresh from the events, by a query of the test's own."""
    rows = con.execute("SELECT source, country, admin1, strftime(date_start, '%Y-%m'), count(*) FROM events "
                       "WHERE superseded_at IS NULL GROUP BY ALL").fetchall()
    return {(s, c, a, m): n for s, c, a, m, n in rows}


def _kept(store: Store) -> Cells:
    out: Cells = {}
    for e in store.coverage()["countries"]:
        for m in e["months"]:
            out.setdefault((m["source"], e["country"], m["month"]), 0)
            out[(m["source"], e["country"], m["month"])] += m["events"]
    return out


def _by_month(cells: Cells) -> dict[tuple[str, str | None, str], int]:
    out: dict[tuple[str, str | None, str], int] = {}
    for (s, c, _a, m), n in cells.items():
        out[(s, c, m)] = out.get((s, c, m), 0) + n
    return out


def _cells_table(con: duckdb.DuckDBPyConnection) -> Cells:
    rows = con.execute("SELECT source, country, admin1, strftime(month, '%Y-%m'), events FROM coverage").fetchall()
    return {(s, c or None, a or None, m): n for s, c, a, m, n in rows}


def test_the_table_equals_a_recount_after_real_ingests(ingested: Any) -> None:
    """RAND, SIGACTS and UCDP GED, each ingested twice (the second adds nothing)."""
    with ingested.store() as store:
        recount = _recount(store.con)
        assert _cells_table(store.con) == recount
        assert _kept(store) == _by_month(recount)
        summary = store.coverage()
        assert summary["events"] == store.count() == sum(recount.values())
        assert {"IRQ", "SYR"} <= {c["country"] for c in summary["countries"]}
        syria = store.coverage("SYR")
        assert [c["country"] for c in syria["countries"]] == ["SYR"]
        assert syria["countries"][0]["sources"]["ucdp"] == sum(n for (s, c, _, _), n in recount.items()
                                                               if s == "ucdp" and c == "SYR")
        assert sum(syria["countries"][0]["admin1"].values()) <= syria["countries"][0]["events"]


def _ucdp_rows(data_dir: Path, n: int) -> tuple[list[str], list[dict[str, str]]]:
    with (data_dir / UCDP).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = [r for _, r in zip(range(n), reader, strict=False)]
        return list(reader.fieldnames or []), rows


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    return path


def test_revised_rows_move_their_counts(data_dir: Path, tmp_path: Path) -> None:
    """Real UCDP rows, ingested, then a second version of the file in which three rows changed
    province and two changed month: the revisions leave their old cells and join the new ones."""
    fields, rows = _ucdp_rows(data_dir, 300)
    with Store(tmp_path / "rev.duckdb") as store:
        ingest_path(store, _write(tmp_path / "v1.csv", fields, rows), "ucdp", progress=False)
        before = _cells_table(store.con)
        assert before == _recount(store.con)
        changed = [dict(r) for r in rows]
        for r in changed[:3]:
            r["adm_1"] = "Test governorate"
        for r in changed[3:5]:
            r["date_start"] = r["date_end"] = "2019-12-31"
        report = ingest_path(store, _write(tmp_path / "v2.csv", fields, changed), "ucdp", progress=False)
        assert report.revised == 5
        after = _cells_table(store.con)
        assert after == _recount(store.con)
        assert sum(after.values()) == sum(before.values()) == len(rows)
        assert sum(n for (_, _, a, _), n in after.items() if a == "Test governorate") == 3
        moved_from = {r["date_start"][:7] for r in rows[3:5]}
        assert "2019-12" not in moved_from

        def in_month(cells: Cells, month: str) -> int:
            return sum(n for (_, _, _, m), n in cells.items() if m == month)

        assert in_month(after, "2019-12") == in_month(before, "2019-12") + 2
        assert sum(in_month(after, m) for m in moved_from) == sum(in_month(before, m) for m in moved_from) - 2


def test_a_failed_ingest_leaves_the_table_as_it_was(data_dir: Path, tmp_path: Path) -> None:
    """The table is written inside the ingest's transaction: an error mid-file rolls it back too."""
    fields, rows = _ucdp_rows(data_dir, 200)
    with Store(tmp_path / "other.duckdb") as other:
        ingest_path(other, _write(tmp_path / "b.csv", fields, rows[100:]), "ucdp", progress=False)
        later = other.events()
    with Store(tmp_path / "fail.duckdb") as store:
        ingest_path(store, _write(tmp_path / "a.csv", fields, rows[:100]), "ucdp", progress=False)
        before = _cells_table(store.con)

        def events() -> Iterator[Event]:
            yield from later
            raise OSError("the disk is full")

        with pytest.raises(OSError, match="disk is full"):
            store.ingest(events(), source="ucdp")
        assert _cells_table(store.con) == before == _recount(store.con)


def test_the_migration_fills_the_table_of_an_older_store(data_dir: Path, tmp_path: Path) -> None:
    """A store made before migration 5 (no coverage table) gets it, filled, when next opened."""
    fields, rows = _ucdp_rows(data_dir, 400)
    db = tmp_path / "old.duckdb"
    with Store(db) as store:
        ingest_path(store, _write(tmp_path / "u.csv", fields, rows), "ucdp", progress=False)
        store.con.execute("DROP TABLE coverage")
        store.con.execute("DELETE FROM schema_version WHERE version >= 5")
    with Store(db) as store:
        assert _cells_table(store.con) == _recount(store.con)
        assert store.coverage()["events"] == len(rows)


def test_cli_coverage_and_stats_print_the_same_content(ingested: Any) -> None:
    runner = CliRunner()
    every = runner.invoke(app, ["coverage", "--db", str(ingested.db), "--format", "json"])
    assert every.exit_code == 0, every.output
    doc = json.loads(every.stdout)
    assert set(doc) == {"events", "first_month", "last_month", "countries"}
    first = doc["countries"][0]
    assert set(first) == {"country", "events", "first_month", "last_month", "sources", "admin1", "months"}
    assert first["events"] == sum(m["events"] for m in first["months"]) == sum(first["sources"].values())
    stats = json.loads(runner.invoke(app, ["stats", "--db", str(ingested.db), "--format", "json"]).stdout)
    assert stats["coverage"] == doc
    iraq = json.loads(runner.invoke(app, ["coverage", "--country", "irq", "--db", str(ingested.db),
                                          "--format", "json"]).stdout)
    assert [c["country"] for c in iraq["countries"]] == ["IRQ"]
    assert iraq["countries"][0] == next(c for c in doc["countries"] if c["country"] == "IRQ")
    table = runner.invoke(app, ["coverage", "--country", "IRQ", "--db", str(ingested.db)])
    assert table.exit_code == 0 and "IRQ" in table.stdout and "sigacts" in table.stdout
    bad = runner.invoke(app, ["coverage", "--country", "Iraq", "--db", str(ingested.db)])
    assert bad.exit_code == 1 and "ISO 3166-1 alpha-3" in bad.output
