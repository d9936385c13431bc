"""Case-insensitive table patterns searched in lower-cased text (extract/lowered.py) give exactly the
matches the plain pattern gives: the same spans and groups, over real RAND and MUC-4 text, from any start
position; patterns and texts where lower-casing could change a match are left to the plain pattern."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from estimative.extract import casualties, dates, segment
from estimative.extract.lowered import LoweredPattern, lowered_form
from estimative.extract.text import sentences, working_copy


def _lowered_patterns() -> list[tuple[str, LoweredPattern]]:
    found = []
    for module in (casualties, dates, segment):
        for name, value in vars(module).items():
            items = value if isinstance(value, tuple) else (value,)
            found += [(f"{module.__name__}.{name}", p) for p in items if isinstance(p, LoweredPattern)]
    return found


def _signature(m: re.Match[str] | None):
    if m is None:
        return None
    return m.span(), m.groups(), [m.span(i) for i in range(m.re.groups + 1)], m.lastindex


@pytest.fixture(scope="module")
def texts(rand_rows: list[dict], data_dir: Path) -> list[str]:
    out = [working_copy(r["Description"]) for r in rand_rows[::60]]
    with open(data_dir / "muc4" / "dev.json", encoding="utf-8") as f:
        out += [json.loads(line)["doctext"] for line in f if line.strip()][:40]
    return out


def test_the_readers_patterns_are_lowered() -> None:
    names = {n for n, _ in _lowered_patterns()}
    assert {"estimative.extract.dates.DATE_RE", "estimative.extract.segment.GENERIC_RE",
            "estimative.extract.casualties.SUBJECT_RE"} <= names


def test_same_matches_as_the_plain_pattern(texts: list[str]) -> None:
    checked = 0
    for name, p in _lowered_patterns():
        plain = p._rx
        for text in texts:
            for a, b in sentences(text)[:6]:
                got = [_signature(m) for m in p.finditer(text, a, b)]
                assert got == [_signature(m) for m in plain.finditer(text, a, b)], name
                assert _signature(p.search(text, a, b)) == _signature(plain.search(text, a, b)), name
                seg = text[a:b]
                assert [_signature(m) for m in p.finditer(seg)] == [_signature(m) for m in plain.finditer(seg)], name
                checked += 1
    assert checked > 1000


def test_capitals_in_the_text_match_as_before() -> None:
    p = lowered_form(r"\bkilled\b", re.I)
    assert p is not None
    rx = LoweredPattern(re.compile(r"\bkilled\b", re.I), p)
    text = "Three were KILLED, one Killed and none killedx."
    assert [m.group() for m in rx.finditer(text)] == ["KILLED", "Killed"]
    assert rx.search(text, 20).group() == "Killed"


@pytest.mark.parametrize("source, flags", [
    (r"\bkilled\b", 0),                 # not case-insensitive: nothing to gain
    (r"\b[A-Z]\w+ killed", re.I),       # a capital in the pattern
    (r"(?-i:K)illed", re.I),            # an inline flag
    (r"\x4billed", re.I),               # a character escape that is a capital
    ("\u212aills", re.I),               # the Kelvin sign matches "k" when case is ignored
    (r"\b(?:killed)?", re.I),           # may match the empty string
    (r"(?P<n>\d+) (?P=n)Killed", re.I),  # a capital after a group reference
    (r"[!-^]illed", re.I),              # a range holding capitals but not their small letters
    (r"killed", re.I | re.ASCII),       # another flag
])
def test_left_to_the_plain_pattern(source: str, flags: int) -> None:
    assert lowered_form(source, flags) is None


def test_text_outside_ascii_reads_with_the_plain_pattern() -> None:
    p = lowered_form(r"\bstra(?:ss|ß)e\b", re.I)
    assert p is not None
    rx = LoweredPattern(re.compile(r"\bstra(?:ss|ß)e\b", re.I), p)
    assert rx.search("Die STRASSE und die Straße").span() == (4, 11)
    assert [m.group() for m in rx.finditer("Die STRASSE und die Straße")] == ["STRASSE", "Straße"]
