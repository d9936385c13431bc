"""From report text to incidents: find every mention once, group sentences into incidents,
then fill each incident's fields from the mentions inside it, keeping the spans as evidence.

Choices this module makes (also in the package docstring of `estimative.extract`):
- A text with no attack, weapon or casualty wording yields no incident.
- The date is the first date in the incident's own sentences; without one it is the
  report's `published` date (`date_source` "published"); without that either, the day of
  extraction with precision "year" (`date_source` "none").
- The place is the best-supported place mention in the incident's sentences, else one in a general
  remark about the same attacks,
  else one in a clause about an earlier event; without one, the
  centroid of the country the report is about (method "country centroid", precision = the
  country's radius); without a country either, method "unknown" at 0,0 with precision 20,000 km
  (half the Earth's circumference: it says "anywhere").
"""
from __future__ import annotations

import bisect
import gc
import hashlib
import re
import string
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from estimative.extract import casualties as cas
from estimative.extract import lexicon as lx
from estimative.extract import stated_words as sw
from estimative.extract.actors import ActorMention, assign_roles, blamer_of, find_actors, stated_authors
from estimative.extract.dates import find_dateline, find_dates
from estimative.extract.document import MAX_CHARS, parse_published
from estimative.extract.events import classify as classify_event
from estimative.extract.incident import Incident, Reference
from estimative.extract.places import (
    CountryMention,
    PlaceMention,
    actor_countries,
    attach_capitals,
    capital_mentions,
    country_place,
    find_places,
    owner_places,
    resolve,
)
from estimative.extract.segment import Segment, Sentence, classify, segment
from estimative.extract.tables import alternation, compile_pattern
from estimative.extract.tables.places import WIDE_AREA_NOUNS
from estimative.extract.targets import find_targets, targets_of
from estimative.extract.text import nlp, sentences, working_copy
from estimative.extract.weapons import find_weapons, inferred_small_arms, weapons_of
from estimative.geo import HALF_CIRCUMFERENCE_KM
from estimative.model import Count, Place

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from estimative.extract.country_choice import Evidence

_UNKNOWN_PLACE = Place(name="unknown", country="XXX", lat=0.0, lon=0.0, precision_km=round(HALF_CIRCUMFERENCE_KM),
                       method="unknown")
_UNCLAIMED = compile_pattern(rf"\b(?:{alternation(lx.UNCLAIMED_CUES)})\b|\bno\s+(?:(?:{alternation(sw.NO_CLAIMANT_QUALIFIERS)})\s+)?"
    r"(?:one|group|organi[sz]ation)\s+(?:has\s+)?(?:yet\s+)?"
    r"(?:claimed|taken|accepted|announced)|\bcredit\s+was\s+not\s+claimed|\bresponsibility\s+(?:for\s+the\s+\w+\s+)?"
    r"(?:has\s+not|was\s+not|had\s+not)|\bunknown\s+(?:gunmen|attackers|assailants|perpetrators|militants|men)", re.I)
_ATTACKER = compile_pattern(
    rf"\b(?:(?:{alternation(lx.ATTACKER_MODIFIERS)})\s+){{0,3}}(?:" + alternation(lx.ATTACKER_NOUNS)
    + r")\b", re.I)
_ATTACKER_CONTEXT = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:attack|kill|shot|shoot|open|fire|detonat|plant|kidnap|abduct|"
                               r"storm|ambush|set|threw|hurl|launch|blew|stabb|behead|execut|bomb|raid|seiz|burn|"
                               r"torch|hijack|struck|hit|approach|barged|broke|enter|stopped|dragged|forced|"
                               r"took|murder|assassinat|targeted|fired|massacr|hacked|slit|belonging|who|on\s+a)", re.I)
# a blame verb in the incident's own sentences: a state's strike the report says was blamed on it
_BLAMED = compile_pattern(rf"\b(?:{alternation(sw.STATE_BLAME_VERBS)})\b", re.IGNORECASE)


_LETTER = re.compile(r"[^\W\d_]")


def is_lowercase_document(text: str) -> bool:
    """Wire copy in all lower case (MUC-4) loses capitals as name cues."""
    sample = text[:20000]
    upper = sum(map(sample.count, string.ascii_uppercase))  # capitals A-Z, counted without a match object each
    if upper >= 0.005 * len(sample):
        return False  # capitals enough whatever the letters are: the common case, decided without counting them
    letters = len(_LETTER.findall(sample))
    return letters > 20 and upper < 0.005 * letters


@dataclass(slots=True)
class Mentions:
    """What the first steps of reading find in a report, before its country is chosen: the working copy, its
    parse and sentences, the actors (registry names and the authors a claim or blame names), the place and
    country mentions. `extract` reads on from here, and the choosers' trainers (`extract.country_choice`,
    `geo.chooser`) learn from exactly this, so what they are fitted on is what they see at run time."""

    text: str  # the working copy (`text.working_copy`), which every span indexes
    doc: Doc
    spans: list[tuple[int, int]]
    actors: list[ActorMention]
    places: list[PlaceMention]
    country_mentions: list[CountryMention]

    def country_evidence(self) -> Evidence:
        """The evidence of each country the report may be about (`extract.country_choice.gather`)."""
        from estimative.extract.country_choice import gather  # imported here: its trainer runs it as __main__
        from estimative.knowledge import registry

        reg = registry()
        shared = [m for m in self.actors if m.actor_id in reg and reg.shared(m.text)]
        return gather(self.places, self.country_mentions, actor_countries([m for m in self.actors if m not in shared]),
                      self.text, actor_countries(shared))


