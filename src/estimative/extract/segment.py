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
adverb ("Four days before, ..."), is background; so is an aside in brackets about another time or attack. A
sentence told at another time than the report's (its leading date, before any victim or weapon and outside
brackets and relative clauses, ended over a month before the report: "IS lost its last bastion in 2019") is
background wherever it stands. Background keeps its date, place and actors as a reference, but never adds to an
incident's casualties, targets or weapons.

A new incident starts where the text says so: a cue ("In a separate attack", "The same day"), a forward time
adverb with an attack of its own ("Hours later, airstrikes hit ...", "The next day, gunmen ..."), or a sentence
opened by a later day ("Early on Sunday, ...") or dated two days or more after the incident. Such an incident
without a date of its own is dated from the one before ("hours later": the same day; "the next day": one more).
A later claim, a death from wounds or a body found stays with the incident it ends. Without a cue, a sentence
that tells an attack of its own as a new one (its subject, once a reporting clause is set aside, is no reference back,
and it names no attack already told: "the explosion") starts a new incident when it puts that attack more than 25 km
from every place the incident's attack sentences named, or on the day after the incident's. The cue words and
patterns are data, in `extract/tables/segment.py`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from estimative.extract.casualties import CasualtyMention
from estimative.extract.dates import DateMention
from estimative.extract.numbers import count_of
from estimative.extract.tables import compile_pattern
from estimative.extract.tables import segment as T
from estimative.geo.distance import haversine_km

EVENT_RE = compile_pattern(T.EVENT_RE, re.I)
GENERIC_RE = compile_pattern(T.GENERIC_RE, re.I)
CLAUSE_BG_RE = compile_pattern(T.CLAUSE_BG_RE, re.I)
_PAREN_BG_RE = compile_pattern(T.PAREN_BG_RE, re.I)
_LONG_CUE = compile_pattern(T.LONG_CUE, re.I)
_FRONT_BACK = compile_pattern(T.FRONT_BACK, re.I)
_TIME_CUE = compile_pattern(T.TIME_CUE, re.I)
_CLAUSE_START = compile_pattern(T.CLAUSE_START, re.I)
_HURT_BEFORE = compile_pattern(T.HURT_BEFORE, re.I)
_RELATIVE_BEFORE = compile_pattern(T.RELATIVE_BEFORE, re.I)
_BODY_LATER = compile_pattern(T.BODY_LATER, re.I)
_RELATIVE_OPEN = compile_pattern(T.RELATIVE_OPEN, re.I)
_CLAIM_WORDS = compile_pattern(T.CLAIM_WORDS, re.I)
_TALLY_RE = compile_pattern(T.TALLY_RE, re.I)
_FRONT_FORWARD = compile_pattern(T.FRONT_FORWARD, re.I)
_SAME_DAY = compile_pattern(T.SAME_DAY, re.I)
_DATE_OPENS = compile_pattern(T.DATE_OPENS, re.I)


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

