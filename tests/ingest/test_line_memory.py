"""Memory flat in the input's size on the line-by-line ingest (#22): the ingest holds no more
than a few batches of its input at any time. The rest is already on disk, in the scratch tables
of its bulk session, where DuckDB works under its memory limit.

These tests assert that structure (rows read minus rows staged stays under five batches: a batch of
events and one of rejected rows being filled, two queued, one being written), not a memory figure: peak RSS per file size is in
the benchmark (`line_memory` in benchmarks/bench_ingest.py).
"""
from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from estimative.model import Event
from estimative.sources import ingest_path
from estimative.sources.sigacts import SigactsAdapter
from estimative.store import Rejected, Store
from estimative.store import events as store_events

BATCH = 200
HELD_AT_MOST = 5 * BATCH


class Watched:
    """Passes items through, checking every 50th time that all but HELD_AT_MOST of the items
    already read are in the scratch tables (`staged`); `held` is the most it saw held."""

    def __init__(self, store: Store, items: Iterable[Event | Rejected]) -> None:
        self.cursor = store.cursor()  # a second connection: the ingest's own is busy
        self.items = items
        self.read = 0
        self.held = 0
        self.checks = 0

    def staged(self) -> int:
        return sum(self.cursor.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                   for t in (store_events.STAGED_EVENTS, store_events.STAGED_REJECTS))

    def __iter__(self) -> Iterator[Event | Rejected]:
        for item in self.items:
            if self.read % 50 == 0 and self.read:
                self.held = max(self.held, self.read - self.staged())
                self.checks += 1
            self.read += 1
            yield item


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_events, "BATCH_ROWS", BATCH)


def _items(n: int) -> Iterator[Event | Rejected]:
    """n items, every tenth a rejected row and the rest events."""
    for i in range(n):
        if i % 10 == 9:
            yield Rejected(line=i + 2, reason="written for the test", raw=f"row {i}")
        else:
            yield Event(source="acled", source_id=f"M{i}", date_start=date(2020, 1, 1) + timedelta(days=i % 700))


def test_the_ingest_holds_a_few_batches_of_its_input_at_most(tmp_path: Path) -> None:
    n = 30 * BATCH
    with Store(tmp_path / "m.duckdb") as store:
        watched = Watched(store, _items(n))
        report = store.ingest(watched, source="acled")
        assert watched.checks >= n // 50 - 1
        assert 0 < watched.held < HELD_AT_MOST, watched.held
        assert (report.rows_read, report.added, report.quarantined) == (n, n - n // 10, n // 10)
        assert store.count() == n - n // 10
        again = store.ingest(_items(n), source="acled")
        assert (again.added, again.unchanged, again.quarantined) == (0, n - n // 10, n // 10)


def test_a_file_of_rejected_rows_is_staged_in_batches_too(tmp_path: Path) -> None:
    n = 20 * BATCH
    rejects = (Rejected(line=i + 2, reason="written for the test", raw="x" * 100) for i in range(n))
    with Store(tmp_path / "r.duckdb") as store:
        watched = Watched(store, rejects)
        report = store.ingest(watched, source="acled", file_sha256="f" * 64)
        assert 0 < watched.held < HELD_AT_MOST, watched.held
        assert (report.rows_read, report.stored, report.quarantined) == (n, 0, n)
        assert store.stats()["quarantined"] == n


def test_a_sigacts_file_streams_from_the_reader_to_the_scratch(data_dir: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """ingest_path: the file's rows go through the adapter into the scratch as they are read."""
    with (data_dir / "sigacts_iraq" / "sigacts_iraq_2004_2007.csv").open(encoding="utf-8", newline="") as f:
        rows = list(itertools.islice(csv.reader(f), 20 * BATCH + 1))
    path = tmp_path / "sigacts_part.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    watchers: list[Watched] = []
    convert = SigactsAdapter.events

    def watched_events(self: SigactsAdapter, rows: Iterable[object]) -> Iterator[Event | Rejected]:
        watchers.append(Watched(store, convert(self, rows)))  # type: ignore[arg-type]
        return iter(watchers[-1])

    monkeypatch.setattr(SigactsAdapter, "events", watched_events)
    with Store(tmp_path / "s.duckdb") as store:
        report = ingest_path(store, path, "sigacts", progress=False)
    (watched,) = watchers
    assert watched.read == report.rows_read == 20 * BATCH
    assert report.stored + report.quarantined == report.rows_read
    assert 0 < watched.held < HELD_AT_MOST, watched.held
