"""What `assess` prints: JSON valid against the shared schema, Markdown, HTML with its inline SVG
map and timeline (and the report's own text escaped), and a PDF that renders to pages."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from assessment_cases import REPORTS
from assessment_cases import schema_errors as _errors
from jsonschema import Draft202012Validator

from estimative.brief import render
from estimative.store import Store

WEATHER = """Weather outlook for Baghdad
Published 12 March 2020

Temperatures in Baghdad will rise to 27 degrees on Thursday under clear skies, with a light
northwesterly wind. Light rain is expected over the northern provinces, including Nineveh and
Kirkuk, on Saturday, and dust storms may reduce visibility in Anbar early next week.
"""


@pytest.mark.parametrize("name", list(REPORTS))
def test_json_is_valid_against_the_schema(assessed: dict[str, Any], validator: Draft202012Validator,
                                          name: str) -> None:
    doc = json.loads(render(assessed[name], "json"))
    assert _errors(validator, doc) == []
    assert doc["incidents"] and doc["judgments"] and doc["forecasts"]
    kinds = {j["kind"] for j in doc["judgments"]}
    assert {"attribution", "significance", "escalation", "outlook"} <= kinds


def test_a_report_without_incident_is_a_valid_empty_assessment(store: Store, validator: Draft202012Validator) -> None:
    from estimative.assess import assess

    doc = json.loads(render(assess(WEATHER, store=store), "json"))
    assert _errors(validator, doc) == []
    assert doc["incidents"] == [] and doc["judgments"] == [] and doc["links"] == []
    assert doc["report"]["as_of"] == "2020-03-12T23:59:59"
    md = render(doc, "md")
    assert "no incident" in md


def test_cli_json_is_valid(store_path: Path, validator: Draft202012Validator, tmp_path: Path) -> None:
    """`estimative assess FILE --format json --output F` in-process (the store's model cache is warm)."""
    from assessment_cases import example_path  # noqa: I001
    from typer.testing import CliRunner

    from estimative.cli import app

    out = tmp_path / "brief.json"
    result = CliRunner().invoke(app, ["assess", str(example_path("tower22_2024-01-29.txt")), "--db", str(store_path),
                                      "--format", "json", "--output", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert _errors(validator, doc) == [] and doc["incidents"][0]["location"]["country"] == "JOR"


def test_markdown_leads_with_key_judgments(assessed: dict[str, Any]) -> None:
    md = render(assessed["taji_2020-03-12.txt"], "md")
    assert md.startswith("# ")
    assert md.index("## Key judgments") < md.index("## The facts") < md.index("## Outlook")
    assert re.search(r"We assess it is (likely|very likely|almost certain) that", md)
    assert ".;" not in md and "..\n" not in md


def test_markdown_gives_each_background_reference_its_own_line(assessed: dict[str, Any]) -> None:
    a = assessed["taji_2020-03-12.txt"]
    assert len(a["references"]) >= 2
    md = render(a, "md")
    section = md.split("## Background mentioned in the report", 1)[1].split("\n## ", 1)[0]
    items = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(items) == len(a["references"]), section


def test_html_carries_the_map_and_timeline_inline(assessed: dict[str, Any]) -> None:
    html = render(assessed["k1_2019-12-30.txt"], "html")
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(svgs) == 2, "an inline SVG map and an inline SVG timeline"
    assert "<path" in svgs[0] and "K-1" in svgs[0]  # country outlines, and the incident marked
    assert "<rect" in svgs[1]
    assert "<script" not in html and "http://" not in html.split("<body>")[0]  # self-contained, inline CSS


def test_html_escapes_the_report_text(store: Store) -> None:
    from assessment_cases import example_path  # noqa: I001

    from estimative.assess import assess

    text = example_path("erbil_2021-02-16.txt").read_text(encoding="utf-8")
    hostile = text.replace("Rocket attack on Erbil airport", "Rocket attack on Erbil airport <script>alert(1)</script>")
    html = render(assess(hostile, store=store), "html")
    assert "<script" not in html
    assert "&lt;script&gt;" in html


@pytest.fixture(scope="module")
def pdf_file(assessed: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    body = render(assessed["k1_2019-12-30.txt"], "pdf")
    assert isinstance(body, bytes) and body.startswith(b"%PDF-")
    path.write_bytes(body)
    return path


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    assert found, f"{tool} (poppler-utils) is needed: make system-deps installs it"
    return found


def test_pdf_renders_to_pages(pdf_file: Path, tmp_path: Path) -> None:
    info = subprocess.run([_poppler("pdfinfo"), str(pdf_file)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))
    assert pages >= 2
    subprocess.run([_poppler("pdftoppm"), "-png", "-r", "30", "-f", "1", "-l", "1", str(pdf_file),
                    str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 2000


def test_pdf_holds_the_map_and_the_timeline(pdf_file: Path) -> None:
    """The SVG text of both figures is in the PDF: the map legend and the timeline's axis note."""
    text = subprocess.run([_poppler("pdftotext"), "-layout", str(pdf_file), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "This report" in text and "Linked event" in text  # the map legend
    assert "bar height: severity" in text  # the timeline
    assert "Key judgments" in text


def test_the_facts_say_a_toll_and_its_target_as_a_reader_would(assessed: dict[str, Any]) -> None:
    """Camp Taji: 'three coalition personnel' holds 'two US personnel and a UK soldier' (said once,
    with its parts, not as 3 + 2 + 1), and the base is the place, so the target is said by kind."""
    md = render(assessed["taji_2020-03-12.txt"], "md")
    assert "| Killed | 3: 3 coalition personnel (2 US personnel, 1 UK soldier) |" in md
    assert "at Camp Taji targeting military forces of USA, GBR" in md
    assert "targeting Camp Taji" not in md
