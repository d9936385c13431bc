"""The bulk (DuckDB SQL) ingest stores exactly what the line-by-line path stores, for real ACLED,
UCDP GED and GTD files of ../shared/data read at test time, and keeps every guarantee: stored + quarantined = rows,
re-ingest adds nothing, a changed row is a revision, coverage follows, duplicates quarantined."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

import estimative.sources as sources
from estimative.sources import ingest_path
from estimative.store import IngestReport, Store

FILES = (
    "acled_sahel_1997_2020/conflict_data_ner.csv",  # an HXL hashtag row on line 2
    "acled_benin_2009_2022/acled_benin_2009_2022.csv",
    "acled_afghanistan_2020_03/acled_afghanistan_2020-03-01_2020-03-21.csv",
    "acled_south_asia_2015/acled_asia_2015.csv",  # notes over several lines: numbered by the line reader
)


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    con = store.con
    return {
        "events": con.execute("SELECT * EXCLUDE (run_id, known_from, superseded_at), known_from, "
                              "superseded_at IS NULL FROM events ORDER BY event_id, revision").fetchall(),
        "quarantine": con.execute("SELECT line, reason, raw FROM quarantine ORDER BY line").fetchall(),
        "runs": con.execute("SELECT source, rows_read, added, revised, unchanged, quarantined FROM ingest_runs "
                            "ORDER BY run_id").fetchall(),
        "coverage": con.execute("SELECT * FROM coverage ORDER BY ALL").fetchall(),
    }


@pytest.fixture
def bulk_used(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each ingest went through the bulk path (True) or fell back to the line reader."""
    used: list[bool] = []
    real = sources.ingest_bulk

    def spy(*args: Any) -> IngestReport | None:
        report = real(*args)
        used.append(report is not None)
        return report

    monkeypatch.setattr(sources, "ingest_bulk", spy)
    return used


def _both_ways(paths: list[Path], source: str = "acled"
               ) -> tuple[dict[str, list[tuple[Any, ...]]], dict[str, list[tuple[Any, ...]]]]:
    out = []
    for bulk in (False, True):
        with Store(":memory:") as store:
            for p in paths:
                report = ingest_path(store, p, source, progress=False, bulk=bulk)
                assert report.stored + report.quarantined == report.rows_read
            out.append(_tables(store))
    return out[0], out[1]


def _twice_both_ways(path: Path, source: str, bulk_used: list[bool]) -> dict[str, list[tuple[Any, ...]]]:
    """The file ingested twice both ways: the same tables, every row stored or quarantined, and
    the second ingest adds nothing. Returns the bulk path's tables."""
    with path.open(encoding="utf-8", newline="") as f:
        records = sum(1 for _ in csv.reader(f)) - 1
    rows, bulk = _both_ways([path, path], source)
    assert bulk_used == [True, True]
    assert bulk == rows
    first, second = bulk["runs"]
    assert first[1] == records == first[2] + first[5]
    assert second[1:] == (records, 0, 0, first[2], first[5])
    return bulk


@pytest.mark.parametrize("rel", FILES)
def test_bulk_ingest_stores_what_the_line_path_stores(data_dir: Path, rel: str, bulk_used: list[bool]) -> None:
    bulk = _twice_both_ways(data_dir / rel, "acled", bulk_used)
    assert len(bulk["events"]) == bulk["runs"][0][2]


def test_a_changed_row_is_a_revision_and_duplicates_are_quarantined(
        data_dir: Path, tmp_path: Path, bulk_used: list[bool]) -> None:
    src = data_dir / FILES[1]
    with src.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    fat = [c.strip().lower() for c in header].index("fatalities")
    changed = [list(r) for r in body]
    changed[5][fat] = str(int(changed[5][fat] or 0) + 3)
    changed.append(list(changed[7]))  # the same event id twice: the second is quarantined
    edited = tmp_path / "benin_corrected.csv"
    with edited.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *changed])
    rows_way, bulk_way = _both_ways([src, edited])
    assert bulk_used == [True, True]
    for name in ("quarantine", "runs", "coverage"):
        assert bulk_way[name] == rows_way[name], name
    # a revision is known from the moment of its ingest: compare all else
    assert [r[:-2] for r in bulk_way["events"]] == [r[:-2] for r in rows_way["events"]]
    assert [r[-1] for r in bulk_way["events"]] == [r[-1] for r in rows_way["events"]]
    second = bulk_way["runs"][1]
    assert second[1:] == (len(body) + 1, 0, 1, len(body) - 1, 1)
    assert [q[1] for q in bulk_way["quarantine"]] == [f"duplicate source id {body[7][header.index('event_id_cnty')]!r} "
                                                      f"(first at row 8)"]


