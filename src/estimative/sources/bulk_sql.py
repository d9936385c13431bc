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
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import duckdb
import pyarrow as pa

from estimative.sources.base import weapon_lexicon
from estimative.store.records import json_text

# Python's str.strip() whitespace, as an RE2 class (str.isspace: \t-\r, \x1c-\x1f, space, \x85, Unicode Z*)
WS = r"[\t-\r\x{1c}-\x{20}\x{85}\p{Z}]"
# Control characters whose JSON escape DuckDB spells in upper-case hex (orjson in lower case):
# a row holding one is mapped by the adapter's `convert`.
CONTROL = r"[\x{01}-\x{08}\x{0b}\x{0e}-\x{1f}]"

_ARROW = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(), "INTEGER": pa.int32(),
          "TIMESTAMP": pa.timestamp("us"), "DATE": pa.date32(), "VARCHAR[]": pa.list_(pa.string())}


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def event_id_sql(source: str, source_id: str) -> str:
    """SQL for `model.event_id(source, <source_id expression>)`: the source, a colon and the first 12
    hex digits of the SHA-1 of source, unit separator, source id."""
    return f"{literal(source + ':')} || left(sha1({literal(source)} || chr(31) || {source_id}), 12)"


SPACE_PLANE = 0x10000  # every character `str.isspace` holds is below (the tests check): scanning all
# of Unicode took 0.03 CPU s per process instead of 0.003


@lru_cache(maxsize=1)
def _space_chars() -> str:
    """Every character `str.strip()` removes (`str.isspace`), as a SQL literal."""
    return literal("".join(c for c in map(chr, range(SPACE_PLANE)) if c.isspace()))


def py_strip(expr: str) -> str:
    """SQL for Python's `expr.strip()`: only values that start or end with a space, a control or a
    non-ASCII character (the first and last code point) pay `trim` over the characters Python
    strips. No regex: a file of a hundred columns, GTD's, would compile one per column and
    thread, megabytes each (a 2,000-row GTD file ran out of 300 MB)."""
    return (f"CASE WHEN {expr} = '' THEN '' WHEN ord({expr}) NOT BETWEEN 33 AND 132 OR ord({expr}[-1:]) NOT BETWEEN "
            f"33 AND 132 THEN trim({expr}, {_space_chars()}) ELSE {expr} END")


def py_text(expr: str) -> str:
    """SQL for `sources.base.text`: stripped, NULL when empty."""
    return f"nullif({py_strip(expr)}, '')"


def json_or_null(expr: str) -> str:
    """The JSON text orjson writes for a string or None (control characters aside, see CONTROL)."""
    return f"coalesce(to_json({expr})::VARCHAR, 'null')"


# Up to this many columns `kept_cells` spells one expression per column, beyond it one list (see there)
_KEPT_PER_COLUMN = 32


def kept_cells(columns: Sequence[str], keep: Callable[[str], str]) -> str:
    """SQL of the `"column":"cell",...` members of `extra` (orjson's text, in file order) for the
    staged `columns` whose cell passes `keep` (SQL over the cell's expression), '' for none. Up to
    `_KEPT_PER_COLUMN` columns (ACLED's 7, UCDP's 17 to 21), one CASE per column: a third cheaper
    than the list (1.2 against 1.7 CPU s over 1 M ACLED rows, one thread). More (GTD's hundred), one
    list and two lambdas over it: each string expression holds its own buffers per thread, and a
    hundred of them ran DuckDB out of 300 MB on 20,000 GTD rows."""
    if not columns:
        return "''"
    if len(columns) <= _KEPT_PER_COLUMN:
        cases = ", ".join(f"CASE WHEN {keep(f's.{ident(k)}')} THEN concat({literal(json_key(k))}, "
                          f"to_json(s.{ident(k)})::VARCHAR) END" for k in columns)
        return f"concat_ws(',', {cases})"
    cells = ", ".join(f"{{'k': {literal(json_key(k))}, 'v': s.{ident(k)}}}" for k in columns)
    return (f"array_to_string(list_transform(list_filter([{cells}], x -> {keep('x.v')}), "
            f"x -> concat(x.k, to_json(x.v)::VARCHAR)), ',')")


@dataclass(frozen=True, slots=True)
class Output:
    name: str
    sql_type: str


def lookup(con: duckdb.DuckDBPyConnection, name: str, keys: Sequence[str], outputs: Sequence[Output],
           fn: Callable[..., tuple[Any, ...]]) -> None:
    """The temporary table `name`: one row per distinct tuple of the SQL expressions `keys` over `bulk_stage`
    (columns k0, k1, ...) with `fn(*values)` as the `outputs`."""
    rows = con.execute(f"SELECT DISTINCT {', '.join(keys)} FROM bulk_stage s").fetchall()
    results = [fn(*r) for r in rows]
    arrays = [pa.array([r[i] for r in rows], pa.string()) for i in range(len(keys))]
    arrays += [pa.array([r[j] for r in results], _ARROW[o.sql_type]) for j, o in enumerate(outputs)]
    table = pa.Table.from_arrays(arrays, names=[f"k{i}" for i in range(len(keys))] + [o.name for o in outputs])
    con.register("bulk_lookup_rows", table)
    try:  # a DuckDB table, with statistics, so each join builds its hash table on the lookup, not the file
        con.execute(f"CREATE OR REPLACE TABLE bulk_scratch.{name} AS SELECT * FROM bulk_lookup_rows")
    finally:
        con.unregister("bulk_lookup_rows")


