"""How a toll is read, one principle per case (issue #15), on texts written here about real incidents, each with
its source. The principles were found on ACLED's tuning notes (before 2019): people "neutralised" are dead
(ACLED's coding), a reporting verb opens the clause whose subject died, a second group may follow its verb
without one of its own, "a group of 16" counts sixteen, a dash ends a victim phrase, "feared dead" and the
present tense of notes ("are burnt to death") count, "able to kill" is done, a day of the month is no count,
a number before a coordinated noun phrase counts all of it, "as well as" joins two groups, "killed and wounded"
together tells no death count, and the subject of "died of wounds" begins after a clause of its own."""
from __future__ import annotations

from datetime import date

import pytest

from estimative.extract import extract


def _killed(text: str, published: date | None = None) -> int:
    incidents = extract(text, published=published)
    return (incidents[0].fatalities.best or 0) if incidents else 0


@pytest.mark.parametrize("text", [
    "An explosive device planted near the gendarmerie post in Gao was neutralized by UNMAS deminers on Tuesday morning.",
    "The 5 kg IED was neutralized by UNMAS deminers in Gao on Tuesday morning.",
])
def test_things_neutralised_are_not_dead(text: str) -> None:
    # a device left near the gendarmerie in Gao was defused by the UN mine action service (UNMAS), per a MINUSMA
    # statement: http://www.atlasinfo.fr/Nord-du-Mali-Un-engin-explosif-desamorce-par-l-UNMAS-a-Gao_a58563.html
    # Things, wherever the subject ends, and acronyms ("IEDs") are no toll
    incidents = extract(text, published=date(2015, 3, 4))
    assert incidents and incidents[0].fatalities.best is None


@pytest.mark.parametrize("text,killed", [
    # RFI, 21 December 2019: Barkhane "neutralised" 33 in the Mopti region, took one prisoner, freed two gendarmes
    # http://www.rfi.fr/afrique/20191221-mali-33-terroristes-neutralises-region-mopti-force-barkane-macron
    ("On 21 December 2019 French Barkhane troops neutralised 33 terrorists in the Mopti region of central Mali, "
     "took one prisoner and freed two Malian gendarmes.", 33),
    ("In the Mopti region of central Mali, 33 terrorists were neutralised by French Barkhane troops on "
     "21 December 2019.", 33),
])
def test_people_neutralised_are_counted_dead(text, killed):
    assert _killed(text) == killed


def test_a_device_neutralised_is_no_casualty(acled_note):
    # a real tuning note read from ../shared/data: one assailant killed, and "an IED was also detected and
    # neutralized", which ACLED codes as no death
    row = acled_note("2018-03-28", "On March 28, a MINUSMA patrol was attacked")
    assert row.fatalities == 1 and _killed(row.text, row.day) == 1


def test_a_reporting_verb_opens_the_subject_that_died():
    # Reuters via the Jerusalem Post, 22 February 2013: Chad's army said 13 of its soldiers and 65 Islamist rebels
    # were killed in the Ifoghas mountains https://www.jpost.com/breaking-news/thirteen-chadian-soldiers-65-rebels-killed-in-mali
    text = ("Heavy fighting broke out in the Adrar des Ifoghas mountains of northern Mali on 22 February 2013. "
            "Chad's army said 65 Islamist rebels and 13 of its soldiers were killed.")
    assert _killed(text) == 78


def test_a_second_group_told_after_the_verb_without_one_of_its_own():
    # the same battle (Reuters via the Jerusalem Post, as above)
    text = "In the Ifoghas mountains of northern Mali on 22 February 2013, 65 Islamist rebels were killed and 13 Chadian soldiers."
    assert _killed(text) == 78


def test_a_group_of_n_counts_n():
    # AFP via the Mail & Guardian, 10 September 2012: 16 members of the Dawa sect shot dead at a checkpoint in
    # Diabali https://mg.co.za/article/2012-09-10-mali-orders-probe-after-islamists-shot-at-checkpoint
    text = "Malian soldiers executed a group of 16 Dawa preachers at a checkpoint in Diabali on 8 September 2012."
    assert _killed(text) == 16