def test_a_file_the_bulk_reader_cannot_take_goes_the_line_path(data_dir: Path, tmp_path: Path,
                                                               bulk_used: list[bool]) -> None:
    src = (data_dir / FILES[1]).read_bytes().splitlines(keepends=True)
    spoiled = tmp_path / "stray_quote.csv"
    spoiled.write_bytes(b"".join([*src[:10], src[10].replace(b",", b',"', 1), *src[11:]]))
    with Store(":memory:") as store:
        report = ingest_path(store, spoiled, "acled", progress=False)
    assert bulk_used == [False]
    assert report.rows_read == len(src) - 1
    assert report.quarantined == 1 and report.stored == len(src) - 2


def test_a_bulk_ingest_that_fails_midway_leaves_the_store_as_it_was(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, bulk_used: list[bool]) -> None:
    import estimative.store.bulk as store_bulk

    first, second = data_dir / FILES[1], data_dir / FILES[0]
    with Store(":memory:") as store:
        ingest_path(store, first, "acled", progress=False)
        before = _tables(store)

        def fail(*args: Any) -> None:  # after the events are inserted, before the commit
            raise RuntimeError("killed")

        monkeypatch.setattr(store_bulk.coverage, "record_run", fail)
        with pytest.raises(RuntimeError):
            ingest_path(store, second, "acled", progress=False)
        assert bulk_used == [True]
        assert _tables(store) == before
        assert not store.con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()
        monkeypatch.undo()
        report = ingest_path(store, second, "acled", progress=False)
        assert report.added == report.stored > 0


def test_rows_the_bulk_path_leaves_to_convert_are_stored_as_the_line_path_stores_them(
        data_dir: Path, tmp_path: Path, bulk_used: list[bool]) -> None:
    """A control character, a cell starting with '#', a date the adapter rejects, and non-ASCII notes
    that name weapons (found by `weapons_in` per distinct note): the same tables either way."""
    src = data_dir / FILES[1]
    with src.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [list(r) for r in rows[1:]]
    col = {c.strip().lower(): i for i, c in enumerate(header)}
    body[2][col["notes"]] += "\x01"
    body[3][col["notes"]] = "#" + body[3][col["notes"]]
    body[4][col["event_date"]] = "31 February 2020"
    body[5][col["notes"]] = "Des hommes armés ont tiré à la kalachnikov ; une grenade a explosé près du marché."
    body[6][col["notes"]] = body[5][col["notes"]]  # the same note twice: looked up once
    edited = tmp_path / "benin_edge_rows.csv"
    with edited.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *body])
    rows_way, bulk_way = _both_ways([edited])
    assert bulk_used == [True]
    assert bulk_way == rows_way
    assert len(bulk_way["quarantine"]) == 1 and "event_date" in bulk_way["quarantine"][0][1]
    assert sum('["grenade","grenade"' in str(e) for e in bulk_way["events"]) == 2


UCDP_FILES = (
    "ucdp_ged_syria/ucdp_ged191_syria_2016_2019.csv",  # source texts over several lines
    "ucdp_ged_iraq_1989_2018/conflict_data_irq.csv",  # HDX: an HXL hashtag row on line 2
    "ucdp_ged_nigeria_1990_2019/conflict_data_nga.csv",
)


@pytest.mark.parametrize("rel", UCDP_FILES)
def test_bulk_ucdp_ingest_stores_what_the_line_path_stores(data_dir: Path, rel: str, bulk_used: list[bool]) -> None:
    bulk = _twice_both_ways(data_dir / rel, "ucdp", bulk_used)
    if "irq" in rel:
        assert [q[:2] for q in bulk["quarantine"]] == [(2, "HXL hashtag row (HDX column tags under the header), "
                                                           "not an event")]


