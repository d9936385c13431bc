"""Fatalities read from ACLED notes as ACLED codes them, on real notes of the tuning period (before 2019),
read from ../shared/data at test time: a coder's stated figure ("unknown fatalities coded at low estimate
of 3") and deaths told in a clause joined to another ("the hamlet was burned ... and three civilians
killed")."""
from __future__ import annotations

import pytest

from estimative.extract import extract


@pytest.mark.parametrize("day,starts", [
    # a coder's note states the figure the event is coded with
    ("2018-02-18", "On February 18, deadly ambush on the axis Agadez-Dirkou"),
    ("2018-07-02", "On 2nd July, a Kenyan military vehicle was hit by an IED"),
    # "and" joins a clause with a finite verb to the deaths, not two groups of people
    ("2018-04-28", "On April 28, Dozo militiamen attacked the Fulani hamlet Samani"),
    ("2018-06-16", "On June 16, unknown gunmen attacked the police station in Komin-Yanga"),
    # telegraphic notes: the victims a bare clause subject, a coordinated list counted part by part, or a
    # headline's bare noun ("Soldier killed in an ambush")
    ("2016-01-28", "Soldier killed in an ambush just east of Timbuktu"),
    ("2017-09-24", "3 Nigerian policemen, 1 gendarme and 1 civilian killed"),
    ("2018-03-02", "Al Shabaab fighters attack Fino, Mandera. Four police and one reservis"),
    ("2018-01-27", "FAMa camp attacked in Soumpi, Niafunke, as many as 14 soldiers"),
    ("2017-08-18", "Two policemen were Friday afternoon shot dead"),
    ("2018-07-17", "On July 17, Forest guards and herdsmen clashed in the Tamou area"),
    ("2017-01-05", "A Young Oromo man dies while in custody"),
    # a list whose last part a subject pattern had taken alone; a count with "including" after it is no object
    ("2017-08-14", "MINUSMA HQ was attacked by unidentified armed men"),
    ("2018-07-04", "On 4th July, Liyu Police attacked Chinaksen woreda"),
    # a toll the note says is split between events (two) or spread over N locations or days: this event's share
    ("2018-12-11", "On December 11-12, presumed ISGS militants attacked Dawsahak camps"),
])
def test_fatalities_match_acleds_coding(acled_note, day, starts):
    row = acled_note(day, starts)
    incidents = extract(row.text, published=row.day)
    assert incidents and (incidents[0].fatalities.best or 0) == row.fatalities
