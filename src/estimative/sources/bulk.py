"""Column-speed ingest: a whole file mapped in DuckDB SQL instead of row by row in Python.

`ingest_bulk` is tried first by `ingest_path` for the adapters that have a bulk mapping (ACLED,
both layouts, UCDP GED and GTD). It takes the strict fast path only for a file it can read exactly as the line
reader would: UTF-8 without a byte-order mark, `\\n` or `\\r\\n` line ends, no NUL byte, every
line read by DuckDB's strict CSV reader, and, when a record runs over several lines (UCDP's
source texts), every record read by the line reader as one row. Anything else
returns None and the file goes the line-by-line path (`csvfile.CsvFile.rows`), which handles
mixed encodings, stray quotes and every malformed line.

The file is staged once by DuckDB's parallel CSV reader (`store.bulk.stage_csv`), which also
works out each row's source id, event id (`sha1` in SQL) and a flag for a row holding a control
character, a line break or a cell that starts with `#` (the HXL row). Python then runs once per
DISTINCT value: dates, coordinates, actor names through the registry, countries, types
(`bulk_sql.lookup`), and the weapons each distinct note names (in SQL for plain ASCII notes,
by `weapons_in` for the others). Only the rows that need it go through the adapter's own
`convert`, so their quarantine reason, and everything stored, is exactly what the line-by-line
path gives: a flagged row, a row whose value a lookup rejects (a bad date, an out-of-range
count...), a row without a source id, and every row of an event id the file holds twice (so the
first of them is kept and the others quarantined as duplicates, as `Store.ingest` does). All
other rows are mapped by one SELECT, whose `record` JSON is built in SQL and hashed in vectors,
and `store.bulk.write_mapped` inserts it with one INSERT ... SELECT in one transaction.
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from estimative.model import Count, Event
from estimative.sources import acled, gtd, ucdp
from estimative.sources.base import (
    Adapter,
    check_ranges,
    text,
    to_count,
    to_date,
    to_int,
    to_latlon,
    weapons_in,
)
from estimative.sources.bulk_sql import (
    Output,
    event_id_sql,
    ident,
    json_key,
    json_or_null,
    kept_cells,
    literal,
    lookup,
    named_weapons,
    py_strip,
    py_text,
    register_hash,
    row_flag,
)
from estimative.sources.csvfile import CsvFile, CsvRow
from estimative.store import IngestReport, Rejected, Store
from estimative.store.bulk import OutOfIngestMemory, bulk_session, memory_refusal, stage_csv, write_mapped
from estimative.store.events import _STAGE_SCHEMA, checkpoint
from estimative.store.records import (
    STAGE_COLUMNS,
    actors_value,
    event_row,
    groups_value,
    json_text,
    targets_value,
    weapons_value,
)

_CHUNK = 16 << 20
# Rows wider than this on average (GTD's: about 1,100 bytes; ACLED's about 430) are written on one
# DuckDB thread from the start: on two they ran out of 300 MB from 20,000 rows on (`_on_one_thread`).
_WIDE_ROW_BYTES = 1000


@dataclass(frozen=True, slots=True)
class Mapped:
    """A bulk mapping of the staged file: `select` gives the columns of `records.STAGE_COLUMNS` for
    the rows of `bulk_stage s` that pass `ANTI JOIN bulk_dirty` (spliced in at `{dirty}`), and
    `dirty` are the SQL conditions over `s` that send a row to the adapter's `convert`."""

    select: str
    dirty: list[str]


@dataclass(frozen=True, slots=True)
class BulkMapping:
    """An adapter's bulk path: the SQL of a row's source id over the staged columns (`s`), and the
    mapping of the staged file."""

    source_id: Callable[[set[str]], str]
    map: Callable[[duckdb.DuckDBPyConnection, list[str]], Mapped]


def ingest_bulk(store: Store, csv_file: CsvFile, adapter: Adapter) -> IngestReport | None:
    """The file ingested through DuckDB, or None when it must go the line-by-line path."""
    mapping = BULK_MAPPINGS.get(adapter.name)
    if mapping is None or not _plain_utf8(csv_file):
        return None
    header = list(csv_file.header)
    sid = mapping.source_id(set(header))
    computed = {"_sid": sid, "_eid": event_id_sql(adapter.source, sid), "_flag": row_flag([f"s.{ident(k)}" for k in header])}
    with bulk_session(store) as con:
        staged = stage_csv(con, csv_file.path, header, csv_file.delimiter, computed)
        if staged is None:
            return None
        multiline = _multiline(con, header)
        try:
            mapped = mapping.map(con, header)
            dirty = _dirty_rows(con, mapped.dirty)
            rows = _rows_read(csv_file, dirty, staged) if multiline else _rows_at(csv_file, dirty)
            if rows is None:
                return None
            kept, rejects = _map_in_python(con, adapter, rows)
            selects = [mapped.select.replace("{dirty}", "ANTI JOIN bulk_dirty d ON d._n = s.rowid + 1" if dirty else "")]
            if kept:
                selects.append(f"SELECT {', '.join(STAGE_COLUMNS)} FROM bulk_python")
            def write() -> IngestReport:
                with memory_refusal():  # refused here, inside the session, so that it can be tried on one thread
                    return write_mapped(store, selects, staged - len(dirty) + kept, rejects, source=adapter.source,
                                        path=str(csv_file.path.resolve()), file_sha256=csv_file.sha256,
                                        encoding=csv_file.encoding)
            if csv_file.size > _WIDE_ROW_BYTES * max(staged, 1):
                report = _on_one_thread(con, write)
            else:
                try:
                    report = write()
                except OutOfIngestMemory:  # write_mapped's refusal, rolled back; the staged rows and lookups stay
                    report = _on_one_thread(con, write)
        except (duckdb.OutOfMemoryException, OutOfIngestMemory):  # rolled back: the line-by-line path needs less
            return None
        finally:
            con.unregister("bulk_python")
        checkpoint(con, store.database)  # the store's (the scratch is dropped, never checkpointed)
        return report


