"""`estimative extract --input REPORTS --output incidents.parquet --engine spark|local`.

Reports come as JSONL (`{"id", "text", "published"}` per line, as `extract --input` reads) or as
Parquet with the columns `text` and, optionally, `id` and `published`. The output is Parquet with
one row per report, in input order: `id` (text: a string id as it is, any other id as its JSON
text; a report without one takes its line or row number, as `--format jsonl` does) and `incidents`,
the JSON text of the incidents `--format jsonl` prints for it. Both engines make each row with the
same function (`extract.cli.batch_record`), so `--engine spark` equals `--engine local` row for row.

On Spark, reports are split into partitions and each Python worker loads the extractor (gazetteer,
actor registry, matchers) once, on its first report (`_Extractor`), then keeps it for every
partition it is given (`spark.python.worker.reuse`, on by default).
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

OUTPUT_SCHEMA = pa.schema([("id", pa.string()), ("incidents", pa.string())])
ENGINES = ("local", "spark")


@dataclass(frozen=True, slots=True)
class ExtractRow:
    """One report's output row, with its place in the input (`ordinal`, from 0) and, instead of
    incidents, the message of a bad input row."""

    ordinal: int
    id: str | None
    incidents: str | None
    error: str | None = None


class _Extractor:
    """The extractor of this process, loaded on first use and kept (one per Spark Python worker)."""

    loaded_in: int | None = None  # the process that loaded it

    @classmethod
    def record(cls, row: Any, n: int, where: str, published: str | None) -> dict[str, Any]:
        from estimative.extract.cli import batch_record  # loads spaCy-free matchers on first call

        cls.loaded_in = os.getpid()
        return batch_record(row, n, where, published)


def _id_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def extract_row(ordinal: int, row: dict[str, Any] | None, where: str, published: str | None) -> ExtractRow | None:
    """The output row of input row `ordinal` (a parsed line or a Parquet row), None for a blank line."""
    if row is None:
        return None
    try:
        rec = _Extractor.record(row, ordinal + 1, where, published)
    except ValueError as exc:
        return ExtractRow(ordinal, None, None, str(exc))
    return ExtractRow(ordinal, _id_text(rec["id"]), json.dumps(rec["incidents"], ensure_ascii=False))


def _from_lines(lines: Iterable[tuple[str, int]], where: str, published: str | None) -> Iterator[ExtractRow]:
    from estimative.extract.cli import batch_line

    for line, ordinal in lines:
        try:
            row = batch_line(line, ordinal + 1, where)
        except ValueError as exc:
            yield ExtractRow(ordinal, None, None, str(exc))
            continue
        out = extract_row(ordinal, row, where, published)
        if out is not None:
            yield out


def _from_records(rows: Iterable[tuple[dict[str, Any], int]], where: str,
                  published: str | None) -> Iterator[ExtractRow]:
    for row, ordinal in rows:
        clean = {k: v for k, v in row.items() if v is not None}
        if "published" in clean and not isinstance(clean["published"], str):
            clean["published"] = clean["published"].isoformat()
        out = extract_row(ordinal, clean, where, published)
        if out is not None:
            yield out


def _input_kind(path: str | Path) -> str:
    """parquet or jsonl; a URL (hdfs://, s3a://) is taken by its suffix, a local path must exist."""
    text = str(path)
    if text.lower().rstrip("/").endswith((".parquet", ".pq")) or ("://" not in text and Path(text).is_dir()):
        return "parquet"
    if "://" in text or Path(text).is_file():
        return "jsonl"
    raise ValueError(f"no such file: {path}")


def _check(rows: list[ExtractRow]) -> None:
    bad = [r for r in rows if r.error is not None]
    if bad:
        raise ValueError(min(bad, key=lambda r: r.ordinal).error)


def _write(rows: Iterable[ExtractRow], output: Path) -> int:
    ordered = sorted(rows, key=lambda r: r.ordinal)
    table = pa.table({"id": [r.id for r in ordered], "incidents": [r.incidents for r in ordered]},
                     schema=OUTPUT_SCHEMA)
    output.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, output)
    return table.num_rows


