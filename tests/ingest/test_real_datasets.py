"""Ingest of the real datasets: nothing lost, nothing doubled, each row mapped as documented."""
from __future__ import annotations

import csv
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from estimative.model import ACLED_TAXONOMY, WEAPON_CLASSES
from estimative.sources import ingest_path
from estimative.store import EventFilter, Store

README_ROWS = {"rand": 40_129, "sigacts": 162_852, "ucdp": 16_566}
Ingested = Any  # the `ingested` fixture of conftest.py


def data_rows(path: Path) -> int:
    """Data rows of a CSV counted independently of the ingest code: records after the header,
    blank lines not counted."""
    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for record in csv.reader(f) if record) - 1


@pytest.mark.parametrize("name", sorted(README_ROWS))
def test_every_row_is_stored_or_quarantined(ingested: Ingested, name: str) -> None:
    report = ingested.first[name]
    rows = data_rows(ingested.paths[name])
    assert rows == README_ROWS[name]
    assert report.rows_read == rows
    assert report.stored + report.quarantined == rows
    with ingested.store() as store:
        stats = store.stats()["by_source"][name]
    assert stats == {"events": report.stored, "quarantined": report.quarantined}


@pytest.mark.parametrize("name", sorted(README_ROWS))
def test_at_least_97_percent_of_each_file_is_stored(ingested: Ingested, name: str) -> None:
    report = ingested.first[name]
    assert report.stored / report.rows_read >= 0.97, report


@pytest.mark.parametrize("name", sorted(README_ROWS))
def test_second_ingest_adds_nothing(ingested: Ingested, name: str) -> None:
    first, second = ingested.first[name], ingested.second[name]
    assert (second.added, second.revised) == (0, 0)
    assert second.unchanged == first.stored
    assert second.quarantined == first.quarantined
    with ingested.store() as store:
        # no second copy of a quarantined row, and one revision per event
        assert store.stats()["by_source"][name]["quarantined"] == first.quarantined
        assert store.count(None, EventFilter(source=name)) == first.stored
        revisions = store.con.execute("SELECT max(revision) FROM events WHERE source = ?", [name]).fetchone()[0]
    assert revisions == 1


def test_sigacts_page_headers_are_quarantined_with_their_reason(ingested: Ingested) -> None:
    with ingested.paths["sigacts"].open(encoding="utf-8", newline="") as f:
        headers = sum(1 for r in csv.reader(f) if len(r) == 4 and r[1].strip() == "Attack Type")
    with ingested.store() as store:
        rows = store.quarantine(source="sigacts", limit=100_000)
    assert len(rows) == headers == ingested.first["sigacts"].quarantined
    assert all("page header" in r["reason"] and "Attack Type" in r["raw"] for r in rows)
    assert all(r["file"].endswith("sigacts_iraq_2004_2007.csv") and r["line"] > 1 for r in rows)


def test_stored_events_use_the_taxonomy_and_weapon_classes(ingested: Ingested) -> None:
    with ingested.store() as store:
        pairs = store.con.execute("SELECT DISTINCT event_type, sub_event_type FROM events").fetchall()
        classes = store.con.execute("SELECT DISTINCT unnest(weapon_classes) FROM events").fetchall()
        no_type = store.con.execute("SELECT count(*) FROM events WHERE event_type IS NULL").fetchone()[0]
    assert no_type == 0
    assert all(sub in ACLED_TAXONOMY[et] for et, sub in pairs)
    assert {c for (c,) in classes} <= set(WEAPON_CLASSES)


def test_rand_rows_are_mapped(ingested: Ingested) -> None:
    with ingested.store() as store:
        first = store.events(None, EventFilter(source="rand", until=date(1968, 2, 9)), newest_first=False)
        iraq = store.count(None, EventFilter(source="rand", country="IRQ"))
        resolved = store.con.execute(
            "SELECT count(perpetrator_id), count(perpetrator) FROM events WHERE source = 'rand'").fetchone()
        mojibake = store.con.execute(
            "SELECT count(*) FROM events WHERE source = 'rand' AND (notes LIKE '%Õ%' OR perpetrator LIKE '%Õ%')"
        ).fetchone()[0]
        zarqawi = store.con.execute(
            "SELECT count(*) FROM events WHERE source = 'rand' AND perpetrator LIKE 'Tanzim Qa%idat al-Jihad%'"
            " AND perpetrator_id IS NOT NULL").fetchone()[0]
    e = first[0]  # 1968-02-09,Buenos Aires,Argentina,Unknown,Firearms,0,0,ARGENTINA. ... machine-gun slugs ...
    assert (e.country, e.location, e.date_start) == ("ARG", "Buenos Aires", date(1968, 2, 9))
    assert [w.cls for w in e.weapons] == ["small_arms"] and e.perpetrators == []
    assert (e.fatalities.best, e.injuries.best, e.claim_status) == (0, 0, "unknown")
    assert e.lat is not None and -35 < e.lat < -34 and e.location_precision_km is not None
    assert e.notes.startswith("ARGENTINA.")
    assert iraq == 10_763  # the README's count of Iraqi incidents
    assert mojibake == 0  # Mac Roman text decoded as Latin-1 is repaired
    assert zarqawi > 0  # ... so Tanzim Qa'idat al-Jihad resolves through the registry
    assert resolved[0] / resolved[1] > 0.5


