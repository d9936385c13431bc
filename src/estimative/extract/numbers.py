"""Numbers as reports write them: "18", "twenty-nine", "a dozen", "dozens", "at least 12", "20 to 30".

Vague quantities follow ACLED's conservative rule (https://acleddata.com/knowledge-base/faq-fatalities/):
"tens" is 10, "dozens" 12, "hundreds" 100; "scores" by the same logic 20. "Several", "a few",
"some", "many" give a lower bound (3, 2, ...) but no best figure, as coders leave such counts
unknown. Qualifiers map to the schema's count qualifier.
"""
from __future__ import annotations

import re

from estimative.extract.tables import alternation
from estimative.model import Count

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
                        "seventy": 70, "eighty": 80, "ninety": 90}
# "an unknown number of assailants were killed": people, but no count at all (GTD's phrasing)
UNKNOWN_NUMBER = ("an unknown number of", "an undetermined number of", "an unspecified number of",
                  "an unconfirmed number of", "unknown number of")
# vague quantity -> (best, min, max); max None = unbounded
VAGUE: dict[str, tuple[int, int, int | None]] = {
    "a couple of": (2, 2, 2), "a couple": (2, 2, 2), "a pair of": (2, 2, 2), "both": (2, 2, 2),
    "a few": (3, 2, 5), "few": (3, 2, 5), "several": (3, 3, None), "a number of": (3, 3, None),
    "a handful of": (3, 2, 5), "some": (3, 2, None), "many": (10, 10, None), "numerous": (10, 10, None),
    "tens of": (10, 10, None), "tens": (10, 10, None), "a dozen": (12, 12, 12), "dozen": (12, 12, 12),
    "dozens of": (12, 12, None), "dozens": (12, 12, None), "scores of": (20, 20, None), "scores": (20, 20, None),
    "a score of": (20, 20, 20), "hundreds of": (100, 100, None), "hundreds": (100, 100, None),
    "thousands of": (1000, 1000, None), "thousands": (1000, 1000, None),
    **dict.fromkeys(UNKNOWN_NUMBER, (1, 1, None)),
}
# Vague words that bound a count from below but give no figure: "several people were killed".
NO_FIGURE = frozenset({"a few", "few", "several", "a number of", "some", "many", "numerous", "a handful of",
                       *UNKNOWN_NUMBER})
QUALIFIERS: dict[str, str] = {
    "at least": "at_least", "more than": "at_least", "over": "at_least", "upwards of": "at_least",
    "in excess of": "at_least", "no fewer than": "at_least", "no less than": "at_least", "a minimum of": "at_least",
    "at most": "at_most", "up to": "at_most", "as many as": "at_most", "fewer than": "at_most",
    "less than": "at_most", "no more than": "at_most", "a maximum of": "at_most",
    "about": "approximate", "around": "approximate", "roughly": "approximate", "approximately": "approximate",
    "nearly": "approximate", "almost": "approximate", "some": "approximate", "an estimated": "approximate",
    "estimated": "approximate", "close to": "approximate", "reportedly": "approximate", "perhaps": "approximate",
    "possibly": "approximate", "circa": "approximate", "an approximate": "approximate",
    "a total of": "exact", "in all": "exact", "all": "exact",
}
_UNIT = alternation(list(UNITS))
_TEN = alternation(list(TENS))
_W2 = rf"(?:(?:{_TEN})(?:[\s-]+(?:{_UNIT}))?|(?:{_UNIT}))"
_W3 = rf"(?:(?:{_W2}|a|one)\s+hundred(?:\s+(?:and\s+)?{_W2})?|{_W2})"
_WORDS = rf"(?:{_W3}\s+thousand(?:\s+(?:and\s+)?{_W3})?|{_W3})"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]*\d)"
_SINGLE = rf"(?:{_DIGITS}|{_WORDS})"
_VAGUE = alternation(list(VAGUE))
_QUAL = alternation(list(QUALIFIERS))
# A count: optional qualifier, a number or a range ("20 to 30", "20-30", "between 20 and 30"), or a vague word.
NUMBER = (rf"(?:(?P<qual>{_QUAL})\s+)?"
          rf"(?P<num>between\s+(?P<lo>{_SINGLE})\s+and\s+(?P<hi>{_SINGLE})"
          rf"|(?P<a>{_SINGLE})(?:\s*(?:-|–|to|or)\s*(?P<b>{_SINGLE}))?|(?P<vague>{_VAGUE}))")
NUMBER_RE = re.compile(rf"\b{NUMBER}\b", re.IGNORECASE)


def word_number(text: str) -> int | None:
    """Value of a number in digits or words ("twenty-nine", "two hundred and sixty"), else None."""
    t = text.strip().lower().replace(",", "") if re.fullmatch(r"[\d,]+", text.strip()) else text.strip().lower()
    if t.isdigit():
        return int(t)
    if not t:
        return None
    total = current = 0
    seen = False
    for w in re.split(r"[\s-]+", t):
        if w == "and":
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "a" and not seen:
            current += 1
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_count(m: re.Match[str]) -> Count | None:
    """A Count for a `NUMBER_RE` match, following its qualifier and range."""
    g = m.groupdict()
    qual = g.get("qual")
    if g.get("vague"):
        n = " ".join(g["vague"].lower().split())  # "hundreds\nof": the phrase's words, as the table spells them
        best, lo, hi = VAGUE[n]
        exact = n in ("a couple of", "a couple", "a pair of", "both", "a dozen", "dozen", "a score of")
        q = "exact" if exact else "at_least" if hi is None else "approximate"
        # "several", "some", "many": a lower bound but no figure to report as the count
        count = Count(best=None if n in NO_FIGURE else best, min=lo, max=hi, qualifier=q)
    else:
        first, second = (g["lo"], g["hi"]) if g.get("lo") else (g.get("a"), g.get("b"))
        value = word_number(first or "")
        if value is None:
            return None
        if second:
            other = word_number(second)
            if other is not None:
                lo, hi = min(value, other), max(value, other)
                return Count(best=lo, min=lo, max=hi, qualifier="approximate")
        count = Count.exact(value)
    if qual:
        kind = QUALIFIERS.get(" ".join(qual.lower().split()))
        if kind == "at_least":
            count = Count(best=count.best, min=count.min, max=None, qualifier="at_least")
        elif kind == "at_most":
            count = Count(best=count.best, min=0, max=count.max if count.max is not None else count.best,
                          qualifier="at_most")
        elif kind == "approximate":
            count = Count(best=count.best, min=None, max=None, qualifier="approximate")
    return count


def count_of(text: str) -> Count | None:
    """The Count a short phrase states ("at least a dozen"), or None when it states none."""
    m = NUMBER_RE.fullmatch(text.strip())
    return parse_count(m) if m else None


def add_counts(a: Count, b: Count) -> Count:
    """Sum of two counts (two groups of victims): bounds add, the weaker qualifier wins."""
    if a.best is None:
        return b
    if b.best is None:
        return a
    order = ["exact", "approximate", "at_least", "at_most", "unknown"]
    q = a.qualifier if order.index(a.qualifier) >= order.index(b.qualifier) else b.qualifier

    def s(x: int | None, y: int | None) -> int | None:
        return None if x is None or y is None else x + y

    return Count(best=a.best + b.best, min=s(a.min if a.min is not None else a.best,
                                             b.min if b.min is not None else b.best),
                 max=s(a.max, b.max), qualifier=q)
