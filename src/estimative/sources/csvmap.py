"""Any CSV plus a YAML column mapping (`estimative ingest FILE --source csv --mapping MAP.yaml`).

The mapping names, for each Event field, the column that holds it (or a constant), with an
optional value map and date format; docs/ingest.md documents the format with an example. The
mapping is checked before a row is read: unknown fields, unknown options, map values outside
the taxonomy or the weapon classes, and columns the file does not have are all reported at once.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from estimative.model import ACLED_TAXONOMY, CLAIM_STATUSES, WEAPON_CLASSES, Count, Event, Target, Weapon
from estimative.sources import geocode
from estimative.sources.base import (
    EARLIEST_DATE,
    Adapter,
    IngestError,
    NaturalKeys,
    RowError,
    acled_types,
    acled_types_for_attack,
    actor_ref,
    short_hash,
    text,
    to_count,
    to_date,
    to_float,
    to_latlon,
    weapons_in,
)
from estimative.sources.csvfile import CsvRow

FIELDS = (
    "date", "date_end", "date_precision", "country", "admin1", "admin2", "location", "lat", "lon",
    "location_precision_km", "event_type", "sub_event_type", "weapon", "perpetrator", "target", "target_type",
    "fatalities", "injuries", "claim_status", "notes", "sources", "known_from",
)
OPTIONS = frozenset({"column", "value", "map", "default", "format", "split"})
TOP_LEVEL = frozenset({"source", "id", "key", "earliest", *FIELDS})
SUB_EVENT_TYPES = frozenset(s for subs in ACLED_TAXONOMY.values() for s in subs)
ALLOWED_VALUES: dict[str, frozenset[str]] = {
    "event_type": frozenset(ACLED_TAXONOMY),
    "sub_event_type": SUB_EVENT_TYPES,
    "weapon": frozenset(WEAPON_CLASSES),
    "claim_status": frozenset(CLAIM_STATUSES),
    "date_precision": frozenset({"day", "week", "month", "year"}),
}
_SOURCE_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


@dataclass(slots=True)
class Spec:
    """How one field is read: a column (or a constant), a value map, a default, a date format."""

    column: str | None = None
    value: Any = None
    map: dict[str, Any] = field(default_factory=dict)
    default: Any = None
    format: str | None = None
    split: str | None = None

    def raw(self, data: dict[str, str]) -> str | None:
        if self.column is None:
            return None if self.value is None else str(self.value)
        v = data[self.column].strip()
        if self.map:
            hit = self.map.get(v.casefold())
            if hit is not None:
                return str(hit)
        return v or (None if self.default is None else str(self.default))


def load_mapping(path: Path) -> tuple[str, str | None, list[str], dict[str, Spec]]:
    """(source name, id column, key columns, field specs) of a mapping file; IngestError listing
    every problem otherwise. (`earliest` is read by `earliest_date`.)"""
    where = f"mapping {path}"
    if not path.is_file():
        raise IngestError(f"{where}: no such file")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(f"{where}: not valid YAML ({exc})") from None
    if not isinstance(doc, dict):
        raise IngestError(f"{where}: expected a YAML mapping of field: column (see docs/ingest.md)")
    problems: list[str] = []
    unknown = sorted(set(map(str, doc)) - TOP_LEVEL)
    if unknown:
        problems.append(f"unknown field(s) {', '.join(unknown)} (fields: {', '.join(FIELDS)}, plus source, id, key)")
    source = str(doc.get("source") or "csv")
    if not _SOURCE_NAME.match(source):
        problems.append(f"source {source!r}: use lower-case letters, digits, - and _ (at most 32)")
    id_col = doc.get("id")
    key_cols = doc.get("key") or []
    if isinstance(key_cols, str):
        key_cols = [key_cols]
    if id_col is not None and not isinstance(id_col, str):
        problems.append("id: give the name of one column")
    if not isinstance(key_cols, list) or not all(isinstance(k, str) for k in key_cols):
        problems.append("key: give a list of column names")
        key_cols = []
    if not id_col and not key_cols:
        problems.append("give `id` (a column that identifies each row) or `key` (columns that together "
                        "identify an event), so a re-ingest finds the same events")
    specs: dict[str, Spec] = {}
    for name in FIELDS:
        if name not in doc:
            continue
        spec, errs = _spec(name, doc[name])
        problems += errs
        if spec is not None:
            specs[name] = spec
    if "date" not in specs:
        problems.append("date: required (the column holding the event date)")
    if problems:
        raise IngestError(f"{where}: " + "; ".join(problems))
    return source, (id_col.strip().lower() if id_col else None), [k.strip().lower() for k in key_cols], specs


def earliest_date(path: Path) -> date:
    """The mapping's `earliest` (the first date the source holds events from, for sources older
    than 1900), else EARLIEST_DATE; IngestError when it is not a date."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw = doc.get("earliest") if isinstance(doc, dict) else None
    if raw is None:
        return EARLIEST_DATE
    try:
        return raw if isinstance(raw, date) else date.fromisoformat(str(raw))
    except ValueError:
        raise IngestError(f"mapping {path}: earliest: {raw!r} is not a date (YYYY-MM-DD)") from None