def find_mentions(text: str) -> Mentions | None:
    """The first steps of reading a report (None when it holds no sentence)."""
    work = working_copy(text)
    if not work.strip():
        return None
    doc = nlp()(work)
    spans = sentences(work, doc)
    if not spans:
        return None
    lower = is_lowercase_document(work)
    actors = find_actors(work, spans, lowercase_doc=lower)
    assign_roles(work, actors, spans)
    stated_authors(work, spans, actors, lowercase_doc=lower)
    places, country_mentions = find_places(work, spans, lowercase_doc=lower,
                                           actor_spans=[(m.start, m.end) for m in actors], doc=doc)
    return Mentions(work, doc, spans, actors, places, country_mentions)


def extract(text: str, published: str | date | None = None, as_of: str | date | None = None) -> list[Incident]:
    """The incidents a report describes, main incident first, each field with its evidence spans.

    `published` is the report's date. Without it (and without a wire dateline that gives one),
    `as_of` is the reference date: "on 11 March" read as of 2020-03-12 is 11 March 2020, and an
    undated incident takes that day (`date_source` "as_of"). Raises ValueError for text that is
    not a string or is longer than MAX_CHARS.
    """
    if not isinstance(text, str):
        raise ValueError(f"extract() needs the report text as a string, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ValueError(f"the report has {len(text):,} characters; the limit is {MAX_CHARS:,}")
    base = _day(published)
    found = find_mentions(text)
    if found is None:
        return []
    work, doc, spans, actors, places, country_mentions = (found.text, found.doc, found.spans, found.actors,
                                                          found.places, found.country_mentions)
    from estimative.extract.country_choice import rank

    context, strength = rank(found.country_evidence())
    resolve(places, context, strength, text=work, spans=spans)
    places += capital_mentions(work, spans, context)
    places.sort(key=lambda p: p.start)
    attach_capitals(work, places)
    weapon_mentions = find_weapons(work, spans, doc=doc)

    dateline = find_dateline(work)
    if dateline and base is None:  # a wire dateline dates the report when nothing else does
        d = next((d for d in find_dates(dateline.group(), None) if d.precision == "day"), None)
        base = d.date if d and d.explicit_year else None
    base_source = "published"
    if base is None and as_of is not None:  # undated text is read as of the day given
        base, base_source = _day(as_of), "as_of"
    first_weapon: dict[int, int] = {}
    for w in weapon_mentions:
        first_weapon[w.sentence] = min(w.start, first_weapon.get(w.sentence, w.start))
    named: dict[int, list[tuple[int, float, float]]] = {}  # the towns and sites each sentence names
    for p in places:
        if p.entry is not None and p.strong and p.kind in ("town", "capital", "site") and not p.inside_actor:
            named.setdefault(p.sentence, []).append((p.start, p.entry.lat, p.entry.lon))
    sents: list[Sentence] = []
    for i, (a, b) in enumerate(spans):
        s = Sentence(index=i, start=a, end=b)
        s.dates = [_shift(d, a) for d in find_dates(work[a:b], base)
                   if not (dateline and dateline.start() <= a + d.start < dateline.end()) and not d.reporting]
        s.casualties = cas.find_mentions(work, a, b, sentence=i)
        s.has_weapon = i in first_weapon
        s.first_weapon = first_weapon.get(i)
        classify(work, s)
        s.places = [p for p in named.get(i, []) if s.foreground(p[0])]
        sents.append(s)
    segments = segment(work, sents, base)
    report_key = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    incidents = []
    for n, seg in enumerate(segments):
        inc = _build(work, seg, sents, actors, places, country_mentions, context, strength, weapon_mentions, base,
                     f"inc-{report_key}-{n + 1}", base_source)
        if inc is not None:
            _date_from_previous(inc, seg, incidents)
            _share_closing_claim(inc, seg, incidents)
            incidents.append(inc)
    _share_joint_claims(work, incidents)
    _freeze_caches()
    return incidents


_calls = 0


def _freeze_caches() -> None:
    """Move what the process holds so far (gazetteer, actor registry, matchers, caches built on first use)
    out of the garbage collector's reach after the 1st, 10th, 100th and 1,000th report: a full collection
    otherwise walks those millions of long-lived objects again and again (a sixth of the time per report
    on RAND descriptions). The reports' own objects stay collectable."""
    global _calls
    _calls += 1
    if _calls in (1, 10, 100, 1000):
        gc.freeze()


_JOINT = compile_pattern(r"\b(?:both|all|each\s+of|the\s+two|the\s+three|these|those)\s+(?:\w+\s+)?(?:attacks|strikes|"
                    r"bombings|blasts|explosions|incidents|operations)\b", re.I)


def _share_joint_claims(text: str, incidents: list[Incident]) -> None:
    """A claim "for both strikes" belongs to every incident of the report that has none of its own."""
    for inc in incidents:
        if inc.claim_status != "claimed" or not inc.evidence.get("claim"):
            continue
        a, _ = inc.evidence["claim"][0]
        if not _JOINT.search(text, a, a + 160):
            continue
        shared_refs = [r for r in inc.references if r.kind == "cause" and a <= r.span[0] < a + 400]
        for other in incidents:
            if other is not inc and other.claim_status in ("unknown", "unclaimed") and other.claimant is None:
                other.claim_status, other.claimant = "claimed", inc.claimant
                other.evidence["claim"] = list(inc.evidence["claim"])
                # what the joint claim says the strikes answered, they all answered
                other.references += [r for r in shared_refs if r.span not in {x.span for x in other.references}]


def _date_from_previous(inc: Incident, seg: Segment, before: list[Incident]) -> None:
    """An incident told as "Hours later, ..." or "The next day, ..." without a date of its own is dated from
    the incident before it, when that one's date is in the text."""
    if inc.date_source == "text" or seg.days_after_previous is None or not before or seg.cue is None:
        return
    prev = before[-1]
    if prev.date_source != "text" or prev.date_precision != "day":
        return
    inc.date = prev.date + timedelta(days=seg.days_after_previous)
    inc.date_precision, inc.date_source = "day", "text"
    inc.evidence["date"] = [*prev.evidence.get("date", [])[:1], seg.cue]


def _share_closing_claim(inc: Incident, seg: Segment, before: list[Incident]) -> None:
    """A follow-up attack told from the one before ("Two days later, his uncle was attacked"), whose claim comes
    after both ("X later claimed responsibility for the attack"): the claim covers the earlier attack too, when
    that one has none of its own."""
    if seg.days_after_previous is None or not before or inc.claim_status != "claimed" or not inc.evidence.get("claim"):
        return
    prev = before[-1]
    if prev.claim_status != "unknown" or prev.claimant is not None or inc.claimant is None \
            or _is_state_force(inc.claimant.id):
        return  # a state announcing its strikes answers the attack before, it does not claim it
    prev.claim_status, prev.claimant = "claimed", inc.claimant
    prev.evidence["claim"] = list(inc.evidence["claim"])


def _day(value: str | date | datetime | None) -> date | None:
    """A reference date from a date, a date-time or ISO text (None when it is none)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_published(value)


def _shift(d, offset: int):
    d.start += offset
    d.end += offset
    return d


def _in(pos: int, sents: list[Sentence], idxs: list[int] | frozenset[int], foreground: bool = True) -> bool:
    """True when `pos` lies in one of the sentences `idxs` (and, by default, outside its background)."""
    k = bisect.bisect_right(_starts(sents), pos) - 1
    if k < 0 or pos >= sents[k].end:
        return False
    members = idxs if isinstance(idxs, frozenset) else frozenset(idxs)
    return k in members and (not foreground or sents[k].foreground(pos))


def _starts(sents: list[Sentence]) -> list[int]:
    key = id(sents)
    cached = _STARTS_CACHE.get(key)
    if cached is None or cached[0] is not sents:
        cached = (sents, [s.start for s in sents])
        _STARTS_CACHE.clear()
        _STARTS_CACHE[key] = cached
    return cached[1]


_STARTS_CACHE: dict[int, tuple[list[Sentence], list[int]]] = {}


def _build(text: str, seg: Segment, sents: list[Sentence], actors: list[ActorMention], places: list[PlaceMention],
           country_mentions, context: tuple[str, ...], strength: float, weapon_mentions, base: date | None,
           incident_id: str, base_source: str = "published") -> Incident | None:
    idxs = seg.sentences
    own_set = frozenset(idxs)
    evidence: dict[str, list[tuple[int, int]]] = {}

    # --- date
    date_m = _incident_date(text, sents, idxs, base)
    if date_m is not None:
        when, precision, source = date_m.date, date_m.precision, "text"
        evidence["date"] = [(date_m.start, date_m.end)]
    elif base is not None:
        when, precision, source = base, "day", base_source
    else:
        when, precision, source = datetime.now(UTC).date(), "year", "none"

    # --- place
    location, loc_span, loc_mention = _choose_place(text, places, sents, idxs, country_mentions, context, strength,
                                                    seg.background, [(m.start, m.end) for m in actors])
    from estimative.extract.country_choice import in_likeliest_country  # its trainer runs as __main__

    location = in_likeliest_country(location, context, strength)
    if loc_span:
        evidence["location"] = [loc_span]

    # --- weapons
    ws = [w for w in weapon_mentions if _in(w.start, sents, own_set)]
    weapons, w_ev = weapons_of(ws)
    if not weapons:  # an armed assault told without its weapon: small arms, inferred from who did what
        inferred = inferred_small_arms(text, [sp for i in idxs for sp in sents[i].fg_spans()])
        if inferred is not None:
            weapons, w_ev = [inferred[0]], [inferred[1]]
    if w_ev:
        evidence["weapons"] = w_ev

    # --- casualties
    mentions = [m for i in idxs for m in sents[i].casualties if sents[i].foreground(m.start)]
    c = cas.combine(mentions)
    own_text = " ".join(text[a:b] for i in idxs for a, b in sents[i].fg_spans())
    cas.count_suicide_attacker(c, text, own_text)
    cas.share_of_split_toll(c, " ".join(text[sents[i].start:sents[i].end] for i in idxs + seg.background))
    cas.share_across_attacks(c, text, [(sents[i].start, sents[i].end) for i in sorted(idxs + seg.background)])
    coded = cas.coded_toll(text, [(sents[i].start, sents[i].end) for i in idxs])
    if coded is not None:
        c.fatalities, c.evidence_killed = Count.exact(coded[0]), [coded[1]]
    if c.evidence_killed:
        evidence["fatalities"] = c.evidence_killed
    if c.evidence_injured:
        evidence["injuries"] = c.evidence_injured
    if c.groups:
        evidence["casualty_groups"] = [(m.start, m.end) for m in mentions if m.group and not m.zero]

    # --- actors: claim and stated perpetrator
    own, claim_status, claimant, stated, blamer = _claim_and_stated(text, seg, sents, actors, evidence)

    # --- targets
    skip_by_sentence: dict[int, list[tuple[int, int]]] = {}
    for m in own:
        if m.role in ("claimant", "blamed", "perpetrator", "denier"):
            skip_by_sentence.setdefault(m.sentence, []).append((m.start, m.end))
    t_mentions = []
    for i in idxs:
        s = sents[i]
        site_spans = [(p.start, p.end) for p in places if p.kind == "site" and s.start <= p.start < s.end]
        for span in s.fg_spans():
            t_mentions += [t for t in find_targets(text, span, i, skip_by_sentence.get(i, []) + site_spans)
                           if not _attacker_np(text, t.start, t.end)]
        if len(t_mentions) > 50:
            break  # enough to name the targets; a megabyte of text should not list thousands
    sites = [p for p in places if p.entry is not None and _in(p.start, sents, own_set)]
    targets, t_ev = targets_of(t_mentions, sites)
    for m in own:
        if m.role == "target":
            for t in targets[:1]:
                if m.ref.name not in t.affiliations:
                    t.affiliations.append(m.ref.name)
    if t_ev:
        evidence["targets"] = t_ev

    # --- perpetrator description (how the text names the attackers)
    perp_desc = _perpetrator_description(text, sents, idxs, evidence)

    # --- event type
    seg_text = " ".join(text[a:b] for i in idxs for a, b in sents[i].fg_spans())
    event_type, sub = classify_event(weapons, seg_text, [t.type for t in targets], c.fatalities.best,
                                     c.injuries.best, [m.group for m in mentions if m.group and not m.zero])

    # --- references: background the report recalls
    refs = _references(text, seg, sents, actors, places)

    first, last = sents[idxs[0]], sents[idxs[-1]]
    return Incident(
        id=incident_id, date=when, date_precision=precision, date_source=source, location=location,
        event_type=event_type, sub_event_type=sub, weapons=weapons, targets=targets, fatalities=c.fatalities,
        injuries=c.injuries, casualty_groups=c.groups, claim_status=claim_status,
        claimant=claimant.ref if claimant else None, stated_perpetrator=stated.ref if stated else None,
        blamed_by=blamer, perpetrator_description=perp_desc, span=(first.start, last.end), evidence=evidence,
        references=refs, location_mention=loc_mention,
    )


def _claim_and_stated(text: str, seg: Segment, sents: list[Sentence], actors: list[ActorMention],
                      evidence: dict[str, list[tuple[int, int]]]) -> tuple[list[ActorMention], str,
                                                                            ActorMention | None,
                                                                            ActorMention | None, str | None]:
    """The incident's own actor mentions, its claim status, claimant, stated perpetrator and who blamed it;
    the spans go to `evidence`."""
    idxs = seg.sentences
    own_set = frozenset(idxs)
    bg_set = frozenset(seg.background)
    all_set = own_set | bg_set
    seg_actors = [m for m in actors if _in(m.start, sents, all_set, foreground=False)]
    # claims and blame often sit beside general remarks ("one of several attacks claimed by ..."): they count,
    # but not inside a clause about an earlier event
    own = [m for m in seg_actors if _in(m.start, sents, own_set) or
           (m.role == "claimant" and _in(m.start, sents, bg_set, foreground=False)) or
           (m.role in ("blamed", "claimant", "denier") and m.sentence in seg.background
            and not sents[m.sentence].bg)]
    claim_status, claimant, stated, blamer = "unknown", None, None, None
    claimers = [m for m in own if m.role == "claimant"]
    deniers = [m for m in own if m.role == "denier"]
    blamed = [m for m in own if m.role in ("blamed", "perpetrator")]
    if claimers:
        claim_status, claimant = "claimed", claimers[0]
        evidence["claim"] = [(claimers[0].start, claimers[0].end)]
    elif deniers:
        claim_status, claimant = "denied", deniers[0]
        evidence["claim"] = [(deniers[0].start, deniers[0].end)]
    else:
        um = next((m for i in idxs + seg.background for m in [_UNCLAIMED.search(text, sents[i].start, sents[i].end)]
                   if m), None)
        if um:
            claim_status = "unclaimed"
            evidence["claim"] = [(um.start(), um.end())]
    if blamed:
        stated = blamed[0]
        evidence["stated_perpetrator"] = [(stated.start, stated.end)]
        blamer = blamer_of(text, stated, (sents[stated.sentence].start, sents[stated.sentence].end))
        only_blamed = blamer is not None or any(_BLAMED.search(text, sents[i].start, sents[i].end) for i in idxs)
        if (claim_status == "unknown" and stated.role == "perpetrator" and _is_state_force(stated.actor_id)
                and not only_blamed):
            # a state's forces reported as carrying out the strike: states announce their strikes (not
            # where the report itself says someone blamed them: then it is blame, weighed as such)
            claim_status, claimant = "claimed", stated
            evidence["claim"] = [(stated.start, stated.end)]
    return own, claim_status, claimant, stated, blamer


def _perpetrator_description(text: str, sents: list[Sentence], idxs: list[int],
                            evidence: dict[str, list[tuple[int, int]]]) -> str | None:
    """How the text names the attackers ("gunmen", "suspected militants"); its span goes to `evidence`."""
    perp_desc = None
    for i in idxs:
        s = sents[i]
        for m in (m for a, b in s.fg_spans() for m in _ATTACKER.finditer(text, a, b)):
            after = text[m.end():m.end() + 60]
            before = text[max(s.start, m.start() - 12):m.start()]
            if _ATTACKER_CONTEXT.match(after) or re.search(r"\bby\s+(?:the\s+)?$", before, re.I):
                perp_desc = " ".join(m.group().split())
                evidence["perpetrator_description"] = [(m.start(), m.end())]
                break
        if perp_desc:
            break
    return perp_desc


# the subject of an active verb names the attackers or a speaker; a passive one ("soldiers were killed") the victims
_NOT_TARGET_AFTER = re.compile(r"\s+(?:(?!(?:was|were|been|being|is|are|got|had\s+been)\b)\w+\s+){0,2}?(?:attacked|opened|fired|stormed|detonated|killed|shot|ambushed|"
                               r"kidnapped|abducted|set|planted|threw|launched|blamed|blame|said|say|says|accused|"
                               r"claimed|believe|believed|suspect|suspected|reported|told|stated|confirmed|"
                               r"announced|denied|arrested|responded|found|discovered|defused|carried|conducted|"
                               r"dropped|bombed|assaulted|raided|besieged|overran|clashed|abducts?|kidnaps?|attacks?|"
                               r"kills?|ambush(?:es)?|raids?|shoots?|storms?|fights?|fought|engaged|exchanged)\b")


_ROUTE_TO = re.compile(r"\b(?:to|towards?|for|via)\s+(?:the\s+)?$", re.I)
# "The attack occurred in Kalotra near Gandoh", "They were killed in Panar": the place said in so many words
_OCCURRED_IN = compile_pattern(r"\b(?:attacks?|incident|explosions?|blasts?|bombings?|shooting|ambush|killings?|assault|"
                          r"they|he|she)\s+(?:\w+\s+){0,3}?(?:occurred|took\s+place|happened|were\s+killed|"
                          r"was\s+killed)\s+(?:[\w,]+\s+){0,4}?(?:in|at|near|outside|on)\s+(?:the\s+)?$", re.I)
# "fled toward the Palestinian village of Qaffin": where the attackers went, not where they struck
_FLED_TO = compile_pattern(r"\b(?:fled|escaped|retreated|withdrew|headed|heading)\s+(?:back\s+)?(?:to|towards?|into)\s+"
                      r"(?:[\w'-]+\s+){0,5}$", re.I)
_ROUTE_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
_ON_CUE = compile_pattern(r"(?:\bon|\bin\s+the\s+(?:early\s+)?(?:hours|morning|evening|night)\s+of|\bearly|\blate|"
                     r"\bovernight|\bnight\s+of|\bdawn\s+of)\s*(?:on\s+)?$", re.I)
_CLAIM_SENTENCE = compile_pattern(r"\bclaim(?:ed|s|ing)?\b|\bresponsibility\b|\breleased\b|\bfound\b|\bdied\b", re.I)


def _incident_date(text: str, sents: list[Sentence], idxs: list[int], base: date | None):
    """The incident's date: a date introduced by "on", "late on", "in the early hours of" in its own
    sentences, else the first date there, a day before a coarser one. Dates of claims, of later findings,
    after the report, the start of a period ("since the end of 2017"), a coarse date whose period ended
    over a month before the report ("lost its last bastion in 2019"), or whose inferred year puts them
    most of a year before it (a later "29 May") are not the incident's."""
    cands = []
    first_told: int | None = None
    for i in idxs:
        s = sents[i]
        claimy = bool(_CLAIM_SENTENCE.search(text, s.start, s.end)) and i != idxs[0]
        for d in s.dates:
            if not s.foreground(d.start) or (base is not None and d.date > base) or claimy or d.period_start:
                continue
            if base is not None and not d.explicit_year and not d.relative and (base - d.date).days > 300:
                continue
            if d.precision != "day" and d.before(base, 31):
                continue
            cands.append(d)
        if cands and first_told is None:
            first_told = len(cands)
    for d in cands[:first_told]:  # the cue counts in the first sentence that dates: a later one tells an outcome
        if _ON_CUE.search(text[max(0, d.start - 40):d.start]):
            return d
    return next((d for d in cands if d.precision == "day"), cands[0] if cands else None)


def _is_state_force(actor_id: str) -> bool:
    from estimative.knowledge import registry

    reg = registry()
    return actor_id in reg and reg.get(actor_id).kind == "state_force"


def _attacker_np(text: str, start: int, end: int) -> bool:
    """A noun that names the attackers ("militants attacked") or a speaker ("US officials blamed") is
    not a target."""
    return bool(_NOT_TARGET_AFTER.match(text, end, end + 40))


_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|inside|across|into)\s+(?:the\s+)?$", re.IGNORECASE)


