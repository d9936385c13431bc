"""`estimative ingest FILE --source S --engine spark --output DIR`, and `estimative import DIR`.

Ingest on Spark maps a dataset file to the store's canonical events, in three steps:

1. The driver reads the file with the one CSV reader every ingest uses (`sources.csvfile`: its
   encodings, stray quotes and unreadable rows are handled exactly as on one machine) and stages
   the raw rows as Parquet in `DIR/_raw` (line, fields, raw text), or the reader's reason a row
   could not be read.
2. The executors run the adapter's per-row mapping (`Adapter.events`: `convert` and the range
   checks) on the staged rows, in Arrow batches (mapInArrow), and turn each event into the store's row
   (`store.records.event_row`). A second row with a source id already seen is quarantined, as
   `Store.ingest` does.
3. Events go to `DIR/events`, Parquet partitioned by `source`, with the store's event columns
   (revision 1, never superseded: what `store.counting` reads) and the line each came from;
   quarantined rows go to `DIR/quarantine` (line, reason, raw). `DIR/_estimative.json` is written
   last, with the counts: stored + quarantined = raw rows, and a folder without it is not finished.

`import_dir` brings such a folder into the DuckDB store through `Store.ingest` itself: one
transaction (all or nothing), every row stored or quarantined, a re-import adds nothing, and a
changed row becomes a new revision, as with any ingest.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from estimative.store.events import _ARROW_TYPES
from estimative.store.schema import EVENT_COLUMNS

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from estimative.sources import Adapter
    from estimative.store import IngestReport, Store

MANIFEST = "_estimative.json"
STAGE_ROWS = 100_000  # raw rows per staged Parquet file
_RAW_SCHEMA = pa.schema([("line", pa.int64()), ("data", pa.string()), ("raw", pa.string()),
                         ("unread", pa.string())])
_SPARK_TYPES = {"VARCHAR": "string", "INTEGER": "int", "BIGINT": "long", "DOUBLE": "double", "DATE": "date",
                "TIMESTAMP": "timestamp_ntz", "VARCHAR[]": "array<string>"}
EVENT_OUTPUT_COLUMNS: tuple[str, ...] = tuple(c for c, _ in EVENT_COLUMNS if c != "run_id") + ("line",)
_MAPPED_ARROW = pa.schema([(c, _ARROW_TYPES[t]) for c, t in EVENT_COLUMNS if c != "run_id"] +
                          [("line", pa.int64()), ("reason", pa.string()), ("raw", pa.string())])
_MAPPED_SCHEMA = ", ".join(f"{c} {_SPARK_TYPES[t]}" for c, t in EVENT_COLUMNS if c != "run_id") + \
    ", line long, reason string, raw string"


class SparkIngestError(ValueError):
    """A file or folder that cannot be ingested or imported, said in one sentence."""


@dataclass(frozen=True, slots=True)
class SparkIngestReport:
    """What an ingest on Spark wrote, kept in DIR/_estimative.json."""

    source: str
    path: str
    file_sha256: str
    encoding: str | None
    rows_read: int
    stored: int
    quarantined: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------------- 1. stage the raw rows
def _stage(path: Path, adapter: Adapter, staged: Path) -> tuple[Any, int]:
    """Read the file on the driver and write its raw rows to `staged`; (the CsvFile, rows)."""
    from estimative.sources import CsvFile, IngestError
    from estimative.sources.csvfile import CsvError
    from estimative.store import Rejected

    try:
        csv_file = CsvFile(path)
        rows = csv_file.rows()
        first = next(rows, None)
    except CsvError as exc:
        raise SparkIngestError(str(exc)) from None
    try:
        adapter.check_header(csv_file.header, csv_file.path)
    except IngestError as exc:
        raise SparkIngestError(str(exc)) from None
    staged.mkdir(parents=True)
    batch: list[tuple[int, str | None, str, str | None]] = []
    total, part = 0, 0
    stream = rows if first is None else _chain(first, rows)
    for row in stream:
        if isinstance(row, Rejected):
            batch.append((row.line, None, row.raw, row.reason))
        else:
            batch.append((row.line, json.dumps(row.data, ensure_ascii=False), row.raw, None))
        if len(batch) >= STAGE_ROWS:
            _write_stage(batch, staged / f"part-{part:05d}.parquet")
            total, batch, part = total + len(batch), [], part + 1
    if batch:
        _write_stage(batch, staged / f"part-{part:05d}.parquet")
        total += len(batch)
    return csv_file, total


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def _write_stage(batch: list[tuple[Any, ...]], out: Path) -> None:
    cols = list(zip(*batch, strict=True))
    pq.write_table(pa.Table.from_arrays([pa.array(c, f.type) for c, f in zip(cols, _RAW_SCHEMA, strict=True)],
                                        schema=_RAW_SCHEMA), out)


# ---------------------------------------------------------------------------- 2. map in the executors
def map_rows(adapter: Adapter, staged: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Staged raw rows (line, data, raw, unread) to mapped rows: an event's columns (revision 1,
    not superseded) with its line, or a quarantined row (line, reason, raw) with no event."""
    from estimative.sources import CsvRow
    from estimative.store import Rejected
    from estimative.store.records import event_row

    rows = (Rejected(r[0], r[3], r[2]) if r[3] is not None else CsvRow(r[0], json.loads(r[1]), r[2])
            for r in staged)
    lines: dict[int, int] = {}
    for item, line in _with_lines(adapter.events(_remember(rows, lines)), lines):
        if isinstance(item, Rejected):
            yield (*([None] * (len(EVENT_OUTPUT_COLUMNS) - 1)), item.line, item.reason, item.raw)
            continue
        row = event_row(item)
        # event_row's order is STAGE_COLUMNS; the output adds revision and superseded_at
        by_name = dict(zip(_STAGE, row, strict=True))
        by_name["revision"], by_name["superseded_at"] = 1, None
        yield (*(by_name[c] for c in EVENT_OUTPUT_COLUMNS[:-1]), line, None, None)


