"""Place chains: a place named with the areas it lies in ("in Awdheegle, Lower Shebelle, Somalia", "Palma,
Cabo Delgado", "in Farjarno neighborhood, Kismayo, Lower Juba", "Mahaday district, Middle Shebelle").

The names after a place mention, joined by commas or by "in"/"of", are read coarsest first: a country
fixes the country, an admin-1 or admin-2 area (GeoNames, `estimative.geo.admin`) or a town narrows the
frame. The mention then takes the place of its name that lies in that frame; when the gazetteer has
none there (a village it lacks, or only a namesake abroad: Palma de Mallorca for Palma in Cabo
Delgado), the mention is placed at the finest frame the report gives, with that frame's extent as its
`precision_km` and a method that says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from estimative.extract.tables.places import AREA_NOUNS, CHAIN_NOUN_RE
from estimative.geo import (
    UNKNOWN_NAME,
    countries,
    country_of,
    country_place,
    gazetteer,
    haversine_km,
    place_key,
)
from estimative.geo.admin import AdminArea, admin_table
from estimative.geo.countries import demonym_keys
from estimative.geo.gazetteer import GazEntry, choose
from estimative.model import Place

# nouns written after a name in a chain ("Mudug region", "Farjarno neighborhood", "Mahaday district")
_NOUN = CHAIN_NOUN_RE
_AREA_NOUNS = frozenset(AREA_NOUNS)
_WORD = r"[A-Z](?:[\w'\u2019-]|\.(?=\w))*"
_NAME = rf"{_WORD}(?:[ -](?:(?:and|de|del|du|da|al|el|of|of the|ez|ed|es|et|er|ad|ar|az|ash)[ -])?{_WORD}){{0,3}}"  # "Democratic Republic of the Congo", "Deir ez-Zor"
_LINK = re.compile(rf"(?:\s+{_WORD})*(?:\s+(?i:{_NOUN}))?\)?(?:\s*,\s*(?i:in\s+|of\s+)?|\s+(?i:in|of)\s+|\s*\(\s*)"
                   rf"(?i:the\s+)?(?:\d+(?i:st|nd|rd|th)\s+)?(?P<name>{_NAME})(?:\s+(?P<noun>(?i:{_NOUN}))\b)?")
_CAPITALISED = re.compile(_NAME)
_TOWN_FRAME_KM = 15.0
_NEAR_AREA_KM = 50.0  # a town of the name this far outside the area named with it is still taken  # a neighbourhood or village "of" a town lies within this of it
_MAX_LINKS = 4
_NEAR_TOWN_KM = 150.0  # a town named in an address (a country named after it) stands for an area this wide


@dataclass(slots=True)
class Frame:
    """Where a chain's coarser names put the place: a country, an area or a town."""

    country: str | None = None
    area: AdminArea | None = None
    town: GazEntry | None = None
    named: bool = False  # the chain names a country or an area, not only towns

    def holds(self, entry: GazEntry) -> bool:
        if self.country and entry.country != self.country:
            return False
        if self.town is not None:
            return haversine_km(self.town.lat, self.town.lon, entry.lat, entry.lon) <= \
                self.town.precision_km + _TOWN_FRAME_KM
        if self.area is not None:  # within the extent of the area's towns
            return self.area.contains(entry.lat, entry.lon)
        return True

    def place(self, name: str) -> Place | None:
        """The frame as the place of a name it holds but the gazetteer lacks."""
        if self.town is not None:
            t = self.town
            return Place(name=name, country=t.country, lat=t.lat, lon=t.lon, admin1=t.admin1,
                         precision_km=round(t.precision_km + _TOWN_FRAME_KM, 1),
                         method=f"town named with it ({t.name}; {name} not in gazetteer)")
        if self.area is not None:
            a = self.area
            return Place(name=name, country=a.country, lat=a.lat, lon=a.lon,
                         admin1=a.name if a.level == 1 else None, precision_km=a.extent_km,
                         method=f"admin-{a.level} area named with it ({a.name}; {name} not in gazetteer)")
        return None


def chain_after(text: str, end: int, limit: int) -> list[tuple[str, str | None]]:
    """The (name, noun) pairs that follow a place mention ending at `end`, up to `limit` (its sentence's end)."""
    out: list[tuple[str, str | None]] = []
    pos = end
    for _ in range(_MAX_LINKS):
        m = _LINK.match(text, pos, limit)
        if not m or not _CAPITALISED.fullmatch(m.group("name")):
            break
        out.append(_noun_apart(m.group("name"), (m.group("noun") or "").lower() or None))
        pos = m.end()
    return out


