"""Typed records shared by every stage: EventFacts, Event (stored), Actor, Place; the extracted Incident
(extract.incident) is EventFacts too.

Every stage takes and returns these records; nothing passes dicts of unknown shape around.
The JSON form of an Incident is the `incident` of ../shared/specs/assessment.schema.json.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal, NotRequired, TypedDict

WEAPON_CLASSES: tuple[str, ...] = (
    "rocket", "missile", "mortar", "artillery", "airstrike", "drone", "ied", "vbied",
    "suicide_bomb", "grenade", "small_arms", "rpg", "knife", "arson", "chemical", "other", "unknown",
)
CLAIM_STATUSES: tuple[str, ...] = ("claimed", "unclaimed", "denied", "unknown")
DatePrecision = Literal["day", "week", "month", "year"]
Qualifier = Literal["exact", "approximate", "at_least", "at_most", "unknown"]

# ACLED event types and their sub-event types (ACLED codebook, 2023).
ACLED_TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
        "Other",
    ),
}


class SchemaRecord:
    """A record whose JSON form is `to_dict()` (an object of ../shared/specs/assessment.schema.json).

    Code reads a record's attributes. `record[key]` and `record.get(key)` read the JSON form, as a
    reader of the JSON would: tests read judgments, forecasts and timeline points so; no module of
    src/ does."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.to_dict().get(key, default)


@dataclass(slots=True)
class Count:
    """A reported number: `best` is the figure to use, `low`/`high` bound it."""

    best: int | None = None
    min: int | None = None
    max: int | None = None
    qualifier: Qualifier = "unknown"

    @classmethod
    def exact(cls, n: int | None) -> Count:
        if n is None:
            return cls()
        return cls(best=n, min=n, max=n, qualifier="exact")

    def to_dict(self) -> dict[str, Any]:
        return {"best": self.best, "min": self.min, "max": self.max, "qualifier": self.qualifier}


@dataclass(slots=True)
class Weapon:
    cls: str  # one of WEAPON_CLASSES ("class" is a keyword)
    name: str | None = None
    count: Count = field(default_factory=Count)
    inferred: bool = False  # not named: read from who did what ("Assailants attacked a checkpoint")

    def to_dict(self) -> dict[str, Any]:
        out = {"class": self.cls, "name": self.name, "count": self.count.to_dict()}
        return out | {"inferred": True} if self.inferred else out


class ActorJSON(TypedDict):
    """An ActorRef's JSON (the schema's `actor_ref`); a caller may give `id` and `name` alone."""

    id: str | None
    name: str
    families: NotRequired[list[str]]
    country: NotRequired[str | None]


@dataclass(slots=True)
class ActorRef:
    """An actor as a record names it: the raw name, and the registry id once resolved."""

    name: str
    id: str | None = None
    families: list[str] = field(default_factory=list)
    country: str | None = None

    def to_dict(self) -> ActorJSON:
        return {"id": self.id, "name": self.name, "families": list(self.families), "country": self.country}

    @classmethod
    def from_dict(cls, d: ActorJSON) -> ActorRef:
        return cls(name=d["name"], id=d["id"], families=list(d.get("families") or []), country=d.get("country"))


@dataclass(slots=True)
class Target:
    type: str  # military, diplomatic, government, police, civilians, infrastructure, business, armed group, logistics
    description: str | None = None
    affiliations: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "description": self.description, "affiliations": list(self.affiliations)}


@dataclass(slots=True)
class CasualtyGroup:
    group: str
    country: str | None = None
    killed: Count = field(default_factory=Count)
    injured: Count = field(default_factory=Count)

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "country": self.country, "killed": self.killed.to_dict(),
                "injured": self.injured.to_dict()}


@dataclass(slots=True, kw_only=True)
class EventFacts:
    """What happened, as any account of an event gives it: its type, the weapons, the targets, the
    toll and the claim. A stored `Event` is these facts with the identity, place and provenance a
    store keeps; an extracted `Incident` (extract.incident) is them with the report's evidence.
    Keyword-only, so a subclass's own fields come first in its constructor."""

    date_precision: DatePrecision = "day"
    event_type: str | None = None
    sub_event_type: str | None = None
    weapons: list[Weapon] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    fatalities: Count = field(default_factory=Count)
    injuries: Count = field(default_factory=Count)
    casualty_groups: list[CasualtyGroup] = field(default_factory=list)
    claim_status: str = "unknown"
    claimant: ActorRef | None = None


@dataclass(slots=True)
class Event(EventFacts):
    """The canonical stored event: every source adapter maps its rows to this one record.

    `id` is stable: derived from (source, source_id), so re-ingesting a row finds the same
    event and a changed row becomes a new revision of it. `known_from` is when the store knew
    this version; for datasets without publication times it is the event's end date.
    """

    source: str
    source_id: str
    date_start: date
    date_end: date | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision_km: float | None = None
    perpetrators: list[ActorRef] = field(default_factory=list)
    targets_actors: list[ActorRef] = field(default_factory=list)
    target_type: str | None = None
    notes: str | None = None
    sources: list[str] = field(default_factory=list)
    in_response_to: list[str] = field(default_factory=list)  # ids of events this one answered
    known_from: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return event_id(self.source, self.source_id)

    def to_dict(self) -> dict[str, Any]:
        """The event's JSON, its keys in `EVENT_KEYS` order (the API's /events/{id})."""
        d = asdict(self)
        d["weapons"] = [w.to_dict() for w in self.weapons]
        d["id"] = self.id
        return {k: d[k] for k in EVENT_KEYS}


# the keys of Event.to_dict, in the order the API has always given them
EVENT_KEYS: tuple[str, ...] = (
    "source", "source_id", "date_start", "date_end", "date_precision", "country", "admin1", "admin2", "location",
    "lat", "lon", "location_precision_km", "event_type", "sub_event_type", "weapons", "perpetrators",
    "targets_actors", "target_type", "targets", "fatalities", "injuries", "casualty_groups", "claim_status",
    "claimant", "notes", "sources", "in_response_to", "known_from", "extra", "id",
)


def event_id(source: str, source_id: str) -> str:
    """Stable id of a source row: readable prefix + short hash, the same on every ingest."""
    digest = hashlib.sha1(f"{source}\x1f{source_id}".encode()).hexdigest()[:12]
    return f"{source}:{digest}"


@dataclass(slots=True)
class Place:
    """A resolved location, as the schema's `place`."""

    name: str
    country: str
    lat: float
    lon: float
    admin1: str | None = None
    precision_km: float | None = None
    method: str = "gazetteer"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "admin1": self.admin1, "lat": self.lat,
                "lon": self.lon, "precision_km": self.precision_km, "method": self.method}


@dataclass(frozen=True, slots=True)
class LineageLink(SchemaRecord):
    """A link of an actor's lineage (knowledge/actors/*.yaml `lineage`): the other `actor`, the
    `relation` (`knowledge.LINEAGE_RELATIONS`; the registry's check names any other) and the date it
    took effect (`when`: YYYY, YYYY-MM or YYYY-MM-DD; None when not known)."""

    actor: str | None
    relation: str | None
    when: str | date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "relation": self.relation, "date": self.when}


@dataclass(slots=True)
class Actor:
    """An entry of the actor registry (knowledge/actors/*.yaml)."""

    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    lineage: list[LineageLink] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    home_areas: list[str] = field(default_factory=list)
    active: tuple[int | None, int | None] = (None, None)
    sources: list[str] = field(default_factory=list)

    def ref(self) -> ActorRef:
        return ActorRef(name=self.name, id=self.id, families=list(self.families),
                        country=self.countries[0] if self.countries else None)
