"""One incident per real event, across reports.

A watched report's incidents are matched against the incidents already stored from reports with
the same-event model (`analysis.linking.same_event`, the model `analysis.linking.match_stored`
uses): above `LINK_THRESHOLD`, unless the two name different kinds of attack with different
weapons (`_contradict`), the report becomes one more source of that incident, with the
probability and the model's reasons kept; otherwise it opens a new incident (an event of source
"report", stored as `web/reports.save_report` stores one). The incident's casualty counts follow
the latest report that gives them (by publication, then arrival); each change is a new revision
of the stored event, so the history is kept, and each source's own counts are kept too.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from estimative.analysis.linking import LINK_THRESHOLD, StoredMatch, same_event
from estimative.assess.api import Reading
from estimative.model import Count, Event
from estimative.store.database import Store
from estimative.store.watch import (
    IncidentSource,
    ReportRow,
    incident_sources,
    report_stored,
    report_view_time,
    write_watched_report,
)
from estimative.watch.pages import report_as_of

REPORT_EVENT_PREFIX = "report:"


@dataclass(frozen=True)
class Provenance:
    feed_url: str
    url: str
    outlet: str
    title: str | None
    published: datetime | None
    fetched_at: datetime


@dataclass(frozen=True)
class MergeOutcome:
    incident_id: str
    report_id: str
    index: int
    merged: bool  # True: joined an incident stored before; False: opened a new one
    probability: float | None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def same_incident(event: Event, store: Store, as_of: datetime) -> StoredMatch | None:
    """The stored report incident that is this same event, if one is more likely than not."""
    for event_id, p, reasons in same_event(event, store, as_of, limit=10):
        if not event_id.startswith(REPORT_EVENT_PREFIX) or p <= LINK_THRESHOLD:
            continue
        stored = store.get(event_id, as_of)
        if stored is not None and _contradict(event, stored):
            continue
        return StoredMatch(event_id, round(p, 3), reasons)
    return None


def _contradict(a: Event, b: Event) -> bool:
    """Two reports that name different kinds of attack with different weapons describe two
    events, however close in place and time (a roadside bomb and a rocket salvo in one city on
    one day): outlets disagree on counts and claims, rarely on what kind of attack it was."""
    kinds = a.sub_event_type and b.sub_event_type and a.sub_event_type != b.sub_event_type
    wa, wb = {w.cls for w in a.weapons}, {w.cls for w in b.weapons}
    return bool(kinds and wa and wb and not wa & wb)


def store_watched_report(store: Store, text: str, prov: Provenance,
                         reading: Reading | Exception | None = None) -> list[MergeOutcome] | None:
    """Assess and store one watched report; None when the same text is already stored. The
    report, its incidents' source rows, the incidents it opens and the revisions of those it
    joins are written in one transaction (`store.watch.write_watched_report`). `reading`: the
    report's extraction made already (`watch.pages`), or the ReportInputError it gave."""
    from estimative.assess.api import report_events, report_id_for
    from estimative.web.reports import assess_report

    rid = report_id_for(text)
    if report_stored(store, rid):
        return None
    if isinstance(reading, Exception):
        raise reading
    assessed = assess_report(store, text, report_as_of(prov.published), source=prov.outlet, reading=reading)
    events = report_events(assessed, rid)
    a = assessed.to_dict()
    seen = _now()
    # the sources' arrival to the microsecond: two reports of one publication time stored within
    # one second still follow in the order they came (their counts: the later one's)
    arrived = datetime.now(UTC).replace(tzinfo=None)
    opened: list[Event] = []
    outcomes: list[MergeOutcome] = []
    sources: list[IncidentSource] = []
    view = report_view_time(store, seen)  # the latest counts, even of a revision dated ahead
    for i, ev in enumerate(events):
        match = same_incident(ev, store, view)
        incident_id, p, reasons = ((match.event_id, match.probability, match.reasons) if match
                                   else (ev.id, None, ["opened the incident"]))
        sources.append(IncidentSource(incident_id, rid, i, prov.outlet, prov.url, prov.published, arrived, p,
                                      "; ".join(reasons), ev.fatalities.best, ev.injuries.best))
        outcomes.append(MergeOutcome(incident_id, rid, i, match is not None, p))
        if not match:
            opened.append(ev)
    joined = dict.fromkeys(o.incident_id for o in outcomes if o.merged)
    revised = [r for r in (_follow_latest(store, j, [s for s in sources if s.incident_id == j]) for j in joined)
               if r is not None]
    a["stored_event_ids"] = [o.incident_id for o in outcomes]
    a["report"]["provenance"] = {"feed": prov.feed_url, "url": prov.url, "outlet": prov.outlet,
                                 "published": prov.published.isoformat() if prov.published else None,
                                 "fetched": prov.fetched_at.isoformat()}
    row = ReportRow(rid, seen, prov.title or a["report"].get("title"), a["report"].get("published"), text,
                    json.dumps(a, ensure_ascii=False, default=str))
    if write_watched_report(store, row, [*opened, *revised], sources) is None:
        return None  # stored meanwhile (by another writer of the same store)
    return outcomes  # the caller refreshes the store's listing copy (once for many reports: runner.py)


def _follow_latest(store: Store, incident_id: str, new: list[IncidentSource]) -> Event | None:
    """The stored incident revised to the latest counts and the full list of outlets, once the
    report's `new` sources join it (None when it is not stored)."""
    current = store.get(incident_id)
    if current is None:
        return None
    sources = [*incident_sources(store, incident_id), *new]
    order = sorted(sources, key=lambda s: (s.published or s.seen_at, s.seen_at))
    fat = next((s.fatalities for s in reversed(order) if s.fatalities is not None), None)
    inj = next((s.injuries for s in reversed(order) if s.injuries is not None), None)
    outlets = sorted({s.outlet for s in sources})
    return dataclasses.replace(
        current,
        fatalities=current.fatalities if fat is None or fat == current.fatalities.best else Count.exact(fat),
        injuries=current.injuries if inj is None or inj == current.injuries.best else Count.exact(inj),
        sources=outlets, known_from=_now())


def incident_summary(store: Store, incident_id: str) -> dict[str, Any]:
    """An incident across its reports: sources, first and last seen, corroboration (independent
    outlets), current casualty counts and the counts each source gave, in order."""
    sources = incident_sources(store, incident_id)
    current = store.get(incident_id)
    return {
        "incident_id": incident_id,
        "date": current.date_start.isoformat() if current else None,
        "location": current.location if current else None,
        "fatalities": current.fatalities.best if current else None,
        "injuries": current.injuries.best if current else None,
        "first_seen": min(s.seen_at for s in sources).isoformat() if sources else None,
        "last_seen": max(s.seen_at for s in sources).isoformat() if sources else None,
        "corroboration": len({s.outlet for s in sources}),
        "sources": [{"report_id": s.report_id, "outlet": s.outlet, "url": s.url,
                     "published": s.published.isoformat() if s.published else None,
                     "probability": s.probability, "reasons": s.reasons,
                     "fatalities": s.fatalities, "injuries": s.injuries} for s in sources],
        "revisions": [{"revision": r, "known_from": k.isoformat()} for r, k, _ in store.revisions(incident_id)],
    }
