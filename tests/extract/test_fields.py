"""Each field of an incident, with its evidence, on sentences about real incidents."""
from __future__ import annotations

from datetime import date

import pytest

from estimative.extract import extract

TAJI = ("Roughly 18 Katyusha rockets struck Camp Taji, a base north of Baghdad which hosts US and UK forces, "
        "late on Wednesday, killing two US personnel and a UK soldier and wounding at least a dozen others. "
        "No group claimed responsibility, but US officials blamed Kataib Hezbollah.")
PUBLISHED = date(2020, 3, 12)


def first(text: str, published=PUBLISHED):
    incidents = extract(text, published=published)
    assert incidents, f"no incident in {text!r}"
    return incidents[0]


def spans_text(text: str, inc, field: str) -> list[str]:
    return [text[a:b] for a, b in inc.evidence.get(field, [])]


def test_taji_weapon_is_katyusha_rockets_counted_roughly_18():
    inc = first(TAJI)
    w = inc.weapons[0]
    assert (w.cls, w.name, w.count.best, w.count.qualifier) == ("rocket", "Katyusha", 18, "approximate")
    assert "Katyusha rockets" in " ".join(spans_text(TAJI, inc, "weapons"))


def test_taji_casualties_add_up_by_nationality():
    inc = first(TAJI)
    assert inc.fatalities.best == 3
    groups = {g.country: g.killed.best for g in inc.casualty_groups if g.killed.best}
    assert groups == {"USA": 2, "GBR": 1}
    assert inc.injuries.best == 12 and inc.injuries.min == 12 and inc.injuries.qualifier == "at_least"


def test_taji_date_is_the_wednesday_before_the_report():
    inc = first(TAJI)
    assert (inc.date, inc.date_precision, inc.date_source) == (date(2020, 3, 11), "day", "text")
    assert spans_text(TAJI, inc, "date") == ["Wednesday"]


def test_taji_place_is_the_named_base_from_the_gazetteer_supplement():
    inc = first(TAJI)
    assert inc.location.name == "Camp Taji" and inc.location.country == "IRQ"
    assert inc.location.method == "gazetteer" and inc.location.precision_km <= 5


def test_taji_target_is_military_and_hosts_us_and_uk_forces():
    inc = first(TAJI)
    military = next(t for t in inc.targets if t.type == "military")
    assert {"USA", "GBR"} <= set(military.affiliations)


def test_relative_clause_says_whose_the_target_is():
    text = "A rocket hit the base, which hosts US and UK forces, on Monday."
    military = next(t for t in first(text).targets if t.type == "military")
    assert military.affiliations == ["USA", "GBR"]


def test_unclaimed_attack_keeps_the_blamed_group_apart_from_the_claim():
    inc = first(TAJI)
    assert inc.claim_status == "unclaimed" and inc.claimant is None
    assert inc.stated_perpetrator.id == "kataib_hizballah"
    assert inc.blamed_by == "US officials"


def test_claim_names_the_claimant_through_the_registry():
    text = "A Qassam rocket was fired at the Gadid settlement. The military wing of Hamas claimed responsibility."
    inc = first(text, date(2005, 1, 2))
    assert inc.claim_status == "claimed" and inc.claimant.id == "hamas"
    assert inc.stated_perpetrator is None


def test_denial_is_recorded_with_who_denied():
    text = ("Eleven civilians were killed when their vehicle struck a roadside mine in Farah Province. "
            "Local officials blamed the Taliban for the attack. A statement from the Taliban denied any involvement.")
    inc = first(text, date(2009, 7, 20))
    assert inc.claim_status == "denied" and inc.claimant.id == "taliban"
    assert inc.stated_perpetrator.id == "taliban"


def test_likely_perpetrated_by_is_a_stated_perpetrator_not_a_claim():
    text = "The rocket attack on Ain al-Asad was likely perpetrated by Kata'ib Hizballah, officials said."
    inc = first(text)
    assert inc.stated_perpetrator.id == "kataib_hizballah" and inc.claim_status == "unknown"


