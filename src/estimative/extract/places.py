"""Places in a report: gazetteer names chosen by the report's country context, named sites from
the curated supplement, relative places ("35 km north of Baghdad", "near Kirkuk"), the capital
(also for an embassy the text places nowhere else), named parts of a city coded as the city
("in Kadhimiya": Baghdad, from `geo.city_parts`), and names the gazetteer lacks but the text
plainly gives as a place ("in Zaghaniyah, a town").

Which place is *the incident's* is decided in `pipeline.py`; this module finds and scores them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from estimative.extract.areas import FIRM_CONTEXT
from estimative.extract.numbers import NUMBER, count_of
from estimative.extract.tables import alternation
from estimative.extract.tables import places as tables
from estimative.extract.tables.places import AREA_NOUN_RE
from estimative.extract.text import SpanSet, Word, words
from estimative.geo import (
    HALF_CIRCUMFERENCE_KM,
    UNKNOWN_NAME,
    GazEntry,
    along_route,
    choose,
    city_of_part,
    countries,
    country_of,
    country_place,
    gazetteer,
    haversine_km,
    offset_place,
    place_key,
)
from estimative.model import Place

_CONNECT = frozenset({"of", "de", "del", "la", "le", "du", "da", "dos", "das", "bin", "ibn", "abu", "bani", "bayt",
                      "beit", "ben", "van", "von", "al", "el", "ad", "as", "ash", "an", "ar", "at", "az", "e", "i",
                      "y", "the", "au", "aux", "di", "do", "della", "dello", "degli", "sur", "les", "es"})
# Connectors that are also English words between two names: "in Pristina as Kosovo's president ...",
# "killed in Baghdad at Al-Rasheed" (the Arabic article is written hyphenated: "as-Sulaymaniyah")
_ENGLISH_CONNECT = frozenset({"as", "at", "an"})
_LOCATIVE = re.compile(r"(?:\b(?:in|at|near|outside|into|inside|from|across|around|towards?|through|between|"
                       r"within|of|on|to|and|or)\b|,)\s*(?:the\s+)?(?:(?:northern|southern|eastern|western|central|"
                       r"north-?(?:east|west)ern|south-?(?:east|west)ern|restive|volatile|troubled|downtown|remote|main|rural|"
                       r"town\s+of|city\s+of|village\s+of|district\s+of|province\s+of|region\s+of|capital\s+of|"
                       r"suburb\s+of|area\s+of|outskirts\s+of|neighbou?rhood\s+of|port\s+(?:city\s+)?of|"
                       r"state\s+of|governorate\s+of|municipality\s+of)\s+)*$", re.I)
_STRONG_CUE = re.compile(r"\b(?:in|at|near|outside|inside|town\s+of|city\s+of|village\s+of|outskirts\s+of|settlement\s+of|"
                         r"province\s+of|district\s+of|suburb\s+of|neighbou?rhood\s+of|capital\s+of|port\s+of)\s+"
                         r"(?:the\s+)?(?:(?:northern|southern|eastern|western|central|restive|volatile|troubled|downtown|"
                         r"north-?(?:east|west)ern|south-?(?:east|west)ern|remote|main|rural)\s+)*$", re.I)
_PLACE_NOUN = re.compile(rf"^\s*(?:'s\s+)?(?:{AREA_NOUN_RE}|city|town|village|area|"
                         r"neighbou?rhood|suburb|camp|refugee\s+camp|bazaar|market|"
                         r"valley|border|crossing|airport|outskirts|settlement|kibbutz|moshav|township)\b", re.I)
# A town's own building named after it in lower case: "the Calvi town hall", "the Sungai Kolok train station".
_OWN_SITE_AFTER = re.compile(r"^\s+(?:town\s+hall|city\s+hall|police\s+(?:station|post|headquarters)|"
                             r"(?:railway|train|bus)\s+station|courthouse|gendarmerie|prefecture|municipal\s+council)\b")
_CLOCK_AFTER = re.compile(r"^\s+time\b")
# "Roche pharmaceutical company", "the Dunlop rubber firm": a company named like a town
_COMPANY_AFTER = re.compile(r"^\s+(?:[a-z]+\s+)?(?:company|corporation|firm|conglomerate)\b")
# "the Corsican city of Bastia", "the Iraqi town of Hit": an adjective of the region, the town follows
_DEMONYM_NOUN_OF = re.compile(r"\s+(?:city|town|port|capital|village)\s*(?:of\b|,)")


def _region_adjective(name: str, text: str, end: int) -> bool:
    """True for "Corsican" in "the Corsican city of Bastia": the name of the place comes after."""
    return name.endswith(("an", "en", "ese", "ish")) and bool(_DEMONYM_NOUN_OF.match(text, end))

_SITE_NOUN = re.compile(rf"^\s*(?P<noun>{alternation(tables.SITE_NOUNS)})\b", re.I)
_BASE_WORDS = re.compile(r"\s+(?:air\s*base|air\s+field|airfield|army\s+airfield|military\s+base|base|camp)$", re.I)
# an area or settlement noun written with a capital after a name: "Kutidurgapur Village", "Zhari District"
_ADMIN_WORDS = tables.NAME_CLOSING_AREA_NOUNS
_NAME_SUFFIX = _ADMIN_WORDS | frozenset(tables.SETTLEMENT_NOUNS)
_NOUN_OF = re.compile(rf"\b(?:{alternation(tables.HOLDING_NOUNS)})\s+of\s+(?:the\s+)?$", re.I)
_STREET = frozenset(tables.STREET_NOUNS)
# a street or a crossing written in lower case after a run of capitals: "Ghazni Amanullah roundabout"
_STREET_AFTER = re.compile(r"\s+(?:" + alternation(sorted(_STREET - set(tables.STREET_ABBREVIATIONS) | set(tables.STREET_NOUNS_AFTER)))
                           + r")\b", re.I)
_ADMIN_NOUN = re.compile(rf"^\s*(?P<noun>{AREA_NOUN_RE})\b", re.I)
_NOT_PLACE = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                        "saturday", "sunday", "god", "allah", "islam", "muslim", "muslims", "christian", "police",
                        "army", "government", "president", "minister", "ministry", "prime", "general", "colonel",
                        "major", "captain", "sheikh", "mr", "mrs", "dr", "lt", "sgt", "col", "gen", "saint",
                        "mosque", "university", "hospital", "hotel", "school", "bank", "church", "party", "national",
                        "international", "security", "interior", "defense", "defence", "forces", "force",
                        "brigade", "brigades", "battalion", "front", "movement", "group", "council", "committee",
                        "the", "a", "an", "he", "she", "they", "it", "his", "her", "their", "its", "this", "that",
                        "these", "those", "there", "on", "in", "at", "after", "before", "when", "while",
                        "although", "however", "according", "authorities", "officials", "militants", "insurgents",
                        "gunmen", "unknown", "suspected", "two", "three", "four", "five", "one", "six", "seven",
                        "eight", "nine", "ten", "no", "note", "update", "both", "all", "some", "several", "many",
                        "shiite", "sunni", "shia", "kurdish", "kurds", "arab", "arabs", "hindu", "buddhist",
                        "catholic", "jewish", "jews", "coalition", "multinational", "us", "un", "nato", "eu",
                        "red", "crescent", "cross", "green", "zone", "iraqi", "afghan", "reuters", "afp", "ap",
                        "governor", "mayor", "station", "checkpoint", "airport", "embassy",
                        "consulate", "street", "road", "square", "bridge", "market", "bazaar", "office", "house",
                        "building", "company", "corporation", "assembly", "parliament", "court", "high", "supreme",
                        "islamic", "democratic", "republic", "united", "states", "kingdom", "people", "peoples",
                        "liberation", "revolutionary", "communist", "maoist", "maoists", "guerrilla", "guerrillas",
                        "al", "el", "ad", "as", "ash", "az", "ar", "de", "la", "le", "los", "las", "del",
                        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                        "upper", "lower", "new", "old", "greater", "city", "town", "village", "district",
                        "province", "camp", "base", "molotov",
                        "saddam",  # the man (Saddam City is Sadr City)
                        # titles before a person's name: "Alhaji Saliu Abdulkadir", "Mullah Omar"
                        "alhaji", "alhaja", "mallam", "malam", "hajji", "haji", "mullah", "maulana", "pastor"})
# First words of names that are no place alone: "in St. Andrew's Church", "the San Ramon Parish Church" (GeoNames
# gives "San" to Anshan and "Part" to Perth)
_NOT_ALONE = frozenset({"st", "saint", "san", "santa", "santo", "sao", "mt", "mount", "part", "ste", "sainte"})
# Words that open a place's name of several words without saying what it is: "El Plateado", "Al Hasakah",
# "Sheikh Zuweid", "San Roque" (alone, each is no place)
_NAME_OPENERS = _NOT_ALONE | frozenset({"al", "el", "ad", "as", "ash", "az", "ar", "de", "la", "le", "los", "las",
                                        "del", "sheikh", "shaikh", "sidi"})


def _head_word(name: str) -> str:
    """The word that tells what a name is: its first, after any opening article or title ("El Pinche": pinche)."""
    parts = name.split()
    k = 0
    while k < len(parts) - 1 and parts[k].lower() in _NAME_OPENERS:
        k += 1
    return parts[k].lower().split("-")[-1]
# Words that make a capitalised run an institution or a building, not a place name.
_INSTITUTION = frozenset({"ministry", "office", "offices", "hotel", "mosque", "university", "hospital", "school",
                          "bank", "company", "police", "station", "embassy", "consulate", "court", "party", "church",
                          "temple", "market", "street", "road", "bridge", "headquarters", "building", "center",
                          "centre", "council", "committee", "department", "agency", "army", "forces", "force",
                          "brigade", "brigades", "front", "movement", "organization", "organisation", "group",
                          "union", "association", "corporation", "factory", "restaurant", "cafe", "club", "academy",
                          "college", "institute", "service", "services", "commission", "authority", "administration",
                          "directorate", "prison", "jail", "airport", "airlines", "airways", "railway", "railways",
                          "television", "radio", "newspaper", "news", "shrine", "cathedral", "synagogue", "chapel",
                          "mall", "stadium", "square", "avenue", "boulevard", "highway", "checkpoint", "base", "hall",
                          "inspectorate", "mill", "courthouse"})
# A town's own institutions, named after it: "the Ajaccio City Hall", "the Hadithah Police Force".
_LOCAL_INSTITUTION = frozenset({"police", "hall", "airport", "university", "hospital", "prison", "jail", "mosque",
                                "market", "station", "stadium", "court", "school", "college", "municipality"})
# Capitalised words that may stand beside a place name inside one run of capitals without making
# it something else: "Mosul University", "Kabul International Airport", "North Waziristan".
_PLACE_WORDS = frozenset(tables.AREA_NOUNS) | frozenset(tables.LOCALITY_NOUNS) | frozenset({
    "city", "town", "village", "airport", "international", "base", "air", "camp", "market", "bazaar", "mosque",
    "university", "hospital", "hotel", "prison", "stadium", "valley", "hills", "mountains", "river", "settlement",
    "crossing", "checkpoint", "cantonment", "central", "north", "south", "east", "west", "northern", "southern",
    "eastern", "western", "upper", "lower", "old", "greater", "port", "refugee", "area", "neighborhood",
    "neighbourhood", "suburb", "police", "island", "islands", "strip", "bank", "sector", "quarter", "amphoe",
    "block", "junction", "new"})
_NUM = re.sub(r"\(\?P<\w+>", "(?:", NUMBER)
_DIR = (r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|"
        r"north-?north-?(?:east|west)|south-?south-?(?:east|west))(?:ern)?")
_REL_DIST = re.compile(rf"(?P<dist>{_NUM}|\d+(?:\.\d+)?)\s*-?\s*(?P<unit>km|kms|kilomet(?:er|re)s?|miles?|mi)\b\.?"
                       rf"(?:\s*\([^)]{{0,40}}\))?\s+(?:\(\w+\)\s+)?(?:to\s+the\s+)?(?P<dir>{_DIR})?\s*(?:of|from)\s+"
                       rf"(?:the\s+)?(?:(?:town|city|village|capital|provincial\s+capital|border\s+town|oil\s+city)\s+"
                       rf"(?:of\s+)?)?$", re.I)
_UNIT = re.compile(r"km|kilomet|mile|\bmi\b", re.I)
_REL_VAGUE = re.compile(rf"\b(?P<vague>near|nearby|outside|on\s+the\s+outskirts\s+of|close\s+to|just\s+(?P<dir1>{_DIR})"
                        rf"\s+of|(?P<dir2>{_DIR})\s+of|in\s+the\s+vicinity\s+of|not\s+far\s+from)\s+"
                        rf"(?:the\s+)?(?:(?:town|city|village|capital|provincial\s+capital)\s+(?:of\s+)?)?$", re.I)
_CAPITAL = re.compile(r"\b(?:in|at|near|outside|across|around|of|to)\s+(?:the\s+)?(?P<adj>[A-Z]\w+\s+)?"
                      r"capital\b(?!\s+(?:of|city\s+of)\b)(?:,?\s+(?P<name>[A-Z]\w+))?")


@dataclass(slots=True)
class PlaceMention:
    start: int
    end: int
    name: str  # as written
    sentence: int
    cands: list[GazEntry] = field(default_factory=list)
    entry: GazEntry | None = None
    kind: str = "town"  # town | site | country | admin | unresolved | capital
    strong: bool = False  # introduced by in/at/near/town of ...
    admin_noun: str | None = None  # "province", "district" after the name
    relative: tuple | None = None  # (distance, unit, direction, vague, anchor mention)
    inside_actor: bool = False
    place: Place | None = None
    container: PlaceMention | None = None  # "the Atakoy neighborhood of Istanbul": Istanbul
    area_country: str | None = None  # the country of the areas written after it ("Banh (Loroum)": BFA)
    lone_country: bool = False  # its towns lie in one country that nothing else in the report points to
    route_end: PlaceMention | None = None  # "the Goundam-Timbuktu road": the way's other end (Timbuktu)


@dataclass(slots=True)
class CountryMention:
    start: int
    end: int
    iso3: str
    how: str  # name | demonym


@lru_cache(maxsize=1)
def _site_matcher():
    """PhraseMatcher over the curated supplement's names and aliases (bases, crossings, sites)."""
    from spacy.matcher import PhraseMatcher

    from estimative.extract.text import nlp
    from estimative.knowledge import places

    m = PhraseMatcher(nlp().vocab, attr="LOWER")
    table: dict[str, str] = {}
    for p in places():
        key = f"site:{p.id}"
        table[key] = p.id
        names = {n for n in [p.name, *p.aliases] if n and n.strip()}
        # "Ain al-Asad" for "Ain al-Asad Air Base", unless the short form is a town ("Erbil")
        for n in list(names):
            short = _BASE_WORDS.sub("", n).strip()
            if short != n and len(short) > 3 and not any(e.source == "geonames" for e in gazetteer().candidates_by_key(place_key(short))) \
                    and not country_of(short) and short.lower() not in _NOT_PLACE:  # not "Saddam" (Airbase)
                names.add(short)
        # "K1 base" and "K-1 base" are one spelling apart: add the other form of letter-digit names
        names |= {re.sub(r"(?<=[A-Za-z])-(?=\d)", "", n) for n in names} | {
            re.sub(r"(?<=\b[A-Za-z])(?=\d)", "-", n) for n in names}
        m.add(key, [nlp().make_doc(n) for n in sorted(names)])
    return m, table


