"""Dates in report text: absolute ("on 11 March", "December 1, 2009"), relative to the report's
publication ("yesterday", "late on Saturday", "two days ago") and coarse ("late 2019").

Cheap regular expressions find the candidate phrases; absolute forms are read directly and
only the relative ones go to `dateparser` (cached), because parsing whole texts with it would
cost milliseconds per report. A missing year is inferred as the latest one that does not put
the date after the report's date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from estimative.model import DatePrecision

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS: dict[str, int] = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
                            "saturday": 5, "sunday": 6}
_MON = r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|" \
       r"sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
_MON_FULL = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_YY = r"(?:[0-9]{2})"  # "3 jan 90" in wire copy
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART = r"(?:\s+(?:night|morning|afternoon|evening))?"

DATE_RE = re.compile(
    rf"\b(?:"
    rf"(?P<iso>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])"
    rf"|(?:{_WD},?\s+)?(?P<d1>{_DAY})(?:\s+of)?\s+(?P<m1>{_MON})(?:,?\s+(?P<y1>{_YEAR}|{_YY}\b))?"
    rf"|(?:{_WD},?\s+)?(?P<m2>{_MON})\s+(?P<d2>{_DAY})\b(?:,?\s+(?P<y2>{_YEAR}))?"
    rf"|(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)?[\s-]*(?P<m3>{_MON_FULL})"
    rf"(?:\s+of)?,?\s+(?P<y3>{_YEAR})"
    rf"|(?P<pre4>\bin\s+|\bsince\s+|\bduring\s+|\blast\s+)(?P<part4>early|mid|late)?[\s-]*(?P<m4>{_MON_FULL})\b"
    rf"(?!\s+\d)"
    rf"|(?P<pre5>\bin\s+|\bsince\s+|\bduring\s+|\bof\s+)(?:the\s+)?(?P<part5>early|mid|late|end\s+of|beginning\s+of)?"
    rf"[\s-]*(?P<y5>{_YEAR})\b"
    rf"|(?P<rel>yesterday|today|tonight|last\s+night|this\s+(?:morning|afternoon|evening)|"
    rf"(?:\w+|\d+)\s+days?\s+ago|last\s+week|earlier\s+this\s+week|this\s+week|last\s+month)"
    rf"|(?P<wd>{_WD}){_PART}"
    rf")",
    re.IGNORECASE,
)


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


def _coarse(s: int, e: int, year: int, month: int, part: str | None, relative: bool = False) -> DateMention:
    """"March 2020" -> month; "early/mid/late March" -> the first, middle or last third, as a week."""
    p = " ".join((part or "").lower().split())
    if not p:
        return DateMention(s, e, date(year, month, 1), "month", relative, not relative)
    day = {"early": 1, "the beginning of": 1, "the start of": 1, "mid": 11, "late": 21, "the end of": 21}.get(p, 1)
    return DateMention(s, e, date(year, month, day), "week", relative, not relative)


_LAST_BEFORE = re.compile(r"\b(?:last|past)\s+$", re.I)
# "police said on Thursday", "told reporters late Thursday", "said in a statement on Friday": the day of the
# report, not of the incident
_REPORTING = re.compile(r"\b(?:(?:said|say|says|reported|announced|stated|added|confirmed|claimed|released|"
                        r"published|issued|warned|tweeted|posted)(?:\s+in\s+an?\s+(?:\w+\s+)?statement)?\s+|"
                        r"told\s+(?:[\w-]+\s+){1,3}?|(?:statement|briefing|communiqu[eé])\s+(?:(?:issued|released)\s+)?)"
                        r"(?:on\s+|late\s+(?:on\s+)?|early\s+(?:on\s+)?)?$", re.I)
# "BAGHDAD, March 12 (Reuters) -": the wire dateline gives the report's date, not the incident's
DATELINE_RE = re.compile(r"^\W*[A-Z][A-Za-z .'-]{1,40},?\s+(?:[A-Z][A-Za-z.]+\s+\d{1,2}|\d{1,2}\s+[A-Z][A-Za-z.]+)"
                         r"(?:,?\s+\d{4})?\s*(?:\([^)]{1,40}\)\s*)?[-–—]+")


def find_dates(text: str, base: date | None) -> list[DateMention]:
    """Every date phrase in `text` that resolves, in order of appearance."""
    out: list[DateMention] = []
    for m in DATE_RE.finditer(text):
        mention = _resolve(m, base)
        if mention is not None:
            mention.reporting = bool(_REPORTING.search(text[max(0, m.start() - 50):m.start()]))
            out.append(mention)
    return out
