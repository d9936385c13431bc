"""Weapons with class, name and count: "roughly 18 Katyusha rockets" -> rocket, Katyusha, 18 (approximate).

Names and nouns come from the knowledge lexicon (knowledge/weapons.yaml) through a spaCy
PhraseMatcher; the verbs that tell a weapon without naming it ("opened fire", "a blast") from
`lexicon.WEAPON_CUES` and `VERB_CUES` below ("burned eight vehicles", "tried to stab"). A specific
class beats a generic one for the same thing: a "car bomb" later called "the bomb" is one VBIED,
not a VBIED and an IED; but "fired at" is never a planted bomb, and a bomb made of a mortar shell
stays a bomb.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from estimative.extract import lexicon as lx
from estimative.extract.numbers import NUMBER, count_of
from estimative.extract.tables import weapons as WT
from estimative.model import Count, Weapon

_NUM = re.sub(r"\(\?P<\w+>", "(?:", NUMBER)
_COUNT_BEFORE = re.compile(rf"(?<![\w,])(?P<num>{_NUM})[^\S\n]+(?:(?!\d)[\w-]+[^\S\n]+){{0,2}}?$", re.I)
_EXPLOSIVE = frozenset({"ied", "vbied", "suicide_bomb", "grenade", "rocket", "mortar", "missile", "artillery", "rpg",
                        "airstrike", "drone"})
# a bomb beside a shell is a bomb made of the shell ("the bomb included a mortar shell"): an IED, not shelling
_BOMB_NOUNS = frozenset({"bomb", "bombs", "explosive device", "explosive devices"})
_SHELLS = frozenset({"mortar", "artillery"})
# explosives that are fired: "fired at" or "came under fire" may tell of them, never of a planted bomb
_FIRED = frozenset({"grenade", "rocket", "mortar", "missile", "artillery", "rpg", "airstrike", "drone"})
# a generic explosive word is absorbed by any specific explosive class in the same incident
_GENERIC = {"ied": _EXPLOSIVE - {"ied"}, "small_arms": frozenset(), "artillery": frozenset({"rocket", "mortar",
                                                                                           "missile"})}
_GENERIC_NAMES = frozenset({"bomb", "bombs", "bombing", "explosive", "explosives", "explosive device",
                            "explosive devices", "blast", "explosion", "explosions", "exploded", "detonated",
                            "shelled", "shelling", "shot", "shooting", "gun", "guns", "bullets", "bullet", "gunfire",
                            "went off", "blew up", "bombed", "device", "detonation"})
# Verbs and phrases that tell the weapon by what it did, read as an analyst reads them (tuned on RAND before 2006).
# ":weak" marks a cue said of explosives too ("came under fire" from mortars): it yields to any explosive named.
_NUMBER_OR_DET = (r"(?:a|an|the|their|his|her|its|several|some|\d+|two|three|four|five|six|seven|eight|nine|ten"
                  r"|\w+teen|twenty|thirty|dozens|them|it)")
# a word naming an explosive weapon ("came under rocket fire"): the cue must not swallow it
_EXPLOSIVE_WORD = r"(?:shell|rocket|mortar|artillery|missile|tank|grenade|rpg|cannon|bazooka|launcher|howitzer|katyusha)"
_NOT_EXPLOSIVE = rf"(?:(?!{_EXPLOSIVE_WORD}\w*\b)[\w-]+\s+)?"
VERB_CUES: tuple[tuple[str, str], ...] = (
    # a shooting told without the word: "fired indiscriminately", "automatic-weapons fire", "gunning down"
    (rf"\bfir(?:e|ed|ing)\s+indiscriminately\b|\bindiscriminate\s+(?:fire|firing)\b|\bopened\s+{_NOT_EXPLOSIVE}fire\b"
     r"|\b(?:automatic|light|heavy|small)[- ](?:weapons?|arms)(?:[- ]fire)?\b|\bgun(?:ning|s)?\s+down\b"
     r"|\bsilencers?\b|\b[\d.]+[- ]?calib(?:er|re)\b|\bfir(?:ed|ing)\s+(?:[\w.-]+\s+)?weapons\b", "small_arms"),
    # fire exchanged or come under, fire aimed "toward"/"into": also said of mortars and rockets
    (rf"\b(?:c[oa]me?s?|coming|been|was|were|fell|is|are|being)\s+under\s+{_NOT_EXPLOSIVE}fire\b"
     rf"|\bexchang(?:ed|ing|es?)\s+(?:of\s+)?{_NOT_EXPLOSIVE}fire\b|\bfire\s+exchanges?\b|\breturned\s+fire\b"
     r"|\btraded\s+fire\b|\bfir(?:ed|ing)\s+(?:toward|towards|against|into|from)\b"
     rf"|\b(?:killed|wounded|injured|hit|hurt)\s+by\s+(?!(?:a|an|the)\b)(?!{_EXPLOSIVE_WORD}\w*\b)[\w-]+\s+fire\b",
     "small_arms:weak"),
    # a fire set by hand: "burned eight vehicles", "a fire was started", "destroyed by a fire"
    (rf"\b(?:burn(?:ed|t|ing)|torch(?:ed|ing))\s+(?:down\s+)?{_NUMBER_OR_DET}\b(?!\s+(?:[\w']+\s+)?(?:bod(?:y|ies)"
     r"|corpses?|victims?))"
     r"|\bfires?\s+(?:that\s+)?(?:was\s+|were\s+|had\s+been\s+)?(?:deliberately\s+)?(?:set|started|ignited|lit)\b"
     r"|\b(?:start|set)(?:ed|ing|s)?\s+(?:a\s+|two\s+|three\s+|several\s+)?(?:small\s+|large\s+)?fires?\b"
     r"|\b(?:destroyed|damaged|gutted|razed)\s+(?:\w+\s+)?by\s+(?:an?\s+|the\s+)?(?:(?:large|huge|massive|big"
     r"|deliberate|suspicious|ensuing|subsequent)\s+)?fires?\b"
     r"|\bsetting\s+(?:it|them|the\s+\w+|\w+)\s+(?:alight|ablaze|on\s+fire)\b|\bfire\s+attacks?\b"
     r"|\bburning\s+(?:\w+\s+)?(?:debris|containers|matter|tyres|tires|cans|rags)\b|\bburn(?:ed|t)\s+(?:out\s+)?by\b"
     rf"|\bto\s+burn\s+(?:down\s+)?{_NUMBER_OR_DET}\b"
     # a device made of fuel is an incendiary: "a device consisting of two gas bottles, a can of benzene"
     r"|\b(?:containing|contained|made\s+(?:up\s+)?of|made\s+from|consist(?:ing|ed)\s+of|filled\s+with|full\s+of)"
     r"\s+(?:[\w-]+,?\s+){0,6}?(?:gasoline|petrol|benzene|kerosene|(?:in)?flammable)\b", "arson"),
    # blunt force and bare hands: RAND's "Other"
    (r"\b(?:was|were|been|being|badly|severely|brutally)\s+(?:\w+\s+)?beaten\b(?!\s+(?:back|off))"
     r"|\bbeat(?:ing)?\s+(?:him|her|them|up|to\s+death|(?:a|an|the)\s+\w+|\w+'s\s+\w+)\b"
     r"|\bbeaten\s+(?:to\s+death|with|unconscious|up)\b|\bclubbed\b|\bston(?:ed|ing)\b"
     r"|\b(?:and|was|were|been)\s+hanged\b|\bhung\s+to\s+death\b|\bby\s+hanging\b"
     r"|\bwith\s+(?:\w+\s+){0,2}?(?:bats?|clubs|sticks|iron\s+bars?|batons?|cudgels?|crowbars?|hammers?"
     r"|metal\s+(?:bars?|rods?|pipes?))\b(?!\s+of\b)|\b(?:kick|punch)(?:ed|ing)\b"
     r"|\bslash(?:ed|ing)\s+(?:the\s+)?(?:\w+\s+)?tires\b|\btires\s+(?:were\s+)?slashed\b", "other"),
    # a blade: "slit a man's throat", "slashed to death"
    (r"\bslit(?:ting)?\s+(?:[\w']+\s+){0,2}?throats?\b|\bthroats?\s+(?:being\s+|were\s+|was\s+|had\s+been\s+)?"
     r"(?:slit|slashed|cut)\b|\bcut\s+(?:his|her|their|the)\s+throats?\b"
     r"|\bslash(?:ed|ing)\s+(?:to\s+death|(?:his|her|their|the)\s+(?:face|throat|neck)s?|\d+\s+times)\b"
     r"|\bstabs?\b|\bhack(?:ed|ing)\s+(?:[\w']+\s+){0,3}?to\s+death\b|\baxed\s+to\s+death\b"
     r"|\b(?:noses?|ears?|lips?|hands?|limbs?|fingers?)\s+(?:were\s+|was\s+|had\s+been\s+)?(?:cut|chopped|hacked)\s+off\b"
     r"|\b(?:cut|chopped|hacked)\s+off\s+(?:his|her|their|the)\s+(?:noses?|ears?|lips?|hands?|limbs?|fingers?)\b",
     "knife"),
    # an explosive told by what it did or how it was made: "attempted to blow up", "a homemade device"
    (r"\bblow(?:s)?\s+up\b|\bdetonators?\b|\bblew\s+(?!(?:himself|herself|themselves)\b)(?:it|them|\w+)\s+up\b"
     r"|\b(?:home-?made|improvised|crude|powerful|high-powered|unexploded|suspicious)\s+(?:explosive\s+)?(?:devices?|charges?)\b",
     "ied"),
)
# cues are written in lower case and run on the lowered text, at half the cost of case-blind matching;
# the case-blind form serves the rare text whose lowering changes its length ("İ")
_CUES = [(re.compile(p), re.compile(p, re.I), c) for p, c in lx.WEAPON_CUES + VERB_CUES]
# "a coal mine", "mine workers": a place of work, not a landmine
_MINE_OF = re.compile(r"\b(?:coal|gold|diamond|copper|salt|tin|silver|emerald|iron|uranium|nickel|zinc|bauxite"
                      r"|open-pit|opencast)\s+$", re.I)
_MINE_STAFF = re.compile(r"[\s-]+(?:workers?|owners?|company|companies|site|sites|employees|managers?|officials?"
                         r"|operators?|engineers?|clear\w*|action|detection|awareness|sweep\w*)", re.I)
_NOT_WEAPON_AFTER = re.compile(r"^\s*(?:squad|disposal|expert|experts|technicians?|unit|threat|scare|hoax|factory|"
                               r"making|maker|makers|attack\s+plot|fuel|dispute|situation|issue|atmosphere|tensions?)\b",
                               re.I)


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
    fired: bool = False  # a weak cue of fire aimed ("fired at", "came under fire"): only a fired explosive explains it


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
    low = text.lower()
    same_length = len(low) == len(text)
    for rx, rx_any_case, cls in _CUES:
        for m in (rx.finditer(low) if same_length else rx_any_case.finditer(text)):
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
        if name.lower() in ("mine", "mines") and (_MINE_OF.search(text, max(0, a - 16), a)
                                                   or _MINE_STAFF.match(text, b, b + 20)):
            continue
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
                                 generic=cue or name.lower() in _GENERIC_NAMES, weak=weak,
                                 fired=weak and "fir" in name.lower()))
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
        absorbers = _FIRED if m.fired else _EXPLOSIVE if m.weak else _GENERIC.get(m.cls, frozenset())
        if m.name and m.name.lower() in _BOMB_NOUNS:
            absorbers = absorbers - _SHELLS
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


_ARMED_ASSAULT = re.compile(WT.ARMED_ASSAULT, re.I)


def inferred_small_arms(text: str, spans: list[tuple[int, int]]) -> tuple[Weapon, tuple[int, int]] | None:
    """Small arms, for an armed assault told without its weapon ("Assailants attacked a checkpoint",
    "gunmen abducted seven students"), with the words it rests on; None when the text tells no such
    assault. The weapon has no name: it is inferred, not read."""
    for a, b in spans:
        m = _ARMED_ASSAULT.search(text, a, b)
        if m:
            return Weapon(cls="small_arms", inferred=True), (m.start(), m.end())
    return None


def is_instrument(name: str | None) -> bool:
    """True when a weapon's name is the instrument ("dynamite", "car bomb"), not the act ("bombing", "shots")."""
    words = (name or "").lower().split()
    return bool(words) and words[-1] not in WT.ACT_NAMES and not words[-1].endswith(WT.ACT_SUFFIXES)


def set_off(name: str | None) -> bool:
    """True when an explosive weapon's name is a device set off where it struck ("a bomb", "grenades"; unnamed),
    not the act ("the bombings") nor what fires it from afar ("a grenade launcher")."""
    return name is None or is_instrument(name) and name.lower().split()[-1] not in WT.FIRED_FROM
