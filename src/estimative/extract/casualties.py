"""Fatalities and injuries with qualifiers, and casualty groups by nationality or affiliation.

Reports state casualties in a handful of shapes, each read by one pattern:
  subject:  "Three civilians were killed and 14 wounded", "two US soldiers died"
  object:   "killing four people, including two policemen, and wounding 13 others",
            "killed two US personnel, a UK soldier" (a list: the items add up),
            "killed X, a clergyman, and his wife" (an appositive adds no one),
            "killing three workers, one Chinese and two Palestinians" (the parts of the three),
            "shot him dead", "kidnapped seventeen men, and shot all of them to death"
  leave:    "leaving 5 dead", "left seven others injured"
  bodies:   "the bodies of five men were found", "Ten bodies ... were found", "Police recovered a body",
            "The bodies of a judge and his bodyguard were found"
  later:    "Also killed were his brother and a passerby", "Five of the wounded later died of their injuries"
  toll:     "the death toll rose to 12" (replaces what came before)
  none:     "no one was hurt", "caused no casualties"
Attackers killed in the attack count beside their victims, as RAND counts them. "X and Y were shot" counts them
dead unless a later sentence tells how it ended; animals killed are not casualties. Counts introduced
by "including", "among them" are parts of a total, not additions. Across
sentences a later count restates an earlier one unless it says it adds ("also", "another",
"other", "more").
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from estimative.extract import lexicon as lx
from estimative.extract.numbers import add_counts, count_of
from estimative.extract.tables import casualties as T
from estimative.extract.tables import compile_pattern
from estimative.geo import country_of
from estimative.model import CasualtyGroup, Count

_NUM = T.NUM
_SING = T.SING


SUBJECT_RE = compile_pattern(T.SUBJECT_RE, re.I)
OBJECT_RE = compile_pattern(T.OBJECT_RE, re.I)
LEAVE_RE = compile_pattern(T.LEAVE_RE, re.I)
_LEFT_AND = compile_pattern(T.LEFT_AND, re.I)
BODIES_RE = compile_pattern(T.BODIES_RE, re.I)
BODIES_LIST_RE = compile_pattern(T.BODIES_LIST_RE, re.I)
NOUN_RE = compile_pattern(T.NOUN_RE, re.I)
_NOUN_GATE = compile_pattern(T.NOUN_GATE, re.I)
BODY_FOUND_RE = compile_pattern(T.BODY_FOUND_RE)
THEIR_BODIES_RE = compile_pattern(T.THEIR_BODIES_RE, re.I)
AS_WERE_RE = compile_pattern(T.AS_WERE_RE, re.I)
ALONG_WITH_RE = compile_pattern(T.ALONG_WITH_RE, re.I)
SHOT_DEAD_RE = compile_pattern(T.SHOT_DEAD_RE, re.I)
ALSO_KILLED_RE = compile_pattern(T.ALSO_KILLED_RE, re.I)
_ALSO_LIST_END = compile_pattern(T.ALSO_LIST_END, re.I)
_ALSO_LIST_SEP = compile_pattern(T.ALSO_LIST_SEP, re.I)
DIED_RE = compile_pattern(T.DIED_RE, re.I)
KIDNAP_RE = compile_pattern(T.KIDNAP_RE, re.I)
KIDNAP_ACTIVE_RE = compile_pattern(T.KIDNAP_ACTIVE_RE, re.I)
ANOTHER_DIED_RE = compile_pattern(T.ANOTHER_DIED_RE, re.I)
DIED_OF_WOUNDS_RES = tuple(compile_pattern(p, re.I) for p in T.DIED_OF_WOUNDS_RES)
_FINITE = compile_pattern(T.FINITE, re.I)
_OF_THE_WOUNDED = compile_pattern(T.OF_THE_WOUNDED, re.I)
TOLL_RE = compile_pattern(T.TOLL_RE, re.I)
NONE_RES = [(re.compile(p, re.I), kind) for p, kind in lx.NO_CASUALTIES]
SEVERAL_ATTACKS_RE = compile_pattern(T.SEVERAL_ATTACKS_RE, re.I)
_OTHER_ATTACK_RE = compile_pattern(T.OTHER_ATTACK_RE, re.I)
_TOTAL_RE = compile_pattern(T.TOTAL_RE, re.I)
_ONE_OF_SEVERAL_RE = compile_pattern(T.ONE_OF_SEVERAL_RE, re.I)
_SUBSET_RE = compile_pattern(T.SUBSET_RE, re.I)
_ADDITIVE_RE = compile_pattern(T.ADDITIVE_RE, re.I)
_TITLE_RE = compile_pattern(T.TITLE_RE)
_ITEM_RE = compile_pattern(T.ITEM_RE)
_SING_RE = compile_pattern(T.SING_RE, re.I)
_THEM_ANTECEDENT = compile_pattern(T.THEM_ANTECEDENT, re.I)
_KIN = T.KIN
_OF_NAME = compile_pattern(T.OF_NAME, re.I)
_INTENT_BEFORE = compile_pattern(T.INTENT_BEFORE, re.I)
_PASSIVE_BEFORE = compile_pattern(T.PASSIVE_BEFORE, re.I)
_LIST_SEP = compile_pattern(T.LIST_SEP, re.I)
_PERSON = T.PERSON
_ATTACKERS = T.ATTACKERS
_ANIMALS = T.ANIMALS
_NOT_PERSON_HEAD = T.NOT_PERSON_HEAD
PASSIVE_RE = compile_pattern(T.PASSIVE_RE, re.I)
_SHOT_HURT = compile_pattern(T.SHOT_HURT, re.I)
_LIMB_SHOT = compile_pattern(T.LIMB_SHOT, re.I)

_DATE_YEAR = compile_pattern(T.DATE_YEAR, re.I)
_INTRO = compile_pattern(T.INTRO, re.I)
_CODED_TOLL = compile_pattern(T.CODED_TOLL, re.I)
_CLAUSE_BEFORE_AND = compile_pattern(T.CLAUSE_BEFORE_AND, re.I)


def _rest_enumerates_first(counts: list[Count]) -> bool:
    """True when a list of three or more counts opens with the sum of the rest, which enumerate it ("three workers,
    one Chinese and two Palestinians"; "Three people, two civilians and one police officer"): the first is the
    total, the rest are its parts."""
    return len(counts) >= 3 and (counts[0].best or 0) >= 2 and \
        sum(c.best or 0 for c in counts[1:]) == counts[0].best


def _part_count(part: str) -> Count | None:
    """The people one item of a list names: "five civilians" -> 5, "a soldier" -> 1; None for a name or an
    aside ("one an elected official": one of those already counted)."""
    if re.match(r"\s*one\s+(?:an?|the|of|was|is)\b|\s*(?:at\s+least\s+)?\w+\s+of\s+(?:whom|them|those)\b", part, re.I):
        return None  # "one an official", "at least one of whom worked as a guard": among those counted
    n = _LEAD_NUM.match(part)
    if n:
        return count_of(n.group("num"))
    words = part.lower().split()
    if len(words) >= 2 and words[0] in ("a", "an", "the") and words[-1].strip(".,") in _PERSON:
        return Count.exact(1)
    return None


def _coordinated_count(subject: str) -> Count | None:
    """People in a coordinated subject: "X, a tribal chieftain, and his son" -> 2; "A police chief and nine
    of his bodyguards" -> 10; "Two security officers, A and B" -> 2; "Two Pakistanis and one Afghan" -> 3.

    "and" joins people; a comma inside one conjunct only adds an appositive ("X, a chieftain")."""
    subject = _YEAR_LEAD.sub("", _INTRO.sub("", subject))
    subject = _PARENS.sub(" ", subject)
    subject = _INCLUDING.sub(",", _INCLUDING_CLOSED.sub("", subject))
    seps = [m.group() for m in _AND_SPLIT.finditer(subject)]
    groups = [g for g in _AND_SPLIT.split(subject) if g.strip()]
    if len(seps) != len(groups) - 1:
        seps = [""] * len(groups)
    if len(groups) == 2 and re.match(r"\s*both\s", subject, re.I):
        return Count.exact(2)  # "Both Ramazan and his bodyguard": "both" names the two, it adds no one
    total = Count.exact(0)
    for k, group in enumerate(groups):
        n = _LEAD_NUM.match(group)
        if n and count_of(n.group("num")) is not None:
            if "," in group and k + 1 < len(groups) and seps[k].lstrip().startswith(","):
                # "Four police officers, an Army Sergeant, and two civilians": a list, each part counts;
                # "Three village heads, A, B, and C": the names enumerate the three
                lead = count_of(n.group("num"))
                parts = [p for p in group.split(",") if p.strip()][1:]
                if lead is not None and lead.best == len(parts) + len(groups) - k - 1:
                    total = add_counts(total, lead)
                    break
                total = add_counts(total, lead)
                for p in parts:
                    # "an Army Sergeant" is one more; "security guards at the embassy" describes the four
                    if _LEAD_NUM.match(p) or re.match(r"\s*(?:an?|the|his|her|their)\s", p, re.I):
                        total = add_counts(total, _coordinated_count(p) or Count.exact(1))
                continue  # a bare name after a count restates it ("one of his guards, Francisco Velasquez")
            lead = count_of(n.group("num"))
            total = add_counts(total, lead)
            if "," in group:
                rest = [_part_count(p) for p in group.split(",")[1:] if p.strip()]
                if rest and all(r is not None for r in rest):
                    listed = Count.exact(0)
                    for r in rest:
                        listed = add_counts(listed, r)
                    after = " and ".join(groups[k + 1:])
                    whole = add_counts(listed, (_coordinated_count(after) if after.strip() else None) or Count())
                    if whole.best != lead.best:
                        # "Three Iraqi policemen, five civilians and the bomber": a list, each part counts
                        total = add_counts(total, listed)
                        continue
                break  # "Two officers, A and B" / "Two people, a man and his baby": the rest enumerates them
            continue
        words = group.lower().split()
        core = _HEAD_CUT.split(group.lower().replace(" among ", " of "), maxsplit=1)[0].split()
        head = core[-1].strip(".,") if core else ""
        if head in _PERSON and (head.endswith("s") or head in _GROUP_NOUNS) and \
                core[0] not in ("his", "her", "their", "a", "an", "one") and not _CAPITAL.search(" ".join(group.split()[1:])):
            continue  # "Fighters and civilians have been killed": people, how many untold
        if _CAPITAL.search(group) or (words and words[-1].strip(".,") in _PERSON) or any(
                w.strip(".,") in _PERSON for w in words[:4]):
            total = add_counts(total, Count.exact(1))
            # "The head of the District, his wife, and three children": "his wife" is one more ("X, a chieftain" is X)
            total = add_counts(total, Count.exact(sum(bool(_KIN_PART.fullmatch(p.strip())) for p in group.split(",")[1:])))
        elif k == 0:
            return None
        elif words and words[-1].strip(".,") not in _NOT_PERSON_HEAD and not words[-1].endswith("s") and (
                words[0] in ("a", "an", "his", "her", "their")
                or len(words) <= 2 and len(groups[k - 1].split()) <= 3 and groups[k - 1].lower().split()[:1] in (["a"], ["an"])):
            # "One of the hijackers and a flight attendant", "A policeman and street cleaner": one more person
            total = add_counts(total, Count.exact(1))
    return total if total.best else None

_KIN_PART = compile_pattern(T.KIN_PART, re.I)
_AND_CLAUSE = compile_pattern(r",\s*and\s+|\s+and\s+", re.I)
_ED_WORD = compile_pattern(r"\b(?!(?:wounded|injured|killed|armed|suspected|alleged|unidentified)\b)[a-z]{3,}ed\b")
_HURT_WORDS = compile_pattern(T.HURT_WORDS, re.I)
_SURVIVED = compile_pattern(T.SURVIVED, re.I)
_SHOT_SURVIVED = compile_pattern(T.SHOT_SURVIVED, re.I)
_NEGATED = compile_pattern(T.NEGATED, re.I)
_KILL_WORDS = compile_pattern(T.KILL_WORDS, re.I)
_CLAUSE_DONE = compile_pattern(T.CLAUSE_DONE, re.I)
_HEAD_CUT = compile_pattern(T.HEAD_CUT)
_PARTICIPLE_CUT = compile_pattern(T.PARTICIPLE_CUT)
_YEAR_LEAD = compile_pattern(T.YEAR_LEAD)
_PARENS = compile_pattern(T.PARENS)
_AND_SPLIT = compile_pattern(T.AND_SPLIT, re.I)
_LEAD_NUM = compile_pattern(T.LEAD_NUM, re.I)
_INCLUDING = compile_pattern(T.INCLUDING, re.I)
_INCLUDING_CLOSED = compile_pattern(T.INCLUDING_CLOSED, re.I)
_NAME_ONLY = compile_pattern(T.NAME_ONLY)
_CAPITAL = compile_pattern(T.CAPITAL)

_TAIL_END = compile_pattern(T.TAIL_END)
_CLAUSE_CUT = compile_pattern(T.CLAUSE_CUT)
_REL_AND = compile_pattern(T.REL_AND, re.I)


_SUBJECT_CUT = compile_pattern(T.SUBJECT_CUT, re.I)


def _subject_before(seg: str, pos: int) -> str | None:
    """The subject of a passive verb: the words since the clause began ("X, a tribal leader, and his son")."""
    head = seg[:pos]
    cuts = [m for m in _SUBJECT_CUT.finditer(_PARENS.sub(lambda p: " " * len(p.group()), head))]  # "(also known as X)" cuts nothing
    while cuts and cuts[-1].group().strip() in ("who", "which", "that") and len(cuts) >= 1:
        # "Four Iraqi civilians who work for the base were killed": the subject is before "who";
        # "Two contractors who worked with X and three of their bodyguards": the second conjunct stays
        rest = _REL_AND.search(head, cuts[-1].end())
        head = head[:cuts[-1].start()] + (" and " + head[rest.end():] if rest else "")
        cuts = cuts[:-1]
    cut = cuts[-1].end() if cuts else 0
    done = [m.end() for m in _CLAUSE_DONE.finditer(head, cut)]
    if done:  # "X was killed, and eight others were wounded": the subject starts after the first clause
        cut = done[-1]
    subject = head[cut:].strip(" ,")
    if not subject or len(subject.split()) > 25:
        return None
    return subject
_OBJECT_START = compile_pattern(T.OBJECT_START)
_PASSIVE_END = compile_pattern(T.PASSIVE_END, re.I)
_ACTIVE_AMBIGUOUS = T.ACTIVE_AMBIGUOUS


@dataclass(slots=True)
class CasualtyMention:
    kind: str  # killed | injured
    count: Count
    start: int
    end: int
    group: str | None = None
    country: str | None = None
    subset: bool = False
    additive: bool = False
    toll: bool = False
    zero: bool = False
    sentence: int = 0
    attacker: bool = False  # the attackers themselves, killed by those they attacked
    hostages_killed: bool = False  # "their bodies were found": as many as were kidnapped
    died_of_wounds: bool = False  # an injured victim who died: moves one from injured to killed
    restates: bool = False  # "the assassination of X": names a death told elsewhere in the sentence
    several: bool = False  # told of several attacks together: the incident's own count, when told, wins
    weak: bool = False  # "X and Y were shot": dead unless another sentence tells how it ended


@dataclass(slots=True)
class Casualties:
    fatalities: Count = field(default_factory=Count)
    injuries: Count = field(default_factory=Count)
    groups: list[CasualtyGroup] = field(default_factory=list)
    evidence_killed: list[tuple[int, int]] = field(default_factory=list)
    evidence_injured: list[tuple[int, int]] = field(default_factory=list)
    attackers_killed: bool = False  # the dead counted include attackers ("killing the driver/attacker")


def _is_neutralised(verb: str) -> bool:
    return verb.lower().strip(T.QUOTES).startswith("neutrali")


def _person_head(np: str) -> bool:
    """True when a victim phrase ends in a person noun ("3 AQIM rebels", "Twenty jihadists")."""
    words = np.lower().split()
    return bool(words) and (words[-1].strip(".,;") in _PERSON or words[-1].strip(".,;") in _ATTACKERS)


def _neutralised_person(subject: str) -> bool:
    """True when the subject right before "was neutralised" is people or a named person ("Twenty jihadists", "X,
    member of Ansaroul Islam,"), not a thing ("an explosive device which") nor a bare pronoun ("He": captured, maybe)."""
    words = [w.strip(".,;:-–—'\"") for w in subject.split()]
    words = [w for w in words if w]
    if not words or words[-1].lower() in ("he", "she", "they", "it", "which", "that", "who"):
        return False
    if any(w.lower() in _NOT_PERSON_HEAD or w.lower() in T.COUNTED_THINGS for w in words):
        return False  # "an explosive device planted near the post in Gao", "three bombs": things, wherever they lie
    last = words[-1]
    # a person's name is capitalised; an acronym ("IEDs", "an IED") names a thing or a force, not a person
    named = last[:1].isupper() and not any(c.isupper() for c in last[1:])
    return last.lower() in _PERSON or last.lower() in _ATTACKERS or named


def _kind(verb: str) -> str:
    v = " ".join(verb.lower().split()).removeprefix("the ").strip(T.QUOTES)
    if v.startswith(("death", "died", "claim")) or "death" in v or "dead" in v or v.endswith(" alive"):
        return "killed"
    if v in lx.KILLED_WORDS or v in lx.KILL_VERBS or v.startswith(("kill", "fatal", "slay", "slew", "murder",
                                                                    "behead", "execut", "assassin", "massacr", "slit",
                                                                    "strangl", "hanged", "neutrali")):
        return "killed"
    return "injured"

_GROUP_NOUNS = T.GROUP_NOUNS


def _singular_count(det: str, np: str) -> Count | None:
    """"a policeman" -> 1; "his sons" -> unknown; "the driver" -> 1; needs a person as head."""
    words = np.lower().split()
    while words and words[-1].strip(".,") in T.TRAILING_ADVERBS:
        words = words[:-1]
    if not words:
        return None
    head = words[-1].strip(".,")
    d = " ".join(det.lower().split())
    if d in ("both",):
        return Count.exact(2)
    if head not in _PERSON and " ".join(words[-2:]) not in _PERSON:
        return None
    if head.endswith("s") and head not in T.SINGULAR_IN_S or head in _GROUP_NOUNS:
        return Count.exact(1) if d == "one" else None
    return Count.exact(1)


def _count(num: str, np: str, object_of_kill: bool = False) -> Count | None:
    n = " ".join(num.lower().split())
    if re.fullmatch(_SING, n, re.I):
        inner = _LEAD_NUM.match(np) or _GROUP_OF.match(np)
        if inner and count_of(inner.group("num")) is not None:
            return count_of(inner.group("num"))  # "their two children", "the three men"
        c = _singular_count(n, np)
        if c is None and object_of_kill and n in ("a", "an", "the", "his", "her", "another"):
            # "assassinated a top aide", "killed the supervisor": the one killed is a person
            words = np.lower().split()
            if words and words[-1].strip(".,") not in _NOT_PERSON_HEAD and not words[-1].strip(".,;)").endswith("s") \
                    and words[0] not in _NOT_PERSON_HEAD and (n in ("a", "an") or words[-1].strip(".,;)") not in _GROUP_NOUNS):
                return Count.exact(1)
        return c
    return count_of(num)

_QUANTITY_WORDS = T.QUANTITY_WORDS
_GROUP_OF = compile_pattern(T.GROUP_OF, re.I)
_DAY_BEFORE = compile_pattern(T.DAY_BEFORE, re.I)
_DAY_AFTER = compile_pattern(T.DAY_AFTER, re.I)


def _group(np: str) -> tuple[str | None, str | None]:
    """A group label and its country from a victim phrase ("US personnel" -> ("US personnel", "USA"))."""
    label = " ".join(np.split()).strip(" ,.;")
    if not label or all(w.lower() in _QUANTITY_WORDS or w.isdigit() for w in label.split()):
        return None, None  # "wounding a dozen": a number, not a group of people
    country = None
    words = label.split()
    for i in range(len(words)):
        for j in (2, 1):
            c = country_of(" ".join(words[i:i + j]))
            if c:
                country = c
                break
        if country:
            break
    return label, country


def _is_subset(text: str, pos: int, floor: int) -> bool:
    if re.match(r"(?!(?:both|all|each)\b)[^,;.]{0,25}?\s+of\s+(?:them|whom|those|the\s+(?:dead|victims|wounded|injured))\b",
                text[pos:pos + 40], re.I):
        return True  # "one of them", "two of whom"
    before = text[max(floor, pos - 40):pos]
    return bool(_SUBSET_RE.search(before)) or (before.rstrip().endswith("(") and pos - floor > 5)

_AMONG_AFTER = compile_pattern(T.AMONG_AFTER, re.I)


def _among(seg: str, a: int, b: int) -> bool:
    """True for a count told as part of the toll: "five soldiers among the dead", "three children were among them"."""
    return bool(_AMONG_AFTER.match(seg, b) or _AMONG_IN.search(seg, a, b))

_AMONG_IN = compile_pattern(T.AMONG_IN, re.I)
_BODY_OF = compile_pattern(T.BODY_OF, re.I)
_OR_HURT = compile_pattern(T.OR_HURT, re.I)
_NO_BEFORE = compile_pattern(T.NO_BEFORE, re.I)
_BESIDES_LEAD = compile_pattern(T.BESIDES_LEAD, re.I)


def _additive(text: str, start: int, end: int, floor: int) -> bool:
    """"three others were also killed"; "In addition to the district chief, two of his bodyguards were killed"."""
    if _ADDITIVE_RE.search(text[max(floor, start - 25):end]):
        return True
    comma = text.find(",", floor)
    return bool(_BESIDES_LEAD.match(text, floor)) and -1 < comma < start  # the count after the phrase, not in it

_ANY_CASUALTY = compile_pattern(T.ANY_CASUALTY, re.I)


@dataclass(slots=True)
class _Reading:
    """One sentence being read for casualty statements: the mentions found so far and the spans they took."""

    text: str
    start: int
    end: int
    sentence: int
    seg: str
    out: list[CasualtyMention] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)
    pronoun_deaths: list[CasualtyMention] = field(default_factory=list)
    lone_pronouns: list[CasualtyMention] = field(default_factory=list)  # "killed him", alone in its list

    def free(self, a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in self.taken)

    def add(self, kind: str, count: Count | None, a: int, b: int, np: str = "", **kw) -> CasualtyMention | None:
        if count is None or count.best is None:
            return None
        if 1900 <= count.best <= 2100 and _DATE_YEAR.search(self.seg, max(0, a - 20), b + 6):
            return None  # "On August 10, 2005 the ULFA shot dead ...": a date's year, not a count
        if self.seg[a:a + 1].isdigit() and (_DAY_BEFORE.search(self.seg, max(0, a - 12), a) or _DAY_AFTER.match(self.seg, a)):
            return None  # "tortured ... on February 13 died in hospital", "On 21 December ...": a day, not a count
        group, country = _group(np)
        head = group.lower().split()[-1].split("/")[-1] if group else ""  # "the driver/attacker": an attacker
        if head.strip(".,;") in _ANIMALS:
            return None  # "killing about twenty sheep": not people
        # attackers killed in the attack add to the victims told in another clause (RAND, tuning years 2002-2005:
        # "Two police officers were killed ... one assailant was killed" is 3)
        attacker = head in _ATTACKERS
        m = CasualtyMention(kind=kind, count=count, start=self.start + a, end=self.start + b, group=group, country=country,
                            sentence=self.sentence, subset=_is_subset(self.seg, a, 0) or _among(self.seg, a, b),
                            additive=_additive(self.seg, a, b, 0) or attacker, attacker=attacker, **kw)
        self.out.append(m)
        self.taken.append((a, b))
        return m


def _read_stated_none_and_toll(r: _Reading) -> None:
    """No one hurt ("no casualties"), and a death toll ("the death toll rose to 12")."""
    seg, start, sentence, out, taken, add, free = r.seg, r.start, r.sentence, r.out, r.taken, r.add, r.free
    for rx, kind in NONE_RES:
        for m in rx.finditer(seg):
            if free(m.start(), m.end()):
                out.append(CasualtyMention(kind=kind, count=Count.exact(0), start=start + m.start(),
                                           end=start + m.end(), zero=True, sentence=sentence))
                taken.append((m.start(), m.end()))
    for m in TOLL_RE.finditer(seg):
        add("killed", count_of(m.group("num") or m.group("coded")), m.start(), m.end(), toll=True)


def _read_objects(r: _Reading) -> None:
    """Victims as the object of a verb: "killing four people, including two policemen, and wounding 13"."""
    seg = r.seg
    for m in OBJECT_RE.finditer(seg):
        if _PASSIVE_BEFORE.search(seg, max(0, m.start() - 30), m.start()):
            continue  # "were killed when ...": passive, read by the subject and passive patterns
        if _INTENT_BEFORE.search(seg, max(0, m.start() - 30), m.start()):
            continue  # "tried to kill", "threatened to kill": intent, not a casualty
        _read_object_list(r, m)


def _read_object_list(r: _Reading, m: re.Match[str]) -> None:
    """The list of victims after one verb: items add up; an appositive adds no one."""
    seg, start, out, add = r.seg, r.start, r.out, r.add
    kind = _kind(m.group("verb"))
    noun_form = m.group("verb").lower().rstrip().endswith(" of")
    neutral = _is_neutralised(m.group("verb"))  # people only: "neutralized an IED" is no casualty
    pos = m.end()
    prev = None  # kind of the previous item: number | det | name | pron
    sep = None  # what joined this item to the previous one: "comma" or "and"
    in_apposition = after_of = after_place = placed = comma_and = False
    first_out, first_sep = len(out), None
    lone_pronoun = None  # "was killed when attackers ... beheaded him": a death told already
    while True:
        im = _ITEM_RE.match(seg, pos)
        if not im:
            break
        appositive = sep == "comma" and prev is not None
        restated = prev in ("number", "det")
        # an appositive restates the previous victim: no count, but the list goes on; "and" inside it
        # ("X, a historian and a lecturer at Y") stays in it; so does one after "the brother of X, ..."
        skip = sep == "and" and not comma_and and in_apposition or appositive and after_of
        if im.group("pron"):
            lone_pronoun = _object_pronoun(r, m, im, kind, first=prev is None) or lone_pronoun
            cur = "pron"
        elif im.group("bare"):
            if prev is None:
                bare = im.group("bare").lower().split()
                one = _singular_count("a", im.group("bare")) if bare[0] not in T.STOP_BEFORE_BARE and \
                    not bare[-1].endswith("men") and _BARE_END.match(seg, im.end()) else None
                if one is not None and kind == "killed" and not noun_form and not _DET_BEFORE.search(seg, 0, m.start()):
                    # a headline's bare singular: "Rival supporters kill man", "Soldiers killed civilian in X"
                    add(kind, one, im.start(), im.end(), np=im.group("bare"))
                break  # "killing civilians": no number
            if appositive or (sep == "and" and not comma_and and prev == "det" and not im.group("bare").endswith("s")
                              and im.group("bare").split()[-1].lower() not in _KIN):
                # "X, deputy governor": an appositive; "a social activist and chief of ...": one person
                skip = True
            c = _singular_count("a", im.group("bare"))
            if c is None:
                break
            if not skip:
                add(kind, c, im.start(), im.end(), np=im.group("bare"))
            cur = prev if skip else "det"
        elif im.group("name") or im.group("tname") or im.group("dname"):
            name = im.group("name") or im.group("tname") or im.group("dname")
            if im.group("dname") and sep == "and" and not comma_and and prev == "det":
                skip = True  # "a former policeman and current party activist, X": one person
            if appositive and prev == "name" and name.split()[-1].lower() in _PERSON:
                skip = True  # "Malam Abdullahi Aboki, Lau Chiefdom Secretary,": his office, not a second person
            if after_place:
                # "X in Ibayo-Tipas neighborhood, Taguig, Metropolitan Manila": the place goes on, not the list ("the
                # police chief in Kirkuk, Major X, and his wife": the name restates the chief, the list goes on)
                skip = placed = sep == "comma"
            bare_name = name[_TITLE_RE.match(name).end():] if _TITLE_RE.match(name) else name
            if country_of(name) or name.split()[0] in ("The", "A", "An", "Gunmen", "Militants") or \
                    bare_name.split()[0] == "Police" or (
                    " " not in name.strip() and name.strip().lower() in _PERSON):
                break
            if not skip and not (appositive and prev in ("number", "det")):
                # "two workers, Khunthong Tasue and Choo Khamlue" / "a civilian, Riyaz Najar": restated
                add(kind, Count.exact(1), m.start(), im.end(), np=name)
                cur = "name"
            else:
                cur = prev  # names restating the previous item keep its role for what follows
        elif im.group("num_only"):
            if neutral:
                break  # "neutralised 3": of what, untold
            if prev == "age" or prev in ("name", "number", "det") and sep == "comma":
                cur = "age"  # "killed X, 63, at his ranch", "two policemen, 25 and 31": their ages
            else:
                add(kind, count_of(im.group("num_only")), m.start(), im.end())
                cur = "number"
        else:
            single = bool(_SING_RE.fullmatch(im.group("num").strip()))
            possessive = im.group("num").strip().lower() in ("his", "her", "their")
            if appositive and single and (prev == "name" or in_apposition) and not possessive:
                # "Imad Husayn, the chief of engineers": an appositive ("Tueni, his driver" is not); "a police constable,
                # Somdu Ram Poyam, a former member of X": the name restated the constable, and so does what follows
                skip = True
            if im.group("np").strip().lower() in _STATE_WORDS:
                break  # "killing five militants and one wounded in its own ranks": a count of another state
            if neutral and not _person_head(im.group("np")):
                break
            group_of = _GROUP_OF.match(seg, im.start("np")) if single else None  # "a group of 16 pilgrims": 16
            c = count_of(group_of.group("num")) if group_of else \
                _count(im.group("num"), im.group("np"), object_of_kill=kind == "killed" and not neutral)
            if c is None:
                break
            if not skip:
                add(kind, c, im.start(), im.end(), np=im.group("np"))
            cur = prev if skip else "det" if single else "number"
        prev = cur
        # a name restating a counted item ("a civilian, Riyaz Najar") opens an apposition; a name after a name is
        # the next of a list ("killed A, B and C")
        in_apposition = skip or (appositive and restated and bool(im.group("name") or im.group("tname")))
        if noun_form:
            for mm in out:
                if mm.start >= start + m.start():
                    mm.restates = True
        pos = im.end()
        of = _OF_NAME.match(seg, pos)  # "the chief of Jana Priya Campus, X, and ...": the office, not a person
        after_of = bool(of)
        after_place = bool(of) and of.group().split()[0].lower() in ("in", "at") or placed
        placed = False
        if of:
            pos = of.end()
        nxt = _LIST_SEP.match(seg, pos)
        if not nxt:
            break
        sep = "and" if "and" in nxt.group().lower() or "well" in nxt.group().lower() else "comma"
        comma_and = sep == "and" and "," in nxt.group()
        first_sep = first_sep or sep
        pos = nxt.end()
    _settle_object_list(r, m, first_out, first_sep, lone_pronoun, noun_form)


def _object_pronoun(r: _Reading, m: re.Match[str], im: re.Match[str], kind: str,
                    first: bool) -> CasualtyMention | None:
    """A pronoun in the list after the verb: "him" is one, "them both" two, "killing them" as many as the clause
    before named. Returns the one added when it is a lone "him"/"her" heading the list (a death told already)."""
    seg, add = r.seg, r.add
    p = im.group("pron").lower()
    if p in ("him", "her", "himself", "herself", "another") or p.startswith("one"):
        added = add(kind, Count.exact(1), m.start(), im.end())
        if added is not None and p in ("him", "her") and first and kind == "killed":
            return added
    elif p == "them" and first and re.match(r"\s+both\b", seg[im.end():]):
        add(kind, Count.exact(2), m.start(), im.end() + 5)  # "killing them both"
    elif p == "them" and first:
        # "shot two Hindu nationalists, killing them": as many as the clause before named
        ante = [a for a in _THEM_ANTECEDENT.finditer(seg, 0, m.start())]
        if ante:
            add(kind, count_of(ante[-1].group("num")), m.start(), im.end())
    return None


def _settle_object_list(r: _Reading, m: re.Match[str], first_out: int, first_sep: str | None,
                        lone_pronoun: CasualtyMention | None, noun_form: bool) -> None:
    """What the whole list says once read: parts that add up to its first count, "all six" told before, one
    restated death of two people."""
    text, seg, out = r.text, r.seg, r.out
    items = out[first_out:]
    if lone_pronoun is not None and items == [lone_pronoun]:
        r.lone_pronouns.append(lone_pronoun)
    if first_sep == "comma" and _rest_enumerates_first([i.count for i in items]):
        del out[first_out + 1:]  # "killing three workers, one Chinese and two Palestinians": the parts of three
    elif len(items) == 1 and re.match(r"all\s", seg[m.end():], re.I) and not items[0].attacker and not re.match(
            r"\s*,?\s*(?:and|as\s+well\s+as|along\s+with|together\s+with)\b", text[items[0].end:]):
        items[0].restates = True  # "stopped the minibus ... and killed all six men": the six told before
    elif noun_form and len(items) == 2 and first_sep == "and" and items[1].group and \
            items[1].group.lower().split()[-1] in _PERSON | _KIN:
        # "the murder of Congressman X and his bodyguard": one restated death of two people, not two restatements
        items[0].count = add_counts(items[0].count, items[1].count)
        items[0].end = items[1].end
        del out[first_out + 1:]


def _read_shot_dead(r: _Reading) -> None:
    """The victims between a verb and its result: "shot him dead", "shot all of them to death"."""
    seg, add, free, pronoun_deaths = r.seg, r.add, r.free, r.pronoun_deaths
    for m in SHOT_DEAD_RE.finditer(seg):
        if free(m.start(), m.end()) and not _PASSIVE_BEFORE.search(seg, max(0, m.start() - 30), m.start()):
            if m.group("them"):
                # "kidnapped seventeen men, and shot all of them to death": as many as the clause before named
                inner = _LEAD_NUM.match(m.group("them").removeprefix("all").strip())
                ante = [a for a in _THEM_ANTECEDENT.finditer(seg, 0, m.start())]
                c = count_of(inner.group("num")) if inner else count_of(ante[-1].group("num")) if ante else None
                added = add("killed", c, m.start(), m.end())
                if added is not None:
                    added.subset = False  # "all of them" is the whole group, not a part
                continue
            c = Count.exact(1) if m.group("pron") or m.group("name") else _count(m.group("num"), m.group("np").strip(" ,"),
                                                             object_of_kill=True)
            if m.group("num") and re.search(r"\band\s", m.group("np")):
                # "shooting a teacher and a student to death": each conjunct
                c = _coordinated_count(m.group("num") + " " + m.group("np").strip(" ,")) or c
            if m.group("kin"):  # "him and his two sons": one more, or as many as the number says
                kin = m.group("kin").split(maxsplit=1)[1]
                lead = _LEAD_NUM.match(kin)
                c = add_counts(Count.exact(1), (count_of(lead.group("num")) if lead else None) or Count.exact(1))
            added = add("killed", c, m.start(), m.end(), np=(m.group("np") or "").strip(" ,"))
            if added is not None and m.group("pron"):
                pronoun_deaths.append(added)


def _read_left_and_bodies(r: _Reading) -> None:
    """What an attack left ("leaving 5 dead") and the bodies found ("the bodies of five men")."""
    seg, add, free = r.seg, r.add, r.free
    for m in LEAVE_RE.finditer(seg):
        if free(m.start(), m.end()):
            c = count_of(m.group("num"))
            both = _LEFT_AND.search(seg, max(0, m.start() - 60), m.start())
            if m.group("lead") == "and" and both is None:
                continue
            if both and c is not None and (count_of(both.group("num")) or Count()).best:
                # "left twenty-three policemen and four attackers dead": both conjuncts
                c = add_counts(count_of(both.group("num")), c)
            add(_kind(m.group("verb")), c, m.start(), m.end(), np=m.group("np"))
    for m in BODIES_LIST_RE.finditer(seg):
        c = _coordinated_count(m.group("list"))
        if c is not None and (c.best or 0) >= 2 and not _LEAD_NUM.match(m.group("list")):
            add("killed", c, m.start(), m.end())
    for m in BODIES_RE.finditer(seg):
        if free(m.start(), m.end()):
            if m.group("num2"):
                add("killed", count_of(m.group("num2")), m.start(), m.end())
            else:
                add("killed", _count(m.group("num"), m.group("np"), object_of_kill=True), m.start(), m.end(),
                    np=m.group("np"))


def _read_subjects(r: _Reading) -> None:
    """Victims as the subject: "Three civilians were killed and 14 wounded"."""
    seg, add, free = r.seg, r.add, r.free
    for m in SUBJECT_RE.finditer(seg):
        if not free(m.start(), m.end()) or _NO_BEFORE.search(seg, max(0, m.start() - 8), m.start()):
            continue  # "No one else was killed": nobody
        if _OR_HURT.match(seg, m.end()):
            continue  # "Scores of torturers were killed or wounded": how many of each is not told
        verb = m.group("verb").lower()
        if verb == "died" and DIED_OF_WOUNDS_RES[0].match(seg, m.start("verb")):
            continue  # "The settler later died of his injuries": one of the wounded, read by the later-deaths reader
        num, np = m.group("num"), m.group("np") + (m.group("head") or "")
        if re.fullmatch(_SING, num.strip(), re.I) and re.search(r"\bwere\b", seg[m.start("np"):m.start("verb")], re.I) \
                or (re.search(r"\b(?:and|along\s+with|as\s+well\s+as)\s+$", seg[max(0, m.start() - 15):m.start()], re.I)
                    and not _CLAUSE_BEFORE_AND.search(_CLAUSE_CUT.split(seg[max(0, m.start() - 80):m.start()])[-1])):
            continue  # "X and his son were killed": a coordinated subject, read by the passive pattern (not "the
            # hamlet was burned and three civilians killed": there "and" joins two clauses)
        if re.search(r"\bwas\b", seg[m.start("np"):m.start("verb")], re.I) \
                and ((_count(num, np) or Count()).best or 1) > 1:
            continue  # "a third person traveling with the two officials was also killed": the number is not the subject
        if verb in _ACTIVE_AMBIGUOUS and not re.search(r"\b(?:were|was|are|is|been|being|got|left|found)\s+"
                                                       r"(?:\w+\s+)?$", seg[m.start("np"):m.start("verb")], re.I):
            if _OBJECT_START.match(seg, m.end()) or not np.strip() and re.fullmatch(_SING, num.strip(), re.I):
                continue  # "A bomb killed three": active, read by the object pattern
            if np.strip() and np.split()[-1].lower().strip(".,") not in _PERSON \
                    and not (_PASSIVE_END.match(seg, m.end()) and len(np.split()) <= 3 and " of " not in f" {np} "):
                continue  # "Seven bandits killed two villagers" is active; "Seven bandits killed in Turkana" is not
                # (nor is "brings to eight the number of Westerners murdered in ...": a tally)
        if np.strip() and not re.fullmatch(_SING, num.strip(), re.I):
            head = np.split()[-1].lower().strip(".,")
            if head in T.COUNTED_THINGS or np.split()[0].lower().strip(".,") in T.COUNTED_THINGS:
                continue  # "Seven bombs killed", "18 photos of the guerrilla tortured to death": things counted
        if _is_neutralised(verb) and not _person_head(np):
            continue  # "Three IEDs were neutralized": things, not people
        add(_kind(verb), _count(num, np), m.start(), m.end(), np=np)


def _read_nouns_and_bodies_found(r: _Reading) -> None:
    """Counts as nouns ("12 deaths", "five wounded") and one body found ("his body was found")."""
    seg, add, free = r.seg, r.add, r.free
    for m in NOUN_RE.finditer(seg) if _NOUN_GATE.search(seg) else ():  # the gate: a cheap test of the nouns
        if free(m.start(), m.end()):
            noun = m.group("noun").lower()
            if noun != "casualties":
                add("killed" if noun in ("death", "deaths", "fatalities", "dead") else "injured", count_of(m.group("num")),
                    m.start(), m.end())
    for m in BODY_FOUND_RE.finditer(seg):
        if free(m.start(), m.end()):
            added = add("killed", Count.exact(1), m.start(), m.end())
            if added is not None and _OWNED_BODY.match(m.group()):
                # "Enejor was killed and his body was discovered": the body of one already counted in the sentence
                added.restates = True


_OWNED_BODY = compile_pattern(T.OWNED_BODY, re.I)
_CLAUSE_ENDED = compile_pattern(T.CLAUSE_ENDED, re.I)


def _read_kidnaps(r: _Reading) -> None:
    """Hostages: "were kidnapped", "abducted 22 men"."""
    seg, start, sentence, out = r.seg, r.start, r.sentence, r.out
    for m in KIDNAP_RE.finditer(seg):
        subject = _subject_before(seg, m.start())
        c = _coordinated_count(subject) if subject else None
        if c is not None and c.best is not None:
            out.append(CasualtyMention(kind="kidnapped", count=c, start=start + m.start(), end=start + m.end(),
                                       sentence=sentence))
    for m in KIDNAP_ACTIVE_RE.finditer(seg):
        head = m.group("head").lower()
        if head in _PERSON or m.group("np").lower().startswith("of ") or head in ("of", "others") or any(
                w.strip(".,;") in _PERSON for w in seg[m.start("np"):m.end() + 30].lower().split()[:4]):
            # "kidnapped 11 Hazara coal miners": the person noun after the modifiers
            c = count_of(m.group("num"))
            if c is not None and c.best:
                out.append(CasualtyMention(kind="kidnapped", count=c, start=start + m.start(), end=start + m.end(),
                                           sentence=sentence))


def _read_later_deaths(r: _Reading) -> None:
    """Deaths told after the attack: hostages killed later, "a fourth died", "died of his wounds"."""
    seg, start, sentence, out, taken, add, free = r.seg, r.start, r.sentence, r.out, r.taken, r.add, r.free
    for m in THEIR_BODIES_RE.finditer(seg):
        if free(m.start(), m.end()) and re.match(r"was\b", m.group(), re.I):
            add("killed", Count.exact(1), m.start(), m.end())  # "He was later shot dead": one hostage
        elif free(m.start(), m.end()):
            out.append(CasualtyMention(kind="killed", count=Count(), start=start + m.start(), end=start + m.end(),
                                       sentence=sentence, hostages_killed=True))
            taken.append((m.start(), m.end()))
    for m in ANOTHER_DIED_RE.finditer(seg):
        if free(m.start(), m.end()):
            added = add("killed", Count.exact(1), m.start(), m.end())
            if added is not None:
                added.additive = True  # "A fourth missionary died en route to hospital": one more
    for m in (m for rx in DIED_OF_WOUNDS_RES for m in rx.finditer(seg)):
        if not free(m.start(), m.end()):
            continue
        subject = _subject_before(seg, m.start()) if m.re.pattern == DIED_OF_WOUNDS_RES[0].pattern else None
        if subject and (_FINITE.search(subject) or _ED_WORD.search(_AND_CLAUSE.split(subject)[0])):
            # "Boko Haram attacked three islands, and at least 19 civilians died of bullet wounds": the subject is
            # the clause after the last "and"
            subject = _AND_CLAUSE.split(subject)[-1]
        # (not "at least three assailants escaped, the national guard who was wounded": a clause ended before him)
        c = _coordinated_count(subject) if subject and not _FINITE.search(subject) and not _CLAUSE_ENDED.search(subject) \
            else None
        if c is not None and (c.best or 0) >= 2:
            # "Five of the wounded later died of their injuries": five more dead; "The police officer and one of
            # the civilians died of their wounds": the two who died
            added = add("killed", c, m.start(), m.end())
            if added is not None:
                added.subset = False
                added.additive = bool(_OF_THE_WOUNDED.search(subject))
            continue
        out.append(CasualtyMention(kind="killed", count=Count.exact(1), start=start + m.start(), end=start + m.end(),
                                   sentence=sentence, died_of_wounds=True))
        taken.append((m.start(), m.end()))


def _read_added_victims(r: _Reading) -> None:
    """More victims of the same verb: "Also killed were ...", "as were two settlers", "along with three"."""
    seg, add, free = r.seg, r.add, r.free
    for m in ALSO_KILLED_RE.finditer(seg):
        if not free(m.start(), m.end()):
            continue
        items = [p for p in _ALSO_LIST_SEP.split(_ALSO_LIST_END.split(m.group("list"), maxsplit=1)[0]) if p.strip()]
        c = Count.exact(0)
        for p in items:
            lead = _LEAD_NUM.match(p)
            c = add_counts(c, (count_of(lead.group("num")) if lead else None) or Count.exact(1))
        added = add(_kind(m.group("verb")), c, m.start(), m.end())
        if added is not None:
            added.additive = True
    for m in AS_WERE_RE.finditer(seg):
        if free(m.start("num"), m.end()):
            add(_kind(m.group("verb")), _count(m.group("num"), m.group("np"), object_of_kill=True), m.start("num"),
                m.end(), np=m.group("np"))
    for m in ALONG_WITH_RE.finditer(seg):
        c = _count(m.group("num"), m.group("np"), object_of_kill=True)
        tail = _TAIL_END.split(seg[m.start("num"):], maxsplit=1)[0]
        if c is not None and re.search(r"\band\b", tail) and not re.search(r"\b(?:were|was|are|is|had|have|has)\b", tail):
            # "killed him, along with three of his sons and his son-in-law": each conjunct counts
            c = _coordinated_count(tail) or c
        if c is not None and free(m.start("num"), m.end()) and \
                m.group("np").split()[-1].lower().strip(".,;") not in T.COUNTED_THINGS:
            add("killed", c, m.start("num"), m.end(), np=m.group("np"))


def _read_died(r: _Reading) -> None:
    """A subject that died: "two US soldiers died"."""
    seg, add, free = r.seg, r.add, r.free
    for m in DIED_RE.finditer(seg):
        if not free(m.start(), m.end()):
            continue
        subject = _subject_before(seg, m.start())
        if not subject or re.match(r"(?:no\b|none\b|nobody\b)", subject.strip(), re.I):
            continue
        c = _coordinated_count(subject)
        if c is not None and c.best and c.best < 10_000:
            add("killed", c, m.start(), m.end(), np="")


def _read_passives(r: _Reading) -> None:
    """Passive clauses: "X and his son were killed", "a policeman was shot"."""
    text, seg, start, end, add, free = r.text, r.seg, r.start, r.end, r.add, r.free
    for m in PASSIVE_RE.finditer(seg):
        if not free(m.start(), m.end()):
            continue
        subject = _subject_before(seg, m.start())
        if subject is None or _NEGATED.search(_PARENS.sub(" ", subject)) or _BODY_OF.match(subject):
            continue  # "The body of a woman ... was found strangled": counted by the bodies pattern
        words = subject.lower().split()
        # "the headman of X village" -> headman; "The bomb expert attending the incident" -> expert
        core = _PARTICIPLE_CUT.split(_HEAD_CUT.split(subject.lower(), maxsplit=1)[0], maxsplit=1)[0].split()
        head = (core or words or [""])[-1].strip(",.")
        if head in _ANIMALS:
            continue  # "the two donkeys that pulled the cart were also killed": not people
        attacker_np = ""
        if head in _ATTACKERS or not _AND_SPLIT.search(subject) and any(w.strip(",.") in _ATTACKERS for w in words[:3]):
            # attackers killed in the attack: RAND counts them beside the victims of another clause
            if head not in _ATTACKERS or _kind(m.group("verb")) != "killed" or m.group("verb").lower() == "shot":
                continue
            attacker_np = head
        if m.group("aux").split()[0].lower() in ("was", "has", "is"):  # "was killed", "has reportedly been killed": one
            if words and words[0] in ("it", "this", "that", "which") or head in _NOT_PERSON_HEAD:
                continue
            c = Count.exact(1)
        else:
            c = _coordinated_count(subject)
            if c is None:
                if _kind(m.group("verb")) == "killed" and _TAKEN_GROUP.match(subject):
                    # "kidnapped 11 coal miners ... The coal miners were shot and beheaded": as many as were taken
                    r.out.append(CasualtyMention(kind="killed", count=Count(), start=start + m.start(), end=start + m.end(),
                                                 sentence=r.sentence, hostages_killed=True))
                    r.taken.append((m.start(), m.end()))
                continue
        verb = m.group("verb").lower()
        if _is_neutralised(verb) and not _neutralised_person(subject):
            continue  # "the explosive was neutralized", "He was neutralized by police": no one known dead
        if verb == "shot" and (_HURT_WORDS.search(seg) or _KILL_WORDS.search(seg)):
            continue  # "was wounded when he was shot" / "was shot ... and died": how, not a second count
        if verb == "shot" and (_SURVIVED.search(seg) or _SHOT_SURVIVED.search(text, start + m.end(), end + 250)
                               or _LIMB_SHOT.match(seg, m.end())):
            verb = "wounded"  # "was shot in the head, but survived"; "... He sustained a serious injury"; "in the leg"
        elif verb == "shot" and _SHOT_HURT.search(text, 0, start):
            continue  # "X was shot and seriously injured. The victim was shot while riding home": the same wound
        added = add("killed" if verb == "shot" else _kind(verb), c, m.start(), m.end(), np=attacker_np)
        if added is not None and verb == "shot":
            added.weak = True


_TAKEN_GROUP = compile_pattern(T.TAKEN_GROUP, re.I)
_BARE_END = compile_pattern(T.BARE_END, re.I)
_DET_BEFORE = compile_pattern(r"\b(?:a|an|the)\s+$", re.I)  # "a murdered leader": an adjective, not a verb
_CLAUSE_VERB = compile_pattern(T.CLAUSE_VERB, re.I)
_CLAUSE_VERB_END = compile_pattern(T.CLAUSE_VERB_END, re.I)
_CLAUSE_PART = compile_pattern(T.CLAUSE_PART, re.I)
_CLAUSE_PP = compile_pattern(T.CLAUSE_PP, re.I)
_CLAUSE_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", re.I)
_CLAUSE_PP_TAIL = re.compile(r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:(?:and|of|the|de|du|des)\s+)*[A-Z][\w'’-]*)*")
_MAX_PART_WORDS = 6
_BULLETS = " \t\n-–•*"


def _clause_part(part: str) -> tuple[Count, bool] | None:
    """The people one part of a bare clause subject names, and whether a count is written: "two herdsmen" -> 2,
    "Security guard from the Water Agency" -> 1, "a villager" -> 1; None when the part is not a counted person
    ("In Tera", "Al Shabaab militants": a place, or people without a number)."""
    m = _CLAUSE_PART.fullmatch(part.rstrip().lstrip(_BULLETS))
    if m is None:
        return None
    words = f"{m.group('np') or ''}{m.group('head')}".lower().split()
    if not words or len(words) > _MAX_PART_WORDS or any(w in T.CLAUSE_BLOCKERS or w in T.COUNTED_THINGS for w in words):
        return None  # (nor "18 photos of the guerrilla tortured to death": things counted)
    head = m.group("head").lower()
    if head in _NOT_PERSON_HEAD:
        return None
    if m.group("num"):
        if m.group("num").lower() == "both" or re.fullmatch(r"\d{4}", m.group("num")) \
                or re.search(r"\d-?years?-old|-year\b", part, re.I):
            return None  # "On August 7, 2005 four persons", "28 year-old X": a year or an age, not a count; "both" the pair
        c = _count(m.group("num"), (m.group("np") or "") + m.group("head"))
        return (c, not re.fullmatch(_SING, m.group("num"), re.I)) if c is not None and c.best else None
    if head in _PERSON and head not in _GROUP_NOUNS and head not in T.CLAUSE_NOT_BARE and not head.endswith("s"):
        return Count.exact(1), False  # "Soldier killed in an ambush": a headline's bare noun is one person
    return None


def _clause_subject(seg: str, end: int) -> tuple[int, Count, bool] | None:
    """Where the bare subject ending at `end` begins, and how many it names: the longest run of counted
    parts (joined by commas and "and") back from the verb; a count followed by as many single people
    enumerates them ("Two policemen, a sergeant and a constable")."""
    begin = max(seg.rfind(c, 0, end) for c in ".;:(") + 1
    masked = seg[:end]
    for pp in _CLAUSE_PP.finditer(seg, begin, end):
        tail = _CLAUSE_PP_TAIL.match(seg, pp.end(), end)
        if tail is not None:  # "from the Water and Forests Agency": a name after a preposition is not a part
            masked = masked[:pp.start()] + " " * (tail.end() - pp.start()) + masked[tail.end():]
    cuts = [begin] + [x for m in _CLAUSE_SPLIT.finditer(masked, begin, end) for x in (m.start(), m.end())] + [end]
    parts = [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts), 2)]
    counted: list[tuple[Count, bool]] = []
    start = None
    for a, b in reversed(parts):
        c = _clause_part(masked[a:b])
        if c is None:
            break
        counted.insert(0, c)
        start = a
    if start is None or len(counted) < len(parts) and _LEAD_NUM.match(masked, begin):
        # "4 TTP and LI militants killed": one count over the whole coordinated noun phrase
        whole = _clause_part(masked[begin:end])
        if whole is None or not whole[1] or not _person_head(masked[begin:end]) or any(
                w.endswith("ed") or w in T.PARTICIPLES for w in masked[begin:end].lower().split()):
            return None if start is None else _clause_total(seg, start, end, counted)
        return begin + len(masked[begin:end]) - len(masked[begin:end].lstrip(_BULLETS)), whole[0], True
    return _clause_total(seg, start, end, counted)


