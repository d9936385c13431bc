"""The store's counting queries, written once as SQL that DuckDB and Spark SQL both accept.

Coverage cells (events per source x country x admin-1 x month), a thread's events per day (what
series and forecasts count) and the distinct values a thread's family filters are resolved over
are all counted here. The same text runs on the DuckDB store (`store.coverage`, `DuckCounter`)
and on a Spark session over the store's events as Parquet (`estimative.spark.counting`), so the
two engines count the same events the same way.

What keeps the text portable: positional `?` parameters (DuckDB binds them; Spark 3.5+ binds a
list of `args`), dates and times passed as ISO text and cast in the query, `GROUP BY ALL`,
`make_date`, `year`, `month`, `coalesce` and `array_contains`, which both engines define alike.
Each query reads one relation named `events` with the store's event columns (schema.EVENT_COLUMNS);
`run_id` and `record` are never read, so an export or a Spark ingest output without them counts too.

A thread's filters become a WHERE clause (`thread_where`). Filters on families (target family,
perpetrator family) hold family names; they are turned into the stored values that belong to
those families (affiliations, actor ids) by the very tests the in-memory `ThreadFrame` applies
(`threads.value_test`), over the distinct values the engine holds (`DISTINCT_VALUES`). Filters on
`extra` (source fields inside the JSON record) are not counted in SQL: `ThreadError`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # analysis.threads reads the store: imported where a thread is counted
    from estimative.analysis.threads import Thread

CURRENT = "superseded_at IS NULL"
AS_OF = "known_from <= CAST(? AS TIMESTAMP) AND (superseded_at IS NULL OR superseded_at > CAST(? AS TIMESTAMP))"

# The coverage cells of the event rows in `{rows}` that pass `{cond}`, with `{sign}` 1 to add them
# and -1 to take them away (store.coverage keeps a table of them current).
COVERAGE_CELLS = ("SELECT source, coalesce(country, '') AS country, coalesce(admin1, '') AS admin1, "
                  "make_date(year(date_start), month(date_start), 1) AS month, {sign} * count(*) AS events "
                  "FROM {rows} WHERE {cond} AND date_start IS NOT NULL GROUP BY ALL")
# The distinct values of one column among the events in view (a list column gives its distinct lists).
DISTINCT_VALUES = "SELECT DISTINCT {column} FROM events WHERE {cond} AND {column} IS NOT NULL"
# A thread's events per day between two days, as of a time (or current).
THREAD_DAYS = ("SELECT date_start AS day, count(*) AS events FROM events "
               "WHERE {cond} AND date_start >= CAST(? AS DATE) AND date_start <= CAST(? AS DATE) AND ({where}) "
               "GROUP BY ALL ORDER BY 1")

_SCALAR_COLUMNS = ("source", "country", "admin1", "location", "event_type", "sub_event_type", "target_type")
# The columns whose distinct values a family filter is resolved over.
FAMILY_COLUMNS: dict[str, tuple[str, ...]] = {
    "target_family": ("target_affiliations",),
    "perpetrator_family": ("perpetrator_id", "claimant_id"),
}


@dataclass(frozen=True, slots=True)
class Query:
    """SQL text and its positional parameters."""

    sql: str
    params: tuple[Any, ...] = ()


def as_of_condition(as_of: date | datetime | str | None) -> Query:
    """Which revisions are in view: the current ones, or those known at `as_of` (a day means its end)."""
    if as_of is None:
        return Query(CURRENT)
    if isinstance(as_of, str):
        as_of = datetime.fromisoformat(as_of)
    if not isinstance(as_of, datetime):
        as_of = datetime(as_of.year, as_of.month, as_of.day, 23, 59, 59)
    t = as_of.replace(tzinfo=None).isoformat(sep=" ")
    return Query(AS_OF, (t, t))


def coverage_cells(rows: str = "events", cond: str = CURRENT, sign: int = 1) -> str:
    return COVERAGE_CELLS.format(sign=sign, rows=rows, cond=cond)


def coverage_query() -> Query:
    """Every coverage cell of the current events, in a fixed order (what `coverage` holds)."""
    return Query(f"SELECT * FROM ({coverage_cells()}) ORDER BY source, country, admin1, month")


def distinct_values_query(column: str, as_of: date | datetime | str | None = None) -> Query:
    cond = as_of_condition(as_of)
    return Query(DISTINCT_VALUES.format(column=column, cond=cond.sql), cond.params)


def _in(column: str, values: Iterable[Any]) -> Query:
    vals = tuple(sorted({str(v) for v in values}))
    if not vals:
        return Query("FALSE")
    return Query(f"coalesce({column} IN ({', '.join('?' * len(vals))}), FALSE)", vals)


def _any_of(column: str, values: Iterable[Any]) -> Query:
    vals = tuple(sorted({str(v) for v in values}))
    if not vals:
        return Query("FALSE")
    return Query("coalesce(" + " OR ".join(f"array_contains({column}, ?)" for _ in vals) + ", FALSE)", vals)


def _and(*parts: Query) -> Query:
    return Query(" AND ".join(f"({p.sql})" for p in parts) or "TRUE", tuple(a for p in parts for a in p.params))


def _or(*parts: Query) -> Query:
    return Query(" OR ".join(f"({p.sql})" for p in parts), tuple(a for p in parts for a in p.params))


def _filter(key: str, value: Any, known: Callable[[str], Sequence[str]]) -> Query:
    from estimative.analysis.threads import CIVILIANS, ThreadError, value_test

    if key == "extra":
        raise ThreadError("a thread that filters on `extra` is counted in memory (ThreadFrame), not in SQL")
    values = set(value) if isinstance(value, list) else {value}
    test = value_test(key, values)
    if key in _SCALAR_COLUMNS:
        return _in(key, values)
    if key == "weapon_classes":
        return _any_of(key, values)
    if key == "target_family":
        civil = _in("target_type", [CIVILIANS])
        member = _and(Query(f"NOT ({civil.sql})", civil.params),
                      _any_of("target_affiliations", filter(test, known("target_affiliations"))))
        return _or(member, civil) if CIVILIANS in values else member
    if key in ("perpetrator_family", "perpetrator_ids"):
        perp = _in("perpetrator_id", filter(test, known("perpetrator_id")))
        claim = _in("claimant_id", filter(test, known("claimant_id")))
        if key == "perpetrator_ids":
            return _or(perp, claim)
        # the claimant speaks for the perpetrator when both are given (threads.event_perpetrator's order)
        return Query(f"CASE WHEN claimant_id IS NOT NULL THEN {claim.sql} ELSE {perp.sql} END",
                     claim.params + perp.params)
    raise ThreadError(f"unknown thread filter {key!r}")


def thread_where(thread: Thread, known: Callable[[str], Sequence[str]]) -> Query:
    """The WHERE clause of a thread; `known(column)` gives the distinct values stored in a column
    (elements of a list column), over which family filters are resolved."""
    return _and(*(_filter(k, v, known) for k, v in sorted(thread.filters.items())))


def thread_days_query(thread: Thread, since: date, until: date, as_of: date | datetime | str | None,
                      known: Callable[[str], Sequence[str]]) -> Query:
    """Events per day of one thread between `since` and `until`, as known at `as_of`."""
    cond, where = as_of_condition(as_of), thread_where(thread, known)
    return Query(THREAD_DAYS.format(cond=cond.sql, where=where.sql),
                 (*cond.params, since.isoformat(), until.isoformat(), *where.params))


class Engine(Protocol):
    """Runs a counting query on one engine, returning its rows as tuples."""

    def rows(self, query: Query) -> list[tuple[Any, ...]]: ...


class Counter:
    """The counts a store answers from its events, on any engine that runs these queries."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._known: dict[tuple[str, str | None], list[str]] = {}

    def known(self, column: str, as_of: date | datetime | str | None = None) -> list[str]:
        """The distinct values stored in a column (the elements of a list column)."""
        key = (column, None if as_of is None else str(as_of))
        if key not in self._known:
            out: set[str] = set()
            for (v,) in self.engine.rows(distinct_values_query(column, as_of)):
                out.update(v if isinstance(v, list | tuple) or hasattr(v, "tolist") else [v])
            self._known[key] = sorted(str(x) for x in out if x is not None)
        return self._known[key]

    def coverage(self) -> list[tuple[str, str, str, date, int]]:
        """(source, country or '', admin-1 or '', month, events) of the current events."""
        return [(s, c, a, m, int(n)) for s, c, a, m, n in self.engine.rows(coverage_query())]

    def thread_days(self, thread: Thread, since: date, until: date,
                    as_of: date | datetime | str | None = None) -> list[tuple[date, int]]:
        """(day, events) of a thread between two days, as known at `as_of` (current when None)."""
        q = thread_days_query(thread, since, until, as_of, lambda c: self.known(c, as_of))
        return [(d, int(n)) for d, n in self.engine.rows(q)]


class DuckEngine:
    """Counting queries on a DuckDB connection (the store's `events` table)."""

    def __init__(self, con: Any) -> None:
        self.con = con

    def rows(self, query: Query) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.con.execute(query.sql, list(query.params)).fetchall()]
