"""`ingest --engine spark` then `import`: the same events and quarantine as one machine's ingest."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from estimative.cli import app
from estimative.sources import ingest_path
from estimative.spark.ingest import MANIFEST, SparkIngestError, import_dir, ingest_spark
from estimative.store import Store

FIRST, LAST = 24_000, 26_000  # SIGACTS lines holding repeated page headers (quarantined rows)


@pytest.fixture(scope="module")
def sigacts_part(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The header and lines FIRST..LAST of the SIGACTS file, and line FIRST again (a duplicate row)."""
    lines = (data_dir / "sigacts_iraq" / "sigacts_iraq_2004_2007.csv").read_text(encoding="utf-8").splitlines()
    part = tmp_path_factory.mktemp("sigacts") / "sigacts_part.csv"
    part.write_text("\n".join([lines[0], *lines[FIRST - 1:LAST], lines[FIRST - 1]]) + "\n", encoding="utf-8")
    return part


@pytest.fixture(scope="module")
def mapped(spark: Any, sigacts_part: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("spark_ingest") / "out"
    ingest_spark(spark, sigacts_part, "sigacts", out)
    return out


def _rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    return store.con.execute(sql).fetchall()


def test_every_row_stored_or_quarantined(mapped: Path) -> None:
    manifest = json.loads((mapped / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["rows_read"] == LAST - FIRST + 2
    assert manifest["stored"] + manifest["quarantined"] == manifest["rows_read"]
    assert manifest["quarantined"] >= 2  # page headers and the duplicate
    assert not (mapped / "_raw").exists()
    assert sorted(p.name for p in (mapped / "events").iterdir() if p.is_dir()) == ["source=sigacts"]


def test_import_equals_ingest_and_adds_nothing_again(mapped: Path, sigacts_part: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "spark.duckdb") as via_spark, Store(tmp_path / "local.duckdb") as local:
        first = import_dir(via_spark, mapped)
        direct = ingest_path(local, sigacts_part, "sigacts", progress=False)
        assert (first.rows_read, first.added, first.quarantined) == (direct.rows_read, direct.added, direct.quarantined)
        events = "SELECT event_id, revision, content_hash, known_from, record FROM events ORDER BY event_id"
        assert _rows(via_spark, events) == _rows(local, events)
        assert _rows(via_spark, "SELECT * FROM coverage ORDER BY ALL") == _rows(local, "SELECT * FROM coverage ORDER BY ALL")
        quarantine = "SELECT line, reason FROM quarantine ORDER BY line"
        spark_q, local_q = _rows(via_spark, quarantine), _rows(local, quarantine)
        assert [q[0] for q in spark_q] == [q[0] for q in local_q]
        assert [q for q in spark_q if not q[1].startswith("duplicate source id")] == \
            [q for q in local_q if not q[1].startswith("duplicate source id")]
        again = import_dir(via_spark, mapped)
        assert (again.added, again.revised, again.unchanged) == (0, 0, first.added)
        assert _rows(via_spark, "SELECT count(*) FROM events")[0][0] == first.added
        assert _rows(via_spark, "SELECT count(*) FROM quarantine")[0][0] == first.quarantined


def test_a_changed_folder_imports_nothing(mapped: Path, tmp_path: Path) -> None:
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / MANIFEST).write_text((mapped / MANIFEST).read_text(encoding="utf-8"), encoding="utf-8")
    (changed / "events").symlink_to(mapped / "events")  # its quarantine is gone
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(SparkIngestError, match="it was changed after the ingest"):
            import_dir(store, changed)
        assert _rows(store, "SELECT count(*) FROM events")[0][0] == 0
    result = CliRunner().invoke(app, ["import", str(tmp_path), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 1 and "not a finished `ingest --engine spark` output" in result.stderr


def test_cli_refuses_an_existing_folder_and_a_missing_output(mapped: Path, sigacts_part: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(sigacts_part), "--source", "sigacts", "--engine", "spark",
                                      "--output", str(mapped), "--master", "local[1]"])
    assert result.exit_code == 1 and "exists: give a new folder" in result.stderr
    result = CliRunner().invoke(app, ["ingest", str(sigacts_part), "--source", "sigacts", "--engine", "spark"])
    assert result.exit_code == 1 and "give --output DIR" in result.stderr
    result = CliRunner().invoke(app, ["ingest", str(sigacts_part), "--source", "sigacts", "--output", "x"])
    assert result.exit_code == 1 and "are for --engine spark" in result.stderr
