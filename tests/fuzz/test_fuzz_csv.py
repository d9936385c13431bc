"""Fuzz the CSV reader and the adapters: any bytes give rows or quarantined rows, never a crash,
and every data row is accounted for (#22)."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fuzzing import examples
from hypothesis import given
from hypothesis import strategies as st

from estimative.sources import ADAPTERS, IngestError, ingest_path
from estimative.sources.base import to_count, to_date, to_int, to_latlon
from estimative.sources.csvfile import CsvError, CsvFile
from estimative.store import Rejected, Store

RAND_HEADER = "Date,City,Country,Perpetrator,Weapon,Injuries,Fatalities,Description"
SIGACTS_HEADER = "time,event_type,target,city"
# Characters that stress a CSV reader: quotes, separators, line ends, NUL, non-ASCII, invisible.
CELL = st.text(alphabet=st.sampled_from(list('ab Z09-:.,"\'\r\n\t;é’–\x00\u200b\ud7ff')), max_size=12)
NUMBER = st.one_of(st.integers(-2**70, 2**70).map(str), st.sampled_from(["", "1.0", "-99", "1e9", "nan", "0x1f"]))
DATE = st.one_of(st.dates().map(str), st.sampled_from(["", "9999-12-31", "0001-01-01", "2006-02-30", "12/31/2006"]))


def _rand_row(draw: st.DrawFn) -> str:
    cells = [draw(DATE), draw(CELL), draw(st.sampled_from(["Iraq", "Colombia", "", "Nowhere"])), draw(CELL),
             draw(st.sampled_from(["Firearms", "Explosives", "", "Unknown"])), draw(NUMBER), draw(NUMBER), draw(CELL)]
    if draw(st.booleans()):
        cells = [f'"{c}"' if draw(st.booleans()) else c for c in cells]
    return ",".join(cells[:draw(st.integers(1, 9))])


@st.composite
def rand_files(draw: st.DrawFn) -> bytes:
    rows = [_rand_row(draw) for _ in range(draw(st.integers(0, 6)))]
    out = [RAND_HEADER.encode()]
    for r in rows:
        enc = draw(st.sampled_from(["utf-8", "cp1252"]))
        out.append(r.encode(enc, "replace" if enc == "cp1252" else "surrogatepass"))
    return draw(st.sampled_from([b"\n", b"\r\n"])).join(out) + draw(st.sampled_from([b"", b"\n"]))


def _read_all(path: Path, source: str) -> tuple[int, int]:
    """(rows, rejected) after the adapter: raises only CsvError/IngestError."""
    csv_file = CsvFile(path)
    adapter = ADAPTERS[source]()
    rows = csv_file.rows()
    first = next(rows, None)
    adapter.check_header(csv_file.header, path)
    items = list(adapter.events([first, *rows] if first is not None else rows))
    return len(items), sum(isinstance(i, Rejected) for i in items)


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)


@examples(1200)
@given(data=rand_files())
def test_any_rand_file_gives_rows_or_reasons(workdir: Path, data: bytes) -> None:
    path = workdir / "rand.csv"
    path.write_bytes(data)
    try:
        n, _ = _read_all(path, "rand")
    except (CsvError, IngestError):
        return
    if b'"' not in data:  # without quotes a record is one line: every non-blank line is one row
        assert n == sum(1 for line in data.split(b"\n")[1:] if line.strip(b" \t\r"))


@examples(1200)
@given(lines=st.lists(st.text(alphabet=st.sampled_from(list('0123456789-: ,"ABCIEDoalt\n')), max_size=40),
                      max_size=8))
def test_any_sigacts_file_gives_rows_or_reasons(workdir: Path, lines: list[str]) -> None:
    path = workdir / "sigacts.csv"
    path.write_text(SIGACTS_HEADER + "\n" + "\n".join(lines), encoding="utf-8")
    try:
        _read_all(path, "sigacts")
    except (CsvError, IngestError):
        pass


@examples(6000)
@given(value=st.one_of(NUMBER, st.text(max_size=50)), lat=st.text(max_size=10), lon=NUMBER)
def test_field_parsers_raise_only_value_errors(value: str, lat: str, lon: str) -> None:
    for parse in (lambda: to_int(value, "n"), lambda: to_count(value, "n"), lambda: to_date(value, "d"),
                  lambda: to_latlon(lat, lon)):
        try:
            parse()
        except ValueError:
            pass


@examples(60)
@given(data=rand_files())
def test_ingest_accounts_for_every_row(workdir: Path, data: bytes) -> None:
    path = workdir / "ingest.csv"
    path.write_bytes(data)
    with Store(":memory:") as store:
        try:
            report = ingest_path(store, path, "rand", progress=False)
        except IngestError:
            return
        assert report.stored + report.quarantined == report.rows_read
        assert store.count() == report.added