def known_links(chain: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """The chain up to its first name that is no country, area or place the gazetteer holds: "of Oyo, Alhaji
    Saliu Abdulkadir, in Igangan, Oyo, Nigeria" is no address of Oyo (a person's name follows it)."""
    gaz, table = gazetteer(), admin_table()
    for k, (name, _) in enumerate(chain):
        if not (country_of(name) or table.named(name) or gaz.has_key(place_key(name))):
            return chain[:k]
    return chain


_CHAIN_NOUNS = re.compile(rf"(?i:{_NOUN})")


def _noun_apart(name: str, noun: str | None) -> tuple[str, str | None]:
    """"Moyale District", "Kabul City": a noun written with a capital closes the name; the name is the words
    before it, unless the whole is a name of its own (Mexico City, Sadr City)."""
    head, _, last = name.rpartition(" ")
    if noun is None and head and _CHAIN_NOUNS.fullmatch(last) and not gazetteer().has_key(place_key(name)) \
            and not country_of(name):
        return head, last.lower()
    return name, noun


def _areas(name: str, frame: Frame) -> list[AdminArea]:
    """Areas of this name within the frame: inside its area, or around its town."""
    table = admin_table()
    found = table.named(name, (frame.country,) if frame.country else ())
    if frame.area is not None:
        found = [a for a in found if a.parent == frame.area.id or a.id != frame.area.id
                 and frame.area.contains(a.lat, a.lon)]
    elif frame.town is not None:
        t = frame.town
        found = [a for a in found if a.contains(t.lat, t.lon)]
    return found


def _towns(name: str, frame: Frame) -> list[GazEntry]:
    gaz = gazetteer()
    key = place_key(name)
    cands = gaz.candidates_by_key(key) or gaz.compact_candidates(key)
    return [c for c in cands if c.kind not in ("country",) and frame.holds(c)]


def frame_of(chain: list[tuple[str, str | None]], context: tuple[str, ...] = ()) -> Frame:
    """The frame the chain's names set, read coarsest first; a name that is none of these is passed over.
    Until the chain names a country, areas and towns of the report's countries (`context`, most likely
    first) come before their namesakes elsewhere ("Bale Zone" is Ethiopia's in a report about the OLA)."""
    frame = Frame()

    def ours(found: list) -> list:
        if frame.country or not context:
            return found
        return sorted(found, key=lambda a: context.index(a.country) if a.country in context else len(context))

    for name, noun in reversed(chain):
        iso3 = country_of(name)
        if iso3 and iso3 in countries() and noun not in _AREA_NOUNS and place_key(name) not in demonym_keys() \
                and (place_key(name) == place_key(countries()[iso3].name)
                                             or not admin_table().named(name, (iso3,))):  # not "Jammu and Kashmir"
            frame = Frame(country=iso3, named=True)  # not "the Somali region" of Ethiopia
            continue
        areas = ours(_areas(name, frame))
        towns = ours(_towns(name, frame))
        if areas and (noun in _AREA_NOUNS or not towns or frame.area is None and frame.town is None):
            frame = Frame(country=areas[0].country, area=areas[0], named=True)
        elif towns:
            best = choose(towns, (frame.country,) if frame.country else context)
            if best is not None:
                frame = Frame(country=best.country, town=best, named=frame.named)
    return frame


def place_in_chain(text: str, mention, limit: int, context: tuple[str, ...] = ()) -> bool:
    """Resolve `mention` (a PlaceMention) by the names that follow it, read in the report's `context` countries;
    True when the chain decided its place."""
    chain = chain_after(text, mention.end, limit)
    if not chain:
        return False
    frame = frame_of(chain, context)
    if frame.country is None or not frame.named and context and frame.country not in context:
        return False  # only towns abroad follow it: no address of this report's places
    cands = mention.cands or _towns(mention.name, Frame())
    own = [c for c in cands if frame.holds(c)]
    if not own and mention.admin_noun not in _AREA_NOUNS and (frame.area or frame.town):
        # "Harardhere, Mudug": GeoNames' Xarardheere (within an area or a town: a whole country holds many
        # names of the same consonants, Subusub for Sibsib)
        own = [c for c in gazetteer().spelled_like(mention.name, (frame.country,)) if frame.holds(c)]
    # "Anan village in Moyale": contained in what follows, unless the report's own country has a place of the name
    # ("near Laukkai in the Nan Tien Men hills": Laukkai in Myanmar, not a town of those words in China)
    inside = bool(_INSIDE.match(text, mention.end, limit)) and not any(c.country in context[:1] for c in cands)
    if not own and cands and not frame.named and not inside:
        # "in Mexico City, Guadalajara and Monterrey": a known name followed only by other towns is a
        # list, not a chain (a chain that goes on to an area or a country is one: "Santo Nino,
        # Kidapawan, North Cotabato, Philippines")
        return False
    if not own and frame.town is not None and (frame.named or inside):
        # "Goundam, Timbuktu, Mali", "Katwa in Burdwan district": a town named in an address stands for its
        # area; the nearest of the name, when the country has only one (the Philippines have dozens of
        # Santo Niños: the one 100 km from Kidapawan is not the one in it)
        t = frame.town
        near = sorted((haversine_km(t.lat, t.lon, c.lat, c.lon), k) for k, c in enumerate(cands)
                      if c.country == t.country)
        own = [cands[k] for d, k in near[:1] if d <= _NEAR_TOWN_KM and len(near) == 1]
    if not own and frame.area is not None:  # a town just across the border the coder drew: the nearest one
        a = frame.area
        near = sorted((haversine_km(a.lat, a.lon, c.lat, c.lon), k) for k, c in enumerate(cands)
                      if c.country == a.country)
        own = [cands[k] for d, k in near[:1] if d <= a.extent_km + _NEAR_AREA_KM]
    if mention.admin_noun in _AREA_NOUNS or not own:
        areas = _areas(mention.name, frame)
        if areas:
            _place_at_area(mention, areas[0])
            return True
    if own:
        best = choose(own, (frame.country,), place_key(mention.name))
        if best is not None and best is not mention.entry:
            mention.entry = best
            mention.place = best.place(name=mention.name)
            mention.kind = "town" if mention.kind in ("unresolved", "dropped") else mention.kind
        return best is not None
    place = frame.place(mention.name)
    if place is None and frame.named and mention.entry is not None and mention.entry.country != frame.country:
        place = country_place(frame.country, mention.name, UNKNOWN_NAME)  # "Abud, Saladin, Iraq": not Abud in the West Bank
    if place is None:
        return False
    mention.entry = None
    mention.place = place
    mention.kind = "town"
    return True


# "Anan village in Moyale", "Ambalo in Moyale District": the names after it contain the place (a list of towns is
# joined by commas; a bracket may hold another name of the place: "Line of Control (LoC)")
_INSIDE = re.compile(rf"(?:\s+(?i:{_NOUN}))?\s+(?i:in|of)\s")


_STARTS = re.compile(rf"(?<![\w'-])(?P<name>{_NAME})")


def place_named_with_areas(text: str, start: int, end: int, context: tuple[str, ...] = (),
                           taken: list[tuple[int, int]] = ()) -> tuple[Place, tuple[int, int], str] | None:
    """A place the sentence names only inside a chain ("Assailants attacked Raga Ceel, Middle Shebelle,
    Somalia"): the first capitalised name in [start, end), outside the `taken` spans (actors), followed
    by areas that set a frame in a country the report gives any evidence of (when it has any), placed by
    `place_in_chain`; None when there is none."""
    from estimative.extract.places import PlaceMention

    for m in _STARTS.finditer(text, start, end):
        name = m.group("name")
        if m.start() == start or country_of(name) or admin_table().named(name) \
                or any(a < m.end() and m.start() < b for a, b in taken):
            continue  # the sentence's first word is capitalised anyway; a country or area is a frame, not the place
        chain = chain_after(text, m.end(), end)
        frame = frame_of(chain) if chain else Frame()
        if frame.country is None or (context and frame.country not in context):
            continue
        mention = PlaceMention(start=m.start(), end=m.end(), name=name, sentence=-1, cands=_towns(name, Frame()))
        if place_in_chain(text, mention, end) and mention.place is not None:
            return mention.place, (m.start(), m.end()), mention.name
    return None


FIRM_CONTEXT = 2.5  # a country named, or a town only one country has


def area_of_named_area(mention, context: tuple[str, ...], strength: float) -> bool:
    """"Soum Province", "in Kellam Welega zone": a name written as an area is placed at that area (GeoNames
    admin-1/admin-2) unless its town of the same name lies in it; True when placed. The area is looked
    for in the report's countries when they are firmly known, else it must be the only area of that name
    ("Palma district" alone could be in Mozambique or Brazil)."""
    if mention.admin_noun not in _AREA_NOUNS:
        return False
    table = admin_table()
    areas = table.named(mention.name, context[:2]) if context and strength >= FIRM_CONTEXT else []
    if not areas:
        areas = table.named(mention.name)
        if len({a.country for a in areas}) != 1:
            return False
    area = areas[-1] if mention.admin_noun not in ("province", "region", "state", "governorate") else areas[0]
    entry = mention.entry
    if entry is not None and entry.country == area.country and area.contains(entry.lat, entry.lon):
        return False
    _place_at_area(mention, area)
    return True


def _place_at_area(mention, area: AdminArea) -> None:
    """The mention names the area itself: placed at it, with its extent as the precision."""
    mention.entry = None
    mention.place = Place(name=mention.name, country=area.country, lat=area.lat, lon=area.lon,
                          admin1=area.name if area.level == 1 else None, precision_km=area.extent_km,
                          method=f"admin-{area.level} area")
    mention.kind = "town"