def _clause_total(seg: str, start: int, end: int, counted: list[tuple[Count, bool]]) -> tuple[int, Count, bool]:
    """The count of a clause subject's parts: their sum, or the first when the rest enumerates it."""
    first, numbered = counted[0]
    if numbered and _rest_enumerates_first([c for c, _ in counted]):
        # (not "One soldier, one militant killed": two parts of one each are two people)
        return start, first, True  # "Three people, two civilians and one police officer": the rest enumerates them
    total = Count.exact(0)
    for c, _ in counted:
        total = add_counts(total, c)
    written = all(n for _, n in counted)  # every part with its number written
    return start + len(seg[start:end]) - len(seg[start:end].lstrip(_BULLETS)), total, written


def _read_clause_subjects(r: _Reading) -> None:
    """Victims as a bare clause subject, as telegraphic notes and headlines write them: "1 peacekeeper killed and
    3 severely wounded", "Four police and one reservist killed", "Soldier killed in an ambush"."""
    seg = r.seg
    for m in _CLAUSE_VERB.finditer(seg):
        if not _CLAUSE_VERB_END.match(seg, m.end()) or _OR_HURT.match(seg, m.end()):
            continue
        found = _clause_subject(seg, m.start())
        if found is None:
            continue
        if not r.free(m.start(), m.end()):
            _widen_subject(r, found, m.end())
            continue
        if not r.free(found[0], m.end()):
            continue
        verb = m.group("verb").lower()
        r.add("killed" if verb == "dies" else _kind(verb), found[1], found[0], m.end(), np=seg[found[0]:m.start()])


