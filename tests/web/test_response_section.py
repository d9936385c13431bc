"""The workbench's "Likely response" section (issue #19) on the Camp Taji rockets of 11 March 2020,
read from the curated record as the incident page assesses it: who answers, within what time,
where, on which precedent (the strikes of 29 December 2019 after the K-1 rockets), with each
figure's past responses named by their event ids."""
from __future__ import annotations

import html as html_lib
import re
import time
from typing import Any


def _analysed(client: Any, url: str, seconds: float = 300) -> str:
    """The incident page once its analysis is in (the page refreshes itself until then)."""
    deadline = time.monotonic() + seconds
    page = client.get(url).text
    while 'id="analysis-pending"' in page and time.monotonic() < deadline:
        time.sleep(1)
        page = client.get(url).text
    return page


def _section(page: str) -> str:
    found = re.search(r"<h3>Likely response</h3>(.*?)(?:<h[23][ >]|$)", page, re.S)
    assert found, "no Likely response section"
    return found.group(1)


def test_the_incident_page_shows_the_likely_response_with_its_precedent(assess_client: Any,
                                                                        curated_events: list[Any]) -> None:
    by_source = {e.source_id: e for e in curated_events}
    taji = by_source["cur-2020-03-11-taji-rockets"]
    k1 = by_source["cur-2019-12-27-k1-rockets"].id
    answer = by_source["cur-2019-12-29-us-strikes-kataib-hizballah"].id
    section = _section(_analysed(assess_client, f"/incidents/{taji.id}"))
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", section))
    assert "US and coalition forces will strike Iran-aligned militias" in text
    assert "within the next 30 days" in text and "Iraq" in text
    assert re.search(r"We assess it is (likely|very likely|almost certain)", text), text[:300]
    # the figures table, 7 and 30 days, and the precedent named by its ids
    assert "within 7 days" in text and "within 30 days" in text
    assert f"<code>{k1}</code> → <code>{answer}</code>" in section
    assert answer in text and "29 December 2019" in text
    # the expected number comes with its interval and what it rests on
    count = re.search(r"about (\d+\.\d) such strikes expected in 30 days \((\d+)-(\d+) in 8 cases of 10, "
                      r"on (\d+) earlier answers\)", text)
    assert count, text[:600]
    expected, low, high, answers = float(count[1]), int(count[2]), int(count[3]), int(count[4])
    assert low <= expected <= high and answers >= 1
    # nothing known after the as-of day is cited
    later = {e.id for e in curated_events if e.date_start > taji.date_start}
    assert not {i for i in re.findall(r"<code>([^<]+)</code>", section)} & later
