"""A report that relates several attacks reads as several incidents: a sentence that tells an attack of its own,
told anew, in a place away from the one before (or on another day), starts a new incident with its own fields; a
sentence that refers back to the attack ("the attacks") stays with it; background (an earlier attack, with its
toll) is no incident and adds no casualties. Texts are our own, about real incidents."""
from __future__ import annotations

from estimative.extract import extract

# Palm Sunday church bombings, Egypt, 9 April 2017: a blast at St George's Church in Tanta during the service (28
# killed, 78 injured), and three hours later a suicide bomber at the gates of St Mark's Church in Alexandria (at
# least 17 killed); Mada Masr, 10 April 2017,
# https://www.madamasr.com/en/2017/04/10/feature/politics/from-the-scenes-of-the-palm-sunday-bombings-in-tanta-and-alexandria/
# The bombing of the chapel beside St Mark's Cathedral in Cairo on 11 December 2016 killed 25 (Reuters,
# https://www.reuters.com/article/us-egypt-security-church-idUSKBN14110Y). Pope Francis visited Cairo on
# 28-29 April 2017 (Reuters pictures, http://www.reuters.com/news/picture/pope-visits-egypt-idUSRTS14DI9).
TANTA = "A bomb exploded in St George's Church in Tanta during the Palm Sunday service, killing 28 people."
ALEXANDRIA = "A suicide bomber blew himself up at the gates of St Mark's Church in Alexandria, killing 17 people."
CAIRO = "In December 2016, a suicide bomber killed more than 20 worshippers at a chapel in Cairo."


def test_two_attacks_in_two_cities_are_two_incidents_with_their_own_tolls() -> None:
    first, second = extract(f"{TANTA}\n\n{ALEXANDRIA}", published="2017-04-09")
    assert (first.fatalities.best, second.fatalities.best) == (28, 17)
    assert (first.location.name, second.location.name) == ("Tanta", "Alexandria")


def test_the_split_holds_in_lower_case_wire_copy() -> None:
    first, second = extract(f"{TANTA}  {ALEXANDRIA}".lower(), published="2017-04-09")
    assert (first.fatalities.best, second.fatalities.best) == (28, 17)


def test_a_background_paragraph_about_an_earlier_bombing_is_no_incident_and_adds_no_one() -> None:
    incidents = extract(f"{TANTA}\n\n{CAIRO}\n\n{ALEXANDRIA}", published="2017-04-09")
    assert [i.fatalities.best for i in incidents] == [28, 17]
    assert any("Cairo" in r.text for r in incidents[0].references)


def test_a_sentence_that_refers_back_to_the_attacks_stays_with_them() -> None:
    text = (f"{TANTA} Islamic State said its fighters carried out the attacks in Tanta and Alexandria, "
            "which came weeks before Pope Francis was due in Cairo.")
    incidents = extract(text, published="2017-04-09")
    assert len(incidents) == 1 and incidents[0].fatalities.best == 28


def test_more_victims_in_the_same_town_are_not_split_by_place() -> None:
    # the same Tanta attack told in two sentences: a town named twice is one scene
    text = f"{TANTA} Dozens of worshippers were wounded in Tanta."
    incidents = extract(text, published="2017-04-09")
    assert len(incidents) == 1