def _choose_place(text: str, places: list[PlaceMention], sents: list[Sentence], idxs: list[int],
                  country_mentions, context: tuple[str, ...], strength: float, background: list[int] = (),
                  actor_spans: list[tuple[int, int]] = ()) -> tuple[Place, tuple[int, int] | None, str | None]:
    """The incident's place: the best-supported place mention in its own sentences; failing that, one
    in a general remark about the same attacks ("This was one of many attacks in Dhaka on this day");
    failing that, one in its own sentences' clauses about an earlier event; failing that, a town of the
    report's country named as an institution's or a person's ("a Pahalgam hotel"); then the country."""
    own_set = frozenset(idxs)
    best = _best_place(text, [x for x in places if _in(x.start, sents, own_set)], sents, idxs, context)
    if best is None:
        general = frozenset(i for i in (*idxs, *background) if sents[i].generic)
        best = _best_place(text, [x for x in places if _in(x.start, sents, general, foreground=False)
                                  and not any(a <= x.start < b for a, b in sents[x.sentence].bg)],
                           sents, list(general), context)
    if best is None:  # only a clause about another event names a place: "responding to a previous car bomb
        # targeting a police patrol in Tikrit" -- most often the same town, and closer than the country
        best = _best_place(text, [x for x in places if _in(x.start, sents, own_set, foreground=False)],
                           sents, idxs, context)
    if best is None:
        taken = [*actor_spans, *((cm.start, cm.end) for cm in country_mentions)]
        best = _best_place(text, [m for i in idxs for m in owner_places(text, sents[i].start, sents[i].end, i,
                                                                          context, taken)], sents, idxs, context)
    if best is None or best.place.method in ("country centroid", "unknown"):
        from estimative.extract.areas import place_named_with_areas  # "attacked Raga Ceel, Middle Shebelle"

        chained = next((c for c in (place_named_with_areas(text, sents[i].start, sents[i].end, context,
                                                           actor_spans) for i in idxs) if c is not None), None)
        if chained is not None:
            return chained
    if best is not None:
        return best.place, (best.start, best.end), best.name
    # a country named where it happened ("in the Gaza Strip") before a country named as someone's
    # nationality ("Israeli Defense Forces"), then in order
    own_countries = sorted((cm for cm in country_mentions if _in(cm.start, sents, own_set)),
                           key=lambda cm: (not _LOCATIVE_BEFORE.search(text, max(0, cm.start - 12), cm.start),
                                           cm.iso3 != context[0] if context else False,  # the report's country first
                                           cm.how != "name", cm.start))
    for cm in own_countries:
        place = country_place(cm.iso3)
        if place:
            return place, (cm.start, cm.end), text[cm.start:cm.end]
    if context and strength > 0:  # the likeliest country (`extract.country_choice`), however little says so
        place = country_place(context[0])
        if place:
            return place, None, None
    return _UNKNOWN_PLACE, None, None


