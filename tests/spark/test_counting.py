"""Series, thread and coverage counts are equal on DuckDB and on Spark, for the three shared event
files (SIGACTS Iraq, UCDP Syria, RAND) ingested, and equal to what the analyses count in memory."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from estimative.analysis.series import LOOKBACK_DAYS, series_context, series_count
from estimative.analysis.threads import (
    WEAPON_FAMILIES,
    Thread,
    ThreadError,
    actor_families,
    day_number,
    event_perpetrator,
    read_threads,
    regional_threads,
    threads_for,
    weapon_family,
)
from estimative.model import Event
from estimative.sources import ingest_path
from estimative.spark.counting import SparkEngine, events_view
from estimative.store import EventFilter, Store
from estimative.store.counting import Counter as EventCounter
from estimative.store.counting import DuckEngine

FILES = (("sigacts", "sigacts_iraq/sigacts_iraq_2004_2007.csv"), ("ucdp", "ucdp_ged_syria/ucdp_ged191_syria_2016_2019.csv"),
         ("rand", "rand_rdwti/rand_rdwti_1968_2009.csv"))
# as-of points inside each file's years, and one before a revision could exist
AS_OF = {"sigacts": date(2006, 6, 30), "ucdp": date(2018, 3, 31), "rand": date(2007, 12, 31)}


@pytest.fixture(scope="module")
def store(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    with Store(tmp_path_factory.mktemp("counting") / "store.duckdb") as s:
        for source, path in FILES:
            ingest_path(s, data_dir / path, source, progress=False)
        yield s


@pytest.fixture(scope="module")
def counters(store: Store, spark: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[EventCounter, EventCounter]:
    """The same events counted by DuckDB (the store) and by Spark (the store's table as Parquet)."""
    folder = tmp_path_factory.mktemp("events_parquet") / "events"
    store.con.execute(f"COPY events TO '{folder}' (FORMAT parquet, PARTITION_BY (source))")
    assert events_view(spark, folder) == store.con.execute("SELECT count(*) FROM events").fetchone()[0]
    return EventCounter(DuckEngine(store.cursor())), EventCounter(SparkEngine(spark))


@pytest.fixture(scope="module")
def threads(store: Store) -> list[tuple[str, Thread]]:
    """Each source's threads for a spread of its stored events (target, weapon and perpetrator
    families; regional threads across borders)."""
    out: dict[str, tuple[str, Thread]] = {}
    for source, _ in FILES:
        events = store.events(AS_OF[source], EventFilter(source=source, until=AS_OF[source]), limit=400)
        for e in events[::100]:
            for t in threads_for(e) + regional_threads(e)[:1] + _record_threads(e):
                out.setdefault(source + t.key, (source, t))
    assert {s for s, _ in out.values()} == {"sigacts", "ucdp", "rand"}
    return list(out.values())


def _record_threads(e: Event) -> list[Thread]:
    """Threads on what a record states where it names no target (RAND): its weapon family in its
    country, and its perpetrator's families there."""
    out = []
    family = weapon_family(w.cls for w in e.weapons)
    if family and e.country:
        out.append(Thread.make(f"{family} in {e.country}", country=e.country,
                               weapon_classes=list(WEAPON_FAMILIES[family])))
    perpetrator = event_perpetrator(e)
    if perpetrator and e.country:
        out += [Thread.make(f"attacks by {f} in {e.country}", country=e.country, perpetrator_family=[f])
                for f in actor_families(perpetrator)[:1]]
        out.append(Thread.make(f"attacks by {perpetrator}", perpetrator_ids=[perpetrator]))
    return out


def test_coverage_counts_equal(store: Store, counters: tuple[EventCounter, EventCounter]) -> None:
    duck, on_spark = counters
    cells = duck.coverage()
    assert cells == on_spark.coverage()
    # and equal to the coverage table that ingest keeps current
    assert cells == [tuple(r) for r in store.con.execute("SELECT * FROM coverage ORDER BY ALL").fetchall()]
    assert {c[0] for c in cells} == {"sigacts", "ucdp", "rand"}


def test_thread_day_counts_equal_and_match_the_in_memory_masks(store: Store, counters: tuple[EventCounter, EventCounter],
                                                                threads: list[tuple[str, Thread]]) -> None:
    duck, on_spark = counters
    nonzero = 0
    for source, thread in threads:
        until = AS_OF[source]
        since = until - timedelta(days=LOOKBACK_DAYS - 1)
        days = duck.thread_days(thread, since, until, until)
        assert days == on_spark.thread_days(thread, since, until, until), thread.description
        frame = read_threads(store, until, [thread], since=since, until=until)
        in_memory = Counter(frame.days[frame.mask(thread)].tolist())
        assert {day_number(d): n for d, n in days} == in_memory, thread.description
        nonzero += bool(days)
    assert nonzero >= len(threads) // 2


def test_series_counts_equal_and_match_series_context(store: Store, counters: tuple[EventCounter, EventCounter]) -> None:
    duck, on_spark = counters
    stated = 0
    for source, _ in FILES:
        as_of = AS_OF[source]
        event = store.events(as_of, EventFilter(source=source, until=as_of), limit=1)[0]
        for thread in threads_for(event):
            counted = series_count(duck, thread, as_of)
            assert counted == series_count(on_spark, thread, as_of)
            context = series_context(event, store, as_of, threads=[thread], min_count=1)
            if counted is None:
                assert context == []
                continue
            assert (context[0]["count"], context[0]["since"]) == (counted.count, counted.since.isoformat())
            stated += 1
    assert stated >= 3


def test_extra_filters_are_refused_in_sql(counters: tuple[EventCounter, EventCounter]) -> None:
    duck, _ = counters
    with pytest.raises(ThreadError, match="counted in memory"):
        duck.thread_days(Thread.make("x", extra={"type_of_violence": 1}), date(2017, 1, 1), date(2017, 2, 1))
