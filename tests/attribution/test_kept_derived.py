"""What attribution reads from each stored revision (masked text, tokens) is kept in the store, so
a new process reads it back instead of masking the whole record again, and reads the same."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from estimative.analysis import attribution_features
from estimative.analysis.attribution import prepared_record
from estimative.analysis.attribution_features import _DERIVED, derived_version
from estimative.knowledge import curated_events
from estimative.store import Store

AS_OF = datetime(2024, 6, 1)


def _new_process() -> None:
    attribution_features._READ.clear()
    attribution_features._MASKED.clear()


def _kept(store: Store) -> list[tuple[str, int]]:
    return store.cursor().execute("SELECT version, count(*) FROM derived GROUP BY 1").fetchall()


@pytest.fixture()
def store(tmp_path) -> Store:
    with Store(tmp_path / "store.duckdb") as s:
        s.ingest(curated_events(), source="curated")
        yield s


def test_a_new_process_reads_back_what_was_derived_and_derives_nothing(store: Store, monkeypatch) -> None:
    _new_process()
    first = prepared_record(store, AS_OF)
    assert len(first) > 100 and first["text"].str.contains(r"\[MASKED\]").any()
    assert _kept(store) == [(derived_version(), len(first))]
    _new_process()

    def derive_again(*args, **kwargs):
        raise AssertionError("a kept revision was derived again")

    monkeypatch.setattr(attribution_features, "_derived", derive_again)
    again = prepared_record(store, AS_OF)
    pd.testing.assert_frame_equal(first[list(_DERIVED)], again[list(_DERIVED)])
    assert list(again.columns) == list(first.columns) and not any(c.startswith("d_") for c in again.columns)


def test_values_of_another_version_are_derived_again_and_dropped(store: Store, monkeypatch) -> None:
    _new_process()
    n = len(prepared_record(store, AS_OF))
    _new_process()
    monkeypatch.setattr(attribution_features, "derived_version", lambda: "0" * 16)
    monkeypatch.setattr("estimative.analysis.attribution.derived_version", lambda: "0" * 16)
    prepared_record(store, AS_OF)
    assert _kept(store) == [("0" * 16, n)]


def test_a_read_only_store_keeps_nothing_and_an_old_schema_fails_nothing(tmp_path) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path) as s:  # a store made before the `derived` table existed
        s.ingest(curated_events(), source="curated")
        s.con.execute("DROP TABLE derived")
        s.con.execute("DELETE FROM schema_version WHERE version = 4")
    _new_process()
    with Store(path, read_only=True) as s:
        old = prepared_record(s, AS_OF)
        assert s.keep_derived(derived_version(), [("x", AS_OF, None, 1, None, "", "", "", "")]) is False
    _new_process()
    with Store(path) as s:  # opened for writing, it is migrated and keeps what it derives
        pd.testing.assert_frame_equal(old, prepared_record(s, AS_OF))
        assert _kept(s) == [(derived_version(), len(old))]