def _widen_subject(r: _Reading, found: tuple[int, Count, bool], end: int) -> None:
    """A subject reader took only the list's last part ("... 1 civilian contractor & 6 assailants killed" read as
    6): the whole list's count replaces it, when the list holds it and counts more."""
    start, count, written = found
    if not written:
        return  # "Talib Wahb, a member of X and a member of Y, was assassinated": appositives, not a list
    for k, o in enumerate(r.out):
        a, b = o.start - r.start, o.end - r.start
        if b == end and start < a and not o.zero and (o.count.best or 0) < (count.best or 0) \
                and r.free(start, a) and (start, end) not in r.taken:
            r.taken[r.taken.index((a, b))] = (start, end)
            r.out[k].count, r.out[k].start = count, r.start + start
            r.out[k].attacker = r.out[k].additive = False
            return


_BESIDES_PEOPLE = compile_pattern(T.BESIDES_PEOPLE, re.I)


def _read_besides(r: _Reading) -> None:
    """People named in an opening "In addition to ..." phrase, counted with the verb that follows it: "In addition
    to the two assailants, at least 32 people were killed" is 34 killed."""
    m = _BESIDES_PEOPLE.match(r.seg)
    if m is None or not r.free(m.start("np"), m.end("np")):
        return
    after = [o for o in r.out if o.start >= r.start + m.end() and not o.zero and o.kind in ("killed", "injured")]
    if not after:
        return
    np = m.group("np")
    lead = _LEAD_NUM.match(np)
    count = count_of(lead.group("num")) if lead else _singular_count("a", np) if np.lower().startswith(
        ("the ", "a ", "an ", "his ", "her ")) else None
    if count is not None and count.best:
        r.add(min(after, key=lambda o: o.start).kind, count, m.start("np"), m.end("np"), np=np)


