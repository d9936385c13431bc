"""Fuzz extraction and the assessment API: any text gives incidents whose evidence spans lie in
the text, any request gets an answer or a clear 4xx/503, never a 500 (#22)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fuzzing import examples
from hypothesis import given
from hypothesis import strategies as st

from estimative.extract import extract, read_document

WORDS = ["A", "car", "bomb", "killed", "wounded", "at least", "people", "in", "near", "Baghdad", "Kirkuk", "Iraq",
         "Bogotá", "on", "March", "Monday", "2006", "1983", "0001", "9999", "police", "gunmen", "attack", "claimed",
         "Islamic State", "rockets", "hit", "the", ".", ",", "\n", "\n\n", "-", "two", "hundred", "thousand",
         "12", "2147483648", "-5", "99999999999999999999", "1/2", "3rd", "Bagh\u200bdad", "’s", "\u00ad", "(",
         ")", "<b>", "</b>", "&amp;", "years", "ago", "earlier", "later", "U.S.", "Lt.", "Gen."]


@st.composite
def reports(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60))
    return " ".join(parts)


def _check_spans(text: str, incident: dict[str, Any]) -> None:
    a, b = incident["span"]
    assert 0 <= a <= b <= len(text)
    for spans in incident["evidence"].values():
        for s, e in spans:
            assert 0 <= s <= e <= len(text)


@examples(1200)
@given(text=reports(), published=st.one_of(st.none(), st.dates().map(str), st.sampled_from(["", "garbage"])))
def test_any_text_gives_incidents_with_spans_in_the_text(text: str, published: str | None) -> None:
    doc = read_document(text.encode("utf-8", "replace"))
    try:
        incidents = extract(doc.text, published=published)
    except ValueError as exc:  # a published date that is no date is refused with a message
        assert published == "garbage", exc
        return
    for inc in incidents:
        _check_spans(doc.text, inc.to_dict())


@pytest.fixture(scope="module")
def api(curated_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from fastapi.testclient import TestClient

    from estimative.web.app import create_app

    with TestClient(create_app(curated_db, token="fuzz-token"), raise_server_exceptions=False) as c:
        yield c


PARAM = st.one_of(st.text(max_size=12), st.integers(-2**70, 2**70).map(str),
                  st.sampled_from(["0001-01-01", "9999-12-31", "2006-01-01", "IRQ", "1,2,3,4", "nan,nan,nan,nan"]))


@examples(700)
@given(params=st.dictionaries(st.sampled_from(["limit", "offset", "as_of", "since", "until", "country", "bbox",
                                                "actor", "event_type", "source"]), PARAM, max_size=4))
def test_any_event_query_is_answered_or_refused_with_a_reason(api: Any, params: dict[str, str]) -> None:
    r = api.get("/api/events", params=params)
    assert r.status_code in (200, 400, 422), (params, r.text)
    if r.status_code != 200:
        assert r.json()["error"]


@examples(25)
@given(text=st.one_of(reports(), st.text(max_size=40)),
       as_of=st.one_of(st.none(), PARAM, st.dates().map(str)))
def test_any_assess_request_is_answered_or_refused_with_a_reason(api: Any, text: str, as_of: str | None) -> None:
    r = api.post("/api/assess", json={"text": text, "as_of": as_of})
    assert r.status_code in (200, 422, 503), (text, as_of, r.text)
    if r.status_code != 200:
        assert r.json()["error"]
