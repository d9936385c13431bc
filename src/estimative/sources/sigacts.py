"""Iraq SIGACTS (US military significant activities, FOIA release): time, event_type, target, city.

The release was converted from fixed-width printouts, and it shows: event types are cut at 13
characters (`Indirect Fir`, `Small Arms, I`), the target and town columns slide into each other
(`Coalition     Baghdad`, `e   Coalition Forces   T`), and each printed page repeated its
column titles (`Attack Type, Target, City`). So:

* every comma-separated event type part is matched to the known types, exactly or as a
  prefix, and the first gives the ACLED type; all of them give weapon classes;
* target and town are read from the two columns together, split on runs of spaces: a part
  that is (the start of) a target category is the target, a part the gazetteer knows in Iraq
  is the town; cut-off town names (`Bagh`) are not guessed;
* rows holding the page titles, or without a time, are quarantined with that reason.

The natural key is the report time plus the row's rank among rows with the same time.
"""
from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from estimative.model import Event, Target, Weapon
from estimative.sources import geocode
from estimative.sources.base import ARMED_TARGETS, Adapter, NaturalKeys, RowError, actor_ref, text
from estimative.sources.csvfile import CsvRow

COUNTRY = "IRQ"
# SIGACTS attack type -> (ACLED event type, sub-event type, weapon classes). None as the type
# means "an attack by direct means": an armed clash on an armed target, else violence against
# civilians (see base.acled_types_for_attack).
REMOTE = "Explosions/Remote violence"
ATTACK_TYPES: dict[str, tuple[str | None, str | None, tuple[str, ...]]] = {
    "ied": (REMOTE, "Remote explosive/landmine/IED", ("ied",)),
    "multiple ieds": (REMOTE, "Remote explosive/landmine/IED", ("ied",)),
    "efp": (REMOTE, "Remote explosive/landmine/IED", ("ied",)),  # explosively formed penetrator
    "cwied": (REMOTE, "Remote explosive/landmine/IED", ("ied",)),  # command-wire IED
    "mine": (REMOTE, "Remote explosive/landmine/IED", ("ied",)),
    "land mine": (REMOTE, "Remote explosive/landmine/IED", ("ied",)),
    "vbied": (REMOTE, "Remote explosive/landmine/IED", ("vbied",)),
    "wbied": (REMOTE, "Remote explosive/landmine/IED", ("vbied",)),  # water-borne IED
    "svbied": (REMOTE, "Suicide bomb", ("vbied", "suicide_bomb")),
    "vest": (REMOTE, "Suicide bomb", ("suicide_bomb",)),
    "mortar": (REMOTE, "Shelling/artillery/missile attack", ("mortar",)),
    "rocket": (REMOTE, "Shelling/artillery/missile attack", ("rocket",)),
    "indirect fire": (REMOTE, "Shelling/artillery/missile attack", ("unknown",)),  # mortar or rocket, not said
    "sam": (REMOTE, "Shelling/artillery/missile attack", ("missile",)),
    "hand grenade": (REMOTE, "Grenade", ("grenade",)),
    "grenade": (REMOTE, "Grenade", ("grenade",)),
    "chemical": (REMOTE, "Chemical weapon", ("chemical",)),
    "small arms": (None, None, ("small_arms",)),
    "safire": ("Battles", "Armed clash", ("small_arms",)),  # surface-to-air fire at aircraft
    "aaa": ("Battles", "Armed clash", ("artillery",)),  # anti-aircraft artillery
    "rpg": (None, None, ("rpg",)),
    "rock": ("Riots", "Mob violence", ("other",)),  # stones thrown
    "other": (None, None, ("other",)),
    "n/a": (None, None, ("unknown",)),
}
_ATTACK_NAMES = tuple(ATTACK_TYPES)
# Target categories as written (and cut) in the release -> (target type, the forces' country).
TARGETS: dict[str, tuple[str | None, str | None]] = {
    "coalition forces": ("military", "USA"),
    "coalition": ("military", "USA"),
    "iraqi security forces": ("military", COUNTRY),
    "host nation": ("military", COUNTRY),
    "civilian": ("civilians", COUNTRY),
    "civilians": ("civilians", COUNTRY),
    "government organization": ("government", COUNTRY),
    "infrastructure": ("infrastructure", None),
    "reconstruction operations": ("infrastructure", None),
    "enemy": ("armed group", None),
    "none": (None, None),
}
# Actor behind each force category (resolved through the registry, never an id in code).
TARGET_ACTORS = {"coalition forces": "Coalition Forces", "coalition": "Coalition Forces",
                 "iraqi security forces": "Iraqi Security Forces", "host nation": "Iraqi Security Forces"}
HEADER_WORDS = frozenset({"attack type", "target", "city", "time", "event_type"})
_SPACES = re.compile(r"\s{2,}")
_ACRONYMS = frozenset({"ied", "efp", "cwied", "vbied", "wbied", "svbied", "sam", "rpg", "aaa", "safire", "n/a"})