def test_an_unknown_name_never_becomes_an_actor():
    inc = first("Gunmen of the Brigade of the Imaginary Lion killed two policemen in Kirkuk.")
    assert inc.claimant is None and inc.stated_perpetrator is None


def test_dozens_of_wounded_count_twelve():
    assert first("A car bomb in Kirkuk killed four people and wounded dozens.").injuries.best == 12


def test_counts_introduced_by_including_are_not_added():
    inc = first("A bomb in Baghdad killed seven people, including five civilians and two police officers.")
    assert inc.fatalities.best == 7


def test_no_casualties_is_zero_not_unknown():
    inc = first("A bomb exploded outside a bank in Athens, causing damage but no injuries.")
    assert inc.injuries.best == 0 and inc.injuries.qualifier == "exact"


def test_two_car_bombs_are_two_vbieds():
    w = first("Two car bombs exploded in Kirkuk on Sunday, killing nine.").weapons[0]
    assert (w.cls, w.count.best) == ("vbied", 2)


def test_opened_fire_is_small_arms_and_a_clash_with_police():
    inc = first("Gunmen opened fire on a police patrol in Mosul, killing two policemen.")
    assert inc.weapons[0].cls == "small_arms"
    assert (inc.event_type, inc.sub_event_type) == ("Battles", "Armed clash")


def test_event_type_follows_the_weapon():
    assert first(TAJI).sub_event_type == "Shelling/artillery/missile attack"
    assert first("A suicide bomber blew himself up in a market in Hilla.").sub_event_type == "Suicide bomb"
    assert first("A US drone strike hit a car near Baghdad airport.").sub_event_type == "Air/drone strike"
    inc = first("Police defused a roadside bomb found near a school in Kirkuk.")
    assert (inc.event_type, inc.sub_event_type) == ("Strategic developments", "Disrupted weapons use")


def test_kidnapping_is_an_abduction():
    inc = first("Gunmen kidnapped a Turkish truck driver near Mosul.")
    assert inc.sub_event_type == "Abduction/forced disappearance"


def test_every_field_found_has_evidence_inside_the_text():
    inc = first(TAJI)
    for field in ("date", "location", "weapons", "fatalities", "injuries", "claim", "stated_perpetrator", "targets"):
        assert inc.evidence.get(field), field
        for a, b in inc.evidence[field]:
            assert 0 <= a < b <= len(TAJI)


