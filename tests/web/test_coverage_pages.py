"""The workbench shows coverage: the /coverage grid (every value escaped), one country's months by
source, GET /api/coverage, and an assessment outside the record that says why it states no
probability.

GARISSA is written for this test about a real incident: gunmen stormed Garissa University College
in Kenya on 2 April 2015; the interior minister put the toll at 147 killed and 79 injured that
day, and al-Shabaab claimed the attack. Source:
https://www.theeastafrican.co.ke/tea/news/east-africa/147-killed-as-garissa-university-college-attacked-by-gunmen-1334388
"""
from __future__ import annotations

import csv
import html
from pathlib import Path
from typing import Any

from estimative.sources import ingest_path

GARISSA = """Gunmen storm Kenyan university in Garissa
Published 2 April 2015

GARISSA, Kenya, 2 April 2015 - Masked gunmen forced their way into Garissa University College at
dawn on Thursday, shooting at the guards at the gate and then at students in their hostels. Kenya's
interior minister said 147 people were killed and 79 injured before soldiers killed the four
attackers in the evening. Al-Shabaab claimed responsibility for the attack.
"""
UCDP = "ucdp_ged_syria/ucdp_ged191_syria_2016_2019.csv"


def test_the_nav_links_the_grid_and_the_grid_counts_what_the_store_holds(client: Any) -> None:
    store = client.app.state.workbench.store
    page = client.get("/")
    assert page.status_code == 200 and 'href="/coverage"' in page.text
    r = client.get("/coverage")
    assert r.status_code == 200
    years, grid = store.coverage_grid()
    syria = next(c for c in grid if c["country"] == "SYR")
    assert 2016 in years and 2024 in years and syria["years"][2017] > 0
    assert '<a href="/coverage?country=SYR">SYR</a>' in r.text
    assert f"{syria['events']:,}" in r.text and f"{syria['years'][2017]:,}" in r.text


def test_one_country_shows_its_months_by_source(client: Any) -> None:
    store = client.app.state.workbench.store
    r = client.get("/coverage?country=syr")
    assert r.status_code == 200
    entry = store.coverage("SYR")["countries"][0]
    assert entry["sources"]["ucdp"] > 0 and entry["sources"]["curated"] > 0
    assert f"SYR: {entry['events']:,} events" in r.text
    first = next(m for m in entry["months"] if m["source"] == "ucdp")
    assert f"<td>{first['month']}</td>" in r.text
    assert "The store holds no events for SOM" in client.get("/coverage?country=SOM").text
    assert client.get("/coverage?country=S1M").status_code == 400


def test_the_api_returns_the_same_as_the_command(client: Any) -> None:
    store = client.app.state.workbench.store
    r = client.get("/api/coverage")
    assert r.status_code == 200 and r.json() == store.coverage()
    one = client.get("/api/coverage?country=irq").json()
    assert [c["country"] for c in one["countries"]] == ["IRQ"]
    assert client.get("/api/coverage?country=<b>").status_code == 422


def test_every_stored_value_is_escaped(client: Any, data_dir: Path, tmp_path: Path) -> None:
    """A real UCDP row whose province name was rewritten as markup: shown as text, never as HTML."""
    with (data_dir / UCDP).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        row = dict(next(reader))
        fields = list(reader.fieldnames or [])
    row["id"] = "999999901"
    row["adm_1"] = '<img src=x onerror="alert(1)">'
    path = tmp_path / "hostile.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerow(row)
    ingest_path(client.app.state.workbench.store, path, "ucdp", progress=False)
    r = client.get("/coverage?country=SYR")
    assert "<img src=x" not in r.text and html.escape(row["adm_1"], quote=False).split(" ")[0] in r.text


def test_an_assessment_outside_the_record_says_why_it_states_no_probability(assess_client: Any) -> None:
    a = assess_client.post("/api/assess", json={"text": GARISSA}).json()
    inc = a["incidents"][0]
    assert inc["location"]["country"] == "KEN"
    assert inc["coverage"]["status"] == "none" and a["forecasts"] == []
    note = "The store holds no events for Kenya in the year before 2 April 2015"
    assert inc["coverage"]["note"].startswith(note)
    page = assess_client.post("/reports/preview", data={"text": GARISSA, "as_of": ""})
    assert page.status_code == 200
    assert note in page.text and "No forecast is made." in page.text and "coverage none" in page.text
