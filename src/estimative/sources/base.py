"""What every adapter shares: the error types, the row loop, field parsing and natural keys.

An adapter turns the rows of one file format into canonical `Event`s. It never aborts a file
for a bad row: `convert` raises `RowError` (any `ValueError`) and the row is quarantined with
that message as its reason. File-level problems (missing columns, a bad mapping) raise
`IngestError` before a single row is read.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from estimative.model import ACLED_TAXONOMY, ActorRef, Event, Weapon
from estimative.sources.csvfile import CsvRow
from estimative.store import Rejected


class IngestError(Exception):
    """A file that cannot be ingested at all, said in one sentence the user can act on."""


class RowError(ValueError):
    """A row that cannot become an Event: the message is the quarantine reason."""


EARLIEST_DATE = date(1900, 1, 1)
# The most deaths or injuries one event record can hold: more is a typo or a code, not a count
# (the deadliest single attacks on record are counted in the hundreds of thousands).
MAX_COUNT = 1_000_000


class Adapter:
    """One dataset format. Subclasses set `name` and `required` and implement `convert`."""

    name: ClassVar[str] = ""
    required: ClassVar[tuple[str, ...]] = ()
    # The earliest event date the source can hold; a source that covers older events says so.
    earliest: ClassVar[date] = EARLIEST_DATE
    # The numbering of natural keys, for an adapter whose source has no id column (see NaturalKeys).
    keys: NaturalKeys | None = None

    def __init__(self, mapping: Path | None = None) -> None:
        if mapping is not None:
            raise IngestError(f"--mapping is only for --source csv, not for --source {self.name}")

    @property
    def source(self) -> str:
        """The source name stored on every event (the csv adapter takes it from its mapping)."""
        return self.name

    def check_header(self, header: Sequence[str], path: Path) -> None:
        missing = [c for c in self.required if c not in header]
        if missing:
            shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
            raise IngestError(f"{path} does not look like a {self.name} file: it lacks the column(s) "
                              f"{', '.join(missing)} (found: {shown}). Check --source.")

    def convert(self, row: CsvRow) -> Event:
        raise NotImplementedError

    def events(self, rows: Iterable[CsvRow | Rejected]) -> Iterator[Event | Rejected]:
        """Every row as an Event, or as a Rejected row carrying the reason (and the natural key
        it was numbered under, if it was)."""
        convert, keys = self.convert, self.keys
        latest = date.today() + timedelta(days=1)
        for row in rows:
            if isinstance(row, Rejected):
                yield row
                continue
            if keys is not None:
                keys.last = None
            try:
                event = convert(row)
                check_ranges(event, self.earliest, latest)
                yield event
            except (ValueError, OverflowError) as exc:  # OverflowError: a number too large for a date
                yield Rejected(row.line, str(exc) or type(exc).__name__, row.raw, keys.last if keys else None)


def check_ranges(event: Event, earliest: date, latest: date) -> None:
    """RowError when an event's dates or counts are out of range: dates before `earliest` or
    after `latest` (a day past the ingest), counts above MAX_COUNT."""
    for name, day in (("date", event.date_start), ("date_end", event.date_end)):
        if day is not None and not earliest <= day <= latest:
            raise RowError(f"{name} {day.isoformat()} is out of range: this source holds events from "
                           f"{earliest.isoformat()} to {latest.isoformat()} (a day past the ingest)")
    for name, count in (("fatalities", event.fatalities), ("injuries", event.injuries)):
        for n in (count.best, count.min, count.max):
            if n is not None and not 0 <= n <= MAX_COUNT:
                raise RowError(f"{name}: {n:,} is out of range (a count is 0 to {MAX_COUNT:,})")


# ------------------------------------------------------------------------ field parsing
def check_not_hxl(d: dict[str, str]) -> None:
    """HDX files put a row of HXL hashtags (`#date+occurred`) under the header: not an event."""
    values = [v.strip() for v in d.values() if v.strip()]
    if values and sum(v.startswith("#") for v in values) * 2 > len(values):
        raise RowError("HXL hashtag row (HDX column tags under the header), not an event")


_NUMBER = re.compile(r"^[+-]?\d+(?:\.0*)?$")


def text(value: str | None) -> str | None:
    """A stripped string, or None when empty."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def to_int(value: str | None, field: str) -> int | None:
    """An integer column, tolerating float spelling (`214797.0`); empty is None."""
    v = (value or "").strip()
    if not v:
        return None
    if len(v) > 40:
        raise RowError(f"{field}: not a whole number: {v[:40]!r}... ({len(v)} characters)")
    if v.isdigit():
        return int(v)
    if _NUMBER.match(v):
        return int(v.split(".")[0])
    raise RowError(f"{field}: not a whole number: {value!r}")