_OTHER_NAME_AFTER = re.compile(r"[ -]+(?:Mosque|Shrine|Hospital|Street|Road|University|School|Hotel|Square|Bridge|"
                               r"Market|Church|Stadium|Company|Party)\b")


def _country_word(text: str) -> str | None:
    return country_of(text)


@dataclass(slots=True)
class _Found:
    """What `find_places` has found so far, and where (spans taken by a mention, actors' spans)."""

    text: str
    lowercase_doc: bool
    actors: SpanSet
    taken: SpanSet = field(default_factory=SpanSet)
    places: list[PlaceMention] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)

    def in_actor(self, a: int, b: int) -> bool:
        return self.actors.covers(a, b)


def find_places(text: str, spans: list[tuple[int, int]], lowercase_doc: bool = False,
                actor_spans: list[tuple[int, int]] = (), doc=None) -> tuple[list[PlaceMention], list[CountryMention]]:
    """Place and country mentions of the whole text (candidates only; `resolve` chooses)."""
    f = _Found(text, lowercase_doc, SpanSet(actor_spans))
    _site_mentions(f, spans, doc)
    if not lowercase_doc:
        _route_ends(f, spans)
    for si, (sa, sb) in enumerate(spans):
        chunks = _chunks(text, words(text, sa, sb), lowercase_doc)
        for chunk in chunks:  # grows: "the Ameriyah District of Baghdad" goes on with "Baghdad"
            rest = _noun_ended_name(f, chunk, chunks, si)
            if rest is not None:
                _chunk_names(f, rest, si, sa)
        if not lowercase_doc:
            _unresolved_names(text, sa, sb, si, f.places, f.taken, f.in_actor)
            _address_heads(text, sa, sb, si, f.places, f.taken, f.in_actor)
    places_out = f.places
    for p in places_out:
        if p.kind == "unresolved":
            _trim_noun(p)
    places_out.sort(key=lambda p: p.start)
    _area_countries(text, places_out, spans)
    _attach_relatives(text, places_out, spans)
    _attach_containers(text, places_out)
    return places_out, f.countries


