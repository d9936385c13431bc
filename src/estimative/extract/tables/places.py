"""Place wording in English: the nouns a report writes with a place's name ("Zhari district", "the town of
Hit", "Mwenda village in Beni territory"), kept as data for `extract/places.py` (which names are places,
which area contains which) and `extract/areas.py` (address chains).

Adding a region's own area noun (Ethiopia's woreda, Mali's cercle) is a change here only.
"""
from __future__ import annotations

from estimative.extract.tables import alternation

# Administrative areas, by how wide: a wide one frames the report and contains the places named with it
# ("in Rangae district, Narathiwat province"); a fine one may be where it happened ("Surobi district"). Also
# the nouns one region writes: Ethiopia's zones, woredas and kebeles, Bangladesh's upazilas, Mali's cercles,
# Pakistan's (former) tribal agencies and tehsils, Thailand's tambons, the DRC's territories.
AREA_NOUNS: dict[str, str] = {
    "province": "wide", "governorate": "wide", "state": "wide", "region": "wide", "zone": "wide", "agency": "wide",
    "department": "wide", "prefecture": "wide", "emirate": "wide", "oblast": "wide",
    "district": "fine", "sub-district": "fine", "subdistrict": "fine", "county": "fine", "municipality": "fine",
    "tehsil": "fine", "woreda": "fine", "upazila": "fine", "cercle": "fine", "circle": "fine", "commune": "fine",
    "division": "fine", "territory": "fine", "tambon": "fine", "kebele": "fine",
}
WIDE_AREA_NOUNS = frozenset(n for n, w in AREA_NOUNS.items() if w == "wide")
FINE_AREA_NOUNS = frozenset(n for n, w in AREA_NOUNS.items() if w == "fine")
# Area nouns that also close the names of offices and units ("the State Department", "the Homicide Division",
# "the Border Circle"), or that a region spells only in lower case: written with a capital after a name the
# gazetteer lacks, they do not make it a place.
OFFICE_AREA_NOUNS = frozenset({"state", "department", "division", "prefecture", "circle", "territory", "commune",
                               "emirate", "oblast", "kebele"})
# Area nouns that close a place's name written with a capital ("Zhari District", "Kurram Agency").
NAME_CLOSING_AREA_NOUNS = frozenset(AREA_NOUNS) - OFFICE_AREA_NOUNS
# Places smaller than an area, named with their noun: "Kutidurgapur Village", "Erez Crossing", "Rafah camp" ("city"
# is not among them: "Sadr City", "Quezon City" are names of their own).
SETTLEMENT_NOUNS = ("village", "town", "settlement", "camp", "crossing", "area")
# Parts of a town and other localities written after their name ("the Hodan neighbourhood", "Farjarno neighborhood").
LOCALITY_NOUNS = ("neighbourhood", "neighborhood", "suburb", "quarter", "township", "locality", "sector")

# an area noun after a name ("Ghazni Province", "Mahaday district")
AREA_NOUN_RE = alternation(tuple(AREA_NOUNS))
# a fine area noun, or a place smaller than an area ("in Rangae district, Narathiwat province")
FINE_NOUN_RE = alternation((*FINE_AREA_NOUNS, "area", "village", "town"))
# any noun an address writes after a name ("Mudug region", "Farjarno neighborhood", "Goundam town")
CHAIN_NOUN_RE = alternation((*AREA_NOUNS, *SETTLEMENT_NOUNS, "city", *LOCALITY_NOUNS))

# Ways between two places: "the Goundam-Timbuktu road", "on the axis Ansongo-Menaka", "the road from Caia to
# Nhamapanda". An incident on one is placed at the first town named (`extract/places.py`).
ROUTE_NOUNS = ("road", "roads", "axis", "highway", "route", "corridor", "motorway", "railway", "rail line",
               "track", "stretch", "trunk road", "main road", "supply route")
# Words that join the two ends of a way, after its noun: "the road from X to Y", "the axis between X and Y"
ROUTE_FROM_WORDS = ("from", "between", "linking", "connecting", "joining")
ROUTE_TO_WORDS = ("to", "and", "with")
# Area nouns after a possessive that make the possessor only the frame of the finer place: "Shan State's Kutkai
# Township", "West Bengal's Birbhum district", "Narathiwat's Tak Bai district"
POSSESSED_FINE_NOUNS = (*FINE_AREA_NOUNS, *LOCALITY_NOUNS, "village", "town", "area")
ROUTE_NOUN_RE = alternation(ROUTE_NOUNS)
# Nouns written right after a name that make the capitalised run before them a place's whole name ("the Zhari
# district", "Mwenda village", "the Erez crossing"): the name is read whole, not word by word.
SITE_NOUNS = ("settlement", "crossing", "checkpoint", "junction", "village", "town", "city", "camp", "refugee camp",
              "neighbourhood", "neighborhood", "suburb", "area", "kibbutz", "moshav", "outpost", "township", "quarter",
              "tambon", "sub-district", "subdistrict")
# Nouns of a place that "of" names: "the town of Hit", "the kibbutz of Nir Oz"
HOLDING_NOUNS = ("town", "village", "settlement", "city", "kibbutz", "moshav", "hamlet", "township", "neighbourhood",
                 "neighborhood", "suburb")
# Streets and ways inside a capitalised run make it no town's name ("Haifa Street", "Kabul Road"); the abbreviations
# only closing a run, and the lower-case nouns that may follow one ("Ghazni Amanullah roundabout").
STREET_NOUNS = ("street", "road", "avenue", "boulevard", "highway", "lane", "square", "bridge", "st", "rd", "station",
                "drive", "way")
STREET_ABBREVIATIONS = ("st", "rd")
STREET_NOUNS_AFTER = ("roundabout", "intersection", "bypass", "chowk")
# Nouns that close an unresolved name and are not part of it ("South Okkalapa Township", "Gjokaj Dam")
TRAILING_PLACE_NOUNS = ("township", "village", "town", "city", "dam", "monastery", "area", "camp", "crossing", "bazaar",
                        "market", "amphoe")
