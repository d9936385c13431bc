"""Date wording in English: month and weekday names and the patterns `extract/dates.py` finds date phrases
with (absolute, relative, coarse), the statement cue ("said on Thursday") and the wire dateline. Data, not
algorithm: `dates.py` compiles the patterns with `tables.compile_pattern`.
"""
from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS: dict[str, int] = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
                            "saturday": 5, "sunday": 6}

MON = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|" \
       r"sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)

MON_FULL = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"

DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

YEAR = r"(?:1[89]\d\d|20\d\d)"

YY = r"(?:[0-9]{2})"

WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

PART = r"(?:\s+(?:night|morning|afternoon|evening))?"

# the second day of a span of days ("the night of 4 to 5 June", "4-5 June"): the span's date is its first day,
# as GTD and ACLED code an event by the day it began ("June 4 and 5" reads June 4 without it)
SPAN_END = rf"(?:\s*[-–]\s*|\s+(?:to|and)\s+){DAY}"

DATE_RE = (
    rf"\b(?:"
    rf"(?P<iso>{YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])"
    rf"|(?P<n1>[0-3]?\d)/(?P<n2>[0-3]?\d)/(?P<ny>{YEAR})\b"
    rf"|(?:{WD},?\s+)?(?P<d1>{DAY})(?:{SPAN_END})?(?:\s+of)?\s+(?P<m1>{MON})(?:,?\s+(?P<y1>{YEAR}|{YY}\b))?"
    rf"|(?:{WD},?\s+)?(?P<m2>{MON})\s+(?P<d2>{DAY})\b(?:,?\s+(?P<y2>{YEAR}))?"
    rf"|(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)?[\s-]*(?P<m3>{MON_FULL})"
    rf"(?:\s+of)?,?\s+(?P<y3>{YEAR})"
    rf"|(?P<pre4>\bin\s+|\bsince\s+|\bduring\s+|\blast\s+)(?P<part4>early|mid|late)?[\s-]*(?P<m4>{MON_FULL})\b"
    rf"(?!\s+\d)"
    rf"|(?P<pre5>\bin\s+|\bsince\s+|\bduring\s+|\bof\s+)(?:the\s+)?(?P<part5>early|mid|late|end\s+of|beginning\s+of)?"
    rf"[\s-]*(?P<y5>{YEAR})\b"
    rf"|(?P<rel>yesterday|today|tonight|last\s+night|this\s+(?:morning|afternoon|evening)|"
    rf"(?:\w+|\d+)\s+days?\s+ago|last\s+week|earlier\s+this\s+week|this\s+week|last\s+month)"
    rf"|(?P<wd>{WD}){PART}"
    rf")"
)

LAST_BEFORE = r"\b(?:last|past)\s+$"

# "police said on Thursday", "told reporters late Thursday", "said in a statement on Friday": the day of the
# report, not of the incident
REPORTING = (
    r"\b(?:(?:said|say|says|reported|announced|stated|added|confirmed|claimed|released|"
                        r"published|issued|warned|tweeted|posted)(?:\s+in\s+an?\s+(?:\w+\s+)?statement)?\s+|"
                        r"told\s+(?:[\w-]+\s+){1,3}?|(?:statement|briefing|communiqu[eé])\s+(?:(?:issued|released)\s+)?)"
                        r"(?:on\s+|late\s+(?:on\s+)?|early\s+(?:on\s+)?)?$"
)

# "BAGHDAD, March 12 (Reuters) -": the wire dateline gives the report's date, not the incident's
DATELINE_RE = (
    r"^\W*[A-Z][A-Za-z .'-]{1,40},?\s+(?:[A-Z][A-Za-z.]+\s+\d{1,2}|\d{1,2}\s+[A-Z][A-Za-z.]+)"
                         r"(?:,?\s+\d{4})?\s*(?:\([^)]{1,40}\)\s*)?[-–—]+"
)
