"""Source adapters: dataset files in, canonical `Event`s out, through one streaming CSV reader.

`ingest_path` is what `estimative ingest` calls: it checks the file (`csvfile.CsvFile`), picks
the adapter for `--source`, checks the header, and streams every row into `Store.ingest`, which
stores the whole file in one transaction (kill-safe) and quarantines every row an adapter
rejects. See docs/ingest.md for each adapter's mapping.
"""
from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from pathlib import Path

from estimative.sources.acled import AcledAdapter
from estimative.sources.base import Adapter, IngestError, RowError
from estimative.sources.bulk import ingest_bulk
from estimative.sources.csvfile import MAX_BYTES, CsvError, CsvFile, CsvRow
from estimative.sources.csvmap import CsvMapAdapter
from estimative.sources.gtd import GtdAdapter
from estimative.sources.numbering import key_numbering
from estimative.sources.rand import RandAdapter
from estimative.sources.sigacts import SigactsAdapter
from estimative.sources.ucdp import UcdpAdapter
from estimative.store import IngestReport, Store
from estimative.store.bulk import MEMORY_ENV, memory_limit
from estimative.store.events import OutOfIngestMemory

ADAPTERS: dict[str, type[Adapter]] = {
    "acled": AcledAdapter,
    "ucdp": UcdpAdapter,
    "gtd": GtdAdapter,
    "rand": RandAdapter,
    "sigacts": SigactsAdapter,
    "csv": CsvMapAdapter,
}

__all__ = ["ADAPTERS", "MAX_BYTES", "AcledAdapter", "Adapter", "CsvFile", "CsvRow", "IngestError", "RowError",
           "ingest_bulk", "ingest_path"]


def ingest_path(store: Store, path: str | Path, source: str, mapping: str | Path | None = None,
                progress: bool = True, bulk: bool = True) -> IngestReport:
    """Ingest one dataset file: every row stored or quarantined, all in one transaction.

    Raises IngestError (a message to show, never a traceback) for an unknown source, a bad
    mapping, or a file that is missing, empty, binary, too large or lacks the source's columns.
    A file an adapter can map in bulk goes through DuckDB (`sources.bulk`) unless `bulk` is
    False; the stored events are the same either way.
    """
    if source not in ADAPTERS:
        raise IngestError(f"unknown source {source!r}: use one of {', '.join(ADAPTERS)}")
    adapter = ADAPTERS[source](Path(mapping) if mapping is not None else None)
    try:
        csv_file = CsvFile(path)
    except CsvError as exc:
        raise IngestError(str(exc)) from None
    with _Progress(csv_file, progress) as update:
        rows = csv_file.rows(update)
        try:
            first = next(rows, None)  # reads the header
        except CsvError as exc:
            raise IngestError(str(exc)) from None
        adapter.check_header(csv_file.header, csv_file.path)
        report = ingest_bulk(store, csv_file, adapter) if bulk else None
        if report is not None:
            report.encoding = csv_file.encoding_read
            return report
        if adapter.keys is not None:  # natural keys: numbered in SQL once the file is staged
            adapter.keys.deferred = True
        items = adapter.events(itertools.chain([first], rows) if first is not None else rows)
        try:
            report = store.ingest(items, source=adapter.source, path=str(csv_file.path.resolve()),
                                  file_sha256=csv_file.sha256, encoding=csv_file.encoding,
                                  prepare=key_numbering(adapter.source) if adapter.keys is not None else None)
        except OutOfIngestMemory:
            raise IngestError(
                f"{csv_file.path.name}: the store ran out of its ingest memory ({memory_limit()}) while writing "
                f"this file; nothing was stored. Set {MEMORY_ENV} to a larger limit (e.g. {MEMORY_ENV}=2GB) "
                "or split the file, then ingest it again") from None
        report.encoding = csv_file.encoding_read
        report.notes = csv_file.notes()
        return report


# ---------------------------------------------------------------------------- progress
class _Progress:
    """Progress over bytes read, on stderr: a rich bar on a terminal, else a plain line per tenth
    (so logs, and anything watching a background ingest, see how far it got)."""

    def __init__(self, csv_file: CsvFile, enabled: bool) -> None:
        self.file = csv_file
        self.enabled = enabled
        self._bar = None
        self._shown = 0

    def __enter__(self) -> Callable[[int], None] | None:
        if not self.enabled:
            return None
        f = self.file
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(),
                                       TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            task = bar.add_task(f"ingest {f.path.name}", total=f.size)
            bar.start()
            return lambda done: bar.update(task, completed=done)
        print(f"ingest {f.path.name}: {f.size / 1e6:.1f} MB, encoding {f.encoding}", file=sys.stderr, flush=True)
        return self._line

    def _line(self, done: int) -> None:
        tenth = min(10, done * 10 // max(self.file.size, 1))
        if tenth > self._shown:
            self._shown = tenth
            print(f"ingest {self.file.path.name}: {tenth * 10}% read", file=sys.stderr, flush=True)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
