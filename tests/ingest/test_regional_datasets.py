"""Ingest of the ACLED, GTD 2021 and UCDP GED files of ../shared/data as they are: two ACLED
layouts, HXL tag rows, four date formats, GTD sentinels, a pandas re-saved UCDP file. Counts and
values are read from the files themselves at test time."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from estimative.sources import ingest_path
from estimative.store import EventFilter, IngestReport, Store
from estimative.store.records import event_from_record

FILES: dict[str, tuple[str, str]] = {
    "sahel_bfa": ("acled_sahel_1997_2020/conflict_data_bfa.csv", "acled"),
    "sahel_mli": ("acled_sahel_1997_2020/conflict_data_mli.csv", "acled"),
    "sahel_ner": ("acled_sahel_1997_2020/conflict_data_ner.csv", "acled"),
    "kenya": ("acled_kenya_1997_2020/acled_kenya_1997-01-15_2020-01-17.csv", "acled"),
    "eth": ("acled_ethiopia_mozambique_1997_2020/conflict_data_eth.csv", "acled"),
    "moz": ("acled_ethiopia_mozambique_1997_2020/conflict_data_moz.csv", "acled"),
    "benin": ("acled_benin_2009_2022/acled_benin_2009_2022.csv", "acled"),
    "afghanistan": ("acled_afghanistan_2020_03/acled_afghanistan_2020-03-01_2020-03-21.csv", "acled"),
    "asia_2015": ("acled_south_asia_2015/acled_asia_2015.csv", "acled"),
    "gtd": ("gtd_2021_q1/gtd_2021_jan_mar.csv", "gtd"),
    "ucdp_irq": ("ucdp_ged_iraq_1989_2018/conflict_data_irq.csv", "ucdp"),
    "ucdp_nga": ("ucdp_ged_nigeria_1990_2019/conflict_data_nga.csv", "ucdp"),
}
HXL = "HXL hashtag row"


@dataclass
class Regional:
    db: Path
    reports: dict[str, IngestReport]
    rows: dict[str, list[dict[str, str]]]  # the file's records (lower-case keys), read with csv

    def store(self) -> Store:
        return Store(self.db, read_only=True)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k.strip().lower(): v for k, v in r.items()} for r in csv.DictReader(f)]


def is_hxl(row: dict[str, str]) -> bool:
    values = [v for v in row.values() if v and v.strip()]
    return sum(v.startswith("#") for v in values) * 2 > len(values)


@pytest.fixture(scope="module")
def regional(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Regional:
    db = tmp_path_factory.mktemp("regional") / "regional.duckdb"
    with Store(db) as store:
        reports = {k: ingest_path(store, data_dir / rel, src, progress=False) for k, (rel, src) in FILES.items()}
    return Regional(db, reports, {k: read_rows(data_dir / rel) for k, (rel, _) in FILES.items()})


def stored(regional: Regional, source: str, source_id: str):
    with regional.store() as store:
        row = store.con.execute("SELECT record FROM events WHERE source = ? AND source_id = ?",
                                [source, source_id]).fetchone()
    assert row is not None, (source, source_id)
    return event_from_record(row[0])


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_row_is_stored_or_quarantined_and_only_hxl_rows_are_refused(regional: Regional, name: str) -> None:
    report, rows = regional.reports[name], regional.rows[name]
    hxl = sum(is_hxl(r) for r in rows)
    assert report.rows_read == len(rows)
    assert report.stored + report.quarantined == len(rows)
    assert report.stored == len(rows) - hxl  # every event of these files is readable
    with regional.store() as store:
        reasons = [r["reason"] for r in store.quarantine(limit=100_000) if r["file"].endswith(FILES[name][0])]
    assert len(reasons) == hxl and all(HXL in r for r in reasons)


def test_hdx_files_carry_their_hxl_row(regional: Regional) -> None:
    for name in ("sahel_bfa", "sahel_mli", "sahel_ner", "eth", "moz", "ucdp_irq", "ucdp_nga"):
        assert is_hxl(regional.rows[name][0]), name
    for name in ("kenya", "benin", "afghanistan", "asia_2015", "gtd"):
        assert not any(is_hxl(r) for r in regional.rows[name]), name


@pytest.mark.parametrize(("name", "date_column", "written_as"), [
    ("sahel_mli", "event_date", "%Y-%m-%d"), ("benin", "event_date", "%d %B %Y"),
    ("asia_2015", "event_date", "%d-%B-%Y"), ("ucdp_nga", "date_start", "%Y-%m-%d %H:%M:%S.%f")])
def test_each_date_format_is_read_as_its_day(regional: Regional, name: str, date_column: str, written_as: str) -> None:
    """ISO, '28 December 2022', '01-January-2015' and pandas' '2009-06-09 00:00:00.000'."""
    rows = [r for r in regional.rows[name] if not is_hxl(r)]
    ucdp = name.startswith("ucdp")
    for row in (rows[0], rows[len(rows) // 2], rows[-1]):
        sid = str(int(float(row["id"]))) if ucdp else row["event_id_cnty"]
        e = stored(regional, "ucdp" if ucdp else "acled", sid)
        assert e.date_start == datetime.strptime(row[date_column].strip(), written_as).date(), row[date_column]


def test_old_acled_layout_maps_ally_actors_and_old_event_types(regional: Regional) -> None:
    rows = regional.rows["asia_2015"]
    battle = next(r for r in rows if r["event_type"] == "Battle-No change of territory" and r["ally_actor_1"].strip())
    e = stored(regional, "acled", battle["event_id_cnty"])
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert battle["ally_actor_1"].strip() in [a.name for a in e.perpetrators]
    assert e.date_start.year == 2015 and e.notes and e.notes[:40] == battle["notes"].strip()[:40]
    riot = next(r for r in rows if r["event_type"] == "Riots/Protests" and r["inter1"] == "5")
    assert stored(regional, "acled", riot["event_id_cnty"]).event_type == "Riots"


def test_unidentified_and_na_actors_are_no_perpetrator(regional: Regional) -> None:
    rows = regional.rows["sahel_mli"]
    unnamed = next(r for r in rows if r["actor1"] == "Unidentified Armed Group (Mali)")
    e = stored(regional, "acled", unnamed["event_id_cnty"])
    assert all(not a.name.startswith("Unidentified") for a in e.perpetrators)
    assert e.extra["actor1"] == "Unidentified Armed Group (Mali)"
    benin = next(r for r in regional.rows["benin"] if r["assoc_actor_1"] == "NA" and r["actor2"] == "NA")
    e = stored(regional, "acled", benin["event_id_cnty"])
    assert "NA" not in [a.name for a in e.perpetrators] and not e.targets
    assert "admin3" not in e.extra  # R's NA is a missing value


def test_named_acled_actor_is_the_perpetrator_and_fatalities_are_kept(regional: Regional) -> None:
    row = next(r for r in regional.rows["kenya"] if r["actor1"] == "Al Shabaab" and int(r["fatalities"]) > 0)
    e = stored(regional, "acled", row["event_id_cnty"])
    assert e.perpetrators[0].name == "Al Shabaab"
    assert e.fatalities.best == int(row["fatalities"])
    assert e.country == "KEN" and e.lat == pytest.approx(float(row["latitude"]))


def test_gtd_unknown_group_and_sentinels(regional: Regional) -> None:
    rows = regional.rows["gtd"]
    unknown = next(r for r in rows if r["gname"] == "Unknown" and r["nperps"] == "-99")
    e = stored(regional, "gtd", unknown["eventid"])
    assert e.perpetrators == []
    assert "nperps" not in e.extra  # -99: unknown, not a number
    counted = next(r for r in rows if r["gname"] == "Taliban" and r["nkill"].strip() not in ("", "-99"))
    e = stored(regional, "gtd", counted["eventid"])
    assert e.perpetrators[0].name == "Taliban" and e.fatalities.best == int(counted["nkill"])
    assert e.date_start == date(int(counted["iyear"]), int(counted["imonth"]), int(counted["iday"]))


def test_ucdp_resaved_by_pandas_reads_float_ids_and_drops_the_index(regional: Regional) -> None:
    row = next(r for r in regional.rows["ucdp_nga"] if not is_hxl(r))
    assert row["id"].endswith(".0") and row[""] != ""  # as the README says: float ids, an unnamed index
    e = stored(regional, "ucdp", str(int(float(row["id"]))))
    assert e.fatalities.best == int(float(row["best"]))
    assert "column_1" not in e.extra and e.extra["type_of_violence"] == str(int(float(row["type_of_violence"])))
    with regional.store() as store:
        assert store.count(None, EventFilter(source="ucdp", country="NGA")) == regional.reports["ucdp_nga"].stored
