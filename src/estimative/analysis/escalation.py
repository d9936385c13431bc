"""Escalation: does this incident move the confrontation up a rung, and why?

Three kinds of evidence, each turned into a sentence among the reasons:
* red lines (knowledge/red_lines.yaml): kinds of incident that governments have said they would
  answer — a US service member killed, a state striking another state's forces, a new country
  drawn in. Each crossing carries its level;
* the incident's severity percentile in its thread's history (analysis.severity);
* the thread's current Hawkes intensity against its average rate over the past year
  (analysis.forecast): a thread running at three times its usual rate is escalating even if
  no single incident stands out, and one at a third of it is winding down.

Levels, lowest first: de-escalation, none, limited, significant, major. The statistical
evidence alone reaches at most `significant`; `major` needs a red line that says so.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any

from estimative.analysis.forecast import ThreadForecaster
from estimative.analysis.linking import perpetrators, target_side
from estimative.analysis.severity import SeverityRank, casualty_kind, severity_rank
from estimative.analysis.threads import (
    Thread,
    as_of_day,
    day_number,
    read_threads,
    state_forces,
    target_families,
    threads_for,
)
from estimative.model import Event, SchemaRecord
from estimative.store import Store

LEVELS: tuple[str, ...] = ("de-escalation", "none", "limited", "significant", "major")
HOT_RATIO = 2.0  # current intensity at least twice the year's average rate
COOL_RATIO = 0.5
SEVERE_PERCENTILE = 0.95
NOTABLE_PERCENTILE = 0.90
NEW_COUNTRY_LOOKBACK_DAYS = 730
CONDITIONS = frozenset({
    "casualty_country", "casualty_group_kind", "min_killed", "min_injured", "perpetrator_kind",
    "perpetrator_country", "target_kind", "target_type", "target_affiliation", "target_hosts_foreign_forces",
    "target_role", "different_countries", "new_country",
})
_SENIOR = re.compile(r"\b(?:kill\w*|assassinat\w*)\b[^.;]{0,80}?(?<!local )\b(?:commander|leader|chief|general)\b", re.I)


# ------------------------------------------------------------------------------ red lines (data)
@lru_cache(maxsize=1)
def red_lines() -> tuple[dict[str, Any], ...]:
    """The red lines of knowledge/red_lines.yaml (through the knowledge loader), read once."""
    from estimative.knowledge import red_lines as load

    return tuple(load())


def _actor_state(actor_id: str) -> str | None:
    """ISO3 of the state an actor belongs to, for state forces (their "Government of" alias, else
    their first country); None for non-state actors."""
    from estimative.knowledge import registry

    reg = registry()
    if actor_id in state_forces():  # an ISO3 affiliation
        return actor_id
    if actor_id not in reg:
        return None
    actor = reg.get(actor_id)
    if actor.kind != "state_force":
        return None
    for iso, aid in state_forces().items():
        if aid == actor_id:
            return iso
    return actor.countries[0] if actor.countries else None


def _actor_kind(actor_id: str) -> str | None:
    from estimative.knowledge import registry

    reg = registry()
    if actor_id in state_forces():
        return "state_force"
    return reg.get(actor_id).kind if actor_id in reg else None


@lru_cache(maxsize=1)
def _known_places() -> tuple[Any, ...]:
    """The curated places (knowledge/places.yaml), read into records once per process rather than
    once per incident (an escalation check runs for every incident a watch assesses)."""
    from estimative.knowledge import places

    return tuple(places())


def _hosts_foreign_forces(event: Event) -> list[str]:
    """The foreign forces hosted at the incident's site that the incident targeted (a strike near a
    base on someone else is not an attack on the base)."""
    from estimative.geo import haversine_km

    pid = (event.extra or {}).get("place_id")
    for p in _known_places():
        near = (event.lat is not None and event.lon is not None
                and haversine_km(event.lat, event.lon, p.lat, p.lon) <= 5.0)
        if p.id == pid or (pid is None and near):
            targeted = {a for t in event.targets for a in t.affiliations}
            return [h for h in p.hosts if h != event.country and h in targeted]
    return []


def _casualties(event: Event, country: str | None, kind: str | None) -> tuple[int, int, bool]:
    """(killed, injured, any group matched) — in the matching casualty groups, or in total."""
    if country is None and kind is None:
        return event.fatalities.best or 0, event.injuries.best or 0, True
    killed = injured = 0
    matched = False
    for g in event.casualty_groups:
        if country is not None and g.country != country:
            continue
        k = casualty_kind(g, event.country)
        if kind == "military" and k not in ("foreign_military", "state_forces"):
            continue
        if kind == "civilian" and k != "civilians":
            continue
        matched = True
        killed += g.killed.best or 0
        injured += g.injured.best or 0
    return killed, injured, matched


def _new_country(event: Event, store: Store, as_of: Any) -> str | None:
    """The country the incident brings into its conflict (the events targeting the same family, or
    by the same side, in the past two years), or None."""
    fams = sorted({f for t in event.targets for f in target_families(tuple(t.affiliations), t.type)})
    if not fams or not event.country:
        return None
    day = event.date_start
    thread = Thread.make("conflict", target_family=fams)
    frame = read_threads(store, as_of, [thread], since=day - timedelta(days=NEW_COUNTRY_LOOKBACK_DAYS),
                         until=day - timedelta(days=1), also=["country"])
    seen = set(frame.frame["country"][frame.mask(thread)].dropna())
    if not seen:
        return None
    involved = seen | {s for p in perpetrators(event) if (s := _actor_state(p))}
    return event.country if event.country not in involved else None


def crossed(line: dict[str, Any], event: Event, store: Store, as_of: Any) -> str | None:
    """Why the incident crosses the red line (a sentence), or None. Every stated condition must hold."""
    unknown = set(line) - CONDITIONS - {"id", "description", "level", "sources"}
    if unknown:
        return None  # a condition this code cannot evaluate: never claim a crossing on it
    why: list[str] = []
    cc, kind = line.get("casualty_country"), line.get("casualty_group_kind")
    if cc or kind or "min_killed" in line or "min_injured" in line:
        killed, injured, matched = _casualties(event, cc, kind)
        if not matched or killed < line.get("min_killed", 0) or injured < line.get("min_injured", 0):
            return None
        if not (killed or injured):
            return None
        who = " ".join(x for x in (cc, kind) if x) or "people"
        why.append(f"{killed} killed and {injured} injured ({who})")
    perps = perpetrators(event)
    p_states = {s for p in perps if (s := _actor_state(p))}
    if "perpetrator_kind" in line:
        if not any(_actor_kind(p) == line["perpetrator_kind"] for p in perps):
            return None
        why.append(f"perpetrator {', '.join(perps)} is a {line['perpetrator_kind'].replace('_', ' ')}")
    if "perpetrator_country" in line:
        if line["perpetrator_country"] not in p_states:
            return None
    target_ids, _ = target_side(event)
    t_states = {s for t in target_ids if (s := _actor_state(t))}
    if "target_kind" in line:
        if not any(_actor_kind(t) == line["target_kind"] for t in target_ids):
            return None
        why.append(f"the target includes a {line['target_kind'].replace('_', ' ')}")
    if "target_type" in line:
        if not any(t.type == line["target_type"] for t in event.targets) and event.target_type != line["target_type"]:
            return None
        why.append(f"the target is {line['target_type']}")
    if "target_affiliation" in line:
        if not any(line["target_affiliation"] in t.affiliations for t in event.targets):
            return None
        why.append(f"the target is affiliated with {line['target_affiliation']}")
    if line.get("target_hosts_foreign_forces"):
        hosts = _hosts_foreign_forces(event)
        if not hosts:
            return None
        why.append(f"the site hosts foreign forces ({', '.join(hosts)})")
    if line.get("target_role") == "senior_leader":
        text = " ".join([event.notes or "", *[g.group for g in event.casualty_groups]])
        m = _SENIOR.search(text)
        if not m and (event.extra or {}).get("target_role") != "senior_leader":
            return None
        why.append("a senior commander or leader was killed" + (f" (\"{m.group(0)}\")" if m else ""))
    if line.get("different_countries"):
        if not p_states or not t_states or not (t_states - p_states):
            return None
        why.append(f"{'/'.join(sorted(p_states))} forces struck {'/'.join(sorted(t_states - p_states))} forces")
    if line.get("new_country"):
        new = _new_country(event, store, as_of)
        if new is None:
            return None
        why.append(f"first incident of this conflict in {new} in two years")
    return "; ".join(why) if why else None


# ------------------------------------------------------------------------------ the judgment
@dataclass(slots=True)
class Crossing(SchemaRecord):
    """A red line the incident crosses: the line's `id`, `description`, `level` and `sources`
    (knowledge/red_lines.yaml), and `why` it is crossed."""

    id: str
    description: str | None
    level: str
    why: str
    sources: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "description": self.description, "level": self.level, "why": self.why,
                "sources": self.sources}


@dataclass(slots=True)
class Escalation(SchemaRecord):
    """The schema's `context.escalation`: a `level` and the `reasons` that explain it, with what they
    rest on: the red lines crossed, the severity percentile and the thread's pace."""

    level: str
    reasons: list[str] = field(default_factory=list)
    red_lines: list[Crossing] = field(default_factory=list)
    severity_percentile: float | None = None
    intensity_ratio: float | None = None
    thread: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "reasons": self.reasons, "red_lines": [c.to_dict() for c in self.red_lines],
                "severity_percentile": self.severity_percentile, "intensity_ratio": self.intensity_ratio,
                "thread": self.thread}