_WIDE = WIDE_AREA_NOUNS  # the areas that frame a report (extract/tables/places.py)
# "the Tan Yong Mat fruit market in Rangae", "the Sungai Kolok train station in Narathiwat province": the
# first name only names a building or a street; the second is the town it stands in
_FACILITY_IN = re.compile(r"\s+(?:(?!and\b|or\b)[A-Za-z-]+\s+){0,4}?(?:mosque|market|bazaar|office|station|school|hospital|church|"
                          r"temple|shrine|hotel|restaurant|cafe|bank|branch|road|street|avenue|highway|bridge|"
                          r"store|shop|pub|bar|supermarket|warehouse|directorate|courthouse|barracks|consulate|"
                          r"square|park|building|compound|factory|plant|refinery|university|college|stadium|"
                          r"checkpoint|post|headquarters|camp|base|forest|neighbou?rhood|quarter|mall|cinema|hall|"
                          r"airport|centre|center|gardens?)s?\s*,?\s*"
                          r"(?:in|at)\s+(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|"
                          r"western|downtown)\s+)?$", re.I)
# "Floral Park in north Belfast", "the district of Kato Patissia, in Athens": a part of the city named after it
# (a comma, a side of the city or "city" after it; a bare "X in Y" needs X unknown to the gazetteer)
_IN_CITY = re.compile(r"\s*,?\s*in\s+(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|"
                      r"western|downtown|north-?(?:east|west)(?:ern)?|south-?(?:east|west)(?:ern)?)\s+)?$", re.I)