def _area_countries(text: str, mentions: list[PlaceMention], spans: list[tuple[int, int]]) -> None:
    """The country of the areas a place is written with ("Banh (Loroum)", "Awdheegle, Lower Shebelle"): that
    of the coarsest area named after it, when areas of that name lie in one country only."""
    from estimative.extract.areas import chain_after
    from estimative.geo.admin import admin_table

    for p in mentions:
        if p.inside_actor or p.sentence >= len(spans):
            continue
        chain = chain_after(text, p.end, spans[p.sentence][1])
        if not chain:
            continue
        # the country every area named lies in (a country named after it is counted as a country word already);
        # failing one, that of the coarsest: "Amhara region, Oromia zone, Bati woreda" is written coarse first,
        # and Bati also names a district of Cambodia
        names = [name for name, _ in chain if not country_of(name)]
        if p.admin_noun:  # "Oromia zone, Bati woreda": an area itself, whose country its chain must agree with
            names.insert(0, p.name)
        found = [f for f in (admin_table().named(name) for name in names) if f]
        common = set.intersection(*({a.country for a in f} for f in found)) if found else set()
        if not common and found:
            coarsest = min(min(a.level for a in f) for f in found)
            common = {a.country for f in found for a in f if a.level == coarsest}
        if len(common) == 1:
            p.area_country = next(iter(common))


def _site_mentions(f: _Found, spans: list[tuple[int, int]], doc) -> None:
    """Curated sites first (multi-word aliases with lower-case words: "al-Taji military base")."""
    text = f.text
    starts = [a for a, _ in spans]
    matcher, table = _site_matcher()
    if matcher is not None and len(matcher):
        from estimative.extract.text import nlp

        if doc is None:
            doc = nlp().make_doc(text)
        gaz = gazetteer()
        by_id = {e.id: e for e in gaz.layers[0].rows} if gaz.layers else {}
        for match_id, s, e in sorted(matcher(doc), key=lambda x: (x[1], -(x[2] - x[1]))):
            a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
            if f.taken.overlaps(a, b):
                continue
            pid = table.get(nlp().vocab.strings[match_id])
            entry = by_id.get(pid)
            if entry is None:
                continue
            surface = text[a:b]
            if not f.lowercase_doc and not any(ch.isupper() for ch in surface) and len(surface.split()) == 1:
                continue  # "taji" in running text written in lower case is not a name
            if _OTHER_NAME_AFTER.match(text, b):
                continue  # "the Imam Ali Mosque", "Haifa Street": another thing named after the site
            si = _sentence_of(spans, a, starts)
            pm = PlaceMention(a, b, surface, si, cands=[entry], entry=entry,
                              kind="town" if entry.kind in _TOWN_KINDS else "site",
                              strong=bool(_STRONG_CUE.search(text[max(0, a - 40):a])) or (
                                  len(surface.split()) > 1 and entry.kind != "region"),  # "a Jammu and Kashmir minister"
                              inside_actor=f.in_actor(a, b),
                              admin_noun="region" if entry.kind == "region" else None)  # "the Qatif Bloc"
            f.places.append(pm)
            f.taken.add(a, b)


# A way between two places: "the Goundam-Timbuktu road", "on the axis Ansongo-Menaka", "between Kyaukme-Hsipaw",
# "the axis between Timbuktu and Araouane", "the road from Caia to Nhamapanda" (names of one to three words)
_END = r"[A-Z][a-zA-Z\u00C0-\u024F]+(?:\s[A-Z][a-zA-Z\u00C0-\u024F]+){0,2}"
_ROUTE_NOUN = rf"(?i:{tables.ROUTE_NOUN_RE})"
_ROUTE = re.compile(
    rf"(?P<a>{_END})\s?[-\u2013\u2014/]\s?(?P<b>{_END})\s+{_ROUTE_NOUN}\b"
    rf"|(?:{_ROUTE_NOUN}|\b(?i:between))\s+(?:(?i:the)\s+)?(?P<a2>{_END})\s?[-\u2013\u2014]\s?(?P<b2>{_END})\b"
    rf"|{_ROUTE_NOUN}\s+(?:(?i:{alternation(tables.ROUTE_FROM_WORDS)})\s+)?(?:(?i:the)\s+)?(?P<a3>{_END})\s+"
    rf"(?i:{alternation(tables.ROUTE_TO_WORDS)})\s+(?:(?i:the)\s+)?(?P<b3>{_END})\b")


# "along the Kabul-Kandahar highway in Nani": the place on the way is named after it
_ON_THE_WAY = re.compile(rf"(?:\s+{_ROUTE_NOUN})?\s*,?\s*(?i:in|at|near|outside|close\s+to|through|located\s+in)\s+"
                         r"(?:the\s+)?"
                         r"(?:(?:town|village|city|area)\s+of\s+)?[A-Z]")


def _route_end(f: _Found, a: int, b: int, si: int) -> PlaceMention | None:
    """One end of a way, when the gazetteer holds its name (and it is no country, month or common word)."""
    name = f.text[a:b]
    if f.taken.overlaps(a, b) or name.lower() in _NOT_PLACE or _head_word(name) in _NOT_PLACE or country_of(name):
        return None
    key = place_key(name)
    gaz = gazetteer()
    cands = [c for c in (gaz.candidates_by_key(key) or gaz.compact_candidates(key)) if c.kind != "country"]
    if not cands:
        return None
    return PlaceMention(a, b, name, si, cands=cands, inside_actor=f.in_actor(a, b),
                        kind="site" if cands[0].source == "knowledge" else "town")


_AND_AFTER = re.compile(r"[^.;]{0,60}?\band\b")


def _one_name(text: str, m: re.Match, k: str, limit: int) -> bool:
    """True when "X-Y" is one place's name, not a way: the gazetteer holds it whole, or "between X-Y" goes on with
    "and" ("between Garoua-Mboulai, Cameroon and Bangui": the first end is the town Garoua-Mboulai)."""
    whole = place_key(text[m.start(k):m.end(k.replace("a", "b"))])
    gaz = gazetteer()
    return gaz.has_key(whole) or bool(gaz.compact_candidates(whole)) \
        or text[m.start():m.start(k)].lower().startswith("between") and bool(_AND_AFTER.match(text, m.end(), limit))


def _route_ends(f: _Found, spans: list[tuple[int, int]]) -> None:
    """The two ends of a way an incident happened on: the first named is the incident's place (coders place a
    road's incident at the town it is named from), the second only tells how far along it may lie
    (`PlaceMention.route_end`, which widens the place's `precision_km` in `resolve`). The ends are named
    weakly, so that a place the sentence gives with "in" or "at" wins; a place named on the way ("along the
    Kabul-Kandahar highway in Nani") is the incident's, and the ends are then no places of it."""
    for si, (sa, sb) in enumerate(spans):
        for m in _ROUTE.finditer(f.text, sa, sb):
            k = next(g for g in ("a", "a2", "a3") if m.group(g))
            if _ON_THE_WAY.match(f.text, m.end(), sb) or k != "a3" and _one_name(f.text, m, k, sb):
                continue
            ends = [_route_end(f, m.start(g), m.end(g), si) for g in (k, k.replace("a", "b"))]
            first, second = ends
            if first is None or second is None and not (k == "a" or k == "a2"):
                continue  # "between X and Y" names two places only when both are known ones
            if second is not None:
                second.container, first.route_end = first, second
            for e in (first, second):
                if e is not None:
                    f.places.append(e)
                    f.taken.add(e.start, e.end)


def _noun_ended_name(f: _Found, chunk: list[Word], chunks: list[list[Word]], si: int) -> list[Word] | None:
    """"Kutidurgapur Village", "Zhari District of Kandahar": a name closed by a place noun that the gazetteer
    lacks is an unresolved place (None: the chunk is used up); the chunk left to read otherwise."""
    text = f.text
    cut = next((k for k, w in enumerate(chunk) if k > 0 and w.text.lower() in _NAME_SUFFIX), None)
    if cut is not None and cut + 1 < len(chunk) and chunk[cut + 1].text.lower() != "of":
        cut = None  # "Tanyongmas Tambon Administration", "Baramulla District Secretary": an office
    if not f.lowercase_doc and cut is not None and all(w.text.lower() not in _CONNECT for w in chunk[:cut]):
        a, b = chunk[0].start, chunk[cut - 1].end
        if cut + 2 < len(chunk):
            chunks.append(chunk[cut + 2:])
        chunk = chunk[:cut + 1]
        name = text[a:b]
        key = place_key(name)
        if not f.taken.overlaps(a, chunk[-1].end) and name.lower() not in _NOT_PLACE and not country_of(name) \
                and chunk[0].text.lower() not in _NOT_PLACE and not gazetteer().has_key(key) \
                and not any(w.text.lower() in _INSTITUTION for w in chunk[:-1]) \
                and not _region_adjective(name, text, b):
            noun = chunk[-1].text.lower()
            f.places.append(PlaceMention(a, b, name, si, kind="unresolved", strong=True,
                                         admin_noun=noun if noun in _ADMIN_WORDS else None,
                                         inside_actor=f.in_actor(a, b)))
            f.taken.add(a, chunk[-1].end)
            return None
        if cut == len(chunk) - 1:
            return chunk[:cut]  # "of Ukhrul District": a known name, its noun read after it (`_chunk_names`)
    return chunk


