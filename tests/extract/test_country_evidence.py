"""The evidence of a report's country (`extract.country_choice`), read from real ACLED notes in ../shared/data:
an acronym several groups share decides no country, a date is not the Greek group "November 17", and a
nationality word says less of where it happened when it names an armed party or foreigners."""
from __future__ import annotations

import pytest

from estimative.eval.coded import CodedRow
from estimative.extract import extract
from estimative.extract.country_choice import _demonym_kind, report_group
from estimative.extract.pipeline import find_mentions
from estimative.knowledge import registry


def test_aswj_is_three_groups_and_a_shared_name() -> None:
    """Pakistan's Ahle Sunnat Wal Jamaat, Somalia's Sufi militia and Mozambique's insurgents are all "ASWJ"."""
    reg = registry()
    assert reg.shared("ASWJ") and not reg.shared("JNIM")
    assert reg.resolve("ASWJ: Ahle Sunnat Wal Jamaat").countries == ["PAK"]
    assert reg.resolve("ASWJ (Mozambique)").id == "ahlu_sunna_wal_jamaa"
    assert reg.resolve("ASWJ (Somalia)").countries == ["SOM"]


def test_an_aswj_note_from_pakistan_is_not_placed_in_mozambique(acled_tune: list[CodedRow]) -> None:
    """The shared name gives weak evidence: where a note also names a Pakistani town, the town decides."""
    rows = [r for r in acled_tune if r.country == "PAK" and "ASWJ" in r.text]
    with_town = [r for r in rows if (found := find_mentions(r.text)) and "PAK" in found.country_evidence().score]
    assert len(with_town) >= 2
    for row in with_town:
        assert all(inc.location.country not in ("MOZ", "TZA") for inc in extract(row.text)), row.text


def test_an_aswj_note_with_no_other_evidence_still_gives_mozambique(acled_tune: list[CodedRow]) -> None:
    """Alone, the shared name still proposes the countries of the group its bare form is written on."""
    alone = 0
    for row in (r for r in acled_tune if r.country == "MOZ" and "ASWJ" in r.text):
        found = find_mentions(row.text)
        assert found is not None
        ev = found.country_evidence()
        if not found.country_mentions and all(not p.cands for p in found.places):
            alone += 1
            assert ev.by_score()[0] == "MOZ", row.text
    assert alone >= 3


def test_a_note_dated_november_17_names_no_greek_group(acled_tune: list[CodedRow]) -> None:
    rows = [r for r in acled_tune if r.text.startswith("On November 17,")]
    assert len(rows) >= 5
    for row in rows:
        found = find_mentions(row.text)
        assert found is not None and all(m.actor_id != "november_17" for m in found.actors), row.text
        assert "GRC" not in found.country_evidence().score


def test_the_ethiopian_rebels_of_patriotic_ginbot_7_give_ethiopia(acled_tune: list[CodedRow]) -> None:
    rows = [r for r in acled_tune if "Ginbot 7" in r.text]
    assert rows
    for row in rows:
        found = find_mentions(row.text)
        assert found is not None
        assert "ETH" in found.country_evidence().score, row.text


@pytest.mark.parametrize(("after", "kind"), [
    (" troops carried out air strikes", "demonym_armed"),
    (" special forces killed four", "demonym_armed"),
    (" raiders attack", "demonym_armed"),
    (" civilians near Lake Turkana", "demonym"),
    (" village", "demonym"),
    (" refugees", "demonym_foreigners"),
    (" nationals were kidnapped", "demonym_foreigners"),
])
def test_what_a_nationality_word_names(after: str, kind: str) -> None:
    assert _demonym_kind("French" + after, len("French")) == kind


def test_the_trainer_learns_from_the_evidence_extract_ranks(acled_tune: list[CodedRow]) -> None:
    """`report_group` and `extract` share `find_mentions`: an author a claim names (`stated_authors`) is in
    the candidates the chooser is fitted on."""
    rows = [r for r in acled_tune if "claimed responsibility" in r.text][:40]
    assert rows
    checked = 0
    for row in rows:
        found = find_mentions(row.text)
        group = report_group(row)
        if found is None or group is None:
            continue
        vectors = found.country_evidence().vectors()
        assert group.x == [vectors[iso] for iso in vectors]
        checked += 1
    assert checked