def _max_level(*levels: str) -> str:
    return max(levels, key=LEVELS.index)


def statistical_level(percentile: float | None, ratio: float | None) -> str:
    """The level the numbers alone support (at most `significant`)."""
    hot = ratio is not None and ratio >= HOT_RATIO
    if percentile is not None and percentile >= SEVERE_PERCENTILE and hot:
        return "significant"
    if hot or (percentile is not None and percentile >= NOTABLE_PERCENTILE):
        return "limited"
    if ratio is not None and ratio <= COOL_RATIO and (percentile is None or percentile < 0.5):
        return "de-escalation"
    return "none"


def intensity_ratio(event: Event, store: Store, as_of: Any, thread: Thread,
                    forecaster: ThreadForecaster | None = None, same_as: Sequence[str] = ()) -> float | None:
    """The thread's Hawkes intensity just after `as_of` over its average rate in the window, the
    incident included even when it is not stored yet."""
    forecaster = forecaster or ThreadForecaster()
    frame = read_threads(store, as_of, [thread], since=forecaster.history_since(as_of), until=as_of_day(as_of))
    stored = set(frame.frame["event_id"][frame.mask(thread)])
    add = [] if {event.id, *same_as} & stored else [day_number(event.date_start)]
    return forecaster.forecast_frame(frame, as_of, [thread], add_days=add)[thread.key].intensity_ratio