def _chunk_names(f: _Found, chunk: list[Word], si: int, sa: int) -> None:
    """Countries and towns among the words of one capitalised run, longest names first."""
    text = f.text
    tail = text[chunk[-1].end:chunk[-1].end + 24]
    head = text[max(sa, chunk[0].start - 30):chunk[0].start]
    admin_follows = (bool(_ADMIN_NOUN.match(tail) or _SITE_NOUN.match(tail)) or bool(_NOUN_OF.search(head))) \
        and not f.lowercase_doc
    i = 0
    while i < len(chunk):
        found = False
        for j in range(min(len(chunk), i + 6) - 1, i - 1, -1):
            a, b = chunk[i].start, chunk[j].end
            if f.taken.overlaps(a, b):
                continue
            surface = text[a:b]
            low = surface.lower()
            iso = _country_word(surface)
            if iso and j == 0:
                iso, a = _longer_country_name(text, a, b, iso)
                surface = text[a:b]
            if iso and not (f.lowercase_doc and low in ("us", "uk")):
                how = "name" if place_key(surface) in _country_name_keys() else \
                    "abbreviation" if surface.replace(".", "").isupper() else "demonym"
                f.countries.append(CountryMention(a, b, iso, how))
                f.taken.add(a, b)
                found = True
                i = j + 1
                break
            if j == i and (low in _NOT_PLACE or low in _NOT_ALONE):
                continue
            if admin_follows and (i != 0 or j != len(chunk) - 1):
                continue  # "Bannang Sata district": the whole name or nothing, not "Sata"
            pm = _area_mention(f, surface, a, b, si) if j > i else None
            pm = pm or _town_mention(f, chunk, i, j, si, sa, admin_follows)
            if pm is None:
                continue
            f.places.append(pm)
            f.taken.add(a, b)
            found = True
            i = j + 1
            break
        if not found and admin_follows and i == 0 and not f.taken.overlaps(chunk[0].start, chunk[-1].end):
            a, b = chunk[0].start, chunk[-1].end
            name = text[a:b]
            if name.lower() not in _NOT_PLACE and chunk[0].text.lower() not in _NOT_PLACE \
                    and not country_of(name) and not any(w.text.lower() in _INSTITUTION for w in chunk) \
                    and not _region_adjective(name, text, b):
                adm = _ADMIN_NOUN.match(text[b:b + 20])
                # strong when "in", "at", "the village of" leads to it, or when it is named as a village or a town
                # ("attacked Mwenda village"): not "the head of Zirkoh district"
                strong = bool(_STRONG_CUE.search(head) or _NOUN_OF.search(head) or _PLACE_NOUN.match(tail)
                              and not _ADMIN_NOUN.match(tail))
                f.places.append(PlaceMention(a, b, name, si, kind="unresolved", strong=strong,
                                             admin_noun=adm.group("noun").lower() if adm else None,
                                             inside_actor=f.in_actor(a, b)))
                f.taken.add(a, b)
                i = len(chunk)
                continue
        if not found:
            i += 1


def _longer_country_name(text: str, a: int, b: int, iso: str) -> tuple[str, int]:
    """"Democratic Republic of the Congo": a country word that ends a longer country name (written with
    lower-case words, so read as a run of its own) is that country; (its ISO3, where the name starts)."""
    pre = text[max(0, a - 40):a]
    for m in re.finditer(r"(?<![\w-])[A-Z]", pre):
        longer = country_of(pre[m.start():] + text[a:b])
        if longer:
            return longer, a - len(pre) + m.start()
    return iso, a


def _area_mention(f: _Found, surface: str, a: int, b: int, si: int) -> PlaceMention | None:
    """"Cabo Delgado", "Lower Shebelle": a name of several words that is an admin area's as written, and no
    place's of the gazetteer, is that area (not "Cabo", a town abroad)."""
    from estimative.geo.admin import GENERIC_WORDS, admin_table

    key = place_key(surface)
    table = admin_table()
    ids = table.keys.get(key) if not f.lowercase_doc else None
    if not ids or any(w in GENERIC_WORDS for w in key.split()) or gazetteer().has_key(key):
        return None  # "Bokaro District": an area written with its noun is read as such already
    # an admin-2 area written bare ("in Shirin Tagab, Faryab") may be where it happened, as a district; an admin-1
    # area ("in Tana River") frames the report; a noun written after it says which it is ("North Waziristan Agency")
    written = _ADMIN_NOUN.match(f.text[b:b + 20])
    noun = written.group("noun").lower() if written else "district" if all(table.area(i).level == 2 for i in ids) \
        else "region"
    strong = noun in _FINE_ADMIN and bool(_STRONG_CUE.search(f.text, max(0, a - 60), a))
    return PlaceMention(a, b, surface, si, kind="unresolved", strong=strong, admin_noun=noun,
                        inside_actor=f.in_actor(a, b))


def _town_mention(f: _Found, chunk: list[Word], i: int, j: int, si: int, sa: int,
                  admin_follows: bool) -> PlaceMention | None:
    """The place mention that words i..j of a capitalised run make, or None when they are no place here."""
    text = f.text
    a, b = chunk[i].start, chunk[j].end
    surface = text[a:b]
    key = place_key(surface)
    if not key:
        return None
    gaz = gazetteer()
    loose = not gaz.has_key(key) and not city_of_part(key)
    if loose and (i > 0 or j < len(chunk) - 1 or not (
            admin_follows or _LOCATIVE.search(text, max(sa, a - 60), a)
            or _PLACE_NOUN.match(text[b:b + 30]) or _OWN_SITE_AFTER.match(text[b:b + 30]))):
        return None  # only a whole name in a place's position is looked up without its spaces
    hits = gaz.compact_candidates(key) if loose else gaz.candidates_by_key(key)
    if loose and not hits:
        return None  # "Mehtarlam", "Balad Ruz": GeoNames' Mehtar Lam, Baladrūz
    cands = [c for c in hits if c.kind != "country"]
    part_only = not cands
    cands = cands or _city_cands(key)
    if not cands:
        return None
    # "the Civil Secretariat of Quetta": a town closing a name after "of" is the place it is in
    of_town = i > 1 and j == len(chunk) - 1 and chunk[i - 1].text == "of"
    if not f.lowercase_doc and (i > 0 or j < len(chunk) - 1) and not of_town:
        if _STREET_AFTER.match(text, chunk[-1].end) and not any(
                text[v.end:w.start] == "-" for v, w in zip(chunk, chunk[1:], strict=False)):
            # "near Ghazni Amanullah roundabout": a street named after a town or a man (a road between two towns,
            # "the Nairobi-Nyeri highway", is placed at the first)
            return None
        rest = [w.text.lower() for w in chunk[:i] + chunk[j + 1:]]
        # "the Hadithah Police Force", "the Ajaccio City Hall": the town's own institution
        own_institution = i == 0 and (rest[-1] in _LOCAL_INSTITUTION or "police" in rest) \
            and all(r in _PLACE_WORDS or r in _INSTITUTION for r in rest)
        if any(r in _STREET for r in rest[:-1]) or rest[-1] in _STREET and rest[-1] != "station" \
                or not all(r in _PLACE_WORDS or r in _CONNECT for r in rest) and not own_institution \
                and not (i == 0 and max(c.population for c in cands) >= 100_000
                         and not any(r in _CONNECT for r in rest)):
            return None  # "Gonzalo Escalante Arias": a town name inside a person's name
    before = text[max(sa, a - 60):a]
    after = text[b:b + 30]
    if _CLOCK_AFTER.match(after):
        return None  # "at 0400 Moscow time": a time zone, not where it happened
    if j == i and _COMPANY_AFTER.match(after):
        return None  # "a managing director at Roche pharmaceutical company"
    strong = bool(_STRONG_CUE.search(before))
    locative = strong or bool(_LOCATIVE.search(before)) or bool(_PLACE_NOUN.match(after)) \
        or bool(_OWN_SITE_AFTER.match(after))
    single = j == i
    if (part_only or loose) and not (locative or admin_follows):
        return None  # "Mansour said": a man; "in Mansour": the Baghdad district
    if f.lowercase_doc and not (locative or max(c.population for c in cands) >= 200_000):
        return None
    if single and not locative:
        sentence_initial = not text[sa:a].strip()
        big = max(c.population for c in cands) >= (150_000 if sentence_initial else 50_000)
        if not big and not any(c.source == "knowledge" for c in cands):
            return None
        if _surname(surface, text):
            return None  # "Oscar Polanco Herrera ... as Polanco left": the man's surname
    adm = _ADMIN_NOUN.match(after)
    return PlaceMention(a, b, surface, si, cands=cands, strong=strong or bool(_PLACE_NOUN.match(after)),
                        admin_noun=adm.group("noun").lower() if adm else None,
                        kind="site" if cands[0].source == "knowledge" else "town",
                        inside_actor=f.in_actor(a, b))


_PART_OF = re.compile(r"^\s+(?:area|neighbou?rhood|district|sub-?district|suburb|quarter|section|part|sector|branch|court|"
                      r"district\s+court|municipality)\s+of\s+(?:the\s+)?(?:(?:north|south|east|west|central|"
                      r"northern|southern|eastern|western|north-?(?:east|west)ern|south-?(?:east|west)ern)\s+)?"
                      r"(?:(?:city|capital|town)\s+of\s+)?$", re.I)