_ELLIPTIC_CONJUNCT = compile_pattern(T.ELLIPTIC_CONJUNCT, re.I)


def _read_elliptic_conjuncts(r: _Reading) -> None:
    """A second group of a verb already read, told without a verb of its own: "41 Renamo fighters died and 17
    military soldiers.", "one policeman was killed and 3 militants too", "18 soldiers killed &4 MUJAO."."""
    seg = r.seg
    for m in _ELLIPTIC_CONJUNCT.finditer(seg):
        verb_read = any(a <= m.start("verb") < b for a, b in r.taken)
        words = f"{m.group('np')}{m.group('head')}".split()
        head = m.group("head")
        person = head.lower() in _PERSON or head.lower() in _ATTACKERS or head[:1].isupper() and not head.endswith("ed")
        if verb_read and person and r.free(m.start("num"), m.end()) and not any(
                w.lower() in T.CLAUSE_BLOCKERS or w.lower() in T.PARTICIPLES or w.lower().endswith("ed") for w in words):
            r.add(_kind(m.group("verb")), count_of(m.group("num")), m.start("num"), m.end(), np=" ".join(words))


_READERS = (_read_stated_none_and_toll, _read_objects, _read_shot_dead, _read_left_and_bodies, _read_subjects, _read_nouns_and_bodies_found, _read_kidnaps, _read_later_deaths, _read_added_victims, _read_died, _read_passives,
            _read_clause_subjects, _read_elliptic_conjuncts, _read_besides)


