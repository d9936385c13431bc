"""Linkage: is a report's incident one we already hold (`same_event`), and which events answered
which (`retaliation_links`)?

Both score candidate pairs with a logistic model over named evidence and return a
probability with the reasons that made it. The weights are this project's stated priors (no
labelled data was fitted): each is the log-odds a piece of evidence is worth.

Retaliation: a later event E answers an earlier event A when E's perpetrator is on A's target
side, or E's target is A's perpetrator (stated, claimed or publicly blamed) or its family.
Evidence for the pair: how soon E followed A; whether E's target is A's perpetrator itself or
only its family; whether A struck E's perpetrator itself by name (its lineage or one of its parts:
the strike that killed the IRGC's Quds Force commander struck the IRGC); retaliation words in E's
record ("in response", "retaliatory", "avenge"); E's record naming A's place, A's date or A's
weapon; and what A cost E's side. E's record is its notes plus, for a report's incident, the
background references extraction attached to it (`extra["references"]`). A link crosses borders
freely (an attack in Iraq, strikes in Syria; Iran's missiles on Iraq for a strike in Baghdad). The curated record's `in_response_to`
is never read here: it is the gold standard the linker is checked against (eval).
"""
from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np

from estimative.analysis.severity import casualty_kind
from estimative.analysis.threads import (
    Thread,
    actor_families,
    as_of_day,
    read_threads,
    target_families,
)
from estimative.model import Event, SchemaRecord
from estimative.store import EventFilter, Store

RETALIATION_DAYS = 30
LINK_THRESHOLD = 0.5  # a link is asserted above this: an even chance is not a link
SAME_EVENT_DAYS = 3
# Log-odds of each piece of evidence (stated priors; see the module docstring).
RETALIATION_WEIGHTS: dict[str, float] = {
    "base": -2.0, "per_day": -0.15, "target_is_perpetrator": 1.5, "target_in_family": 1.0,
    "target_not_perpetrator": -1.5, "cue_words": 1.0, "names_place": 2.5, "names_date": 2.0,
    "names_weapon": 0.5, "names_other_weapon": -1.5, "killed_on_side": 1.0, "injured_on_side": 0.5,
    "only_candidate": 0.5, "target_in_broad_family": 0.5, "shared_place_share": 0.5,
    "struck_responder": 1.5, "says_after": 1.0, "says_before": -3.0,
}
SAME_EVENT_WEIGHTS: dict[str, float] = {
    "base": 1.0, "per_day": -1.2, "per_10km": -0.6, "same_place_name": 1.5, "same_type": 0.8,
    "type_differs": -1.0, "shared_weapon": 1.0, "weapons_differ": -1.5, "shared_target": 0.7,
    "perpetrators_differ": -2.0, "casualties_agree": 0.7, "casualties_differ": -1.0, "same_source": -3.0,
}
CUE = re.compile(r"\b(in response|respon(?:d|ded|ding|se to)|retaliat\w*|reprisal|aveng\w*|answer(?:ed|ing)? the|"
                 r"revenge|self-defen[cs]e strikes?|in return for|follow(?:ed|ing) the|"
                 r"after the [^.;]{0,60}?(?:attack|strike|fire|bombing)s?)\b", re.I)
# "hours after the Taji attack": the order a record states between two events, by the place it names.
AFTER = re.compile(r"\bafter\s+(?:the\s+|an?\s+)?(?P<what>[^.;]{0,60}?)\b(?:attacks?|strikes?|bombings?|fire|"
                   r"shelling|assault|raids?|ambush)\b", re.I)
_GENERIC_PLACE_WORDS = frozenset(
    "air base airbase airport international camp near the of al el field oil base military coalition us u.s. "
    "patrol outpost compound province governorate district city town village area site facility border "
    "crossing point headquarters hq zone embassy station and in north south east west northern southern "
    "eastern western central garrison landing mission support gas".split())
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|ad|an|at|az)[-\s](?=\w)", re.I)
_MONTHS = ("January February March April May June July August September October November December").split()