def to_count(value: str | None, field: str, unknown: frozenset[int] = frozenset()) -> int | None:
    """A non-negative count (fatalities, injuries); empty, or one of the source's documented
    `unknown` codes (such as -99), is None. Any other negative number is a RowError: a count
    is never turned into "unknown" without a word."""
    n = to_int(value, field)
    if n is None or n in unknown:
        return None
    if n < 0:
        raise RowError(f"{field}: a count cannot be negative: {value!r}")
    return n


def to_float(value: str | None, field: str) -> float | None:
    v = (value or "").strip()
    if not v:
        return None
    try:
        return float(v)
    except ValueError:
        raise RowError(f"{field}: not a number: {value!r}") from None


def to_latlon(lat: str | None, lon: str | None) -> tuple[float | None, float | None]:
    """Coordinates, or (None, None) when either is missing; out-of-range values are a row error."""
    la, lo = to_float(lat, "latitude"), to_float(lon, "longitude")
    if la is None or lo is None:
        return None, None
    if not (-90.0 <= la <= 90.0 and -180.0 <= lo <= 180.0):
        raise RowError(f"coordinates out of range: latitude {lat!r}, longitude {lon!r}")
    return la, lo


_DATE_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y")


def to_date(value: str | None, field: str, formats: Sequence[str] = ()) -> date:
    """A required date: ISO first (fast), then the given formats, then the common export formats."""
    v = (value or "").strip()
    if not v:
        raise RowError(f"{field}: no date")
    try:
        return date.fromisoformat(v[:10])
    except ValueError:
        pass
    for fmt in (*formats, *_DATE_FORMATS):
        try:
            return datetime.strptime(v, fmt).date()
        except ValueError:
            continue
    raise RowError(f"{field}: not a date: {value!r}")


def short_hash(*parts: str | None) -> str:
    """A short, stable digest of some fields: part of a natural key where a source has no id."""
    return hashlib.sha1("\x1f".join(p or "" for p in parts).encode()).hexdigest()[:12]


class NaturalKeys:
    """Numbers rows that share a natural key in file order, so identical rows stay distinct
    events (`key/1`, `key/2`) and the same file always gives the same keys: a row is numbered
    when its adapter asks for its key, even if the row is rejected after that (a range check),
    so the rows after it keep their numbers.

    Numbered here (a count per key, in memory) for the readers that hold the events anyway (the
    evaluations, Spark's per-row mapping). An ingest sets `deferred`: `key` then returns the key
    as it is, and `sources.numbering` numbers the staged rows in SQL, by the same rule, so the
    ingest's memory does not grow with the keys of the file. `last` is the key the row being
    converted asked for (None when it asked for none): a rejected row carries it."""

    def __init__(self) -> None:
        self.deferred = False
        self.last: str | None = None
        self._counts: dict[str, int] = {}

    def key(self, base: str) -> str:
        self.last = base
        if self.deferred:
            return base
        n = self._counts.get(base, 0) + 1
        self._counts[base] = n
        return f"{base}/{n}"


# ------------------------------------------------------------------------ taxonomy
_SUB_EVENT_OF = {sub.casefold(): (et, sub) for et, subs in ACLED_TAXONOMY.items() for sub in subs}
_EVENT_TYPES = {et.casefold(): et for et in ACLED_TAXONOMY}


