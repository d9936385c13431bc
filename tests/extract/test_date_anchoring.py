"""Dates resolve against the report's day (its publication date, else `as_of`), and a year is never taken
from a sentence about another time. The texts are our own, about real incidents."""
from __future__ import annotations

from datetime import date

from estimative.extract import extract
from estimative.extract.dates import find_dates

FRIDAY = date(2020, 3, 13)


def test_a_day_and_month_without_a_year_take_the_year_of_as_of_not_of_today() -> None:
    # Camp Taji, 11 March 2020 (https://airandspaceforces.com/?p=63108)
    inc = extract("On 11 March, rockets struck Camp Taji north of Baghdad, killing three coalition personnel.",
                  as_of="2020-03-12")[0]
    assert (inc.date, inc.date_source) == (date(2020, 3, 11), "text")


def test_a_publication_date_wins_over_as_of() -> None:
    inc = extract("On 11 March, rockets struck Camp Taji, killing three.", published="2021-03-12",
                  as_of="2020-03-12")[0]
    assert inc.date == date(2021, 3, 11)


def test_weekday_and_part_of_day_phrases_resolve_against_the_report_day() -> None:
    for phrase, day in (("late Wednesday", 11), ("on Sunday night", 8), ("the Thursday attack", 12),
                        ("Sunday's attack", 8), ("early on Friday", 13)):
        found = [d for d in find_dates(phrase, FRIDAY) if not d.reporting]
        assert found and found[0].date == date(2020, 3, day), phrase


def test_the_day_something_was_said_is_not_the_incident_day() -> None:
    for phrase in ("police said on Thursday", "officials told reporters late Thursday",
                   "the ministry said in a statement on Thursday"):
        assert all(d.reporting for d in find_dates(phrase, FRIDAY)), phrase
    # Manbij, 16 January 2019 (https://syriadirect.org/alleged-is-suicide-attack-on-manbij-restaurant-kills-four-us-soldiers-injures-more-than-a-dozen-civilians/)
    text = ("A suicide bomber killed at least 15 people outside a restaurant in Manbij on Wednesday, "
            "the US military said on Thursday.")
    assert extract(text, as_of="2019-01-17")[0].date == date(2019, 1, 16)


def test_a_year_from_a_sentence_about_another_time_does_not_date_the_incident() -> None:
    # the Homs desert massacre of truffle gatherers, 17 February 2023
    # (https://www.bbc.com/news/world-middle-east-64680539)
    text = ("IS lost the last of its territory in Syria in 2019. Gunmen on motorcycles killed 53 truffle "
            "gatherers near al-Sukhnah on Friday.")
    inc = extract(text, as_of="2023-02-19")
    assert len(inc) == 1 and inc[0].date == date(2023, 2, 17) and inc[0].fatalities.best == 53


def test_the_start_of_a_period_is_not_an_incident_date() -> None:
    text = "Gunmen have attacked convoys on the road since the end of 2017. On Tuesday they ambushed a bus, killing six."
    inc = extract(text, as_of="2020-06-04")
    assert inc[0].date == date(2020, 6, 2)
    assert find_dates("since the end of 2017", None)[0].period_start


def test_an_earlier_killing_told_as_background_adds_no_casualty() -> None:
    text = ("Roughly 18 rockets hit Camp Taji on 11 March, killing three coalition personnel. The attack comes after "
            "tensions spiked in January following the US killing of Iranian commander Qassem Soleimani.")
    inc = extract(text, as_of="2020-03-12")
    assert len(inc) == 1 and inc[0].fatalities.best == 3
    assert any("Soleimani" in r.text for r in inc[0].references)


def test_a_claim_sentence_at_the_time_of_writing_stays_with_its_incident() -> None:
    # the segmenter keeps the sentence inside the incident, where the claim reader looks for it
    text = ("- On Friday morning a suicide bomber struck the Kaaj education centre in west Kabul, killing 19.\n"
            "- At the time of writing, no individual group has claimed responsibility.\n")
    inc = extract(text, as_of="2022-10-01")
    assert len(inc) == 1 and inc[0].span[1] >= text.index("responsibility")
