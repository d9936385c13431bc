"""One way to compare place names, shared by the gazetteer, the extractor and the evaluation.

Reports spell the same town many ways (Falluja, Fallujah, al-Fallujah, Al Fallūjah); the
key drops case, accents, apostrophes, punctuation and a leading Arabic article so that all of
them meet in one dictionary slot.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bb\u02bc\u02bf\u02be`\u00b4\u00d5]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Leading Arabic article in its usual transliterations; only stripped when a name follows.
_ARTICLE = re.compile(r"^(?:al|el|ad|adh|an|ar|as|ash|at|az|ul) (?=\S)")


def fold(text: str) -> str:
    """Lower-case ASCII form: accents removed, apostrophes dropped, other punctuation a space."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = _APOSTROPHES.sub("", s)
    return _NON_ALNUM.sub(" ", s).strip()


@lru_cache(maxsize=200_000)
def place_key(name: str) -> str:
    """The dictionary key of a place name: `fold` without a leading al-/el- article."""
    s = fold(name)
    stripped = _ARTICLE.sub("", s)
    return stripped or s


def is_latin(name: str) -> bool:
    """True when a name is written in Latin letters (GeoNames mixes in every script)."""
    s = unicodedata.normalize("NFKD", name)
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) or ch in "\u2018\u2019\u02bb\u02bc\u02bf\u02be"
               for ch in s)


COMPACT_PREFIX = "~"  # marks a gazetteer key written without spaces ("~mehtarlam" for "Mehtar Lam")


def compact_key(name: str) -> str:
    """`place_key` without spaces: reports write "Mehtarlam" and "Balad Ruz" where GeoNames has
    "Mehtar Lam" and "Baladrūz"."""
    return place_key(name).replace(" ", "")


_FOLDS = (("dj", "j"), ("tch", "ch"), ("x", "h"), ("q", "k"), ("ph", "f"))
_INNER_VOWELS = re.compile(r"(?<=[a-z])[aeiouy]+")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=50_000)
def skeleton(key: str) -> str:
    """A name key without its inner vowels, its h's and doubled letters, each word apart: the part that
    transliterations of one name agree on ("lower shebelle" and "lower shabeelle": "lwr shbl")."""
    return " ".join(_DOUBLED.sub(r"\1", _INNER_VOWELS.sub("", w.replace("h", "") if len(w) > 2 else w))
                    for w in key.split())


@lru_cache(maxsize=200_000)
def spelling_key(key: str) -> str:
    """A `place_key` as transliterations of a name share it, words run together: Somali x and French
    dj read as h and j, q as k, h's, inner vowels and doubled letters dropped ("Harardhere",
    "Xarardheere": "ardr"; "Sheikh Zuweid", "Shaykh Zuwayd": "skzwd"; "Bulobarde", "Buulo Barde")."""
    s = key
    for a, b in _FOLDS:
        s = s.replace(a, b)
    return skeleton(s.replace(" ", ""))