_CODED_ELSEWHERE = compile_pattern(T.CODED_ELSEWHERE, re.I)
_DENIED_BEFORE = compile_pattern(T.DENIED_BEFORE, re.I)
_CAUSE_BEFORE = compile_pattern(T.CAUSE_BEFORE, re.I)
_STATE_WORDS = frozenset({"wounded", "injured", "dead", "killed", "hurt", "missing"})


def _coded_elsewhere(text: str, m: CasualtyMention) -> bool:
    """True for a count the note says is coded in another event, the remark in or right after its span ("killing 2
    (coded seperately)")."""
    found = _CODED_ELSEWHERE.search(text, m.start, m.end + 40)
    return found is not None and found.start() <= m.end


def find_mentions(text: str, start: int, end: int, sentence: int = 0) -> list[CasualtyMention]:
    """Every casualty statement in text[start:end] (one sentence), with absolute offsets: each sentence
    shape is read by its own reader, in this order (a span one reader took is not read again)."""
    seg = text[start:end]
    if not _ANY_CASUALTY.search(seg):
        return []
    r = _Reading(text, start, end, sentence, seg)
    for read in _READERS:
        read(r)
    r.out = [o for o in r.out if not _coded_elsewhere(text, o) and not _DENIED_BEFORE.search(text, max(start, o.start - 80),
                                                                                              o.start)
             and not _CAUSE_BEFORE.search(text, max(start, o.start - 80), o.start)]
    r.out = [o for o in r.out if not any(o is p for p in r.lone_pronouns) or not any(
        q.kind == "killed" and not q.zero and q.start < o.start and q not in r.lone_pronouns for q in r.out)]
    if r.pronoun_deaths and len([o for o in r.out if o.kind == "killed" and not o.zero]) > len(r.pronoun_deaths):
        # "assassinated a local official when they ... shot him dead": "him" is a death told already
        r.out = [o for o in r.out if all(o is not p for p in r.pronoun_deaths)]
    if SEVERAL_ATTACKS_RE.search(seg) or _OTHER_ATTACK_RE.search(seg) or \
            _TOTAL_RE.search(seg) and _ONE_OF_SEVERAL_RE.search(text):
        for o in r.out:
            o.several = True
    r.out.sort(key=lambda x: x.start)
    return r.out


