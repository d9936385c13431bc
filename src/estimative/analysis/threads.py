"""Threads: the series of stored events an incident belongs to, and how to read them as of a date.

A thread is a set of filters over stored events — country, target family, perpetrator family,
weapon family, place, source fields — with a sentence that names it ("rocket, mortar and
artillery attacks targeting US and coalition forces in Iraq"). Series context, severity
ranks, escalation and forecasts all work on threads, and all read them the same way: one
`Store.frame(as_of, ...)` query, then vectorised masks (`ThreadFrame`), so a backtest that asks
about sixty threads at each of a hundred origins stays fast and uses the very same code.

An incident alone in its own country (the first attack of its kind there) is read in regional
threads: the same filters over its country and the countries it borders (`regional_threads`),
named for the countries the current run reaches (`series.regional_series`).

Families come from the knowledge files, never from code: an affiliation that is an actor id
(or a name the registry resolves) takes that actor's families; an ISO3 code stands for that
state's forces — the `state_force` actor whose alias is "Government of <country>".
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from estimative.model import Event
from estimative.store import EventFilter, Store

# Weapon classes grouped as analysts speak of them (the class list is model.WEAPON_CLASSES).
WEAPON_FAMILIES: dict[str, tuple[str, ...]] = {
    "rocket, mortar and artillery": ("rocket", "mortar", "artillery"),
    "missile": ("missile",),
    "drone": ("drone",),
    "air strike": ("airstrike",),
    "bombing": ("ied", "vbied", "suicide_bomb"),
    "direct fire": ("small_arms", "rpg", "grenade", "knife"),
}
CIVILIANS = "civilians"
_SCALAR_KEYS = ("source", "country", "admin1", "location", "event_type", "sub_event_type", "target_type")
_LIST_KEYS = ("weapon_classes", "target_family", "perpetrator_family", "perpetrator_ids")
FILTER_KEYS = frozenset(_SCALAR_KEYS + _LIST_KEYS + ("extra",))


class ThreadError(ValueError):
    """A thread asks for a filter that does not exist."""


# ------------------------------------------------------------------------------------ families
@lru_cache(maxsize=1)
def state_forces() -> dict[str, str]:
    """ISO3 -> id of that state's forces: the `state_force` actor aliased "Government of <country>"."""
    from estimative.geo import country_of
    from estimative.knowledge import registry

    out: dict[str, str] = {}
    for actor in registry().actors:
        if actor.kind != "state_force":
            continue
        for alias in actor.aliases:
            if alias.startswith("Government of "):
                iso3 = country_of(alias.removeprefix("Government of "))
                if iso3:
                    out.setdefault(iso3, actor.id)
    return out


@lru_cache(maxsize=4096)
def actor_families(name_or_id: str | None) -> tuple[str, ...]:
    """Families of an actor id, a name the registry resolves, or an ISO3 code (that state's forces)."""
    if not name_or_id:
        return ()
    from estimative.knowledge import registry

    reg = registry()
    if name_or_id in reg:
        return tuple(reg.families(name_or_id))
    forces = state_forces().get(name_or_id)
    if forces is not None:
        return tuple(reg.families(forces))
    actor = reg.resolve(name_or_id)
    return tuple(actor.families) if actor else ()


@lru_cache(maxsize=4096)
def target_families(affiliations: tuple[str, ...], target_type: str | None) -> tuple[str, ...]:
    """Families a target belongs to: civilians are civilians whoever's they are; any other target
    takes the families of its affiliations (USA -> "US and coalition forces")."""
    if target_type == CIVILIANS:
        return (CIVILIANS,)
    out: list[str] = []
    for a in affiliations:
        out.extend(f for f in actor_families(a) if f not in out)
    return tuple(out)


def weapon_family(classes: Iterable[str]) -> str | None:
    """The first weapon family any of the classes belongs to."""
    classes = set(classes)
    for name, members in WEAPON_FAMILIES.items():
        if classes & set(members):
            return name
    return None


