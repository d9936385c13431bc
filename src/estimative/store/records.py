"""Event <-> stored row. One place turns the typed record into columns and back."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from estimative.model import ActorRef, CasualtyGroup, Count, Event, Target, Weapon, event_id


def _uncount(v: list[Any] | None) -> Count:
    if not v:
        return Count()
    return Count(best=v[0], min=v[1], max=v[2], qualifier=v[3])


def _unactor(v: list[Any] | None) -> ActorRef | None:
    if v is None:
        return None
    return ActorRef(name=v[0], id=v[1], families=list(v[2] or []), country=v[3])


def _encode(value: Any) -> str:
    """Compact UTF-8 JSON (orjson: a third of the per-event ingest time with the standard library's
    encoder); anything that is not JSON (a stray object in `extra`) is written as its str()."""
    return orjson.dumps(value, default=str).decode()


def count_value(c: Count) -> list[Any]:
    return [c.best, c.min, c.max, c.qualifier]


def actors_value(actors: list[ActorRef]) -> list[list[Any]]:
    return [[a.name, a.id, a.families, a.country] for a in actors] if actors else []


def weapons_value(weapons: list[Weapon]) -> list[list[Any]]:
    return [[w.cls, w.name, [w.count.best, w.count.min, w.count.max, w.count.qualifier]] for w in weapons] \
        if weapons else []


def targets_value(targets: list[Target]) -> list[list[Any]]:
    return [[t.type, t.description, t.affiliations] for t in targets] if targets else []


def groups_value(groups: list[CasualtyGroup]) -> list[list[Any]]:
    return [[g.group, g.country, count_value(g.killed), count_value(g.injured)] for g in groups]


def json_text(value: Any) -> str:
    """The JSON text `record_json` writes for one of its parts (orjson is compact, so a part reads
    the same alone as inside the record): what the bulk ingest splices into records it builds in SQL."""
    return _encode(value)


def record_json(e: Event) -> str:
    """Compact JSON of everything an Event holds except `known_from` (kept in its own column).

    Hand-written rather than `dataclasses.asdict`, with the counts and actors spelled inline and
    empty lists not iterated, because ingest serialises millions of rows (this is a third of
    the time it takes per event). `event_from_record` reads it back; `sources.bulk_sql` builds
    the same text in SQL, part by part, for a bulk ingest.
    """
    f, i, c = e.fatalities, e.injuries, e.claimant
    return _encode([
        e.source, e.source_id, e.date_start.isoformat(), e.date_end.isoformat() if e.date_end else None,
        e.date_precision, e.country, e.admin1, e.admin2, e.location, e.lat, e.lon, e.location_precision_km,
        e.event_type, e.sub_event_type, weapons_value(e.weapons), actors_value(e.perpetrators),
        actors_value(e.targets_actors), e.target_type, targets_value(e.targets),
        [f.best, f.min, f.max, f.qualifier], [i.best, i.min, i.max, i.qualifier],
        groups_value(e.casualty_groups) if e.casualty_groups else [],
        e.claim_status, None if c is None else [c.name, c.id, c.families, c.country], e.notes, e.sources,
        e.in_response_to, e.extra or None,
    ])


def event_from_record(record: str, known_from: datetime | None = None) -> Event:
    (source, source_id, ds, de, prec, country, admin1, admin2, location, lat, lon, prec_km, et, st,
     weapons, perps, tactors, ttype, targets, fat, inj, groups, claim, claimant, notes, sources,
     responds, extra) = orjson.loads(record)
    return Event(
        source=source, source_id=source_id, date_start=date.fromisoformat(ds),
        date_end=date.fromisoformat(de) if de else None, date_precision=prec, country=country,
        admin1=admin1, admin2=admin2, location=location, lat=lat, lon=lon, location_precision_km=prec_km,
        event_type=et, sub_event_type=st,
        weapons=[Weapon(cls=w[0], name=w[1], count=_uncount(w[2])) for w in weapons],
        perpetrators=[_unactor(a) for a in perps], targets_actors=[_unactor(a) for a in tactors],
        target_type=ttype, targets=[Target(type=t[0], description=t[1], affiliations=list(t[2] or [])) for t in targets],
        fatalities=_uncount(fat), injuries=_uncount(inj),
        casualty_groups=[CasualtyGroup(group=g[0], country=g[1], killed=_uncount(g[2]), injured=_uncount(g[3]))
                         for g in groups],
        claim_status=claim, claimant=_unactor(claimant), notes=notes, sources=list(sources or []),
        in_response_to=list(responds or []), known_from=known_from, extra=extra or {},
    )


def default_known_from(e: Event) -> datetime:
    """When the store is taken to have known an event whose source gives no publication time:
    the start of its end date (documented in docs/store.md)."""
    d = e.date_end or e.date_start
    return datetime(d.year, d.month, d.day)


def event_row(e: Event, record: str | None = None) -> tuple[Any, ...]:
    """The flat columns of an Event (without revision/run bookkeeping): what queries filter on.

    Called once per stored row, so attributes are read once and the one-weapon case skips the sort."""
    record = record if record is not None else record_json(e)
    perps, targets, weapons, claimant = e.perpetrators, e.targets, e.weapons, e.claimant
    perp = perps[0] if perps else None
    start = e.date_start
    end = e.date_end or start
    return (
        event_id(e.source, e.source_id), e.source, e.source_id,
        hashlib.blake2b(record.encode(), digest_size=12).hexdigest(),
        e.known_from or default_known_from(e),
        start, end, e.date_precision, e.country, e.admin1, e.admin2, e.location,
        e.lat, e.lon, e.location_precision_km, e.event_type, e.sub_event_type,
        (sorted({w.cls for w in weapons}) if len(weapons) > 1 else [weapons[0].cls]) if weapons else None,
        perp.name if perp else None, perp.id if perp else None,
        e.target_type, (sorted({a for t in targets for a in t.affiliations}) or None) if targets else None,
        e.fatalities.best, e.injuries.best, e.claim_status,
        claimant.id if claimant else None, e.notes, record,
    )


STAGE_COLUMNS: tuple[str, ...] = (
    "event_id", "source", "source_id", "content_hash", "known_from", "date_start", "date_end",
    "date_precision", "country", "admin1", "admin2", "location", "lat", "lon", "location_precision_km",
    "event_type", "sub_event_type", "weapon_classes", "perpetrator", "perpetrator_id", "target_type",
    "target_affiliations", "fatalities", "injuries", "claim_status", "claimant_id", "notes", "record",
)


def stamp_superseded(con: duckdb.DuckDBPyConnection, table: str,
                     superseded: Sequence[tuple[str, int, datetime]]) -> None:
    """Stamp `superseded_at` on the rows of `table` (the events, or a table kept per revision of
    them) that belong to the revisions an ingest run replaced: (event id, revision, when)."""
    if not superseded:
        return
    ids, revs, times = zip(*superseded, strict=True)
    replaced = pa.table({"event_id": pa.array(ids, pa.string()), "revision": pa.array(revs, pa.int32()),
                         "superseded_at": pa.array(times, pa.timestamp("us"))})
    con.register("run_superseded", replaced)
    try:
        con.execute(f"UPDATE {table} SET superseded_at = s.superseded_at FROM run_superseded s "
                    f"WHERE {table}.event_id = s.event_id AND {table}.revision = s.revision")
    finally:
        con.unregister("run_superseded")