def _sigmoid(z: float) -> float:
    """The logistic function, safe for any z (exp of a large -z would overflow)."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(slots=True)
class Link(SchemaRecord):
    """A scored relation between two events (schema `link`): `source` answered or repeats `target`."""

    source: str
    target: str
    relation: str
    probability: float
    reasons: list[str] = field(default_factory=list)
    cue: bool = False  # the responding record calls itself a response
    order: int = 0  # +1: the responding record says it came after; -1: that it came before

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "relation": self.relation,
                "probability": round(self.probability, 3), "reasons": self.reasons}


# ------------------------------------------------------------------------------ who is who
def perpetrators(e: Event) -> list[str]:
    """Actor ids the record holds responsible: claimant, named perpetrators, and those publicly blamed."""
    out: list[str] = []
    for r in ([e.claimant] if e.claimant else []) + list(e.perpetrators):
        if r is not None and r.id and r.id not in out:
            out.append(r.id)
    for b in (e.extra or {}).get("blamed") or []:
        actor = b.get("actor") if isinstance(b, dict) else b
        if actor and actor not in out:
            out.append(actor)
    return out


def _lineage(actor_id: str) -> set[str]:
    from estimative.knowledge import registry

    reg = registry()
    if actor_id not in reg:
        return {actor_id}
    return set(reg.lineage_chain(actor_id)) | set(reg.successors(actor_id))


@lru_cache(maxsize=1)
def _parts() -> dict[str, set[str]]:
    """Organisation -> the actors the knowledge files say are part of it (`part_of`)."""
    from estimative.knowledge import registry

    out: dict[str, set[str]] = {}
    for actor in registry().actors:
        for link in actor.lineage:
            if link.relation == "part_of" and link.actor:
                out.setdefault(link.actor, set()).add(actor.id)
    return out


@lru_cache(maxsize=4096)
def organisation(actor_id: str) -> frozenset[str]:
    """The actor with its lineage and its own parts (the IRGC and its Quds Force): whoever strikes
    one of them strikes the actor itself. Not the bodies it belongs to: a strike on the Popular
    Mobilization Forces is not a strike on each of its member groups."""
    out = set(_lineage(actor_id))
    todo = list(out)
    while todo:
        for part in _parts().get(todo.pop(), ()):
            if part not in out:
                out.add(part)
                todo.append(part)
    return frozenset(out)


def struck_actors(e: Event) -> set[str]:
    """Registry actor ids an event struck by name (its target actors and actor affiliations; ISO3
    codes of a state's people and bases are not an organisation named)."""
    from estimative.knowledge import registry

    reg = registry()
    ids = {a.id for a in e.targets_actors if a.id} | {a for t in e.targets for a in t.affiliations}
    return {a for a in ids if a in reg}


def target_side(e: Event) -> tuple[set[str], set[str]]:
    """(actor ids and ISO3 codes, families) of an event's targets."""
    ids = {a.id for a in e.targets_actors if a.id}
    fams: set[str] = set()
    for t in e.targets:
        ids.update(t.affiliations)
        fams.update(target_families(tuple(t.affiliations), t.type))
    for a in ids:
        fams.update(actor_families(a))
    return ids, fams


def perpetrator_families(e: Event) -> set[str]:
    out: set[str] = set()
    for p in perpetrators(e):
        out.update(actor_families(p))
    return out


# ------------------------------------------------------------------------------ what a record names
@lru_cache(maxsize=1)
def _place_aliases() -> dict[str, list[str]]:
    from estimative.knowledge import places

    return {p.id: [p.name, *p.aliases] for p in places()}


def _core(name: str) -> str:
    words = [w for w in re.split(r"[\s,()/]+", name) if w]
    core = [w for w in words if w.casefold().strip(".") not in _GENERIC_PLACE_WORDS]
    return " ".join(core)


def place_names(e: Event) -> list[str]:
    """Names under which a record might mention the event's place: its name, the part in
    parentheses, their distinctive words (without "air base", "oil field" ...), without a leading
    Arabic article, and the gazetteer's aliases of its place."""
    written = [e.location] if e.location else []
    pid = (e.extra or {}).get("place_id")
    if pid:
        written += _place_aliases().get(pid, [])
    names: list[str] = []
    for name in written:
        inner = re.findall(r"\(([^()]+)\)", name)
        outer = re.sub(r"\([^()]*\)", " ", name).strip()
        for part in [outer, *inner]:
            core = _core(part)
            names += [part, core, _ARTICLE.sub("", core)]
    out = []
    for n in names:
        n = n.strip()
        if len(n.replace(" ", "")) >= 3 and n.casefold() not in (x.casefold() for x in out):
            out.append(n)
    return out


def record_text(e: Event) -> str:
    """What a record says of an event: its notes, and for a report's incident the background the
    report gives for it (extraction's `references`, kept in `extra`: "in revenge for the killing of
    Soleimani ... on 3 January"), which is often where a strike's motive is said."""
    refs = [r.get("text") for r in (e.extra or {}).get("references") or [] if isinstance(r, dict)]
    return " ".join(t for t in [e.notes, *refs] if t)


def _mentions(text: str, phrase: str) -> bool:
    pat = re.escape(phrase).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
    return re.search(rf"(?<![\w-]){pat}(?![\w-])", text, re.I) is not None


def date_phrases(d: date) -> list[str]:
    month = _MONTHS[d.month - 1]
    return [f"{d.day} {month}", f"{month} {d.day}", f"{d.day} {month[:3]}", f"{month[:3]}. {d.day}", f"{month[:3]} {d.day}"]


@lru_cache(maxsize=1)
def _weapon_words() -> dict[str, list[str]]:
    from estimative.knowledge import weapon_terms

    out: dict[str, list[str]] = {}
    for phrase, cls in weapon_terms():
        out.setdefault(cls, []).append(phrase)
    return out


def named_weapons(text: str, exclude: Iterable[str] = ()) -> dict[str, str]:
    """Weapon classes a text names (class -> the phrase found), leaving out `exclude` (a record's
    own weapons: a strike report naming its F-16s says nothing about what it answered)."""
    skip = set(exclude)
    out: dict[str, str] = {}
    for cls, phrases in _weapon_words().items():
        if cls in skip or cls in ("other", "unknown"):
            continue
        for phrase in [cls.replace("_", " "), *phrases]:
            if len(phrase) >= 3 and _mentions(text, phrase):
                out[cls] = phrase
                break
    return out


# ------------------------------------------------------------------------------ retaliation
def _names(actor_ids: Iterable[str]) -> list[str]:
    """Actor ids as the registry names them, for a reason a reader sees."""
    from estimative.knowledge import registry

    reg = registry()
    return [reg.get(a).name if a in reg else a for a in actor_ids]


def _side_condition(response: Event, cause: Event) -> str | None:
    """Why `response` is on the other side of `cause`, or None when it is not."""
    r_fams = perpetrator_families(response)
    _, c_target_fams = target_side(cause)
    hit = sorted(r_fams & c_target_fams)
    if hit:
        return f"its perpetrator ({', '.join(_names(perpetrators(response)))}) is on the target side of the earlier event ({hit[0]})"
    r_target_ids, r_target_fams = target_side(response)
    c_fams = perpetrator_families(cause)
    hit = sorted(c_fams & r_target_fams)
    if hit:
        return f"it targets the earlier event's perpetrator side ({hit[0]})"
    c_perps = set(perpetrators(cause))
    if c_perps & r_target_ids:
        return f"it targets the earlier event's perpetrator ({', '.join(sorted(c_perps & r_target_ids))})"
    return None


@dataclass(slots=True)
class _Evidence:
    """The log-odds of one (response, cause) pair before the candidates are weighed together."""

    response: Event
    cause: Event
    z: float
    reasons: list[str]
    place: str | None = None
    cue: bool = False
    blame: tuple[str, float, str] | None = None  # the response's author only blamed: (who, credibility, basis)
    order: int = 0


def _evidence(response: Event, cause: Event) -> _Evidence | None:
    gap = (response.date_start - cause.date_start).days
    if gap < 0 or response.id == cause.id:
        return None
    side = _side_condition(response, cause)
    if side is None:
        return None
    w = RETALIATION_WEIGHTS
    z = w["base"] + w["per_day"] * gap
    reasons = [side, f"{gap} day later" if gap == 1 else f"{gap} days later"]
    r_target_ids, r_target_fams = target_side(response)
    c_perps = perpetrators(cause)
    if c_perps:
        lineage = set().union(*(_lineage(p) for p in c_perps))
        narrow = {fams[0] for p in c_perps if (fams := actor_families(p))}
        if lineage & r_target_ids:
            z += w["target_is_perpetrator"]
            reasons.append(f"it targets the group held responsible for the earlier event ({', '.join(sorted(lineage & r_target_ids))})")
        elif narrow & r_target_fams:
            z += w["target_in_family"]
            reasons.append(f"it targets the family of the group held responsible for the earlier event ({sorted(narrow & r_target_fams)[0]})")
        elif perpetrator_families(cause) & r_target_fams:
            z += w["target_in_broad_family"]
            reasons.append(f"it targets the wider grouping of the group held responsible ({sorted(perpetrator_families(cause) & r_target_fams)[0]})")
        elif r_target_ids or r_target_fams:
            z += w["target_not_perpetrator"]
            reasons.append("its targets are not the group held responsible for the earlier event")
    own = set().union(*(organisation(p) for p in perpetrators(response) if p)) if perpetrators(response) else set()
    struck = sorted(own & struck_actors(cause))
    if struck:
        z += w["struck_responder"]
        reasons.append(f"the earlier event struck the responding actor itself ({', '.join(struck)})")
    text = record_text(response)
    cue = CUE.search(text)
    if cue:
        z += w["cue_words"]
        reasons.append(f"its record calls it a response (\"{cue.group(0)}\")")
    # a record naming its own day says nothing of an event on that same day
    when = None if gap == 0 else next((p for p in date_phrases(cause.date_start) if _mentions(text, p)), None)
    if when:
        z += w["names_date"]
        reasons.append(f"its record names the earlier event's date ({when})")
    named = named_weapons(text, exclude=[x.cls for x in response.weapons])
    mine = {x.cls for x in cause.weapons} - {"other", "unknown"}
    if named and mine:
        if mine & set(named):
            z += w["names_weapon"]
            reasons.append(f"its record names the earlier event's weapon ({named[sorted(mine & set(named))[0]]})")
        else:
            z += w["names_other_weapon"]
            reasons.append(f"its record names other weapons ({', '.join(named.values())}) than the earlier event's")
    cost = _cost_to_side(cause, response)
    if cost:
        z += w["killed_on_side"] if cost[0] else w["injured_on_side"]
        reasons.append(f"the earlier event killed {cost[0]} and injured {cost[1]} on the responding side")
    order = _stated_order(text, response, cause)
    if order:
        z += w["says_after"] if order > 0 else w["says_before"]
        reasons.append("its record says it came after the earlier event" if order > 0 else
                       "its record says the earlier event came after it")
    place = next((p for p in place_names(cause) if _mentions(text, p)), None)
    return _Evidence(response, cause, z, reasons, place, cue=cue is not None, blame=_blame_only(response),
                     order=order)


def _stated_order(text: str, response: Event, cause: Event) -> int:
    """+1 when the response's record says it followed the cause ("hours after the Taji attack"), -1
    when it says it followed an event at the response's own place (the text of the other event,
    read in the same report), 0 when it says neither."""
    for m in AFTER.finditer(text):
        what = m.group("what")
        if any(_mentions(what, p) for p in place_names(cause)):
            return 1
        if any(_mentions(what, p) for p in place_names(response)):
            return -1
    return 0


def _blame_only(e: Event) -> tuple[str, float, str] | None:
    """For an event whose author the record gives only as blamed: (who blamed whom, the credibility
    of stated blame as measured before the event, how it was measured); None otherwise."""
    from estimative.analysis.blame import BLAME, ratio

    if e.claimant is not None and e.claimant.id or any(p.id for p in e.perpetrators):
        return None
    blamed = [b for b in (e.extra or {}).get("blamed") or [] if isinstance(b, dict) and b.get("actor")]
    r = ratio(BLAME, e.date_start)
    if not blamed or r is None:
        return None
    who = ", ".join(_names([b["actor"] for b in blamed]))
    by = next((b.get("by") for b in blamed if b.get("by")), None)
    return (f"{by} blamed {who}" if by else f"{who} blamed"), r.precision, r.describe()


def _weigh(candidates: list[_Evidence]) -> list[Link]:
    """Links for one response's candidates, weighed together: a place the record names is credited
    in full to the candidate there that the other evidence favours most, and at half to the other
    candidates at that place (one mention, usually one incident); a lone candidate gains a little."""
    w = RETALIATION_WEIGHTS
    best_at: dict[str, float] = {}
    for ev in candidates:
        if ev.place:
            key = ev.place.casefold()
            best_at[key] = max(best_at.get(key, -math.inf), ev.z)
    links = []
    for ev in candidates:
        z, reasons = ev.z, list(ev.reasons)
        if ev.place:
            if ev.z >= best_at[ev.place.casefold()]:
                z += w["names_place"]
                reasons.append(f"its record names the earlier event's place ({ev.place})")
            else:
                z += w["names_place"] * w["shared_place_share"]
                reasons.append(f"its record names the earlier event's place ({ev.place}), where a likelier "
                               "candidate also happened")
        if len(candidates) == 1:
            z += w["only_candidate"]
            reasons.append("the only earlier event on the other side within the window")
        p = _sigmoid(z)
        if ev.blame:  # linked only if the blamed author is the author: P(link) = P(link | author) × P(author)
            who, credibility, basis = ev.blame
            p *= credibility
            reasons.append(f"its author is only blamed ({who}); weighed by how often stated blame has been "
                           f"borne out ({credibility:.0%}: {basis})")
        links.append(Link(source=ev.response.id, target=ev.cause.id, relation="retaliation",
                          probability=p, reasons=reasons, cue=ev.cue, order=ev.order))
    return links


def score_retaliation(response: Event, cause: Event) -> Link | None:
    """P(`response` answered `cause`) with its reasons, the pair taken alone; None when the sides do not fit."""
    ev = _evidence(response, cause)
    return _weigh([ev])[0] if ev is not None else None


def _cost_to_side(cause: Event, response: Event) -> tuple[int, int] | None:
    """(killed, injured) the cause inflicted on the responding side's people (its home state's)."""
    from estimative.analysis.threads import state_forces

    homes = {iso for iso, aid in state_forces().items() if actor_families(aid) and
             set(actor_families(aid)) & perpetrator_families(response)}
    killed = injured = 0
    for g in cause.casualty_groups:
        if g.country in homes and casualty_kind(g, cause.country) != "armed_group":
            killed += g.killed.best or 0
            injured += g.injured.best or 0
    return (killed, injured) if killed or injured else None


def _candidate_events(store: Store, as_of: Any, threads: Sequence[Thread], since: date, until: date,
                      exclude: Iterable[str] = ()) -> list[Event]:
    """Stored events (full records, known at `as_of`) in any of the threads, dated since..until.

    A thread on perpetrator families also takes the events whose author the record leaves unknown
    but says was blamed on one of those families ("the Observatory said the US-led coalition was
    probably responsible"): the thread's own columns hold only recorded authors. At most
    `MAX_BLAMED_READ` such events are read per query; beyond that only recorded authors count."""
    frame = read_threads(store, as_of, threads, since=since, until=until,
                         also=("event_id", "perpetrator_id", "claimant_id"))
    mask = np.zeros(len(frame), dtype=bool)
    for t in threads:
        mask |= frame.mask(t)
    skip = set(exclude)
    ids = [i for i in frame.frame["event_id"].to_numpy()[mask].tolist() if i not in skip]
    found = store.events(as_of, EventFilter(ids=ids), newest_first=False) if ids else []
    return found + _blamed_only(store, as_of, frame.frame, mask, threads, skip)


MAX_BLAMED_READ = 2000


def _blamed_only(store: Store, as_of: Any, frame: Any, taken: np.ndarray, threads: Sequence[Thread],
                 skip: set[str]) -> list[Event]:
    """The events of `frame` not `taken`, with no recorded author, that the record blames on a
    family one of the `threads` asks for as perpetrator."""
    wanted: set[str] = set()
    for t in threads:
        fams = t.filters.get("perpetrator_family")
        wanted.update([fams] if isinstance(fams, str) else (fams or []))
    if not wanted or not len(frame):
        return []
    no_author = frame["perpetrator_id"].isna().to_numpy() & frame["claimant_id"].isna().to_numpy() & ~taken
    ids = [i for i in frame["event_id"].to_numpy()[no_author].tolist() if i not in skip]
    if not ids or len(ids) > MAX_BLAMED_READ:
        return []
    return [e for e in store.events(as_of, EventFilter(ids=ids), newest_first=False)
            if perpetrator_families(e) & wanted]


def _answered(e: Event, store: Store, as_of: Any, max_days: int, others: Sequence[Event] = (),
              exclude: Iterable[str] = ()) -> list[Link]:
    """Every earlier event `e` may have answered — stored ones known at `as_of` on the other side,
    and `others` given beside it — scored and weighed together."""
    skip = {e.id, *exclude}
    threads = []
    if perpetrator_families(e):  # events that hit the side of e's perpetrator
        threads.append(Thread.make("answered", target_family=sorted(perpetrator_families(e))))
    _, e_target_fams = target_side(e)
    if e_target_fams:  # events by the side e hits
        threads.append(Thread.make("answered-by", perpetrator_family=sorted(e_target_fams)))
    causes = _candidate_events(store, as_of, threads, e.date_start - timedelta(days=max_days),
                               min(e.date_start, as_of_day(as_of)), exclude=skip) if threads else []
    known = {c.id for c in causes}
    causes += [o for o in others if o.id not in skip and o.id not in known]
    return _weigh([ev for c in causes if (ev := _evidence(e, c)) is not None])


def find_retaliations(events: Sequence[Event], store: Store, as_of: Any, max_days: int = RETALIATION_DAYS,
                      exclude: Iterable[str] = (), copies: Mapping[str, str | None] | None = None) -> list[Link]:
    """Scored retaliation links (all probabilities) between the given events, and between them and
    stored events known at `as_of`, both ways: the earlier events each may have answered, and the
    later stored events that may have answered it. A given event the store does not hold is one
    incident with its stored copy (`match_stored`): that copy is never linked to it; `exclude` adds
    stored ids never to link. `copies`: for given events the store does not hold (a report's
    incidents), the stored copy found already (`match_stored` at `as_of`; None: none), not looked
    up again. Most probable first."""
    today = as_of_day(as_of)
    exclude = set(exclude)
    for e in events:
        if copies is not None and e.id in copies:
            exclude.update([c] if (c := copies[e.id]) else [])
        elif store.get(e.id, as_of) is None and (copy := match_stored(e, store, as_of)) is not None:
            exclude.add(copy.event_id)
    links: list[Link] = []
    for e in events:
        links += _answered(e, store, as_of, max_days, others=[o for o in events if o is not e], exclude=exclude)
        if e.date_start > today:
            continue
        threads = []
        _, e_target_fams = target_side(e)
        if e_target_fams:  # later events by the side e hit
            threads.append(Thread.make("answers", perpetrator_family=sorted(e_target_fams)))
        if perpetrator_families(e):  # later events hitting e's side
            threads.append(Thread.make("answers-by", target_family=sorted(perpetrator_families(e))))
        if not threads:
            continue
        later = _candidate_events(store, as_of, threads, e.date_start,
                                  min(e.date_start + timedelta(days=max_days), today), exclude={e.id, *exclude})
        for r in later:  # weigh e among everything r may have answered
            links += [lk for lk in _answered(r, store, as_of, max_days, others=[e], exclude=exclude)
                      if lk.target == e.id]
    unique = {(lk.source, lk.target): lk for lk in links}
    kept = [lk for (src, dst), lk in unique.items() if (dst, src) not in unique or _prefer(lk, unique[(dst, src)])]
    return sorted(kept, key=lambda lk: -lk.probability)


def _prefer(link: Link, reverse: Link) -> bool:
    """A same-day pair can be read both ways; keep one direction: the one the records' stated order
    gives ("hours after the Taji attack"), else the one whose responding record calls itself a
    response, else the likelier."""
    if link.order - reverse.order:
        return link.order > reverse.order
    cue, cue_rev = link.cue, reverse.cue
    if cue != cue_rev:
        return cue
    if link.probability != reverse.probability:
        return link.probability > reverse.probability
    return link.source < link.target


def retaliation_links(events: Sequence[Event], store: Store, as_of: Any, ids: Sequence[str] | None = None,
                      max_days: int = RETALIATION_DAYS, threshold: float = LINK_THRESHOLD,
                      exclude: Iterable[str] = (), copies: Mapping[str, str | None] | None = None
                      ) -> list[Link]:
    """The asserted retaliation links (probability above `threshold`), `source` the responding event,
    `target` the one it answered. `ids`, parallel to `events`, names the given events in the output
    (a report's incident ids); stored events keep their event ids. `copies`: as `find_retaliations`
    takes them."""
    names = dict(zip([e.id for e in events], ids, strict=True)) if ids is not None else {}
    return [dataclasses.replace(lk, source=names.get(lk.source, lk.source), target=names.get(lk.target, lk.target))
            for lk in asserted(find_retaliations(events, store, as_of, max_days, exclude, copies), threshold)]


# ------------------------------------------------------------------------------ same event
def _distance_km(a: Event, b: Event) -> float | None:
    from estimative.geo import haversine_km

    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    d = haversine_km(a.lat, a.lon, b.lat, b.lon)
    slack = (a.location_precision_km or 0.0) + (b.location_precision_km or 0.0)
    return max(d - slack, 0.0)


def score_same_event(incident: Event, stored: Event) -> Link:
    """P(the stored event is the same incident), with reasons."""
    w = SAME_EVENT_WEIGHTS
    gap = abs((incident.date_start - stored.date_start).days)
    z = w["base"] + w["per_day"] * gap
    reasons = [f"{gap} days apart"]
    d = _distance_km(incident, stored)
    if d is not None:
        z += w["per_10km"] * d / 10.0
        reasons.append(f"{d:.0f} km apart")
    if incident.location and stored.location and incident.location.casefold() == stored.location.casefold():
        z += w["same_place_name"]
        reasons.append(f"same place name ({stored.location})")
    if incident.event_type and stored.event_type:
        same = (incident.sub_event_type or incident.event_type) == (stored.sub_event_type or stored.event_type)
        z += w["same_type"] if same else w["type_differs"]
        reasons.append("same event type" if same else "different event types")
    wa = {x.cls for x in incident.weapons} - {"unknown", "other"}
    wb = {x.cls for x in stored.weapons} - {"unknown", "other"}
    if wa and wb:
        z += w["shared_weapon"] if wa & wb else w["weapons_differ"]
        reasons.append(f"shared weapon ({', '.join(sorted(wa & wb))})" if wa & wb else "different weapons")
    _, fa = target_side(incident)
    _, fb = target_side(stored)
    if fa & fb:
        z += w["shared_target"]
        reasons.append(f"same target side ({sorted(fa & fb)[0]})")
    pa, pb = set(perpetrators(incident)), set(perpetrators(stored))
    if pa and pb and not (pa & pb) and not (perpetrator_families(incident) & perpetrator_families(stored)):
        z += w["perpetrators_differ"]
        reasons.append("different perpetrators")
    ka, kb = incident.fatalities.best, stored.fatalities.best
    if ka is not None and kb is not None:
        agree = abs(ka - kb) <= max(2, 0.3 * max(ka, kb))
        z += w["casualties_agree"] if agree else w["casualties_differ"]
        reasons.append(f"fatalities {ka} and {kb}")
    if incident.source == stored.source and incident.source_id != stored.source_id and incident.source != "report":
        z += w["same_source"]
        reasons.append("two distinct rows of the same source")
    return Link(source=incident.id, target=stored.id, relation="same_event", probability=_sigmoid(z), reasons=reasons)


def same_event(incident: Event, store: Store, as_of: Any, max_days: int = SAME_EVENT_DAYS,
               min_probability: float = 0.05, limit: int = 5) -> list[tuple[str, float, list[str]]]:
    """Stored events (known at `as_of`) that may be this very incident: (event id, probability,
    reasons), most probable first. Candidates: within `max_days` (widened by a coarse date) and in
    the same country, or within 100 km where the country is unknown."""
    widen = {"day": 0, "week": 7, "month": 31, "year": 366}.get(incident.date_precision, 0)
    since = incident.date_start - timedelta(days=max_days + widen)
    until = min(incident.date_start + timedelta(days=max_days + widen), as_of_day(as_of))
    flt = EventFilter(country=incident.country, since=since, until=until)
    if incident.country is None and incident.lat is not None and incident.lon is not None:
        deg = 1.0
        flt = EventFilter(since=since, until=until, bbox=(incident.lon - deg, incident.lat - deg,
                                                           incident.lon + deg, incident.lat + deg))
    out = []
    for stored in store.events(as_of, flt):
        if stored.id == incident.id:
            continue
        link = score_same_event(incident, stored)
        if link.probability >= min_probability:
            out.append((stored.id, link.probability, link.reasons))
    out.sort(key=lambda x: -x[1])
    return out[:limit]


@dataclass(slots=True)
class StoredMatch(SchemaRecord):
    """The stored event (`event_id`) that is the incident, with the same-event model's probability
    and reasons."""

    event_id: str
    probability: float
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "probability": self.probability, "reasons": self.reasons}


