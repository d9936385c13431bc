"""Assessing and saving reports for the workbench: the one place the API and the pages share.

Saving stores the report row (text and assessment JSON) and the report's incidents as events
(source "report"), then queues webhook alerts for the new incidents.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from estimative.assess import Assessment, AssessmentError, assess, report_events, report_id_for, text_of_bytes
from estimative.assess.api import Reading, read_report


class ReportInputError(ValueError):
    """The report cannot be assessed (empty, not English, unreadable upload); message says why."""


@contextmanager
def _refused() -> Iterator[None]:
    """An AssessmentError (`assess` checks every report input: empty, too large, not English, an
    as_of out of range) as the workbench's ReportInputError, its message unchanged."""
    try:
        yield
    except AssessmentError as exc:
        raise ReportInputError(str(exc)) from None


def text_from_upload(data: bytes, filename: str | None) -> str:
    """The text of an uploaded HTML or text file (`assess.text_of_bytes`: the size limit and decoding
    every report input shares)."""
    with _refused():
        return text_of_bytes(data, filename or "the file")


def assess_report(store: Any, text: str, as_of: str | None = None, source: str | None = None,
                  reading: Reading | None = None) -> Assessment:
    """The assessment of a report; stores nothing. Bad input -> ReportInputError. `reading`: the
    report's `read_report_text(text, as_of)`, made already (the watch reads pages in other processes)."""
    with _refused():
        return assess(text, as_of=as_of or None, store=store, source=source, reading=reading)


def read_report_text(text: str, as_of: str | None = None, places: tuple[Any, ...] | None = None) -> Reading:
    """The extraction `assess_report` starts with (`assess.api.read_report`), under the store
    places the gazetteer holds (their key: `places`); bad input -> ReportInputError, as
    `assess_report` gives it."""
    with _refused():
        return read_report(text, as_of or None, places)


def assess_text(store: Any, text: str, as_of: str | None = None, source: str | None = None) -> dict[str, Any]:
    """The assessment JSON of a report (`assess_report(...).to_dict()`); stores nothing."""
    return assess_report(store, text, as_of, source).to_dict()


def report_of_event(source: str, source_id: str) -> tuple[str, int] | None:
    """(report id, incident index) of an event stored from a report (`assess.report_events`
    numbers them `<report id>#<index>`), else None."""
    if source != "report" or "#" not in source_id:
        return None
    rid, _, idx = source_id.rpartition("#")
    return (rid, int(idx)) if idx.isdigit() else None


def save_report(bench: Any, text: str, as_of: str | None = None, title: str | None = None,
                source: str | None = None) -> tuple[dict[str, Any], bool]:
    """Assess and store a report; returns (the stored report, created?). The same text twice is
    the same report (its id is a hash of the text), stored once."""
    store = bench.store
    rid = report_id_for(text)
    existing = store.report(rid)
    if existing is not None:
        return existing, False
    assessed = assess_report(store, text, as_of, source)
    events = report_events(assessed, rid)
    a = assessed.to_dict()
    a["stored_event_ids"] = [e.id for e in events]
    if events:
        store.ingest(events, source="report", path=f"report:{rid}")
        # at once, here on a worker thread: a reader that found the copy stale first would
        # rebuild it itself, on the event loop
        store.refresh_listing()
    store.add_report(rid, datetime.now().replace(microsecond=0), title or a["report"].get("title"),
                     a["report"].get("published"), text, json.dumps(a, ensure_ascii=False, default=str))
    bench.wrote()
    bench.webhooks.notify(store, events)
    return store.report(rid) or {}, True


def stored_assessment(report: dict[str, Any]) -> dict[str, Any]:
    return json.loads(report["assessment"]) if report.get("assessment") else {}
