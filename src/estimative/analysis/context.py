"""An incident in its story, as of a date: the one entry point the assessment uses.

Composes the analysis modules (threads, series, severity, escalation, linking, forecast); holds
no analytic logic of its own, only the choice of which thread leads and the shapes the
assessment carries (schema `context`, the brief's timeline and map points).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from estimative.analysis.coverage import Coverage, incident_coverage, probability_band
from estimative.analysis.escalation import Escalation, escalation
from estimative.analysis.forecast import Forecast, ThreadForecaster
from estimative.analysis.series import Series, regional_series, series_context
from estimative.analysis.severity import SeverityRank, severity, severity_rank, thread_events
from estimative.analysis.skill import load_skill
from estimative.analysis.threads import Thread, as_of_day, day_number, threads_for
from estimative.model import Event, SchemaRecord
from estimative.store import Store

TIMELINE_DAYS = 365
EVIDENCE_DAYS = 90  # a forecast cites the thread's events of the last quarter


@dataclass(slots=True)
class RelatedEvent(SchemaRecord):
    """A stored event the brief's map shows: the main incident's series, or the other end of a link."""

    id: str
    date: str
    lat: float | None
    lon: float | None
    label: str
    relation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.date, "lat": self.lat, "lon": self.lon, "label": self.label,
                "relation": self.relation}


@dataclass(slots=True)
class TimelinePoint(SchemaRecord):
    """A bar of the brief's timeline: a stored event of the series, or the incident itself."""

    date: str
    label: str
    severity: float
    kind: str  # series | incident
    id: str

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "label": self.label, "severity": self.severity, "kind": self.kind, "id": self.id}


@dataclass
class IncidentContext:
    """The schema's `context` of an incident (`series`, `rank`, `escalation`; `schema()` is its
    JSON) and what the brief and the outlook read beside it."""

    event: Event
    threads: list[Thread]
    series: list[Series]
    rank: SeverityRank | None
    escalation: Escalation | None
    history: list[Event] = field(default_factory=list)
    # the thread the outlook is for: the broadest of the region when the incident joined a
    # regional campaign, else the broadest in its own country; None where the store covers nothing
    forecast_thread: Thread | None = None
    coverage: Coverage | None = None  # what the store held of the area and window read

    @property
    def lead(self) -> Series | None:
        """The series the story is told with: the most specific thread with a run of its own."""
        return _lead(self.series)

    @property
    def series_ids(self) -> list[str]:
        lead = self.lead
        return list(lead.event_ids) if lead else []

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"series": [s.to_dict() for s in self.series]}
        if self.rank:
            out["severity_rank"] = self.rank.to_dict()
        if self.escalation:
            out["escalation"] = self.escalation.to_dict()
        return out

    def timeline(self, incident: Mapping[str, Any]) -> list[TimelinePoint]:
        """The lead thread over the past year, bar height by severity; the incident (its `id`, `date`
        and `summary`, as the assessment's JSON has them) in red."""
        items = [TimelinePoint(e.date_start.isoformat(), _label(e), severity(e).score, "series", e.id)
                 for e in self.history]
        items.append(TimelinePoint(incident["date"], incident.get("summary") or "this incident",
                                   severity(self.event).score, "incident", incident["id"]))
        return items

    def related_points(self) -> list[RelatedEvent]:
        return [RelatedEvent(e.id, e.date_start.isoformat(), e.lat, e.lon, _label(e))
                for e in self.history if e.lat is not None and e.lon is not None]


def _label(e: Event) -> str:
    what = e.sub_event_type or e.event_type or "event"
    return f"{what} at {e.location or e.country or 'unknown place'}"


