"""The one owner of the store's DuckDB connection: opening (and migrating) the file, a cursor per
thread, the write lock, and the questions every part of the store asks of the schema.

`Store` (store/database.py) is this connection with the store's jobs on top: events
(store/events.py), the workbench's queries (store/workbench.py) and the models' kept state
(store/learned.py). Each job is a class over `Connection`; none opens a connection of its own.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Self

import duckdb

from estimative.store.schema import behind, migrate


def default_db_path() -> Path:
    """`$ESTIMATIVE_DB`, else a file in the user's data directory."""
    env = os.environ.get("ESTIMATIVE_DB")
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "estimative" / "estimative.duckdb"


class StoreSchemaError(RuntimeError):
    """A store whose schema is behind and cannot be migrated (opened read-only while locked, or on
    a read-only file system)."""


class Connection:
    """One DuckDB file (or `:memory:`). Use as a context manager or call `close()`."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = str(path) if path is not None else str(default_db_path())
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self.read_only = read_only
        self.con = duckdb.connect(self.path, read_only=read_only)
        if read_only and self.path != ":memory:" and behind(self.con):
            self.con = self._brought_up_to_date()
        # the store's database name, which CHECKPOINT and the search path of an ingest's session
        # name (inside that session, the scratch database comes first)
        self.database: str = self.con.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
        if not read_only:
            migrate(self.con)

    def _brought_up_to_date(self) -> duckdb.DuckDBPyConnection:
        """A store written by an older estimative, asked for read-only: its queries name columns it
        lacks (`events.id_key`), so it is migrated once for writing, then opened read-only again."""
        self.con.close()
        try:
            with duckdb.connect(self.path) as writer:
                migrate(writer)
        except duckdb.Error as exc:
            raise StoreSchemaError(
                f"the store {self.path} was written by an older estimative and could not be brought up "
                f"to date ({exc}). Open it once for writing (e.g. `estimative ingest` into it, with no "
                "server running on it), then try again.") from exc
        return duckdb.connect(self.path, read_only=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...]:
        """The one row of an aggregate query (count, min, max: always a row)."""
        row = self.cursor().execute(sql, list(params)).fetchone()
        if row is None:
            raise RuntimeError(f"an aggregate query returned no row: {sql[:80]}")
        return row

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one thread (DuckDB connections are not shared across threads)."""
        return self.con.cursor()

    def set_threads(self, n: int) -> None:
        """DuckDB worker threads for each query. A server answering many small queries at once
        does best with 1: requests run side by side on their own threads instead of each query
        paying to spread a few thousand rows over every core (half the CPU per page)."""
        self.con.execute(f"SET threads = {int(n)}")  # a setting takes no bound parameter; int() guards it

    def _has_table(self, name: str) -> bool:
        """Whether the schema has this table (a store of an older schema opened read-only lacks
        the later ones)."""
        row = self.cursor().execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND database_name = current_database()",
            [name]).fetchone()
        return bool(row and row[0])

    def _table_names(self) -> set[str]:
        """The schema's tables. Asked without a bound parameter: binding one makes DuckDB import
        pandas (a third of a second), which `estimative stats` and `coverage` need not pay."""
        return {r[0] for r in self.cursor().execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()}
