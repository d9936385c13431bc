"""Why a place is farther than 25 km from the coded coordinates: one cause per miss, so that the
place gap can be split into what reading, choosing or the gazetteer itself would close.

The causes are tried in this order, each on the coded row (its place name and coordinates) and
the extracted incident's location:

- `not_written`: the text never writes the coded place's name (the coder placed it from other
  sources, or under another name): only an area or another town named in the text can place it.
- `not_in_gazetteer`: the text writes it, but the gazetteer holds no place of that name, written with
  or without its spaces, nor one of the coded country under another transliteration of it
  (`Gazetteer.spelled_like`): a village below GeoNames' 500 inhabitants, or a local name.
- `coding_imprecise`: the gazetteer holds the name, but none of its places of the coded country lies
  within 25 km of the coded coordinates (the coding is not at the named town, or the name is
  another place's).
- `not_placed`: the name is written and known, yet the incident has no coordinates.
- `wrong_country`: the incident is placed in another country than the coded one.
- `other_place_chosen`: placed in the right country, at another place the text names.
- `wrong_candidate`: the coded name was read, but resolved to a namesake farther than 25 km.
"""
from __future__ import annotations

from typing import Any

from estimative.eval.coded import PLACE_KM, CodedRow, words_in

COUNTRY_CAUSES = ("no_incident", "no_country_evidence", "other_country")
CAUSES = ("not_written", "not_in_gazetteer", "coding_imprecise", "not_placed", "wrong_country",
          "other_place_chosen", "wrong_candidate")


def coded_names(name: str | None) -> list[str]:
    """The names a coded place goes by: ACLED's "Mogadishu - Hodan" is Hodan in Mogadishu, GTD's
    "Kabul (district)" is Kabul."""
    from estimative.geo.event_places import names_of

    return names_of(name)


def miss_cause(row: CodedRow, location: dict[str, Any] | None) -> str:
    """The first cause (of `CAUSES`) that explains why the extracted location misses the coded one."""
    from estimative.geo import gazetteer, haversine_km, place_key

    loc = location or {}
    names = coded_names(row.place_name)
    written = [n for n in names if words_in(row.text, n)]
    if not written:
        return "not_written"
    gaz = gazetteer()
    cands = [c for n in written for c in (gaz.candidates_by_key(place_key(n)) or gaz.compact_candidates(place_key(n))
                                          or gaz.spelled_like(n, (row.country,) if row.country else ()))
             if c.kind != "country"]
    if not cands:
        return "not_in_gazetteer"
    assert row.lat is not None and row.lon is not None  # only precise, coded rows are scored
    if not any(c.country == row.country and haversine_km(c.lat, c.lon, row.lat, row.lon) <= PLACE_KM for c in cands):
        return "coding_imprecise"
    if loc.get("lat") is None or loc.get("lon") is None:
        return "not_placed"
    if row.country and loc.get("country") != row.country:
        return "wrong_country"
    keys = {place_key(n) for n in written}
    if place_key(loc.get("name") or "") not in keys:
        return "other_place_chosen"
    return "wrong_candidate"


def country_miss_cause(first: dict[str, Any] | None) -> str:
    """Why the incident's country is not the coded one: no incident was read at all, the text gave no
    evidence of any country (no country or nationality word, no known place or actor of one), or the
    evidence pointed to another country."""
    if first is None:
        return "no_incident"
    country = (first.get("location") or {}).get("country")
    return "no_country_evidence" if country in (None, "XXX") else "other_country"