def _on_one_thread(con: duckdb.DuckDBPyConnection, write: Callable[[], IngestReport]) -> IngestReport:
    """`write` with one DuckDB thread: each thread holds the vectors of its rows at every step of
    the SELECT, which for wide records (GTD's, a few KB with `extra`) ran out of 300 MB on two
    threads from 20,000 rows on, where one thread fits (104,750 GTD rows: 6.1 CPU s, against 9.7
    for the line-by-line path; docs/scale.md)."""
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]  # type: ignore[index]
    con.execute("SET threads = 1")
    try:
        return write()
    finally:
        con.execute(f"SET threads = {int(threads)}")


def _plain_utf8(csv_file: CsvFile) -> bool:
    """UTF-8 without BOM, lines ended by \\n or \\r\\n only, and no NUL byte (one pass in chunks, each
    scanned as read: every \\r is the start of a \\r\\n, one cut by a chunk's edge counted at the next)."""
    if csv_file.encoding != "utf-8" or csv_file.mixed or csv_file.cr_only:
        return False
    returns = pairs = 0
    last = b""
    with csv_file.path.open("rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            if b"\x00" in chunk:
                return False
            returns += chunk.count(b"\r")
            pairs += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
            last = chunk[-1:]
    return returns == pairs


def _multiline(con: duckdb.DuckDBPyConnection, header: list[str]) -> bool:
    """Whether a record runs over several lines (its row is flagged, so `convert` maps it, and the
    line reader numbers the rows); only the rows flagged while staging can."""
    cells = ", ".join(f"s.{ident(k)}" for k in header)
    return bool(con.execute(f"SELECT count(*) FROM bulk_stage s WHERE s._flag AND "  # type: ignore[index]
                            f"regexp_matches(concat({cells}), '[\\n\\r]')").fetchone()[0])


def _dirty_rows(con: duckdb.DuckDBPyConnection, conditions: list[str]) -> list[int]:
    """Table `bulk_dirty` (_n): the rows left to `convert`; returns their numbers in file order. Besides
    the mapping's own conditions: a flagged row, a row without a source id, and every row of an
    event id held twice (the adapter's `convert` and the duplicate rule of `Store.ingest` decide)."""
    twice = "s._eid IN (SELECT _eid FROM bulk_stage WHERE _eid IS NOT NULL GROUP BY _eid HAVING count(*) > 1)"
    where = " OR ".join(["s._flag", "s._sid IS NULL", twice, *conditions])
    con.execute(f"CREATE OR REPLACE TABLE bulk_scratch.bulk_dirty AS SELECT s.rowid + 1 AS _n FROM bulk_stage s "
                f"WHERE {where}")
    return [n for (n,) in con.execute("SELECT _n FROM bulk_dirty ORDER BY _n").fetchall()]


def _map_in_python(con: duckdb.DuckDBPyConnection, adapter: Adapter,
                   rows: list[tuple[int, CsvRow]]) -> tuple[int, list[tuple[int, str, str]]]:
    """The rows left to Python (row number, row as the line reader reads it), through the adapter's
    `convert`, with `Store.ingest`'s duplicate rule among them (no other row shares their event
    ids): the events become the registered table `bulk_python`, the rejected rows are returned
    for the quarantine with the number of events."""
    events: list[tuple[Any, ...]] = []
    rejects: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    for n, row in rows:
        for item in adapter.events([row]):
            if isinstance(item, Rejected):
                rejects.append((item.line, item.reason, item.raw))
                continue
            values = event_row(item)
            first = seen.setdefault(values[0], n)
            if first != n:
                rejects.append((n, f"duplicate source id {item.source_id!r} (first at row {first})", values[-1]))
            else:
                events.append(values)
    if events:
        arrays = [pa.array([r[i] for r in events], _STAGE_SCHEMA.field(i).type) for i in range(len(STAGE_COLUMNS))]
        con.register("bulk_python", pa.Table.from_arrays(arrays, names=list(STAGE_COLUMNS)))
    return len(events), rejects


def _rows_read(csv_file: CsvFile, wanted: list[int], staged: int) -> list[tuple[int, CsvRow]] | None:
    """(row number, row) of the given data rows, read by the line reader itself: for a file with
    records over several lines, whose line numbers only it tells. None unless it reads exactly
    the `staged` rows and rejects none (a record it takes for a stray quote, read again as rows,
    would number the rows otherwise than DuckDB): the file then goes the line-by-line path."""
    todo = set(wanted)
    spoiled = len(csv_file.spoiled)
    out: list[tuple[int, CsvRow]] = []
    n = 0
    for item in csv_file.rows():
        if isinstance(item, Rejected):
            del csv_file.spoiled[spoiled:]  # the line-by-line path reads the file again
            return None
        n += 1
        if n in todo:
            out.append((n, item))
    return out if n == staged else None


def _rows_at(csv_file: CsvFile, wanted: list[int]) -> list[tuple[int, CsvRow]]:
    """(row number, row) of the given data rows, with the line number and raw text the line reader
    gives them (no record spans lines here: one non-blank line after the header is one row)."""
    if not wanted:
        return []
    todo = set(wanted)
    last = max(wanted)
    out: list[tuple[int, CsvRow]] = []
    n = -1  # the header is row 0
    with csv_file.path.open("rb") as f:
        for line_no, b in enumerate(f, start=1):
            start = b.lstrip()[:1]  # blank as the line reader sees it: decoded, with Unicode spaces
            if not b"!" <= start <= b"~" and not b.decode("utf-8").strip():
                continue
            n += 1
            if n in todo:
                text = b.decode("utf-8").rstrip("\r\n")
                record = next(csv.reader([text], delimiter=csv_file.delimiter))
                out.append((n, CsvRow(line_no, dict(zip(csv_file.header, record, strict=True)), text)))
            if n >= last:
                break
    return out


# ------------------------------------------------------------------------ ACLED
def _guard(fn: Callable[..., tuple[object, ...]], failure: tuple[object, ...],
           failed: list[tuple[str, ...]]) -> Callable[..., tuple[object, ...]]:
    """A lookup function whose row is flagged (last output False, its values added to `failed`) when
    the adapter would reject it."""
    def run(*values: str) -> tuple[object, ...]:
        try:
            return (*fn(*values), True)
        except Exception:  # noqa: BLE001 - any failure: the adapter's convert decides, as today
            failed.append(values)
            return failure
    return run


class _Lookups:
    """The lookups of a mapping (`join`), as the JOINs of its SELECT, and the conditions that send
    a row whose value a lookup rejects to the adapter's `convert`."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.joins: list[str] = []
        self.dirty: list[str] = []

    def join(self, name: str, keys: list[str], outputs: list[Output], fn: Callable[..., tuple[object, ...]]) -> None:
        outputs = [*outputs, Output("ok", "BOOLEAN")]
        on = " AND ".join(f"{name}.k{i} = {k}" for i, k in enumerate(keys))
        failed: list[tuple[str, ...]] = []
        lookup(self.con, f"bulk_{name}", keys, outputs, _guard(fn, (None,) * (len(outputs) - 1) + (False,), failed))
        if failed:
            self.dirty.append(f"EXISTS (SELECT 1 FROM bulk_{name} AS {name} WHERE NOT {name}.ok AND {on})")
        self.joins.append(f"JOIN bulk_{name} AS {name} ON {on}")


def _exact_count(field: str) -> Callable[[str], tuple[object, ...]]:
    """A lookup of an exact count (`to_count`, in range): its value and its JSON as a `Count`."""
    latest = date.today() + timedelta(days=1)

    def count(v: str) -> tuple[object, ...]:
        c = Count.exact(to_count(v, field))
        check_ranges(Event(source="", source_id="", date_start=latest, fatalities=c), date.min, latest)
        return c.best, json_text([c.best, c.min, c.max, c.qualifier])
    return count


def _coords(la: str, lo: str) -> tuple[object, ...]:
    lat, lon = to_latlon(la, lo)
    return lat, lon, json_text(lat), json_text(lon)


def _column(has: set[str]) -> Callable[[str], str]:
    """A staged column's SQL, or '' for a column the file lacks (as `dict.get` gives nothing)."""
    return lambda name: f"s.{ident(name)}" if name in has else "''"


def acled_mapping(con: duckdb.DuckDBPyConnection, header: list[str]) -> Mapped:
    """The bulk mapping of a staged ACLED file (either layout)."""
    has = set(header)
    col = _column(has)

    def cells(**kw: str) -> dict[str, str]:
        return {k: v for k, v in kw.items() if k in has}

    latest = date.today() + timedelta(days=1)
    old = "sub_event_type" not in has
    ally = "assoc_actor_1" not in has and "ally_actor_1" in has

    def day(v: str) -> tuple[object, ...]:
        d = to_date(v, "event_date")
        check_ranges(Event(source="acled", source_id="", date_start=d), acled.AcledAdapter.earliest, latest)
        return d.isoformat(), d

    def types(et: str, st: str, inter1: str) -> tuple[object, ...]:
        d = cells(event_type=et, sub_event_type=st, inter1=inter1)
        d.setdefault("event_type", et)
        t, s = acled.event_types(d)
        extra = json_key("acled_event_type") + json_text(acled.type_as_written(d)) if t is None or s is None else None
        implied = acled.SUB_EVENT_WEAPONS.get(s or "")
        return t, s, extra, implied and implied[0], implied and sorted(implied[1])

    def perps(a1: str, assoc: str) -> tuple[object, ...]:
        refs, unnamed = acled.perpetrator_side({"actor1": a1, "assoc_actor_1": assoc})
        return (json_text(actors_value(refs)), refs[0].name if refs else None, refs[0].id if refs else None,
                None if unnamed is None else json_key("actor1") + json_text(unnamed))

    def targets(a2: str, assoc: str, inter2: str) -> tuple[object, ...]:
        ttype, refs, tgts = acled.target_side({"actor2": a2, "assoc_actor_2": assoc, "inter2": inter2})
        affiliations = sorted({a for t in tgts for a in t.affiliations}) or None if tgts else None
        return ttype, json_text(actors_value(refs)), json_text(targets_value(tgts)), affiliations

    def single(fn: Callable[[dict[str, str]], object], key: str) -> Callable[[str], tuple[object, ...]]:
        return lambda v: (json_text(fn({key: v})),)

    lookups = _Lookups(con)
    join, joins, dirty = lookups.join, lookups.joins, lookups.dirty
    v, j = "VARCHAR", "VARCHAR"
    join("l_day", [col("event_date")], [Output("ds", v), Output("day", "DATE")], day)
    join("l_type", [col("event_type"), col("sub_event_type"), col("inter1") if old else "''"],
         [Output("et", v), Output("st", v), Output("type_extra", j), Output("implied", v),
          Output("implied_by", "VARCHAR[]")], types)
    join("l_xy", [col("latitude"), col("longitude")],
         [Output("lat", "DOUBLE"), Output("lon", "DOUBLE"), Output("lat_j", j), Output("lon_j", j)], _coords)
    join("l_perp", [col("actor1"), col("ally_actor_1" if ally else "assoc_actor_1")],
         [Output("perps_j", j), Output("perp", v), Output("perp_id", v), Output("unnamed", j)], perps)
    join("l_target", [col("actor2"), col("ally_actor_2" if ally else "assoc_actor_2"), col("inter2")],
         [Output("ttype", v), Output("tactors_j", j), Output("targets_j", j), Output("affil", "VARCHAR[]")], targets)
    join("l_country", [col("iso3"), col("iso"), col("country")], [Output("country", v)],
         lambda a, b, c: (acled.acled_country(cells(iso3=a, iso=b, country=c)),))
    join("l_prec", [col("time_precision")], [Output("prec", v), Output("prec_j", j)],
         lambda p: ((prec := acled.date_precision({"time_precision": p})), json_text(prec)))
    join("l_geo", [col("geo_precision")], [Output("km", "DOUBLE"), Output("km_j", j)],
         lambda g: ((km := acled.location_precision_km({"geo_precision": g})), json_text(km)))
    join("l_fat", [col("fatalities")], [Output("fat", "INTEGER"), Output("fat_j", j)], _exact_count("fatalities"))
    join("l_stamp", [col("timestamp")], [Output("kf", "TIMESTAMP")], lambda t: (acled.known_from({"timestamp": t}),))
    join("l_src", [col("source")], [Output("src_j", j)], single(acled.sources_of, "source"))
    register_hash(con)
    _note_weapons(con, col("notes"))
    joins.append(f"LEFT JOIN bulk_note_weapons AS w ON w.raw = {col('notes')}")
    return Mapped(_acled_select(header, col, joins), dirty)


def _note_weapons(con: duckdb.DuckDBPyConnection, notes: str) -> None:
    """Table `bulk_note_weapons` (raw, classes, names): the weapons each distinct note (`notes`, the
    cell as staged) names, as `weapons_in` finds them (notes naming none are left out): in SQL for
    ASCII notes without underscores, by `weapons_in` itself for the others."""
    plain = "strlen(k0) = length(k0) AND NOT contains(k0, '_')"
    con.execute(f"CREATE OR REPLACE TABLE bulk_scratch.bulk_notes AS SELECT raw, {py_text('raw')} AS k0 "
                f"FROM (SELECT DISTINCT {notes} AS raw FROM bulk_stage s) WHERE {py_text('raw')} IS NOT NULL")
    named_weapons(con, "(SELECT rowid + 1 AS _n, k0 FROM bulk_notes)", f"CASE WHEN {plain} THEN k0 END")
    found = []
    for n, note in con.execute(f"SELECT rowid + 1, k0 FROM bulk_notes WHERE NOT ({plain})").fetchall():
        weapons = weapons_in(note)
        if weapons:
            found.append((n, [w.cls for w in weapons], [w.name for w in weapons]))
    if found:
        names = pa.list_(pa.string())
        con.register("bulk_found", pa.table({"_n": pa.array([f[0] for f in found], pa.int64()),
                                             "classes": pa.array([f[1] for f in found], names),
                                             "names": pa.array([f[2] for f in found], names)}))
        try:
            con.execute("INSERT INTO bulk_weapons SELECT * FROM bulk_found")
        finally:
            con.unregister("bulk_found")
    con.execute("CREATE OR REPLACE TABLE bulk_scratch.bulk_note_weapons AS "
                "SELECT n.raw, w.classes, w.names FROM bulk_weapons w JOIN bulk_notes n ON n.rowid + 1 = w._n")


def _texts(col: Callable[[str], str], cells: tuple[str, str, str, str], extra: str) -> str:
    """The SELECT's ids, and its notes, admin1, admin2 and location from the staged `cells` (as
    `sources.base.text` reads them), and `extra`."""
    texts = ", ".join(f"{py_text(col(c))} AS {name}" for c, name in zip(cells, ("notes", "admin1", "admin2", "location"),
                                                                        strict=True))
    return f"s._eid AS event_id, s._sid AS source_id, {texts}, {extra} AS extra"


_UNKNOWN_COUNT = "'[null,null,null,\"unknown\"]'"  # Count() as the record writes it


def _record_sql(source: str, start: str, end: str, fields: list[str]) -> str:
    """SQL of `records.record_json`'s text for a mapped row: the source, `source_id`, the dates
    (`start`, `end`: ISO text) and the JSON texts of the record's other parts (`fields`, in its
    order). One concat() per record: a chain of || would copy the growing text at every step."""
    parts = [literal(f'["{source}",'), "to_json(source_id)::VARCHAR", "',\"'", start, "'\",\"'", end, "'\"'"]
    parts += [p for f in fields for p in ("','", f)]
    parts.append("']'")
    return f"concat({', '.join(parts)})"


# The names the mappings' SELECTs give a stage column they do not spell out in `_stage_columns`
_STAGE_DEFAULTS = {"content_hash": "estimative_hash(record)", "known_from": "d1::TIMESTAMP", "date_start": "d0",
                   "date_end": "d1", "date_precision": "prec", "location_precision_km": "km", "event_type": "et",
                   "sub_event_type": "st", "perpetrator": "perp", "perpetrator_id": "perp_id", "target_type": "ttype",
                   "target_affiliations": "affil", "fatalities": "fat"}


def _stage_columns(source: str, **exprs: str) -> str:
    """The select list of a mapping's last SELECT: every column of `records.STAGE_COLUMNS`, in order, as
    `exprs` gives it, else as `_STAGE_DEFAULTS` names it, else by its own name."""
    values = _STAGE_DEFAULTS | {"source": literal(source)} | exprs
    return ", ".join(f"{values.get(c, c)} AS {c}" for c in STAGE_COLUMNS)


def _acled_select(header: list[str], col: Callable[[str], str], joins: list[str]) -> str:
    kept = kept_cells([k for k in header if k not in acled.MAPPED], lambda v: f"{py_strip(v)} NOT IN ('', 'NA')")
    extra = f"concat_ws(',', nullif({kept}, ''), l_type.type_extra, l_perp.unnamed)"
    record = _record_sql("acled", "ds", "ds", [
        "prec_j", json_or_null("country"), json_or_null("admin1"), json_or_null("admin2"), json_or_null("location"),
        "lat_j", "lon_j", "km_j", json_or_null("et"), json_or_null("st"), "weapons_j", "perps_j", "tactors_j",
        json_or_null("ttype"), "targets_j", "fat_j", _UNKNOWN_COUNT, "'[]'", "'\"unknown\"'", "'null'",
        json_or_null("notes"), "src_j", "'[]'", "CASE WHEN extra = '' THEN 'null' ELSE concat('{', extra, '}') END"])
    return f"""
        WITH a AS (
            SELECT {_texts(col, ('notes', 'admin1', 'admin2', 'location'), extra)},
                   l_day.ds, l_day.day, l_type.et, l_type.st, l_xy.lat, l_xy.lon, l_xy.lat_j, l_xy.lon_j, l_perp.perps_j,
                   l_perp.perp, l_perp.perp_id, l_target.ttype, l_target.tactors_j, l_target.targets_j,
                   l_target.affil, l_country.country, l_prec.prec, l_prec.prec_j, l_geo.km, l_geo.km_j, l_fat.fat, l_fat.fat_j,
                   l_stamp.kf, l_src.src_j, coalesce(w.classes, []) AS named, coalesce(w.names, []) AS names,
                   l_type.implied IS NOT NULL AND NOT list_has_any(coalesce(w.classes, []), l_type.implied_by)
                       AS add_implied, l_type.implied
            FROM bulk_stage s {{dirty}} {' '.join(joins)}),
        c AS (SELECT *, CASE WHEN add_implied THEN list_prepend(implied, named) ELSE named END AS classes,
                        CASE WHEN add_implied THEN list_prepend(st, names) ELSE names END AS weapon_names FROM a),
        w AS (SELECT *, CASE len(classes) WHEN 0 THEN '[]' ELSE concat('[', array_to_string(list_transform(
                            range(1, len(classes) + 1), i -> concat('["', classes[i], '",', to_json(weapon_names[i])::VARCHAR,
                            ',[null,null,null,"unknown"]]')), ','), ']') END AS weapons_j FROM c),
        r AS (SELECT *, {record} AS record FROM w)
        SELECT {_stage_columns("acled", known_from="coalesce(kf, day::TIMESTAMP)", date_start="day", date_end="day",
                                weapon_classes="CASE len(classes) WHEN 0 THEN NULL WHEN 1 THEN classes "
                                               "ELSE list_sort(list_distinct(classes)) END",
                                injuries="NULL::INTEGER", claim_status="'unknown'", claimant_id="NULL::VARCHAR")}
        FROM r"""


# ------------------------------------------------------------------------ UCDP GED
def int_source_id(column: str) -> str:
    """`str(to_int(column))` in SQL for plain ASCII ids (`214797` or `214797.0`); NULL for any other
    spelling, whose row `convert` then maps (or rejects) itself."""
    v = py_strip(f"s.{ident(column)}")
    return (f"CASE WHEN regexp_full_match({v}, '[0-9]{{1,18}}(\\.0*)?') "
            f"THEN CAST(CAST(regexp_extract({v}, '^[0-9]+') AS BIGINT) AS VARCHAR) END")


def ucdp_mapping(con: duckdb.DuckDBPyConnection, header: list[str]) -> Mapped:
    """The bulk mapping of a staged UCDP GED file: `UcdpAdapter.convert`'s steps, once per distinct value."""
    col = _column(set(header))
    latest = date.today() + timedelta(days=1)

    def days(a: str, b: str) -> tuple[object, ...]:
        start, end = ucdp.dates(a, b)
        check_ranges(Event(source="ucdp", source_id="", date_start=start, date_end=end),
                     ucdp.UcdpAdapter.earliest, latest)
        return start.isoformat(), end.isoformat(), start, end

    def violence(v: str) -> tuple[object, ...]:
        code, et, st = ucdp.violence_type(v)
        return et, st, json_text(str(code))

    def perps(a: str) -> tuple[object, ...]:
        refs = ucdp.side_refs(a)
        return json_text(actors_value(refs)), refs[0].name if refs else None, refs[0].id if refs else None

    def targets(b: str, v: str, c: str) -> tuple[object, ...]:
        refs, ttype, tgts = ucdp.target_side(b, ucdp.violence_type(v)[0], ucdp.country_iso3(c))
        return (json_text(actors_value(refs)), ttype, json_text(targets_value(tgts)),
                sorted({a for t in tgts for a in t.affiliations}) or None)

    def deaths(*cells: str) -> tuple[object, ...]:
        low, best, high = (cells[i] or cells[i + 3] for i in range(3))  # `low`, else `low_est`...
        c = ucdp.fatalities(low, best, high)
        check_ranges(Event(source="ucdp", source_id="", date_start=latest, fatalities=c), date.min, latest)
        return c.best, json_text([c.best, c.min, c.max, c.qualifier])

    def groups(a: str, b: str, civ: str, unknown: str, side_a: str, side_b: str, c: str) -> tuple[object, ...]:
        d = {"deaths_a": a, "deaths_b": b, "deaths_civilians": civ, "deaths_unknown": unknown,
             "side_a": side_a, "side_b": side_b}
        return (json_text(groups_value(ucdp.casualty_groups(d, ucdp.country_iso3(c)))),)

    lookups = _Lookups(con)
    join, v, j = lookups.join, "VARCHAR", "VARCHAR"
    join("u_day", [col("date_start"), col("date_end")],
         [Output("ds", v), Output("de", v), Output("d0", "DATE"), Output("d1", "DATE")], days)
    join("u_type", [col("type_of_violence")], [Output("et", v), Output("st", v), Output("viol_j", j)], violence)
    join("u_xy", [col("latitude"), col("longitude")],
         [Output("lat", "DOUBLE"), Output("lon", "DOUBLE"), Output("lat_j", j), Output("lon_j", j)], _coords)
    join("u_country", [col("country")], [Output("iso3", v)], lambda c: (ucdp.country_iso3(c),))
    join("u_where", [col("where_prec"), col("country")], [Output("km", "DOUBLE"), Output("km_j", j)],
         lambda w, c: ((km := ucdp.location_precision_km(w, ucdp.country_iso3(c))), json_text(km)))
    join("u_prec", [col("date_prec")], [Output("prec", v)], lambda p: (ucdp.date_precision(p),))
    join("u_perp", [col("side_a")], [Output("perps_j", j), Output("perp", v), Output("perp_id", v)], perps)
    join("u_target", [col("side_b"), col("type_of_violence"), col("country")],
         [Output("tactors_j", j), Output("ttype", v), Output("targets_j", j), Output("affil", "VARCHAR[]")], targets)
    join("u_fat", [col(k) for k in ("low", "best", "high", "low_est", "best_est", "high_est")],
         [Output("fat", "INTEGER"), Output("fat_j", j)], deaths)
    join("u_groups", [col(k) for k in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "side_a",
                                       "side_b", "country")], [Output("groups_j", j)], groups)
    join("u_src", [col("source_article")], [Output("src_j", j)], lambda a: (json_text(ucdp.split_sources(a)),))
    register_hash(con)
    return Mapped(_ucdp_select(header, col, lookups.joins), lookups.dirty)