# ---------------------------------------------------------------------------- local engine
def extract_local(input_path: Path, output: Path, published: str | None = None) -> int:
    """One process: the reference the Spark engine equals. Returns the rows written."""
    where = str(input_path)
    if _input_kind(input_path) == "jsonl":
        with open(input_path, encoding="utf-8", errors="replace") as f:
            rows = list(_from_lines(((line, i) for i, line in enumerate(f)), where, published))
    else:
        table = pq.read_table(input_path)
        _require_text(table.column_names, where)
        rows = list(_from_records(((r, i) for i, r in enumerate(table.to_pylist())), where, published))
    _check(rows)
    return _write(rows, output)


def _require_text(columns: Iterable[str], where: str) -> None:
    if "text" not in columns:
        raise ValueError(f"{where}: a Parquet input needs a `text` column (and may have `id` and `published`)")


# ---------------------------------------------------------------------------- Spark engine
def spark_rows(spark: SparkSession, input_path: str | Path, published: str | None = None,
               partitions: int | None = None) -> RDD[tuple[int, str | None, str | None, str | None]]:
    """The output rows as an RDD of (ordinal, id, incidents, error), made in the executors partition
    by partition, and in input order: partition by partition, and within each."""
    where = str(input_path)
    sc = spark.sparkContext
    n = partitions or max(2, sc.defaultParallelism * 2)
    if _input_kind(input_path) == "jsonl":
        lines = sc.textFile(str(input_path), minPartitions=n).zipWithIndex()
        return lines.mapPartitions(lambda part: (_as_tuple(r) for r in _from_lines(part, where, published)))
    frame = spark.read.parquet(str(input_path))
    _require_text(frame.columns, where)
    keep = [c for c in ("id", "text", "published") if c in frame.columns]
    numbered = frame.select(*keep).rdd.map(lambda r: r.asDict()).zipWithIndex().map(lambda x: (x[1], x[0]))
    total = max(numbered.count(), 1)
    # contiguous ranges of ordinals, each sorted: the partitions hold the input in order
    ranged = numbered.repartitionAndSortWithinPartitions(n, lambda k: k * n // total)  # type: ignore[call-overload]
    return ranged.mapPartitions(
        lambda part: (_as_tuple(r) for r in _from_records(((row, k) for k, row in part), where, published)))


def _as_tuple(r: ExtractRow) -> tuple[int, str | None, str | None, str | None]:
    return (r.ordinal, r.id, r.incidents, r.error)


def extract_spark(spark: SparkSession, input_path: str | Path, output: str | Path, published: str | None = None,
                  partitions: int | None = None) -> int:
    """Extraction on Spark, written by the executors as a Parquet folder at `output` (its part files
    in input order). A bad input row fails the run with its message and nothing is written. On a
    cluster, give the paths as text (`"hdfs://..."`, `"s3a://..."`). Returns the rows written."""
    from pyspark import StorageLevel

    rows = spark_rows(spark, input_path, published, partitions).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        bad = rows.filter(lambda r: r[3] is not None).map(lambda r: (r[0], r[3])).takeOrdered(1)  # type: ignore[call-arg]
        if bad:
            raise ValueError(bad[0][1])
        out = spark.createDataFrame(rows.map(lambda r: (r[1], r[2])), "id string, incidents string")
        out.write.mode("overwrite").parquet(str(output))
        return rows.count()
    finally:
        rows.unpersist()


def run_extract_engine(input_path: Path, output: Path, engine: str, master: str | None = None,
                       published: str | None = None) -> int:
    """What `estimative extract --output` runs; ValueError with a message for the user."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use {' or '.join(ENGINES)}")
    _input_kind(input_path)  # a missing input is said before Spark starts
    if engine == "local":
        if master is not None:
            raise ValueError("--master is for --engine spark")
        return extract_local(input_path, output, published)
    from estimative.spark.session import spark_session

    return extract_spark(spark_session(master, "estimative-extract"), input_path, output, published)
