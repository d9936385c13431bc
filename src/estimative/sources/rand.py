"""RAND Database of Worldwide Terrorism Incidents (RDWTI): Date, City, Country, Perpetrator,
Weapon, Injuries, Fatalities, Description.

RAND gives no incident id, so the natural key is the date plus a digest of country, city and
description, numbered in file order for identical rows. The coded fields (perpetrator, weapon,
casualties) are not part of the key: a corrected count is a revision of the same event.

The release's text was written on a Mac and decoded as Latin-1 somewhere on its way (Qa'idat
reads `QaÕidat`, Bogotá reads `Bogot\\x87`); such text is re-decoded as Mac Roman here, so the
stored notes and names read as RAND wrote them. The file itself is never changed.

RAND's "Al Qaeda" is read with the maintainers' decision of issue #17 (`rand_perpetrator`): on
incidents in Iraq from 17 October 2004 on (the day al-Zarqawi's group pledged to al-Qaeda) it
denotes al-Qaeda in Iraq, the registry's AQI -> ISI line (the member of the line on the incident's
day); elsewhere al-Qaeda. This follows from what the name meant in Iraq then. The perpetrator's
name stays as RAND wrote it; only the actor it resolves to differs.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from estimative.model import ActorRef, Count, Event, Weapon
from estimative.sources import geocode
from estimative.sources.base import (
    Adapter,
    NaturalKeys,
    acled_types_for_attack,
    actor_ref,
    short_hash,
    text,
    to_count,
    to_date,
    weapons_in,
)
from estimative.sources.csvfile import CsvRow

# Weapon classes an "Explosives" incident may be refined to when the description names one.
EXPLOSIVE_CLASSES = frozenset({"rocket", "missile", "mortar", "artillery", "airstrike", "drone", "ied", "vbied",
                               "suicide_bomb", "grenade", "rpg"})
# RAND's coarse Weapon values -> weapon class (explosives are refined from the description).
WEAPON_CLASS = {
    "firearms": "small_arms",
    "fire or firebomb": "arson",
    "knives & sharp objects": "knife",
    "chemical agent": "chemical",
    "unknown": "unknown",
    "": "unknown",
}
EXPLOSIVE_VALUES = frozenset({"explosives", "remote-detonated explosive", "bombing"})
NO_PERPETRATOR = frozenset({"unknown", "other", ""})
_ABDUCTION = re.compile(r"\b(?:kidnap\w*|abduct\w*|taken hostage|held hostage|hijack\w*)", re.IGNORECASE)
# Mac Roman punctuation and accented letters read as Latin-1: C1 controls (\x8e for é) and the
# quote and dash letters (Õ for ’, Ò Ó for “ ”, Ð for –); real text has neither.
_MOJIBAKE = re.compile(r"[\x80-\x9fÒÓÔÕÐÑ]")
# The decision of issue #17 (see the module doc).
AQI_PLEDGE = date(2004, 10, 17)
AL_QAEDA, AL_QAEDA_IN_IRAQ = "al_qaeda", "al_qaeda_in_iraq"


def repair(value: str | None) -> str | None:
    """Undo the Mac Roman -> Latin-1 mis-decoding of the RAND release (see the module doc); text
    without its marks (a correctly encoded "Bogotá") is left alone."""
    if value is None or not _MOJIBAKE.search(value):
        return value
    try:
        return value.encode("latin-1").decode("mac_roman")
    except UnicodeError:  # a character beyond Latin-1: this text was not mis-decoded
        return value


def rand_weapons(weapon: str | None, description: str | None) -> list[Weapon]:
    """Weapon classes of an incident: RAND's coded weapon, refined from the description for explosives."""
    raw = (weapon or "").strip()
    key = raw.casefold()
    if key in EXPLOSIVE_VALUES:
        named = [w for w in weapons_in(description) if w.cls in EXPLOSIVE_CLASSES]
        if len(named) > 1:  # a generic "bomb" beside a named kind ("a car bomb ... the bomb") is that kind
            named = [w for w in named if w.cls != "ied"]
        return named or [Weapon(cls="ied", name=raw)]
    return [Weapon(cls=WEAPON_CLASS.get(key, "other"), name=raw or None)]