# --- casualty lists, appositives and attackers, on real RAND rows of the tuning years (before 2006)
@pytest.mark.parametrize("day,starts,killed", [
    # "killed X, a pro-government clergyman, and his wife": the appositive adds no one
    ("2005-07-08", "On the night of July 8, 2005, Taliban members killed Mawlawi Agha Jan", 2),
    # "a social activist and chief of X, NAME, and his two security guards"
    ("2005-06-12", "On June 12, 2005, suspected Maoist", 3),
    # "the head of the Biji municipality, NAME, and the head accountant of ..., NAME"
    ("2005-12-06", "Gunmen attacked and killed the head of the Biji municipality", 2),
    # "was assassinated along with a person who donated money"
    ("2005-06-01", "Shaykh Imad Asim al-Hamdani", 2),
    # "Both Ramazan and his bodyguard were killed": "both" names the two
    ("2005-09-27", "Mohammad Ashraf Ramazan", 2),
    # "An Iraqi truck driver working for the US military and two other Iraqis working as US contractors"
    ("2005-04-24", "An Iraqi truck driver working for the US military", 3),
    # two police officers, and "one assailant was killed" in the gunfight after
    ("2005-08-01", "Two police officers were killed and six were wounded", 3),
    # "arrested by men in Interior Ministry uniforms ... Their bodies were found"
    ("2005-09-01", "Two Sunni clerics and three other Sunni men", 5),
    # "killed three voters, a sergeant major, a constable, and a woman": the parts of three
    ("2005-01-03", "The Communist Party of Nepal-Maoists (CPN-M) attacked and killed three voters", 3),
    # a descriptor with capitals before the name: "Tal Afar local council member, Abdul Kareem Suleiman"
    ("2005-07-04", "Gunmen assassinated Tal Afar local council member", 1),
    # "intercepted the car of X ... and shot him dead"
    ("2004-10-26", "Unidentified gunmen intercepted the car", 1),
    # "assassinated a local official when they ... shot him dead": "him" is the same death
    ("2005-02-03", "In Hillah, south of Baghdad, gunmen assassinated a local official", 1),
    # "kidnapped seventeen men, and shot all of them to death"; 152 killed "on the same day as" is background
    ("2005-09-14", "Gunmen in Iraqi Army uniforms surrounded Taji", 17),
    # "left twenty-three policemen and four attackers dead"
    ("2004-02-14", "Insurgents launched bold twin assaults", 27),
    # "shot two Hindu nationalists, killing them"
    ("2004-04-25", "Ethnic separatists shot two Hindu nationalists", 2),
    # "On August 7, 2005 four persons were killed": the date's year is not a count
    ("2005-08-07", "On August 7, 2005 four persons were killed", 4),
    # "In addition to the district chief, two of his bodyguards were killed"
    ("2005-12-02", "On Saturday, December 2, the Shahwali Kot district chief", 3),
    # "Four police officers, an Army Sergeant, and two civilians were killed": a list with a serial comma
    ("2005-10-23", "Beginning on 23 October, 300 fighters", 7),
    # "An unidentified third person traveling with the two officials was also killed": one, not two
    ("2002-09-25", "At an illegal roadblock in Corral Viejo Corregimiento", 3),
    # "attacked five villagers, killing four of them": the part is all that was killed
    ("2003-07-11", "Guerrillas from the Kurdistan Workers' Party", 4),
    # kidnapped on June 10, "His dead body was found on June 24": the same incident, not a later one
    ("2005-06-15", "On June 10, 2005, teacher Hira Bahadur Thapa", 1),
    # "dragged him from the house and slit his throat"
    ("2003-04-24", "Gunmen entered the home of a People's Democratic Party", 1),
    # "A civilian was hanged by unidentified terrorists"
    ("2003-12-28", "A civilian was hanged", 1),
    # "fired on the vehicle of X ..., resulting in his death"
    ("2004-10-16", "Terrorist elements fired on the vehicle", 1),
])
def test_real_rows_count_the_dead_as_rand_does(rand_row, day, starts, killed):
    row = rand_row(day, starts)
    assert int(row["Fatalities"]) == killed  # the expectation is RAND's own coding
    inc = extract(row["Description"], published=row["date"])[0]
    assert inc.fatalities.best == killed


def test_shot_then_recuperating_is_wounded_not_killed(rand_row):
    row = rand_row("2005-08-23", "Roberto Valiente Blanco")  # "was shot in the chest ... He is recuperating"
    inc = extract(row["Description"], published=row["date"])[0]
    assert (inc.fatalities.best or 0, inc.injuries.best) == (0, 1)


def test_names_enumerating_a_count_are_not_added(rand_row):
    row = rand_row("2005-03-02", "Malee Hayeehamu")  # "Three other village heads, A, B, and C, were ... wounded"
    inc = extract(row["Description"], published=row["date"])[0]
    assert (inc.fatalities.best, inc.injuries.best) == (1, 3)


def test_a_report_read_as_general_still_yields_its_incident(rand_row):
    # "A bomb exploded on a bus ..., the site of Muslim-Christian violence over the last two years"
    row = rand_row("2002-06-05", "A bomb exploded on a bus en route to Poso")
    incidents = extract(row["Description"], published=row["date"])
    assert incidents and incidents[0].weapons[0].cls == "ied"