def _ucdp_select(header: list[str], col: Callable[[str], str], joins: list[str]) -> str:
    kept = kept_cells([k for k in header if k not in ucdp.MAPPED], lambda v: f"{py_strip(v)} <> ''")
    extra = (f"concat('{{', concat_ws(',', concat({literal(json_key('type_of_violence'))}, u_type.viol_j), "
             f"nullif({kept}, '')), '}}')")
    record = _record_sql("ucdp", "ds", "de", [
        json_or_null("prec"), json_or_null("iso3"), json_or_null("admin1"), json_or_null("admin2"),
        json_or_null("location"), "lat_j", "lon_j", "km_j", json_or_null("et"), json_or_null("st"), "'[]'", "perps_j",
        "tactors_j", json_or_null("ttype"), "targets_j", "fat_j", _UNKNOWN_COUNT, "groups_j", "'\"unknown\"'", "'null'",
        json_or_null("notes"), "src_j", "'[]'", "extra"])
    return f"""
        WITH a AS (
            SELECT {_texts(col, ('source_headline', 'adm_1', 'adm_2', 'where_coordinates'), extra)},
                   u_day.ds, u_day.de, u_day.d0, u_day.d1, u_type.et, u_type.st, u_type.viol_j, u_xy.lat, u_xy.lon,
                   u_xy.lat_j, u_xy.lon_j, u_country.iso3, u_where.km, u_where.km_j, u_prec.prec, u_perp.perps_j,
                   u_perp.perp, u_perp.perp_id, u_target.tactors_j, u_target.ttype, u_target.targets_j,
                   u_target.affil, u_fat.fat, u_fat.fat_j, u_groups.groups_j, u_src.src_j
            FROM bulk_stage s {{dirty}} {' '.join(joins)}),
        r AS (SELECT *, {record} AS record FROM a)
        SELECT {_stage_columns("ucdp", country="iso3", weapon_classes="NULL::VARCHAR[]", injuries="NULL::INTEGER",
                                claim_status="'unknown'", claimant_id="NULL::VARCHAR")}
        FROM r"""


