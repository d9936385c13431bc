"""Incidents, not sentences: several incidents per report, background kept as references."""
from __future__ import annotations

from datetime import date

import pytest

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


# RAND descriptions from the tuning years (before 2006), some shortened, with the city RAND codes for them.
@pytest.mark.parametrize(("text", "city"), [
    # a building named after a town, in a province: the town
    ("A 20-kg bomb exploded near a the Sungai Kolok train station in Narathiwat province.", "Sungai Kolok"),
    # a building's own name, in a town: the town
    ("A 15-kilogram explosive device detonated at the Tan Yong Mat fruit market in Rangae.", "Rangae"),
    # a street or quarter of a city: the city
    ("A petrol bomb exploded at a home in Cumlough Place in east Belfast.", "Belfast"),
    ("A firebomb was thrown at a PASOK office in the district of Kato Patissia, in Athens.", "Athens"),
    # a person's name that starts like a town: not a place
    ("Riyad Ali, a Palestinian Israeli producer for CNN, was traveling on a road in Gaza when he was apprehended "
     "by gunmen.", "Gaza"),
    # "the capital of" a province: the town
    ("Two bodyguards were found killed. They were kidnapped from Trinkot, the capital of Uruzgan.", "Trinkot"),
    # "into" places an attack as "in" does; the province only frames it
    ("In Paktka Province, an intelligence official was killed when Taliban militants fired 20 rockets into "
     "Sharana on November 27.", "Sharana"),
    # the village, not the district around it
    ("A group of four gunmen entered a house in Phera village in Mendhar tehsil of Poonch district and injured "
     "four of the residents.", "Phera"),
    # unchanged: a town in a town, a town in a province
    ("Militants shot a man dead in Qazigund in Anantnag.", "Qazigund"),
    ("Four Nationalist Action Party (MHP) members were injured when their election bus was fired upon by unknown "
     "perpetrators in Turhal, in Tokat Province.", "Turhal"),
])
def test_the_place_is_where_the_attack_happened(text: str, city: str):
    inc = extract(text, published=date(2005, 1, 1))[0]
    assert inc.location_mention == city or inc.location.name == city


def test_a_subset_named_in_an_aside_after_the_count_adds_no_one() -> None:
    # Ogossagou Peulh, Mali, 23 March 2019 (https://www.un.org/press/en/2019/sgsm19510.doc.htm)
    for aside in ("women and children among them", "including women and children"):
        text = (f"Armed men attacked Ogossagou Peulh in central Mali on Saturday morning. At least 134 civilians, "
                f"{aside}, were killed and at least 55 injured.")
        inc = extract(text, as_of="2019-03-24")
        assert len(inc) == 1 and inc[0].fatalities.best == 134 and inc[0].injuries.best == 55, aside