def event_perpetrator(e: Event) -> str | None:
    """The perpetrator's registry id as the record states it (claimant or named perpetrator)."""
    for ref in ([e.claimant] if e.claimant else []) + list(e.perpetrators):
        if ref is not None and ref.id:
            return ref.id
    return None


def value_test(key: str, values: set[Any]) -> Callable[[Any], bool]:
    """Which stored values a thread filter accepts: for a family filter, the affiliations or actor
    ids whose families include one of `values`; for any other, the values themselves. The
    in-memory masks (`ThreadFrame`) and the SQL counts (`store.counting`) both resolve filters so."""
    if key in ("target_family", "perpetrator_family"):
        return lambda a: bool(values & set(actor_families(a)))
    return values.__contains__


# ------------------------------------------------------------------------------------ threads
def _norm(value: Any) -> str:
    """Filter values compare as text; "1.0" and 1 are the same code."""
    text = str(value)
    try:
        f = float(text)
    except ValueError:
        return text
    return str(int(f)) if f.is_integer() else text


@dataclass(frozen=True, slots=True)
class Thread:
    """A named set of filters over stored events (all must hold; a list means any of its values)."""

    description: str
    filters_json: str

    @classmethod
    def make(cls, description: str, **filters: Any) -> Thread:
        unknown = set(filters) - FILTER_KEYS
        if unknown:
            raise ThreadError(f"unknown thread filters {sorted(unknown)}: use {sorted(FILTER_KEYS)}")
        clean = {k: v for k, v in filters.items() if v not in (None, [], (), {})}
        return cls(description, json.dumps(clean, sort_keys=True, default=str))

    @property
    def filters(self) -> dict[str, Any]:
        return json.loads(self.filters_json)

    @property
    def key(self) -> str:
        return self.filters_json

    def to_dict(self) -> dict[str, Any]:
        return {"description": self.description, "filters": self.filters}


