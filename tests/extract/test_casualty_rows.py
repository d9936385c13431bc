"""How many the report's incident killed, read as an analyst reads it (casualties.py), on real RAND rows
dated before 2006 (the tuning years) and on written sentences."""
from __future__ import annotations

from datetime import date

import pytest

from estimative.extract import extract


def _killed(text: str, published: date = date(2004, 6, 1)) -> int:
    incidents = extract(text, published=published)
    return (incidents[0].fatalities.best or 0) if incidents else 0


@pytest.mark.parametrize("day,starts,fatalities", [
    # one body found is one death: "Police recovered an unidentified body", "The body of X, ..., was found"
    ("2002-04-10", "Police recovered an unidentified body from Boniyar", 1),
    ("2005-06-29", "The body of surrendered militant of the Hynniewtrep", 1),
    # "the murder of Congressman X and his bodyguard": two people in one restated death
    ("2001-06-12", "The New People's Army (NPA) claimed responsibility for the m", 2),
    # "At least ten people, including seven Iraqi police officers were killed": the aside needs no closing comma
    ("2005-01-17", "At least ten people, including seven Iraqi police officers", 10),
    # "Her guard was killed in the attack as was a bystander"
    ("2002-09-21", "Jammu and Kashmir Tourism Minister Sakina Itoo escaped", 2),
    # "X and his assistant were shot ... The headman was injured, while his assistant was killed"
    ("2005-03-01", "Waeda-oh Dueramae, a village headman, and his assistant", 1),
    # "Qadri was shot ... Five other people were killed": the others add to the one shot
    ("2001-05-18", "Maulana Saleem Qadri, a Pakistani Muslim leader, was shot", 6),
    # what befell them first, then how it ended: "was forcibly removed from his taxi and killed"
    ("2004-11-13", "Specialized Prosecutor, Mario Fernando Canal Ricaurte", 1),
    ("2005-12-29", "Twelve Iraqi Shiites, members of an extended family, were ki", 12),
    # "shot him and his two sons dead"
    ("2002-12-25", "Unidentified gunmen entered the house of a government school", 3),
    # "The head of the District, his wife, and three children were killed"
    ("2005-01-31", "An unknown group planted a landmine targeting the head", 5),
    # "causing at least eight casualties and one death"
    ("2000-05-21", "A bomb exploded in a moviehouse inside the Philippines", 1),
    # "four foreigners (no nationality given) were killed": a "no" in brackets negates nothing
    ("2004-06-16", "A car bomb exploded near an Iraqi police car and a civilian", 9),
    # "The bomb expert attending the incident was killed": the expert, not the incident
    ("2005-03-09", "A time bomb was found at the Abhayapuri police station", 1),
    ("2001-09-30", "A policeman was burned alive and five of his colleagues", 1),
    # "shooting a teacher and a student to death"
    ("2002-09-19", "Militants attacked a school in the remote Udhampur district", 2),
    # "killing two people instantly ... Five of the wounded later died of their injuries"
    ("2003-03-13", "A bomb planted in a bus detonated as the bus was on its way", 7),
    # "The police officer and one of the civilians died of their wounds"
    ("2002-11-08", "An unidentified gunman joined a crowd of people performing", 2),
    # "... claimed the attack and the man later died of his wounds": one man, whatever precedes him
    ("2001-02-11", "An Israeli was wounded in a shooting attack on the Tunnels", 1),
    # "Also killed were Lajevardi's brother and a passerby"; "Also killed in the attack was the assistant's son
    # and four bodyguards"
    ("1998-08-23", "Asadollah Lajevardi, Iranian Revolution Public Prosecutor", 3),
    ("2005-01-12", "Gunmen assassinated an assistant to senior cleric Grand Ayat", 6),
    # "The attackers also managed to kill one of his police guards"; "unclear if they managed to kill" is not a death
    ("2005-05-10", "Suspected members of the New People's Army (NPA) shot and ki", 2),
    ("2005-07-01", "A Palestinian was spotted planting an explosive charge", 0),
    # "A policeman and street cleaner", "One of the hijackers and a flight attendant": each one a person
    ("2005-03-28", "A policeman and street cleaner were killed when a bomb", 2),
    ("2001-03-15", "Three men of Chechen origin hijacked a Russian Tu-154", 2),
    # "Six new Iraqi recruits ... were killed ... and killed all six men": all six are the six told
    ("2005-08-17", "Six new Iraqi recruits to the Iraqi Army were killed near Ha", 6),
    # "killed all three terrorists, as well as two female passengers": a list goes on after "all three"
    ("1988-03-07", "ISRAEL.  Three members of Al Fatah crossed into Israel", 6),
    # "The bodies of a judge and an education ministry official and his bodyguard were found": each one named
    ("2005-05-14", "The bodies of a judge and an education ministry official", 3),
    # "Five bodies of contractors working with US and Iraqi security forces": the five, not the list after "of"
    ("2005-02-05", "Five bodies of contractors working with US and Iraqi", 5),
    # a victim's name or description ends where a place, a time or a participle begins: "killed Kosovo MP Ismail
    # Hajdaraj outside his home", "killed an Iraqi driver transporting supplies", "murdered ... X, his brother Y,
    # and his cousin Z"
    ("2002-01-17", "Unidentified gunmen killed Kosovo MP Ismail Hajdaraj outside", 1),
    ("2005-12-29", "Gunmen attacked and killed an Iraqi driver transporting supp", 1),
    ("2004-03-21", "Six members of the Revolutionary Armed Forces of Colombia (F", 3),
    # "shot and killed Councilman Adolfo Leon Jimenez, 63, at his ranch": a number after a name is an age
    ("2004-09-22", "Three unknown individuals shot and killed Solano Municipalit", 1),
    # "A translator ... was killed when attackers broke into his home ... and beheaded him": him is the translator
    ("2005-01-08", "A translator working with the US Army was killed when attack", 1),
    # "killing about twenty sheep": animals are not casualties
    ("1999-10-01", "A bomb, consisting of 20 liters of fuel nitrate, exploded", 0),
    # "Scores of torturers and interrogators were killed or wounded": how many died is not told
    ("1998-06-03", "The Mujahideen-I-Khalq  (MKO) claimed responsibility for a h", 0),
])
def test_fatalities_of_real_rand_rows(rand_row, day, starts, fatalities):
    row = rand_row(day, starts)
    assert _killed(row["Description"], row["date"]) == fatalities == int(row["Fatalities"])