@pytest.mark.parametrize("text,killed,injured", [
    ("Gunmen shot at a judge in Mosul. The judge was shot at twice but escaped.", None, None),
    ("A roadside bomb exploded near a convoy, leaving two soldiers and one civilian interpreter dead.", 3, None),
    ("Militants stormed a checkpoint, leaving four policemen and two attackers dead and nine wounded.", 6, 9),
    ("Gunmen killed the mayor and his two bodyguards in Tikrit. Two of the gunmen were killed.", 5, None),
])
def test_written_sentences_read_the_dead_and_wounded(text, killed, injured):
    inc = first(text)
    assert (inc.fatalities.best, inc.injuries.best) == (killed, injured)


@pytest.mark.parametrize("day,starts", [
    ("2004-03-05", "A Turkish engineer was killed in an armed attack"),  # "an armed attack": a shooting
    ("2004-06-07", "Suspected Taliban fighters attacked a government building"),  # "a three-hour gunfight"
    ("2003-10-30", "Taliban fighters kidnapped at gunpoint a Turkish engineer"),  # "at gunpoint"
])
def test_a_fight_with_guns_unnamed_is_small_arms_as_rand_codes_it(rand_row, day, starts):
    row = rand_row(day, starts)
    assert row["Weapon"] == "Firearms"
    inc = extract(row["Description"], published=row["date"])[0]
    assert [w.cls for w in inc.weapons] == ["small_arms"]


@pytest.mark.parametrize("day,starts,killed", [
    # "Eight people were killed ... This was one of at least four suicide bombings ... A total of thirty-six people
    # were killed in all": the attack's own figure, not the day's total
    ("2005-02-18", "A car bomb exploded outside a Shiite mosque in Iskandariyah", 8),
    # "Two civilians were killed ... part of a coordinated double suicide bombing that killed a total of nine"
    ("2005-05-27", "A car bomb exploded outside the telecommunications building", 2),
    # "A suicide car bomb exploded ... Six police officers were killed": the driver died too
    ("2005-01-28", "A suicide car bomb exploded outside of the al-Dora police station", 7),
    # "Two suicide bombers detonated their vehicles ... One guard was killed": both bombers died
    ("2005-10-25", "Two suicide bombers detonated their vehicles", 3),
    # "attempted to detonate his vehicle ... guards opened fire ... He detonated his explosives": stopped, yet he died
    ("2005-06-17", "A suicide car bomber attempted to detonate his vehicle", 1),
    # "opened fire on the owner and his wife, killing them both"
    ("2003-03-26", "Unidentified gunmen entered a house in Malikpora", 2),
    # "kidnapped 22 men ... The men's bodies were found about one month later"
    ("2005-08-18", "Armed men in Interior Ministry Uniforms kidnapped 22 men", 22),
    # "kidnapped six of the men. The six men were later killed"
    ("2005-05-08", "A group of Shiites were on their funeral ride", 6),
    # "Three Iraqi policemen, five civilians and the bomber were killed": a list, each part counts
    ("2003-10-09", "A suicide car bomber crashed through a checkpoint", 9),
    # "The head of Khaneshin District ... and his four bodyguards were killed"
    ("2004-07-31", "The head of Khaneshin District", 5),
    # "Twelve Iraqi police officers who worked as security guards for the Northern Oil Company were killed"
    ("2005-04-13", "Twelve Iraqi police officers who worked as security guards", 12),
    # "One of the attackers was killed, as were two Israeli settlers"
    ("2005-01-15", "The Popular Front for the Liberation of Palestine and the mi", 3),
])
def test_real_rows_count_attacks_bombers_and_lists_as_rand_does(rand_row, day, starts, killed):
    row = rand_row(day, starts)
    assert int(row["Fatalities"]) == killed  # the expectation is RAND's own coding
    inc = extract(row["Description"], published=row["date"])[0]
    assert inc.fatalities.best == killed


