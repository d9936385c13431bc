"""The report text as extraction sees it: a working copy, its sentences and its words.

The working copy has the same length as the input (every offset is an offset into the report)
but repairs what would mislead matching: RAND's mis-encoded apostrophes (BaghdadÕs) and
typographic quotes. Sentences come from spaCy's blank English pipeline (tokenizer with title
abbreviations as special cases, and the rule-based sentencizer), then split again where a
full stop has no space after it ("in Iraq.On January 1"), which wire copy often has.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# The one size limit of a report, wherever it comes in (a file, stdin, the API, the web form): a
# file or body over this many bytes is refused before it is read, a text over this many characters
# before any work. It is also spaCy's `max_length`, so the tokenizer never refuses a text we took.
MAX_REPORT_CHARS = 1_000_000
# Characters that do not show: zero-width spaces and joiners, the soft hyphen, direction marks,
# the word joiner and a BOM inside the text. Inside a word they split it (`Bagh\u200bdad`).
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


class ReportTooLarge(ValueError):
    """A report over MAX_REPORT_CHARS; the message says the size, the limit and what to do."""


def check_report_size(size: int, what: str = "the report", unit: str = "bytes") -> None:
    """ReportTooLarge when `size` (bytes of a file or body, or characters of a text) is over the limit."""
    if size > MAX_REPORT_CHARS:
        raise ReportTooLarge(f"{what} has {size:,} {unit}; the limit for one report is {MAX_REPORT_CHARS:,}. "
                             "Split it into separate reports.")


def normalise(text: str) -> str:
    """The text as extraction reads it: Unicode NFC (a letter and its combining accent become one
    character) without invisible characters, so `Bagh\u200bdad` reads as Baghdad. Evidence spans
    index this normalised text, which is the `text` a Document carries."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


_MISENCODED = re.compile(r"(?<=[A-Za-z])[ÕÒÓÔ](?=[a-z]|\b)")
_WORD = re.compile(r"[^\W_]+(?:['’`][^\W_]+)*", re.UNICODE)
_GLUED_STOP = re.compile(r"(?<=[a-z0-9\)])[.!?](?=[A-Z][a-z])")
# a line break ends a sentence (a headline, a dateline, a list item); so does a glued full stop
_BREAK = re.compile(r"\n+|(?<=[a-z0-9\)])[.!?](?=[A-Z][a-z])")
_ABBREVIATIONS = ("Lt.", "Col.", "Gen.", "Maj.", "Sgt.", "Capt.", "Brig.", "Cpl.", "Pvt.", "Adm.", "Lt.Col.",
                  "Dr.", "Mr.", "Mrs.", "Ms.", "Sen.", "Rep.", "Gov.", "St.", "Mt.", "Ft.", "No.", "Jan.", "Feb.",
                  "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "Gen", "Cmdr.",
                  "Insp.", "Supt.", "Prof.", "Rev.", "Sheikh.", "Jr.", "Sr.", "Co.", "Corp.", "Inc.", "Ltd.",
                  "approx.", "est.", "vs.", "U.N.", "U.S.", "U.K.", "E.U.")


@lru_cache(maxsize=1)
def nlp():
    """spaCy's blank English pipeline with a sentencizer (built once per process)."""
    import spacy
    from spacy.attrs import ORTH

    pipeline = spacy.blank("en")
    for abbr in _ABBREVIATIONS:
        pipeline.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    pipeline.add_pipe("sentencizer")
    pipeline.max_length = MAX_REPORT_CHARS
    return pipeline


def working_copy(text: str) -> str:
    """Same length as `text`; mis-encoded and curly apostrophes become "'" so words match, and capitals
    that carry no information (a report, or a headline line, all in capitals) become lower case, so the
    text reads as lower-case wire copy does."""
    return _uncapitalise(_MISENCODED.sub("'", text).replace("’", "'").replace("‘", "'"))


_CAPS_LINE = re.compile(r"^[^\n]*$", re.M)
_LOWER_LETTER = re.compile(r"[a-z]")
_UPPER_LETTER = re.compile(r"[A-Z]")


def _lower_same_length(s: str) -> str:
    """`s` in lower case, one character for one (a character whose lower case is longer stays as it is)."""
    low = s.lower()
    return low if len(low) == len(s) else "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


def _mostly_capitals(s: str) -> bool:
    upper = len(_UPPER_LETTER.findall(s))
    return upper >= 12 and upper > 4 * len(_LOWER_LETTER.findall(s))


def _uncapitalise(text: str) -> str:
    """All-capital text (wire headlines, telex copy) in lower case: capitals there mark no names, and the
    readers treat lower-case text as text without name cues. Only whole lines, or the whole text, change."""
    if not _UPPER_LETTER.search(text):
        return text
    if _mostly_capitals(text[:20000]):
        return _lower_same_length(text)
    if not any(_mostly_capitals(line) for line in text.splitlines()):
        return text
    return _CAPS_LINE.sub(lambda m: _lower_same_length(m.group()) if _mostly_capitals(m.group()) else m.group(), text)


@dataclass(slots=True)
class Word:
    start: int
    end: int
    text: str


@lru_cache(maxsize=512)
def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Word tokens (letters and digits, with inner apostrophes) of text[start:end] (cached: places
    and actors both walk the same sentences; callers must not change the list)."""
    seg = text[start:end] if end is not None else text[start:]
    return [Word(start + m.start(), start + m.end(), m.group()) for m in _WORD.finditer(seg)]


def sentences(text: str, doc=None) -> list[tuple[int, int]]:
    """Sentence spans [start, end) covering the text, split by spaCy and at glued full stops.

    `doc` is `nlp()(text)` when the caller already has it (one tokenisation serves every matcher)."""
    if not text.strip():
        return []
    if doc is None:
        doc = nlp()(text)
    spans: list[tuple[int, int]] = []
    for s in doc.sents:
        a, b = s.start_char, s.end_char
        cut = a
        for m in _BREAK.finditer(text, a, b):
            if text[cut:m.start()].strip():
                spans.append((cut, m.end()))
            cut = m.end()
        spans.append((cut, b))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        if a < b:
            out.append((a, b))
    return out


class SpanSet:
    """Non-overlapping [start, end) spans kept sorted, so "does this overlap a taken span?" stays
    cheap on a megabyte of text."""

    def __init__(self, spans=()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for a, b in sorted(spans):
            self.add(a, b)

    def add(self, a: int, b: int) -> None:
        k = bisect.bisect_left(self._starts, a)
        self._starts.insert(k, a)
        self._ends.insert(k, b)

    def overlaps(self, a: int, b: int) -> bool:
        k = bisect.bisect_left(self._starts, b)  # spans starting before b
        return k > 0 and max(self._ends[max(0, k - 8):k]) > a

    def covers(self, a: int, b: int) -> bool:
        """True when one span contains [a, b)."""
        k = bisect.bisect_right(self._starts, a)
        return any(self._starts[i] <= a and b <= self._ends[i] for i in range(max(0, k - 8), k))
