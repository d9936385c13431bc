"""Where a report says it happened: a terse note of fighting is an incident, a capital that speaks is a government
and not a place, and a chain of areas written coarse first ("Amhara region, Oromia zone, Bati woreda") is evidence of
the country all its areas lie in. The texts are written here about real, sourced incidents; the notes
are real ACLED notes of the tuning split (dated before 2019)."""
from __future__ import annotations

import re

import pytest

from estimative.eval.coded import CodedRow
from estimative.extract import extract
from estimative.extract.country_choice import speaks_for_government

# ACLED's violent types only are scored; these words alone tell such an event in a terse note
_FIGHTING = re.compile(r"\b(?:battles?|fighting|torturing|beatings?)\b", re.I)


def test_terse_notes_of_fighting_are_incidents(acled_tune: list[CodedRow]) -> None:
    """ACLED notes that tell a battle or abuse in a word of their own ("ONLF battles Ethiopian military",
    "Fighting between ...") give an incident: before, a note with no attack word gave none."""
    rows = [r for r in acled_tune if _FIGHTING.search(r.text) and len(r.text) < 160][:150]
    assert len(rows) >= 100
    none = [r.text for r in rows if not extract(r.text)]
    assert len(none) <= 0.03 * len(rows), none[:5]


@pytest.mark.parametrize(("text", "country"), [
    # the Abole oil field raid of 24 April 2007 (BBC, http://news.bbc.co.uk/2/hi/africa/6588055.stm)
    ("ONLF fighters fought Ethiopian soldiers guarding a Chinese-run oil exploration site at Abole in the Somali "
     "region.", "ETH"),
    # KNLA and BGF battalion 1014 at Mae Seik, Papun township, 5 August 2012 (Karen News,
    # https://karennews.org/2012/08/knla-and-governments-militia-fight-four-soldiers-killed/)
    ("KNLA 5th brigade fighters clashed with BGF battalion 1014 at Mae Seik village in Papun township, Kayin state; "
     "four BGF soldiers were killed.", "MMR"),
])
def test_where_a_terse_note_happened(text: str, country: str) -> None:
    incidents = extract(text)
    assert len(incidents) == 1
    assert incidents[0].location.country == country


def test_a_namesake_abroad_does_not_overrule_the_country(acled_note) -> None:
    """Kama is also a town in China, a neighbour of Myanmar: in a note on Kayin state the place the gazetteer
    chose there does not move the incident out of the country the note names an area of."""
    row = acled_note("2015-04-22", "KNLA forces under brigade 5 and Karen Border Guard Force (BGF) 1014 clashed")
    assert row.country == "MMR"
    assert extract(row.text)[0].location.country == "MMR"


def test_areas_written_coarse_first_agree_on_their_country() -> None:
    """Bati is a woreda of Ethiopia's Oromia zone and, in GeoNames, a district of Cambodia: the region and the
    zone written before it say which (Addis Standard, 26 March 2021, as above)."""
    from estimative.extract.pipeline import find_mentions

    found = find_mentions("In Amhara region, Oromia zone, Bati woreda, gunmen killed residents and burned houses.")
    assert found is not None
    oromia = next(p for p in found.places if p.name == "Oromia")
    assert oromia.area_country == "ETH"
    assert found.country_evidence().by_score()[0] == "ETH"


@pytest.mark.parametrize(("text", "name", "speaks"), [
    ("Washington is pressing both sides to avoid a wider war.", "Washington", True),
    ("Moscow condemned the strike.", "Moscow", True),
    ("Kabul said the attackers came from across the border.", "Kabul", True),
    ("A gunman opened fire at the Navy Yard in Washington.", "Washington", False),
    ("Kandahar said nothing.", "Kandahar", False),  # no capital: a place's own name
    # a capital after a preposition is where it happened; a passive verb is done to it
    ("A suicide bombing in Kabul was claimed by Islamic State.", "Kabul", False),
    ("The blast outside Baghdad was condemned by the UN.", "Baghdad", False),
])
def test_a_capital_that_speaks_is_its_government(text: str, name: str, speaks: bool) -> None:
    start = text.index(name)
    assert speaks_for_government(text, name, start, start + len(name)) is speaks


def test_a_government_named_by_its_capital_places_no_incident() -> None:
    """The Israeli strikes of 28 July 2024 on southern Lebanon after the Majdal Shams rocket (LBC,
    https://www.lbcgroup.tv/news/lebanon-news/786356/israeli-army-claims-attacks-on-hezbollah-targets-in-lebanon/en):
    the sentence on Washington's diplomacy does not move the strikes to the United States."""
    text = ("Israeli warplanes struck Hezbollah weapons depots in southern Lebanon early on Sunday.\n\n"
            "Washington is pressing both sides to avoid a wider war.")
    incidents = extract(text, as_of="2024-07-28")
    assert incidents and incidents[0].location.country == "LBN"
