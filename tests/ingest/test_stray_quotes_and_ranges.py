"""Issue #22: no row lost to a bad quote, mixed encodings read line by line, out-of-range values
quarantined with a reason (each test reproduces a probe of the issue)."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from estimative.sources import IngestError, ingest_path
from estimative.store import Store

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
SIGACTS = DATA / "sigacts_iraq" / "sigacts_iraq_2004_2007.csv"
RAND_HEADER = "Date,City,Country,Perpetrator,Weapon,Injuries,Fatalities,Description\n"


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def _rand(tmp_path: Path, *rows: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "rand.csv"
    path.write_bytes(RAND_HEADER.encode() + b"".join(r.encode(encoding) if isinstance(r, str) else r for r in rows))
    return path


def _accounted(report, raw_rows: int) -> None:
    assert report.stored + report.quarantined == report.rows_read == raw_rows


@pytest.mark.skipif(not SIGACTS.exists(), reason="needs ../shared/data/sigacts_iraq")
def test_an_unclosed_quote_in_sigacts_spoils_only_its_own_line(store: Store, tmp_path: Path) -> None:
    with SIGACTS.open(encoding="utf-8", newline="") as f:
        lines = [next(f) for _ in range(1001)]
    lines[10] = lines[10].replace(",", ',"', 1)  # the probe: a quote opened in line 11 and never closed
    path = tmp_path / "u.csv"
    path.write_text("".join(lines), encoding="utf-8")
    report = ingest_path(store, path, "sigacts", progress=False)
    _accounted(report, 1000)
    q = store.quarantine()
    spoiled = [r for r in q if r["line"] == 11]
    assert len(spoiled) == 1 and "ran over 991 lines (to line 1001)" in spoiled[0]["reason"]
    assert spoiled[0]["raw"] == lines[10].rstrip("\r\n")
    assert all("quoted field" not in r["reason"] for r in q if r["line"] != 11)


def test_a_stray_quote_in_rand_does_not_merge_two_rows(store: Store, tmp_path: Path) -> None:
    path = _rand(tmp_path,
                 '2006-03-01,Baghdad,Iraq,Unknown,Explosives,2,1,"A bomb near a market, then\n',
                 '2006-03-02,Mosul,Iraq,Unknown,Firearms,0,1,"Gunmen shot a guard, row 2."\n',
                 '2006-03-03,Basra,Iraq,Unknown,Firearms,0,1,"A shop owner was shot, row 3."\n')
    report = ingest_path(store, path, "rand", progress=False)
    _accounted(report, 3)
    assert (report.added, report.quarantined) == (2, 1)
    assert {e.location for e in store.events()} == {"Mosul", "Basra"}
    assert store.quarantine()[0]["line"] == 2


def test_a_merge_of_the_right_width_is_split_when_each_line_is_a_row(store: Store, tmp_path: Path) -> None:
    # the description of row 1 opens a quote that the last field of row 2 closes: 8 fields in all
    path = _rand(tmp_path,
                 '2006-03-01,Baghdad,Iraq,Unknown,Explosives,2,1,"A bomb near a market\n',
                 '2006-03-02,Mosul,Iraq,Unknown,Firearms,0,1,Gunmen shot a guard"\n')
    report = ingest_path(store, path, "rand", progress=False)
    _accounted(report, 2)
    assert report.quarantined >= 1 and "read again" in store.quarantine()[0]["reason"]


def test_a_sound_field_with_a_line_break_is_kept(store: Store, tmp_path: Path) -> None:
    path = _rand(tmp_path, '2006-03-01,Baghdad,Iraq,Unknown,Explosives,2,1,"A bomb near a market.\n',
                 'Two people were hurt."\n')
    report = ingest_path(store, path, "rand", progress=False)
    assert (report.added, report.quarantined) == (1, 0)
    assert store.events()[0].notes == "A bomb near a market.\nTwo people were hurt."


def test_utf8_and_cp1252_lines_mixed_are_each_read_in_their_own_encoding(store: Store, tmp_path: Path) -> None:
    path = _rand(tmp_path, "2001-08-09,Bogotá,Colombia,FARC,Explosives,3,0,A bomb in Bogotá\n",
                 "2001-08-10,Medellín,Colombia,FARC,Explosives,1,0,A bomb in Medellín – one hurt\n".encode("cp1252"))
    report = ingest_path(store, path, "rand", progress=False)
    assert (report.added, report.quarantined) == (2, 0)
    assert report.encoding == "utf-8 with 1 line(s) in cp1252"
    assert sorted(e.location for e in store.events()) == ["Bogotá", "Medellín"]
    assert not any("Ã" in (e.notes or "") for e in store.events())


@pytest.mark.parametrize(("fatalities", "injuries", "reason"), [
    ("2147483648", "0", "fatalities: 2,147,483,648 is out of range"),
    ("9" * 30, "0", "fatalities: 999,999"),
    ("-3", "0", "Fatalities: a count cannot be negative: '-3'"),
    ("1", "-1", "Injuries: a count cannot be negative: '-1'"),
])
def test_counts_out_of_range_are_quarantined_with_the_reason(store: Store, tmp_path: Path, fatalities: str,
                                                            injuries: str, reason: str) -> None:
    path = _rand(tmp_path, f"2006-01-01,Baghdad,Iraq,Unknown,Firearms,{injuries},{fatalities},x\n",
                 "2006-01-02,Baghdad,Iraq,Unknown,Firearms,0,1,y\n")
    report = ingest_path(store, path, "rand", progress=False)
    assert (report.added, report.quarantined) == (1, 1)
    assert store.quarantine()[0]["reason"].startswith(reason)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2099-01-01",
                                 (date.today() + timedelta(days=2)).isoformat()])
def test_dates_out_of_range_are_quarantined(store: Store, tmp_path: Path, day: str) -> None:
    path = _rand(tmp_path, f"{day},Baghdad,Iraq,Unknown,Firearms,0,1,x\n",
                 f"{date.today().isoformat()},Baghdad,Iraq,Unknown,Firearms,0,1,y\n")
    report = ingest_path(store, path, "rand", progress=False)
    assert (report.added, report.quarantined) == (1, 1)
    assert f"date {day} is out of range" in store.quarantine()[0]["reason"]


def test_sigacts_times_out_of_range_are_quarantined(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("time,event_type,target,city\n9999-12-31 00:00:00,IED,Coalition Forces,Baghdad\n"
                    "2005-01-01 10:00:00,IED,Coalition Forces,Baghdad\n", encoding="utf-8")
    report = ingest_path(store, path, "sigacts", progress=False)
    assert (report.added, report.quarantined) == (1, 1)
    assert "date 9999-12-31 is out of range" in store.quarantine()[0]["reason"]


def test_a_mapping_may_say_its_source_is_older_than_1900(store: Store, tmp_path: Path) -> None:
    data = tmp_path / "old.csv"
    data.write_text("ref,day,town\nr1,1871-03-18,Paris\nr2,1650-01-01,Paris\n", encoding="utf-8")
    mapping = tmp_path / "old.yaml"
    mapping.write_text("source: history\nid: ref\nearliest: 1800-01-01\ndate: day\nlocation: town\n", encoding="utf-8")
    report = ingest_path(store, data, "csv", mapping=mapping, progress=False)
    assert (report.added, report.quarantined) == (1, 1)
    assert "date 1650-01-01 is out of range: this source holds events from 1800-01-01" in store.quarantine()[0]["reason"]
    mapping.write_text("source: history\nid: ref\nearliest: soon\ndate: day\n", encoding="utf-8")
    with pytest.raises(IngestError, match="earliest: 'soon' is not a date"):
        ingest_path(store, data, "csv", mapping=mapping, progress=False)


def test_a_stray_quote_in_the_header_refuses_the_file_with_the_reason(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text('Date,"City,Country,Perpetrator,Weapon,Injuries,Fatalities,Description\n'
                    '2006-01-02,Baghdad,Iraq,Unknown,Firearms,0,1,y\n', encoding="utf-8")
    with pytest.raises(IngestError, match="the header row cannot be read"):
        ingest_path(store, path, "rand", progress=False)
    assert store.count() == 0