_WIDE_AFTER = re.compile(r"\s+(?:province|providence|territory|region|state|governorate|oblast|krai|district|"
                         r"county|department)\b", re.I)
# "Trinkot, the capital of Uruzgan": the town, not the province
_CAPITAL_APPOS = re.compile(r"\s*,\s*(?:the\s+)?(?:provincial\s+|district\s+)?capital\s+of\s+(?:the\s+)?", re.I)
# "Jerusalem's Atarot Airport": the city, not the name of the airport
_FACILITY_AFTER = re.compile(r"\s+(?:[A-Z][\w-]*\s+){0,2}(?:airport|mosque|market|bazaar|hospital|hotel|station|school|"
                             r"university|road|street|junction|checkpoint)\b", re.I)
# "fired 20 rockets into Sharana": as strong a cue as "in"
_INTO = re.compile(r"\b(?:into|inside)\s+(?:the\s+)?$", re.I)
_CITY_AFTER = re.compile(r"\s+(?:city|town)\b", re.I)
# "Nadihira village (Barpeta district", "the village of Borzoi in Chechnya's Shatoi region": the village is
# the finest place named, and the one RAND codes more often than the district
_VILLAGE_AFTER = re.compile(r"\s+(?:village|hamlet)\b", re.I)
_VILLAGE_BEFORE = re.compile(r"\b(?:village|hamlet)\s+of\s+(?:the\s+)?$", re.I)
# "Sonarwani village in Kupwara district", "the village of Gundala of Khammam district": the district only
# says where the village lies
# "the settlement of Pesagot in the Ramallah area", "in Bahadurgunj (Kapilbastu district)": the area only
# says where the place lies
_AREA_IN = re.compile(r"\s*(?:(?:village|hamlet|settlement)\s*)?(?:\s+in\s+(?:the\s+)?|\s*\(\s*)", re.I)
_QUARTER_AFTER = re.compile(r"\s+(?:neighbou?rhood|quarter|area)\b", re.I)
_AREA_AFTER = re.compile(r"\s+(?:area|district|jurisdiction|tehsil|sub-?district)\b", re.I)
_VILLAGE_IN = re.compile(r"\s*(?:(?:village|hamlet)\s*)?(?:,\s*(?:in\s+)?|\s*\b(?:in|of)\s+)(?:the\s+)?", re.I)
# "Gustavo Luna, the mayor of Coyaima", "Riyad Ali, a Palestinian Israeli producer for CNN": a person
_PERSON_APPOS = re.compile(r"(?:\s+[A-Z][a-z]+)?,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?(?:" + alternation(
    [n for n in lx.PERSON_NOUNS if " " not in n]) + r"|producer|president|chairman|minister|director|"
    r"spokesman|candidate|lawyer|editor|manager|owner|professor|councillor|councilor|legislator|activist)"
    r"(?:\s+(?:of|for|at|in|with|from|who|and)\b|\s*[,.;])")


