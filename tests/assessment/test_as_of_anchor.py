"""`as_of` anchors undated text: "On 11 March" read as of 2020-03-12, with no date line, is 11 March 2020."""
from __future__ import annotations

from estimative.store import Store

NOTE = ("- On 11 March, about 18 Katyusha rockets hit Camp Taji north of Baghdad, killing two US service members "
        "and a British soldier.\n- No group has claimed the attack.\n")


def test_undated_note_is_read_as_of_the_day_given(store: Store) -> None:
    from estimative.assess import assess

    a = assess(NOTE, as_of="2020-03-12", store=store).to_dict()
    assert a["report"]["as_of"] == "2020-03-12T23:59:59"
    assert a["incidents"][0]["date"] == "2020-03-11"


def test_an_incident_without_any_date_takes_the_as_of_day(store: Store) -> None:
    from estimative.assess import assess

    a = assess("Gunmen killed two police officers at a checkpoint in Kirkuk.", as_of="2020-03-12",
               store=store).to_dict()
    assert a["incidents"][0]["date"] == "2020-03-12"
    assert a["incidents"][0]["date_source"] == "as_of"
