"""Language tables for extraction: word lists and token patterns kept as data, apart from the code that
matches them (the way spaCy keeps `spacy/lang/en/` apart from its matchers). One module per reader:
`casualties` (counts of killed and wounded), `segment` (incident, background and second-incident cues),
`dates` (date phrases), `places` (the nouns of areas, settlements and localities written with a place's name).
`lexicon` (extract/lexicon.py) holds the plain word lists several readers share.
"""
from __future__ import annotations

import re

from estimative.extract.lowered import LoweredPattern, lowered_form


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal phrases, longest first, any run of spaces matching a space.

    The phrases are factored by their common beginnings ("kill(?:ed|ing)?" for "killed", "killing", "kill"),
    which matches exactly what the flat list "killed|killing|kill" matches, in the same order of preference,
    and is several times faster: Python's engine tries each alternative of a flat list at every position.
    Phrases the factoring cannot keep equivalent (letters outside ASCII, two phrases differing only in case,
    blanks other than single inner spaces) keep the flat form."""
    flat = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))
    trie = _trie([_tokens(w) for w in words]) if all(_factorable(w) for w in words) else None
    return flat if trie is None else _trie_source(trie)


_Trie = dict[str, "_Trie"]
_END = ""  # the key marking where a phrase ends (no token is empty)


def _factorable(word: str) -> bool:
    return bool(word) and word.isascii() and word == word.strip() and "  " not in word \
        and not any(c.isspace() and c != " " for c in word)


def _tokens(word: str) -> list[str]:
    """The phrase as pattern tokens: one escaped character each, a space as "\\s+"."""
    return [r"\s+" if c == " " else re.escape(c) for c in word]


def _trie(phrases: list[list[str]]) -> _Trie | None:
    """The phrases' tokens as a trie; None when two tokens of one node differ only in case (the pattern may be
    compiled to ignore case, and then both could match: their order would matter)."""
    root: _Trie = {}
    for tokens in phrases:
        node = root
        for tok in tokens:
            node = node.setdefault(tok, {})
        node[_END] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        keys = [k for k in node if k != _END]
        if len({k.lower() for k in keys}) != len(keys):
            return None
        stack += [node[k] for k in keys]
    return root


def _trie_source(node: _Trie) -> str:
    """Pattern source of a trie node: its branches (a longer phrase before one that ends here, as the flat list
    sorted longest first has it; branches of one node never match the same text, so their order is free)."""
    branches = [tok + _trie_source(child) for tok, child in node.items() if tok != _END]
    if not branches:
        return ""
    if _END not in node:
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + "|".join(branches) + ")?"


def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str] | LoweredPattern:
    """The one place a table's pattern source becomes a compiled pattern: a case-insensitive one searches
    lower-cased text where that finds the same matches faster (`extract.lowered`). A match's `re` is then
    the plain compiled pattern: compare patterns by their `pattern` text, not by identity."""
    rx = re.compile(source, flags)
    low = lowered_form(source, flags)
    return rx if low is None else LoweredPattern(rx, low)
