"""What models keep in the store: learned state (weights, calibration; table `learned`) and values
derived from stored revisions (masked text, tokens; table `derived`). docs/assessment.md ("Speed").
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from estimative.store.connection import Connection
from estimative.store.schema import DERIVED_COLUMNS


class LearnedStore(Connection):
    """The models' kept state, read and written through the store's one connection."""

    def keep_derived(self, version: str, rows: Sequence[tuple[Any, ...]]) -> bool:
        """Keep what a model derived from stored revisions, rows of (event id, known_from, *the
        DERIVED_COLUMNS), under `version`; values of other versions are dropped. False on a
        read-only store."""
        if self.read_only or not rows:
            return False
        columns = list(zip(*rows, strict=True))
        types = [pa.string(), pa.timestamp("us"), pa.string(), pa.int32(), pa.string(), pa.string(), pa.string(),
                 pa.string(), pa.string()]
        names = ["event_id", "known_from", *DERIVED_COLUMNS]
        new = pa.table({n: pa.array(v, t) for n, v, t in zip(names, columns, types, strict=True)})
        with self._lock:
            cur = self.cursor()
            cur.execute("DELETE FROM derived WHERE version <> ?", [version])
            cur.register("new_derived", new)
            try:
                cur.execute(f"INSERT OR IGNORE INTO derived SELECT event_id, known_from, ?, "
                            f"{', '.join(DERIVED_COLUMNS)} FROM new_derived", [version])
            finally:
                cur.unregister("new_derived")
        return True

    def learned(self, key: str) -> str | None:
        """What a model learned from this store under `key` (see `keep_learned`), or None."""
        try:
            row = self.cursor().execute("SELECT state FROM learned WHERE learned_key = ?", [key]).fetchone()
        except duckdb.CatalogException:  # a store of an older schema opened read-only: nothing kept
            return None
        return row[0] if row else None

    def keep_learned(self, key: str, state: str) -> bool:
        """Keep a model's learned state (JSON) under `key`; False on a read-only store."""
        if self.read_only:
            return False
        with self._lock:
            self.cursor().execute("INSERT OR REPLACE INTO learned VALUES (?, ?, ?)", [key, datetime.now(), state])
        return True

    def forget_learned(self) -> int:
        """Drop every kept learned state and derived value (models learn and read again on next
        use); how many learned states were dropped."""
        with self._lock:
            n = self.one("SELECT count(*) FROM learned")[0]
            self.cursor().execute("DELETE FROM learned")
            self.cursor().execute("DELETE FROM derived")
        return int(n)