def row_flag(cells: Sequence[str]) -> str:
    """SQL, true for a row of these cells that holds a control character (see CONTROL), a line
    break, or a cell that starts with `#` after any spaces (the HXL row): one pattern over the
    cells joined by a form feed (a space to `str.strip`, and no control to CONTROL). It may flag
    a row that holds a form feed itself; such a row only takes the slower, exact way."""
    return (f"regexp_matches(concat_ws(chr(12), {', '.join(cells)}), "
            f"'{CONTROL}|[\\n\\r]|(?:^|\\x{{0c}}){WS}*#')")


def _blake12(records: pa.Array | pa.ChunkedArray) -> pa.Array:
    """`records.event_row`'s content hash, over a vector of records (never null): each record's
    UTF-8 bytes are read from the Arrow buffer as they are, not made Python strings."""
    if isinstance(records, pa.ChunkedArray):
        records = records.combine_chunks()
    width = 8 if pa.types.is_large_string(records.type) else 4
    _, offsets, data = records.buffers()
    ends = memoryview(offsets).cast("q" if width == 8 else "i")[records.offset:records.offset + len(records) + 1]
    text = memoryview(data) if data is not None else memoryview(b"")
    blake = hashlib.blake2b
    return pa.array([blake(text[a:b], digest_size=12).hexdigest() for a, b in itertools.pairwise(ends)], pa.string())


def register_hash(con: duckdb.DuckDBPyConnection) -> None:
    """`estimative_hash(record)`: the content hash, as a vectorised DuckDB function."""
    try:
        con.remove_function("estimative_hash")
    except duckdb.Error:
        pass
    con.create_function("estimative_hash", _blake12, [duckdb.sqltype("VARCHAR")], duckdb.sqltype("VARCHAR"),
                        type="arrow", null_handling="special", side_effects=False)  # type: ignore[call-overload]


def json_key(name: str) -> str:
    """`"name":` as orjson writes a dict key, for splicing into an object built in SQL."""
    return json_text(name) + ":"


# ------------------------------------------------------------------------ weapons named in text
# `sources.base.weapons_in` in SQL, exact for ASCII text without underscores (an adapter sends
# other text to its `convert`): the lexicon's phrases as one RE2 pattern, a trie whose greedy
# options make the longest phrase win at each word, as the Python scan does. On such text RE2's
# \b is exactly the edge of the Python scan's words ([^\W_]+ is [a-zA-Z0-9]+ there).
_SEP = "[^a-zA-Z0-9]"


def _trie_pattern(phrases: Sequence[tuple[str, ...]], sep: str) -> str:
    trie: dict[str | None, Any] = {}
    for words in phrases:
        node = trie
        for i, word in enumerate(words):
            for atom in ([None] if i else []) + list(word):
                node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict[str | None, Any]) -> str:
        parts = [(sep if k is None else re.escape(k)) + emit(node[k])
                 for k in sorted((k for k in node if k != ""), key=lambda k: (k is None, k or ""))]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


@lru_cache(maxsize=1)
def weapon_pattern() -> str:
    table, _ = weapon_lexicon()
    return "(?i)\\b(" + _trie_pattern(list(table), _SEP + "+") + ")\\b"


def weapon_lexicon_table() -> pa.Table:
    table, _ = weapon_lexicon()
    return pa.table({"key": [" ".join(k) for k in table], "cls": list(table.values())})


def named_weapons(con: duckdb.DuckDBPyConnection, rows: str, text: str, batch: int = 250_000) -> None:
    """Table `bulk_weapons` (_n, classes, names): the weapons each row's `text` (ASCII without
    underscores, else NULL) names, one per class in order of first mention, as `weapons_in`
    finds them. Rows of `rows` (a table or subquery with `_n`) without any are left out. Done
    `batch` rows at a time: the ordered lists are built in memory."""
    last = con.execute(f"SELECT coalesce(max(_n), 0) FROM {rows}").fetchone()[0]  # type: ignore[index]
    con.register("bulk_lexicon", weapon_lexicon_table())
    try:
        con.execute("CREATE OR REPLACE TABLE bulk_scratch.bulk_weapons (_n BIGINT, classes VARCHAR[], names VARCHAR[])")
        for start in range(0, last, batch):
            con.execute(f"""
                INSERT INTO bulk_weapons
                WITH m AS (SELECT _n, regexp_extract_all({text}, ?, 1) AS found FROM {rows}
                           WHERE _n > ? AND _n <= ? AND {text} IS NOT NULL),
                u AS (SELECT _n, unnest(found) AS name, generate_subscripts(found, 1) AS pos FROM m WHERE len(found) > 0),
                j AS (SELECT u._n, u.pos, u.name, x.cls FROM u JOIN bulk_lexicon x
                      ON x.key = array_to_string(regexp_extract_all(lower(u.name), '[a-z0-9]+'), ' ')),
                g AS (SELECT _n, cls, min(pos) AS pos, arg_min(name, pos) AS name FROM j GROUP BY _n, cls)
                SELECT _n, list(cls ORDER BY pos), list(name ORDER BY pos) FROM g GROUP BY _n""",
                        [weapon_pattern(), start, start + batch])
    finally:
        con.unregister("bulk_lexicon")