def _spec(name: str, raw: Any) -> tuple[Spec | None, list[str]]:
    if isinstance(raw, str):
        return Spec(column=raw.strip().lower()), []
    if not isinstance(raw, dict):
        return None, [f"{name}: give a column name or {{column: ..., map: ...}}"]
    errs = [f"{name}: unknown option(s) {', '.join(sorted(set(map(str, raw)) - OPTIONS))} "
            f"(options: {', '.join(sorted(OPTIONS))})"] if set(map(str, raw)) - OPTIONS else []
    if ("column" in raw) == ("value" in raw):
        errs.append(f"{name}: give exactly one of `column` or `value`")
    mapping = raw.get("map") or {}
    if not isinstance(mapping, dict):
        errs.append(f"{name}: `map` must be a mapping of value: replacement")
        mapping = {}
    allowed = ALLOWED_VALUES.get(name)
    if allowed:
        bad = sorted({str(v) for v in [*mapping.values(), raw.get("value"), raw.get("default")]
                      if v is not None and str(v) not in allowed})
        if bad:
            errs.append(f"{name}: {', '.join(map(repr, bad))} not allowed (use one of {', '.join(sorted(allowed))})")
    column = raw.get("column")
    return Spec(column=str(column).strip().lower() if column is not None else None, value=raw.get("value"),
                map={str(k).strip().casefold(): v for k, v in mapping.items()}, default=raw.get("default"),
                format=raw.get("format"), split=raw.get("split")), errs


