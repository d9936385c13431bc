"""Which sentences tell the incident and which only recall the background (segment.py)."""
from __future__ import annotations

from datetime import date

import pytest

from estimative.extract import extract


@pytest.mark.parametrize("day,starts,fatalities", [
    # "This comes only days after two bombs exploded in a mall in the city, killing 6": an earlier attack
    ("2005-10-17", "Iranian security forces found and defused an explosive device in Ahvaz", 0),
    # "The attack comes two day after seven bombs exploded ..., killing ten people": the count is the earlier one's
    ("2005-06-14", "A small explosive device exploded on a main street in the Southern Ira", 0),
    # "13 Mayors and 63 municipality workers were killed last year": a time adverb dates its whole clause
    ("2003-08-03", "Ivan Rincon, Aguadas Mayor, was shot and killed", 1),
    # "sixteen teachers have been killed this year": a tally over a period, not this killing
    ("2003-04-21", "National Liberation Army (ELN) rebels kidnapped a school teacher", 1),
    # "Six people have been killed by the AUC in the border area in the past two weeks"
    ("2003-04-07", "Pablo Guerrero Gonzalez was killed by eight heavily armed men", 1),
    # "follows a 14 June 2002 suicide car bomb attack on it that killed 11 Pakistanis"
    ("2003-02-28", "Two policemen were killed and another seven people wounded", 2),
])
def test_background_counts_stay_out_of_real_rand_incidents(rand_row, day, starts, fatalities):
    row = rand_row(day, starts)
    inc = extract(row["Description"], published=row["date"])[0]
    assert (inc.fatalities.best or 0) == fatalities == int(row["Fatalities"])


def test_a_comes_after_clause_is_background_to_the_sentence_end_and_kept_as_a_reference():
    text = ("A roadside bomb wounded three policemen in Kirkuk on Monday. The attack comes only days after a car bomb "
            "exploded in a market in Mosul, killing twelve people.")
    inc = extract(text, published=date(2020, 3, 10))
    assert len(inc) == 1 and inc[0].fatalities.best is None and inc[0].injuries.best == 3
    assert any("Mosul" in r.text and "twelve" in r.text for r in inc[0].references)


def test_a_came_as_clause_leaves_the_incidents_own_toll():
    text = ("A bomb exploded in a crowded market in Hilla on Monday. "
            "The blast came as shoppers gathered for the holiday, killing twelve people.")
    inc = extract(text, published=date(2020, 3, 10))
    assert inc[0].fatalities.best == 12


def test_an_earlier_year_told_after_the_incident_is_background():
    text = ("Gunmen shot dead a town councillor in Cali on 3 May 2004. "
            "Eleven councillors were killed in the region in 2002 by the same group.")
    inc = extract(text, published=date(2004, 5, 4))
    assert len(inc) == 1 and inc[0].fatalities.best == 1


def test_last_week_in_the_lead_sentence_is_still_the_incident():
    # "last week" dates the incident itself when the report opens with it
    inc = extract("Gunmen killed three policemen at a checkpoint in Baquba last week.", published=date(2020, 3, 10))
    assert inc and inc[0].fatalities.best == 3


def test_a_month_without_its_year_is_not_taken_for_an_earlier_event():
    # RAND tells a kidnapping's later deaths ("In June, a German woman ... died"): the year of "June" is a guess
    text = ("Thirty-two European tourists were kidnapped in the Algerian Sahara on 13 May 2003. "
            "In June, a German woman, Michaela Spitzer, died of heat stroke.")
    inc = extract(text, published=date(2003, 5, 13))
    assert inc[0].fatalities.best == 1
