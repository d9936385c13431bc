"""`estimative extract`: one report to JSON, a JSONL batch to JSONL, clear errors."""
from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from estimative.cli import app
from estimative.extract import run_extract_cli

TEXT = "Gunmen killed two policemen in Kirkuk on Monday. No group claimed responsibility."


def test_jsonl_batch_gives_one_line_per_report_in_order(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "r1", "text": TEXT, "published": "2020-03-12"}) + "\n"
                   + json.dumps({"id": "r2", "text": "The talks resumed in Geneva.", "published": None}) + "\n",
                   encoding="utf-8")
    out = io.StringIO()
    run_extract_cli(None, src, "jsonl", None, out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x["id"] for x in lines] == ["r1", "r2"]
    assert lines[0]["incidents"][0]["fatalities"]["best"] == 2 and lines[1]["incidents"] == []
    assert lines[0]["incidents"][0]["date"] == "2020-03-09"


def test_single_file_to_json_has_title_date_and_incidents(tmp_path):
    path = tmp_path / "r.html"
    path.write_text("<html><head><title>Kirkuk attack</title></head><body><p>" + TEXT + "</p></body></html>",
                    encoding="utf-8")
    out = io.StringIO()
    run_extract_cli(path, None, "json", "2020-03-12", out)
    data = json.loads(out.getvalue())
    assert data["title"] == "Kirkuk attack" and data["published"] == "2020-03-12"
    assert data["incidents"][0]["claim"]["status"] == "unclaimed"
    a, b = data["incidents"][0]["evidence"]["fatalities"][0]
    assert "killed two policemen" in data["text"][a - 7:b]


def test_bad_jsonl_line_is_a_clear_error_naming_the_line(tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": 1, "text": "ok"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2: not JSON"):
        run_extract_cli(None, src, "jsonl", None, io.StringIO())


def test_cli_reports_errors_without_a_traceback(tmp_path):
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1 and "no such file" in result.output and "Traceback" not in result.output
