"""The Incident record: what extraction finds in a report, each field with its evidence spans.

Its JSON (`to_dict`) is the `incident` of ../shared/specs/assessment.schema.json. It lives
here rather than in model.py because only extraction builds it; `estimative.extract`
re-exports it and later stages (attribution, assessment) fill `attribution`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from estimative.model import ActorRef, CasualtyGroup, Count, DatePrecision, Place, Target, Weapon

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


@dataclass(slots=True)
class Incident:
    """One incident a report describes.

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
    date_precision: DatePrecision = "day"
    date_source: str = "text"
    sub_event_type: str | None = None
    weapons: list[Weapon] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    fatalities: Count = field(default_factory=Count)
    injuries: Count = field(default_factory=Count)
    casualty_groups: list[CasualtyGroup] = field(default_factory=list)
    claim_status: str = "unknown"
    claimant: ActorRef | None = None
    stated_perpetrator: ActorRef | None = None
    blamed_by: str | None = None  # who said so: "US officials", "police"
    perpetrator_description: str | None = None  # how the text names the attackers: "gunmen", "suspected militants"
    attribution: list[dict[str, Any]] = field(default_factory=list)
    span: Span = (0, 0)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    kidnapped: Count = field(default_factory=Count)
    location_mention: str | None = None  # the place as the text writes it ("Falluja" for Al Fallujah)

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
            "attribution": list(self.attribution),
            "evidence": {k: [list(s) for s in v] for k, v in self.evidence.items()},
            "references": [r.to_dict() for r in self.references],
        }