@pytest.mark.parametrize("text,killed", [
    ("A suicide bomber blew himself up outside a police station in Mosul. No one else was killed.", 1),
    ("A suicide bomber blew himself up at a checkpoint in Baqubah, killing four policemen.", 5),
    ("A suicide bomber blew himself up at a checkpoint in Baqubah, killing four people.", 4),
    ("A suicide bomber blew himself up in a market, killing himself and five others.", 6),
    ("Police arrested a would-be suicide bomber near the Green Zone before he could detonate his vest.", None),
    ("A mortar shell fell near the Oil Ministry. Eight people are known to have been killed and five injured.", 8),
    ("Two men, one an elected official of the local assembly, were assassinated by gunmen in Medea.", 2),
    ("Five Turkish officers, security guards at the embassy, and their two drivers were killed in Mosul.", 7),
    ("Gunmen fired at four young Kurds, killing them and placing their bodies on the Kirkuk road.", 4),
    ("The attackers shot Nalgiyev dead and escaped.", 1),
    ("Gunmen abducted a cleric in Karachi. He was later shot dead by the men.", 1),
    ("Militants slit the throat of a former militant in Badren village.", 1),
    ("The bodies of twelve people were found in a ditch near Baqubah. They had been shot in the head.", 12),
    ("A bomb exploded in a market, killing twenty-three people, including seven children, and wounding forty.", 23),
    ("Three Iraqi soldiers and two civilians were killed when a roadside bomb exploded in Tikrit.", 5),
    ("A car bomb exploded in Hilla, killing 12 people. The death toll later rose to 27.", 27),
    ("Insurgents shot and killed Hakim Mirza, a municipal director in Baghdad, and his driver.", 2),
    ("Ten Shiite men were abducted in western Iraq. The bodies of the men were found one week later.", 10),
    ("Gunmen attacked and killed a Turkish oil engineer along with two Iraqis accompanying him.", 3),
    ("Five women who work as translators for the US military were killed by insurgents in Baghdad.", 5),
    ("Three soldiers were killed and 22 were injured, as well as four Somali policemen.", 3),
])
def test_written_sentences_count_the_dead_as_rand_does(text, killed):
    assert first(text).fatalities.best == killed


@pytest.mark.parametrize("day,starts,cls", [
    ("2003-06-04", "An envelope, containing Adamsite was found at Ostend", "chemical"),  # "used in rocket fuel"
    ("2005-01-06", "An official in the Iraqi Communist Party, Hadi Salih", "other"),  # "was strangled"
    ("2002-05-13", "Police recovered the body of a strangled man", "other"),
])
def test_poison_is_chemical_and_strangling_other_as_rand_codes_them(rand_row, day, starts, cls):
    row = rand_row(day, starts)
    inc = extract(row["Description"], published=row["date"])[0]
    assert [w.cls for w in inc.weapons] == [cls]


@pytest.mark.parametrize("text,killed,injured", [
    ("Humdan Benyasop, a teacher, was shot and seriously injured by unidentified assailants. The victim was shot "
     "while he was riding his motorcycle home after work.", None, 1),
    ("Thirak Boonkwant, a volunteer, was shot twice in the leg by two gunmen in Pattani province.", None, 1),
    ("Qassim Mehawi, a deputy minister, was shot when gunmen attacked his car. Eight of his bodyguards were injured "
     "in the attack.", 1, 8),
    ("The body of a woman who was kidnapped was found strangled in Aceh.", 1, None),
    ("A bomb exploded near a bank in Khanaqin. No casualties were reported in the blast. The attack occurred on the "
     "same day that two suicide bombers detonated their explosives inside Shiite mosques, killing 77.", 0, 0),
])
def test_a_shooting_is_one_wound_or_death_told_once(text, killed, injured):
    inc = first(text)
    assert (inc.fatalities.best, inc.injuries.best) == (killed, injured)


def test_a_bare_number_of_wounded_is_no_casualty_group():
    text = ("Roughly 18 Katyusha rockets struck a base north of Baghdad, killing two US personnel and a UK soldier "
            "and wounding a dozen.")
    inc = first(text)
    assert inc.injuries.best == 12
    assert [g.group for g in inc.casualty_groups] == ["US personnel", "UK soldier"]
