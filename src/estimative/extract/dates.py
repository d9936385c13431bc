"""Dates in report text: absolute ("on 11 March", "December 1, 2009"), relative to the report's
publication ("yesterday", "late on Saturday", "two days ago") and coarse ("late 2019").

Cheap regular expressions find the candidate phrases; absolute forms are read directly and
only the relative ones go to `dateparser` (cached), because parsing whole texts with it would
cost milliseconds per report. A missing year is inferred as the latest one that does not put
the date after the report's date. The report's date is its publication date, else the date the
text is read as of (`extract(..., as_of=...)`); without either, relative phrases do not resolve.
Weekday and part-of-day phrases ("late Wednesday", "on Sunday night", "Sunday's attack") are the
last such day on or before the report's; "said on Thursday" marks the day of a statement
(`reporting`), and "since the end of 2017" the start of a period (`period_start`): neither is an
incident's date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from estimative.extract.tables import compile_pattern
from estimative.extract.tables import dates as T
from estimative.model import DatePrecision

MONTHS = T.MONTHS
WEEKDAYS = T.WEEKDAYS

DATE_RE = compile_pattern(T.DATE_RE, re.IGNORECASE)


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    date: date
    precision: DatePrecision
    relative: bool  # resolved against the report's date
    explicit_year: bool
    reporting: bool = False  # when something was said or reported ("police said Friday"), not when it happened
    period_start: bool = False  # "since the end of 2017", "since January": where a period began, no event's day

    def period_end(self) -> date:
        """The last day the mention can mean: "in 1987" may be any day up to 31 December 1987."""
        if self.precision == "year":
            return date(self.date.year, 12, 31)
        if self.precision == "month":
            nxt = date(self.date.year + self.date.month // 12, self.date.month % 12 + 1, 1)
            return nxt - timedelta(days=1)
        if self.precision == "week":
            return self.date + timedelta(days=10)  # "late March", "last week": a third of a month or so
        return self.date

    def before(self, base: date | None, days: int) -> bool:
        """True when the whole period the mention names ended more than `days` before `base`."""
        return base is not None and (base - self.period_end()).days > days


def _year(y: str | None) -> int | None:
    if not y:
        return None
    v = int(y)
    return v if v >= 100 else (1900 + v if v >= 30 else 2000 + v)


def _infer_year(month: int, day: int, base: date | None) -> int:
    """The year that puts month/day on or before the report's date (within a day or two)."""
    if base is None:
        return datetime.now().year
    year = base.year
    try:
        if date(year, month, day) > base + timedelta(days=2):
            year -= 1
    except ValueError:
        pass
    return year


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_absolute_date(text: str) -> date | None:
    """A fully written date ("December 1, 2009", "8 January 2020", "2020-01-08"), else None."""
    for m in DATE_RE.finditer(text):
        mention = _resolve(m, None)
        if mention and mention.explicit_year and mention.precision == "day":
            return mention.date
    return None


@lru_cache(maxsize=4096)
def _dateparser(phrase: str, base: date | None) -> date | None:
    import dateparser

    rel_base = datetime.combine(base, datetime.min.time()).replace(hour=12) if base else None
    settings = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if rel_base:
        settings["RELATIVE_BASE"] = rel_base
    try:
        parsed = dateparser.parse(phrase, settings=settings, languages=["en"])
    except (ValueError, OverflowError, RecursionError):
        return None
    return parsed.date() if parsed else None


