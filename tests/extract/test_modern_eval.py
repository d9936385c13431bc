"""The GTD, ACLED and MUC-3/4 key evaluations read their data as their READMEs describe (rows read from
../shared/data at test time) and score fields by the documented rules."""
from __future__ import annotations

from datetime import date

from estimative.eval.acled import CUTOFF, EVENT_TYPES, acled_date, acled_files, load_acled
from estimative.eval.coded import CodedRow, group_names, named_in_text, score_row
from estimative.eval.gtd import gtd_event_type, load_gtd
from estimative.eval.muc_keys import load_keys


def test_acled_dates_in_every_format_of_the_files():
    assert acled_date("2020-11-07") == date(2020, 11, 7)
    assert acled_date("21 March 2020") == date(2020, 3, 21)
    assert acled_date("01-January-2015") == date(2015, 1, 1)
    assert acled_date("#date+occurred") is None


def test_acled_splits_are_by_time_and_violent_only(data_dir):
    tune, report = load_acled(data_dir, "tune"), load_acled(data_dir, "report")
    assert len(acled_files(data_dir)) == 9
    assert tune and report
    assert max(r.day for r in tune) < CUTOFF <= min(r.day for r in report)
    assert {r.event_type for r in tune + report} == set(EVENT_TYPES.values())
    # the old ACLED-Asia layout (upper-case columns) is read too
    assert any(r.source.startswith("acled_south_asia_2015") for r in tune)


def test_gtd_months_split(data_dir):
    tune, report = load_gtd(data_dir, "tune"), load_gtd(data_dir, "report")
    assert {r.day.month for r in tune} == {1}
    assert {r.day.month for r in report} == {2, 3}
    assert len(tune) + len(report) == 2095


def test_gtd_attack_types_map_only_where_unambiguous():
    assert gtd_event_type("Bombing/Explosion", "Military") == "Explosions/Remote violence"
    assert gtd_event_type("Armed Assault", "Police") == "Battles"
    assert gtd_event_type("Armed Assault", "Private Citizens & Property") == "Violence against civilians"
    assert gtd_event_type("Facility/Infrastructure Attack", "Business") is None


def test_group_names_keep_aliases_but_not_a_country_qualifier():
    assert "Ansar Allah" in group_names("Houthi extremists (Ansar Allah)")
    assert "Kenya" not in group_names("Al Shabaab (Kenya)")
    assert named_in_text("Al Shabaab militants attacked a police post.", "Al Shabaab (Kenya)")
    assert not named_in_text("Gunmen attacked a police post.", "Unidentified Armed Group (Kenya)")


def test_muc_keys_of_the_held_out_split(data_dir):
    docs = load_keys(data_dir, "report")
    assert len(docs) == 200
    doc = next(d for d in docs if d.doc_id == "TST3-MUC4-0003")
    key = doc.templates[0]
    assert key.date_range == (date(1990, 1, 9), date(1990, 1, 9))
    assert key.country == "PER" and "Lima" in key.places
    assert "small_arms" in key.instruments


def test_score_row_skips_what_the_coding_leaves_unknown():
    row = CodedRow(source="t", text="", day=date(2021, 2, 1), country="SOM", lat=2.0, lon=45.0,
                   place_precise=True, fatalities=3, injuries=None)
    inc = {"date": "2021-02-01", "location": {"country": "SOM", "lat": 2.1, "lon": 45.1},
           "fatalities": {"best": 3}, "weapons": [], "claim": {"status": "unknown", "by": None}}
    marks = score_row(row, inc)
    assert marks["date"] and marks["country"] and marks["place_25km"] and marks["fatalities"]
    assert marks["injuries"] is None and marks["weapon"] is None and marks["perpetrator"] is None
    far = {**inc, "location": {"country": "SOM", "lat": 3.0, "lon": 45.0}}
    assert score_row(row, far)["place_25km"] is False
