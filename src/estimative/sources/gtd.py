"""Global Terrorism Database (GTD) CSV export, per the GTD codebook
(https://www.start.umd.edu/gtd/downloads/Codebook.pdf).

Read: eventid (the natural key), iyear/imonth/iday (a 0 month or day means unknown: the event
then spans that month or year, at month or year precision), country_txt, region_txt, provstate,
city, latitude, longitude, specificity, attacktype1_txt, targtype1-3_txt, target1, natlty1-3_txt,
gname/gname2/gname3, claimed, weaptype1-4_txt, weapsubtype1-4_txt, suicide, nkill, nwound,
summary, scite1-3. Every other column goes to `extra` as written, except the codebook's sentinels
-9 and -99 ("unknown"; nperps, propvalue, ishostkid, ...): an unknown value is left out, not kept
as a number. A perpetrator "Unknown" is no perpetrator.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from estimative.model import ActorRef, Count, Event, Target, Weapon
from estimative.sources import geocode
from estimative.sources.base import (
    Adapter,
    RowError,
    acled_types_for_attack,
    actor_ref,
    text,
    to_count,
    to_int,
    to_latlon,
    weapons_in,
)
from estimative.sources.csvfile import CsvRow

# specificity -> radius in km (1 the town's coordinates; 2 a town without coordinates, placed at its
# smallest administrative unit; 3 not in a town, same; 4 first-order region only; 5 no region known).
SPECIFICITY_KM = {1: 5.0, 2: 50.0, 3: 50.0, 4: 150.0}
TARGET_TYPES = {
    "military": "military", "police": "police", "government (general)": "government",
    "government (diplomatic)": "diplomatic", "business": "business", "utilities": "infrastructure",
    "telecommunication": "infrastructure", "transportation": "infrastructure", "food or water supply": "infrastructure",
    "airports & aircraft": "infrastructure", "maritime": "infrastructure",
    "private citizens & property": "civilians", "tourists": "civilians", "religious figures/institutions": "civilians",
    "educational institution": "civilians", "journalists & media": "civilians", "ngo": "civilians",
    "abortion related": "civilians", "terrorists/non-state militia": "armed group",
    "violent political party": "armed group", "other": "other", "unknown": "unknown",
}
WEAPON_TYPES = {
    "firearms": "small_arms", "incendiary": "arson", "chemical": "chemical", "biological": "other",
    "radiological": "other", "nuclear": "other", "fake weapons": "other", "vehicle (not to include vehicle-borne "
    "explosives, i.e., car or truck bombs)": "other", "sabotage equipment": "other", "other": "other",
    "unknown": "unknown", "melee": "other",
}
EXPLOSIVE_SUBTYPES = {
    "grenade": "grenade", "mine": "ied", "vehicle": "vbied", "suicide (carried bodily by human being)": "suicide_bomb",
}
PROJECTILE = "projectile (rockets, mortars, rpgs, etc.)"
PROJECTILE_CLASSES = frozenset({"rocket", "mortar", "rpg", "missile", "artillery"})
CLAIMED = {1: "claimed", 0: "unclaimed"}
ABDUCTIONS = frozenset({"hostage taking (kidnapping)", "hostage taking (barricade incident)", "hijacking"})
NO_GROUP = frozenset({"unknown", ""})
SENTINELS = frozenset({"-9", "-99", "-9.0", "-99.0"})
MAPPED = frozenset({
    "eventid", "iyear", "imonth", "iday", "country_txt", "provstate", "city", "latitude", "longitude", "specificity",
    "targtype1_txt", "targtype2_txt", "targtype3_txt", "target1", "natlty1_txt", "natlty2_txt", "natlty3_txt",
    "gname", "gname2", "gname3", "claimed", "nkill", "nwound", "summary", "scite1", "scite2", "scite3",
    "weaptype1_txt", "weaptype2_txt", "weaptype3_txt", "weaptype4_txt", "weapsubtype1_txt", "weapsubtype2_txt",
    "weapsubtype3_txt", "weapsubtype4_txt",
})


def gtd_dates(year: int | None, month: int | None, day: int | None) -> tuple[date, date, str]:
    """(start, end, precision): a 0 (unknown) day spans the month, a 0 month spans the year."""
    if year is None:
        raise RowError("iyear: empty")
    try:
        if not month:
            return date(year, 1, 1), date(year, 12, 31), "year"
        if not day:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
        d = date(year, month, day)
    except ValueError:
        raise RowError(f"not a date: year {year}, month {month}, day {day}") from None
    return d, d, "day"


def gtd_weapons(d: dict[str, str], summary: str | None) -> list[Weapon]:
    """Weapon classes of weaptype1-4 (explosives by their subtype; projectiles from the summary)."""
    out: list[Weapon] = []
    for i in range(1, 5):
        wtype = (text(d.get(f"weaptype{i}_txt")) or "").casefold()
        sub = (text(d.get(f"weapsubtype{i}_txt")) or "").casefold()
        if not wtype:
            continue
        name = text(d.get(f"weapsubtype{i}_txt")) or text(d.get(f"weaptype{i}_txt"))
        if wtype.startswith("explosives"):
            if sub == PROJECTILE:
                named = [w for w in weapons_in(summary) if w.cls in PROJECTILE_CLASSES]
                classes = [w.cls for w in named] or ["unknown"]
            else:
                classes = [EXPLOSIVE_SUBTYPES.get(sub, "ied")]
        elif wtype == "melee" and sub.startswith("knife"):
            classes = ["knife"]
        else:
            classes = [WEAPON_TYPES.get(wtype, "other")]
        for cls in classes:
            if all(w.cls != cls for w in out):
                out.append(Weapon(cls=cls, name=name))
    if d.get("suicide", "").strip() == "1" and all(w.cls != "suicide_bomb" for w in out):
        out.append(Weapon(cls="suicide_bomb", name="suicide attack"))
    return out


def gtd_types(attack: str, classes: set[str], target_type: str | None, projectile: bool) -> tuple[str | None, str | None]:
    """ACLED event and sub-event type of a GTD attack type, its weapons and its target."""
    explosive = classes & {"ied", "vbied", "suicide_bomb", "grenade", "rocket", "mortar", "missile", "artillery",
                           "chemical"} or projectile
    if attack in ABDUCTIONS:
        return "Violence against civilians", "Abduction/forced disappearance"
    if attack == "bombing/explosion" or explosive:
        if projectile and not classes & {"ied", "vbied", "suicide_bomb", "grenade", "chemical"}:
            return "Explosions/Remote violence", "Shelling/artillery/missile attack"
        et, sub = acled_types_for_attack(classes, target_type)
        return (et, sub) if et == "Explosions/Remote violence" else ("Explosions/Remote violence",
                                                                      "Remote explosive/landmine/IED")
    if attack == "facility/infrastructure attack":
        return "Strategic developments", "Looting/property destruction"
    if attack == "unknown" and not classes - {"unknown"}:
        return None, None
    return acled_types_for_attack(classes, target_type)


def target_of(type_cell: str | None, description_cell: str | None, nationality_cell: str | None) -> Target | None:
    """One of targtype1-3 with its target and nationality; None when the type is not one of TARGET_TYPES."""
    ttype = TARGET_TYPES.get((text(type_cell) or "").casefold())
    if ttype is None:
        return None
    nat = geocode.country(text(nationality_cell))
    return Target(type=ttype, description=text(description_cell), affiliations=[nat.iso3] if nat and nat.iso3 else [])


def target_type_of(type_cells: Iterable[str | None]) -> str | None:
    """The event's target type: the first of targtype1-3 that is one of TARGET_TYPES."""
    return next((t for t in (TARGET_TYPES.get((text(c) or "").casefold()) for c in type_cells) if t), None)


