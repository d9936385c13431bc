"""Apache Spark as the engine when one machine is outgrown (the optional extra `estimative[spark]`).

- `extract`: extraction over partitions; the extractor loads once per Python worker.
- `ingest`: a dataset file mapped to the store's canonical events as partitioned Parquet, with
  its quarantine beside it; `estimative import` brings such a folder into the DuckDB store.
- `counting`: the store's counting queries (store.counting) on a Spark session.

Nothing here is imported by the rest of the package: `estimative` runs without pyspark or Java.
docs/scale.md says how to run these on a cluster.
"""
