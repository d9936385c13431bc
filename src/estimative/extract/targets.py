"""Targets with type and affiliation: "the base, which hosts US and UK forces" -> military; USA, GBR.

The type comes from the head noun (`lexicon.TARGET_TYPES`); affiliations from nationality
words in the noun phrase ("a US convoy", "Iraqi police"), from a relative clause that says
whose it is ("which hosts US and UK forces"), and from the curated gazetteer's `hosts` when
the target is a known site (Camp Taji hosts US and UK forces).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from estimative.extract import lexicon as lx
from estimative.extract.tables import alternation
from estimative.geo import country_of
from estimative.model import Target

_NOUNS = alternation(list(lx.TARGET_TYPES))
TARGET_RE = re.compile(rf"\b(?P<noun>{_NOUNS})\b", re.I)
_NP_BEFORE = re.compile(r"(?:\b(?:a|an|the|two|three|four|several|its|their|his|her)\s+)?"
                        r"(?:(?!(?:a|an|the|and|or|but|when|where|which|who|that|with|without|to|of|in|on|at|by|for|"
                        r"from|into|near|outside|inside|after|before|during|while|as|is|was|were|are|be|been|has|"
                        r"have|had|did|do|does|met|left|said|says|no|not|only|also|then|than|this|these|those|"
                        r"it|its|he|she|they|we|you|i|many|some|all|any|other|such|if|so|very|kills?|hits?|"
                        r"strikes?|struck)\b)"
                        r"(?![a-z]+(?:ed|ing)\b)\b[A-Za-z][\w.'-]*\s+){0,3}$", re.I)
_HOSTS = re.compile(r"^\s*,?\s*(?:which|that|where)\s+(?:hosts?|houses?|host|house|is\s+home\s+to|are\s+home\s+to|"
                    r"is\s+used\s+by|are\s+used\s+by|housed|hosted|accommodates?)\s+(?P<np>[^.;]{0,80})", re.I)
_WORD = re.compile(r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?|[A-Z]{2,}")
_SITE_WORDS = re.compile(r"\b(?:camp|base|airbase|air\s+base|airfield|airport|embassy|consulate|compound|"
                         r"outpost|garrison|barracks|facility|station|fob)\b", re.I)
_NOT_TARGET_CONTEXT = re.compile(r"\b(?:by|from)\s+(?:the\s+)?$|\bsuspected\s+$", re.I)


@dataclass(slots=True)
class TargetMention:
    start: int
    end: int
    type: str
    description: str
    affiliations: list[str] = field(default_factory=list)
    sentence: int = 0


_TOKEN = re.compile(r"[A-Za-z][\w.]*")


def _countries_in(s: str) -> list[str]:
    """Countries named in a phrase by name or nationality word ("US and UK forces" -> USA, GBR)."""
    out: list[str] = []
    words = _TOKEN.findall(s)
    i = 0
    while i < len(words):
        two = " ".join(words[i:i + 2]) if i + 1 < len(words) else None
        iso = country_of(two) if two else None
        step = 2 if iso else 1
        iso = iso or country_of(words[i])
        if iso and iso not in out:
            out.append(iso)
        i += step
    return out


def find_targets(text: str, span: tuple[int, int], sentence: int = 0,
                 skip: list[tuple[int, int]] = ()) -> list[TargetMention]:
    """Target nouns of one sentence with their noun phrase and affiliations."""
    a, b = span
    out: list[TargetMention] = []
    for m in TARGET_RE.finditer(text, a, b):
        s, e = m.start(), m.end()
        if any(ss <= s < ee for ss, ee in skip):
            continue
        before = text[max(a, s - 60):s]
        if _NOT_TARGET_CONTEXT.search(before):
            continue
        np_m = _NP_BEFORE.search(before)
        np_start = s - (len(before) - np_m.start()) if np_m else s
        description = " ".join(text[np_start:e].split())
        noun = " ".join(m.group("noun").lower().split())
        affiliations = _countries_in(text[np_start:s])
        h = _HOSTS.match(text[e:min(b, e + 120)])
        if h:
            affiliations += [c for c in _countries_in(h.group("np")) if c not in affiliations]
        out.append(TargetMention(np_start, e, lx.TARGET_TYPES[noun], description, affiliations, sentence))
    return out


def targets_of(mentions: list[TargetMention], sites: list = (), limit: int = 3) -> tuple[list[Target], list]:
    """One target per type, first mention first; a known site adds its hosts to the military target."""
    by_type: dict[str, Target] = {}
    evidence = []
    for site in sites:
        entry = site.entry
        if entry is None or entry.source != "knowledge" or not (
                _SITE_WORDS.search(site.name) or any(ch.isdigit() for ch in site.name)
                or site.name.lower() == entry.name.lower()):
            continue  # "kidnapped in Taji" is the town; "Camp Taji", "Tower 22" is the base
        typ = "military" if entry.kind in ("military_base", "airport") and entry.hosts else \
            "diplomatic" if entry.kind == "embassy" else "military" if entry.kind == "military_base" else None
        if typ is None:
            continue
        t = by_type.setdefault(typ, Target(type=typ, description=site.name, affiliations=[]))
        t.affiliations += [h for h in entry.hosts if h not in t.affiliations]
        evidence.append((site.start, site.end))
    for m in mentions:
        t = by_type.get(m.type)
        if t is None:
            if len(by_type) >= limit:
                continue
            t = by_type[m.type] = Target(type=m.type, description=m.description, affiliations=[])
        t.affiliations += [c for c in m.affiliations if c not in t.affiliations]
        evidence.append((m.start, m.end))
    return list(by_type.values()), evidence