def coded_toll(text: str, spans: list[tuple[int, int]]) -> tuple[int, tuple[int, int]] | None:
    """The fatalities a coder's note says the event is coded with ("Unknown fatalities coded as 3"), and its
    span: the note states the figure itself, so it stands over the counts read from the narrative."""
    for a, b in spans:
        m = _CODED_TOLL.search(text, a, b)
        if m:
            return int(m.group("n") or m.group("n2") or m.group("n3")), (m.start(), m.end())
    return None


def combine(mentions: list[CasualtyMention]) -> Casualties:
    """Totals of one incident from its mentions (see the module docstring for the rules)."""
    res = Casualties()
    for kind in ("killed", "injured"):
        if any(not (m.several or m.subset) and (m.kind == kind and m.count.best or m.zero and m.kind in (kind, "both"))
               for m in mentions):
            # "Eight people were killed. ... A total of thirty-six were killed in the four bombings": RAND codes
            # each attack with its own figure (tuning years 2003-2005); "No casualties were reported" is one too
            mentions_k = [m for m in mentions if not (m.kind == kind and m.several)]
        else:
            mentions_k = mentions
        if kind == "killed":
            # "Two men were shot by gunmen. ... The headman was injured, while his assistant was killed": a later
            # sentence tells which of those shot died ("Five other people were killed" adds to them instead)
            told = [m for m in mentions_k if m.kind == kind and m.count.best and not (m.weak or m.zero or m.several)]
            mentions_k = [m for m in mentions_k if not (m.weak and not m.additive and any(
                n.sentence > m.sentence for n in told) and not any(n.additive for n in told))]
        total: Count | None = None
        evidence: list[tuple[int, int]] = []
        by_sentence: dict[int, list[CasualtyMention]] = {}
        zero_seen = None
        toll = None
        for m in mentions_k:
            if m.zero and m.kind in (kind, "both", "either"):
                zero_seen = zero_seen or m
            elif m.kind == kind and not m.zero:  # attackers killed by those they attacked count too (RAND)
                if m.toll:
                    toll = m
                elif not m.subset:
                    by_sentence.setdefault(m.sentence, []).append(m)
        if not by_sentence and toll is None:
            parts = [m for m in mentions_k if m.kind == kind and m.subset and not m.zero and m.count.best]
            if parts:  # "attacked five villagers, killing four of them": the part is all that was killed
                best = max(parts, key=lambda m: m.count.best or 0)
                by_sentence[best.sentence] = [best]
        for _, ms in sorted(by_sentence.items()):
            s_total = Count()
            for m in ms:
                if not m.restates:
                    s_total = add_counts(s_total, m.count)
            for m in ms:
                if m.restates and (m.count.best or 0) > (s_total.best or 0):
                    s_total = m.count
            # "also", "others" in the sentence's first count: more than before; "killing himself, the guard, and
            # four others": the others of this sentence's own list
            additive = min(ms, key=lambda m: m.start).additive
            if total is None:
                total = s_total
            elif additive:
                total = add_counts(total, s_total)
            elif (s_total.best or 0) > (total.best or 0):
                total = s_total
            evidence += [(m.start, m.end) for m in ms]
        if kind == "killed":
            kidnapped = next((m.count for m in mentions if m.kind == "kidnapped"), None)
            for m in mentions:
                if m.hostages_killed and kidnapped is not None and (total is None or not total.best):
                    total = kidnapped
                    evidence.append((m.start, m.end))
            if any(m.died_of_wounds for m in mentions) and (total is None or not total.best):
                total = Count.exact(1)
                evidence += [(m.start, m.end) for m in mentions if m.died_of_wounds]
        elif any(m.died_of_wounds for m in mentions) and total is not None and total.best:
            total = Count.exact(total.best - 1) if total.qualifier == "exact" else total
        if toll is not None and (total is None or (toll.count.best or 0) >= (total.best or 0)):
            total = toll.count
            evidence.append((toll.start, toll.end))
        if total is None and zero_seen is not None and (zero_seen.kind != "either" or kind == "injured"
                                                        or not by_sentence):
            total = Count.exact(0)
            evidence.append((zero_seen.start, zero_seen.end))
        if kind == "killed":
            res.attackers_killed = any(m.attacker for ms in by_sentence.values() for m in ms)
            res.fatalities = total or Count()
            res.evidence_killed = evidence
        else:
            res.injuries = total or Count()
            res.evidence_injured = evidence
    res.groups = _groups(mentions)
    return res


