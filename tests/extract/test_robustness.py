"""Any input gives a clean result or a clear error, and every incident validates against the schema."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from estimative.extract import extract, read_document
from estimative.extract.document import MAX_CHARS

FRAGMENTS = st.sampled_from([
    "Roughly 18 Katyusha rockets struck Camp Taji", " killing two US personnel", " and a UK soldier.",
    " No group claimed responsibility.", " US officials blamed Kataib Hezbollah.", " on 11 March",
    " 35 km north of Baghdad", " in the early hours of 8 January", " at least a dozen were wounded.",
    " Two car bombs exploded in Kirkuk.", " dozens", " (", ")", ",", " -", "\n\n", " Õ", " 2020-02-30",
    " killed him, his son, and daughter", " 999999999999999999999 people were killed.", "<p>", "&amp;",
])


def check(incidents, validator) -> None:
    for inc in incidents:
        d = inc.to_dict()
        errors = sorted(validator.iter_errors(d), key=str)
        assert not errors, errors[0].message
        for spans in d["evidence"].values():
            for a, b in spans:
                assert 0 <= a <= b


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600))
def test_any_unicode_text_gives_valid_incidents(incident_validator, text):
    check(extract(text), incident_validator)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS, max_size=30).map("".join), st.one_of(st.none(), st.dates()))
def test_report_like_text_gives_valid_incidents(incident_validator, text, published):
    check(extract(text, published=published), incident_validator)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(st.text(max_size=40), lambda inner: st.builds(
    lambda tag, attrs, body: f"<{tag} {attrs}>{body}</{tag}>",
    st.sampled_from(["p", "div", "script", "style", "article", "svg", "iframe", "time", "meta", "b", "!--"]),
    st.text(max_size=30), st.lists(inner, max_size=4).map("".join)), max_leaves=30))
def test_hostile_html_gives_a_document_and_valid_incidents(incident_validator, html):
    doc = read_document("<html><body>" + html)
    check(extract(doc.text, published=doc.published), incident_validator)


def test_empty_text_gives_no_incident():
    assert extract("") == []


def test_a_megabyte_of_text_is_handled(incident_validator):
    paragraph = ("A car bomb exploded in Kirkuk on Monday, killing four people and wounding twelve. "
                 "Police blamed the Islamic State. ")
    text = paragraph * (1_000_000 // len(paragraph) + 1)
    incidents = extract(text[:1_000_000], published=date(2016, 5, 3))
    assert incidents
    check(incidents[:50], incident_validator)


def test_too_long_or_not_text_is_a_clear_error():
    with pytest.raises(ValueError, match="limit"):
        extract("x" * (MAX_CHARS + 1))
    with pytest.raises(ValueError, match="string"):
        extract(b"bytes are not text")  # type: ignore[arg-type]
