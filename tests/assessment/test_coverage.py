"""Each incident carries its basis (`coverage`), read as of the assessment's date; where the store
holds nothing for the incident's area and window, no probability is stated, no series is claimed,
no escalation level is drawn from history, and the brief says why, in all four formats.

The reports are written for these tests, in the project's own words, about real incidents:
- MOGADISHU_2016: the Ambassador Hotel attack in Mogadishu, 1 June 2016 (al-Shabaab claimed it;
  police put the toll at 16 killed and 55 wounded the next day). Source:
  https://www.aljazeera.com/news/2016/6/2/al-shabab-hits-hotel-ambassador-in-somalias-mogadishu
- BAGHDAD_2021: the twin suicide bombings at the clothes market near Tayaran Square, Baghdad,
  21 January 2021 (32 killed, 110 wounded per the health ministry; claimed by the Islamic State the
  next day). Sources: https://news.yahoo.com/least-20-dead-baghdad-bombing-093609743.html and
  https://www.shafaq.com/en/Iraq-News/ISIS-claims-responsibility-for-Baghdad-twin-attack
- MOGADISHU_2021: the suicide car bombing at the Luul Yemeni restaurant near Mogadishu's port,
  5 March 2021 (20 killed, 30 wounded, per the ambulance service). Source:
  https://www.trtworld.com/africa/several-dead-as-car-bomb-targets-restaurant-in-somalia-s-mogadishu-44763
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from assessment_cases import schema_errors
from jsonschema import Draft202012Validator

from estimative.assess import assess
from estimative.brief import render
from estimative.sources import ingest_path
from estimative.store import Store
from estimative.store.seed import open_store

MOGADISHU_2016 = """Car bomb and gunmen strike Mogadishu hotel
Published 2 June 2016

MOGADISHU, 2 June 2016 - A suicide bomber drove a car packed with explosives into the gate of the
Ambassador Hotel on Maka al-Mukarama road in Mogadishu on Wednesday, and gunmen then stormed the
building. Police said at least 16 people were killed, most of them civilians, among them two
members of parliament, and 55 were wounded. Somali special forces fought the attackers inside the
hotel through the night. Al-Shabaab claimed responsibility for the attack.
"""

MOGADISHU_2021 = """Suicide car bomb kills 20 at Mogadishu restaurant
Published 6 March 2021

MOGADISHU, 6 March 2021 - A suicide bomber detonated a car bomb outside the Luul Yemeni restaurant
near the port of Mogadishu on Friday evening, killing civilians who were having dinner there. The head of
an ambulance service said 20 people were killed and 30 wounded. A building next to the restaurant
collapsed in the blast.
"""
BAGHDAD_2021 = """Twin suicide bombings hit Baghdad market
Published 22 January 2021

BAGHDAD, 22 January 2021 - Two suicide bombers blew themselves up in a crowded second-hand clothes
market near Tayaran Square in central Baghdad on Thursday morning, killing 32 civilians and wounding
110, Iraq's health minister said. The first bomber drew a crowd by saying he felt ill before he
detonated his explosive belt; the second struck as people gathered to help the wounded. The Islamic
State claimed responsibility for the attack.
"""
NOTE_2016 = "The store holds no events for Somalia in the year before 2 June 2016"
GTD = "gtd_2021_q1/gtd_2021_jan_mar.csv"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A fresh default store: the curated record (Iraq, Syria, Jordan, October 2019 - November 2024)."""
    store = open_store(tmp_path_factory.mktemp("fresh") / "store.duckdb")
    yield store
    store.close()


@pytest.fixture(scope="module")
def abstained(fresh: Store) -> dict[str, Any]:
    return assess(MOGADISHU_2016, store=fresh).to_dict()


def test_a_report_outside_the_record_gets_coverage_none(abstained: dict[str, Any]) -> None:
    inc = abstained["incidents"][0]
    assert inc["location"]["country"] == "SOM"
    cov = inc["coverage"]
    assert (cov["status"], cov["events"], cov["country"], cov["window_days"], cov["sources"]) == \
        ("none", 0, "SOM", 365, [])
    assert cov["note"].startswith(NOTE_2016 + ", so no forecast and no series context can be drawn from it.")
    assert "estimative ingest" in cov["note"]


