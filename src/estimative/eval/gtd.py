"""Extraction scored on GTD 2021 summaries (../shared/data/gtd_2021_q1) against GTD's own coding.

Tuned on January 2021, reported on February-March 2021. The summary is read as written (it begins
with GTD's `MM/DD/YYYY:` date). Fields and their rules: `estimative.eval.coded`. GTD specifics:
the place is scored only where `specificity` is 1 (the coordinates are the named town's own);
an empty `nkill`/`nwound` or a -9/-99 sentinel is not scored; the weapon is `weaptype1_txt`
mapped to the schema's classes (`Unknown` not scored); the perpetrator is `gname` when the summary
names it; the event type is `attacktype1_txt` mapped to ACLED's where the mapping is unambiguous
(a bombing is Explosions/Remote violence, a kidnapping Violence against civilians, an armed assault
or assassination on private citizens Violence against civilians, on military or police Battles).
"""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from estimative.eval import EvalError
from estimative.eval.coded import CodedRow, named_in_text
from estimative.eval.event_places import LayerPart

GTD_FILE = "gtd_2021_q1/gtd_2021_jan_mar.csv"
FIELDS = ("date", "country", "place_25km", "fatalities", "injuries", "weapon", "perpetrator", "claimed",
          "event_type")
ACCEPTANCE = {"place_25km": 0.80, "perpetrator": 0.90, "fatalities": 0.92, "injuries": 0.92, "weapon": 0.90,
              "country": 0.97}
SPLITS = {"tune": (date(2021, 1, 1), date(2021, 1, 31)), "report": (date(2021, 2, 1), date(2021, 3, 31))}
# Scored again with the places of the user's events (`eval.event_places`): GTD, ACLED and UCDP GED rows
# dated before the part.
EVENT_PLACE_PARTS = tuple(LayerPart(split, start, start, ("gtd", "acled", "ucdp")) for split, (start, _) in SPLITS.items())
_EXPLOSIVES = frozenset({"ied", "vbied", "suicide_bomb", "grenade", "rocket", "mortar", "missile", "artillery",
                         "rpg", "airstrike", "drone"})
GTD_WEAPONS: dict[str, frozenset[str]] = {
    "Explosives": _EXPLOSIVES,
    "Firearms": frozenset({"small_arms"}),
    "Incendiary": frozenset({"arson"}),
    "Melee": frozenset({"knife"}),
    "Chemical": frozenset({"chemical"}),
    "Sabotage Equipment": frozenset({"other"}),
    "Other": frozenset({"other"}),
}
_PEOPLE = ("Private Citizens & Property", "Religious Figures/Institutions", "Educational Institution",
           "Journalists & Media")


def gtd_event_type(attack: str, target: str) -> str | None:
    """GTD attack type (and target type) -> ACLED event type, or None where it is ambiguous."""
    if attack == "Bombing/Explosion":
        return "Explosions/Remote violence"
    if attack == "Hostage Taking (Kidnapping)":
        return "Violence against civilians"
    if attack in ("Armed Assault", "Assassination"):
        if target in _PEOPLE:
            return "Violence against civilians"
        if target in ("Military", "Police"):
            return "Battles"
    return None


def _count(v: str | None) -> int | None:
    try:
        n = int(float(v)) if v not in (None, "") else None
    except ValueError:
        return None
    return n if n is not None and n >= 0 else None


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v not in (None, "") else None
    except ValueError:
        return None


def load_gtd(data_dir: Path, split: str) -> list[CodedRow]:
    """GTD rows of the split's months, as CodedRow."""
    from estimative.geo import country_of

    path = Path(data_dir) / GTD_FILE
    if not path.is_file():
        raise EvalError(f"GTD data not found at {path}: pass --data-dir (the folder holding gtd_2021_q1/)")
    start, end = SPLITS[split]
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for n, r in enumerate(csv.DictReader(f), 2):
            try:
                day = date(int(r["iyear"]), int(r["imonth"]), int(r["iday"]))
            except (ValueError, KeyError):
                continue
            text = (r.get("summary") or "").strip()
            if not (start <= day <= end) or not text:
                continue
            gname = (r.get("gname") or "").strip()
            rows.append(CodedRow(
                source=f"{GTD_FILE}:{n}", text=text, day=day, country=country_of(r.get("country_txt") or ""),
                lat=_float(r.get("latitude")), lon=_float(r.get("longitude")),
                place_precise=(r.get("specificity") or "").strip() == "1",
                fatalities=_count(r.get("nkill")), injuries=_count(r.get("nwound")),
                weapon_classes=GTD_WEAPONS.get(r.get("weaptype1_txt") or ""),
                perpetrator=gname if named_in_text(text, gname) else None,
                claimed=(r.get("claimed") or "").strip() == "1" if (r.get("claimed") or "").strip() in ("0", "1")
                else None,
                event_type=gtd_event_type(r.get("attacktype1_txt") or "", r.get("targtype1_txt") or ""),
                place_name=r.get("city") or None, extra={"provstate": r.get("provstate")}))
    return rows


def evaluate_gtd(data_dir: Path, predictions: Path | None = None, splits: tuple[str, ...] = ("tune", "report"),
                 limit: int | None = None) -> dict[str, Any]:
    from estimative.eval.coded import evaluate_splits

    result: dict[str, Any] = {"dataset": "gtd", "acceptance": ACCEPTANCE, "fields": FIELDS,
                              "periods": {s: f"{a.isoformat()}..{b.isoformat()}" for s, (a, b) in SPLITS.items()}}
    from estimative.eval.event_places import score_parts

    def load(split: str) -> list[CodedRow]:
        return load_gtd(data_dir, split)

    evaluate_splits(result, load, FIELDS, ACCEPTANCE, predictions, splits, limit)
    result["event_places"] = score_parts(result, data_dir, load, FIELDS, EVENT_PLACE_PARTS, splits, limit)
    return result
