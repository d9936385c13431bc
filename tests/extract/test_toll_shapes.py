"""How a toll is stated, read as the coders count it (issue #15): rows of the tuning splits only (GTD January 2021,
ACLED notes before 2019), read from ../shared/data at test time.

Each case is one shape of statement, not one sentence: an "including" aside closed by ", and" before another
group; "an unknown number of" people (no count); the people an opening "In addition to ..." names; a name
that restates the victim, and what follows it; a place after a name, which is not another victim; the body of
one already counted; hostages killed as a group told before ("The coal miners were shot"); a suicide bomber
whom the text already counts among the dead; telegraphic notes ("kill man", "is killed", "have reportedly
been killed"); a count the coder says is coded in another event."""
from __future__ import annotations

from datetime import date

import pytest

from estimative.extract import extract


def _killed(text: str, published: date | None = None) -> int:
    incidents = extract(text, published=published)
    return (incidents[0].fatalities.best or 0) if incidents else 0


@pytest.mark.parametrize("day,starts", [
    # "Four police officers, including the district police chief, and five assailants were killed": 9
    ("2021-01-08", "Assailants attacked the district governor's office"),
    # "Five Taliban members, including a commander named ..., and two civilians were killed": 7
    ("2021-01-28", "A Taliban vehicle was targeted"),
    # "At least 11 assailants and five security force members, including ..., were killed" with a suicide bomber:
    # a count, not an opening "At ..." phrase; the assailants counted hold the bomber
    ("2021-01-06", "A suicide bomber detonated an explosives-laden vehicle and assailants opened fire"),
    # "Three ... forces and an unknown number of assailants were killed": 3
    ("2021-01-25", "Assailants attacked a pro-government outpost in Godam"),
    # a suicide bomber the text counts already: "The assailant was killed and six French soldiers were injured"
    ("2021-01-08", "A suicide bomber detonated an explosives-laden vehicle targeting a military convoy"),
    ("2021-01-08", "Security forces opened fire on a suicide bomber"),
    # a name restating the victim, and the apposition after it: "a police constable, X, a former member of Y"
    ("2021-01-28", "Assailants attacked and killed a police constable"),
    # "X, Lau Chiefdom Secretary,": his office; "X in Ibayo-Tipas neighborhood, Taguig, ...": the place
    ("2021-01-29", "10-30 assailants shot and killed Malam"),
    ("2021-01-28", "Assailants shot and killed former Taguig"),
    # hostages killed as the group told before: "kidnapped 11 Hazara coal miners ... The coal miners were shot"
    ("2021-01-02", "Assailants attacked and kidnapped 11 Hazara"),
    # "X was killed several hours later and his body was found": one death
    ("2021-01-08", "Assailants abducted community leader Edwin"),
    # "In addition to the two assailants, at least 32 people were killed ... across both blasts": (2 + 32) / 2
    ("2021-01-21", "A suicide bomber detonated in an open-air market"),
])
def test_gtd_january_tolls(gtd_january, day, starts):
    rows = [r for r in gtd_january if r.day.isoformat() == day and r.text[12:].startswith(starts)]
    assert rows, f"no GTD summary of {day} starts with {starts!r}"
    assert _killed(rows[0].text) == rows[0].fatalities


@pytest.mark.parametrize("day,starts", [
    # telegraphic notes: "A KANU activist is killed", "29 EDF/ERPDF Soldiers killed", "Rival NARC supporters kill
    # man", "One soldier, one militant killed" (two parts of one each are two, not an enumeration)
    ("1997-12-29", "A KANU activist is killed"),
    ("2006-06-09", "29 EDF/ERPDF Soldiers killed"),
    ("2002-11-22", "Rival NARC supporters kill man"),
    ("2011-06-12", "\"The armed men who clashed with the Niger army"),
    # "Three police officers and a prisoner have reportedly been killed"
    ("2016-12-19", "Three police officers and a prisoner have reportedly been killed"),
    # a headline's bare singular object: "Soldiers allegedly killed civilian in Barodo Village"
    ("2016-03-25", "Soldiers allegedly killed civilian"),
])
def test_acled_telegraphic_tolls(acled_note, day, starts):
    row = acled_note(day, starts)
    assert _killed(row.text) == row.fatalities


def test_acled_counts_coded_in_another_event(acled_tune):
    """A count the note says is coded separately is not this event's (ACLED Kenya notes before 2019)."""
    rows = [r for r in acled_tune if "coded seperately)" in r.text and r.fatalities == 0
            and r.text.rstrip().endswith("(coded seperately)")]
    assert len(rows) >= 2
    assert all(_killed(r.text) == 0 for r in rows)