@pytest.mark.parametrize("text", [
    # Al Jazeera, 23 November 2014: al-Shabab killed 28 of the 60 passengers of a bus hijacked near Mandera
    # https://www.aljazeera.com/news/2014/11/23/al-shabab-massacres-28-kenyan-bus-passengers/
    # a dash ends the phrase before it: the count after it is the subject of its own clause
    "On 22 November 2014 al Shabaab gunmen hijacked a Nairobi-bound bus near Mandera - 28 passengers were killed.",
    # "feared dead", and the present tense of telegraphic notes
    "28 passengers are feared dead after al Shabaab gunmen hijack a bus near Mandera.",
    "Al Shabaab gunmen hijack a bus near Mandera; 28 non-Muslim passengers are shot to death.",
])
def test_telegraphic_shapes_of_one_toll(text):
    assert _killed(text) == 28


def test_a_base_that_was_able_to_kill_its_attackers():
    # Indian Express, 19 September 2016: four militants stormed the Uri army base and were gunned down after a
    # three-hour gunbattle https://indianexpress.com/article/india/india-news-india/uri-attack-indian-army-17-jawans-killed-baramulla-jaish-e-muhammad-jem-3037860/
    # "able to kill" is done, not intended
    text = "After a three-hour gunbattle at the Uri base on 18 September 2016, the army was able to kill all four militants."
    assert _killed(text) == 4


def test_a_day_of_the_month_is_no_count():
    # AFP via the Mail & Guardian (as above): the Diabali shooting happened on the night of 8 September 2012
    text = "Sixteen Dawa preachers stopped at the Diabali checkpoint on September 8 died in the shooting."
    assert _killed(text) == 16


def test_a_count_before_a_coordinated_noun_phrase_counts_all_of_it():
    # Reuters via the Jerusalem Post (as above): 65 Islamist rebels killed in the Ifoghas battle
    text = "65 Islamist and jihadist fighters killed in the Ifoghas mountains on 22 February 2013."
    assert _killed(text) == 65


@pytest.mark.parametrize("text,killed", [
    # Indian Express (as above): 17 soldiers killed and about 20 injured at the Uri base; the four attackers killed
    # "as well as" joins two groups of the dead
    ("Seventeen soldiers as well as four militants were killed at the Uri army base on 18 September 2016.", 21),
    # a clause ended by its verb before "and": the dead are the subject after it
    ("At the Uri army base on 18 September 2016 the army retaliated and four militants were killed.", 4),
    # killed and wounded told together: how many died is not told
    ("Thirty-seven soldiers were killed and wounded at the Uri army base on 18 September 2016.", 0),
])
def test_uri_shapes(text, killed):
    assert _killed(text) == killed


def test_died_of_wounds_after_a_clause_of_its_own():
    # Al Jazeera (as above): the non-Muslim passengers of the Mandera bus were shot dead
    text = "Al Shabaab gunmen stopped a bus near Mandera on 22 November 2014, and 28 passengers died of gunshot wounds."
    assert _killed(text) == 28


def test_places_joined_by_and_after_between_are_no_victims(acled_note):
    # a real tuning note read from ../shared/data: "killed three Fulani herdsmen between Akabar and Tabonkort" is 3
    row = acled_note("2018-06-11", "On June 11, MSA/GATIA militiamen killed three Fulani herdsmen")
    assert row.fatalities == 3 and _killed(row.text, row.day) == 3


@pytest.mark.parametrize("day,starts", [
    # real tuning notes read from ../shared/data, as ACLED codes them:
    # a retaliation cue opening the report ends at its comma; the clause after it is the incident
    ("2017-07-09", "In retaliation for the killing of a herder the previous day"),
    # any manner of death "to death", in the present tense of notes
    ("1997-01-23", "Two Somali refugees are burnt to death"),
    # one count over a coordinated noun phrase ("4 TTP and LI militants killed")
    ("2015-01-27", "4 TTP and LI militants killed and 3 injured due to air strikes by Pak Airforce in Wacha"),
])
def test_tuning_notes_read_as_acled_codes_them(acled_note, day, starts):
    row = acled_note(day, starts)
    assert _killed(row.text, row.day) == row.fatalities
