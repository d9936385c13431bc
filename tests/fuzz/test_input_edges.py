"""One limit per report input, checked before any work, and text normalised at the edge (#22)."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from estimative.assess import AssessmentError, assess, read_input
from estimative.cli import app
from estimative.extract import extract, read_document
from estimative.extract.text import MAX_REPORT_CHARS

SENTENCE = "A car bomb killed four people near a market in Baghdad, Iraq on 2 March 2006. "


def _big(tmp_path: Path) -> Path:
    path = tmp_path / "big.txt"
    path.write_text(SENTENCE * (1_047_818 // len(SENTENCE) + 1), encoding="utf-8")
    assert path.stat().st_size > MAX_REPORT_CHARS
    return path


def test_extract_on_a_text_over_the_limit_says_so_without_spacy_e088(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(_big(tmp_path))])
    assert result.exit_code != 0
    assert "E088" not in result.output and "Traceback" not in result.output
    assert f"the limit for one report is {MAX_REPORT_CHARS:,}" in result.output


def test_assess_refuses_an_oversized_report_before_reading_it(tmp_path: Path, monkeypatch) -> None:
    path = _big(tmp_path)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(AssessmentError, match="the limit for one report is 1,000,000"):
        read_input(str(path))


def test_the_tokenizer_takes_every_text_the_limit_lets_in() -> None:
    from estimative.extract.text import nlp

    assert nlp().max_length >= MAX_REPORT_CHARS
    text = "x" * (MAX_REPORT_CHARS + 1)
    for call in (read_document, extract):
        with pytest.raises(ValueError, match="limit") as info:
            call(text)
        assert "E088" not in str(info.value)


def test_zero_width_characters_inside_a_word_do_not_change_the_reading() -> None:
    plain = read_document(SENTENCE.encode())
    hidden = read_document(SENTENCE.replace("Baghdad", "Bagh\u200bdad").replace("market", "mar\u00adket").encode())
    assert hidden.text == plain.text
    a, b = extract(plain.text), extract(hidden.text)
    assert [i.location.name for i in b] == [i.location.name for i in a] == ["Baghdad"]


def test_a_combining_accent_reads_as_the_letter() -> None:
    assert read_document("Bogota\u0301, Colombia".encode()).text == "Bogotá, Colombia"


def test_an_as_of_out_of_range_is_refused_before_any_work(monkeypatch) -> None:
    import estimative.extract as extract_pkg

    monkeypatch.setattr(extract_pkg, "read_document", lambda *a, **k: pytest.fail("work began"))
    with pytest.raises(AssessmentError, match="as_of 0001-01-01 is out of range"):
        assess(SENTENCE, as_of="0001-01-01", store=object())