def _redirects(text: str, cands: list[PlaceMention]) -> dict[int, PlaceMention]:
    """Mentions that only name a building, street or part of the place coded, mapped to that place."""
    out: dict[int, PlaceMention] = {}
    for p, q in zip(cands, cands[1:], strict=False):
        if p.sentence != q.sentence or p.container is not None or q.container is not None or p.inside_actor \
                or q.inside_actor or q.place is None or p.place is None or q.relative is not None:
            continue
        between = text[p.end:q.start]
        wide = q.admin_noun in _WIDE
        if _PERSON_APPOS.match(text, q.end):
            continue
        if _CAPITAL_APPOS.fullmatch(between):
            out[id(q)] = p  # "Trinkot, the capital of Uruzgan": Trinkot
        elif between == "'s " and _FACILITY_AFTER.match(text, q.end):
            out[id(q)] = p  # "Jerusalem's Atarot Airport": Jerusalem
        elif _FACILITY_IN.fullmatch(between):
            if wide:
                out[id(q)] = p  # "the Sungai Kolok train station in Narathiwat province": Sungai Kolok
            elif not _VILLAGE_AFTER.match(text, p.end) and not _QUARTER_AFTER.match(text, q.end):
                out[id(p)] = q  # "the Tan Yong Mat fruit market in Rangae": Rangae (not "in the Obrero neighborhood")
        elif _IN_CITY.fullmatch(between) and q.admin_noun is None and p.kind != "site" \
                and not _village(text, p) and not (p.entry is not None and p.entry.source == "knowledge") \
                and not _WIDE_AFTER.match(text, q.end) and not _WIDE_AFTER.match(" " + q.name.split()[-1]) \
                and not _AREA_AFTER.match(text, q.end) \
                and (_CITY_AFTER.match(text, q.end) or (p.kind == "unresolved" or "," in between
                                                         or between.strip().split()[-1].lower() not in ("in", "the"))
                     and max((c.population for c in q.cands[:1]), default=0) >= 100_000):
            out[id(p)] = q  # "Cumlough Place in east Belfast": Belfast
    return out


