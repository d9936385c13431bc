"""`extract --engine spark` equals `--engine local` row for row, on real RAND descriptions."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from estimative.cli import app
from estimative.spark.extract import extract_local, extract_spark

REPORTS = 300


@pytest.fixture(scope="module")
def rand_reports(data_dir: Path) -> list[dict[str, Any]]:
    """REPORTS descriptions spread over the whole file (every era and region), with ids and dates."""
    rows = []
    with open(data_dir / "rand_rdwti" / "rand_rdwti_1968_2009.csv", encoding="utf-8", errors="replace",
              newline="") as f:
        for n, r in enumerate(csv.DictReader(f)):
            if re.search(r"[A-Za-z]", r["Description"] or ""):
                rows.append({"id": f"rand-{n}", "text": r["Description"], "published": r["Date"][:10]})
    step = len(rows) // REPORTS
    return rows[::step][:REPORTS]


def _jsonl(rows: list[dict[str, Any]], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_spark_equals_local_row_for_row(spark: Any, rand_reports: list[dict[str, Any]], tmp_path: Path) -> None:
    reports = _jsonl(rand_reports, tmp_path / "reports.jsonl")
    assert extract_local(reports, tmp_path / "local.parquet") == REPORTS
    assert extract_spark(spark, reports, tmp_path / "spark.parquet", partitions=4) == REPORTS
    local = pq.read_table(tmp_path / "local.parquet").to_pylist()
    on_spark = pq.read_table(tmp_path / "spark.parquet").to_pylist()
    assert [r["id"] for r in on_spark] == [r["id"] for r in rand_reports]  # input order kept
    assert on_spark == local
    found = [json.loads(r["incidents"]) for r in local]
    assert sum(bool(i) for i in found) > REPORTS * 0.8  # real reports: most hold an incident
    # the incidents are what `extract --format jsonl` prints for the same lines
    printed = CliRunner().invoke(app, ["extract", "--input", str(reports), "--format", "jsonl"]).stdout
    first = [json.loads(line) for line in printed.splitlines()[:20]]
    assert [json.dumps(p["incidents"], ensure_ascii=False) for p in first] == [r["incidents"] for r in local[:20]]


def test_parquet_input_and_missing_ids(spark: Any, rand_reports: list[dict[str, Any]], tmp_path: Path) -> None:
    rows = rand_reports[:40]
    table = pa.table({"text": [r["text"] for r in rows], "published": [r["published"] for r in rows]})
    pq.write_table(table, tmp_path / "reports.parquet")  # no id column: rows are numbered from 1
    extract_local(tmp_path / "reports.parquet", tmp_path / "local.parquet")
    extract_spark(spark, tmp_path / "reports.parquet", tmp_path / "spark.parquet", partitions=3)
    local = pq.read_table(tmp_path / "local.parquet").to_pylist()
    assert [r["id"] for r in local] == [str(n) for n in range(1, 41)]
    assert pq.read_table(tmp_path / "spark.parquet").to_pylist() == local


def test_a_bad_line_fails_the_run_with_its_number(spark: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Gunmen attacked a checkpoint."}\n\n{"id": "b", "text": 7}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:3: each line needs"):
        extract_spark(spark, bad, tmp_path / "out.parquet")
    assert not (tmp_path / "out.parquet").exists()
    result = CliRunner().invoke(app, ["extract", "--input", str(bad), "--output", str(tmp_path / "l.parquet"),
                                      "--engine", "local"])
    assert result.exit_code == 1 and "bad.jsonl:3" in result.stderr


def test_cli_options_go_together(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", "--engine", "spark"])
    assert result.exit_code == 1 and "--engine and --output go together with --input" in result.stderr
    result = CliRunner().invoke(app, ["extract", "--input", str(tmp_path / "none.jsonl"), "--output",
                                      str(tmp_path / "o.parquet"), "--engine", "spark"])
    assert result.exit_code == 1 and "no such file" in result.stderr