def test_rand_explosives_are_refined_from_the_description(ingested: Ingested) -> None:
    with ingested.store() as store:
        rows = store.con.execute(
            "SELECT weapon_classes FROM events WHERE source = 'rand' AND notes ILIKE '%car bomb%' "
            "AND list_has_any(weapon_classes, ['ied', 'vbied', 'suicide_bomb'])").fetchall()
        generic = store.con.execute(
            "SELECT count(*) FROM events WHERE source = 'rand' AND weapon_classes = ['ied']").fetchone()[0]
    assert len(rows) > 500
    assert sum("vbied" in classes or "suicide_bomb" in classes for (classes,) in rows) / len(rows) > 0.8
    assert generic > 5000  # explosives that the description does not name stay IEDs


def test_sigacts_rows_are_mapped(ingested: Ingested) -> None:
    with ingested.store() as store:
        events = store.events(None, EventFilter(source="sigacts", until=date(2004, 1, 1)), newest_first=False)
        placed = store.count(None, EventFilter(source="sigacts", bbox=(38.7, 29.0, 48.8, 37.4)))
        with_town = store.con.execute("SELECT count(*) FROM events WHERE source = 'sigacts' AND location IS NOT NULL"
                                      ).fetchone()[0]
    first = next(e for e in events if e.source_id == "2004-01-01 00:20:00/1")  # IED, Coalition Forces, Baghdad
    assert (first.event_type, first.sub_event_type) == ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    assert [w.cls for w in first.weapons] == ["ied"]
    assert first.target_type == "military" and "USA" in first.targets[0].affiliations
    assert first.location == "Baghdad" and abs(first.lat - 33.34) < 0.1 and first.country == "IRQ"
    second = next(e for e in events if e.source_id == "2004-01-01 00:45:00/1")  # Small Arms, ISF, no city
    assert second.location is None and second.lat is None
    assert (second.event_type, second.target_type) == ("Battles", "military")
    assert second.targets[0].affiliations[0] == "IRQ"
    assert with_town == placed > 60_000  # every placed event is in Iraq


def test_ucdp_rows_are_mapped(ingested: Ingested) -> None:
    with ingested.store() as store:
        e = store.get(next(iter(store.frame(None, EventFilter(source="ucdp"), ["event_id", "source_id"])
                                .query("source_id == '214814'")["event_id"])))
        multi_line = store.count(None, EventFilter(source="ucdp"))
    # 214814.0: state-based? no: type 2 (non-state), "Ahrar al-Sham, Jabhat Fateh al-Sham" vs SDF, best 2
    assert e is not None and e.source_id == "214814"
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert [p.name for p in e.perpetrators] == ["Ahrar al-Sham", "Jabhat Fateh al-Sham"]
    assert [a.name for a in e.targets_actors] == ["SDF"]
    assert (e.fatalities.best, e.fatalities.min, e.fatalities.max) == (2, 2, 2)
    assert {g.group: g.killed.best for g in e.casualty_groups}["SDF"] == 1
    assert (e.country, e.admin1, e.location) == ("SYR", "Aleppo Governorate", "Tanab village")
    assert (e.lat, e.lon, e.location_precision_km) == (36.496133, 37.003318, 25.0)
    assert e.sources and e.sources[0].startswith("SOHR,2016-01-01")
    assert e.extra["dyad_name"] == "Ahrar al-Sham, Jabhat Fateh al-Sham - SDF"
    assert e.extra["type_of_violence"] == "2"  # non-state: kept, the ACLED type cannot say it
    assert e.known_from == datetime(2016, 1, 1)  # no publication time: the start of its end date
    assert multi_line == README_ROWS["ucdp"]  # quoted fields spanning lines stay one row


def test_as_of_view_returns_the_revision_known_then(data_dir, tmp_path) -> None:
    """Ingest UCDP, change one row in a copy, re-ingest: the old revision is what was known
    before the second ingest, the new one what is known now."""
    original = data_dir / "ucdp_ged_syria/ucdp_ged191_syria_2016_2019.csv"
    lines = original.read_text(encoding="utf-8").splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if line.startswith("214797.0,"))
    assert lines[target].rstrip().endswith(",2.0,2.0,0.0,0.0,4.0,4.0,4.0")
    lines[target] = lines[target].rstrip()[: -len(",4.0,4.0,4.0")] + ",4.0,5.0,9.0\n"
    changed = tmp_path / "ucdp_changed.csv"
    changed.write_text("".join(lines), encoding="utf-8")
    with Store(tmp_path / "asof.duckdb") as store:
        ingest_path(store, original, "ucdp", progress=False)
        event_id = store.frame(None, EventFilter(source="ucdp"), ["event_id", "source_id"]) \
            .query("source_id == '214797'")["event_id"].iloc[0]
        time.sleep(1.1)  # revisions are stamped to the second
        before = datetime.now()
        time.sleep(1.1)
        report = ingest_path(store, changed, "ucdp", progress=False)
        assert (report.added, report.revised, report.unchanged) == (0, 1, README_ROWS["ucdp"] - 1)
        old, new = store.get(event_id, as_of=before), store.get(event_id)
        assert (old.fatalities.best, old.fatalities.max) == (4, 4)
        assert (new.fatalities.best, new.fatalities.max) == (5, 9)
        assert store.get(event_id, as_of=date(2015, 12, 31)) is None  # not yet happened, so not known
        revisions = store.revisions(event_id)
        assert [r[0] for r in revisions] == [1, 2] and revisions[0][2] == revisions[1][1]
        assert store.count(before) == store.count() == README_ROWS["ucdp"]
