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

from estimative.geo import countries
from estimative.model import ActorRef, CasualtyGroup, Count, Event, Target
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
DATE_PREC = {1: "day", 2: "week", 3: "week", 4: "month", 5: "year"}
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


def _side_refs(side: str | None) -> list[ActorRef]:
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
        start = to_date(d["date_start"], "date_start")
        end = to_date(d["date_end"], "date_end") if text(d["date_end"]) else start
        if end < start:
            raise RowError(f"date_end {d['date_end']!r} is before date_start {d['date_start']!r}")
        violence = to_int(d["type_of_violence"], "type_of_violence")
        if violence not in VIOLENCE_TYPES:
            raise RowError(f"type_of_violence: expected 1, 2 or 3, found {d['type_of_violence']!r}")
        event_type, sub_event_type = VIOLENCE_TYPES[violence]
        lat, lon = to_latlon(d["latitude"], d["longitude"])
        c = geocode.country(text(d["country"]))
        iso3 = c.iso3 if c else None
        where_prec = to_int(d["where_prec"], "where_prec")
        precision = WHERE_PREC_KM.get(where_prec or 0)
        if where_prec == 6 and iso3 in countries():
            precision = countries()[iso3].radius_km
        perpetrators = _side_refs(d["side_a"])
        target_refs = _side_refs(d["side_b"])
        side_b = text(d["side_b"]) or ""
        if violence == 3 or side_b.casefold() == "civilians":
            target_type, targets = "civilians", [Target(type="civilians", description="Civilians",
                                                        affiliations=[iso3] if iso3 else [])]
        else:
            target_type = "military" if side_b.startswith("Government of ") else "armed group"
            targets = [Target(type=target_type, description=side_b, affiliations=_affiliations(side_b, target_refs))]
        low, best, high = (to_count(d.get(k) or d.get(f"{k}_est"), k) for k in ("low", "best", "high"))
        exact = low == best == high and best is not None
        groups = []
        for column, group, country in (("deaths_a", text(d["side_a"]), None), ("deaths_b", side_b or None, None),
                                       ("deaths_civilians", "civilians", iso3), ("deaths_unknown", "unknown", None)):
            n = to_count(d.get(column), column)
            if n is not None and group:
                groups.append(CasualtyGroup(group=group, country=country, killed=Count.exact(n)))
        return Event(
            source="ucdp", source_id=str(gid), date_start=start, date_end=end,
            date_precision=DATE_PREC.get(to_int(d["date_prec"], "date_prec") or 1, "day"),  # type: ignore[arg-type]
            country=iso3, admin1=text(d.get("adm_1")), admin2=text(d.get("adm_2")),
            location=text(d.get("where_coordinates")), lat=lat, lon=lon, location_precision_km=precision,
            event_type=event_type, sub_event_type=sub_event_type,
            perpetrators=perpetrators, targets_actors=target_refs, target_type=target_type, targets=targets,
            fatalities=Count(best=best, min=low, max=high, qualifier="exact" if exact else ("approximate" if best is not None else "unknown")),
            casualty_groups=groups, claim_status="unknown", notes=text(d.get("source_headline")),
            sources=split_sources(d.get("source_article")),
            extra={"type_of_violence": str(violence),  # the ACLED type cannot tell state-based from non-state
                   **{k: v for k, v in d.items() if k not in MAPPED and v.strip()}},
        )
