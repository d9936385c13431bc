"""Analyst notes and one-case wire copy (tests/extract/analyst_notes.yaml): real, sourced incidents written
as an analyst forwards them, read with `as_of` and no date line. Each asserts the fields read by dates,
segmentation, counts and weapons: the date, how many incidents, fatalities, injuries, weapon class, country."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from estimative.extract import extract

DATA = yaml.safe_load((Path(__file__).with_name("analyst_notes.yaml")).read_text(encoding="utf-8"))
CASES = [pytest.param(c, id=c["id"]) for c in DATA["notes"] + DATA["casing"]]


def test_there_are_enough_notes_from_enough_countries() -> None:
    assert len(DATA["notes"]) >= 30
    countries = {e["country"] for c in DATA["notes"] for e in c["expect"]["each"] if "country" in e}
    assert len(countries) >= 15
    assert all(c["source"].startswith("http") for c in DATA["notes"] + DATA["casing"])


@pytest.mark.parametrize("case", CASES)
def test_analyst_note(case: dict) -> None:
    incidents = extract(case["text"], as_of=case["as_of"])
    expect = case["expect"]
    got = [(str(i.date), i.fatalities.best, i.injuries.best, [w.cls for w in i.weapons], i.location.country)
           for i in incidents]
    assert len(incidents) == expect["incidents"], got
    for inc, want in zip(incidents, expect["each"], strict=True):
        if "date" in want:
            assert str(inc.date) == want["date"], got
        if "fatalities" in want:
            assert inc.fatalities.best == want["fatalities"], got
        if "injuries" in want:
            assert inc.injuries.best == want["injuries"], got
        if "weapons_any" in want:
            assert {w.cls for w in inc.weapons} & set(want["weapons_any"]), got
        if "country" in want:
            assert inc.location.country == want["country"], got