class ThreadFrame:
    """Stored events as one DataFrame; thread masks are vectorised over factorised columns, each
    column factorised once per frame (a backtest asks sixty threads of the same frame)."""

    def __init__(self, frame: pd.DataFrame, applied: Iterable[str] = ()) -> None:
        self.frame = frame.reset_index(drop=True)
        self.applied = frozenset(applied)  # filters the store applied already
        self._cache: dict[str, Any] = {}
        self.days = (pd.to_datetime(self.frame["date_start"]).values.astype("datetime64[D]").astype(np.int64)
                     if len(self.frame) else np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.frame)

    def _factorised(self, column: str) -> tuple[np.ndarray, list[Any]]:
        """(codes, distinct values) of a scalar column; missing values get code -1."""
        key = f"codes:{column}"
        if key not in self._cache:
            codes, uniques = pd.factorize(self.frame[column], use_na_sentinel=True)
            self._cache[key] = (np.asarray(codes), list(uniques))
        return self._cache[key]

    def _exploded(self, column: str) -> tuple[np.ndarray, np.ndarray, list[Any]]:
        """(row of each element, element codes, distinct elements) of a list column."""
        key = f"explode:{column}"
        if key not in self._cache:
            col = self.frame[column]
            ex = col.explode()
            keep = ex.notna().to_numpy()
            rows = np.asarray(ex.index)[keep]
            codes, uniques = pd.factorize(ex[keep], use_na_sentinel=True)
            self._cache[key] = (rows, np.asarray(codes), list(uniques))
        return self._cache[key]

    def _scalar_in(self, column: str, wanted: Callable[[Any], bool]) -> np.ndarray:
        codes, uniques = self._factorised(column)
        hit = np.array([bool(wanted(u)) for u in uniques] + [False], dtype=bool)
        return hit[codes]  # code -1 (missing) takes the trailing False

    def _list_any(self, column: str, wanted: Callable[[Any], bool]) -> np.ndarray:
        rows, codes, uniques = self._exploded(column)
        hit = np.array([bool(wanted(u)) for u in uniques] + [False], dtype=bool)
        m = np.zeros(len(self.frame), dtype=bool)
        m[rows[hit[codes]]] = True
        return m

    def extra_values(self, key: str) -> np.ndarray:
        """One `extra` field of every row, as normalised text ("" where absent)."""
        cache_key = f"extra:{key}"
        if cache_key not in self._cache:
            if "record" not in self.frame:
                raise ThreadError("a thread filters on `extra`: read the frame with the record column")
            if "extras" not in self._cache:  # the record's last element is `extra`
                self._cache["extras"] = [json.loads(r)[-1] or {} for r in self.frame["record"].tolist()]
            self._cache[cache_key] = np.array([_norm(x[key]) if key in x else "" for x in self._cache["extras"]],
                                              dtype=object)
        return self._cache[cache_key]

    def _filter_mask(self, key: str, value: Any) -> np.ndarray:
        cache_key = "mask:" + json.dumps([key, value], sort_keys=True, default=str)
        if cache_key not in self._cache:  # threads share filters (the same weapon classes in every town)
            self._cache[cache_key] = self._compute_mask(key, value)
        return self._cache[cache_key]

    def _compute_mask(self, key: str, value: Any) -> np.ndarray:
        if key == "extra":
            m = np.ones(len(self.frame), dtype=bool)
            for k, v in value.items():
                vals = v if isinstance(v, list) else [v]
                m &= np.isin(self.extra_values(k), [_norm(x) for x in vals])
            return m
        values = set(value) if isinstance(value, list) else {value}
        test = value_test(key, values)
        if key in _SCALAR_KEYS:
            return self._scalar_in(key, test)
        if key == "weapon_classes":
            return self._list_any("weapon_classes", test)
        if key == "target_family":
            civil = self._scalar_in("target_type", lambda t: t == CIVILIANS)
            m = ~civil & self._list_any("target_affiliations", test)
            return m | civil if CIVILIANS in values else m
        if key in ("perpetrator_family", "perpetrator_ids"):
            perp = self._scalar_in("perpetrator_id", test)
            claim = self._scalar_in("claimant_id", test)
            if key == "perpetrator_ids":
                return perp | claim
            # the claimant speaks for the perpetrator when both are given (event_perpetrator's order)
            has_claim = self._factorised("claimant_id")[0] >= 0
            return np.where(has_claim, claim, perp)
        raise ThreadError(f"unknown thread filter {key!r}")

    def mask(self, thread: Thread) -> np.ndarray:
        """Which rows belong to the thread."""
        m = np.ones(len(self.frame), dtype=bool)
        for key, value in thread.filters.items():
            if key not in self.applied:
                m &= self._filter_mask(key, value)
        return m


def columns_for(threads: Sequence[Thread], also: Sequence[str] = (), skip: Iterable[str] = ()) -> list[str]:
    """The columns a frame needs to answer the threads' filters (plus `also`, less the `skip`ped
    filters the store already applied)."""
    skip = set(skip)
    cols = ["date_start", *also]
    for t in threads:
        for key in t.filters:
            if key in skip:
                continue
            cols += {"weapon_classes": ["weapon_classes"], "target_family": ["target_affiliations", "target_type"],
                     "perpetrator_family": ["perpetrator_id", "claimant_id"],
                     "perpetrator_ids": ["perpetrator_id", "claimant_id"], "extra": ["record"]}.get(key, [key])
    return list(dict.fromkeys(cols))


def read_threads(store: Store, as_of: Any, threads: Sequence[Thread], since: date | None = None,
                 until: date | None = None, also: Sequence[str] = ("event_id",)) -> ThreadFrame:
    """One as-of query covering every thread, reading only the columns the filters need plus `also`.

    Country and source go to the store's own filter when the threads share them; a single value
    every thread asks for is then applied by the store alone.
    """
    countries: set[str | None] = set()
    sources: set[str | None] = set()
    for t in threads:
        f = t.filters
        c = f.get("country")
        countries.update([c] if isinstance(c, str) else (c or [None]))
        s = f.get("source")
        sources.update([s] if isinstance(s, str) else (s or [None]))
    shared_country = sorted(c for c in countries if c) if None not in countries and countries else None
    shared_source = next(iter(sources)) if len(sources) == 1 and None not in sources else None
    flt = EventFilter(country=shared_country, source=shared_source, since=since, until=until)
    done = set()
    if shared_source is not None:
        done.add("source")
    if shared_country is not None and len(shared_country) == 1 and all(
            t.filters.get("country") in (shared_country[0], shared_country) for t in threads):
        done.add("country")
    return ThreadFrame(store.frame(as_of, flt, columns_for(threads, also, skip=done)), applied=done)


