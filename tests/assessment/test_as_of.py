"""The as-of rule: an assessment as of a date never cites a stored event the store learnt of later.

Every stored event id anywhere in the assessment's JSON (matched events, links, evidence,
similar incidents, series, timeline, related events, forecasts) is checked against the store.
The store holds the curated record to December 2024 and late copies of each report's incidents
first known in 2025, so there is always something later to leak.
"""
from __future__ import annotations

import json
from typing import Any

import pytest
from assessment_cases import LATE_SOURCE, REPORTS, example_path

from estimative.store import EventFilter, Store


@pytest.fixture(scope="session")
def stored_ids(store: Store) -> set[str]:
    return set(store.frame(None, None, columns=["event_id"])["event_id"])


def _cited(a: dict[str, Any], stored_ids: set[str]) -> set[str]:
    text = json.dumps(a, ensure_ascii=False, default=str)
    return {i for i in stored_ids if i in text}


@pytest.mark.parametrize("name", list(REPORTS))
def test_nothing_known_after_as_of_is_cited(assessed: dict[str, Any], store: Store, stored_ids: set[str],
                                            late_ids: set[str], name: str) -> None:
    a = assessed[name]
    as_of = a["report"]["as_of"]
    cited = _cited(a, stored_ids)
    assert cited, "the assessment cites stored events (the check has something to check)"
    later = sorted(i for i in cited if store.get(i, as_of) is None)
    assert not later, f"cited but unknown on {as_of}: {later}"
    assert not cited & late_ids
    # the premise: the store knows more today than it did then
    assert store.count(as_of, EventFilter(source=LATE_SOURCE)) == 0 < store.count(None, EventFilter(source=LATE_SOURCE))
    assert store.count(as_of, EventFilter(source="curated")) < store.count(None, EventFilter(source="curated"))


def test_an_explicit_as_of_moves_what_is_known(store: Store, stored_ids: set[str]) -> None:
    """The Taji report assessed as of the day of the attack (before the US strikes of 12 March
    were known) and as of the report's own day: only the later assessment sees the strikes."""
    from estimative.assess import assess_file

    path = str(example_path("taji_2020-03-12.txt"))
    early = assess_file(path, as_of="2020-03-11", store=store).to_dict()
    assert early["report"]["as_of"] == "2020-03-11T23:59:59"
    assert all(store.get(i, early["report"]["as_of"]) is not None for i in _cited(early, stored_ids))
    strikes = [i for i in stored_ids if (e := store.get(i)) and e.source_id == "cur-2020-03-12-us-strikes-kataib-hizballah"]
    assert strikes and strikes[0] not in _cited(early, stored_ids)
    later = assess_file(path, store=store).to_dict()
    assert strikes[0] in _cited(later, stored_ids)


def test_an_undated_report_is_assessed_as_of_its_latest_date(store: Store, stored_ids: set[str]) -> None:
    """Without a published date, the latest day the report gives is the as-of date, not today
    (which would let it see everything stored since)."""
    from estimative.assess import assess

    text = example_path("k1_2019-12-30.txt").read_text(encoding="utf-8")
    undated = "\n".join(line for line in text.splitlines() if not line.startswith("Published"))
    undated = undated.replace("27 December,", "27 December 2019,").replace("29 December,", "29 December 2019,")
    assert undated.count("December 2019,") == 2
    a = assess(undated, store=store).to_dict()
    assert a["report"]["published"] is None
    assert a["report"]["as_of"].startswith("2019-12-29")
    assert all(store.get(i, a["report"]["as_of"]) is not None for i in _cited(a, stored_ids))
