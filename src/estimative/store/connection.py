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

from estimative.store.schema import migrate


def default_db_path() -> Path:
    """`$ESTIMATIVE_DB`, else a file in the user's data directory."""
    env = os.environ.get("ESTIMATIVE_DB")
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "estimative" / "estimative.duckdb"


class Connection:
    """One DuckDB file (or `:memory:`). Use as a context manager or call `close()`."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = str(path) if path is not None else str(default_db_path())
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self.read_only = read_only
        self.con = duckdb.connect(self.path, read_only=read_only)
        # the store's database name, which CHECKPOINT and the search path of an ingest's session
        # name (inside that session, the scratch database comes first)
        self.database: str = self.con.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
        if not read_only:
            migrate(self.con)

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