def test_coverage_none_states_no_probability_series_or_level_from_history(abstained: dict[str, Any]) -> None:
    inc = abstained["incidents"][0]
    assert all(f.get("probability") is None for f in abstained["forecasts"])
    assert not [j for j in abstained["judgments"] if j["kind"] in ("outlook", "significance")]
    assert inc["context"]["series"] == [] and "severity_rank" not in inc["context"]
    esc = inc["context"].get("escalation")
    if esc:  # red lines still speak (16 killed crosses one), but nothing measured against history
        assert esc["red_lines"] and esc["severity_percentile"] is None and esc["intensity_ratio"] is None
        assert esc["level"] == max((c["level"] for c in esc["red_lines"]),
                                   key=["de-escalation", "none", "limited", "significant", "major"].index)
        assert "No escalation level is drawn from history" in " ".join(esc["reasons"])
        judged = [j for j in abstained["judgments"] if j["kind"] == "escalation"]
        top = next(c for c in esc["red_lines"] if c["level"] == esc["level"])
        assert len(judged) == 1 and top["description"].rstrip(".") in judged[0]["statement"]
        assert "red lines alone" in judged[0]["statement"] and judged[0]["confidence"] == "low"
    said = [j for j in abstained["judgments"] if j.get("basis") == "coverage"]
    assert len(said) == 1 and said[0]["key"] and said[0]["probability"] is None
    assert said[0]["statement"] == inc["coverage"]["note"]
    assert abstained["timeline"] == [t for t in abstained["timeline"] if t["kind"] == "incident"]