# ------------------------------------------------------------------------ GTD
_WEAPON_CELLS = (*(f"weaptype{i}_txt" for i in range(1, 5)), *(f"weapsubtype{i}_txt" for i in range(1, 5)), "suicide")
_TARGET_TYPE_CELLS = ("targtype1_txt", "targtype2_txt", "targtype3_txt")


def gtd_mapping(con: duckdb.DuckDBPyConnection, header: list[str]) -> Mapped:
    """The bulk mapping of a staged GTD file: `GtdAdapter.convert`'s steps, once per distinct value."""
    col = _column(set(header))
    latest = date.today() + timedelta(days=1)

    def days(y: str, m: str, d: str) -> tuple[object, ...]:
        start, end, prec = gtd.gtd_dates(to_int(y, "iyear"), to_int(m, "imonth"), to_int(d, "iday"))
        check_ranges(Event(source="gtd", source_id="", date_start=start, date_end=end), gtd.GtdAdapter.earliest, latest)
        return start.isoformat(), end.isoformat(), start, end, prec

    def attack(kind: str, summary: str, *cells: str) -> tuple[object, ...]:
        """Weapons (weaptype/weapsubtype 1-4, suicide; the summary only where a subtype is a
        projectile, else '') and the event types they give with attacktype1 and the target type."""
        weapons = gtd.gtd_weapons(dict(zip(_WEAPON_CELLS, cells, strict=False)), text(summary))
        classes = sorted({w.cls for w in weapons}) if len(weapons) > 1 else [w.cls for w in weapons] or None
        et, st = gtd.attack_types(kind, cells[4], weapons, gtd.target_type_of(cells[len(_WEAPON_CELLS):]))
        return json_text(weapons_value(weapons)), classes, et, st

    def targets(*cells: str) -> tuple[object, ...]:
        """targtype, target and natlty 1-3 (three cells each)."""
        tgts = [t for i in range(0, 9, 3) if (t := gtd.target_of(*cells[i:i + 3]))]
        affiliations = sorted({a for t in tgts for a in t.affiliations}) or None if tgts else None
        return json_text(targets_value(tgts)), tgts[0].type if tgts else None, affiliations

    def place(country: str, city: str, specificity: str) -> tuple[object, ...]:
        return ucdp.country_iso3(country), gtd.location(city), (km := gtd.precision_km(specificity)), json_text(km)

    def actors(claimed: str, *groups: str) -> tuple[object, ...]:
        refs, claim = gtd.perpetrators(groups), gtd.claim_status(claimed)
        claimant = refs[0] if claim == "claimed" and refs else None
        return (json_text(actors_value(refs)), refs[0].name if refs else None, refs[0].id if refs else None, claim,
                json_text(actors_value([claimant])[0] if claimant else None), claimant and claimant.id)

    nkill, nwound = _exact_count("nkill"), _exact_count("nwound")

    def counts(killed: str, wounded: str) -> tuple[object, ...]:
        return (*nkill(killed), *nwound(wounded))

    subtypes = f"concat({', '.join(col(f'weapsubtype{i}_txt') for i in range(1, 5))})"
    projectile = f"strlen({subtypes}) <> length({subtypes}) OR contains(lower({subtypes}), 'projectile')"
    lookups = _Lookups(con)  # few joins, each with many keys: every join of the SELECT holds memory per thread
    join, v, j = lookups.join, "VARCHAR", "VARCHAR"
    join("g_day", [col("iyear"), col("imonth"), col("iday")],
         [Output("ds", v), Output("de", v), Output("d0", "DATE"), Output("d1", "DATE"), Output("prec", v)], days)
    join("g_attack", [col("attacktype1_txt"), f"CASE WHEN {projectile} THEN {col('summary')} ELSE '' END",
                      *(col(k) for k in (*_WEAPON_CELLS, *_TARGET_TYPE_CELLS))],
         [Output("weapons_j", j), Output("classes", "VARCHAR[]"), Output("et", v), Output("st", v)], attack)
    join("g_target", [col(f"{k}{i}{t}") for i in (1, 2, 3) for k, t in (("targtype", "_txt"), ("target", ""),
                                                                          ("natlty", "_txt"))],
         [Output("targets_j", j), Output("ttype", v), Output("affil", "VARCHAR[]")], targets)
    join("g_xy", [col("latitude"), col("longitude")],
         [Output("lat", "DOUBLE"), Output("lon", "DOUBLE"), Output("lat_j", j), Output("lon_j", j)], _coords)
    join("g_place", [col("country_txt"), col("city"), col("specificity")],
         [Output("iso3", v), Output("location", v), Output("km", "DOUBLE"), Output("km_j", j)], place)
    join("g_actors", [col("claimed"), col("gname"), col("gname2"), col("gname3")],
         [Output("perps_j", j), Output("perp", v), Output("perp_id", v), Output("claim", v), Output("claimant_j", j),
          Output("claimant_id", v)], actors)
    join("g_counts", [col("nkill"), col("nwound")],
         [Output("fat", "INTEGER"), Output("fat_j", j), Output("inj", "INTEGER"), Output("inj_j", j)], counts)
    register_hash(con)
    return Mapped(_gtd_select(header, col, lookups.joins), lookups.dirty)


