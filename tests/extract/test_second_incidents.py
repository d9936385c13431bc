"""A second incident the text reports as such is an incident of its own, dated from the first when it gives
no date of its own; a death told later, or the victim found, stays with the first. Texts are our own."""
from __future__ import annotations

from datetime import date

from estimative.extract import extract


def test_a_follow_up_attack_the_next_day_is_its_own_incident_dated_a_day_later() -> None:
    # Solhan, Burkina Faso, June 2021: attackers came back the next night (https://medafricatimes.com/?p=23509)
    text = ("On Friday night gunmen attacked the village of Solhan, killing more than 100 people. "
            "The next day, the attackers returned and burned the market.")
    first, second = extract(text, as_of="2021-06-07")
    assert first.date == date(2021, 6, 4) and second.date == date(2021, 6, 5)
    assert second.fatalities.best is None


def test_strikes_hours_later_are_their_own_incident_on_the_same_day() -> None:
    # Colombia, 21 August 2025 (https://www.shafaq.com/en/World/17-killed-in-car-bomb-drone-strike-in-Colombia)
    text = ("A car bomb exploded outside an air force school in Cali on Thursday, killing five people. "
            "Hours later, a drone brought down a police helicopter in Amalfi, killing 12 officers.")
    first, second = extract(text, as_of="2025-08-22")
    assert (first.fatalities.best, second.fatalities.best) == (5, 12)
    assert first.date == second.date == date(2025, 8, 21)
    assert {w.cls for w in second.weapons} == {"drone"}


def test_a_victim_who_died_days_later_is_no_new_incident() -> None:
    text = ("On 3 May gunmen shot and wounded a police officer in Kirkuk. "
            "Two days later, he died of his wounds.")
    inc = extract(text, as_of="2020-05-10")
    assert len(inc) == 1 and inc[0].fatalities.best == 1


def test_a_claim_told_after_a_follow_up_attack_covers_the_attack_before(rand_row) -> None:
    # a RAND row read at test time: a man attacked, his uncle attacked two days later, then the group's claim
    row = rand_row("2005-05-01", "Mohammad Sayeed")
    first, second = extract(row["Description"], published=row["date"])[:2]
    assert second.claim_status == "claimed" and first.claim_status == "claimed"
    assert first.claimant == second.claimant
