"""Column-speed ingest: a whole file mapped in DuckDB SQL instead of row by row in Python.

`ingest_bulk` is tried first by `ingest_path` for the adapters that have a bulk mapping (ACLED,
both layouts). It takes the strict fast path only for a file it can read exactly as the line
reader would: UTF-8 without a byte-order mark, `\\n` or `\\r\\n` line ends, no NUL byte, no
record over several lines, and every line read by DuckDB's strict CSV reader. Anything else
returns None and the file goes the line-by-line path (`csvfile.CsvFile.rows`), which handles
mixed encodings, stray quotes and every malformed line.

On the fast path Python runs once per DISTINCT value (dates, coordinates, actor names through
the registry, countries, types: `bulk_sql.lookup`) and, in vectors, for the weapons a note names
and the content hash. A row any lookup flags (a value the adapter would reject: an HXL hashtag
row, a bad date, an out-of-range count...) is mapped by the adapter's own `convert`, so its
quarantine reason, and everything stored, is exactly what the line-by-line path gives.
`store.bulk.write_mapped` then writes the file in one transaction.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import duckdb
import pyarrow as pa

from estimative.model import Count, Event
from estimative.sources import acled
from estimative.sources.base import Adapter, check_ranges, to_count, to_date, to_latlon
from estimative.sources.bulk_sql import (
    CONTROL,
    WS,
    Output,
    ident,
    json_key,
    json_or_null,
    literal,
    lookup,
    named_weapons,
    py_strip,
    py_text,
    register_hash,
)
from estimative.sources.csvfile import CsvFile, CsvRow
from estimative.store import IngestReport, Rejected, Store
from estimative.store.bulk import bulk_session, stage_csv, write_mapped
from estimative.store.events import _STAGE_SCHEMA
from estimative.store.records import (
    STAGE_COLUMNS,
    actors_value,
    event_row,
    json_text,
    targets_value,
)

_CHUNK = 16 << 20


def ingest_bulk(store: Store, csv_file: CsvFile, adapter: Adapter) -> IngestReport | None:
    """The file ingested through DuckDB, or None when it must go the line-by-line path."""
    mapping = BULK_MAPPINGS.get(adapter.name)
    if mapping is None or not _plain_utf8(csv_file):
        return None
    header = list(csv_file.header)
    with bulk_session(store) as con:
        if stage_csv(con, csv_file.path, header, csv_file.delimiter) is None or _multiline(con, header):
            return None
        try:
            dirty = mapping(con, header)
            rejects = _map_in_python(con, csv_file, adapter, dirty)
            report = write_mapped(store, rejects, source=adapter.source, path=str(csv_file.path.resolve()),
                                  file_sha256=csv_file.sha256, encoding=csv_file.encoding)
        except duckdb.OutOfMemoryException:  # rolled back: the line-by-line path needs less
            return None
        try:  # committed; checkpoint now, within the memory limit, rather than when the store closes
            con.execute("CHECKPOINT")
        except duckdb.Error:  # another cursor's open transaction: DuckDB checkpoints later
            pass
        return report


def _plain_utf8(csv_file: CsvFile) -> bool:
    """UTF-8 without BOM, lines ended by \\n or \\r\\n only, and no NUL byte (one pass in chunks)."""
    if csv_file.encoding != "utf-8" or csv_file.mixed or csv_file.cr_only:
        return False
    carry = b""
    with csv_file.path.open("rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            block = carry + chunk
            if b"\x00" in block or block.count(b"\r") != block.count(b"\r\n") + block.endswith(b"\r"):
                return False
            carry = block[-1:]
    return carry != b"\r"


def _multiline(con: duckdb.DuckDBPyConnection, header: list[str]) -> bool:
    """Whether a record runs over several lines (the line reader's rules for those decide)."""
    breaks = " OR ".join(f"contains({ident(k)}, chr(10)) OR contains({ident(k)}, chr(13))" for k in header)
    return bool(con.execute(f"SELECT count(*) FROM bulk_stage WHERE {breaks}").fetchone()[0])  # type: ignore[index]


def _map_in_python(con: duckdb.DuckDBPyConnection, csv_file: CsvFile, adapter: Adapter,
                   dirty: list[int]) -> list[tuple[int, str, str]]:
    """The rows the lookups flagged, through the adapter's `convert` (read from the file as the line
    reader reads them): events join `bulk_mapped`, rejected rows are returned for the quarantine."""
    if not dirty:
        return []
    events: list[tuple[int, Event]] = []
    rejects: list[tuple[int, str, str]] = []
    for n, row in _rows_at(csv_file, dirty):
        for item in adapter.events([row]):
            if isinstance(item, Rejected):
                rejects.append((item.line, item.reason, item.raw))
            else:
                events.append((n, item))
    if events:
        rows = [event_row(e) for _, e in events]
        arrays = [pa.array([r[i] for r in rows], _STAGE_SCHEMA.field(i).type) for i in range(len(STAGE_COLUMNS))]
        arrays.append(pa.array([n for n, _ in events], pa.int64()))
        con.register("bulk_python", pa.Table.from_arrays(arrays, names=[*STAGE_COLUMNS, "_n"]))
        try:
            con.execute(f"INSERT INTO bulk_mapped ({', '.join(STAGE_COLUMNS)}, _n) SELECT * FROM bulk_python")
        finally:
            con.unregister("bulk_python")
    return rejects


def _rows_at(csv_file: CsvFile, wanted: list[int]) -> list[tuple[int, CsvRow]]:
    """(row number, row) of the given data rows, with the line number and raw text the line reader
    gives them (no record spans lines here: one non-blank line after the header is one row)."""
    import csv

    todo = set(wanted)
    last = max(wanted)
    out: list[tuple[int, CsvRow]] = []
    n = -1  # the header is row 0
    with csv_file.path.open("rb") as f:
        for line_no, b in enumerate(f, start=1):
            text = b.decode("utf-8").rstrip("\r\n")
            if not text.strip():
                continue
            n += 1
            if n in todo:
                record = next(csv.reader([text], delimiter=csv_file.delimiter))
                out.append((n, CsvRow(line_no, dict(zip(csv_file.header, record, strict=True)), text)))
            if n >= last:
                break
    return out


# ------------------------------------------------------------------------ ACLED
def _guard(fn: Callable[..., tuple[object, ...]], failed: tuple[object, ...]) -> Callable[..., tuple[object, ...]]:
    """A lookup function whose row is flagged (last output False) when the adapter would reject it."""
    def run(*values: str) -> tuple[object, ...]:
        try:
            return (*fn(*values), True)
        except Exception:  # noqa: BLE001 - any failure: the adapter's convert decides, as today
            return failed
    return run


def acled_mapping(con: duckdb.DuckDBPyConnection, header: list[str]) -> list[int]:
    """Map the staged ACLED file to `bulk_mapped`; returns the row numbers left to `convert`."""
    has = set(header)

    def col(name: str) -> str:
        return f"s.{ident(name)}" if name in has else "''"

    def cells(**kw: str) -> dict[str, str]:
        return {k: v for k, v in kw.items() if k in has}

    latest = date.today() + timedelta(days=1)
    old = "sub_event_type" not in has
    ally = "assoc_actor_1" not in has and "ally_actor_1" in has

    def day(v: str) -> tuple[object, ...]:
        d = to_date(v, "event_date")
        check_ranges(Event(source="acled", source_id="", date_start=d), acled.AcledAdapter.earliest, latest)
        return (d.isoformat(),)

    def types(et: str, st: str, inter1: str) -> tuple[object, ...]:
        d = cells(event_type=et, sub_event_type=st, inter1=inter1)
        d.setdefault("event_type", et)
        t, s = acled.event_types(d)
        extra = json_key("acled_event_type") + json_text(acled.type_as_written(d)) if t is None or s is None else None
        implied = acled.SUB_EVENT_WEAPONS.get(s or "")
        return t, s, extra, implied and implied[0], implied and sorted(implied[1])

    def coords(la: str, lo: str) -> tuple[object, ...]:
        lat, lon = to_latlon(la, lo)
        return lat, lon, json_text(lat), json_text(lon)

    def perps(a1: str, assoc: str) -> tuple[object, ...]:
        refs, unnamed = acled.perpetrator_side({"actor1": a1, "assoc_actor_1": assoc})
        return (json_text(actors_value(refs)), refs[0].name if refs else None, refs[0].id if refs else None,
                None if unnamed is None else json_key("actor1") + json_text(unnamed))

    def targets(a2: str, assoc: str, inter2: str) -> tuple[object, ...]:
        ttype, refs, tgts = acled.target_side({"actor2": a2, "assoc_actor_2": assoc, "inter2": inter2})
        affiliations = sorted({a for t in tgts for a in t.affiliations}) or None if tgts else None
        return ttype, json_text(actors_value(refs)), json_text(targets_value(tgts)), affiliations

    def fatalities(v: str) -> tuple[object, ...]:
        c = Count.exact(to_count(v, "fatalities"))
        check_ranges(Event(source="acled", source_id="", date_start=latest, fatalities=c), date.min, latest)
        return c.best, json_text([c.best, c.min, c.max, c.qualifier])

    def single(fn: Callable[[dict[str, str]], object], key: str) -> Callable[[str], tuple[object, ...]]:
        return lambda v: (json_text(fn({key: v})),)

    joins: list[str] = []

    def join(name: str, keys: list[str], outputs: list[Output], fn: Callable[..., tuple[object, ...]]) -> None:
        outputs = [*outputs, Output("ok", "BOOLEAN")]
        lookup(con, f"bulk_{name}", keys, outputs, _guard(fn, (None,) * (len(outputs) - 1) + (False,)))
        joins.append(f"JOIN bulk_{name} AS {name} ON " + " AND ".join(f"{name}.k{i} = {k}" for i, k in enumerate(keys)))

    v, j = "VARCHAR", "VARCHAR"
    join("l_day", [col("event_date")], [Output("ds", v)], day)
    join("l_type", [col("event_type"), col("sub_event_type"), col("inter1") if old else "''"],
         [Output("et", v), Output("st", v), Output("type_extra", j), Output("implied", v),
          Output("implied_by", "VARCHAR[]")], types)
    join("l_xy", [col("latitude"), col("longitude")],
         [Output("lat", "DOUBLE"), Output("lon", "DOUBLE"), Output("lat_j", j), Output("lon_j", j)], coords)
    join("l_perp", [col("actor1"), col("ally_actor_1" if ally else "assoc_actor_1")],
         [Output("perps_j", j), Output("perp", v), Output("perp_id", v), Output("unnamed", j)], perps)
    join("l_target", [col("actor2"), col("ally_actor_2" if ally else "assoc_actor_2"), col("inter2")],
         [Output("ttype", v), Output("tactors_j", j), Output("targets_j", j), Output("affil", "VARCHAR[]")], targets)
    join("l_country", [col("iso3"), col("iso"), col("country")], [Output("country", v)],
         lambda a, b, c: (acled.acled_country(cells(iso3=a, iso=b, country=c)),))
    join("l_prec", [col("time_precision")], [Output("prec_j", j)], single(acled.date_precision, "time_precision"))
    join("l_geo", [col("geo_precision")], [Output("km", "DOUBLE"), Output("km_j", j)],
         lambda g: ((km := acled.location_precision_km({"geo_precision": g})), json_text(km)))
    join("l_fat", [col("fatalities")], [Output("fat", "INTEGER"), Output("fat_j", j)], fatalities)
    join("l_stamp", [col("timestamp")], [Output("kf", "TIMESTAMP")], lambda t: (acled.known_from({"timestamp": t}),))
    join("l_src", [col("source")], [Output("src_j", j)], single(acled.sources_of, "source"))
    register_hash(con)
    notes = py_text(col("notes"))
    named_weapons(con, f"(SELECT s.rowid + 1 AS _n, {notes} AS notes FROM bulk_stage s)",
                  "CASE WHEN strlen(notes) = length(notes) AND NOT contains(notes, '_') THEN notes END")
    return _acled_select(con, header, col, joins)


def _acled_select(con: duckdb.DuckDBPyConnection, header: list[str], col: Callable[[str], str],
                  joins: list[str]) -> list[int]:
    controls = " OR ".join(f"regexp_matches(s.{ident(k)}, '{CONTROL}')" for k in header)
    hashes = " OR ".join(f"regexp_matches(s.{ident(k)}, '^{WS}*#')" for k in header)  # the HXL row
    ok = " AND ".join(f"{t.split()[3]}.ok" for t in joins)
    # other text: `convert` finds its weapons
    ascii_notes = f"strlen({col('notes')}) = length({col('notes')}) AND NOT contains({col('notes')}, '_')"
    extra_parts = [f"CASE WHEN {py_strip(f's.{ident(k)}')} NOT IN ('', 'NA') THEN {literal(json_key(k))} || "
                   f"to_json(s.{ident(k)})::VARCHAR END" for k in header if k not in acled.MAPPED]
    extra = f"concat_ws(',', {', '.join([*extra_parts, 'l_type.type_extra', 'l_perp.unnamed'])})"
    base = f"""
        SELECT s.rowid + 1 AS _n, {py_text(col('event_id_cnty'))} AS source_id, {py_text(col('notes'))} AS notes,
               {py_text(col('admin1'))} AS admin1, {py_text(col('admin2'))} AS admin2,
               {py_text(col('location'))} AS location, {extra} AS extra,
               ({ok} AND NOT ({controls}) AND {ascii_notes} AND NOT ({hashes})) AS clean,
               l_day.ds, l_type.et, l_type.st, l_type.implied, l_type.implied_by, l_xy.lat, l_xy.lon, l_xy.lat_j, l_xy.lon_j, l_perp.perps_j,
               l_perp.perp, l_perp.perp_id, l_target.ttype, l_target.tactors_j, l_target.targets_j,
               l_target.affil, l_country.country, l_prec.prec_j, l_geo.km, l_geo.km_j, l_fat.fat, l_fat.fat_j,
               l_stamp.kf, l_src.src_j
        FROM bulk_stage s {' '.join(joins)}"""
    con.execute(f"CREATE OR REPLACE TABLE bulk_scratch.bulk_acled AS {base}")  # evaluated once, read twice
    dirty = [n for (n,) in con.execute("SELECT _n FROM bulk_acled WHERE NOT clean OR source_id IS NULL "
                                       "ORDER BY _n").fetchall()]
    record = ("'[\"acled\",' || to_json(source_id)::VARCHAR || ',\"' || ds || '\",\"' || ds || '\",' || prec_j || ',' || "
              + " || ',' || ".join([json_or_null("country"), json_or_null("admin1"), json_or_null("admin2"),
                                    json_or_null("location"), "lat_j", "lon_j", "km_j", json_or_null("et"),
                                    json_or_null("st"), "weapons_j", "perps_j", "tactors_j", json_or_null("ttype"),
                                    "targets_j", "fat_j"])
              + " || ',[null,null,null,\"unknown\"],[],\"unknown\",null,' || " + json_or_null("notes")
              + " || ',' || src_j || ',[],' || CASE WHEN extra = '' THEN 'null' ELSE '{' || extra || '}' END || ']'")
    con.execute(f"""
        CREATE OR REPLACE TABLE bulk_scratch.bulk_mapped AS
        WITH a AS (SELECT b.*, coalesce(w.classes, []) AS named, coalesce(w.names, []) AS names,
                          implied IS NOT NULL AND NOT list_has_any(coalesce(w.classes, []), implied_by) AS add_implied
                   FROM bulk_acled b LEFT JOIN bulk_weapons w USING (_n) WHERE clean AND source_id IS NOT NULL),
        c AS (SELECT *, CASE WHEN add_implied THEN list_prepend(implied, named) ELSE named END AS classes,
                        CASE WHEN add_implied THEN list_prepend(st, names) ELSE names END AS weapon_names FROM a),
        w AS (SELECT *, '[' || array_to_string(list_transform(range(1, len(classes) + 1), i -> '["' || classes[i]
                        || '",' || to_json(weapon_names[i])::VARCHAR || ',[null,null,null,"unknown"]]'), ',') || ']'
                        AS weapons_j FROM c),
        r AS (SELECT *, {record} AS record FROM w)
        SELECT 'acled:' || left(sha1('acled' || chr(31) || source_id), 12) AS event_id, 'acled' AS source,
               source_id, estimative_hash(record) AS content_hash, coalesce(kf, ds::DATE::TIMESTAMP) AS known_from,
               ds::DATE AS date_start, ds::DATE AS date_end, json_extract_string(prec_j, '$') AS date_precision,
               country, admin1, admin2, location, lat, lon, km AS location_precision_km, et AS event_type,
               st AS sub_event_type,
               CASE len(classes) WHEN 0 THEN NULL WHEN 1 THEN classes ELSE list_sort(list_distinct(classes)) END
                   AS weapon_classes,
               perp AS perpetrator, perp_id AS perpetrator_id, ttype AS target_type, affil AS target_affiliations,
               fat AS fatalities, NULL::INTEGER AS injuries, 'unknown' AS claim_status, NULL AS claimant_id,
               notes, record, _n
        FROM r""")
    return dirty


BULK_MAPPINGS: dict[str, Callable[[duckdb.DuckDBPyConnection, list[str]], list[int]]] = {"acled": acled_mapping}