def _village(text: str, p: PlaceMention) -> bool:
    """True for a place named as a village ("Nadihira village", "the village of Borzoi")."""
    return bool(_VILLAGE_AFTER.match(text, p.end) or _VILLAGE_BEFORE.search(text, max(0, p.start - 24), p.start))


def _best_place(text: str, cands: list[PlaceMention], sents: list[Sentence], idxs: list[int],
                context: tuple[str, ...]) -> PlaceMention | None:
    """The best-supported of the candidate place mentions (named early, introduced by "in", a site, a village
    ...); a name that only names a building, a street or a person does not count as a place of its own."""
    from estimative.extract.country_choice import speaks_for_government

    best, best_score = None, float("-inf")
    position = {i: k for k, i in enumerate(idxs)}
    # "al-Zaghamiya, near Baqubah": Baqubah only locates al-Zaghamiya
    anchors = {id(q.relative[4]) for q in cands if q.relative is not None and q.relative[4] is not None
               and q.relative[4] is not q}
    anchors |= {id(q) for p, q in zip(cands, cands[1:], strict=False) if p.sentence == q.sentence
                and q.admin_noun not in _WIDE and (
                    _village(text, p) and _VILLAGE_IN.fullmatch(text, p.end, q.start)
                    or p.strong and _AREA_IN.fullmatch(text, p.end, q.start) and _AREA_AFTER.match(text, q.end))}
    redirect = _redirects(text, cands)
    for order, p in enumerate(cands):
        anchor = id(p) in anchors
        if not p.strong and (_PERSON_APPOS.match(text, p.end) or speaks_for_government(text, p.name, p.start, p.end)):
            continue  # "Gustavo Luna, the mayor of Coyaima", "Riyad Ali, a producer for CNN": a person;
            # "Washington is pressing both sides": a government
        village = _village(text, p) and not anchor  # not "the Gundala village of Khammam district"
        if id(p) in redirect:
            p = redirect[id(p)]
        if p.container is not None and p.container.place is not None:
            p = redirect.get(id(p.container), p.container)
        if p.place is None or p.inside_actor or p.kind == "dropped":
            continue
        score = 0.0
        score += 3.0 if p.strong or _INTO.search(text, max(0, p.start - 12), p.start) else 0.0
        score -= 1.5 * position.get(p.sentence, 2)
        score -= 0.3 * order
        if p.kind == "site":
            score += 1.5
        elif p.kind == "unresolved":
            score -= 1.0 if p.place.method.startswith("country") else 0.0
        if p.entry is not None and context and p.entry.country == context[0]:
            score += 1.0
        if p.admin_noun in _WIDE:
            score -= 1.0
        if village:
            score += 1.5  # the finest place named: RAND codes the village
        if p.relative is not None and p.relative[4] is p and p.relative[0] is not None:
            score -= 0.5  # "35 km north of X" alone: X is only the anchor
        if anchor:
            score -= 2.0
        said = _OCCURRED_IN.search(text, max(0, p.start - 70), p.start)
        if said and not re.search(r"\b(?:another|other|one|first|second|earlier|previous)\b",
                                  text[max(0, said.start() - 25):said.end()], re.I) \
                and not _AREA_AFTER.match(text, p.end) and p.kind != "site":
            score += 2.5  # "The attack took place near Hiller": the report says where, in so many words
        before = text[max(0, p.start - 14):p.start]
        if _ROUTE_TO.search(before) or _ROUTE_FROM.search(before) or text.startswith("-bound", p.end) \
                or _FLED_TO.search(text, max(0, p.start - 60), p.start):
            score -= 2.0  # "en route from X to Y", "fled to X", "a Delhi-bound train"
        if score > best_score:
            best, best_score = p, score
    return best