def _groups(mentions: list[CasualtyMention]) -> list[CasualtyGroup]:
    """Casualties by group, where the text says who they were ("two US personnel" -> USA 2)."""
    groups: dict[tuple[str, str | None], CasualtyGroup] = {}
    for m in mentions:
        if m.zero or m.toll or not m.group:
            continue
        key = (m.group.lower(), m.country)
        g = groups.setdefault(key, CasualtyGroup(group=m.group, country=m.country))
        if m.kind == "killed":
            g.killed = add_counts(g.killed, m.count)
        else:
            g.injured = add_counts(g.injured, m.count)
    return list(groups.values())


_SUICIDE_DETONATION = re.compile(
    r"\bsuicide\s+(?:car\s+|truck\s+)?bomber\b|\b(?:two|three|four|pair\s+of)\s+suicide\s+(?:car\s+|truck\s+)?bombers\b|\bblew\s+(?:himself|herself|themselves)\b(?:\s+\w+){0,4}?\s+up\b"
    r"|\bdetonated\s+(?:his|her|their)\s+(?:\w+\s+)?(?:explosives?|vehicles?|cars?|trucks?|belts?|vests?|bombs?)\b"
    # "A suicide car bomb exploded near a police patrol": the bomb's driver died in it (RAND counts him)
    r"|\b(?:a|an|the|two|three)\s+suicide\s+(?:car\s+|truck\s+)?bomb(?:ing)?\s+(?:attack\s+)?(?:was\s+)?"
    r"(?:exploded|detonated|went\s+off|rammed|struck|tore|hit|killed|targeting)\b"
    r"|\battacked\s+by\s+(?:a|two|three)\s+suicide\s+(?:car\s+|truck\s+)?bomb", re.I)
