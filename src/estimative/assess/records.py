"""The records of an assessment: one report assessed, as the steps fill it and the brief reads it.

Each record mirrors an object of ../shared/specs/assessment.schema.json, and its `to_dict()` is
that object's JSON, keys in the schema's order: `Report` (`report`), `IncidentAssessment` (an
`incident`: the extracted `Incident` and what the steps found about it), `Link`, `Judgment` and
`Forecast` (defined with the forecasts, in `analysis.forecast`). `Assessment.to_dict()` is the whole document plus the fields the brief uses
(`headline`, `related_events`, `timeline`, `sources`, `method`). `to_dict` is called at the
edges only: JSON output, the API, the brief's templates. A record can also be read by its schema
key (`judgment["statement"]`), as its JSON would be.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from estimative.analysis.attribution import Attribution
from estimative.analysis.blame import WeighedBlame
from estimative.analysis.context import IncidentContext, RelatedEvent, TimelinePoint
from estimative.analysis.coverage import Coverage
from estimative.analysis.forecast import Forecast
from estimative.analysis.response import ResponseForecast, Share
from estimative.extract.incident import Incident
from estimative.model import Event, SchemaRecord


class AssessmentError(Exception):
    """Nothing could be assessed: empty, unreadable or non-English input. The message says why."""


class Unset(Enum):
    """A field the JSON leaves out (not even null) unless a step set it."""

    UNSET = "unset"


UNSET = Unset.UNSET


def _set(**fields: object) -> dict[str, object]:
    """The optional fields that were set, in the order given."""
    return {k: v for k, v in fields.items() if v is not UNSET}


@dataclass(slots=True)
class Report(SchemaRecord):
    """The schema's `report`: the report's title and date, and the time it is assessed as of."""

    as_of: str
    title: str | None = None
    published: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "published": self.published, "as_of": self.as_of, "source": self.source}


@dataclass(slots=True)
class ResponseFigures:
    """The likely-response judgment's `response` field: who would strike whom and the forecast's
    figures (`analysis.response.ResponseForecast`) with the precedents named, or, with no forecast,
    why no judgment is made (`reason`)."""

    responder: str
    against: str
    forecast: ResponseForecast | None = None
    reason: str | None = None
    precedents: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        fc = self.forecast
        head: dict[str, Any] = {"responder": self.responder, "against": self.against, "abstained": fc is None}
        if fc is None:
            return head | {"reason": self.reason}
        c = fc.count.get(30)

        def shares(ss: list[Share]) -> list[dict[str, Any]]:
            return [{"value": s.value, "share": round(s.share, 3), "responses": list(s.responses)} for s in ss]

        return head | {
            "dyad_events": fc.dyad_events,
            "probability": {str(h): round(v, 3) for h, v in fc.probability.items()},
            "process_probability": {str(h): round(v, 3) for h, v in fc.hawkes_probability.items()},
            "expected_strikes_30d": round(fc.expected[30], 2),
            "expected_strikes_30d_interval": [c.low, c.high] if c else None,
            "where_country": shares(fc.countries), "where_admin1": shares(fc.admin1),
            "against_whom": shares(fc.against), "means": shares(fc.means),
            "pairs": [{"trigger": p.trigger, "response": p.response, "days": p.days} for p in fc.pairs],
            "red_lines": [{"id": r.line, "earlier_crossings": r.crossings,
                           "answered": [p.response for p in r.answered]} for r in fc.red_lines],
            "precedents": self.precedents}


@dataclass(slots=True)
class Judgment(SchemaRecord):
    """The schema's `judgment`. `key` marks the judgments the brief leads with; `family` and `actor`
    (an attribution's family named and top candidate's id), `claimant` (a claim's actor id), `basis` ("coverage", "response"), `response` (the likely response's figures) and
    `band` (an outlook's supported range) are written only by the judgments that have them."""

    kind: str
    subject: str | None
    statement: str
    probability: float | None = None
    estimative_term: str | None = None
    confidence: str | None = None
    evidence: list[str] = field(default_factory=list)
    key: bool = False
    family: str | None | Unset = UNSET
    actor: str | None | Unset = UNSET
    claimant: str | None | Unset = UNSET
    basis: str | Unset = UNSET
    response: ResponseFigures | Unset = UNSET
    band: list[float] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "statement": self.statement,
                "probability": self.probability, "estimative_term": self.estimative_term,
                "confidence": self.confidence, "evidence": self.evidence, "key": self.key,
                **_set(family=self.family, actor=self.actor, claimant=self.claimant, basis=self.basis,
                       response=self.response if self.response is UNSET else self.response.to_dict(), band=self.band)}


