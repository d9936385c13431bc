"""The likely-response judgment on the bundled reports (issue #19), read from the curated record
as of each report's date: who answers, where, against whom, on what precedent; and its section in
every brief format."""
from __future__ import annotations

import json
from typing import Any

from assessment_cases import schema_errors
from jsonschema import Draft202012Validator

from estimative.brief import render
from estimative.model import Event

TAJI = "taji_2020-03-12.txt"


def _response(a: dict[str, Any]) -> dict[str, Any]:
    found = [j for j in a["judgments"] if j.get("response")]
    assert len(found) == 1, [j["statement"] for j in found]
    return found[0]


def test_taji_us_forces_likely_strike_iran_aligned_militias_in_iraq_or_syria(assessed: dict[str, Any],
                                                                             curated: dict[str, Event]) -> None:
    j = _response(assessed[TAJI])
    r = j["response"]
    assert not r["abstained"]
    assert r["responder"] == "US and coalition forces"
    assert r["against"].startswith("Iran-aligned militias")
    assert j["estimative_term"] in ("likely", "very likely", "almost certain")
    assert j["probability"] == r["probability"]["30"] > 0.55
    assert r["probability"]["7"] < r["probability"]["30"]
    countries = [s["value"] for s in r["where_country"]]
    assert set(countries) <= {"IRQ", "SYR"} and "IRQ" in countries
    assert "Iraq" in j["statement"] and "within the next 30 days" in j["statement"]
    # the December 2019 precedent: the US strikes in Iraq and Syria after the K-1 attack
    k1, strikes = curated["cur-2019-12-27-k1-rockets"].id, curated["cur-2019-12-29-us-strikes-kataib-hizballah"].id
    assert {"trigger": k1, "response": strikes} in [{k: p[k] for k in ("trigger", "response")} for p in r["pairs"]]
    assert strikes in j["statement"] and "29 December 2019" in j["statement"]
    assert {k1, strikes} <= set(j["evidence"])
    # every share names the responses it rests on, all of them past pairs known on the day
    responses = {p["response"] for p in r["pairs"]}
    for key in ("where_country", "where_admin1", "against_whom", "means"):
        for s in r[key]:
            assert s["responses"] and set(s["responses"]) <= responses
    # the red line crossed (US service members killed) is weighed on the record after K-1, and said
    lines = {x["id"]: x for x in r["red_lines"]}
    assert k1 in lines["us_service_member_killed"]["earlier_crossings"]
    assert "raised the estimate" in j["statement"]
    assert r["probability"]["30"] > r["process_probability"]["30"]
    # the expected number of strikes comes with its 80% interval, which holds it
    low, high = r["expected_strikes_30d_interval"]
    assert low <= r["expected_strikes_30d"] <= high and f"({low}-{high} in 8 cases of 10" in j["statement"]
    # nothing known only after the report's date
    after = {curated["cur-2020-03-12-us-strikes-kataib-hizballah"].id}
    assert not after & (set(j["evidence"]) | responses)


def test_response_section_in_every_format(assessed: dict[str, Any], validator: Draft202012Validator) -> None:
    a = assessed[TAJI]
    doc = json.loads(render(a, "json"))
    assert schema_errors(validator, doc) == []
    assert any(j.get("response") for j in doc["judgments"])
    md = render(a, "md")
    assert "## Likely response" in md and "US and coalition forces strikes" in md
    html = render(a, "html")
    assert "<h2>Likely response</h2>" in html and "within 30 days" in html


def test_the_response_abstains_on_a_thin_dyad(assessed: dict[str, Any]) -> None:
    """Tower 22 (January 2024): whatever the figures, a judgment that abstains gives no probability
    and says why; one that does not rests on named pairs."""
    for a in assessed.values():
        for j in a["judgments"]:
            r = j.get("response")
            if not r:
                continue
            if r["abstained"]:
                assert j["probability"] is None and r["reason"] and "no judgment" in j["statement"]
            else:
                assert j["probability"] is not None and r["pairs"] and j["evidence"]