_ATTACK_WORD = compile_pattern(rf"\b(?:{alternation(lx.ATTACK_WORDS)})\b", re.I)


def _references(text: str, seg: Segment, sents: list[Sentence], actors: list[ActorMention],
                places: list[PlaceMention]) -> list[Reference]:
    """Background passages that name a specific earlier event (a date, a place or an actor)."""
    refs: list[Reference] = []
    parts: list[tuple[int, int]] = []
    for i in seg.sentences:
        s = sents[i]
        parts += s.bg
    for i in seg.background:
        s = sents[i]
        parts.append((s.start, s.end))
    all_dates = sorted((d for s in sents for d in s.dates), key=lambda d: d.start)
    date_starts = [d.start for d in all_dates]
    place_list = [p for p in places if p.place is not None]
    place_starts = [p.start for p in place_list]
    actor_starts = [m.start for m in actors]
    for a, b in sorted(parts):
        seg_text = text[a:b]
        if not _ATTACK_WORD.search(seg_text) and \
                not re.search(r"\b(?:killing|death|assassination|arrest|execution)\b", seg_text, re.I):
            continue
        ds = all_dates[bisect.bisect_left(date_starts, a):bisect.bisect_left(date_starts, b)]
        ps = place_list[bisect.bisect_left(place_starts, a):bisect.bisect_left(place_starts, b)]
        acts = actors[bisect.bisect_left(actor_starts, a):bisect.bisect_left(actor_starts, b)]
        if not (ds or ps or acts):
            continue
        kind = "cause" if re.search(r"\b(?:retaliation|response|revenge|reprisal|avenge)\b", seg_text, re.I) \
            else "background"
        refs.append(Reference(text=" ".join(seg_text.split()), span=(a, b), date=ds[0].date if ds else None,
                              date_precision=ds[0].precision if ds else None, place=ps[0].place if ps else None,
                              actors=[m.ref for m in acts], kind=kind))
    return refs
