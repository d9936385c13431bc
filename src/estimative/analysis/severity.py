"""Severity and significance: how grave an incident is, and how it ranks in its thread.

Severity = weapon scale x (1 + casualty points). Casualty points weigh the killed (and, at
`INJURED_WEIGHT`, the injured) by who they were, because analysts do: the death of a foreign
soldier moves a confrontation more than a local guard's, which moves it more than a
militant's. Who they were comes from the casualty groups (their words, or the actor registry
for a side's name, and their country against the incident's), and for casualties the groups
do not cover, from the target. The weights are this project's convention, stated here.

`severity_rank` places an incident in its thread as of a date: its rank over the recent weeks,
the last earlier event at least as grave ("the most significant incident since ..."), and its
percentile over the thread's history.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from estimative.analysis.threads import (
    Thread,
    as_of_day,
    read_threads,
    state_forces,
)
from estimative.model import CasualtyGroup, Event, SchemaRecord
from estimative.store import EventFilter, Store

KIND_WEIGHTS: dict[str, float] = {
    "foreign_military": 3.0, "state_forces": 1.5, "civilians": 1.0, "armed_group": 0.5, "unknown": 1.0,
}
INJURED_WEIGHT = 0.3
# Destructive scale of a weapon class relative to a mortar round (this project's convention).
WEAPON_SCALE: dict[str, float] = {
    "missile": 1.6, "vbied": 1.6, "suicide_bomb": 1.5, "airstrike": 1.5, "chemical": 1.5, "artillery": 1.3,
    "drone": 1.3, "rocket": 1.2, "ied": 1.1, "mortar": 1.0, "rpg": 1.0, "grenade": 0.9, "small_arms": 0.8,
    "arson": 0.7, "knife": 0.6, "other": 0.8, "unknown": 0.9,
}
_MILITARY = re.compile(r"soldier|service ?member|troop|military|marine|airm[ae]n|sailor|personnel|commando|"
                       r"army|forces?\b|police|guard|peshmerga|officer", re.I)
_CIVILIAN = re.compile(r"civilian|contractor|worker|journalist|diplomat|employee|child|women|pilgrim", re.I)
_ARMED = re.compile(r"fighter|militant|militia|insurgent|combatant|member|commander|rebel|jihadist", re.I)


def casualty_kind(group: CasualtyGroup, event_country: str | None) -> str:
    """foreign_military | state_forces | civilians | armed_group | unknown, for one casualty group."""
    text = group.group or ""
    country = group.country
    if text.casefold() in ("unknown", ""):
        return "unknown"
    if _CIVILIAN.search(text):
        return "civilians"
    if _ARMED.search(text) and not _MILITARY.search(text):
        return "armed_group"
    military = bool(_MILITARY.search(text))
    if not military:  # a side's name (UCDP): the registry says whether it is a state's forces
        from estimative.knowledge import registry

        actor = registry().resolve(text)
        if actor is None:
            return "unknown"
        if actor.kind != "state_force":
            return "armed_group"
        military = True
        country = country or next((iso for iso, aid in state_forces().items() if aid == actor.id), None)
    if country and event_country and country != event_country:
        return "foreign_military"
    return "state_forces"


def _target_kind(event: Event) -> str:
    """Who the uncovered casualties were, judged from the target."""
    for t in event.targets:
        if t.type == "civilians":
            return "civilians"
        if t.type in ("military", "police", "government", "diplomatic"):
            foreign = [a for a in t.affiliations if len(a) == 3 and a.isupper() and a != event.country]
            if foreign and t.type == "military":
                return "foreign_military"
            return "state_forces"
        if t.type == "armed group":
            return "armed_group"
    return "unknown"


@dataclass(slots=True)
class Severity:
    score: float
    casualty_points: float
    weapon_scale: float
    reasons: list[str] = field(default_factory=list)


def severity(event: Event) -> Severity:
    """The incident's severity score, with the parts it is made of."""
    points = 0.0
    reasons: list[str] = []
    killed_seen = injured_seen = 0
    for g in event.casualty_groups:
        kind = casualty_kind(g, event.country)
        k, i = g.killed.best or 0, g.injured.best or 0
        killed_seen += k
        injured_seen += i
        if k or i:
            points += KIND_WEIGHTS[kind] * (k + INJURED_WEIGHT * i)
            reasons.append(f"{g.group}: {k} killed, {i} injured ({kind.replace('_', ' ')})")
    rest_k = max((event.fatalities.best or 0) - killed_seen, 0)
    rest_i = max((event.injuries.best or 0) - injured_seen, 0)
    if rest_k or rest_i:
        kind = _target_kind(event)
        points += KIND_WEIGHTS[kind] * (rest_k + INJURED_WEIGHT * rest_i)
        reasons.append(f"{rest_k} killed, {rest_i} injured among the target ({kind.replace('_', ' ')})")
    scale = max((WEAPON_SCALE.get(w.cls, 1.0) for w in event.weapons), default=1.0)
    n_weapons = max((w.count.best or 0 for w in event.weapons), default=0)
    scale *= 1.0 + 0.15 * math.log1p(n_weapons)
    if event.weapons:
        reasons.append(f"weapon scale {scale:.2f} ({', '.join(w.cls for w in event.weapons)})")
    return Severity(score=round(scale * (1.0 + points), 3), casualty_points=round(points, 3),
                    weapon_scale=round(scale, 3), reasons=reasons)


