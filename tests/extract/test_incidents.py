"""Incidents, not sentences: several incidents per report, background kept as references."""
from __future__ import annotations

from datetime import date

from estimative.extract import extract

REPORT = ("Roughly 18 Katyusha rockets struck Camp Taji north of Baghdad on Wednesday, killing two US personnel "
          "and a UK soldier. Tensions had spiked after the killing of Qassem Soleimani in January. "
          "Two days later, on Friday, US warplanes struck five Kataib Hezbollah weapons depots near Jurf al-Sakhar, "
          "killing at least six people.")


def test_an_attack_and_a_strike_two_days_later_are_two_incidents_main_first():
    incidents = extract(REPORT, published=date(2020, 3, 14))
    assert len(incidents) == 2
    taji, strike = incidents
    assert taji.date == date(2020, 3, 11) and taji.weapons[0].cls == "rocket" and taji.fatalities.best == 2 + 1
    assert strike.date == date(2020, 3, 13) and strike.weapons[0].cls == "airstrike"
    assert strike.fatalities.best == 6 and strike.fatalities.qualifier == "at_least"
    assert taji.id != strike.id


def test_background_killing_is_a_reference_not_an_incident():
    taji = extract(REPORT, published=date(2020, 3, 14))[0]
    refs = [r for r in taji.references if "Soleimani" in r.text]
    assert refs, [r.text for r in taji.references]
    assert refs[0].date == date(2020, 1, 1) and refs[0].date_precision == "month"


def test_background_casualties_do_not_count():
    text = ("A roadside bomb wounded three policemen in Kirkuk on Monday. "
            "The attack came two days after a suicide bomber killed twelve people in Mosul.")
    inc = extract(text, published=date(2020, 3, 10))
    assert len(inc) == 1 and inc[0].fatalities.best is None and inc[0].injuries.best == 3
    assert any("Mosul" in r.text for r in inc[0].references)


def test_general_remarks_are_not_incidents():
    text = ("Gunmen killed a police officer in Mosul. Attacks on police are frequent in Iraq and "
            "have killed hundreds this year.")
    inc = extract(text, published=date(2006, 3, 1))
    assert len(inc) == 1 and inc[0].fatalities.best == 1


def test_text_without_an_incident_gives_none():
    assert extract("The ministers met in Geneva to discuss the agenda for the talks.") == []
    assert extract("") == [] and extract("   \n ") == []


def test_without_a_date_the_published_date_is_used_and_said_so():
    inc = extract("A car bomb exploded in Kirkuk, killing four.", published=date(2020, 3, 12))[0]
    assert (inc.date, inc.date_source) == (date(2020, 3, 12), "published") and "date" not in inc.evidence


def test_without_any_date_the_date_is_marked_coarse():
    inc = extract("A car bomb exploded in Kirkuk, killing four.")[0]
    assert inc.date_source == "none" and inc.date_precision == "year"


def test_dateline_dates_the_report_not_the_attack():
    text = "BAGHDAD, March 12 (Reuters) - Rockets struck Camp Taji late on Wednesday, killing three."
    inc = extract(text, published=date(2020, 3, 12))[0]
    assert inc.date == date(2020, 3, 11)
