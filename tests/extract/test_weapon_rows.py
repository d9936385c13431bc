"""The weapon read from what a report says was done with it: real RAND rows of the tuning years (before 2006)
scored as the evaluation scores them, and written sentences for what must not be read as a weapon."""
from __future__ import annotations

import pytest

from estimative.eval.extraction import score_rand_row
from estimative.extract import extract
from estimative.extract.weapons import find_weapons, weapons_of


def _classes(text: str) -> list[str]:
    """The weapon classes the first incident extracted from `text` reads in it (not those inferred)."""
    incidents = extract(text, published="2004-06-01")
    return [w.cls for w in incidents[0].weapons if not w.inferred] if incidents else []


@pytest.mark.parametrize("day,starts,cls", [
    # a shooting told by how it was done, the word "gun" never used
    ("1999-04-24", "Four people were killed when masked men riding a Suzuki", "small_arms"),  # opened indiscriminate fire
    ("1998-03-12", "Jusuf Cana's home was sprayed with automatic-weapons fire", "small_arms"),
    ("2005-11-02", "A police vehicle carrying Zubeyr Kostoyev", "small_arms"),  # came under automatic weapon fire
    ("1979-10-07", "NICARAGUA.  A Colombian embassy building was machine-gunned", "small_arms"),
    ("1998-02-27", "Jesus Maria Valle Jaramillo, the former president", "small_arms"),  # weapons had silencers
    ("1990-02-04", "SOUTH AFRICA.  Shotgun blasts were fired at the British Embassy", "small_arms"),  # not a bomb blast
    ("2002-10-01", "Militants fired from a distance at a polling station in Payinmoh", "small_arms"),
    ("2001-02-15", "An Israeli man was injured by Palestinian fire", "small_arms"),
    # shots fired at a house, then "the blast": a planted bomb never explains "fired at"
    ("1998-05-06", "Terrorists fired at the house of reporter Dragutin Prentic", "small_arms"),
    # a fire set by hand
    ("2002-05-26", "The 21st Front of the Revolutionary Armed Forces of Colombia (FARC) burned", "arson"),
    ("1975-03-24", "UNITED STATES.  Two fires were set at the Colombian consulate", "arson"),
    ("1986-01-06", "ITALY.  The Islamic Cultural Center in Rome was destroyed by fire", "arson"),
    ("1985-09-19", "ISRAEL.  A gasoline bomb was thrown at a bus stop", "arson"),
    ("2002-08-10", "Unknown individuals attempted to burn the house of Roberto Ibarretxe", "arson"),
    ("2004-08-03", "A truck belonging to Boumerdes University was intercepted and subsequently burned", "arson"),
    # a device made of fuel is an incendiary, whatever it is called
    ("2000-05-12", "An explosive device consisting of two gas bottles, a can of benzene", "arson"),
    ("2002-08-11", "A device, containing gasoline, was thrown onto the roof", "arson"),
    # blunt force, bare hands and things thrown: RAND's "Other"
    ("2004-04-11", "A Catholic teenager was attacked by a gang of twelve youths", "other"),  # punched and kicked
    ("1995-04-17", "SWEDEN.  The Turkish consulate in Malmoe was attacked with paint bombs", "other"),
    ("2004-02-18", "Four bricks were thrown into the home of Jane Crudden", "other"),
    ("2002-07-11", "The Earth Liberation Front (ELF) is presumed responsible for slashing", "other"),  # the tires
    ("2003-12-28", "A civilian was hanged by unidentified terrorists", "other"),
    ("2005-06-09", "A 56-year-old woman was attacked in her home in the Mosside area", "other"),  # baseball bats
    # a blade
    ("2002-07-13", "A fourteen-year-old Palestinian tried to stab a border policeman", "knife"),
    ("2003-06-01", "Unidentified militants slit a man's throat at his home", "knife"),
    ("2004-06-25", "Members of the Communist Party of Nepal-Maoists (CPN-M) hacked a civilian", "knife"),
    ("2005-02-23", "Lord's Resistance Army (LRA) rebels are presumed in an attack on eight women", "knife"),  # lips cut off
    # an explosive told by how it was made or what was tried with it
    ("1998-03-10", "The Ertzaintza deactivated a homemade device", "ied"),
    ("1999-04-07", "Unidentified people attempted to blow up a monument in Rumbula", "ied"),
    ("1999-04-02", "An object resembling a detonator was found", "ied"),
    ("1984-05-22", "SOUTH AFRICA.  A high-powered device ripped through the office complex of a gold mine", "ied"),
    # a bomb made of a shell stays a bomb: RAND's "Remote-detonated explosive"
    ("2002-11-15", "An explosion killed one person in Arbil.  The bomb was hidden in a mortar shell", "ied"),
    ("2001-11-18", "A bomb exploded on Emile Botta Street in Jerusalem", "ied"),
])
def test_weapon_told_by_what_was_done_with_it(rand_row, day, starts, cls):
    row = rand_row(day, starts)
    incidents = extract(row["Description"], published=row["date"])
    first = incidents[0].to_dict()
    assert cls in [w["class"] for w in first["weapons"]]
    gold = {"city": row["City"], "country": row["Country"], "perpetrator": row["Perpetrator"], "weapon": row["Weapon"],
            "fatalities": int(row["Fatalities"]), "injuries": int(row["Injuries"])}
    assert score_rand_row(gold, first)["weapon"]


