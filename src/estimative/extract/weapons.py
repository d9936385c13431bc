"""Weapons with class, name and count: "roughly 18 Katyusha rockets" -> rocket, Katyusha, 18 (approximate).

Names and nouns come from the knowledge lexicon (knowledge/weapons.yaml) through a spaCy
PhraseMatcher; the verbs that tell a weapon without naming it ("opened fire", "a blast") from
`lexicon.WEAPON_CUES`. A specific class beats a generic one for the same thing: a "car bomb"
later called "the bomb" is one VBIED, not a VBIED and an IED.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from estimative.extract import lexicon as lx
from estimative.extract.numbers import NUMBER, count_of
from estimative.model import Count, Weapon

_NUM = re.sub(r"\(\?P<\w+>", "(?:", NUMBER)
_COUNT_BEFORE = re.compile(rf"(?<![\w,])(?P<num>{_NUM})[^\S\n]+(?:(?!\d)[\w-]+[^\S\n]+){{0,2}}?$", re.I)
_EXPLOSIVE = frozenset({"ied", "vbied", "suicide_bomb", "grenade", "rocket", "mortar", "missile", "artillery", "rpg",
                        "airstrike", "drone"})
# a generic explosive word is absorbed by any specific explosive class in the same incident
_GENERIC = {"ied": _EXPLOSIVE - {"ied"}, "small_arms": frozenset(), "artillery": frozenset({"rocket", "mortar",
                                                                                           "missile"})}
_GENERIC_NAMES = frozenset({"bomb", "bombs", "bombing", "explosive", "explosives", "explosive device",
                            "explosive devices", "blast", "explosion", "explosions", "exploded", "detonated",
                            "shelled", "shelling", "shot", "shooting", "gun", "guns", "bullets", "bullet", "gunfire",
                            "went off", "blew up", "bombed", "device", "detonation"})
_CUES = [(re.compile(p, re.I), c) for p, c in lx.WEAPON_CUES]
_NOT_WEAPON_AFTER = re.compile(r"^\s*(?:squad|disposal|expert|experts|technicians?|unit|threat|scare|hoax|factory|"
                               r"making|maker|makers|attack\s+plot|fuel)\b", re.I)


@dataclass(slots=True)
class WeaponMention:
    start: int
    end: int
    cls: str
    name: str | None
    count: Count
    sentence: int = 0
    generic: bool = False
    weak: bool = False


@lru_cache(maxsize=1)
def _matcher():
    from spacy.matcher import PhraseMatcher

    from estimative.extract.text import nlp
    from estimative.knowledge import weapon_terms

    m = PhraseMatcher(nlp().vocab, attr="LOWER")
    classes: dict[str, str] = {}
    for phrase, cls in weapon_terms():
        key = f"weapon:{cls}"
        classes[key] = cls
        forms = [phrase]
        last = phrase.split()[-1]
        if last.isalpha() and last.islower() and not last.endswith("s") and len(last) > 2:
            forms.append(phrase + ("es" if last.endswith(("sh", "ch", "x")) else "s"))  # "petrol bombs"
        m.add(key, [nlp().make_doc(f) for f in forms])
    return m


def find_weapons(text: str, spans: list[tuple[int, int]], doc=None) -> list[WeaponMention]:
    """Weapon mentions of the whole text, longest match first, with counts read just before them."""
    from estimative.extract.text import nlp

    if doc is None:
        doc = nlp().make_doc(text)
    matcher = _matcher()
    hits: list[tuple[int, int, str]] = []
    for match_id, s, e in matcher(doc):
        a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
        hits.append((a, b, nlp().vocab.strings[match_id].split(":", 1)[1]))
    for rx, cls in _CUES:
        for m in rx.finditer(text):
            hits.append((m.start(), m.end(), "cue:" + cls))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[WeaponMention] = []
    starts = [s for s, _ in spans]
    last_end = -1
    for a, b, cls in hits:
        if a < last_end:
            continue
        cue = cls.startswith("cue:")
        cls = cls.removeprefix("cue:")
        weak = cls.endswith(":weak")  # "fired at" is said of rockets too: small arms only if nothing else
        cls = cls.removesuffix(":weak")
        if _NOT_WEAPON_AFTER.match(text[b:b + 25]):
            continue
        name = text[a:b]
        before = text[max(0, a - 40):a]
        cm = _COUNT_BEFORE.search(before)
        count = Count()
        if cm and not re.fullmatch(r"(?:1[89]|20)\d\d", cm.group("num").strip()):  # "... 2021\nAbout 14": a year
            c = count_of(cm.group("num"))
            if c is not None and c.best is not None and c.best < 10_000:
                count = c
        if count.best is None and re.search(r"\b(?:a|an|one|single)\s+(?:[\w-]+\s+)?$", before, re.I) and \
                not name.lower().endswith("s"):
            count = Count.exact(1)
        si = max(0, bisect.bisect_right(starts, a) - 1)
        out.append(WeaponMention(a, b, cls, None if cue else _display_name(name), count, si,
                                 generic=cue or name.lower() in _GENERIC_NAMES, weak=weak))
        last_end = b
    return out


_CLASS_NOUNS = frozenset({"rocket", "rockets", "missile", "missiles", "round", "rounds", "shell", "shells", "drone",
                          "drones", "launcher", "launchers", "rifle", "rifles", "uav", "uavs", "mortar", "mortars"})


def _display_name(surface: str) -> str:
    """The weapon as named: "Katyusha rockets" -> "Katyusha", "107 mm rockets" -> "107 mm", "car bomb" stays."""
    ws = surface.split()
    while len(ws) > 1 and ws[-1].lower() in _CLASS_NOUNS and (any(ch.isupper() or ch.isdigit() for ch in ws[-2])):
        ws = ws[:-1]
    return " ".join(ws)


def weapons_of(mentions: list[WeaponMention]) -> tuple[list[Weapon], list[tuple[int, int]]]:
    """One Weapon per class, the first-mentioned main class first; generic words fold into specific ones."""
    classes = {m.cls for m in mentions}
    kept: list[WeaponMention] = []
    for m in mentions:
        absorbers = _EXPLOSIVE if m.weak else _GENERIC.get(m.cls, frozenset())
        if m.generic and (classes & absorbers):
            continue
        kept.append(m)
    by_class: dict[str, Weapon] = {}
    specific_name: set[str] = set()
    order: list[str] = []
    for m in kept:
        w = by_class.get(m.cls)
        if w is None:
            w = by_class[m.cls] = Weapon(cls=m.cls, name=m.name, count=m.count)
            order.append(m.cls)
        elif m.name and (w.name is None or (m.cls not in specific_name and not m.generic)):
            w.name = m.name
        if m.name and not m.generic:
            specific_name.add(m.cls)
        if w.count.best is None and m.count.best is not None:
            w.count = m.count
    evidence = [(m.start, m.end) for m in kept]
    # the main weapon first: specific classes before small arms/ied cues mentioned incidentally
    return [by_class[c] for c in order], evidence
