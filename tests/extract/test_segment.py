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


@pytest.mark.parametrize("day,starts,fatalities", [
    # "In addition, one civilian was killed and six others wounded": more victims of this attack, not a new incident
    ("2005-12-08", "An Iraqi police colonel was the target of an assassination a", 1),
    # "investigating the El Nogal bombing (which killed 37 people in February 2003)": an aside in brackets
    ("2003-09-04", "German Humberto Camacho, the former prosecutor in charge of ", 1),
    # "in charge of investigating the recent death of 18 members of the Baath Party"
    ("2005-11-27", "Gunmen killed the officer who was in charge of investigating", 1),
    # "where an Israeli had assassinated ... a Force 17 member several hours before"
    ("2002-04-23", "Three suspected collaborators were shot and killed by al-Aqs", 3),
    # "A bomb exploded at a funeral for a policeman killed on 2 November"
    ("2005-11-03", "A bomb exloded at a funeral for a policeman killed on 2 Nove", 0),
    # "responded to an earlier attack on a private home in Baghdad which left three citizens dead"
    ("2005-12-26", "Gunmen attacked a group of police officers who responded to ", 0),
    # "in protest against a recent skirmish with police in the area in which one Maoist was killed"
    ("2005-06-28", "In Farahabad, within the district of Mahabubnagar, Andhra Pr", 0),
    # "20 minutes after a similar device killed three Americans in a diplomatic convoy"
    ("2003-10-15", "Three Israeli soldiers were slightly injured when a roadside", 0),
    # "Four days before, three Chinese engineers were killed": a sentence opened by a backward time adverb
    ("2004-05-07", "A bomb exploded at a bicycle stand in front of the Balochist", 0),
    ("2004-10-12", "A bomb exploded near a branch office of the Bank for Agricul", 0),
])
def test_earlier_events_told_in_passing_stay_out_of_real_rand_incidents(rand_row, day, starts, fatalities):
    row = rand_row(day, starts)
    inc = extract(row["Description"], published=row["date"])
    assert ((inc[0].fatalities.best or 0) if inc else 0) == fatalities == int(row["Fatalities"])


def test_a_sentence_opened_by_an_earlier_time_is_background_but_not_as_the_lead():
    text = ("A roadside bomb wounded two soldiers near Tikrit. Three days earlier, a car bomb killed nine people in Samarra.")
    inc = extract(text, published=date(2004, 5, 10))
    assert inc[0].fatalities.best is None and inc[0].injuries.best == 2
    lead = extract("Three days earlier, a car bomb killed nine people in Samarra.", published=date(2004, 5, 10))
    assert lead[0].fatalities.best == 9
