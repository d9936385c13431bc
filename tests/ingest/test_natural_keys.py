"""Rows that share a natural key are numbered in SQL once an ingest has staged them
(`sources.numbering`), by the rule the adapters applied in Python before (#22: a count per key
held in memory grew with the file): the ids, records and content hashes stored are those of
the rule, a re-ingest adds nothing, and stored + quarantined = raw rows."""
from __future__ import annotations

import csv
import hashlib
import itertools
from collections import Counter
from pathlib import Path

from estimative.sources import ingest_path
from estimative.sources.csvfile import CsvFile
from estimative.sources.rand import RandAdapter
from estimative.sources.sigacts import SigactsAdapter
from estimative.store import Rejected, Store
from estimative.store.records import event_row

SLICE = 6000  # data rows of the real SIGACTS file from row SKIP on: many report times repeat in
SKIP = 24_000  # them, and printed page headers among them are quarantined


def _rule_id(source: str, source_id: str) -> str:
    """The event id rule (docs/store.md): source, and the first 12 hex of sha1(source \\x1f source id)."""
    digest = hashlib.sha1((source + "\x1f" + source_id).encode()).hexdigest()
    return f"{source}:{digest[:12]}"


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_a_real_sigacts_slice_gets_the_ids_the_rule_gives(data_dir: Path, tmp_path: Path) -> None:
    with (data_dir / "sigacts_iraq" / "sigacts_iraq_2004_2007.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        rows = [next(reader), *itertools.islice(reader, SKIP, SKIP + SLICE)]
    path = tmp_path / "sigacts_slice.csv"
    _write(path, rows)
    with Store(tmp_path / "k.duckdb") as store:
        first = ingest_path(store, path, "sigacts", progress=False)
        quarantined = {q["line"] for q in store.quarantine("sigacts", limit=SLICE)}
        stored = {r[0]: r[1:] for r in store.cursor().execute(
            "SELECT source_id, event_id, content_hash, record FROM events WHERE source = 'sigacts'").fetchall()}
        again = ingest_path(store, path, "sigacts", progress=False)
        assert store.count() == len(stored)

    assert first.rows_read == SLICE and first.stored + first.quarantined == SLICE and first.quarantined > 100
    assert (again.added, again.revised, again.unchanged) == (0, 0, first.stored)
    # The rule, from the raw rows: the report time, then the row's count among the stored rows
    # before it with that time (the quarantined rows of this slice are rejected before a key is
    # asked for: page headers, rows without a time).
    seen: Counter[str] = Counter()
    expected = []
    header = rows[0]
    for line, row in enumerate(rows[1:], start=2):
        if line in quarantined:
            continue
        t = row[header.index("time")].strip()
        seen[t] += 1
        expected.append(f"{t}/{seen[t]}")
    assert len(expected) == first.stored
    assert sum(n > 1 for n in seen.values()) > 100  # many keys repeat: the numbering is exercised
    assert set(stored) == set(expected)
    assert all(eid == _rule_id("sigacts", sid) for sid, (eid, _, _) in stored.items())
    # and every record and content hash is what the adapter makes when it numbers in memory, as
    # the evaluations read a file (the record holds the source id: it was rewritten in SQL)
    csv_file = CsvFile(path)
    in_memory = [e for e in SigactsAdapter().events(csv_file.rows()) if not isinstance(e, Rejected)]
    assert len(in_memory) == len(stored)
    for e in in_memory:
        _, _, _, content_hash = event_row(e)[:4]
        assert stored[e.source_id][1:] == (content_hash, event_row(e)[-1]), e.source_id


def test_a_row_rejected_after_it_was_keyed_keeps_its_number(data_dir: Path, tmp_path: Path) -> None:
    """RAND keys a row before its range checks: a row with an impossible count is quarantined
    but keeps its number, so an identical row after it is `/3`, as when the count was kept in
    Python (the ids of a file ingested before stay the same)."""
    with (data_dir / "rand_rdwti" / "rand_rdwti_1968_2009.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        row = next(r for r in reader if r[header.index("Fatalities")].strip() == "1")
    spoiled = list(row)
    spoiled[header.index("Fatalities")] = "2000000"  # over MAX_COUNT: rejected by the range check
    path = tmp_path / "rand_keyed.csv"
    _write(path, [header, row, spoiled, row])
    in_memory = list(RandAdapter().events(CsvFile(path).rows()))
    assert isinstance(in_memory[1], Rejected) and "out of range" in in_memory[1].reason
    key = in_memory[0].source_id.rsplit("/", 1)[0]  # type: ignore[union-attr]
    assert [getattr(e, "source_id", None) for e in in_memory] == [f"{key}/1", None, f"{key}/3"]
    with Store(tmp_path / "r.duckdb") as store:
        report = ingest_path(store, path, "rand", progress=False)
        ids = sorted(r[0] for r in store.cursor().execute(
            "SELECT source_id FROM events WHERE source = 'rand'").fetchall())
    assert (report.rows_read, report.stored, report.quarantined) == (3, 2, 1)
    assert ids == [f"{key}/1", f"{key}/3"]


def test_a_csv_mapping_with_an_id_column_keeps_its_ids_as_they_are(tmp_path: Path) -> None:
    """Only sources without an id column are numbered."""
    (tmp_path / "m.yaml").write_text("source: mine\nid: ref\ndate: day\ncountry: country\n", encoding="utf-8")
    path = tmp_path / "mine.csv"
    _write(path, [["ref", "day", "country"], ["A-1", "2006-02-22", "Iraq"], ["A-2", "2006-02-22", "Iraq"]])
    with Store(tmp_path / "c.duckdb") as store:
        report = ingest_path(store, path, "csv", mapping=tmp_path / "m.yaml", progress=False)
        ids = sorted(r[0] for r in store.cursor().execute(
            "SELECT source_id FROM events WHERE source = 'mine'").fetchall())
    assert report.added == 2 and ids == ["A-1", "A-2"]