def match_stored(event: Event, store: Store, as_of: Any) -> StoredMatch | None:
    """The stored event that is this same incident, if one is more likely than not."""
    found = same_event(event, store, as_of, limit=1)
    if not found or found[0][1] <= LINK_THRESHOLD:
        return None
    event_id, p, reasons = found[0]
    return StoredMatch(event_id, round(p, 3), reasons)


def asserted(links: Iterable[Link], threshold: float = LINK_THRESHOLD) -> list[Link]:
    return [lk for lk in links if lk.probability > threshold]


def retaliation_check(store: Store, responders: set[str] | None = None,
                      family: str = "US and coalition forces", threshold: float = LINK_THRESHOLD) -> dict[str, Any]:
    """The curated-record linkage check: as of the day after each strike by `family` that the record
    says answered an attack (`in_response_to`), is the strike linked to that attack as retaliation?

    The linker never reads `in_response_to`; this function reads it only as the gold standard.
    Returns recall over (strike, attack) pairs, false links per strike, and each strike's detail.
    """
    strikes = [e for e in store.events(None, EventFilter(source="curated"), newest_first=False)
               if family in perpetrator_families(e) and (responders is None or e.id in responders)]
    answered = [e for e in strikes if e.in_response_to]
    pairs = hits = false_links = 0
    details = []
    for s in answered:
        as_of = s.date_start + timedelta(days=1)
        links = [lk for lk in asserted(find_retaliations([s], store, as_of), threshold) if lk.source == s.id]
        linked = {lk.target for lk in links}
        gold = set(s.in_response_to)
        pairs += len(gold)
        hits += len(gold & linked)
        false_links += len(linked - gold)
        details.append({"strike": s.source_id, "date": s.date_start.isoformat(), "gold": sorted(gold),
                        "linked": sorted(linked), "missed": sorted(gold - linked), "false": sorted(linked - gold)})
    unanswered = [e for e in strikes if not e.in_response_to]
    other_links = 0
    for s in unanswered:
        as_of = s.date_start + timedelta(days=1)
        other_links += sum(1 for lk in asserted(find_retaliations([s], store, as_of), threshold) if lk.source == s.id)
    return {
        "strikes": len(answered), "pairs": pairs, "linked": hits,
        "recall": round(hits / pairs, 3) if pairs else None,
        "false_links": false_links, "false_links_per_10": round(10 * false_links / len(answered), 2) if answered else None,
        "strikes_without_gold": len(unanswered), "links_from_strikes_without_gold": other_links,
        "threshold": threshold, "details": details,
    }