def _map_batches(adapter: Adapter, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """`map_rows` over Arrow batches (Spark's mapInArrow: no row is pickled between JVM and Python)."""
    for batch in batches:
        cols = batch.to_pydict()
        rows = list(map_rows(adapter, zip(cols["line"], cols["data"], cols["raw"], cols["unread"], strict=True)))
        if rows:
            yield pa.RecordBatch.from_arrays([pa.array(c, f.type) for c, f in zip(zip(*rows, strict=True),
                                                                                   _MAPPED_ARROW, strict=True)],
                                             schema=_MAPPED_ARROW)


def _remember(rows: Iterable[Any], lines: dict[int, int]) -> Iterator[Any]:
    """Pass rows on, noting each one's line under its position (an adapter yields one item per row)."""
    for i, row in enumerate(rows):
        lines[i] = row.line
        yield row


def _with_lines(items: Iterable[Any], lines: dict[int, int]) -> Iterator[tuple[Any, int]]:
    for i, item in enumerate(items):
        yield item, lines.pop(i)


def _stage_columns() -> tuple[str, ...]:
    from estimative.store.records import STAGE_COLUMNS

    return STAGE_COLUMNS


_STAGE = _stage_columns()


# ---------------------------------------------------------------------------- 3. write
def ingest_spark(spark: SparkSession, path: Path, source: str, output: Path,
                 mapping: Path | None = None) -> SparkIngestReport:
    """Map one dataset file to events and quarantine under `output` (which must not exist yet)."""
    from estimative.sources import ADAPTERS, IngestError

    if source not in ADAPTERS:
        raise SparkIngestError(f"unknown source {source!r}: use one of {', '.join(ADAPTERS)}")
    if output.exists():
        raise SparkIngestError(f"{output} exists: give a new folder for --output")
    try:
        adapter = ADAPTERS[source](mapping)
    except IngestError as exc:
        raise SparkIngestError(str(exc)) from None
    try:
        csv_file, raw_rows = _stage(path, adapter, output / "_raw")
        mapped = _map(spark, adapter, output / "_raw")
        mapped.persist()
        try:
            events = mapped.filter("reason IS NULL").select(*EVENT_OUTPUT_COLUMNS)
            quarantine = mapped.filter("reason IS NOT NULL").select("line", "reason", "raw")
            events.write.partitionBy("source").parquet(str(output / "events"))
            quarantine.orderBy("line").write.parquet(str(output / "quarantine"))
            stored, quarantined = events.count(), quarantine.count()
        finally:
            mapped.unpersist()
    except BaseException:
        shutil.rmtree(output, ignore_errors=True)  # nothing half written is left to import
        raise
    shutil.rmtree(output / "_raw")
    report = SparkIngestReport(source=adapter.source, path=str(csv_file.path.resolve()),
                               file_sha256=csv_file.sha256, encoding=csv_file.encoding_read,
                               rows_read=raw_rows, stored=stored, quarantined=quarantined)
    if stored + quarantined != raw_rows:  # never a row lost: refuse to mark the folder finished
        raise SparkIngestError(f"{output}: {stored:,} events + {quarantined:,} quarantined != {raw_rows:,} rows read")
    (output / MANIFEST).write_text(json.dumps(report.to_dict(), indent=2) + "\n", encoding="utf-8")
    return report


def _map(spark: SparkSession, adapter: Adapter, staged: Path) -> Any:
    """Staged rows -> mapped rows on Spark, with the second and later rows of a source id moved to
    quarantine (the first, by line, is kept, as Store.ingest keeps it)."""
    raw = spark.read.parquet(str(staged)).select("line", "data", "raw", "unread")
    mapped = raw.mapInArrow(lambda batches: _map_batches(adapter, batches), _MAPPED_SCHEMA)
    mapped.createOrReplaceTempView("estimative_mapped")
    kept = ", ".join(c for c in EVENT_OUTPUT_COLUMNS)
    dup = "reason IS NULL AND n > 1"
    return spark.sql(f"""
        SELECT {kept},
               CASE WHEN {dup} THEN concat('duplicate source id ', source_id, ' (first at line ',
                                           CAST(first_line AS STRING), ')') ELSE reason END AS reason,
               CASE WHEN {dup} THEN record ELSE raw END AS raw
        FROM (SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY line) AS n,
                        min(line) OVER (PARTITION BY event_id) AS first_line
              FROM estimative_mapped)
    """)


# ---------------------------------------------------------------------------- import into DuckDB
def read_manifest(folder: Path) -> SparkIngestReport:
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise SparkIngestError(f"{folder} is not a finished `ingest --engine spark` output (no {MANIFEST}): "
                               "run the ingest again into a new folder")
    try:
        return SparkIngestReport(**json.loads(manifest.read_text(encoding="utf-8")))
    except (TypeError, ValueError) as exc:
        raise SparkIngestError(f"{manifest} cannot be read: {exc}") from None


def _items(folder: Path) -> Iterator[Any]:
    """The folder's events and quarantined rows, in line order, as Store.ingest takes them."""
    import duckdb

    from estimative.store import Rejected
    from estimative.store.records import event_from_record

    con = duckdb.connect()
    try:
        events = str(folder / "events" / "**" / "*.parquet")
        quarantine = str(folder / "quarantine" / "*.parquet")
        has_events = any((folder / "events").rglob("*.parquet"))
        has_quarantine = any((folder / "quarantine").glob("*.parquet"))
        parts = ([f"SELECT line, record, known_from, NULL AS reason, NULL AS raw FROM read_parquet('{_q(events)}', "
                  "hive_partitioning = true)"] if has_events else []) + \
                ([f"SELECT line, NULL, NULL, reason, raw FROM read_parquet('{_q(quarantine)}')"]
                 if has_quarantine else [])
        if not parts:
            return
        result = con.execute(" UNION ALL ".join(parts) + " ORDER BY line")
        reader = (getattr(result, "to_arrow_reader", None) or result.fetch_record_batch)(50_000)
        for batch in reader:
            for line, record, known_from, reason, raw in zip(*(c.to_pylist() for c in batch.columns), strict=True):
                yield event_from_record(record, known_from) if reason is None else Rejected(line, reason, raw)
    finally:
        con.close()


def _q(text: str) -> str:
    return text.replace("'", "''")


def import_dir(store: Store, folder: Path) -> IngestReport:
    """Bring a finished Spark ingest output into the store, through Store.ingest (one transaction;
    a re-import adds nothing). The counts must match the folder's manifest, else nothing is stored."""
    manifest = read_manifest(folder)
    seen = [0]

    def counted() -> Iterator[Any]:
        for item in _items(folder):
            seen[0] += 1
            yield item
        if seen[0] != manifest.rows_read:  # raising inside the ingest rolls it back
            raise SparkIngestError(f"{folder} holds {seen[0]:,} rows but its manifest says {manifest.rows_read:,}: "
                                   "it was changed after the ingest; nothing was imported")

    return store.ingest(counted(), source=manifest.source, path=manifest.path, file_sha256=manifest.file_sha256,
                        encoding=manifest.encoding)