def escalation(event: Event, store: Store, as_of: Any, thread: Thread | None = None,
               rank: SeverityRank | None = None, same_as: Sequence[str] = (), from_history: bool = True) -> Escalation:
    """The schema's `context.escalation`: a level and the reasons that explain it. `same_as`: stored
    events that are this very incident. Without `from_history` (the store covers nothing of the
    area: `analysis.coverage`), only the red lines speak: no severity percentile, no pace."""
    thread = (thread or next(iter(threads_for(event)), None)) if from_history else None
    crossings = []
    for line in red_lines():
        why = crossed(line, event, store, as_of)
        if why:
            crossings.append(Crossing(line["id"], line.get("description"), line.get("level", "limited"), why,
                                      list(line.get("sources") or [])))
    pct = ratio = None
    reasons: list[str] = []
    if thread is not None:
        rank = rank or severity_rank(event, store, as_of, thread, same_as=same_as)
        pct = rank.percentile
        ratio = intensity_ratio(event, store, as_of, thread, same_as=same_as)
        if pct is not None:
            reasons.append(f"Its severity is at the {100 * pct:.0f}th percentile of the {thread.description} "
                           f"over the past two years ({rank.history_events} events).")
        if ratio is not None:
            pace = ("well above" if ratio >= HOT_RATIO else "above" if ratio > 1.2 else
                    "well below" if ratio <= COOL_RATIO else "below" if ratio < 0.8 else "close to")
            reasons.append(f"The series is running {pace} its usual pace: its current intensity (Hawkes) is "
                           f"{ratio:.1f} times its average rate over the past year.")
    stat = statistical_level(pct, ratio)
    line_level = _max_level("none", *(c.level for c in crossings)) if crossings else None
    for c in crossings:
        reasons.append(f"It crosses a red line — {(c.description or '').rstrip('.')} ({c.why}); "
                       f"such crossings rank as {c.level}.")
    level = _max_level(stat, line_level) if line_level else stat
    if not crossings:
        reasons.append("It crosses none of the red lines kept in the knowledge base.")
    if level != "major":
        reasons.append(f"Judged {level}: it does not by itself constitute a major escalation"
                       + ("" if crossings else ", absent a red line crossed") + ".")
    else:
        reasons.append("Judged major: " + "; ".join((c.description or "").rstrip(".") for c in crossings
                                                    if c.level == "major") + ".")
    return Escalation(level=level, reasons=reasons, red_lines=crossings,
                      severity_percentile=pct, intensity_ratio=round(ratio, 3) if ratio is not None else None,
                      thread=thread.description if thread else None)