_PART_IN = re.compile(r"^\s+(?:area|neighbou?rhood|district|suburb|quarter|section|airport)\s+(?:in|of)\s+(?:the\s+)?"
                      r"(?:(?:north|south|east|west|central|northern|southern|eastern|western)\s+)?"
                      r"(?:(?:city|capital|town)\s+of\s+)?$", re.I)
# "al-Bayaa, a district in southwest Baghdad", "Sadr City, a neighborhood of Baghdad" (not "a suburb of":
# suburbs are towns of their own)
_PART_APPOS = re.compile(r"^\s*,\s*(?:a|an|the)\s+(?:\w+\s+)?(?:district|neighbou?rhood|quarter|section)\s+(?:in|of)\s+"
                         r"(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
                         r"north-?(?:east|west)(?:ern)?|south-?(?:east|west)(?:ern)?)\s+)?(?:(?:city|capital)\s+of\s+)?$",
                         re.I)
_POSSESSIVE = re.compile(r"'s\s+(?:\w+\s+)?")
_WIDE_ADMIN = tables.WIDE_AREA_NOUNS
_FINE_ADMIN = tables.FINE_AREA_NOUNS
_FINE_NOUN = re.compile(rf"^\s+(?:{tables.FINE_NOUN_RE})\b", re.I)
_FINE_BEFORE_WIDE = re.compile(rf"\s*(?:(?:{tables.FINE_NOUN_RE}|settlement)\s*)?"
                               r"(?:,\s*(?:in\b)?|\bof\b|\bin\b)\s*(?:the\s+)?", re.I)
_AREA_AFTER = re.compile(r"^\s+(?:area|neighbou?rhood|suburb|quarter|district|section|market|bazaar)\b", re.I)
_POSSESSED_NOUNS = frozenset(tables.POSSESSED_FINE_NOUNS)
_POSSESSED_AFTER = re.compile(rf"\s+(?:{alternation(tables.POSSESSED_FINE_NOUNS)})\b", re.I)
# "the Maputo neighbourhood of Magoanine": a city's part named after the city's name
_CITY_PART_OF = re.compile(rf"\s+(?:{alternation(tables.LOCALITY_NOUNS)}|district|area)\s+of\s+(?:the\s+)?", re.I)
_HOLDS = re.compile(r"^\s+(?:bloc\s+)?(?:settlement|village|town|kibbutz|moshav|hamlet|neighbou?rhood)\s+of\s+$", re.I)


def _attach_containers(text: str, mentions: list[PlaceMention]) -> None:
    """"X area of Y" with Y a town: the incident is placed in Y (the town is what gets coded);
    "the Qatif Bloc settlement of Morag": in Morag, the finer place."""
    for p, q in zip(mentions, mentions[1:], strict=False):
        between = text[p.end:q.start]
        if (_settlement(p) or _settlement(q)) and q.admin_noun not in _WIDE_ADMIN and p.admin_noun not in _WIDE_ADMIN:
            if _settlement(q) and (_POSSESSIVE.fullmatch(between) or _HOLDS.match(between)):
                p.container = q  # "Jerusalem's Gilo neighbourhood": a settlement is coded as itself
            continue
        if q.admin_noun in _WIDE_ADMIN and (p.admin_noun in _FINE_ADMIN or _FINE_NOUN.match(between) or (
                p.admin_noun is None and p.kind in ("town", "unresolved") and not p.inside_actor)) \
                and _FINE_BEFORE_WIDE.fullmatch(between):
            q.container = p  # "in Rangae district, Narathiwat province", "Surobi, in Kabul province": the finer place
        elif q.kind in ("town", "site") and q.admin_noun is None and (_PART_OF.match(between) or (
                (_PART_IN.match(between) or _PART_APPOS.match(between))
                and max((c.population for c in q.cands), default=0) >= 100_000)) and not _state_named(q):
            p.container = q  # "the Mansour neighbourhood of Baghdad", "Exarchia neighbourhood in Athens": the city
        elif q.kind == "town" and p.admin_noun is not None and _PART_OF.match(between) and _state_named(q):
            q.container = p  # "Jehanabad district of Bihar": the state only frames the district
        elif q.kind == "unresolved" and p.kind == "town" and _CITY_PART_OF.fullmatch(between) \
                and max((c.population for c in p.cands), default=0) >= 100_000:
            q.container = p  # "the Maputo neighbourhood of Magoanine": a part of the city the gazetteer lacks
        elif _HOLDS.match(between) and q.admin_noun is None:  # not "the Kutidurgapur village of Jhenidah district"
            p.container = q
        elif _POSSESSIVE.fullmatch(between) and p.admin_noun in _WIDE_ADMIN and q.kind in ("town", "unresolved") \
                and (q.admin_noun in _POSSESSED_NOUNS or _POSSESSED_AFTER.match(text, q.end)):
            p.container = q  # "Shan State's Kutkai Township", "West Bengal's Birbhum district": the finer place
        elif _POSSESSIVE.fullmatch(between):
            # "Narathiwat's Tak Bai district": the district is the place; "Baghdad's Dora area": the city is
            big_city = p.entry is not None and p.entry.population >= 100_000 or any(
                c.population >= 100_000 for c in p.cands[:1])
            if q.admin_noun in ("district", "sub-district", "subdistrict", "tambon", "county", "municipality") \
                    and not big_city:
                p.container = q
            elif big_city and q.admin_noun is not None:
                q.container = p
            elif _AREA_AFTER.match(text[q.end:q.end + 20]):
                q.container = p
    _province_then_town(mentions)
    _address_chains(text, mentions)
    for p, q in zip(mentions, mentions[1:], strict=False):
        if p.admin_noun in _WIDE_ADMIN and _CAPITAL_OF.search(text, max(0, p.start - 40), p.start) \
                and _NOUN_COMMA.fullmatch(text, p.end, q.start):
            p.container = q  # "the capital of Badghis Province, Qala-e Naw": the town


_CHAIN_REACH = 200  # characters after a place that its address chain may take


def _address_chains(text: str, mentions: list[PlaceMention]) -> None:
    """"in Goundam, Timbuktu, Mali", "Bandigara, Mopti, Mali": a place written as an address, followed by
    the areas it lies in up to a country or an area noun. The areas named there contain the place, also
    where they share their name with a town (Timbuktu, Mopti, Kabul): the first name is where it happened."""
    from estimative.extract.areas import chain_after, known_links

    for k, p in enumerate(mentions):
        if p.inside_actor or p.admin_noun in _WIDE_ADMIN or p.container is not None \
                or p.kind not in ("town", "unresolved"):
            continue
        chain = known_links(chain_after(text, p.end, min(len(text), p.end + _CHAIN_REACH)))
        if len(chain) < 2 or not (country_of(chain[-1][0]) or chain[-1][1]):
            continue  # a list of towns, not an address
        p.strong = True  # an address is where it happened, said as plainly as "in"
        names = {place_key(n) for n, _ in chain[:-1]}
        for q in mentions[k + 1:]:
            if q.start > p.end + _CHAIN_REACH:
                break
            if q.container is None and place_key(q.name) in names:
                q.container = p


def _state_named(m: PlaceMention) -> bool:
    """True when the name is that of a first-level area of its towns' country and of none of those towns under
    its own name: in "Jehanabad district of Bihar" Bihar is the state (GeoNames' town is Bihar Sharif), in "the
    Majengo area of Mombasa" Mombasa is the city."""
    from estimative.geo.admin import admin_table

    key = place_key(m.name)
    if any(place_key(c.name) == key for c in m.cands[:3]):
        return False
    towns = {c.country for c in m.cands[:3]}
    return any(a.level == 1 and a.country in towns for a in admin_table().named(m.name))


def _settlement(m: PlaceMention) -> bool:
    """True when the mention's best candidate is a curated settlement (Gilo, Neve Dekalim)."""
    return bool(m.cands) and m.cands[0].source == "knowledge" and m.cands[0].kind == "settlement"


_CAPITAL_OF = re.compile(r"\bcapital\s+of\s+(?:the\s+)?$", re.I)
_NOUN_COMMA = re.compile(r"\s+\w+\s*,\s*")


def _province_then_town(mentions: list[PlaceMention]) -> None:
    """"A bomb exploded in Songkhla province. The first went off at Hat Yai Airport": the province
    only frames the report; the town or district named right after it (same or next sentence) is
    where the incident happened."""
    for k, q in enumerate(mentions):
        if q.admin_noun not in _WIDE_ADMIN or q.container is not None or q.inside_actor:
            continue
        for r in mentions[k + 1:]:
            if r.sentence > q.sentence + 1:
                break
            if r.strong and not r.inside_actor and r.admin_noun not in _WIDE_ADMIN and r.container is None \
                    and r.kind in ("town", "unresolved") and r.relative is None:
                q.container = r
                break