class CsvMapAdapter(Adapter):
    name = "csv"

    def __init__(self, mapping: Path | None = None) -> None:
        if mapping is None:
            raise IngestError("--source csv needs --mapping FILE.yaml naming the columns (see docs/ingest.md)")
        self._source, self._id, self._key, self.specs = load_mapping(mapping)
        self.earliest = earliest_date(mapping)  # type: ignore[misc]  # the source says otherwise
        self.keys = None if self._id else NaturalKeys()  # an id column: no numbering

    @property
    def source(self) -> str:
        return self._source

    def check_header(self, header: Sequence[str], path: Path) -> None:
        wanted = {s.column for s in self.specs.values() if s.column} | set(self._key) | ({self._id} if self._id else set())
        missing = sorted(wanted - set(header))
        if missing:
            raise IngestError(f"{path} lacks the column(s) {', '.join(missing)} that the mapping names "
                              f"(found: {', '.join(header[:20])})")

    def _text(self, name: str, d: dict[str, str]) -> str | None:
        spec = self.specs.get(name)
        return text(spec.raw(d)) if spec else None

    def _date(self, name: str, d: dict[str, str], required: bool) -> Any:
        spec = self.specs.get(name)
        v = spec.raw(d) if spec else None
        if not v:
            if required:
                raise RowError(f"{name}: no date in column {spec.column if spec else '?'!r}")
            return None
        if spec is not None and spec.format:
            try:
                return datetime.strptime(v, spec.format)
            except ValueError:
                raise RowError(f"{name}: {v!r} does not match the format {spec.format!r}") from None
        day = to_date(v, name)
        return datetime(day.year, day.month, day.day)

    def convert(self, row: CsvRow) -> Event:
        d = row.data
        start = self._date("date", d, required=True).date()
        end_dt = self._date("date_end", d, required=False)
        end = end_dt.date() if end_dt else start
        if end < start:
            raise RowError(f"date_end {end} is before date {start}")
        precision_word = self._text("date_precision", d) or "day"
        if precision_word not in ALLOWED_VALUES["date_precision"]:
            raise RowError(f"date_precision: {precision_word!r} is not day, week, month or year (add it to the map)")
        c = geocode.country(self._text("country", d))
        iso3 = c.iso3 if c else None
        location = self._text("location", d)
        lat, lon = to_latlon(self._text("lat", d), self._text("lon", d))
        precision = to_float(self._text("location_precision_km", d), "location_precision_km")
        if lat is None and location and iso3:
            hit = geocode.town(location, (iso3,))
            if hit is not None:
                lat, lon, precision = hit.lat, hit.lon, precision or hit.precision_km
        weapons = self._weapons(d)
        target_type = self._text("target_type", d)
        target = self._text("target", d)
        event_type, sub_event_type = acled_types(self._text("event_type", d), self._text("sub_event_type", d))
        if event_type is None and weapons:
            event_type, sub_event_type = acled_types_for_attack((w.cls for w in weapons), target_type)
        perpetrator = self._text("perpetrator", d)
        known = self._date("known_from", d, required=False)
        if known is not None and known.tzinfo is not None:  # the store keeps naive UTC times
            known = known.astimezone(UTC).replace(tzinfo=None)
        sources_spec = self.specs.get("sources")
        sources_raw = self._text("sources", d) or ""
        sources = [s.strip() for s in sources_raw.split(sources_spec.split)] if sources_spec and sources_spec.split \
            else ([sources_raw] if sources_raw else [])
        if self._id:
            key = d[self._id].strip()
            if not key:
                raise RowError(f"id column {self._id!r} is empty")
        else:
            assert self.keys is not None  # no id column: keys numbered
            key = self.keys.key(short_hash(*(d[k] for k in self._key)))
        return Event(
            source=self._source, source_id=key, date_start=start, date_end=end,
            date_precision=precision_word,  # type: ignore[arg-type]
            country=iso3, admin1=self._text("admin1", d) or (c.admin1 if c else None), admin2=self._text("admin2", d),
            location=location, lat=lat, lon=lon, location_precision_km=precision,
            event_type=event_type, sub_event_type=sub_event_type, weapons=weapons,
            perpetrators=[actor_ref(perpetrator)] if perpetrator else [],
            target_type=target_type,
            targets=[Target(type=target_type, description=target)] if target_type else [],
            fatalities=Count.exact(to_count(self._text("fatalities", d), "fatalities")),
            injuries=Count.exact(to_count(self._text("injuries", d), "injuries")),
            claim_status=self._claim(d), notes=self._text("notes", d), sources=[s for s in sources if s],
            known_from=known,
        )

    def _weapons(self, d: dict[str, str]) -> list[Weapon]:
        """A mapped weapon class; else the classes the weapon lexicon finds in the value; else `other`."""
        spec = self.specs.get("weapon")
        if spec is None:
            return []
        v = text(spec.raw(d))
        if not v:
            return []
        if v in WEAPON_CLASSES:
            original = text(d[spec.column]) if spec.column else None
            return [Weapon(cls=v, name=original or v)]
        return weapons_in(v) or [Weapon(cls="other", name=v)]

    def _claim(self, d: dict[str, str]) -> str:
        v = self._text("claim_status", d)
        if v is None:
            return "unknown"
        if v not in CLAIM_STATUSES:
            raise RowError(f"claim_status: {v!r} is not one of {', '.join(CLAIM_STATUSES)} (add it to the map)")
        return v
