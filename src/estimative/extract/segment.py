"""Which sentences belong to which incident, and which only tell the background.

A report is about one incident or a few (an attack, and a strike in another country two days
later); it also recalls earlier events ("after tensions spiked following the killing of X in
January") and states generalities ("attacks on police are frequent in Iraq"). Sentences are
grouped into incidents; a general sentence is background as a whole; a clause that recalls an
earlier event ("came two days after a rocket attack killed ...") is background from its cue to
the sentence end ("comes days after X, killing 6" to the very end). Once the incident has begun, a
clause dated by a backward time adverb ("13 mayors were killed last year") is background from the
clause's start, a tally over a period ("sixteen teachers have been killed this year") is general,
and a sentence dated in an earlier year or month than the incident's day, or opened by a backward time
adverb ("Four days before, ..."), is background; so is an aside in brackets about another time or attack. Background
keeps its date, place and actors as a reference, but never adds to an incident's casualties or weapons.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from estimative.extract import lexicon as lx
from estimative.extract.casualties import CasualtyMention
from estimative.extract.dates import DateMention
from estimative.extract.numbers import count_of


def _alt(ws: tuple[str, ...]) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in ws), key=len, reverse=True))


EVENT_RE = re.compile(rf"\b(?:{_alt(lx.ATTACK_WORDS)})\b", re.I)
GENERIC_RE = re.compile(
    r"\b(?:(?:are|is|were|was|remain|remains|have\s+been|has\s+been)\s+(?:a\s+)?(?:frequent(?:ly)?|common|"
    r"commonplace|routine|rare|regular|often|increasingly)\b|frequent\s+targets?|common\s+targets?|"
    r"continues?\s+to|continued\s+to|the\s+latest\s+in|in\s+recent\s+(?:days|weeks|months|years)|"
    r"over\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:days|weeks|months|years)|so\s+far\s+this\s+year|"
    r"since\s+(?:the\s+(?:start|beginning)|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|\d{4})|has\s+(?:left|killed|claimed)\s+(?:more\s+than\s+|over\s+|hundreds|"
    r"thousands|dozens)|have\s+(?:left|killed|claimed)\s+(?:more\s+than\s+|over\s+|hundreds|thousands|dozens)|"
    r"typically|this\s+database|(?:is|was)\s+one\s+of\s+(?:over|more\s+than|about|several|many|\w+)|"
    r"\bin\s+the\s+(?:two|three|four|five|six|\d+)\s+(?:combined\s+|separate\s+|coordinated\s+)?(?:attacks|bombings|"
    r"blasts|explosions)\b|"
    r"(?:is|was)\s+the\s+(?:most\s+recent|latest|second|third|fourth|fifth|\w+th)\s+(?:attack|bombing|incident)|"
    r"it\s+is\s+(?:un)?clear|it\s+is\s+not\s+known|seek\s+(?:a|an)\b|aims?\s+to\b|wants?\s+to\b|"
    r"(?:are|is)\s+fighting\s+for|(?:has|have)\s+been\s+(?:fighting|waging|battling|targeting|attacking|"
    r"killing)|(?:has|have|had)\s+been\s+(?:killed|attacked|kidnapped|targeted)\s+since\b|^\W*overall\b|"
    r"\bthe\s+(?:three|four|five|six|seven|eight|nine|ten|\d+|several|multiple)\s+(?:\w+\s+)?(?:attacks|"
    r"bombings|blasts|explosions)\s+(?:together\s+)?(?:killed|wounded|injured|left)\b|\bin\s+all\s+(?:two|three|"
    r"four|five|six|seven|eight|nine|ten|\d+)\s+(?:\w+\s+)?(?:attacks|bombings|blasts|explosions)\b|"
    r"in\s+the\s+(?:last|past)\s+(?:\w+\s+)?(?:days|weeks|months|years)|^\W*in\s+total\b)",
    re.I)
CLAUSE_BG_RE = re.compile(
    r"\b(?:(?:in\s+|as\s+(?:a\s+)?)?(?:retaliation|response|revenge|reprisal)\s+(?:for|to)|to\s+avenge|"
    r"in\s+the\s+wake\s+of|"
    r"following\s+(?:the|a|an|last)\s+(?:\w+\s+){0,3}?(?:killing|death|assassination|arrest|execution|attack|"
    r"strike|strikes|raid|bombing|kidnapping|shooting)s?\b|after\s+(?:the|a|an)\s+(?:\w+\s+){0,2}?(?:killing|"
    r"death|assassination|arrest|execution)\s+of|(?:a|one|two|three|four|five|several|\d+)\s+(?:days?|weeks?|"
    r"months?)\s+(?:after|before|earlier)|(?:several|a\s+few|few|two|three|four|five|six|\d+)\s+hours\s+(?:before|earlier)\b|"
    # "the prosecutor in charge of investigating the recent death of 18 members": the death investigated is another
    r"investigat\w*\s+(?:the\s+)?(?:recent\s+|earlier\s+)?(?:deaths?|killings?|murders?|massacre|assassination|bombing)\b|"
    # "a bomb exploded at a funeral for a policeman killed on 2 November", "responded to an earlier attack ... which
    # left three citizens dead", "in protest against a recent skirmish in which one Maoist was killed"
    r"funerals?\s+(?:of|for)\b|\b(?:an?|the)\s+(?:earlier|prior)\s+(?:[\w-]+\s+)?(?:attack|bombing|incident|blast|explosion|"
    r"shooting|ambush|clash|skirmish)\b|in\s+protest\s+(?:against|of|over|at)\s+(?:[^,.;]{0,40}?\s)?(?:killings?|deaths?|murders?|skirmish|arrests?|encounters?|shootings?|executions?|attacks?)\b|(?:came|comes|coming)\s+(?:just\s+|only\s+|shortly\s+|soon\s+)?(?:(?:a\s+few\s+|\w+\s+)?"
    r"(?:days?|weeks?|hours?|months?)\s+)?(?:after|before|amid|as)|(?<!as\s)\bfollows\b|"
    r"\bprevious\b|\bearlier\s+(?:this|that|in\s+the)\b|"
    r"\blast\s+(?:week|month|year)\b|\bon\s+the\s+same\s+day\s+as\b|\bsimilar\s+(?:\w+\s+){0,2}?(?:attacks?|bombings?|incidents?|strikes?)\b|\ba\s+similar\s+(?:device|bomb|blast|explosion)\b|\bhad\s+(?:been\s+)?"
    r"(?:killed|attacked|kidnapped|abducted|bombed|targeted|assassinated|murdered))",
    re.I)
# "(which killed 37 people in February 2003)", "(killed in 1998)": an aside about another time or attack
_PAREN_BG_RE = re.compile(r"\((?=[^()]*\b(?:killed|died|dead|wounded|injured)\b)(?:(?:which|that|who|when|where)\b[^()]*"
                          r"|[^()]*\b(?:1[89]|20)\d\d\b[^()]*)\)", re.I)
_LONG_CUE = re.compile(r"(?:in\s+|as\s+(?:a\s+)?)?(?:retaliation|response|revenge|reprisal)|to\s+avenge|in\s+the\s+wake|"
                       r"following|after|similar|a\s+similar|on\s+the\s+same\s+day\s+as|follows|"
                       r"(?:came|comes|coming)\s+(?:\S+\s+){0,5}?(?:after|before)", re.I)
# "Seven hours earlier, a paramilitary volunteer was killed ...", "Four days before, three engineers were killed": a
# sentence opened by a backward time adverb tells an earlier event, once the incident has begun
_FRONT_BACK = re.compile(r"^\W*(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|few|\d+)\s+"
                         r"(?:hours?|days?|weeks?|months?|years?)\s+(?:before|earlier|prior)|last\s+(?:week|month|year|"
                         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
                         r"earlier\s+(?:this|that|in\s+the)\s+\w+)\s*,", re.I)
# "13 mayors were killed last year": a time adverb dates its whole clause, from the clause's start
_TIME_CUE = re.compile(r"last\s+(?:week|month|year)|earlier\s+(?:this|that|in\s+the)", re.I)
_CLAUSE_START = re.compile(r"[,;:]\s+|\(\s*|\b(?:that|which|who|whom|where|when|while|after|before|since|because|as|"
                           r"following|although|though)\s+", re.I)
_HURT_BEFORE = re.compile(r"\b(?:killed|dead|died|wounded|injured|hurt|damaged|destroyed)\b[^.;]*$", re.I)
_RELATIVE_BEFORE = re.compile(r",\s+(?:who|which|whose)\b[^,]*$", re.I)
# "In addition to the district chief, two bodyguards were killed" adds to this incident; "In addition, ..." may not
# "His body was found on June 24": the end of the kidnapping told before, however many days later
_BODY_LATER = re.compile(r"\b(?:body|bodies|corpses?|remains)\b[^.;]*\b(?:found|discovered|recovered)\b|\b(?:found|"
                         r"discovered|recovered)\s+(?:the\s+)?(?:dead\s+)?(?:body|bodies|corpses?)\b|\bfound\s+dead\b", re.I)
# "sixteen teachers have been killed this year": a tally over a period, whatever precedes the cue
_TALLY_RE = re.compile(r"\b(?:have|has)\s+(?:now\s+)?(?:been\s+)?(?:killed|died|wounded|injured|kidnapped|murdered)\s+"
                       r"(?:[\w-]+\s+){0,8}?(?:this\s+year|so\s+far|since\b|in\s+the\s+(?:past|last)\b|in\s+recent\b)",
                       re.I)
# "Hours later, airstrikes hit ...", "The next day, gunmen ...": a sentence opened by a forward time adverb tells
# a later event, a new incident when it has its own attack (not "Two days later, he died of his wounds")
_FRONT_FORWARD = re.compile(r"^\W*(?:(?:a\s+few|several|some|a|an|one|two|three|four|five|six|\d+|\w+)\s+"
                            r"(?:hours?|days?|weeks?)\s+later|hours\s+(?:later|after\s+(?:that|the\s+\w+))|"
                            r"(?:the\s+)?(?:next|following)\s+(?:day|morning|night|evening|week)|"
                            r"later\s+(?:that|the\s+same|on\s+the\s+same)\s+(?:day|night|evening|morning|afternoon)|"
                            r"shortly\s+(?:after(?:wards)?|later)|within\s+hours)\b", re.I)
# "The same day, a truck bomb ...", "In a separate incident the same day": a second incident on the first one's day
_SAME_DAY = re.compile(r"\b(?:(?:on\s+)?the\s+same\s+(?:day|night|evening|morning)|later\s+(?:that|the\s+same)\s+"
                       r"(?:day|night|evening|afternoon)|earlier\s+that\s+day)\b", re.I)
# "On 12 March, ...", "In the early hours of Sunday, ...", "Early on Sunday, ...": a sentence opened by its date
_DATE_OPENS = re.compile(r"^\W*(?:(?:on|in\s+the\s+(?:early\s+)?(?:hours|morning|afternoon|evening|night)\s+of|early|late|"
                         r"overnight|before\s+dawn)\s+)*$", re.I)


def days_later(phrase: str) -> int | None:
    """How many days after the incident before it a forward time phrase puts the next ("hours later": 0,
    "the next day": 1, "two days later": 2); None when it does not say ("several days later", "weeks later")."""
    p = " ".join(phrase.lower().split())
    if "hour" in p or "same" in p or p.startswith(("later", "shortly", "within", "earlier")):
        return 0
    if re.search(r"\b(?:next|following)\s+(?:day|morning|night|evening)", p):
        return 1
    m = re.match(r"\W*(\w+)\s+days?\s+later", p)
    if m:
        n = count_of("one" if m.group(1) in ("a", "an") else m.group(1))
        return n.best if n is not None and n.qualifier == "exact" else None
    return None


_DIED_LATER = re.compile(r"\b(?:died|succumbed|passed\s+away)\b", re.I)
# "In addition, one civilian was killed and six others wounded": more victims of this attack, not a new one
NEW_RE = re.compile(rf"^\W*(?!in\s+addition\s+to\b|in\s+addition\s*,?\s+(?:[\w-]+\s+){{0,4}}?(?:was|were)\s+(?:also\s+)?"
                    rf"(?:killed|wounded|injured|hurt)\b)(?:{_alt(lx.NEW_INCIDENT_CUES)})\b", re.I)


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    event: bool = False
    generic: bool = False
    bg: list[tuple[int, int]] = field(default_factory=list)  # background clauses [start, end)
    bg_back: list[tuple[int, int]] = field(default_factory=list)  # clause heads dated by a later time adverb
    new_cue: bool = False
    dates: list[DateMention] = field(default_factory=list)
    casualties: list[CasualtyMention] = field(default_factory=list)
    has_weapon: bool = False

    def foreground(self, pos: int) -> bool:
        """True when `pos` lies in the part of the sentence about the incident itself."""
        return not self.generic and not any(a <= pos < b for a, b in self.bg)

    def fg_spans(self) -> list[tuple[int, int]]:
        """The parts of the sentence outside its background clauses."""
        out, cur = [], self.start
        for a, b in sorted(self.bg):
            if a > cur:
                out.append((cur, a))
            cur = max(cur, b)
        if cur < self.end:
            out.append((cur, self.end))
        return out


@dataclass(slots=True)
class Segment:
    sentences: list[int]
    background: list[int] = field(default_factory=list)
    # opened by "Hours later", "Two days later", "The next day": days after the incident before it
    days_after_previous: int | None = None
    cue: tuple[int, int] | None = None  # the span of that phrase


def classify(text: str, s: Sentence) -> None:
    seg = text[s.start:s.end]
    s.event = bool(EVENT_RE.search(seg)) or bool(s.casualties) or s.has_weapon
    s.new_cue = bool(NEW_RE.search(seg)) or (bool(_FRONT_FORWARD.match(seg)) and (s.has_weapon or bool(
        EVENT_RE.search(seg))) and not _DIED_LATER.search(seg) and not _BODY_LATER.search(seg))
    generic = GENERIC_RE.search(seg)
    # a general remark after the facts ("killing three; attacks like this are frequent") leaves the facts
    s.generic = bool(generic) and not any(m.start < s.start + generic.start() for m in s.casualties) or \
        bool(_TALLY_RE.search(seg))
    if _FRONT_BACK.match(seg):
        s.bg_back.append((s.start, s.end))
    for m in _PAREN_BG_RE.finditer(seg):
        s.bg.append((s.start + m.start(), s.start + m.end()))
    for m in CLAUSE_BG_RE.finditer(seg):
        if any(a <= s.start + m.start() < b for a, b in s.bg):
            continue
        cue = m.group().lower()
        if cue.startswith(("following", "after")) and _HURT_BEFORE.search(seg, max(0, m.start() - 50), m.start()):
            continue  # "three were killed following a rocket attack": that attack is this incident
        if _LONG_CUE.match(cue):
            end = len(seg)  # "in retaliation for X, Y and the killing of Z": the list runs to the end
        else:
            # a parenthetical or an introductory phrase runs to the next comma, else to the sentence end
            comma = seg.find(",", m.end())
            end = comma if comma != -1 else len(seg)
        start = m.start()
        rel = _RELATIVE_BEFORE.search(seg, max(0, start - 90), start)
        if rel:  # "her four daughters, who were shot to death the previous week": from the relative clause
            start = rel.start()
        s.bg.append((s.start + start, s.start + end))
        if _TIME_CUE.match(cue):
            head = max((c.end() for c in _CLAUSE_START.finditer(seg, 0, start)), default=0)
            if head < start:
                s.bg_back.append((s.start + head, s.start + start))


def _main_date(text: str, s: Sentence) -> DateMention | None:
    for d in s.dates:
        if s.foreground(d.start):
            return d
    return None


_BACKWARD = re.compile(r"(?:last|previous)\b|.*\b(?:ago|earlier)$", re.I)


def _other_time(d: DateMention | None, base: date | None) -> bool:
    """A sentence dated well before the report ("IS lost its last bastion in 2019", "In 2017, ...") tells
    another time: a coarse date whose whole period ended over a month before, or a day over a year before."""
    if d is None or base is None:
        return False
    if not d.explicit_year:  # "In June" read on 13 May 2003 is a guess at June 2002; "In August" read in October is not
        return d.precision == "month" and d.date.year == base.year and d.before(base, 31)
    return d.before(base, 31) if d.precision != "day" else d.before(base, 366)


def segment(text: str, sents: list[Sentence], base: date | None = None) -> list[Segment]:
    """Group sentences into incidents; background sentences ride along with the incident they follow.
    `base` is the report's date (or the date it is read as of), when known."""
    segments: list[Segment] = []
    current: Segment | None = None
    current_date = None
    pending: list[int] = []  # sentences before the first event (headline, dateline)
    pending_bg: list[int] = []  # general remarks and other times told before the first incident
    for s in sents:
        if s.generic or (s.event and _other_time(_main_date(text, s), base)):
            if current is not None:
                current.background.append(s.index)
            else:
                pending_bg.append(s.index)
            continue
        if current is not None and s.bg_back:
            s.bg += s.bg_back  # told after the incident began: "13 mayors were killed last year" is all background
            s.bg_back = []
        if not s.event:
            if current is not None:
                current.sentences.append(s.index)
            else:
                pending.append(s.index)
            continue
        d = _main_date(text, s)
        starts_new = current is not None and s.new_cue
        if current is not None and not starts_new and d is not None and current_date is not None:
            if d.precision == "day" and current_date.precision == "day":
                gap = (d.date - current_date.date).days
                opens = gap == 1 and _DATE_OPENS.match(text[s.start:d.start]) is not None \
                    and not _DIED_LATER.search(text, s.start, s.end)
                if (opens or gap >= 2 and (s.casualties or s.has_weapon)) and not _BODY_LATER.search(text, s.start, s.end):
                    # a later event ("two days later, US strikes hit ...", "Early on Sunday, aircraft struck ..."),
                    # not the victim found dead or dying of his wounds
                    starts_new = True
            elif current_date.precision == "day" and (d.explicit_year or _BACKWARD.match(text, d.start, d.end)):
                # "in 1987", "last month" told after "on 12 May"; "in June" may be a guessed year
                gap = (d.period_end() - current_date.date).days
            else:
                gap = 0
            if gap <= -2:
                current.background.append(s.index)  # an earlier event, told as background
                continue
        if current is None or starts_new:
            current = Segment(sentences=pending + [s.index] if not segments else [s.index],
                              background=pending_bg if not segments else [])
            pending, pending_bg = [], []
            head = text[s.start:min(s.end, s.start + 80)]
            forward = (_FRONT_FORWARD.match(head) or _SAME_DAY.search(head)) if segments else None
            if forward:
                current.days_after_previous = days_later(forward.group())
                current.cue = (s.start + forward.start(), s.start + forward.end())
            segments.append(current)
            current_date = d
        else:
            current.sentences.append(s.index)
            if current_date is None and d is not None:
                current_date = d
    if not segments:
        # every event sentence read as general ("A bomb exploded on a bus ..., the site of violence over the
        # last two years"): a report is about something, so the first event sentence is its incident
        first = next((s for s in sents if s.event and not s.generic), None) or next((s for s in sents if s.event), None)
        if first is not None:
            first.generic = False
            segments.append(Segment(sentences=[first.index],
                                    background=[s.index for s in sents if s.index != first.index]))
    return segments