@dataclass(slots=True)
class Link(SchemaRecord):
    """The schema's `link`: `source` (JSON `from`) answered or is `target` (`to`), each an incident id
    of the report or a stored event id, with the words the brief names them by."""

    source: str
    target: str
    relation: str
    probability: float | None
    reasons: list[str]
    from_label: str
    to_label: str

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "relation": self.relation, "probability": self.probability,
                "reasons": self.reasons, "from_label": self.from_label, "to_label": self.to_label}


@dataclass(slots=True)
class SimilarIncident(SchemaRecord):
    """A stored event like the incident, that its attribution rests on."""

    id: str
    date: str
    location: str
    summary: str
    perpetrator: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.date, "location": self.location, "summary": self.summary,
                "perpetrator": self.perpetrator}


@dataclass(slots=True)
class IncidentAssessment(SchemaRecord):
    """The schema's `incident`: the extracted `Incident` and what the steps found about it: the stored
    event that is it (`matched_event`), its context and coverage, and who did it."""

    incident: Incident
    summary: str
    matched_event: str | None = None
    context: IncidentContext | None = None  # series, severity rank, escalation (analysis.context)
    coverage: Coverage | None = None  # what the store held of the incident's area, known at `as_of`
    coverage_note: str = ""  # the coverage said in words (assess.wording.coverage_note)
    similar_incidents: list[SimilarIncident] | None = None
    stated_blame: WeighedBlame | None = None  # the blame weighed in (analysis.blame.weigh_blame)
    attribution: Attribution | None = None  # who did it, as shown: the first candidates and families

    @property
    def id(self) -> str:
        return self.incident.id

    def event(self, source_id: str, known_from: datetime | None, report_source: str | None = None,
              notes: str | None = None) -> Event:
        """The incident as a canonical Event (source "report"); its notes are `notes`, else the summary."""
        return self.incident.to_event(source_id, known_from, report_source, notes or self.summary)

    def to_dict(self) -> dict[str, Any]:
        d = self.incident.to_dict()
        d |= {"summary": self.summary, "matched_event": self.matched_event, "context": self.context.schema() if self.context else {},
              "coverage": self.coverage.to_dict(self.coverage_note) if self.coverage else {}}
        if self.similar_incidents is not None:
            d["similar_incidents"] = [s.to_dict() for s in self.similar_incidents]
        if self.stated_blame is not None:
            d["stated_blame"] = self.stated_blame.to_dict()
        if self.attribution is not None:
            att = self.attribution
            d |= {"attribution": [c.to_dict() for c in att.candidates],
                  "family_attribution": [f.to_dict() for f in att.families],
                  "attribution_unknown": att.unknown, "attribution_signals": att.signals}
        return d


@dataclass(slots=True)
class MentionedEvent(SchemaRecord):
    """A background event the report mentions (`Incident.references`), with the incident that mentions it."""

    text: str
    date: str | None
    incident: str
    matched_event: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "date": self.date, "incident": self.incident, "matched_event": self.matched_event}


@dataclass
class Assessment:
    """One report assessed: the schema's document (`report`, `incidents`, `links`, `judgments`,
    `forecasts`) and what the brief adds to it."""

    report: Report
    incidents: list[IncidentAssessment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    judgments: list[Judgment] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    headline: str = ""
    references: list[MentionedEvent] = field(default_factory=list)
    related_events: list[RelatedEvent] = field(default_factory=list)
    timeline: list[TimelinePoint] = field(default_factory=list)
    outlook_drivers: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    method: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def each(records: Sequence[SchemaRecord]) -> list[dict[str, Any]]:
            return [r.to_dict() for r in records]

        return {
            "report": self.report.to_dict(), "headline": self.headline, "incidents": each(self.incidents),
            "links": each(self.links), "judgments": each(self.judgments), "forecasts": each(self.forecasts),
            "references": each(self.references), "related_events": each(self.related_events),
            "timeline": each(self.timeline), "outlook_drivers": list(self.outlook_drivers),
            "sources": list(self.sources), "method": list(self.method),
        }