def aqi_line_member(day: date) -> str:
    """The group of the registry's al-Qaeda in Iraq line on a day: AQI, or the successor the
    registry has taking it on by then (Mujahideen Shura Council 2006-01, Islamic State of Iraq 2006-10)."""
    from estimative.knowledge import registry

    reg = registry()
    line = {AL_QAEDA_IN_IRAQ, *reg.successors(AL_QAEDA_IN_IRAQ)}
    member, since = AL_QAEDA_IN_IRAQ, date.min
    for actor_id in reg.successors(AL_QAEDA_IN_IRAQ):
        for link in reg.get(actor_id).lineage:
            start = _link_date(link.when)
            if link.relation == "successor_of" and link.actor in line and start is not None \
                    and since < start <= day:
                member, since = actor_id, start
    return member


def _link_date(value: Any) -> date | None:
    """A lineage date ('2006-10', '2006', a date) as its first day."""
    if isinstance(value, date):
        return value
    parts = str(value or "").split("-")
    if not parts[0].isdigit():
        return None
    return date(int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1, 1)


def rand_perpetrator(name: str, country: str | None, day: date) -> ActorRef:
    """RAND's perpetrator resolved through the registry, "Al Qaeda" read with the decision of
    issue #17: in Iraq from the pledge on, the member of the AQI line on the day; elsewhere al-Qaeda."""
    ref = actor_ref(name)
    if ref.id != AL_QAEDA or country != "IRQ" or day < AQI_PLEDGE:
        return ref
    from estimative.knowledge import registry

    member = registry().get(aqi_line_member(day)).ref()
    return ActorRef(name=name, id=member.id, families=list(member.families), country=member.country)


class RandAdapter(Adapter):
    name = "rand"
    required = ("date", "city", "country", "perpetrator", "weapon", "injuries", "fatalities", "description")

    keys: NaturalKeys  # the date and a digest of place and description: the source has no id column

    def __init__(self, mapping: Path | None = None) -> None:
        super().__init__(mapping)
        self.keys = NaturalKeys()

    def convert(self, row: CsvRow) -> Event:
        d = row.data
        day = to_date(d["date"], "Date")
        fatalities = to_count(d["fatalities"], "Fatalities")
        injuries = to_count(d["injuries"], "Injuries")
        description = repair(text(d["description"]))
        city = repair(text(d["city"]))
        iso3, admin1, hit = geocode.place(text(d["country"]), city)
        weapons = rand_weapons(d["weapon"], description)
        perpetrator = repair(text(d["perpetrator"]))
        if description and _ABDUCTION.search(description):
            event_type, sub_event_type = "Violence against civilians", "Abduction/forced disappearance"
        else:
            event_type, sub_event_type = acled_types_for_attack((w.cls for w in weapons), None)
        key = self.keys.key(f"{day.isoformat()}/{short_hash(d['country'], d['city'], d['description'])}")
        return Event(
            source="rand", source_id=key, date_start=day, date_end=day, date_precision="day",
            country=iso3, admin1=admin1, location=city,
            lat=hit.lat if hit else None, lon=hit.lon if hit else None,
            location_precision_km=hit.precision_km if hit else None,
            event_type=event_type, sub_event_type=sub_event_type, weapons=weapons,
            perpetrators=[] if (perpetrator or "").casefold() in NO_PERPETRATOR
            else [rand_perpetrator(perpetrator, iso3, day)],
            fatalities=Count.exact(fatalities), injuries=Count.exact(injuries),
            claim_status="unknown", notes=description,
            extra={"country_name": text(d["country"])} if iso3 is None else {},
        )