# "Two suicide bombers", "a pair of suicide bombers", "three car bombers": each one died
_BOMBERS = re.compile(rf"\b(?P<num>{_NUM}|a\s+pair\s+of)\s+(?:\w+\s+)?(?:suicide\s+)?(?:car\s+|truck\s+)?bombers\b"
                      rf"|\b(?P<double>double|twin)\s+suicide\s+(?:car\s+)?bombings?\b", re.I)
_SUICIDE_FOILED = re.compile(r"\b(?:arrested|foiled|thwarted|failed\s+to\s+detonate|before\s+(?:he|she|they)\s+could"
                             r"|defused|would-be|(?:attempt(?:ed|ing)|tr(?:ied|ying))\s+to\s+(?:detonate|blow)"
                             r"|prevented\s+(?:him\s+|her\s+)?from\s+detonating)\b", re.I)
# "tried to enter the ministry but was stopped; he then detonated his vehicle": stopped, yet he died in it
_SELF_DETONATED = re.compile(r"\b(?:he|she|they|bomber)\s+(?:then\s+|finally\s+|still\s+|later\s+|eventually\s+|"
                             r"(?:was|were)\s+able\s+to\s+|managed\s+to\s+)?detonated?\b"
                             r"|\bblew\s+(?:himself|herself|themselves)\s+up\b", re.I)
_ATTACKER_COUNTED = re.compile(
    r"\bincluding\s+(?:the\s+)?(?:suicide\s+)?(?:bomber|attacker|assailant|himself|herself)|\b(?:bomber|attacker|assailant)s?\s+(?:was|were)"
    r"\s+(?:also\s+)?killed|\band\s+the\s+(?:\w+\s+)?(?:suicide\s+)?bombers?|\bplus\s+the\s+(?:\w+\s+)?bombers?"
    r"|\bkill(?:ed|ing|s)\s+(?:himself|herself|themselves)|\bkilled\s+when\s+(?:he|she|they)\s+(?:\w+\s+)?(?:detonated|blew)"
    r"|\b(?:bomber|attacker)\s+(?:also\s+)?died|\b(?:not\s+)?(?:including|excluding)\s+the\s+(?:suicide\s+)?bomber"
    rf"|\b(?:the|a|an|{_NUM})\s+(?:suicide\s+)?(?:bomber|attacker|assailant)s?\s+(?:and|as\s+well\s+as)\b"
    # "an unknown number of assailants were killed", "In addition to an unknown number of assailant casualties": the
    # bomber is among them, uncounted
    r"|\bnumber\s+of\s+(?:assailants|attackers|assailant\s+casualties|attacker\s+casualties)\b"
    r"|\bin\s+addition\s+to\s+the\s+(?:\w+\s+)?(?:bomber|assailant|attacker)s?\b", re.I)
_WHOLE_COUNT = re.compile(r"\b(?:people|persons|others|fatalities|dead|died|deaths|casualties|toll)\b", re.I)


def count_suicide_attacker(c: Casualties, text: str, own: str) -> None:
    """Adds the suicide bomber to the dead when the text's counts name only his victims.

    A bomber who blew himself up died in the attack. "Killing five civilians" or "one police officer
    was killed" counts victims by kind, so the bomber is not in it; "killing six people" may already
    include him, and "including the bomber" says so. RAND counts him in the first case (tuning years
    1968-2005: 147 reports right against 55 made wrong); `own` is the incident's own text."""
    if c.attackers_killed or not _SUICIDE_DETONATION.search(own) or _ATTACKER_COUNTED.search(own) or (
            _SUICIDE_FOILED.search(own) and not _SELF_DETONATED.search(own)):
        return
    if any(_WHOLE_COUNT.search(text, a, b) for a, b in c.evidence_killed):
        return
    bombers = 1
    m = _BOMBERS.search(own)
    if m:
        n = Count.exact(2) if m.group("double") or not m.group("num") or m.group("num").lower().startswith("a") \
            else count_of(m.group("num"))
        bombers = n.best if n is not None and n.best and n.best < 10 else 1
    c.fatalities = add_counts(c.fatalities if c.fatalities.best is not None else Count.exact(0), Count.exact(bombers))


_SPLIT_OVER_EVENTS = compile_pattern(T.SPLIT_OVER_EVENTS, re.I)
_ONE_OF_EVENTS = compile_pattern(T.ONE_OF_EVENTS, re.I)


def share_of_split_toll(c: Casualties, own: str) -> None:
    """The incident's share of a toll the text says is spread over several coded events ("14 fatalities
    coded over 8 events": 2 here; "spread over four locations"; "split between events": two), as `_share`
    spreads it; `own` is the incident's text."""
    m = _SPLIT_OVER_EVENTS.search(own) or _ONE_OF_EVENTS.search(own)
    n = None if m is None else Count.exact(2) if m.groupdict().get("pair") is not None else count_of(m.group("num"))
    if n is None or not n.best or n.best < 2 or c.fatalities.best is None:
        return
    c.fatalities = Count.exact(_share(c.fatalities.best, n.best))


_ACROSS_ATTACKS = compile_pattern(T.ACROSS_ATTACKS, re.I)
_ONE_OF_N = compile_pattern(T.ONE_OF_N, re.I)


def _share(total: int, parts: int) -> int:
    """One part of a total spread over `parts` incidents, a half rounded down (18 over 2 is 9, 7 over 2 is 3)."""
    return math.ceil(total / parts - 0.5)


def share_across_attacks(c: Casualties, text: str, sentence_spans: list[tuple[int, int]]) -> None:
    """The incident's share of a count told across several attacks ("Seven assailants were killed across
    both attacks" in "one of two related incidents"), when the report says how many attacks share it."""
    if not (c.fatalities.best or c.injuries.best):
        return
    whole = " ".join(text[a:b] for a, b in sentence_spans)
    one_of = _ONE_OF_N.search(whole) if "one of" in whole.lower() else None
    for kind in ("killed", "injured"):
        count, evidence = (c.fatalities, c.evidence_killed) if kind == "killed" else (c.injuries, c.evidence_injured)
        if not count.best or not evidence:
            continue
        a0 = evidence[0][0]
        sentence = next(((a, b) for a, b in sentence_spans if a <= a0 < b), None)
        across = _ACROSS_ATTACKS.search(text, *sentence) if sentence else None
        if across is None:
            continue
        n = count_of(across.group("num")) if across.group("num") else Count.exact(2) \
            if across.group("det").lower() == "both" else count_of(one_of.group("num")) if one_of else None
        if n is None or not n.best or n.best < 2:
            continue
        shared = Count.exact(_share(count.best, n.best))
        if kind == "killed":
            c.fatalities = shared
        else:
            c.injuries = shared
