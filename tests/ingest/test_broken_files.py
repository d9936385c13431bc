"""Broken input: bad rows are quarantined with a reason, bad files refused with a message."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from estimative.sources import IngestError, ingest_path
from estimative.sources.csvfile import CsvError, CsvFile
from estimative.store import Store

RAND_HEADER = "Date,City,Country,Perpetrator,Weapon,Injuries,Fatalities,Description\n"
RAND_ROW = '2006-03-0{n},Baghdad,Iraq,Unknown,Explosives,{n},1,"A car bomb exploded near a market, row {n}."\n'


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def _write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def _rows(*numbers: int) -> str:
    return "".join(RAND_ROW.format(n=n) for n in numbers)


def test_wrong_field_count_is_quarantined_and_the_file_goes_on(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "rand.csv", RAND_HEADER + _rows(1) + "2006-03-02,Baghdad,Iraq,Unknown\n"
                  + "2006-03-03,Baghdad,Iraq,Unknown,Explosives,0,0,desc,extra\n" + _rows(4))
    report = ingest_path(store, path, "rand", progress=False)
    assert (report.rows_read, report.added, report.quarantined) == (4, 2, 2)
    q = store.quarantine()
    assert [(r["line"], r["reason"]) for r in q] == [(3, "expected 8 fields, found 4"), (4, "expected 8 fields, found 9")]
    assert q[0]["raw"] == "2006-03-02,Baghdad,Iraq,Unknown" and q[0]["file"] == str(path.resolve())


def test_bad_dates_and_numbers_are_quarantined_with_the_reason(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "rand.csv", RAND_HEADER + _rows(1)
                  + '2006-02-30,Basra,Iraq,Unknown,Firearms,0,0,"impossible day"\n'
                  + '2006-03-05,Basra,Iraq,Unknown,Firearms,many,0,"not a number"\n')
    report = ingest_path(store, path, "rand", progress=False)
    assert (report.added, report.quarantined) == (1, 2)
    reasons = [r["reason"] for r in store.quarantine()]
    assert reasons == ["Date: not a date: '2006-02-30'", "Injuries: not a whole number: 'many'"]


def test_a_cp1252_file_is_detected_and_decoded(store: Store, tmp_path: Path) -> None:
    text = RAND_HEADER + '2001-08-09,Bogotá,Colombia,FARC,Explosives,3,0,"A bomb in Bogotá’s centre – 3 hurt."\n'
    path = _write(tmp_path, "rand_cp1252.csv", text, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    report = ingest_path(store, path, "rand", progress=False)
    assert (report.encoding, report.added, report.quarantined) == ("cp1252", 1, 0)
    e = store.events()[0]
    assert e.location == "Bogotá" and e.notes == "A bomb in Bogotá’s centre – 3 hurt." and e.country == "COL"


def test_utf8_with_bom_and_utf16_are_read(store: Store, tmp_path: Path) -> None:
    bom = _write(tmp_path, "bom.csv", codecs.BOM_UTF8 + (RAND_HEADER + _rows(1)).encode("utf-8"))
    utf16 = _write(tmp_path, "utf16.csv", (RAND_HEADER + _rows(2)).encode("utf-16"))
    assert ingest_path(store, bom, "rand", progress=False).encoding == "utf-8-sig"
    report = ingest_path(store, utf16, "rand", progress=False)
    assert (report.encoding, report.added) == ("utf-16", 1)
    assert store.count() == 2


def test_a_broken_line_in_a_utf8_file_is_quarantined(store: Store, tmp_path: Path) -> None:
    good = (RAND_HEADER + _rows(1) + '2006-03-02,Mosul,Iraq,Unknown,Firearms,0,0,"Café row"\n').encode("utf-8")
    path = _write(tmp_path, "mixed.csv", good + b'2006-03-03,Mosul,Iraq,Unknown,Firearms,0,0,"bad \xff byte"\n'
                  + _rows(4).encode() + b"2006-03-05,Mosul,Iraq,Unknown,Firearms,0,0,NUL\x00here\n")
    report = ingest_path(store, path, "rand", progress=False)
    assert (report.encoding, report.added, report.quarantined) == ("utf-8", 3, 2)
    assert [r["reason"] for r in store.quarantine()] == ["bytes that are not valid UTF-8", "NUL byte in the line"]


def test_blank_lines_are_not_rows_and_a_header_only_file_adds_nothing(store: Store, tmp_path: Path) -> None:
    report = ingest_path(store, _write(tmp_path, "gaps.csv", RAND_HEADER + "\n" + _rows(1) + "\n\n" + _rows(2)),
                         "rand", progress=False)
    assert (report.rows_read, report.added) == (2, 2)
    header_only = ingest_path(store, _write(tmp_path, "header.csv", RAND_HEADER), "rand", progress=False)
    assert (header_only.rows_read, header_only.added, header_only.quarantined) == (0, 0, 0)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.csv", b"", "is empty: there is nothing to ingest"),
    ("blank.csv", b"\n\n\n", "has no header row"),
    ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(4096), "looks like a binary file, not CSV text"),
    ("book.xlsx", b"PK\x03\x04" + bytes(range(256)) * 4, r"is a ZIP archive \(an Excel .xlsx workbook is one\)"),
    ("data.csv.gz", b"\x1f\x8b\x08\x00" + bytes(100), "is a gzip archive"),
])
def test_files_that_are_not_csv_text_are_refused(store: Store, tmp_path: Path, name: str, content: bytes,
                                                 message: str) -> None:
    with pytest.raises(IngestError, match=message):
        ingest_path(store, _write(tmp_path, name, content), "rand", progress=False)
    assert store.is_empty() and store.runs() == []


def test_missing_files_folders_and_unknown_sources_are_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        ingest_path(store, tmp_path / "nope.csv", "rand", progress=False)
    with pytest.raises(IngestError, match="is a folder, not a CSV file"):
        ingest_path(store, tmp_path, "rand", progress=False)
    with pytest.raises(IngestError, match="unknown source 'rdwti': use one of acled, ucdp, gtd, rand, sigacts, csv"):
        ingest_path(store, tmp_path / "nope.csv", "rdwti", progress=False)


def test_a_file_of_another_format_names_the_missing_columns(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "rand.csv", RAND_HEADER + _rows(1))
    with pytest.raises(IngestError, match=r"does not look like a ucdp file: it lacks the column\(s\) id, "
                                          r"type_of_violence.*Check --source"):
        ingest_path(store, path, "ucdp", progress=False)
    assert store.is_empty()


def test_files_over_the_size_cap_are_refused_with_advice(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.csv", RAND_HEADER + _rows(1, 2, 3))
    with pytest.raises(CsvError, match="Split it"):
        CsvFile(path, max_bytes=100)


def test_duplicate_column_names_are_refused(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "dup.csv", "Date,City,city,Country,Perpetrator,Weapon,Injuries,Fatalities,Description\n")
    with pytest.raises(IngestError, match="names a column twice"):
        ingest_path(store, path, "rand", progress=False)


def test_a_semicolon_file_and_old_mac_line_endings_are_read(store: Store, tmp_path: Path) -> None:
    semi = (RAND_HEADER + _rows(1)).replace(",", ";").replace("market; row", "market, row")
    assert ingest_path(store, _write(tmp_path, "semi.csv", semi), "rand", progress=False).added == 1
    mac = (RAND_HEADER + _rows(2, 3)).replace("\n", "\r")
    assert ingest_path(store, _write(tmp_path, "mac.csv", mac), "rand", progress=False).added == 2
