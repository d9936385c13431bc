"""Regional threads on the curated record: an incident alone in its own country is placed in the
campaign next door (Tower 22 in Jordan, in the attacks on US forces in Iraq and Syria)."""
from __future__ import annotations

from datetime import date, timedelta

from estimative.analysis.context import incident_context
from estimative.analysis.series import regional_series, series_context
from estimative.analysis.threads import neighbourhood, target_families, threads_for

US = "US and coalition forces"


def _targets_family(e, family: str) -> bool:
    return any(family in target_families(tuple(t.affiliations), t.type) for t in e.targets)


def test_regional_threads_are_named_for_their_countries(curated):
    tower22 = curated["cur-2024-01-28-tower-22"]
    assert set(neighbourhood("JOR")) >= {"JOR", "IRQ", "SYR"}
    threads = threads_for(tower22, countries=["IRQ", "SYR", "JOR"])
    assert threads[0].description == f"incidents targeting {US} in Iraq, Syria and Jordan"
    assert threads[0].filters["country"] == ["IRQ", "SYR", "JOR"]
    assert threads_for(tower22)[0].filters["country"] == "JOR"


def test_tower22_joins_the_campaign_against_us_forces_since_october_2023(curated_store, curated):
    tower22 = curated["cur-2024-01-28-tower-22"]
    as_of = tower22.date_start + timedelta(days=1)
    assert not series_context(tower22, curated_store, as_of), "the premise: the first such attack in Jordan"
    ctx = incident_context(tower22, curated_store, as_of)
    lead = ctx.lead
    assert lead is not None and lead["description"].endswith("in Iraq, Syria and Jordan"), ctx.series
    broad = next(s for s in ctx.series if s["description"] == f"incidents targeting {US} in Iraq, Syria and Jordan")
    since = date.fromisoformat(broad["since"])
    assert date(2023, 10, 1) <= since < date(2023, 11, 1), "the change point is the start of the Gaza-war campaign"
    # the count is the record's own: every attack on US forces in the three countries since then
    expected = {e.id for e in curated_store.events(as_of) if e.country in {"IRQ", "SYR", "JOR"}
                and since <= e.date_start <= as_of and _targets_family(e, US)}
    assert set(broad["event_ids"]) == expected and broad["count"] == len(expected) >= 15
    # the lead thread carries the story: severity, escalation and the timeline read it too
    assert ctx.rank["thread"] == lead["description"]
    assert all(e.country in {"IRQ", "SYR", "JOR"} for e in ctx.history)


def test_regional_series_reads_only_what_was_known(curated_store, curated):
    tower22 = curated["cur-2024-01-28-tower-22"]
    as_of = date(2023, 12, 1)
    known = {e.id: e for e in curated_store.events(as_of)}
    _, series = regional_series(tower22, curated_store, as_of)
    for s in series:
        assert all(eid in known and known[eid].date_start <= as_of for eid in s["event_ids"]), s["description"]
        assert tower22.id not in s["event_ids"]


def test_an_incident_with_a_run_at_home_keeps_its_own_country(curated_store, curated):
    taji = curated["cur-2020-03-11-taji-rockets"]
    ctx = incident_context(taji, curated_store, taji.date_start)
    assert ctx.series and all(s["filters"]["country"] == "IRQ" for s in ctx.series)


def test_no_campaign_is_invented_in_a_quiet_neighbourhood(curated_store, curated):
    """The first incident of the record (Turkish artillery near US forces at Kobani) has nothing before
    it anywhere near: no regional series."""
    kobani = curated["cur-2019-10-11-kobani-turkish-artillery"]
    threads, series = regional_series(kobani, curated_store, kobani.date_start)
    assert threads == [] and series == []
    assert incident_context(kobani, curated_store, kobani.date_start).series == []