@pytest.mark.parametrize("text,fatalities", [
    ("A bullet-riddled body was recovered from a village near Kirkuk.", 1),
    ("The body was not found.", 0),
    ("Gunmen killed a policeman in Mosul. His body was found in a car.", 1),
    ("Eight people, including two children were killed when a bomb exploded in a market in Hilla.", 8),
    ("A guard was killed in the blast as was a passer-by.", 2),
    ("A driver and his passenger were shot by gunmen in Basra. The driver was injured, while his passenger was killed.", 1),
    ("Two men were shot by gunmen in Basra.", 2),
    ("A farmer was dragged from his house in Baquba and shot dead by gunmen.", 1),
    ("Gunmen stormed a farm near Baquba and shot him and his son dead.", 2),
    ("The mayor, his driver, and two guards were killed when a bomb hit their car.", 4),
    ("A bomb exploded in a bus, killing three people. Two of the injured later died of their wounds.", 5),
    ("A bomb exploded in a bus. Both of the injured later died of their wounds.", 2),
    ("Gunmen killed a judge in Mosul. Also killed were his son and two guards.", 4),
    ("Gunmen stopped a bus near Baquba and killed all six passengers.", 6),
    ("Gunmen killed two policemen, 25 and 31, at a checkpoint in Mosul.", 2),
    ("Gunmen kidnapped a driver in Mosul and beheaded him.", 1),
    ("Gunmen broke into the home of a tribal leader and killed him, along with three of his sons.", 4),
    ("Gunmen attacked a village, killing twelve cows and a shepherd.", 1),
    ("At least twenty people were killed or injured when a bomb exploded in Quetta.", 0),
])
def test_fatalities_of_written_sentences(text, fatalities):
    assert _killed(text) == fatalities
