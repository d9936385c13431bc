"""Scoring an extracted incident against a dataset's own coded columns (GTD, ACLED).

One `CodedRow` per coded event holds the text and the coding; `score_row` compares the first
extracted incident (or the naive baseline's) with it, field by field. A field the coding leaves
unknown (no coordinates, an imprecise location, an `Unknown` weapon, a perpetrator the text never
names) is not scored for that row: each field's accuracy is over the rows where it can be right.

- date: the incident's date equals the coded day (only rows whose text writes a calendar date).
- country: the place's ISO3 equals the coded country's.
- place_25km: the place lies within 25 km of the coded coordinates (only rows whose coordinates
  are coded as the event's own location: GTD `specificity` 1, ACLED `geo_precision` 1 or 2).
- fatalities, injuries: the incident's `best` (missing counts as 0) equals the coded count.
- weapon: one of the incident's weapon classes is in the coded weapon type's classes.
- perpetrator: the claimant or the stated perpetrator resolves in the actor registry to the coded
  group, or is written as the coded group is; only rows whose text names the coded group.
- claimed: the incident says claimed exactly when the coding does.
- event_type: the incident's ACLED event type equals the coded one (GTD's attack type mapped).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from estimative.extract import extract

PLACE_KM = 25.0
FIELDS = ("date", "country", "place_25km", "fatalities", "injuries", "weapon", "perpetrator", "claimed",
          "event_type")


@dataclass(slots=True)
class CodedRow:
    """One coded event: its text and the coding to score against (None: not coded, not scored)."""

    source: str  # file:line
    text: str
    day: date
    country: str | None = None  # ISO3
    lat: float | None = None
    lon: float | None = None
    place_precise: bool = False
    fatalities: int | None = None
    injuries: int | None = None
    weapon_classes: frozenset[str] | None = None
    perpetrator: str | None = None  # only when the text names it
    claimed: bool | None = None
    event_type: str | None = None
    place_name: str | None = None  # the coded place's name (GTD city, ACLED location)
    date_written: bool = True  # the text writes a calendar date (the date is scored only then)
    extra: dict[str, Any] = field(default_factory=dict)


def words_in(text: str, name: str) -> bool:
    """True when `name` is written in `text` as whole words, case ignored."""
    name = name.strip()
    return bool(name) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I) is not None


def group_names(group: str) -> list[str]:
    """The names a coded group goes by: the whole, its bracketed part and the rest (GTD's "Houthi
    extremists (Ansar Allah)": also "Ansar Allah" and "Houthi extremists"; ACLED's "Al Shabaab
    (Kenya)" is "Al Shabaab", the bracket being a country), both sides of ACLED's "JNIM: Group for
    Support of Islam and Muslims", and what the registry knows each as."""
    from estimative.geo import country_of
    from estimative.knowledge import registry

    names = [group]
    m = re.match(r"^(.*?)\s*\((.+)\)\s*$", group)
    if m:
        inner = m.group(2)
        names += [m.group(1)] + ([] if country_of(inner) or re.search(r"\d{4}|Africa|Asia", inner) else [inner])
    if ": " in group:
        names += [p.strip() for p in re.sub(r"\s*\(.+\)\s*$", "", group).split(": ")]
    for part in list(names):
        actor = registry().resolve(part)
        if actor is not None:
            names += [actor.name, *actor.aliases]
    return [n for n in dict.fromkeys(names) if len(n) >= 3]


def named_in_text(text: str, group: str | None) -> bool:
    """True when the text writes the coded group under one of its names."""
    if not group or group.strip().lower() in ("unknown", "", "other") or group.lower().startswith("unidentified"):
        return False
    return any(words_in(text, n) for n in group_names(group))


_ARTICLE = re.compile(r"^\s*the\s+", re.I)


def _same_group(predicted: dict[str, Any], group: str) -> bool:
    from estimative.geo import place_key
    from estimative.knowledge import registry

    names = group_names(group)
    ids = {a.id for a in (registry().resolve(n) for n in names) if a is not None}
    if predicted.get("id") and predicted["id"] in ids:
        return True
    keys = {place_key(_ARTICLE.sub("", n)) for n in names}
    return place_key(_ARTICLE.sub("", predicted.get("name") or "")) in keys  # "The Resistance Front" is "Resistance Front"


def score_row(row: CodedRow, first: dict[str, Any] | None) -> dict[str, bool | None]:
    """Each field right (True), wrong (False) or not scored for this row (None)."""
    from estimative.geo import haversine_km

    inc = first or {}
    loc = inc.get("location") or {}
    out: dict[str, bool | None] = dict.fromkeys(FIELDS)
    if row.date_written:
        out["date"] = bool(inc.get("date")) and str(inc["date"])[:10] == row.day.isoformat()
    if row.country:
        out["country"] = loc.get("country") == row.country
    if row.place_precise and row.lat is not None and row.lon is not None:
        lat, lon = loc.get("lat"), loc.get("lon")
        out["place_25km"] = lat is not None and lon is not None and haversine_km(lat, lon, row.lat, row.lon) <= PLACE_KM
    if row.fatalities is not None:
        out["fatalities"] = ((inc.get("fatalities") or {}).get("best") or 0) == row.fatalities
    if row.injuries is not None:
        out["injuries"] = ((inc.get("injuries") or {}).get("best") or 0) == row.injuries
    if row.weapon_classes is not None:
        classes = {w.get("class") for w in inc.get("weapons") or []}
        out["weapon"] = bool(classes & row.weapon_classes)
    if row.perpetrator:
        named = [a for a in ((inc.get("claim") or {}).get("by"), inc.get("stated_perpetrator")) if a]
        out["perpetrator"] = any(_same_group(a, row.perpetrator) for a in named)
    if row.claimed is not None:
        out["claimed"] = ((inc.get("claim") or {}).get("status") == "claimed") == row.claimed
    if row.event_type:
        out["event_type"] = inc.get("event_type") == row.event_type
    return out


@dataclass(slots=True)
class Tally:
    """Right and scored counts per field."""

    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    scored: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def add(self, marks: dict[str, bool | None]) -> None:
        for f, ok in marks.items():
            if ok is not None:
                self.scored[f] += 1
                self.right[f] += bool(ok)

    def accuracy(self, fields: Iterable[str]) -> dict[str, float | None]:
        return {f: round(self.right[f] / self.scored[f], 4) if self.scored[f] else None for f in fields}


def field_accuracy(rows: list[CodedRow], name: str) -> float:
    """The share of `rows` whose first extracted incident scores right on field `name` (unscored rows count
    wrong)."""
    marks = []
    for r in rows:
        incidents = extract(r.text)
        marks.append(score_row(r, incidents[0].to_dict() if incidents else None)[name])
    return sum(bool(m) for m in marks) / len(marks)


def in_gazetteer(name: str | None) -> bool:
    """True when the gazetteer holds a place of this name (or of its spelling without spaces), anywhere."""
    from estimative.geo import gazetteer, place_key

    if not name:
        return False
    key = place_key(name)
    return bool(gazetteer().candidates_by_key(key) or gazetteer().compact_candidates(key))


def naive_incident(text: str) -> dict[str, Any]:
    """The naive baseline's first incident, placed: the regex baseline's fields, its place name looked
    up in the gazetteer without context (the best-known place of that name), the country of that place
    or else of the first country word in the text, and the first date written in the text."""
    from estimative.eval.extraction import naive_baseline
    from estimative.geo import country_of, gazetteer

    inc = naive_baseline(text)
    name = inc["location"]["name"]
    entry = gazetteer().best(name) if name else None
    country = entry.country if entry else next(
        (c for c in (country_of(w) for w in re.findall(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?", text)) if c), None)
    inc["location"] = {"name": name, "country": country, "lat": entry.lat if entry else None,
                       "lon": entry.lon if entry else None}
    d = _first_date(text)
    inc["date"] = d.isoformat() if d else None
    inc["event_type"] = ("Explosions/Remote violence" if inc["weapons"] and inc["weapons"][0]["class"] == "ied"
                         else "Violence against civilians" if re.search(r"civilian|villager", text, re.I)
                         else "Battles")
    inc["claim"] = {"status": "claimed" if re.search(r"\bclaimed responsibility\b", text, re.I)
                    and not re.search(r"\bno (?:group|one)\b[^.]*claimed", text, re.I) else "unknown", "by": None}
    return inc


_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), 1)}
_DATE = re.compile(r"\b(?:(?P<m1>\d{1,2})/(?P<d1>\d{1,2})/(?P<y1>\d{4})"
                   r"|(?P<d2>\d{1,2})\s+(?P<mon>[A-Za-z]+),?\s+(?P<y2>\d{4}))\b")


def _first_date(text: str) -> date | None:
    for m in _DATE.finditer(text):
        try:
            if m.group("y1"):
                return date(int(m.group("y1")), int(m.group("m1")), int(m.group("d1")))
            month = _MONTHS.get(m.group("mon").lower())
            if month:
                return date(int(m.group("y2")), month, int(m.group("d2")))
        except ValueError:
            continue
    return None


def run_rows(rows: list[CodedRow], label: str, fields: tuple[str, ...],
             predictions: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Extract every row's text, score ours and the baseline's first incident; progress on stderr."""
    import time

    from estimative.eval.place_misses import CAUSES, COUNTRY_CAUSES, country_miss_cause, miss_cause
    from estimative.eval.report import progress
    from estimative.extract import extract

    ours, base = Tally(), Tally()
    misses = unknown = 0
    causes, country_causes = dict.fromkeys(CAUSES, 0), dict.fromkeys(COUNTRY_CAUSES, 0)
    step, stop = progress(len(rows), label, "reports")
    seconds = 0.0
    try:
        for row in rows:
            t0 = time.perf_counter()
            incidents = extract(row.text)
            seconds += time.perf_counter() - t0
            first = incidents[0].to_dict() if incidents else None
            marks = score_row(row, first)
            ours.add(marks)
            if marks["place_25km"] is False:
                misses += 1
                unknown += not in_gazetteer(row.place_name)
                causes[miss_cause(row, (first or {}).get("location"))] += 1
            if marks["country"] is False:
                country_causes[country_miss_cause(first)] += 1
            base.add(score_row(row, naive_incident(row.text)))
            if predictions:
                predictions({"source": row.source, "day": row.day.isoformat(), "correct": marks,
                             "gold": {k: getattr(row, k) for k in ("country", "lat", "lon", "fatalities", "injuries",
                                                                   "perpetrator", "claimed", "event_type")},
                             "first": first, "text": row.text})
            step()
    finally:
        stop()
    return {"n": len(rows), "accuracy": ours.accuracy(fields), "scored": {f: ours.scored[f] for f in fields},
            "baselines": {"naive_regex": base.accuracy(fields)},
            # how much of the place gap is the gazetteer's: misses whose coded place name it lacks altogether
            "place_misses": misses, "place_misses_name_not_in_gazetteer": unknown,
            "place_miss_causes": causes, "country_miss_causes": country_causes,  # estimative.eval.place_misses
            "reports_per_second": round(len(rows) / seconds, 1) if seconds else None}


def markdown_table(result: dict[str, Any], fields: tuple[str, ...], acceptance: dict[str, float]) -> list[str]:
    """Field | held-out | baseline (same rows) | tuning split | rows scored | acceptance, for one dataset."""
    rep, tune = result.get("report") or {}, result.get("tune") or {}

    def cell(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.3f}"

    lines = ["| field | estimative, held-out | naive baseline, held-out | estimative, tuning split | "
             "rows scored (held-out) | acceptance |", "|---|---|---|---|---|---|"]
    for f in fields:
        acc = rep.get("accuracy", {}).get(f)
        goal = acceptance.get(f)
        met = "" if goal is None else f"≥ {goal:.2f} ({'met' if (acc or 0) >= goal else '**not met**'})"
        lines.append(f"| {f} | {cell(acc)} | {cell(rep.get('baselines', {}).get('naive_regex', {}).get(f))} | "
                     f"{cell(tune.get('accuracy', {}).get(f))} | {rep.get('scored', {}).get(f, 0):,} | {met} |")
    misses = rep.get("place_misses")
    if misses:
        unknown = rep.get("place_misses_name_not_in_gazetteer", 0)
        lines += ["", f"How much of the place gap is the gazetteer's: of the {misses:,} held-out places farther than "
                  f"25 km, {unknown:,} ({unknown / misses:.0%}) are coded under a name the gazetteer (GeoNames towns "
                  "of 500+ inhabitants and the curated supplement) does not hold under any spelling; such a place "
                  "can only be placed at the area or town named with it."]
    return lines


def evaluate_splits(result: dict[str, Any], load: Callable[[str], list[CodedRow]], fields: tuple[str, ...],
                    acceptance: dict[str, float], predictions: Any = None, splits: tuple[str, ...] = ("tune", "report"),
                    limit: int | None = None) -> dict[str, Any]:
    """Score each split's rows into `result` (ours and the baseline), and whether the held-out split
    meets `acceptance`."""
    from estimative.eval.extraction import jsonl_writer

    with jsonl_writer(predictions) as write:
        for split in splits:
            rows = load(split)[:limit]
            result[split] = run_rows(rows, f"{result['dataset']} {split}", fields, write)
    if "report" in result:
        acc = result["report"]["accuracy"]
        result["passed"] = {f: (acc[f] or 0.0) >= m for f, m in acceptance.items()}
    return result