@pytest.mark.parametrize("day,starts", [
    ("1993-06-10", "CAMBODIA.  A British volunteer with the Halo Trust, which conducts mine-clearing"),  # a kidnapping
    ("1981-02-06", "LEBANON.  Jordanian Charge d'Affaires Hisham Muheissen was kidnapped"),  # "an explosive dispute"
])
def test_words_of_weapons_used_of_something_else_name_no_weapon(rand_row, day, starts):
    row = rand_row(day, starts)
    incidents = extract(row["Description"], published=row["date"])
    assert incidents and incidents[0].weapons == []
    assert row["Weapon"] == "Unknown"


@pytest.mark.parametrize("text,expected", [
    # a fire cue must not swallow the explosive it names
    ("A US patrol came under rocket fire near the base.", ["rocket"]),
    ("One soldier was wounded by bazooka fire east of the town.", ["rpg"]),
    # mortars fired at a base: "fired at" tells of the mortars, not of guns
    ("Three mortars were fired at the police station, wounding two officers.", ["mortar"]),
    ("Two mortar shells exploded in the settlement, wounding a child.", ["mortar"]),
    # "burned" with the victims' bodies as object is not an arson attack
    ("Rebels killed three farmers and burned the victims' bodies.", []),
    # a mine of coal or gold is a workplace, not a landmine
    ("Gunmen attacked workers at a coal mine, killing two.", ["small_arms"]),
    ("A landmine exploded under a truck, killing two.", ["ied"]),
])
def test_written_sentences_read_as_an_analyst_reads_them(text, expected):
    assert sorted(_classes(text)) == sorted(expected)


def test_cues_match_whatever_the_case_and_when_lowering_changes_the_length():
    """Cues run on the lowered text; a character whose lower case is longer ("İ") falls back to case-blind matching."""
    for text in ("GUNMEN OPENED INDISCRIMINATE FIRE ON THE MARKET.", "İzmir: men opened indiscriminate fire on a café."):
        mentions = find_weapons(text, [(0, len(text))])
        weapons, evidence = weapons_of(mentions)
        assert [w.cls for w in weapons] == ["small_arms"]
        a, b = evidence[-1]
        assert "fire" in text[a:b].lower()


@pytest.mark.parametrize("text,expected", [
    # an armed assault told without its weapon: small arms, inferred (GTD codes these as firearms)
    ("Assailants abducted seven high school students in Oku, Cameroon.", ["small_arms"]),
    ("Rebels killed three farmers and burned the victims' bodies.", ["small_arms"]),
    # a weapon named is read, never inferred over
    ("Assailants launched a projectile targeting Jazan, Saudi Arabia.", ["missile"]),
    # no armed assailants, nothing inferred
    ("A fire destroyed a warehouse in Kano; no one was hurt.", []),
])
def test_an_armed_assault_without_a_named_weapon_infers_small_arms(text, expected):
    incidents = extract(text, published="2021-01-20")
    weapons = incidents[0].weapons if incidents else []
    assert sorted(w.cls for w in weapons) == expected
    assert all(w.inferred == (w.name is None and w.cls == "small_arms" and "projectile" not in text)
               for w in weapons)