def test_a_pandas_resaved_ucdp_file_and_its_bad_rows_take_the_bulk_path_with_the_same_reasons(
        data_dir: Path, tmp_path: Path, bulk_used: list[bool]) -> None:
    """A copy re-saved by pandas (an unnamed index column first, dates as `2016-01-01 00:00:00.000`)
    with rows the adapter rejects: stored and quarantined exactly as the line path does."""
    src = data_dir / UCDP_FILES[0]
    with src.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [list(r) for r in rows[1:400]]
    col = {c: i for i, c in enumerate(header)}
    for r in body:
        for k in ("date_start", "date_end"):
            r[col[k]] += " 00:00:00.000"
    body[3][col["deaths_a"]] = "-3"
    body[4][col["type_of_violence"]] = "4"
    body[5][col["date_end"]] = "2015-01-01"
    body[6][col["id"]] = "12x"
    body[7][col["best"]] = "2000000000"
    edited = tmp_path / "ucdp_resaved.csv"
    with edited.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["", *header], *([str(i), *r] for i, r in enumerate(body))])
    rows_way, bulk_way = _both_ways([edited], "ucdp")
    assert bulk_used == [True]
    assert bulk_way == rows_way
    reasons = [q[1] for q in bulk_way["quarantine"]]
    assert len(reasons) == 5 and "deaths_a: a count cannot be negative" in reasons[0]
    assert "type_of_violence" in reasons[1] and "before date_start" in reasons[2]
    assert "not a whole number" in reasons[3] and "out of range" in reasons[4]
    assert len(bulk_way["events"]) == len(body) - 5


GTD_FILE = "gtd_2021_q1/gtd_2021_jan_mar.csv"


def test_bulk_gtd_ingest_stores_what_the_line_path_stores(data_dir: Path, bulk_used: list[bool]) -> None:
    bulk = _twice_both_ways(data_dir / GTD_FILE, "gtd", bulk_used)
    claimed = [e for e in bulk["events"] if e[24] == "claimed" and e[25] is not None]
    assert claimed and len({e[16] for e in bulk["events"]}) > 5  # claimants resolved; many sub-event types


def test_gtd_rows_the_bulk_path_leaves_to_convert_keep_the_line_paths_reasons(
        data_dir: Path, tmp_path: Path, bulk_used: list[bool]) -> None:
    """Bad cells the adapter rejects, unknown days and months, a projectile whose summary names the
    weapon, a repeated event id and a control character: the same tables either way."""
    src = data_dir / GTD_FILE
    with src.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [list(r) for r in rows[1:301]]
    col = {c: i for i, c in enumerate(header)}
    body[1][col["imonth"]] = "13"
    body[2][col["nkill"]] = "two"
    body[3][col["nwound"]] = "-3"
    body[4][col["claimed"]] = "yes"
    body[5][col["eventid"]] = ""
    body[6][col["latitude"]] = "95.5"
    body[7][col["summary"]] += "\x02"
    body[8][col["iday"]] = "0"  # the month
    body[9][col["imonth"]], body[9][col["iday"]] = "0", "0"  # the year
    body[10][col["latitude"]], body[10][col["longitude"]], body[10][col["specificity"]] = "", "", "x"
    body[11][col["weaptype1_txt"]], body[11][col["weapsubtype1_txt"]] = "Explosives", "Projectile (rockets, mortars, RPGs, etc.)"
    body[11][col["summary"]] = "Assailants fired a mortar and two rockets at a checkpoint."
    body[12][col["nkill"]] = "2.0"
    body.append(list(body[20]))  # the same event id twice: the second is quarantined
    edited = tmp_path / "gtd_edge_rows.csv"
    with edited.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *body])
    rows_way, bulk_way = _both_ways([edited], "gtd")
    assert bulk_used == [True]
    assert bulk_way == rows_way
    reasons = [q[1] for q in bulk_way["quarantine"]]
    assert len(reasons) == 7, reasons
    assert "not a date" in reasons[0] and "nkill: not a whole number" in reasons[1]
    assert "nwound: a count cannot be negative" in reasons[2] and "claimed: not a whole number" in reasons[3]
    assert reasons[4] == "eventid: empty" and "coordinates out of range" in reasons[5]
    assert reasons[6].startswith("duplicate source id")
    events = {e[3]: e for e in bulk_way["events"]}
    assert events[body[8][0]][7] == "month" and events[body[9][0]][7] == "year"
    assert events[body[11][0]][17] == ["mortar", "rocket"]
    assert events[body[10][0]][14] is None and events[body[12][0]][22] == 2
