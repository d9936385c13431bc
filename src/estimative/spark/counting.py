"""The store's counting queries (store.counting) on Spark, over events kept as Parquet.

`events_view` registers the events of a folder as the view `events`: the output of
`estimative export --format parquet`, the `events` folder of `ingest --engine spark`, or the
store's table copied as it is. `SparkEngine` then runs the very SQL text the DuckDB store runs:

    counter = Counter(SparkEngine(spark))
    counter.coverage()                        # events per source x country x admin-1 x month
    counter.thread_days(thread, since, until) # a thread's events per day
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from estimative.store.counting import Query

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

VIEW = "events"


def events_view(spark: SparkSession, folder: Path | str) -> int:
    """Register the Parquet events under `folder` (partition folders such as source=... included)
    as the view `events`; returns how many rows it holds."""
    frame = spark.read.option("recursiveFileLookup", "false").parquet(str(folder))
    frame.createOrReplaceTempView(VIEW)
    return frame.count()


class SparkEngine:
    """Counting queries on a Spark session (the view `events`), with positional parameters."""

    def __init__(self, spark: SparkSession) -> None:
        self.spark = spark

    def rows(self, query: Query) -> list[tuple[Any, ...]]:
        frame = self.spark.sql(query.sql, args=list(query.params)) if query.params else self.spark.sql(query.sql)
        return [tuple(r) for r in frame.collect()]
