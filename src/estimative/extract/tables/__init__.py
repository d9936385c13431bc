"""Language tables for extraction: word lists and token patterns kept as data, apart from the code that
matches them (the way spaCy keeps `spacy/lang/en/` apart from its matchers). One module per reader:
`casualties` (counts of killed and wounded), `segment` (incident, background and second-incident cues),
`dates` (date phrases). `lexicon` (extract/lexicon.py) holds the plain word lists several readers share.
"""
from __future__ import annotations

import re


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal phrases, longest first, any run of spaces matching a space."""
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """The one place a table's pattern source becomes a compiled pattern."""
    return re.compile(source, flags)