_DIED_LATER = compile_pattern(T.DIED_LATER, re.I)
_OUTCOME_LATER = compile_pattern(T.OUTCOME_LATER, re.I)
_PARAGRAPH_BREAK = compile_pattern(r"\n\s*\n\s*$")
_INDEFINITE_OPENING = compile_pattern(T.INDEFINITE_OPENING, re.I)
_ANAPHORIC_OPENING = compile_pattern(T.ANAPHORIC_OPENING, re.I)
_ATTACK_TOLD = compile_pattern(T.ATTACK_TOLD, re.I)
# a report listing incidents paragraph by paragraph: at least this many paragraphs open with an attack told
# anew by an indefinite subject
_LISTED_PARAGRAPHS = 3
NEW_RE = compile_pattern(T.NEW_RE, re.I)
_REFERS_BACK = compile_pattern(T.REFERS_BACK, re.I)
_REPORTING_OPENING = compile_pattern(T.REPORTING_OPENING, re.I)
_NOT_THE_SCENE = compile_pattern(T.NOT_THE_SCENE, re.I)
_APPOSITIVE_OPEN = compile_pattern(T.APPOSITIVE_OPEN, re.I)
# two places further apart than this are two places, not one town and its outskirts
_ELSEWHERE_KM = 25.0


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
    forward_cue: bool = False  # opened by a forward time adverb ("Hours later, ...")
    dates: list[DateMention] = field(default_factory=list)
    casualties: list[CasualtyMention] = field(default_factory=list)
    has_weapon: bool = False
    first_weapon: int | None = None  # where the sentence's first weapon is named
    # opens a paragraph with an attack told anew ("A bomb exploded ...", "Gunmen attacked ..."): in a report
    # that lists incidents paragraph by paragraph, each such paragraph is an incident of its own
    opens_paragraph: bool = False  # not "The attack ...", "Police said ...": told anew
    indefinite: bool = False  # and with an indefinite subject: "A bomb exploded", "Gunmen attacked"
    # (where, lat, lon) of the towns and sites the sentence names outside its background; set by the reader
    places: list[tuple[int, float, float]] = field(default_factory=list)

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
    s.event = bool(s.casualties) or s.has_weapon or bool(EVENT_RE.search(seg))
    # a forward time adverb opens a new incident only with an attack of its own (a weapon or victims), not a
    # claim or an arrest "shortly after the attack"
    new = bool(NEW_RE.search(seg))
    s.forward_cue = not new and bool(_FRONT_FORWARD.match(seg))
    s.new_cue = new or (s.forward_cue and (s.has_weapon or bool(s.casualties))
                                             and not _DIED_LATER.search(seg) and not _BODY_LATER.search(seg)
                                             and not _CLAIM_WORDS.search(seg))
    s.opens_paragraph = bool(_PARAGRAPH_BREAK.search(text, max(0, s.start - 4), s.start) or s.start == 0) and \
        not _ANAPHORIC_OPENING.match(seg) and (s.has_weapon or bool(s.casualties) or bool(_ATTACK_TOLD.search(seg)))
    s.indefinite = s.opens_paragraph and bool(_INDEFINITE_OPENING.match(seg))
    generic = GENERIC_RE.search(seg)
    semicolon = seg.rfind(";", 0, generic.start()) if generic else -1
    if generic and semicolon != -1 and EVENT_RE.search(seg, 0, semicolon):
        # a general remark in a clause of its own after the attack ("gunmen attacked X; it was the deadliest
        # attack since 2015"): that clause is background, the attack's clause keeps its facts
        s.bg.append((s.start + semicolon, s.end))
        generic = None
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
        if _LONG_CUE.match(cue) and (seg[:m.start()].strip() or s.index > 0):
            end = len(seg)  # "in retaliation for X, Y and the killing of Z": the list runs to the end (not when it
            # opens the report: "In retaliation for the killing of a herder, herders killed 2 men" ends at its comma)
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

_BACKWARD = compile_pattern(T.BACKWARD, re.I)


def _leading_date(text: str, s: Sentence) -> DateMention | None:
    """The date a sentence is told at: its first date in the main clause (not in brackets nor in a relative
    clause, "the Turk who shot the Pope in 1981"), when it comes before the sentence's attack, weapon or victims
    ("was hijacked by two men ... for trying to kill the Pope in 1981" is told at the hijacking's time)."""
    event = EVENT_RE.search(text, s.start, s.end)
    first_count = min([m.start for m in s.casualties] + [s.first_weapon if s.first_weapon is not None else s.end]
                      + [event.start() if event else s.end])
    for d in s.dates:
        if not s.foreground(d.start) or d.start > first_count:
            continue
        before = text[s.start:d.start]
        if before.count("(") > before.count(")") or before.count("[") > before.count("]") \
                or _RELATIVE_OPEN.search(before):
            continue
        return d
    return None


def _has_attack(seg: Segment, sents: list[Sentence]) -> bool:
    """True when the incident's sentences tell an attack of their own: a weapon, or victims counted (not only
    a death named as "the murder of X")."""
    return any(sents[i].has_weapon or any(not m.restates and not m.zero for m in sents[i].casualties)
               for i in seg.sentences)


def _tells_attack(text: str, s: Sentence) -> bool:
    """True when the sentence tells an attack with a verb of its own ("guerrillas attacked the farm", "a bomb
    exploded"), a weapon or victims counted."""
    return s.has_weapon or any(not m.restates and not m.zero for m in s.casualties) or \
        any(_ATTACK_TOLD.search(text, a, b) for a, b in s.fg_spans())


def _told_anew(text: str, s: Sentence) -> bool:
    """True when `s` tells an attack of its own as a new one: its subject is no reference back ("The attack ...",
    "They ...", once a reporting clause is set aside: "he also reported that ...") and it names no attack already
    told ("the explosion"); nor is it what became of the attack's victims (a death from wounds, a body found,
    hostages freed)."""
    if not _tells_attack(text, s) or any(p.search(text, s.start, s.end)
                                         for p in (_DIED_LATER, _BODY_LATER, _OUTCOME_LATER)):
        return False
    # the openings are anchored (^), and `^` holds only at a string's start, not at a `pos`: each is matched on
    # the slice of the sentence where it may begin
    told = text[s.start:s.end]
    front = _FRONT_FORWARD.match(told)  # "Later, at 0900, terrorists burned ..."
    told = told[front.end():] if front else told
    reporting = _REPORTING_OPENING.match(told)  # "he also reported that ..."
    told = (told[reporting.end():] if reporting else told).lstrip(", ")
    return not _ANAPHORIC_OPENING.match(told) and not _REFERS_BACK.search(text, s.start, s.end)


