"""The Incident record: what extraction finds in a report, each field with its evidence spans.

An Incident is an event's facts (`model.EventFacts`, the fields a stored `Event` holds too: what,
with what, against whom, the toll, the claim) as a report tells them, plus the report's own: its
id in the report, the date, the place as resolved (`Place`), who the report says did it, and for
each field the spans of the text it was read from. `to_event` gives the canonical Event that
stored-event code (matching, context, attribution, linking) reads; `to_dict` is the `incident` of
../shared/specs/assessment.schema.json. It lives here rather than in model.py because only
extraction builds it; `estimative.extract` re-exports it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from estimative.model import (
    ActorRef,
    CasualtyGroup,
    Count,
    DatePrecision,
    Event,
    EventFacts,
    Place,
    Target,
    Weapon,
)

Span = tuple[int, int]


@dataclass(slots=True)
class Reference:
    """A background event the report mentions but is not about ("after the killing of X in January").

    Kept with its date, place and actors so later stages can match it to a stored event.
    """

    text: str
    span: Span
    date: date | None = None
    date_precision: DatePrecision | None = None
    place: Place | None = None
    actors: list[ActorRef] = field(default_factory=list)
    kind: str = "background"  # background | cause (what the incident answered) | earlier_attack

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span), "kind": self.kind,
                "date": self.date.isoformat() if self.date else None, "date_precision": self.date_precision,
                "place": self.place.to_dict() if self.place else None,
                "actors": [a.to_dict() for a in self.actors]}


@dataclass(slots=True, kw_only=True)
class Incident(EventFacts):
    """One incident a report describes: an event's facts (`EventFacts`: type, weapons, targets,
    toll, claim) as the report tells them, with its own id in the report, its date, its place as
    resolved and, for each field, the spans of the text it was read from.

    It does not subclass `Event`, which it could not stand in for: the Event's `id` comes from the store
    (source, source_id), this one is the report's ("inc-..."); the Event's `location` is a
    place name, this one is the resolved `Place`. `to_event` gives the Event a store keeps of it.

    `date_source` says where the date came from: "text" (a date in the report), "published"
    (no date in the text: the report's own date), "as_of" (neither, but the text was read as of
    a date: that day), or "none" (none of these: the extraction day,
    with precision "year" so nobody mistakes it for a fact). `location.method` says the same
    for the place: gazetteer, relative offset, country centroid, or unknown.
    """

    id: str
    date: date
    location: Place
    event_type: str
    date_source: str = "text"
    stated_perpetrator: ActorRef | None = None
    blamed_by: str | None = None  # who said so: "US officials", "police"
    perpetrator_description: str | None = None  # how the text names the attackers: "gunmen", "suspected militants"
    span: Span = (0, 0)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    kidnapped: Count = field(default_factory=Count)
    location_mention: str | None = None  # the place as the text writes it ("Falluja" for Al Fallujah)

    def to_event(self, source_id: str, known_from: datetime | None, report_source: str | None = None,
                 notes: str | None = None) -> Event:
        """The Event a store keeps of the incident (source "report"): its facts, copied, with the identity,
        place and provenance a stored event has.

        A place not found (`location.method` "unknown") gives no country, place or coordinates. A
        claimant is the author; an actor the report only names or blames is kept as blamed
        (`extra["blamed"]`), as the record keeps a blame, so linking weighs it by how often blame
        holds. The background events the report mentions go to `extra["references"]`: the
        retaliation linker reads them as the report's own statement of cause."""
        loc = self.location
        placed = loc.method not in (None, "unknown")
        stated = self.stated_perpetrator
        blamed = ([{"actor": stated.id, "by": self.blamed_by}]
                  if not self.claimant and stated is not None and stated.id else [])
        targets = [Target(type=t.type or "unknown", description=t.description, affiliations=list(t.affiliations))
                   for t in self.targets]
        claimant = _ref(self.claimant) if self.claimant else None
        return Event(
            source="report", source_id=source_id, date_start=self.date, date_precision=self.date_precision or "day",
            country=loc.country if placed else None, admin1=loc.admin1, location=loc.name if placed else None,
            lat=loc.lat if placed else None, lon=loc.lon if placed else None,
            location_precision_km=loc.precision_km, event_type=self.event_type, sub_event_type=self.sub_event_type,
            weapons=[Weapon(cls=w.cls, name=w.name, count=_copy(w.count)) for w in self.weapons],
            perpetrators=[_ref(self.claimant)] if self.claimant else [],
            target_type=targets[0].type if targets else None, targets=targets,
            fatalities=_copy(self.fatalities), injuries=_copy(self.injuries),
            casualty_groups=[CasualtyGroup(group=g.group or "", country=g.country, killed=_copy(g.killed),
                                           injured=_copy(g.injured)) for g in self.casualty_groups],
            claim_status=self.claim_status or "unknown", claimant=claimant,
            notes=notes, sources=[report_source] if report_source else [], known_from=known_from,
            extra={"references": [r.to_dict() for r in self.references], **({"blamed": blamed} if blamed else {})},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "span": list(self.span),
            "date": self.date.isoformat(),
            "date_precision": self.date_precision,
            "date_source": self.date_source,
            "location": {**self.location.to_dict(), "mention": self.location_mention},
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "weapons": [w.to_dict() for w in self.weapons],
            "targets": [t.to_dict() for t in self.targets],
            "fatalities": self.fatalities.to_dict(),
            "injuries": self.injuries.to_dict(),
            "kidnapped": self.kidnapped.to_dict(),
            "casualty_groups": [g.to_dict() for g in self.casualty_groups],
            "claim": {"status": self.claim_status, "by": self.claimant.to_dict() if self.claimant else None},
            "stated_perpetrator": self.stated_perpetrator.to_dict() if self.stated_perpetrator else None,
            "blamed_by": self.blamed_by,
            "perpetrator_description": self.perpetrator_description,
            "attribution": [],  # who did it is the assessment's: assess.records.IncidentAssessment
            "evidence": {k: [list(s) for s in v] for k, v in self.evidence.items()},
            "references": [r.to_dict() for r in self.references],
        }


def _copy(c: Count) -> Count:
    return Count(best=c.best, min=c.min, max=c.max, qualifier=c.qualifier or "unknown")


def _ref(r: ActorRef) -> ActorRef:
    return ActorRef(name=r.name, id=r.id, families=list(r.families), country=r.country)