def perpetrators(groups: Iterable[str | None]) -> list[ActorRef]:
    """gname, gname2, gname3 through the actor registry; "Unknown" is no perpetrator."""
    names = [g for g in (text(c) for c in groups) if g]
    return [actor_ref(g) for g in names if g.casefold() not in NO_GROUP]


def claim_status(cell: str | None) -> str:
    return CLAIMED.get(to_int(cell, "claimed"), "unknown")  # type: ignore[arg-type]


def location(city_cell: str | None) -> str | None:
    """The city, unless GTD writes it "Unknown"."""
    city = text(city_cell)
    return None if (city or "").casefold() == "unknown" else city


def precision_km(specificity_cell: str | None) -> float | None:
    """The radius of `specificity` (for an event with coordinates)."""
    return SPECIFICITY_KM.get(to_int(specificity_cell, "specificity") or 0)


def attack_types(attack_cell: str | None, first_subtype_cell: str | None, weapons: list[Weapon],
                 target_type: str | None) -> tuple[str | None, str | None]:
    """ACLED event and sub-event type of attacktype1 with the event's weapons and target type."""
    sub = (text(first_subtype_cell) or "").casefold()
    return gtd_types((text(attack_cell) or "unknown").casefold(), {w.cls for w in weapons}, target_type,
                     sub == PROJECTILE)


class GtdAdapter(Adapter):
    name = "gtd"
    required = ("eventid", "iyear", "imonth", "iday", "country_txt", "latitude", "longitude", "attacktype1_txt",
                "targtype1_txt", "gname", "weaptype1_txt", "nkill", "nwound")

    def convert(self, row: CsvRow) -> Event:
        d = row.data
        eid = to_int(d["eventid"], "eventid")
        if eid is None:
            raise RowError("eventid: empty")
        start, end, precision = gtd_dates(to_int(d["iyear"], "iyear"), to_int(d["imonth"], "imonth"),
                                          to_int(d["iday"], "iday"))
        c = geocode.country(text(d["country_txt"]))
        lat, lon = to_latlon(d["latitude"], d["longitude"])
        summary = text(d.get("summary"))
        weapons = gtd_weapons(d, summary)
        targets = [t for i in (1, 2, 3) if (t := target_of(d.get(f"targtype{i}_txt"), d.get(f"target{i}"),
                                                           d.get(f"natlty{i}_txt")))]
        target_type = targets[0].type if targets else None
        perps = perpetrators(d.get(k) for k in ("gname", "gname2", "gname3"))
        claimed = claim_status(d.get("claimed"))
        event_type, sub_event_type = attack_types(d["attacktype1_txt"], d.get("weapsubtype1_txt"), weapons, target_type)
        return Event(
            source="gtd", source_id=str(eid), date_start=start, date_end=end, date_precision=precision,  # type: ignore[arg-type]
            country=c.iso3 if c else None, admin1=text(d.get("provstate")),
            location=location(d.get("city")), lat=lat, lon=lon,
            location_precision_km=precision_km(d.get("specificity")) if lat is not None else None,
            event_type=event_type, sub_event_type=sub_event_type, weapons=weapons, perpetrators=perps,
            target_type=target_type, targets=targets,
            fatalities=Count.exact(to_count(d["nkill"], "nkill")), injuries=Count.exact(to_count(d["nwound"], "nwound")),
            claim_status=claimed, claimant=perps[0] if claimed == "claimed" and perps else None,
            notes=summary, sources=[s for s in (text(d.get(k)) for k in ("scite1", "scite2", "scite3")) if s],
            extra={k: v for k, v in d.items() if k not in MAPPED and v.strip() and v.strip() not in SENTINELS},
        )
