"""UCDP Georeferenced Event Dataset (GED), per the GED codebook (https://ucdp.uu.se/downloads/ged/ged191.pdf).

Every column is kept: the ones the Event has a field for are mapped (below); the rest (conflict
and dyad names and ids, event clarity, PRIO-GRID cell, source office/date, ...) go to
`extra` as written. Ids are written as floats in some releases (`214797.0`) and are read as
integers. Actors: `side_a` is taken as the perpetrator side and `side_b` as the target side;
a side that is a coalition (`Ahrar al-Sham, Jabhat Fateh al-Sham`) is split into its members,
each resolved through the actor registry.

HDX copies carry an HXL hashtag row under the header (quarantined as such); a copy re-saved by
pandas has an unnamed index column first (dropped: it numbers the rows) and writes dates as
`2009-06-09 00:00:00.000` (read as the day).
"""
from __future__ import annotations

from datetime import date

from estimative.geo import countries
from estimative.model import ActorRef, CasualtyGroup, Count, DatePrecision, Event, Target
from estimative.sources import geocode
from estimative.sources.base import (
    Adapter,
    RowError,
    actor_ref,
    check_not_hxl,
    text,
    to_count,
    to_date,
    to_int,
    to_latlon,
)
from estimative.sources.csvfile import CsvRow

# type_of_violence: 1 state-based, 2 non-state, 3 one-sided (against civilians).
VIOLENCE_TYPES = {1: ("Battles", "Armed clash"), 2: ("Battles", "Armed clash"),
                  3: ("Violence against civilians", "Attack")}
# where_prec -> radius in km within which the event lies (codebook: 1 exact place, 2 within ~25 km
# of it, 3 second-order administrative unit, 4 first-order unit, 5 a part of the country such as
# a border or river, 6 only the country is known, 7 international waters or airspace).
WHERE_PREC_KM = {1: 2.0, 2: 25.0, 3: 50.0, 4: 150.0, 5: 150.0}
# date_prec: 1 exact day, 2 within 2-6 days, 3 within a week, 4 within a month, 5 within a year.
DATE_PREC: dict[int, DatePrecision] = {1: "day", 2: "week", 3: "week", 4: "month", 5: "year"}
MAPPED = frozenset({
    "id", "type_of_violence", "side_a", "side_b", "source_article", "source_headline", "where_prec",
    "where_coordinates", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "country", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low", "best", "high",
    "low_est", "best_est", "high_est", "column_1",  # column_1: the unnamed pandas index of a re-saved file
})


def split_side(side: str | None) -> list[str]:
    """The members of a side: UCDP joins a coalition's groups with ', '."""
    return [p.strip() for p in (side or "").split(", ") if p.strip()]


def split_sources(article: str | None) -> list[str]:
    """`source_article` packs several quoted sources, separated by ';', into one cell."""
    if not article:
        return []
    parts = [p.strip().strip('"').strip() for p in article.split('";"')]
    return [p for p in parts if p]


def side_refs(side: str | None) -> list[ActorRef]:
    return [actor_ref(name) for name in split_side(side) if name.casefold() != "civilians"]


def _affiliations(side: str | None, refs: list[ActorRef]) -> list[str]:
    """ISO3 of a state side ("Government of Syria" -> SYR), then the members' registry ids or names."""
    out: list[str] = []
    for name in split_side(side):
        if name.startswith("Government of "):
            c = geocode.country(name.removeprefix("Government of "))
            if c is not None and c.iso3:
                out.append(c.iso3)
    out += [r.id or r.name for r in refs]
    return list(dict.fromkeys(out))


def dates(start_cell: str, end_cell: str) -> tuple[date, date]:
    """(date_start, date_end): the end is the start when empty, never before it."""
    start = to_date(start_cell, "date_start")
    end = to_date(end_cell, "date_end") if text(end_cell) else start
    if end < start:
        raise RowError(f"date_end {end_cell!r} is before date_start {start_cell!r}")
    return start, end


def violence_type(cell: str) -> tuple[int, str, str]:
    """type_of_violence as (code, event type, sub-event type)."""
    violence = to_int(cell, "type_of_violence")
    if violence not in VIOLENCE_TYPES:
        raise RowError(f"type_of_violence: expected 1, 2 or 3, found {cell!r}")
    return violence, *VIOLENCE_TYPES[violence]