def _pdf_text(body: bytes, tmp_path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (poppler-utils) is needed: make system-deps installs it"
    path = tmp_path / "brief.pdf"
    path.write_bytes(body)
    text = subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


def test_the_brief_says_why_in_all_four_formats(abstained: dict[str, Any], validator: Draft202012Validator,
                                                tmp_path: Path) -> None:
    doc = json.loads(render(abstained, "json"))
    assert schema_errors(validator, doc) == []
    assert doc["incidents"][0]["coverage"]["status"] == "none"
    md = render(abstained, "md")
    assert NOTE_2016 in md and "No forecast is made." in md
    assert "## Outlook" in md and "within the next" not in md and "Brier skill" not in md
    html = render(abstained, "html")
    assert NOTE_2016 in html and "No forecast is made." in html and "within the next" not in html
    pdf = _pdf_text(render(abstained, "pdf"), tmp_path)
    assert NOTE_2016 in pdf and "No forecast is made." in pdf


def test_the_same_report_through_the_cli(fresh: Store, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from estimative.cli import app

    report = tmp_path / "mogadishu.txt"
    report.write_text(MOGADISHU_2016, encoding="utf-8")
    result = CliRunner().invoke(app, ["assess", str(report), "--db", fresh.path, "--format", "md"])
    assert result.exit_code == 0, result.output
    assert NOTE_2016 in result.stdout


# ------------------------------------------------------------------------------ inside the record
@pytest.mark.parametrize("name", ["taji_2020-03-12.txt", "erbil_2021-02-16.txt", "tower22_2024-01-29.txt"])
def test_inside_the_record_coverage_is_adequate_and_the_forecasts_stand(assessed: dict[str, Any],
                                                                        name: str) -> None:
    a = assessed[name]
    cov = a["incidents"][0]["coverage"]
    assert cov["status"] == "adequate" and cov["events"] >= 12 and "curated" in cov["sources"]
    assert {f["horizon_days"] for f in a["forecasts"]} == {7, 30}
    for f in a["forecasts"]:
        low, high = f["band"]
        assert low <= f["probability"] <= high and f["history_events"] >= 1
    for j in a["judgments"]:
        if j["kind"] == "outlook":
            assert j["probability"] is not None and "thin history" not in j["statement"]


def test_a_thin_record_lowers_confidence_and_widens_the_band(assessed: dict[str, Any]) -> None:
    """K-1, 27 December 2019: the curated record begins in October 2019, so the store knew only a
    few events in Iraq in the year before the report (fewer than 12): thin."""
    thin, full = assessed["k1_2019-12-30.txt"], assessed["taji_2020-03-12.txt"]
    cov = thin["incidents"][0]["coverage"]
    assert cov["status"] == "thin" and 0 < cov["events"] < cov["thin_below"] == 12
    outlooks = [j for j in thin["judgments"] if j["kind"] == "outlook"]
    assert outlooks and all(j["confidence"] == "low" and "thin history" in j["statement"] for j in outlooks)
    assert all(j["confidence"] == "low" for j in thin["judgments"] if j["kind"] in ("significance", "escalation"))

    def relative_width(a: dict[str, Any]) -> float:
        f = next(f for f in a["forecasts"] if f["horizon_days"] == 7)
        return (f["band"][1] - f["band"][0]) / f["probability"]

    assert relative_width(thin) > relative_width(full)


def test_a_thin_thread_in_a_covered_country_is_said_to_be_thin(fresh: Store) -> None:
    """Iraq is covered (the curated record's attacks on US forces), but the record holds few attacks
    on civilians there: the outlook for that thread is low confidence, with its band, and its
    history counts the report's own incident, which the store does not hold."""
    from estimative.analysis.threads import Thread, read_threads

    a = assess(BAGHDAD_2021, store=fresh).to_dict()
    inc = a["incidents"][0]
    assert inc["coverage"]["status"] == "adequate" and inc["matched_event"] is None
    assert a["forecasts"] and {f["history_events"] for f in a["forecasts"]} == {a["forecasts"][0]["history_events"]}
    f = a["forecasts"][0]
    thread = Thread.make("the forecast's thread", **f["filters"])
    until = date(2021, 1, 22)
    frame = read_threads(fresh, a["report"]["as_of"], [thread], since=until - timedelta(days=364), until=until)
    assert f["history_events"] == int(frame.mask(thread).sum()) + 1 < 12
    outlooks = [j for j in a["judgments"] if j["kind"] == "outlook"]
    assert outlooks and all(j["confidence"] == "low" and "thin history" in j["statement"] for j in outlooks)
    assert all(j["band"][0] <= j["probability"] <= j["band"][1] for j in outlooks)


# ------------------------------------------------------------------------------ as of the report's day
@pytest.fixture(scope="module")
def with_gtd(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Iterator[Store]:
    """The curated record plus GTD January-March 2021 (which holds Somalia, known in 2021)."""
    store = open_store(tmp_path_factory.mktemp("gtd") / "store.duckdb")
    ingest_path(store, data_dir / GTD, "gtd", progress=False)
    yield store
    store.close()


def _gtd_somalia_rows(data_dir: Path, since: date, until: date) -> int:
    """Somalia rows of the GTD file dated in [since, until], counted from the CSV itself."""
    with (data_dir / GTD).open(encoding="utf-8", errors="replace", newline="") as fh:
        rows = csv.DictReader(fh)
        return sum(1 for r in rows if r["country_txt"] == "Somalia" and int(r["iday"] or 0) > 0
                   and since <= date(int(r["iyear"]), int(r["imonth"]), int(r["iday"])) <= until)


def test_coverage_reads_only_what_was_known_at_the_time(with_gtd: Store, data_dir: Path) -> None:
    """GTD's Somalia rows of 2021 exist in the store, but were not known in 2016: the 2016 report
    still gets `none`; the 2021 one counts them (its own stored copy aside) and forecasts."""
    old = assess(MOGADISHU_2016, store=with_gtd).to_dict()
    assert old["incidents"][0]["coverage"]["status"] == "none" and not old["forecasts"]
    new = assess(MOGADISHU_2021, store=with_gtd).to_dict()
    inc = new["incidents"][0]
    cov = inc["coverage"]
    until = date(2021, 3, 6)
    expected = _gtd_somalia_rows(data_dir, until - timedelta(days=364), until) - (1 if inc["matched_event"] else 0)
    assert expected >= 12
    assert (cov["status"], cov["events"], cov["sources"], cov["until"]) == \
        ("adequate", expected, ["gtd"], until.isoformat())
    assert new["forecasts"] and all(0 < f["probability"] < 1 for f in new["forecasts"])
    assert [j for j in new["judgments"] if j["kind"] == "significance"]