def as_of_day(as_of: Any) -> date:
    """The calendar day an as-of point falls on (a date is its own day)."""
    if as_of is None:
        raise ThreadError("as_of is required: every analysis is made as of a point in time")
    if isinstance(as_of, datetime):
        return as_of.date()
    if isinstance(as_of, date):
        return as_of
    return datetime.fromisoformat(str(as_of)).date()


def day_number(d: date) -> int:
    """Days since 1970-01-01, the unit every thread time series is counted in."""
    return (d - date(1970, 1, 1)).days


def from_day_number(n: int) -> date:
    return date(1970, 1, 1) + timedelta(days=int(n))


# ------------------------------------------------------------------------------------ an incident's threads
def _where(countries: Sequence[str]) -> str:
    """"Iraq", "Iraq and Syria", "Iraq, Syria and Jordan"."""
    from estimative.geo import country_name

    names = [country_name(c) for c in countries]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _country_label(countries: Sequence[str], family: str = "") -> str:
    """" in Iraq" — unless the family's name already ends with it ("Iran-aligned militias in Iraq")."""
    if not countries:
        return ""
    label = f" in {_where(countries)}"
    return "" if family.endswith(label) else label


def neighbourhood(iso3: str) -> list[str]:
    """A country and the countries it borders (GeoNames): where a campaign next door may reach."""
    from estimative.geo import countries

    c = countries().get(iso3)
    return [iso3, *(c.neighbours if c else ())]


def threads_for(event: Event, perpetrator_family: str | None = None,
                countries: Sequence[str] | None = None) -> list[Thread]:
    """The threads an incident belongs to, broadest first within each target family.

    For each family of its targets (foreign forces before the host state's): all incidents
    targeting that family in the country; the same with the incident's weapon family; the same
    by the perpetrator's family (stated, or `perpetrator_family` from attribution), where known.
    `countries` widens the place from the incident's country to several (a regional thread).
    """
    if not event.country:
        return []
    place = list(countries) if countries else [event.country]
    home = set(actor_families(event.country))
    fams: list[str] = []
    for t in event.targets:
        for f in target_families(tuple(t.affiliations), t.type):
            if f not in fams:
                fams.append(f)
    if not fams and event.target_type == CIVILIANS:
        fams = [CIVILIANS]
    fams.sort(key=lambda f: f in home)  # foreign forces first: they make the story
    wfam = weapon_family(w.cls for w in event.weapons)
    perp = event_perpetrator(event)
    pfams = list(actor_families(perp)) if perp else []
    pfam = perpetrator_family or (pfams[0] if pfams else None)
    out: list[Thread] = []
    for fam in fams:
        where = _country_label(place, fam)
        base = {"country": place[0] if len(place) == 1 else place, "target_family": [fam]}
        out.append(Thread.make(f"incidents targeting {fam}{where}", **base))
        if wfam:
            out.append(Thread.make(f"{wfam} attacks targeting {fam}{where}", **base,
                                   weapon_classes=list(WEAPON_FAMILIES[wfam])))
        if pfam:
            out.append(Thread.make(f"attacks by {pfam} targeting {fam}{where}", **base,
                                   perpetrator_family=[pfam]))
    return out


def regional_threads(event: Event, perpetrator_family: str | None = None) -> list[Thread]:
    """The incident's threads over its country and the countries it borders: the campaign an
    incident joins when it is the first of its kind in its own country (Tower 22 in Jordan, in the
    attacks on US forces in Iraq and Syria)."""
    return threads_for(event, perpetrator_family, countries=neighbourhood(event.country)) if event.country else []