_STOPWORDS = frozenset({"in", "on", "at", "the", "a", "an", "of", "for", "to", "from", "by", "with", "after", "before",
                        "when", "while", "during", "as", "and", "or", "but", "if", "since", "two", "three", "four",
                        "five", "six", "seven", "eight", "nine", "ten", "one", "unknown", "suspected", "unidentified",
                        "armed", "masked", "several", "some", "many", "police", "gunmen", "militants", "insurgents",
                        "authorities", "officials", "local", "security", "according", "meanwhile", "separately",
                        "elsewhere", "later", "earlier", "also", "however", "near", "outside", "inside", "about",
                        "around", "over", "under", "this", "that", "these", "those", "his", "her", "their", "its",
                        "late", "early", "overnight", "yesterday", "today", "tonight", "last", "next", "following",
                        "members", "member", "terrorists"})


@lru_cache(maxsize=512)  # once per name and report: a long report repeating a name is read once
def _surname(surface: str, text: str) -> bool:
    """True when the report writes the name between a given name and another name ("Oscar Polanco
    Herrera"), so that alone it is the person ("as Polanco left"), not the town."""
    for m in re.finditer(r"\b([A-Z][a-z]+)\s+" + re.escape(surface) + r"\s+[A-Z][a-z]+", text):
        first = m.group(1).lower()
        if first not in _STOPWORDS and first not in _NOT_PLACE:
            return True
    return False


@lru_cache(maxsize=1)
def _country_name_keys() -> frozenset[str]:
    return frozenset(place_key(c.name) for c in countries().values())


def _sentence_of(spans: list[tuple[int, int]], pos: int, starts: list[int] | None = None) -> int:
    starts = starts if starts is not None else [a for a, _ in spans]
    return max(0, bisect.bisect_right(starts, pos) - 1)


def _possessive_name(w: Word, after: list[Word]) -> bool:
    """True for "Cox's Bazar", "Lee's Summit": a possessive that is part of a place's own name (the gazetteer
    holds the two words together), not one that ends a name ("Yala's governor")."""
    return bool(after) and after[0].text[:1].isupper() and after[0].start - w.end <= 1 \
        and gazetteer().has_key(place_key(f"{w.text} {after[0].text}"))


def _chunks(text: str, ws: list[Word], lowercase_doc: bool) -> list[list[Word]]:
    """Runs of capitalised words (with connectors such as al-, de, of between them)."""
    if lowercase_doc:
        return [ws] if ws else []
    chunks: list[list[Word]] = []
    cur: list[Word] = []
    split: list[Word] = []
    for k, w in enumerate(ws):  # "Yala's" is the name "Yala" followed by a possessive, which ends the name
        if w.text.endswith(("'s", "’s")) and len(w.text) > 2 and not _possessive_name(w, ws[k + 1:k + 2]):
            split.append(Word(w.start, w.end - 2, w.text[:-2]))
            split.append(Word(w.end - 2, w.end, "'s"))
        else:
            split.append(w)
    ws = split
    for k, w in enumerate(ws):
        if w.text == "'s":
            if cur:
                chunks.append(cur)
            cur = []
            continue
        cap = w.text[:1].isupper() or (w.text[:1].isdigit() and cur)
        gap = text[cur[-1].end:w.start] if cur else ""
        contiguous = not cur or (len(gap) <= 2 and all(ch in " -'" for ch in gap))
        if cap and contiguous:
            cur.append(w)
        elif w.text.lower() in _CONNECT and w.text.lower() not in _ENGLISH_CONNECT and cur and contiguous \
                and k + 1 < len(ws) and ws[k + 1].text[:1].isupper():
            cur.append(w)
        elif w.text.lower() in ("al", "el") and k + 1 < len(ws) and text[w.end:w.end + 1] == "-" \
                and ws[k + 1].text[:1].isupper():
            if cur and not contiguous:
                chunks.append(cur)
                cur = []
            cur.append(w)
        else:
            if cur:
                chunks.append(cur)
            cur = [w] if cap else []
    if cur:
        chunks.append(cur)
    # a capitalised function word opening a sentence ("In Najaf, ...") is not part of a name
    out = []
    for c in chunks:
        while c and c[0].text.lower() in _STOPWORDS and not country_of(c[0].text):
            c = c[1:]
        if c:
            out.append(c)
    return out


_UNRESOLVED = re.compile(
    r"\b(?:(?i:in|at|near|outside|from)|town\s+of|city\s+of|village\s+of|district\s+of|province\s+of|suburb\s+of|"
    r"outskirts\s+of|neighbou?rhood\s+of|settlement\s+of|kibbutz|moshav)\s+(?:the\s+)?"
    r"(?P<name>(?:(?i:al|el|as|ad|an|ar|ash|at|az)-)?[A-Z][a-z']+(?:-[a-z]+)*(?:-[A-Z][a-z']+(?:-[a-z]+)*)*"
    r"(?:(?:\s(?:de|di|do|del|della|du|da|des))?[ -](?:(?i:al|el)-)?[A-Z][a-z']+(?:-[a-z]+)*(?:-[A-Z][a-z']+)*){0,2})"
    r"(?P<after>\s*(?:,\s*(?:a|an|the)\s+(?:small\s+|northern\s+|southern\s+|eastern\s+|western\s+|predominantly\s+"
    r"|mainly\s+|mostly\s+|largely\s+|\w+\s+)?(?:town|city|village|district|suburb|area|neighbou?rhood|province|"
    rf"region|settlement|hamlet|municipality)|\s+(?:{AREA_NOUN_RE}|village|town|area|"
    r"neighbou?rhood|suburb|city)\b|\s*,\s*\w+\s+(?:km|kms|kilomet|miles?)|"
    r"\s*,\s*(?:near|north|south|east|west|outside)))?")


_COMPASS = frozenset({"north", "south", "east", "west", "upper", "lower"})
# an area or settlement noun closing a name the gazetteer lacks ("Kalakote Tehsil", "Nambal Village")
_TRAIL = re.compile(rf"(?:\s+(?i:{AREA_NOUN_RE}|village|town|city|area|camp))+$")


_TRAILING_NOUN = frozenset(tables.AREA_NOUNS) | frozenset(tables.TRAILING_PLACE_NOUNS)


def _trim_noun(p: PlaceMention) -> None:
    """"South Okkalapa Township", "Gjokaj Dam": the name is the place without its noun."""
    parts = p.name.split()
    if len(parts) > 1 and parts[-1].lower() in _TRAILING_NOUN:
        name = p.name[:p.name.rfind(parts[-1])].rstrip()
        if name.lower() not in _NOT_PLACE:
            p.name, p.end = name, p.start + len(name)


def _unresolved_names(text: str, sa: int, sb: int, si: int, out: list[PlaceMention], taken: SpanSet,
                      in_actor) -> None:
    """Names the gazetteer lacks that the text gives as places ("in Zaghaniyah, a town south of Baquba")."""
    for m in _UNRESOLVED.finditer(text, sa, sb):
        a, b = m.start("name"), m.end("name")
        name = m.group("name")
        trail = _TRAIL.search(name)
        if trail:
            b -= len(trail.group())
            name = name[:len(name) - len(trail.group())]
            if not name.strip():
                continue
        if taken.overlaps(a, b):
            continue
        first = _head_word(name)
        region = first in _COMPASS and len(name.split()) > 1 and not gazetteer().has_key(place_key(name.split(None, 1)[1]))
        if region:  # "South Waziristan", "West Tripura": the name of a region, not a direction
            first = name.split()[1].lower()
        if first in _NOT_PLACE or name.lower() in _NOT_PLACE or name.lower() in _NOT_ALONE or country_of(name) or \
                any(w.lower() in _INSTITUTION for w in re.split(r"[\s-]+", name)):
            continue
        if in_actor(a, b) or _region_adjective(name, text, b):
            continue
        after = m.group("after") or ("district" if trail else "")
        if m.group(0).lower().startswith("from ") and not after and not re.match(r"\s*(?:,|\(|\bin\b|[.;]\s)", text[b:b + 5]):
            continue  # "from Monday", "a man from Nambal, Kalakote": only a place when placed further
        noun_cue = not m.group(0).lower().startswith(("in ", "at ", "near ", "outside ", "from "))
        if not after and not noun_cue and not re.match(r"\s*(?:[,.;(]|\band\b|\bon\b|\bwhen\b|\bas\b|\bafter\b|\bby\b|"
                                                       r"\bin\b|\bnear\b|\bwere\b|\bwas\b|\bhad\b|\bhas\b|\bwhere\b|\bduring\b|\bkilling\b|\bwounding\b|"
                                                       r"\binjuring\b|\bleaving\b|\bwhich\b|\bwhere\b|$)", text[b:b + 12]):
            continue  # "in Maoist attacks" / "in Hizballah's name": not followed like a place
        adm = _ADMIN_NOUN.match(text[b:b + 20])
        out.append(PlaceMention(a, b, name, si, kind="unresolved", strong=True,
                                admin_noun=adm.group("noun").lower() if adm else "region" if region else None))
        taken.add(a, b)