def country_iso3(cell: str | None) -> str | None:
    c = geocode.country(text(cell))
    return c.iso3 if c else None


def location_precision_km(where_prec_cell: str, iso3: str | None) -> float | None:
    """The radius within which the event lies (WHERE_PREC_KM; a country's radius for 6)."""
    where_prec = to_int(where_prec_cell, "where_prec")
    if where_prec == 6 and iso3 in countries():
        return countries()[iso3].radius_km
    return WHERE_PREC_KM.get(where_prec or 0)


def target_side(side_b_cell: str, violence: int, iso3: str | None) -> tuple[list[ActorRef], str, list[Target]]:
    """The target actors (side_b's members), the target type and the target."""
    target_refs = side_refs(side_b_cell)
    side_b = text(side_b_cell) or ""
    if violence == 3 or side_b.casefold() == "civilians":
        return target_refs, "civilians", [Target(type="civilians", description="Civilians",
                                                 affiliations=[iso3] if iso3 else [])]
    target_type = "military" if side_b.startswith("Government of ") else "armed group"
    return target_refs, target_type, [Target(type=target_type, description=side_b,
                                             affiliations=_affiliations(side_b, target_refs))]


def fatalities(low_cell: str | None, best_cell: str | None, high_cell: str | None) -> Count:
    low, best, high = (to_count(v, k) for v, k in ((low_cell, "low"), (best_cell, "best"), (high_cell, "high")))
    exact = low == best == high and best is not None
    return Count(best=best, min=low, max=high,
                 qualifier="exact" if exact else ("approximate" if best is not None else "unknown"))


def casualty_groups(d: dict[str, str], iso3: str | None) -> list[CasualtyGroup]:
    """The deaths of each side, of civilians and of unknown people, as written."""
    side_b = text(d["side_b"]) or None
    groups = []
    for column, group, country in (("deaths_a", text(d["side_a"]), None), ("deaths_b", side_b, None),
                                   ("deaths_civilians", "civilians", iso3), ("deaths_unknown", "unknown", None)):
        n = to_count(d.get(column), column)
        if n is not None and group:
            groups.append(CasualtyGroup(group=group, country=country, killed=Count.exact(n)))
    return groups


class UcdpAdapter(Adapter):
    name = "ucdp"
    required = ("id", "type_of_violence", "side_a", "side_b", "date_start", "date_end", "country",
                "latitude", "longitude", "where_prec", "date_prec")

    def convert(self, row: CsvRow) -> Event:
        d = row.data
        check_not_hxl(d)
        gid = to_int(d["id"], "id")
        if gid is None:
            raise RowError("id: empty")
        start, end = dates(d["date_start"], d["date_end"])
        violence, event_type, sub_event_type = violence_type(d["type_of_violence"])
        lat, lon = to_latlon(d["latitude"], d["longitude"])
        iso3 = country_iso3(d["country"])
        precision = location_precision_km(d["where_prec"], iso3)
        target_refs, target_type, targets = target_side(d["side_b"], violence, iso3)
        fat = fatalities(*(d.get(k) or d.get(f"{k}_est") for k in ("low", "best", "high")))
        groups = casualty_groups(d, iso3)
        return Event(
            source="ucdp", source_id=str(gid), date_start=start, date_end=end,
            date_precision=date_precision(d["date_prec"]),
            country=iso3, admin1=text(d.get("adm_1")), admin2=text(d.get("adm_2")),
            location=text(d.get("where_coordinates")), lat=lat, lon=lon, location_precision_km=precision,
            event_type=event_type, sub_event_type=sub_event_type,
            perpetrators=side_refs(d["side_a"]), targets_actors=target_refs, target_type=target_type,
            targets=targets, fatalities=fat, casualty_groups=groups, claim_status="unknown",
            notes=text(d.get("source_headline")), sources=split_sources(d.get("source_article")),
            extra={"type_of_violence": str(violence),  # the ACLED type cannot tell state-based from non-state
                   **{k: v for k, v in d.items() if k not in MAPPED and v.strip()}},
        )


def date_precision(cell: str) -> DatePrecision:
    return DATE_PREC.get(to_int(cell, "date_prec") or 1, "day")