def _gtd_select(header: list[str], col: Callable[[str], str], joins: list[str]) -> str:
    sentinels = "[" + ", ".join(literal(x) for x in sorted({"", *gtd.SENTINELS})) + "]"  # not IN (...): a join per column
    extra = kept_cells([k for k in header if k not in gtd.MAPPED], lambda v: f"NOT list_contains({sentinels}, {py_strip(v)})")
    sources = ", ".join(f"to_json({py_text(col(k))})::VARCHAR" for k in ("scite1", "scite2", "scite3"))
    record = _record_sql("gtd", "ds", "de", [
        json_or_null("prec"), json_or_null("iso3"), json_or_null("admin1"), "'null'", json_or_null("location"),
        "lat_j", "lon_j", "CASE WHEN lat IS NULL THEN 'null' ELSE km_j END", json_or_null("et"), json_or_null("st"),
        "weapons_j", "perps_j", "'[]'", json_or_null("ttype"), "targets_j", "fat_j", "inj_j", "'[]'",
        json_or_null("claim"), "claimant_j",
        json_or_null("notes"), "src_j", "'[]'", "CASE WHEN extra = '' THEN 'null' ELSE concat('{', extra, '}') END"])
    return f"""
        WITH a AS (
            SELECT s._eid AS event_id, s._sid AS source_id, {py_text(col('summary'))} AS notes,
                   {py_text(col('provstate'))} AS admin1, {extra} AS extra,
                   concat('[', concat_ws(',', {sources}), ']') AS src_j,
                   g_target.targets_j, g_target.ttype, g_target.affil, g_day.ds, g_day.de, g_day.d0, g_day.d1,
                   g_day.prec, g_attack.weapons_j, g_attack.classes, g_attack.et, g_attack.st, g_xy.lat, g_xy.lon,
                   g_xy.lat_j, g_xy.lon_j, g_place.iso3, g_place.location, g_place.km, g_place.km_j, g_actors.perps_j,
                   g_actors.perp, g_actors.perp_id, g_actors.claim, g_actors.claimant_j, g_actors.claimant_id,
                   g_counts.fat, g_counts.fat_j, g_counts.inj, g_counts.inj_j
            FROM bulk_stage s {{dirty}} {' '.join(joins)}),
        r AS (SELECT *, {record} AS record FROM a)
        SELECT {_stage_columns("gtd", country="iso3", admin2="NULL::VARCHAR",
                                location_precision_km="CASE WHEN lat IS NULL THEN NULL ELSE km END",
                                weapon_classes="classes", injuries="inj", claim_status="claim")}
        FROM r"""


BULK_MAPPINGS: dict[str, BulkMapping] = {
    "acled": BulkMapping(lambda has: py_text('s."event_id_cnty"'), acled_mapping),
    "ucdp": BulkMapping(lambda has: int_source_id("id"), ucdp_mapping),
    "gtd": BulkMapping(lambda has: int_source_id("eventid"), gtd_mapping)}