def _prefix_match(part: str, names: tuple[str, ...], min_len: int) -> str | None:
    """The one name `part` spells out or begins (a cut-off word), else None."""
    p = part.strip().casefold()
    if p in names:
        return p
    if len(p) < min_len:
        return None
    hits = [n for n in names if n.startswith(p)]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=4096)
def attack_types(raw: str) -> tuple[str, ...]:
    """The known attack types in an event_type cell (`IED, Small Ar` -> ("ied", "small arms"))."""
    cell = raw.strip().casefold()
    if cell in ATTACK_TYPES:
        return (cell,)
    found: list[str] = []
    for part in re.split(r"[,/]", cell):
        name = _prefix_match(part, _ATTACK_NAMES, 1)
        if name and name not in found:
            found.append(name)
    return tuple(found)


@lru_cache(maxsize=4096)
def weapon_specs(kinds: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(class, name) of the weapons of some attack types, each class once."""
    out: dict[str, str] = {}
    for k in kinds:
        for cls in ATTACK_TYPES[k][2]:
            out.setdefault(cls, k.upper() if k in _ACRONYMS else k.title())
    return tuple(out.items())


@lru_cache(maxsize=65536)
def target_and_town(target_cell: str, city_cell: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(target category, town name, header words seen) from the two sliding columns."""
    category = town = None
    headers: list[str] = []
    names = tuple(TARGETS)
    for cell in (target_cell, city_cell):
        for part in _SPACES.split(cell.strip()):
            p = part.strip()
            if not p:
                continue
            if p.casefold() in HEADER_WORDS:
                headers.append(p)
                continue
            cat = _prefix_match(p, names, 4)
            if cat is not None:
                category = category or cat
                continue
            if town is None and geocode.town(p, (COUNTRY,)) is not None:
                town = p
    return category, town, tuple(headers)


class SigactsAdapter(Adapter):
    name = "sigacts"
    required = ("time", "event_type", "target", "city")

    keys: NaturalKeys  # the report time: the source has no id column

    def __init__(self, mapping: Path | None = None) -> None:
        super().__init__(mapping)
        self.keys = NaturalKeys()
        self._targets: dict[str, tuple] = {}

    def _target(self, category: str) -> tuple:
        """(target type, Target, target actors) of a category, made once."""
        if category not in self._targets:
            ttype, country = TARGETS[category]
            actor = TARGET_ACTORS.get(category)
            refs = [actor_ref(actor)] if actor else []
            affiliations = [country] if country else []
            affiliations += [r.id or r.name for r in refs]
            self._targets[category] = (ttype, category.title(), affiliations, refs)
        return self._targets[category]

    def convert(self, row: CsvRow) -> Event:
        d = row.data
        raw_time, raw_type = d["time"].strip(), d["event_type"].strip()
        if raw_type.casefold() in HEADER_WORDS:
            raise RowError(f"a repeated page header ({raw_type!r}), not an event")
        if not raw_time:
            raise RowError("no time")
        try:
            when = datetime.fromisoformat(raw_time)
        except ValueError:
            raise RowError(f"time: not a date-time: {raw_time!r}") from None
        kinds = attack_types(raw_type)
        if not kinds:
            raise RowError(f"unknown attack type {raw_type!r}")
        category, town_name, headers = target_and_town(d["target"], d["city"])
        if headers and category is None and town_name is None:
            raise RowError(f"page header words in the target/city columns ({', '.join(headers)}), not an event")
        targets, refs, ttype = [], [], None
        if category is not None:
            ttype, description, affiliations, refs = self._target(category)
            if ttype is not None:
                targets = [Target(type=ttype, description=description, affiliations=list(affiliations))]
        event_type, sub_event_type, _ = ATTACK_TYPES[kinds[0]]
        if event_type is None:
            event_type, sub_event_type = ("Battles", "Armed clash") if ttype in ARMED_TARGETS or ttype is None \
                else ("Violence against civilians", "Attack")
        weapons = [Weapon(cls=cls, name=name) for cls, name in weapon_specs(kinds)]
        hit = geocode.town(town_name, (COUNTRY,)) if town_name else None
        day = when.date()
        extra: dict[str, str] = {"time": f"{when.hour:02d}:{when.minute:02d}"}
        if town_name is None and (text(d["city"]) or _SPACES.search(d["target"])):
            extra["place_as_written"] = " / ".join(p for p in (d["target"].strip(), d["city"].strip()) if p)
        return Event(
            source="sigacts", source_id=self.keys.key(raw_time), date_start=day, date_end=day,
            date_precision="day", country=COUNTRY, admin1=hit.admin1 if hit else None, location=town_name,
            lat=hit.lat if hit else None, lon=hit.lon if hit else None,
            location_precision_km=hit.precision_km if hit else None,
            event_type=event_type, sub_event_type=sub_event_type, weapons=weapons,
            targets_actors=[actor_ref(r.name) for r in refs], target_type=ttype, targets=targets,
            claim_status="unknown", extra=extra,
        )