def _resolve(m: re.Match[str], base: date | None) -> DateMention | None:
    g = m.groupdict()
    s, e = m.start(), m.end()
    if g["iso"]:
        d = _safe(int(g["iso"]), int(g["iso_m"]), int(g["iso_d"]))
        return DateMention(s, e, d, "day", False, True) if d else None
    if g["ny"]:
        return _numeric(s, e, int(g["n1"]), int(g["n2"]), int(g["ny"]))
    for dk, mk, yk in (("d1", "m1", "y1"), ("d2", "m2", "y2")):
        if g[dk] and g[mk]:
            month = MONTHS.get(g[mk].lower().rstrip("."))
            day = int(re.sub(r"\D", "", g[dk]))
            if not month:
                return None
            if g[mk].lower() == "may" and not g[yk] and dk == "d2":
                pass  # "May 5" is a date; "may 5" in lower-case text would be too, accept
            year = _year(g[yk])
            explicit = year is not None
            if year is None:
                year = _infer_year(month, day, base)
            d = _safe(year, month, day)
            return DateMention(s, e, d, "day", False, explicit) if d else None
    if g["m3"] and g["y3"]:
        return _coarse(s, e, int(g["y3"]), MONTHS[g["m3"].lower()], g["part"])
    if g["m4"]:
        month = MONTHS[g["m4"].lower()]
        year = _infer_year(month, 1, base)
        mention = _coarse(s + len(g["pre4"]), e, year, month, g["part4"], relative=True)
        mention.period_start = g["pre4"].lower().startswith("since")
        return mention
    if g["y5"]:
        part = (g["part5"] or "").lower()
        year = int(g["y5"])
        start = s + len(g["pre5"])
        since = g["pre5"].lower().startswith("since")
        if part:
            month = {"early": 1, "beginning of": 1, "mid": 5, "late": 9, "end of": 9}.get(" ".join(part.split()), 1)
            return DateMention(start, e, date(year, month, 1), "month", False, True, period_start=since)
        return DateMention(start, e, date(year, 1, 1), "year", False, True, period_start=since)
    if g["rel"]:
        phrase = " ".join(g["rel"].lower().split())
        if base is None:
            return None
        d = _dateparser(phrase, base)
        if d is None:
            return None
        precision: DatePrecision = "week" if "week" in phrase else "month" if "month" in phrase else "day"
        return DateMention(s, e, d, precision, True, False)
    if g["wd"]:
        if base is None:
            return None
        wd = WEEKDAYS[g["wd"].lower()]
        back = (base.weekday() - wd) % 7
        if back == 0 and _LAST_BEFORE.search(m.string, max(0, s - 12), s):
            back = 7  # "last Sunday" read on a Sunday is a week before
        return DateMention(s, e, base - timedelta(days=back), "day", True, False)
    return None


def _numeric(s: int, e: int, first: int, second: int, year: int) -> DateMention | None:
    """"01/18/2021", "18/01/2021": the part over 12 is the day; where both could be the month, the
    month comes first, as English dates written with slashes are read by default (dateparser's `en`)."""
    month, day = (second, first) if first > 12 >= second else (first, second)
    d = _safe(year, month, day)
    return DateMention(s, e, d, "day", False, True) if d else None


def _coarse(s: int, e: int, year: int, month: int, part: str | None, relative: bool = False) -> DateMention:
    """"March 2020" -> month; "early/mid/late March" -> the first, middle or last third, as a week."""
    p = " ".join((part or "").lower().split())
    if not p:
        return DateMention(s, e, date(year, month, 1), "month", relative, not relative)
    day = {"early": 1, "the beginning of": 1, "the start of": 1, "mid": 11, "late": 21, "the end of": 21}.get(p, 1)
    return DateMention(s, e, date(year, month, day), "week", relative, not relative)

_LAST_BEFORE = compile_pattern(T.LAST_BEFORE, re.I)
_REPORTING = compile_pattern(T.REPORTING, re.I)
DATELINE_RE = compile_pattern(T.DATELINE_RE)
_DATELINE_AT_LINE = compile_pattern(T.DATELINE_RE.replace("^", "(?m)^", 1))
_DATELINE_HEAD = 600  # a heading or a title may come first: the dateline opens one of the first lines


def find_dateline(text: str) -> re.Match[str] | None:
    """The wire dateline ("BAGHDAD, Jan 5, 2006 (Reuters) -") at the start of the text or of one of its
    first lines (after a heading), or None."""
    return DATELINE_RE.match(text) or _DATELINE_AT_LINE.search(text, 0, _DATELINE_HEAD)


def find_dates(text: str, base: date | None) -> list[DateMention]:
    """Every date phrase in `text` that resolves, in order of appearance."""
    out: list[DateMention] = []
    for m in DATE_RE.finditer(text):
        mention = _resolve(m, base)
        if mention is not None:
            mention.reporting = bool(_REPORTING.search(text[max(0, m.start() - 50):m.start()]))
            out.append(mention)
    return out
