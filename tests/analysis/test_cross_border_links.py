"""Cross-border retaliation on the curated record: a state answering a strike on its own forces
abroad (Iran's missiles on al-Asad and Erbil for the strike that killed Soleimani in Baghdad), and
a report's own background references read as part of its record."""
from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from estimative.analysis.linking import asserted, find_retaliations, organisation, record_text
from estimative.knowledge import curated_events
from estimative.store import Store

SOLEIMANI = "cur-2020-01-03-soleimani-muhandis-strike"


@pytest.fixture(scope="module")
def blank_store():
    """The curated record without its gold `in_response_to`: what the linker sees must not change."""
    store = Store(":memory:")
    store.ingest([dataclasses.replace(e, in_response_to=[]) for e in curated_events()], source="curated")
    yield store
    store.close()


def test_an_organisation_includes_its_parts_not_the_bodies_it_belongs_to():
    assert "irgc_quds_force" in organisation("irgc")
    assert "popular_mobilization_forces" not in organisation("kataib_hizballah")


@pytest.mark.parametrize("sid", ["cur-2020-01-08-ain-al-asad-iran-missiles", "cur-2020-01-08-erbil-iran-missiles"])
def test_iran_missile_strikes_answer_the_strike_that_killed_soleimani(blank_store, curated, sid):
    strike = curated[sid]
    assert strike.country == "IRQ" and strike.perpetrators[0].id == "irgc"  # Iran's forces, striking in Iraq
    links = [lk for lk in asserted(find_retaliations([strike], blank_store, strike.date_start + timedelta(days=1)))
             if lk.source == strike.id]
    assert links and links[0].target == curated[SOLEIMANI].id, [(lk.target, lk.probability) for lk in links]
    assert any("struck the responding actor itself (irgc_quds_force)" in r for r in links[0].reasons)
    # the gold agrees, though the linker never read it
    assert curated[sid].in_response_to == [curated[SOLEIMANI].id]


def test_a_report_reference_is_read_as_part_of_its_record(curated_store, curated):
    """A report's first paragraph says nothing of motive; the background clause extraction attached to
    the incident ("in revenge for ... on 3 January") names the cause's date and place."""
    stored = curated["cur-2020-01-08-ain-al-asad-iran-missiles"]
    plain = dataclasses.replace(stored, source="report", source_id="rpt#0", in_response_to=[],
                                notes="Iran fired ballistic missiles at Ain al-Asad air base in Anbar province.")
    ref = {"text": "in revenge for the killing of Quds Force commander Qassem Soleimani in a US drone strike "
                   "at Baghdad airport on 3 January.", "kind": "cause", "date": "2020-01-03"}
    told = dataclasses.replace(plain, extra={**plain.extra, "references": [ref]})
    assert ref["text"] in record_text(told) and plain.notes in record_text(told)
    as_of = stored.date_start + timedelta(days=1)

    def to_soleimani(e):
        return next(lk for lk in find_retaliations([e], curated_store, as_of) if lk.target == curated[SOLEIMANI].id)

    bare, referred = to_soleimani(plain), to_soleimani(told)
    assert referred.probability > bare.probability and referred.probability > 0.95
    assert any("3 January" in r for r in referred.reasons) and any("Baghdad" in r for r in referred.reasons)
