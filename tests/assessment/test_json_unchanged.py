"""The assessment's JSON does not move when its records change shape (issue #18: typed all the way).

tests/assessment/golden/ holds the JSON that main's code (910c559, the dict-filled assessment) gave
for each bundled example report on this folder's store, written with `json.dumps(..., indent=1)`.
The typed records must give the same text, key order included: `to_dict` is the only edge.
"""
from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pytest
from assessment_cases import REPORTS

GOLDEN = Path(__file__).parent / "golden"


def as_text(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n"


@pytest.mark.parametrize("name", list(REPORTS))
def test_the_json_of_each_example_is_unchanged(name: str, assessed: dict[str, dict[str, Any]]) -> None:
    expected = (GOLDEN / (name.removesuffix(".txt") + ".json")).read_text(encoding="utf-8")
    got = as_text(assessed[name])
    diff = list(difflib.unified_diff(expected.splitlines(), got.splitlines(), "main", "now", lineterm="", n=2))
    assert not diff, "\n".join(diff[:60])


def write_golden(out: Path = GOLDEN) -> None:
    """Rewrite the golden files from the code as it stands (after a deliberate change of output, e.g.
    a better extraction, merged): `python tests/assessment/test_json_unchanged.py`."""
    import dataclasses
    import tempfile

    from assessment_cases import LATE_KNOWN_FROM, LATE_SOURCE, example_path

    from estimative.assess import assess_file
    from estimative.knowledge import curated_events
    from estimative.store import Store
    from estimative.store.seed import open_store

    curated = {e.source_id: e for e in curated_events()}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store.duckdb"
        seeded = open_store(path)  # as the conftest's store: the curated record plus its late copies
        seeded.ingest([dataclasses.replace(curated[c], source=LATE_SOURCE, known_from=LATE_KNOWN_FROM,
                                           in_response_to=[]) for ids in REPORTS.values() for c in ids],
                      source=LATE_SOURCE)
        seeded.close()
        store = Store(path)
        for name in REPORTS:
            doc = assess_file(str(example_path(name)), store=store).to_dict()
            (out / (name.removesuffix(".txt") + ".json")).write_text(as_text(doc), encoding="utf-8")
        store.close()


if __name__ == "__main__":
    write_golden()
