"""The bundled example reports the assessment tests run on, and the curated incidents each describes."""
from __future__ import annotations

from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "specs" / "assessment.schema.json"
LATE_SOURCE = "late-archive"
LATE_KNOWN_FROM = datetime(2025, 6, 1)

# Each bundled example report, with the curated incidents it describes (main incident first).
REPORTS: dict[str, list[str]] = {
    "k1_2019-12-30.txt": ["cur-2019-12-27-k1-rockets", "cur-2019-12-29-us-strikes-kataib-hizballah"],
    "iran_missiles_2020-01-08.txt": ["cur-2020-01-08-ain-al-asad-iran-missiles", "cur-2020-01-08-erbil-iran-missiles"],
    "erbil_2021-02-16.txt": ["cur-2021-02-15-erbil-airport"],
    "tower22_2024-01-29.txt": ["cur-2024-01-28-tower-22"],
    "taji_2020-03-12.txt": ["cur-2020-03-11-taji-rockets"],
}


def example_path(name: str) -> Path:
    return Path(str(resources.files("estimative.examples").joinpath(name)))


def schema_errors(validator: Draft202012Validator, doc: Any) -> list[str]:
    """Where an assessment's JSON breaks the shared schema (none when valid)."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
