"""Fixtures for the extraction tests: the schema validator and real RAND / MUC-4 rows."""
from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

SCHEMA = Path(__file__).resolve().parents[2].parent / "shared" / "specs" / "assessment.schema.json"


@pytest.fixture(scope="session")
def incident_validator() -> Draft202012Validator:
    """Validates one incident dict against #/$defs/incident of the shared assessment schema."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    sub = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/incident"}
    return Draft202012Validator(sub)


@pytest.fixture(scope="session")
def rand_rows(data_dir: Path) -> list[dict]:
    """Every RAND row, as dicts with the date parsed."""
    rows = []
    with open(data_dir / "rand_rdwti" / "rand_rdwti_1968_2009.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            r["date"] = date.fromisoformat(r["Date"])
            rows.append(r)
    return rows


@pytest.fixture(scope="session")
def rand_row(rand_rows: list[dict]):
    """Finds the RAND row of a day whose description starts so (a real row, found by its words)."""
    def find(day: str, starts: str) -> dict:
        hits = [r for r in rand_rows if r["Date"] == day and r["Description"].startswith(starts)]
        assert len(hits) == 1, f"expected one RAND row on {day} starting {starts!r}, found {len(hits)}"
        return hits[0]

    return find


@pytest.fixture(scope="session")
def muc_test(data_dir: Path) -> list[dict]:
    with open(data_dir / "muc4" / "test.json", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def acled_tune(data_dir: Path) -> list:
    """ACLED notes of the tuning split (dated before 2019), as `CodedRow`."""
    from estimative.eval.acled import load_acled

    return load_acled(data_dir, "tune")


@pytest.fixture(scope="session")
def acled_note(acled_tune: list):
    """Finds the first ACLED tuning note of a day that starts so (a real row, found by its words)."""
    def find(day: str, starts: str):
        rows = [r for r in acled_tune if r.day.isoformat() == day and r.text.startswith(starts)]
        assert rows, f"no ACLED note of {day} starts with {starts!r}"
        return rows[0]
    return find


@pytest.fixture(scope="session")
def gtd_january(data_dir: Path) -> list:
    """GTD summaries of the tuning split (January 2021), as `CodedRow`."""
    from estimative.eval.gtd import load_gtd

    return load_gtd(data_dir, "tune")