def thread_events(store: Store, as_of: Any, thread: Thread, since: date) -> list[Event]:
    """The thread's events known at `as_of` from `since` (full records: casualty groups and all)."""
    today = as_of_day(as_of)
    frame = read_threads(store, as_of, [thread], since=since, until=today)
    ids = frame.frame["event_id"].to_numpy()[frame.mask(thread)].tolist()
    if not ids:
        return []
    return store.events(as_of, EventFilter(ids=ids), newest_first=False)


@dataclass(slots=True)
class SeverityRank(SchemaRecord):
    """The schema's `context.severity_rank`: the incident's `rank` of the `of` incidents of its thread
    in the last `window_days`, said in `description`; plus its severity `score` and `reasons`, its
    `percentile` over the thread's `history_events`, and the last earlier event at least as grave
    (`most_significant_since`: its day, and its id, None when there is none)."""

    rank: int
    of: int
    window_days: int
    description: str
    score: float
    percentile: float | None
    history_events: int
    since: date
    since_event: str | None
    reasons: list[str]
    thread: str

    def to_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, "of": self.of, "window_days": self.window_days, "description": self.description,
                "score": self.score, "percentile": self.percentile, "history_events": self.history_events,
                "most_significant_since": {"since": self.since.isoformat(), "event_id": self.since_event},
                "reasons": self.reasons, "thread": self.thread}


def severity_rank(event: Event, store: Store, as_of: Any, thread: Thread, window_days: int = 28,
                  lookback_days: int = 730, same_as: Sequence[str] = ()) -> SeverityRank:
    """The schema's `context.severity_rank` for the incident in one thread, plus its score,
    percentile and the date since which it is the most significant. `same_as`: stored events that
    are this very incident (left out of the comparison)."""
    today = as_of_day(as_of)
    itself = {event.id, *same_as}
    history = [e for e in thread_events(store, as_of, thread, today - timedelta(days=lookback_days - 1))
               if e.id not in itself]
    mine = severity(event)
    scores = np.array([severity(e).score for e in history])
    dates = [e.date_start for e in history]
    recent = [s for s, d in zip(scores, dates, strict=True) if (today - d).days < window_days]
    rank = 1 + sum(s > mine.score for s in recent)
    graver = [(d, e) for s, d, e in zip(scores, dates, history, strict=True) if s >= mine.score and d <= event.date_start]
    pct = (float(np.sum(scores < mine.score)) + 0.5 * float(np.sum(scores == mine.score))) / scores.size if scores.size else None
    label = thread.description
    since_event: str | None
    if graver:
        since_day, graver_event = max(graver, key=lambda x: x[0])
        since_event = graver_event.id
        description = (f"the most significant of the {label} since {since_day.day} {since_day:%B %Y}" if rank == 1
                       else f"ranked {rank} of {len(recent) + 1} {label} in the past {window_days} days")
    else:
        since_day, since_event = (dates[0] if dates else event.date_start), None
        description = f"the most significant of the {label} since at least {since_day:%B %Y}"
    return SeverityRank(int(rank), len(recent) + 1, window_days, description, mine.score,
                        round(pct, 3) if pct is not None else None, int(scores.size), since_day, since_event,
                        mine.reasons, thread.description)
