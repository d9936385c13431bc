"""Extraction scored on ACLED notes (every ../shared/data/acled_* folder) against ACLED's own coding.

Violent event types only (Battles, Explosions/Remote violence, Violence against civilians; the
pre-2019 names `Battle-...`, `Remote violence` and `Violence Against Civilians` mapped to them).
Tuned on notes dated before 2019, reported on notes from 2019 on. Both column layouts are read
(the current lower-case one and the old upper-case ACLED-Asia one, `ALLY_ACTOR_*`), HXL tag rows
skipped, and the dates in any of the files' formats (`2020-11-07`, `21 March 2020`,
`01-January-2015`, `1/15/1997`). Fields and their rules: `estimative.eval.coded`. ACLED specifics:
the date is scored only where the note writes a calendar date (as RAND's city is scored against
`city_written`); the place is scored where `geo_precision` is 1 or 2 (the named town or a place near it; 3 is a
region's centroid); ACLED codes no injuries, weapon or claim; the perpetrator is `actor1` when the
note names it.
"""
from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path
from typing import Any

from estimative.eval import EvalError
from estimative.eval.coded import CodedRow, named_in_text
from estimative.eval.event_places import LayerPart
from estimative.sources.base import RowError, to_date

FIELDS = ("date", "country", "place_25km", "fatalities", "event_type", "perpetrator")
ACCEPTANCE = {"place_25km": 0.80, "country": 0.97, "fatalities": 0.92, "event_type": 0.80}
CUTOFF = date(2019, 1, 1)
# Scored again with the places of the user's events (`eval.event_places`): ACLED and UCDP GED rows dated
# before the part; the tuning part, which begins with the data, on its last year only.
EVENT_PLACE_PARTS = (
    LayerPart("tune", date(2018, 1, 1), date(2018, 1, 1), ("acled", "ucdp")),
    LayerPart("report", CUTOFF, CUTOFF, ("acled", "ucdp")),
)
EVENT_TYPES = {
    "battles": "Battles", "battle-no change of territory": "Battles",
    "battle-government regains territory": "Battles", "battle-non-state actor overtakes territory": "Battles",
    "explosions/remote violence": "Explosions/Remote violence", "remote violence": "Explosions/Remote violence",
    "violence against civilians": "Violence against civilians",
}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# a calendar date with its year: "On 22 March 2020", "March 22, 2020", "08.06.2000"
_WRITTEN_DATE = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|"
                           rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}})\b", re.I)


def date_written(text: str) -> bool:
    """True when the note writes a calendar date with its year (ACLED's notes from 2019 on begin with
    one; the older ones mostly write none, and an undated note cannot give the day)."""
    return _WRITTEN_DATE.search(text) is not None


def acled_date(value: str) -> date | None:
    """The event date as the ACLED adapter reads it (`sources.base.to_date`); None where it reads none."""
    try:
        return to_date(value, "event_date")
    except RowError:
        return None


def acled_files(data_dir: Path) -> list[Path]:
    files = sorted(p for d in sorted(Path(data_dir).glob("acled_*")) if d.is_dir() for p in d.glob("*.csv"))
    if not files:
        raise EvalError(f"no ACLED data under {data_dir}: pass --data-dir (the folder holding acled_*/)")
    return files


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v not in (None, "", "NA") else None
    except ValueError:
        return None


def _rows_of(path: Path, data_dir: Path) -> list[CodedRow]:
    from estimative.geo import country_of

    rel = path.relative_to(data_dir)
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for n, raw in enumerate(csv.DictReader(f), 2):
            r = {(k or "").lower(): (v or "") for k, v in raw.items()}
            if r.get("event_date", "").startswith("#") or r.get("event_id_cnty", "").startswith("#"):
                continue  # the HXL tag row
            kind = EVENT_TYPES.get(r.get("event_type", "").strip().lower())
            day = acled_date(r.get("event_date", ""))
            text = " ".join(r.get("notes", "").split())
            if kind is None or day is None or not text:
                continue
            actor1 = r.get("actor1", "").strip()
            try:
                fatalities: int | None = int(r.get("fatalities", ""))
            except ValueError:
                fatalities = None
            out.append(CodedRow(
                source=f"{rel}:{n}", text=text, day=day, country=country_of(r.get("country", "")),
                lat=_float(r.get("latitude")), lon=_float(r.get("longitude")),
                place_precise=r.get("geo_precision", "").strip() in ("1", "2"), fatalities=fatalities,
                perpetrator=actor1 if named_in_text(text, actor1) else None, event_type=kind,
                place_name=r.get("location") or None, date_written=date_written(text), extra={"admin1": r.get("admin1"), "admin2": r.get("admin2")}))
    return out


def load_acled(data_dir: Path, split: str) -> list[CodedRow]:
    """Violent-event notes of every ACLED file, before 2019 (tune) or from 2019 on (report), oldest first."""
    rows = [row for p in acled_files(data_dir) for row in _rows_of(p, Path(data_dir))]
    keep = [r for r in rows if (r.day < CUTOFF) == (split == "tune")]
    return sorted(keep, key=lambda r: (r.day, r.source))


def evaluate_acled(data_dir: Path, predictions: Path | None = None, splits: tuple[str, ...] = ("tune", "report"),
                   limit: int | None = None) -> dict[str, Any]:
    from estimative.eval.coded import evaluate_splits

    result: dict[str, Any] = {"dataset": "acled", "acceptance": ACCEPTANCE, "fields": FIELDS,
                              "periods": {"tune": f"..{CUTOFF.isoformat()} (before)",
                                          "report": f"{CUTOFF.isoformat()}.."},
                              "files": [str(p.relative_to(data_dir)) for p in acled_files(data_dir)]}
    from estimative.eval.event_places import score_parts

    def load(split: str) -> list[CodedRow]:
        return load_acled(data_dir, split)

    evaluate_splits(result, load, FIELDS, ACCEPTANCE, predictions, splits, limit)
    result["event_places"] = score_parts(result, data_dir, load, FIELDS, EVENT_PLACE_PARTS, splits, limit)
    return result