_ADDRESS_HEAD = re.compile(r"(?:,|\b(?P<cue>in|at|near|of|to|attacked|targeting|targeted|raided|stormed))\s+"
                           r"(?P<name>[A-Z][\w'\u2019-]*(?:[ -][A-Z][\w'\u2019-]*){0,2})(?=\s*,)")


def _address_heads(text: str, sa: int, sb: int, si: int, out: list[PlaceMention], taken: SpanSet,
                   in_actor) -> None:
    """A name the gazetteer lacks written as the head of an address ("along Parou bridge, Bandigara, Mopti,
    Mali"): followed by at least two names up to a country, it is a place, resolved in that frame."""
    from estimative.extract.areas import chain_after

    for m in _ADDRESS_HEAD.finditer(text, sa, sb):
        a, b = m.start("name"), m.end("name")
        name = m.group("name")
        if taken.overlaps(a, b) or in_actor(a, b) or _head_word(name) in _NOT_PLACE or country_of(name) \
                or any(w.lower() in _INSTITUTION for w in re.split(r"[\s-]+", name)):
            continue
        chain = chain_after(text, b, sb)
        if len(chain) >= 2 and country_of(chain[-1][0]):  # strong when a locative or a verb of attack leads to it
            out.append(PlaceMention(a, b, name, si, kind="unresolved", strong=m.group("cue") not in (None, "of", "to"),
                                    inside_actor=False))
            taken.add(a, b)


def _attach_relatives(text: str, mentions: list[PlaceMention], spans: list[tuple[int, int]]) -> None:
    """Link "35 km north of X" and "near X" to X, and "Y, 35 km north of X" to Y."""
    for k, m in enumerate(mentions):
        before = text[max(0, m.start - 80):m.start]
        d = _REL_DIST.search(before) if _UNIT.search(before) else None  # the number grammar is slow: look first
        v = None if d else _REL_VAGUE.search(before)
        if not d and not v:
            continue
        if d:
            dist = count_of(d.group("dist"))
            distance = float(dist.best) if dist and dist.best is not None else _float(d.group("dist"))
            rel = (distance, d.group("unit"), d.group("dir"), "", m)
            rel_start = m.start - len(before) + d.start()
        else:
            direction = v.group("dir1") or v.group("dir2")
            vague = "near" if v.group("vague").lower().startswith(("near", "close", "in the", "not far")) else \
                "outside" if v.group("vague").lower().startswith(("outside", "on the")) else "just" if \
                v.group("vague").lower().startswith("just") else ""
            rel = (None, None, direction, vague, m)
            rel_start = m.start - len(before) + v.start()
        # "Y, 35 km north of X": the relative phrase describes Y, the place named just before it
        prev = mentions[k - 1] if k > 0 else None
        if prev is not None and prev.end <= rel_start and re.fullmatch(
                r"\s*(?:,|\(|,\s*(?:a|an|the)\s+(?:\w+\s+){0,3}?(?:town|city|village|area|district|suburb)"
                r"(?:\s+(?:located|situated|lying|some|about|around|roughly))*)\s*(?:some\s+|about\s+|around\s+|"
                r"roughly\s+|approximately\s+|just\s+)?", text[prev.end:rel_start]):
            prev.relative = rel
        else:
            m.relative = (rel[0], rel[1], rel[2], rel[3], None)  # the place is the offset itself
            m.kind = m.kind if m.kind != "town" else "town"
            m.relative = rel


def _float(s: str) -> float | None:
    try:
        return float(s)
    except ValueError:
        return None


def actor_countries(actors: list) -> list[list[str]]:
    """The countries each named actor (an `ActorMention`) is active in, per the registry."""
    from estimative.knowledge import registry

    reg = registry()
    return [list(reg.get(m.actor_id).countries) for m in actors if m.actor_id and m.actor_id in reg]


def _city_cands(key: str) -> list[GazEntry]:
    """The gazetteer entries of the city that `key` names a part of ("Kadhimiya": Baghdad)."""
    part = city_of_part(key)
    if part is None:
        return []
    return [e for e in gazetteer().candidates(part[1]) if e.country == part[0] and e.kind == "town"][:1]


def _part_of_city(m: PlaceMention, context: tuple[str, ...]) -> bool:
    """"in Kadhimiya", "the Dora district": a named part of a city in the report's country is
    coded as the city, at the part's own position when the gazetteer has it."""
    if m.kind not in ("town", "unresolved") or not context:
        return False
    city = _city_cands(place_key(m.name))
    if not city or city[0].country not in context[:2]:
        return False
    own = next((c for c in m.cands if c.country == city[0].country and c.source == "geonames"
                and place_key(c.name) == place_key(m.name)), None)
    m.entry, m.kind, m.admin_noun = city[0], "town", None
    m.place = Place(name=city[0].name, country=city[0].country, lat=(own or city[0]).lat, lon=(own or city[0]).lon,
                    admin1=city[0].admin1, precision_km=city[0].precision_km, method="gazetteer (part of the city)")
    return True


# "a Pahalgam hotel", "the Adana Chamber of Trade", "Saravena Municipal Councilor", "Former Pattani chief
# prosecutor": a town named only as what an institution, an official or a resident belongs to
_OWNER_NOUNS = (r"hotel|chamber|council|councilors?|councillors?|municipal|municipality|mayor|governor|police|station|"
                r"railway|officer|official|prosecutor|judge|man|woman|resident|residents|house|home|branch|bazaar|"
                r"market|marketplace|office|court|hospital|school|college|university|mosque|temple|church|shrine|jail|prison|"
                r"headquarters|barracks|center|centre|bus|train|highway|pipeline|airport")
_OWNER_OF = re.compile(r"\b(?P<name>[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)(?:'s)?\s+(?:[\w-]+\s+)?(?i:" + _OWNER_NOUNS + r")\b")
_TITLE_WORDS = frozenset({"former", "ex", "local", "provincial", "district", "municipal", "senior", "chief", "deputy",
                          "acting", "then", "veteran", "retired", "prominent", "interior", "city", "town", "regional",
                          "civil", "police"})
# "the provincial council of Camarines Norte", "the Legislative Assembly of Aceh"
_BODY_OF = re.compile(r"(?i:council|assembly|mayor|governor|municipality|administration)\s+of\s+(?:the\s+)?"
                      r"(?P<name>[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)")