def acled_types(event_type: str | None, sub_event_type: str | None) -> tuple[str | None, str | None]:
    """ACLED event and sub-event type as the model spells them, or None where not in the taxonomy.

    Case and the codebook's older spelling "protestors" are forgiven.
    """
    sub = (sub_event_type or "").strip().casefold().replace("protestors", "protesters")
    hit = _SUB_EVENT_OF.get(sub)
    et = _EVENT_TYPES.get((event_type or "").strip().casefold())
    if hit and (et is None or et == hit[0]):
        return hit
    return et, None


# Sub-event type implied by the weapon classes of an attack, strongest evidence first; used where
# a source codes the weapon but not the event (RAND, GTD, SIGACTS).
_BY_WEAPON: tuple[tuple[str, str, str], ...] = (
    ("chemical", "Explosions/Remote violence", "Chemical weapon"),
    ("suicide_bomb", "Explosions/Remote violence", "Suicide bomb"),
    ("airstrike", "Explosions/Remote violence", "Air/drone strike"),
    ("drone", "Explosions/Remote violence", "Air/drone strike"),
    ("vbied", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("ied", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("missile", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("artillery", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("rocket", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("mortar", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("grenade", "Explosions/Remote violence", "Grenade"),
)
# Target types that make a direct attack a clash between armed parties rather than an attack on civilians.
ARMED_TARGETS = frozenset({"military", "police", "armed group"})


def acled_types_for_attack(weapon_classes: Iterable[str], target_type: str | None) -> tuple[str, str]:
    """ACLED type of an attack known by its weapons and target: remote violence by weapon; direct
    attacks are an armed clash when the target is armed, else violence against civilians."""
    classes = set(weapon_classes)
    for cls, et, sub in _BY_WEAPON:
        if cls in classes:
            return et, sub
    if target_type in ARMED_TARGETS:
        return "Battles", "Armed clash"
    return "Violence against civilians", "Attack"


# ------------------------------------------------------------------------ knowledge lookups
@lru_cache(maxsize=200_000)
def _resolved(name: str) -> tuple[str | None, tuple[str, ...], str | None]:
    from estimative.knowledge import registry

    ref = registry().ref(name)
    return ref.id, tuple(ref.families), ref.country


def actor_ref(name: str) -> ActorRef:
    """The record's actor name, resolved through the registry (cached: sources repeat names)."""
    actor_id, families, country = _resolved(name)
    return ActorRef(name=name, id=actor_id, families=list(families), country=country)


_TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def weapon_lexicon() -> tuple[dict[tuple[str, ...], str], dict[str, int]]:
    """(word sequence -> class, first word -> longest phrase length) of the knowledge lexicon,
    with plain plurals ("rockets") added. Matching word sequences in a dict keeps a bulk ingest
    at microseconds per description where one regex of 300 alternatives takes a fifth of a ms."""
    from estimative.knowledge import weapon_terms

    table: dict[tuple[str, ...], str] = {}
    for phrase, cls in weapon_terms():
        words = tuple(_TOKEN.findall(phrase.lower()))
        if not words:
            continue
        table.setdefault(words, cls)
        for suffix in ("s", "es"):
            table.setdefault((*words[:-1], words[-1] + suffix), cls)
    longest: dict[str, int] = {}
    for words in table:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return table, longest


def weapons_in(description: str | None) -> list[Weapon]:
    """Weapons a free-text description names, by the knowledge weapon lexicon: one per class, in
    order of first mention, the longest phrase winning ("car bomb" is a VBIED, not a bomb)."""
    if not description:
        return []
    table, longest = weapon_lexicon()
    lowered = description.lower()
    words = _TOKEN.findall(lowered)
    if longest.keys().isdisjoint(words):  # most descriptions: no word starts a weapon phrase
        return []
    spans = [m.span() for m in _TOKEN.finditer(lowered)]
    found: dict[str, Weapon] = {}
    i, n = 0, len(words)
    while i < n:
        size = longest.get(words[i], 0)
        for k in range(min(size, n - i), 0, -1):
            cls = table.get(tuple(words[i:i + k]))
            if cls is not None:
                if cls not in found:
                    found[cls] = Weapon(cls=cls, name=description[spans[i][0]:spans[i + k - 1][1]])
                i += k
                break
        else:
            i += 1
    return list(found.values())