# per segment (by identity), how many of its sentences have been looked at and the places its attack sentences
# name: each sentence is read once, however long the report (a segment only ever grows)
_SceneMemo = dict[int, tuple[int, set[tuple[float, float]]]]


def _elsewhere(text: str, s: Sentence, seg: Segment, sents: list[Sentence], memo: _SceneMemo) -> bool:
    """True when `s` tells another attack than the incident's, told anew, in a place that lies away from every
    place where the incident's attack sentences put it."""
    here = _scenes(text, s)
    if not here or not _told_anew(text, s):
        return False
    looked, seen = memo.get(id(seg), (0, set()))
    for i in seg.sentences[looked:]:
        if _tells_attack(text, sents[i]):
            seen.update(_scenes(text, sents[i]))
    memo[id(seg)] = (len(seg.sentences), seen)
    return bool(seen) and all(haversine_km(a, b, c, d) > _ELSEWHERE_KM for a, b in here for c, d in seen)


def _scenes(text: str, s: Sentence) -> list[tuple[float, float]]:
    """Where the places the sentence names lie, but a place it was said in, a place someone was headed for, a
    name read as a common noun ("the car"), and a place in an appositive ("Aqlan, the commander of the forces in
    Taiz, was beaten": where he serves, not where he was beaten)."""
    return [(lat, lon) for at, lat, lon in s.places
            if not _NOT_THE_SCENE.search(text, max(s.start, at - 60), at)
            and not _APPOSITIVE_OPEN.search(text, s.start, at)]


def _other_time(d: DateMention | None, base: date | None) -> bool:
    """A sentence told at a time well before the report ("IS lost its last bastion in 2019", "In 2017, ...")
    is about another time: a coarse date whose whole period ended over a month before, or a day over a year
    before."""
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
    listed = sum(s.indefinite for s in sents) >= _LISTED_PARAGRAPHS
    pending: list[int] = []  # sentences before the first event (headline, dateline)
    pending_bg: list[int] = []  # general remarks and other times told before the first incident
    scene_memo: _SceneMemo = {}
    for s in sents:
        if s.generic or (s.event and _other_time(_leading_date(text, s), base)):
            if current is not None:
                current.background.append(s.index)
            elif s.generic:
                pending.append(s.index)  # a general remark before the incident: read with it, never as its facts
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
        # "rushed to the scene of the murder of X. Several hours later, he was killed by a car bomb": what came
        # before only named an earlier death, so the attack told later is the report's incident
        starts_new = current is not None and (s.new_cue or s.forward_cue and _told_anew(text, s)) \
            and (not s.forward_cue or _has_attack(current, sents))
        if current is not None and listed and s.opens_paragraph and (_has_attack(current, sents) or any(
                sents[i].event for i in current.sentences)):
            starts_new = True  # the next incident of a report that lists them paragraph by paragraph
        if current is not None and not starts_new and _elsewhere(text, s, current, sents, scene_memo):
            starts_new = True  # another attack, told anew, somewhere else
        if current is not None and not starts_new and d is not None and current_date is not None:
            if d.precision == "day" and current_date.precision == "day":
                gap = (d.date - current_date.date).days
                opens = gap == 1 and (_DATE_OPENS.match(text[s.start:d.start]) is not None or _told_anew(text, s)) \
                    and not _DIED_LATER.search(text, s.start, s.end)
                if (opens or gap >= 2 and (s.casualties or s.has_weapon)) and not _BODY_LATER.search(text, s.start, s.end) \
                        and not _OUTCOME_LATER.search(text, s.start, s.end):
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
    if not segments and base is not None and pending_bg:
        return segment(text, sents, None)  # every event sentence told of another time: read them as the report's
    if not segments:
        # every event sentence read as general ("A bomb exploded on a bus ..., the site of violence over the
        # last two years"): a report is about something, so the first event sentence is its incident
        first = next((s for s in sents if s.event and not s.generic), None) or next((s for s in sents if s.event), None)
        if first is not None:
            first.generic = False
            segments.append(Segment(sentences=[first.index],
                                    background=[s.index for s in sents if s.index != first.index]))
    return segments