def owner_places(text: str, start: int, end: int, sentence: int, context: tuple[str, ...],
                 taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Towns a sentence names only as the owner of an institution, an office or a resident: the
    incident's place when the report names no other (read only then, so it costs nothing otherwise).
    Only a town of the report's country (or, with no country said, a name of one country only)
    counts, so a surname or a company is rarely taken for one."""
    gaz = gazetteer()
    out: list[PlaceMention] = []
    for rx in (_OWNER_OF, _BODY_OF):
        for m in rx.finditer(text, start, end):
            a, b = m.start("name"), m.end("name")
            if any(x < b and a < y for x, y in taken):
                continue
            name = m.group("name")
            parts = name.split()
            cuts = [(0, len(parts))]
            if len(parts) > 1:  # "Saravena Municipal Councilor"; "Former Pattani chief prosecutor"
                cuts += [(0, 1)] if parts[1].lower() in _TITLE_WORDS else [(1, 2)] if parts[0].lower() in _TITLE_WORDS \
                    else []
            for cut in cuts:
                sub = " ".join(parts[cut[0]:cut[1]])
                if sub.lower() in _NOT_PLACE or country_of(sub):
                    continue
                cands = [c for c in gaz.candidates(sub) if c.kind != "country"]
                # a town of the report's country, or (no country said) of one country only
                cands = [c for c in cands if c.country == context[0]] if context else \
                    cands if len({c.country for c in cands}) == 1 else []
                entry = choose(cands, context, place_key(sub))
                if entry is None:
                    continue
                sa = a if cut[0] == 0 else b - len(sub)
                mention = PlaceMention(sa, sa + len(sub), sub, sentence, cands=cands, entry=entry, kind="town")
                mention.place = entry.place(name=sub)
                out.append(mention)
                break
    return sorted(out, key=lambda p: p.start)


# Curated kinds coded as a town of their own (a settlement is not a site named after a nearby town).
_TOWN_KINDS = frozenset({"town", "district", "settlement", "region"})
_SITE_TOWN_KM = 40.0  # an airport or crossing named after a town lies within this of it


def _site_town(m: PlaceMention) -> None:
    """"Baghdad International Airport", "Erez Crossing": a site named after the town it serves is
    coded as that town (at the site's own position)."""
    for name in (m.name, m.entry.name):
        words_ = name.split()
        for n in (2, 1):
            if len(words_) <= n:
                continue
            town = next((c for c in gazetteer().candidates(" ".join(words_[:n])) if c.source == "geonames"
                         and c.country == m.entry.country
                         and haversine_km(c.lat, c.lon, m.entry.lat, m.entry.lon) <= _SITE_TOWN_KM), None)
            if town is not None:
                m.place = Place(name=town.name, country=town.country, lat=m.entry.lat, lon=m.entry.lon,
                                admin1=m.entry.admin1, precision_km=m.entry.precision_km,
                                method="gazetteer (site named after the town)")
                return


def resolve(mentions: list[PlaceMention], context: tuple[str, ...], context_strength: float = 1.0,
            text: str | None = None, spans: list[tuple[int, int]] | None = None) -> None:
    """Choose each mention's gazetteer entry by country context and set its Place; with the text, a
    mention followed by the areas it lies in ("Awdheegle, Lower Shebelle, Somalia") is placed in them
    (`estimative.extract.areas`)."""
    near = tuple(n for iso in context[:2] for n in (countries()[iso].neighbours if iso in countries() else ()))
    for m in mentions:
        if _part_of_city(m, context):
            continue
        if m.cands and m.admin_noun in _ADMIN_WORDS:
            _areas_only(m)
        if m.cands:
            m.entry = choose(m.cands, context + near, place_key(m.name))
            abroad = m.entry is not None and (m.entry.country not in context + near or m.lone_country and context
                                              and m.entry.country != context[0])
            if m.entry and context and abroad and m.kind == "town" \
                    and (context_strength >= FIRM_CONTEXT or m.entry.population < _WELL_KNOWN
                         or m.entry.source == "geonames" and place_key(m.entry.name) != place_key(m.name)):
                # a name that is only a town far from where the report is: a local name the gazetteer lacks (also
                # where a city abroad holds it only as another language's name: "Boni" is not Bonn in Kenya)
                m.entry = None
                m.kind = "unresolved" if m.strong else "dropped"
        if m.entry is not None:
            m.place = m.entry.place(name=m.name)
            if m.entry.source == "knowledge":
                m.kind = "site" if m.entry.kind not in _TOWN_KINDS else "town"
                if m.kind == "site":
                    _site_town(m)
    if text is not None and spans:
        from estimative.extract.areas import area_of_named_area, place_in_chain

        for m in mentions:
            if not m.inside_actor and m.kind != "site" and m.sentence < len(spans):
                place_in_chain(text, m, spans[m.sentence][1], context) or area_of_named_area(m, context, context_strength)
    for m in mentions:
        if m.route_end is not None and m.place is not None and m.route_end.place is not None:
            m.place = along_route(m.place, m.route_end.place)
    for m in mentions:
        if m.relative is None:
            continue
        distance, unit, direction, vague, anchor = m.relative
        if anchor is None or anchor is m:
            if m.place is not None and (direction or distance is not None or vague):
                label = _relative_label(distance, unit, direction, vague, m.name)
                m.place = offset_place(m.place, distance, unit, direction, name=label if distance is not None
                                       else m.place.name, vague=vague)
            continue
        if anchor.place is None:
            continue
        if m.place is None:  # an unresolved name placed from its anchor
            m.place = offset_place(anchor.place, distance, unit, direction, name=m.name, vague=vague)
    _in_areas_named_after(mentions)
    for m in mentions:
        if m.place is None and m.kind == "unresolved":
            # the report's likeliest country, even when only its actors suggest it (JNIM: Mali first)
            m.place = country_place(context[0], m.name, UNKNOWN_NAME) if context else None
            if m.place is None:  # a name the text gives as a place, somewhere we cannot tell
                m.place = Place(name=m.name, country="XXX", lat=0.0, lon=0.0,
                                precision_km=round(HALF_CIRCUMFERENCE_KM), method="unknown")


_AREA_AFTER_REACH = 120  # characters after a name the gazetteer lacks within which an area named says where it lies
_AREA_NOUN_SET = frozenset(tables.AREA_NOUNS)


def _in_areas_named_after(mentions: list[PlaceMention]) -> None:
    """"at Sinduria village at Aminpur in Sujanagar upazila of Pabna district", "Changlangshu village in
    Nagaland's Mon district": a name the gazetteer lacks, followed in its sentence by areas the report names
    as such (a district, an agency, a zone), lies in the finest of them: that area contains it (the incident
    is placed there, with the area's extent as its precision), rather than the country's centre."""
    for k, m in enumerate(mentions):
        if m.place is not None or m.kind != "unresolved" or m.inside_actor:
            continue
        areas = [q for q in mentions[k + 1:] if q.sentence == m.sentence and q.start - m.end <= _AREA_AFTER_REACH
                 and q.admin_noun in _AREA_NOUN_SET and q.place is not None and not q.inside_actor
                 and q.place.country != "XXX" and not q.place.method.startswith("country")]
        # the finest of them: "in West Bengal's Birbhum district" is in Birbhum
        area = min(areas, key=lambda q: q.place.precision_km or 0.0 if q.place else 0.0, default=None)
        if area is not None and m.container is None:
            m.container = area


def _areas_only(m: PlaceMention) -> None:
    """"Bale zone", "Kurram Agency": a name written as an area is a place of a country that has an area of that
    name (not Basel, "Bâle"), when the admin table knows one."""
    from estimative.geo.admin import admin_table

    isos = {a.country for a in admin_table().named(m.name)}
    if isos:
        m.cands = [c for c in m.cands if c.country in isos]


# Context only nationality words or actors suggest ("French forces ... near Kidal") does not move a
# well-known town abroad to the country centroid; a firm one (`FIRM_CONTEXT`: a country named) does.
_WELL_KNOWN = 20_000


def _relative_label(distance: float | None, unit: str | None, direction: str | None, vague: str, anchor: str) -> str:
    if distance is not None:
        d = int(distance) if float(distance).is_integer() else distance
        u = (unit or "km").lower()
        u = "km" if u.startswith(("km", "kilo")) else "miles" if u.startswith("mi") else u
        return f"{d} {u} {direction.lower() + ' ' if direction else ''}of {anchor}".replace("  ", " ")
    return anchor


def capital_mentions(text: str, spans: list[tuple[int, int]], context: tuple[str, ...]) -> list[PlaceMention]:
    """"in the capital" / "in the Iraqi capital": the context country's capital from GeoNames."""
    out: list[PlaceMention] = []
    for si, (a, b) in enumerate(spans):
        for m in _CAPITAL.finditer(text, a, b):
            iso = country_of(m.group("adj").strip()) if m.group("adj") else (context[0] if context else None)
            if not iso or m.group("name"):
                continue
            c = countries().get(iso)
            if not c or not c.capital:
                continue
            cands = [e for e in gazetteer().candidates(c.capital) if e.country == iso]
            if not cands:
                continue
            pm = PlaceMention(m.start(), m.end(), c.capital, si, cands=cands, entry=cands[0], kind="capital",
                              strong=True)
            pm.place = cands[0].place(name=c.capital)
            out.append(pm)
        for m in _EMBASSY.finditer(text, a, b):
            pm = _embassy_capital(m, si, _report_country(text, context))
            if pm is not None:
                out.append(pm)
    return out


# "the French Embassy", "the U.S. embassy" with no town named for it: embassies are in the capital.
_EMBASSY = re.compile(r"\b(?P<adj>[A-Z][\w.]*(?:\s+[A-Z]\w+)?\s+)?[Ee]mbass(?:y|ies)\b"
                      r"(?!\s+(?:in|at|to|of)\s+(?:the\s+)?[A-Z])(?!\s+(?:in|at)\s+(?!the\b)[a-z])")


_DATELINE_COUNTRY = re.compile(r"\s*(?P<name>[A-Z][A-Z .'()-]{2,40}?)\s*[.:-]\s")


def _report_country(text: str, context: tuple[str, ...]) -> tuple[str, ...]:
    """The report's country: the one its capitals dateline names ("MEXICO.  A gunman ..."), else
    the context's first (names of other countries in the story can outweigh the dateline)."""
    m = _DATELINE_COUNTRY.match(text)
    iso = country_of(m.group("name")) if m else None
    return (iso, *[c for c in context if c != iso]) if iso else context


def _embassy_capital(m: re.Match, si: int, context: tuple[str, ...]) -> PlaceMention | None:
    """A weak place for an embassy in the report's country: its capital (not strong, so any town the
    text names for the incident wins). The embassy of the report's own country is abroad: no place."""
    if not context:
        return None
    host = context[0]
    adj = (m.group("adj") or "").strip()
    if adj and country_of(adj) == host:
        return None
    c = countries().get(host)
    if not c or not c.capital:
        return None
    cands = [e for e in gazetteer().candidates(c.capital) if e.country == host]
    if not cands:
        return None
    pm = PlaceMention(m.start(), m.end(), c.capital, si, cands=cands, entry=cands[0], kind="capital")
    pm.place = cands[0].place(name=c.capital, method="capital (embassy)")
    return pm


_PART_OF_CAPITAL = re.compile(r"\s+(?:area|neighbou?rhood|district|suburb|quarter|section)\s+(?:of|in)\s+(?:the\s+)?"
                              r"(?:[A-Z]\w+\s+)?capital", re.I)


def attach_capitals(text: str, mentions: list[PlaceMention]) -> None:
    """"the Yarmouk district of the capital": the capital (found after the other places) contains it."""
    for p, q in zip(mentions, mentions[1:], strict=False):
        if q.kind == "capital" and p.container is None and p.kind != "capital" \
                and _PART_OF_CAPITAL.fullmatch(text, p.end, q.end):
            p.container = q

