"""SQL pieces of the bulk ingest: Python's string rules as DuckDB expressions, lookup tables of
distinct values, and the per-row Python functions DuckDB calls in vectors (`register_udfs`).

A lookup (`lookup`) runs a Python function once per DISTINCT value (or tuple of values) of the
staged file: actor names through the registry, dates, coordinates, countries. Its results are a
small Arrow table the mapping joins on, with an `ok` flag: a value the adapter would reject
sends its row to the adapter's own `convert` (the reason, and the quarantine, are then exactly
today's).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from estimative.store.records import json_text

# Python's str.strip() whitespace, as an RE2 class (str.isspace: \t-\r, \x1c-\x1f, space, \x85, Unicode Z*)
_WS = r"[\t-\r\x{1c}-\x{20}\x{85}\p{Z}]"
# Control characters whose JSON escape DuckDB spells in upper-case hex (orjson in lower case):
# a row holding one is mapped by the adapter's `convert`.
CONTROL = r"[\x{01}-\x{08}\x{0b}\x{0e}-\x{1f}]"

_ARROW = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(), "INTEGER": pa.int32(),
          "TIMESTAMP": pa.timestamp("us"), "VARCHAR[]": pa.list_(pa.string())}


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def py_strip(expr: str) -> str:
    """SQL for Python's `expr.strip()` (only rows that start or end with whitespace pay the regex)."""
    return (f"CASE WHEN regexp_matches(left({expr}, 1) || right({expr}, 1), '{_WS}') "
            f"THEN regexp_replace({expr}, '^{_WS}+|{_WS}+$', '', 'g') ELSE {expr} END")


def py_text(expr: str) -> str:
    """SQL for `sources.base.text`: stripped, NULL when empty."""
    return f"nullif({py_strip(expr)}, '')"


def json_or_null(expr: str) -> str:
    """The JSON text orjson writes for a string or None (control characters aside, see CONTROL)."""
    return f"coalesce(to_json({expr})::VARCHAR, 'null')"


@dataclass(frozen=True, slots=True)
class Output:
    name: str
    sql_type: str


def lookup(con: duckdb.DuckDBPyConnection, name: str, keys: Sequence[str], outputs: Sequence[Output],
           fn: Callable[..., tuple[Any, ...]]) -> str:
    """Register `name`: one row per distinct tuple of the SQL expressions `keys` over `bulk_stage`
    (columns k0, k1, ...) with `fn(*values)` as the `outputs`. Returns the join condition
    against the staged row `s`."""
    rows = con.execute(f"SELECT DISTINCT {', '.join(keys)} FROM bulk_stage s").fetchall()
    results = [fn(*r) for r in rows]
    arrays = [pa.array([r[i] for r in rows], pa.string()) for i in range(len(keys))]
    arrays += [pa.array([r[j] for r in results], _ARROW[o.sql_type]) for j, o in enumerate(outputs)]
    table = pa.Table.from_arrays(arrays, names=[f"k{i}" for i in range(len(keys))] + [o.name for o in outputs])
    con.register(name, table)
    return " AND ".join(f"{name}.k{i} = {k}" for i, k in enumerate(keys))


def _blake12(records: pa.Array) -> pa.Array:
    """`records.event_row`'s content hash, over a vector of records."""
    return pa.array([hashlib.blake2b(r.encode(), digest_size=12).hexdigest() for r in records.to_pylist()],
                    pa.string())


def register_udfs(con: duckdb.DuckDBPyConnection, functions: dict[str, tuple[Callable[..., pa.Array], int]]) -> None:
    """The content hash (`estimative_hash`) and an adapter's per-row functions, as vectorised
    DuckDB functions of VARCHAR arguments returning VARCHAR."""
    for name, (fn, arity) in {"estimative_hash": (_blake12, 1), **functions}.items():
        try:
            con.remove_function(name)
        except duckdb.Error:
            pass
        con.create_function(name, fn, [duckdb.sqltype("VARCHAR")] * arity, duckdb.sqltype("VARCHAR"),
                            type="arrow", null_handling="special", side_effects=False)


def json_key(name: str) -> str:
    """`"name":` as orjson writes a dict key, for splicing into an object built in SQL."""
    return json_text(name) + ":"
