"""Case-insensitive patterns searched faster, with the same matches.

Python's engine tries every alternative of a case-insensitive pattern at every position of the text: it
has no fast scan for cased letters under IGNORECASE. A pattern written in lower case, searched without
IGNORECASE in the lower-cased text, finds the same places several times faster (its literals then let the
engine skip ahead). `LoweredPattern` does that to find where a match starts, then matches the original
pattern there in the original text, so the match object (groups, text, span) is exactly the one the
original pattern's `search` or `finditer` gives (but for `pos`, which is where the match starts, and `re`,
the plain pattern). It applies only where the two agree by construction:

- the pattern: flags IGNORECASE (with MULTILINE, DOTALL or VERBOSE at most); no capital letter, no
  character escape (\\x41), no inline flag ("(?-i:...)"), no range holding a capital without its small
  letter ("[!-^]"), no character outside ASCII that matches an ASCII one when case is ignored (the Kelvin
  sign matches "k"); no empty match, so `finditer` never has to step over one; and not already
  searched fast (a pattern opening with a character that has no case, as "\\(" or "\\d");
- the text: ASCII (so lower-casing keeps every character in its place and means what IGNORECASE means).

Anything else goes to the original pattern unchanged.
"""
from __future__ import annotations

import re
import string
import sys
from collections.abc import Iterator
from typing import Any

_ALLOWED_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE
_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")
_CHAR_ESCAPES = re.compile(r"\\[xuUN0-7]")
# escapes (\b \B \s \S \w \W \d \D \A \Z are classes or anchors, \. \- \\ no letters) and group names
_NOT_LETTERS = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)", re.S)


def lowered_form(source: str, flags: int) -> re.Pattern[str] | None:
    """The pattern to search lower-cased ASCII text with, or None when it would not match the same."""
    if not flags & re.IGNORECASE or flags & ~_ALLOWED_FLAGS:
        return None
    if _INLINE_FLAGS.search(source) or _CHAR_ESCAPES.search(source):
        return None
    if any(c in string.ascii_uppercase for c in _NOT_LETTERS.sub("", source)):
        return None
    for c in set(source):
        if not c.isascii() and any(re.fullmatch(re.escape(c), chr(a), re.IGNORECASE) for a in range(128)):
            return None
    from re import _compiler, _constants, _parser  # type: ignore[attr-defined]  # the standard library's own

    parsed = _parser.parse(source, flags)
    if parsed.getwidth()[0] == 0:
        return None
    if _compiler._get_literal_prefix(parsed, flags)[0] or _compiler._get_charset_prefix(parsed, flags):
        return None  # the engine already skips ahead to where a match can start ("\\(", "\\d"): nothing to gain
    for lo, hi in _ranges(parsed, _constants.RANGE):
        # "[!-^]" holds "A" but not "a": ignoring case it matches "a", in lower-cased text it would not
        if any(lo <= ord(c) <= hi and not lo <= ord(c.lower()) <= hi for c in string.ascii_uppercase):
            return None
    return re.compile(source, flags & ~re.IGNORECASE)


def _ranges(node: Any, range_op: Any) -> Iterator[tuple[int, int]]:
    """Every character range ("a-z") of a parsed pattern."""
    data = getattr(node, "data", node)
    if isinstance(data, (list, tuple)):
        if len(data) == 2 and data[0] is range_op:
            yield data[1]
            return
        for item in data:
            yield from _ranges(item, range_op)


class LoweredPattern:
    """A compiled IGNORECASE pattern whose `search` and `finditer` scan lower-cased ASCII text (see the module
    docstring); every other method, and any other text, is the original pattern's."""

    __slots__ = ("_rx", "_low", "_last", "pattern", "flags", "groups", "groupindex")

    def __init__(self, rx: re.Pattern[str], low: re.Pattern[str]) -> None:
        self._rx, self._low = rx, low
        self._last: tuple[str, str] = ("", "")  # the last text lower-cased, and its lower case
        self.pattern, self.flags, self.groups, self.groupindex = rx.pattern, rx.flags, rx.groups, rx.groupindex

    def _lower(self, text: str) -> str:
        last = self._last
        if last[0] is text:
            return last[1]
        low = text.lower()
        self._last = (text, low)
        return low

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if not text.isascii():
            return self._rx.search(text, pos, endpos)
        found = self._low.search(self._lower(text), pos, endpos)
        return None if found is None else self._rx.match(text, found.start(), endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        """The matches, found all at once (a generator would cost more than the few matches a sentence has)."""
        if not text.isascii():
            return self._rx.finditer(text, pos, endpos)
        search, match = self._low.search, self._rx.match
        low = self._lower(text)
        out: list[re.Match[str]] = []
        found = search(low, pos, endpos)
        while found is not None:
            m = match(text, found.start(), endpos)
            if m is None:  # cannot happen (same pattern, same place); the original pattern decides if it did
                out += self._rx.finditer(text, found.start(), endpos)
                break
            out.append(m)
            found = search(low, m.end(), endpos)
        return iter(out)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._rx.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._rx.fullmatch(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self._rx.findall(text, pos, endpos)

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        return self._rx.sub(repl, text, count)

    def split(self, text: str, maxsplit: int = 0) -> list[str | Any]:
        return self._rx.split(text, maxsplit)
