"""An incident's context for the assessment: a report of a stored incident, as of its date."""
from __future__ import annotations

import dataclasses

from estimative.analysis.context import forecasts_for, incident_context, outlook_drivers
from estimative.analysis.linking import match_stored
from estimative.model import Count


def report_of(curated_event):
    """The incident as a report would give it: another source, slightly different figures."""
    return dataclasses.replace(curated_event, source="report", source_id="rpt#0", in_response_to=[],
                               fatalities=Count.exact(3), lat=curated_event.lat + 0.02)


def test_a_report_of_a_stored_incident_gets_its_context(curated_store, curated):
    stored = curated["cur-2020-03-11-taji-rockets"]
    report = report_of(stored)
    match = match_stored(report, curated_store, stored.date_start)
    assert match and match["event_id"] == stored.id
    ctx = incident_context(report, curated_store, stored.date_start, exclude=[match["event_id"]])
    alone = incident_context(stored, curated_store, stored.date_start)
    # the report and its stored copy are one incident: counted once, never compared with itself
    assert ctx.series[0]["count"] == alone.series[0]["count"]
    assert ctx.rank["history_events"] == alone.rank["history_events"]
    schema = ctx.schema()
    assert {"series", "severity_rank", "escalation"} <= set(schema)
    assert schema["escalation"]["level"] in ("limited", "significant", "major")
    assert ctx.lead is not None and ctx.lead.sentence.endswith(f"since {ctx.lead.since:%B %Y}")
    timeline = ctx.timeline({"id": "inc-1", "date": report.date_start.isoformat(), "location": {"name": "Taji"}})
    assert timeline[-1]["kind"] == "incident" and all(t["date"] <= report.date_start.isoformat() for t in timeline)


def test_forecasts_and_their_drivers(curated_store, curated):
    stored = curated["cur-2020-03-11-taji-rockets"]
    fcs = forecasts_for(stored, curated_store, stored.date_start)
    assert {f["horizon_days"] for f in fcs} == {7, 30}
    assert all(0.0 <= f["probability"] <= 1.0 for f in fcs)
    assert all(set(f["evidence"]) <= {e.id for e in curated_store.events(stored.date_start)} for f in fcs)
    drivers = outlook_drivers(fcs)
    assert drivers and "Hawkes" in drivers[0]