def incident_context(event: Event, store: Store, as_of: Any, exclude: list[str] | None = None,
                     perpetrator_family: str | None = None) -> IncidentContext:
    """Series, severity rank, escalation and the lead thread's recent history, all as of `as_of`,
    with the coverage they rest on.

    An incident with no run in its own country (the first of its kind there) is placed in the
    regional threads over its country and its neighbours, when a run there reaches it. Where the
    store holds nothing of the area in the window (coverage `none`), nothing is drawn from
    history: no series, no severity rank, no forecast thread, and escalation from red lines alone."""
    same_as = [x for x in (exclude or []) if x]
    threads = threads_for(event, perpetrator_family)
    # a report of a stored incident is that incident: count it once, under its stored id
    stored = store.get(same_as[0], as_of) if same_as else None
    counted = dataclasses.replace(event, source=stored.source, source_id=stored.source_id) if stored else event
    series = series_context(counted, store, as_of, threads=threads) if threads else []
    forecast_thread = threads[0] if threads else None
    area = None
    if threads and not series:  # alone in its country: the campaign it joins may be next door
        regional, series = regional_series(counted, store, as_of, perpetrator_family=perpetrator_family)
        threads = threads + regional
        if series and regional:
            forecast_thread = regional[0]
            area = _countries(forecast_thread)
    basis = incident_coverage(event, store, as_of, area, itself=stored)
    esc: Escalation | None = None
    if basis.abstains:
        esc = escalation(event, store, as_of, same_as=same_as, from_history=False) if event.country else None
        return IncidentContext(event, threads, [], None, esc if esc and esc.red_lines else None,
                               coverage=basis)
    lead_thread = _lead_thread(threads, series)
    rank = None
    history: list[Event] = []
    if lead_thread is not None:
        rank = severity_rank(event, store, as_of, lead_thread, same_as=same_as)
        esc = escalation(event, store, as_of, thread=lead_thread, rank=rank, same_as=same_as)
        since = as_of_day(as_of) - timedelta(days=TIMELINE_DAYS)
        history = [e for e in thread_events(store, as_of, lead_thread, since) if e.id not in same_as]
    elif event.country:
        esc = escalation(event, store, as_of, same_as=same_as)
    return IncidentContext(event, threads, series, rank, esc, history, forecast_thread, basis)


def _countries(thread: Thread) -> list[str]:
    country = thread.filters.get("country")
    return [country] if isinstance(country, str) else list(country or [])


def _lead(series: Sequence[Series]) -> Series | None:
    """The most specific series (most filters), the longest of those."""
    return max(series, key=lambda s: (len(s.filters), s.count)) if series else None


def _lead_thread(threads: list[Thread], series: list[Series]) -> Thread | None:
    if not threads:
        return None
    lead = _lead(series)
    if lead is not None:
        for t in threads:
            if t.description == lead.description:
                return t
    return threads[0]


def forecasts_for(event: Event, store: Store, as_of: Any, thread: Thread | None = None,
                  unstored: bool = False) -> list[Forecast]:
    """7- and 30-day forecasts for `thread`, by default the broadest thread of the incident (the
    question analysts ask: will this target family in this country be hit again?), with the
    model's backtested skill. `IncidentContext.forecast_thread` is the region's when the
    incident joined a regional campaign. `unstored`: the store does not hold the incident (no
    stored event matched it), so it is added to the thread's history on its day — it happened,
    and a self-exciting process must see it. Each forecast carries `history_events` (the
    thread's events in the model's window) and `band`, the range of its probability that history
    supports (`analysis.coverage.probability_band`): narrow on a long history, wide on a thin one."""
    if thread is None:
        threads = threads_for(event)
        if not threads:
            return []
        thread = threads[0]
    skill = load_skill().forecast
    recent = [e.id for e in thread_events(store, as_of, thread, as_of_day(as_of) - timedelta(days=EVIDENCE_DAYS))]
    forecaster = ThreadForecaster()
    add = [day_number(event.date_start)] if unstored and \
        forecaster.history_since(as_of) <= event.date_start <= as_of_day(as_of) else []
    fitted = forecaster.forecast(store, as_of, [thread], add_days=add)[thread.key]
    out = []
    for f in fitted.to_forecasts(skill):
        band = probability_band(f.probability, fitted.n_events)
        out.append(dataclasses.replace(f, evidence=recent[-20:], band=list(band) if band else None))
    return out


def outlook_drivers(forecasts: Sequence[Forecast]) -> list[str]:
    """What would change the outlook: stated in terms of the model's own inputs."""
    if not forecasts:
        return []
    return [
        "A further attack in the coming days would raise these probabilities: the Hawkes model is "
        "self-exciting, each event raising the near-term rate.",
        "A week without events lets the excitation decay toward the baseline rate and lowers them.",
        "A retaliatory strike, a claimed campaign or a red line crossed (see Escalation) is not in the "
        "event rate yet and argues for the higher end of the band.",
    ]


