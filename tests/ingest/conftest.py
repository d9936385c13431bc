"""Ingest fixtures: the three real datasets ingested once per session (twice, to see the second
ingest add nothing), into one temporary store file that tests open read-only."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from estimative.sources import ingest_path
from estimative.store import IngestReport, Store

FIXTURES = Path(__file__).parent / "fixtures"
DATASETS = {
    "rand": "rand_rdwti/rand_rdwti_1968_2009.csv",
    "sigacts": "sigacts_iraq/sigacts_iraq_2004_2007.csv",
    "ucdp": "ucdp_ged_syria/ucdp_ged191_syria_2016_2019.csv",
}


@dataclass
class Ingested:
    db: Path
    paths: dict[str, Path]
    first: dict[str, IngestReport]
    second: dict[str, IngestReport]

    def store(self) -> Store:
        return Store(self.db, read_only=True)


@pytest.fixture(scope="session")
def ingested(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    db = tmp_path_factory.mktemp("ingest") / "real.duckdb"
    paths = {name: data_dir / rel for name, rel in DATASETS.items()}
    with Store(db) as store:
        first = {name: ingest_path(store, path, name, progress=False) for name, path in paths.items()}
        second = {name: ingest_path(store, path, name, progress=False) for name, path in paths.items()}
    return Ingested(db=db, paths=paths, first=first, second=second)
