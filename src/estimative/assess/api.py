"""`assess(text, as_of, store)`: one report in, one Assessment out, and the checks on its input.

extract -> the steps of `assess.steps` (match, context, attribution, links, forecasts, judgments).
Point in time: every read of the store goes through its as-of view at `as_of`, so an old report
is assessed exactly as it could have been on its day. Report bytes (a file, stdin, an upload) are
read here once: `text_of_bytes` checks the size (the one limit, `extract.text.MAX_REPORT_CHARS`)
and decodes (the one decoder, `extract.document.decode`: UTF-8, else Windows-1252).
"""
from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import estimative.extract as extraction
from estimative.assess.records import Assessment, AssessmentError, Report
from estimative.assess.steps import run_steps
from estimative.extract.document import Document, decode
from estimative.extract.incident import Incident
from estimative.extract.text import MAX_REPORT_CHARS, ReportTooLarge, check_report_size
from estimative.geo.event_places import use_store_places
from estimative.model import Event
from estimative.store import Store
from estimative.store.seed import open_store

__all__ = ["EARLIEST_AS_OF", "MAX_REPORT_BYTES", "Assessment", "AssessmentError", "assess", "assess_file",
           "Reading", "read_input", "read_report", "report_events", "report_id_for", "text_of_bytes"]

MAX_REPORT_BYTES = MAX_REPORT_CHARS  # a file or body over this many bytes is refused before it is read
EARLIEST_AS_OF = date(1900, 1, 1)  # the store holds no event before this (see sources.base.EARLIEST_DATE)
AsOf = datetime | date | str | None
_ENGLISH_WORDS = frozenset(
    "the of and to in a on at was were is are by for with from that this it as has have had been "
    "killed attack attacks said people forces police army rocket rockets bomb near city".split())


# ------------------------------------------------------------------------------------------ input
def check_text(text: str, english: bool = True) -> None:
    """Refuse an empty or oversized report; with `english`, one that does not read as English
    (checked on the text read from the document, never on HTML markup: 100 nested <div>s are
    not words)."""
    if not text or not text.strip():
        raise AssessmentError("the report is empty: give the text of a report (plain text or HTML)")
    try:
        check_report_size(len(text), unit="characters")
    except ReportTooLarge as exc:
        raise AssessmentError(str(exc)) from None
    if not english:
        return
    words = re.findall(r"[A-Za-z]+", text.lower())
    letters = sum(ch.isalpha() for ch in text)
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    common = sum(w in _ENGLISH_WORDS for w in words)
    if letters and (latin / letters < 0.6 or (len(words) >= 12 and common / len(words) < 0.06)):
        raise AssessmentError("the report does not look like English text: estimative reads English reports only")


def text_of_bytes(data: bytes, what: str = "the file") -> str:
    """The text of a report's bytes (a file, stdin or an upload): refused when binary or over the
    size limit, else decoded (UTF-8 with or without BOM, else Windows-1252)."""
    if b"\x00" in data[:4096]:
        raise AssessmentError(f"{what} is not a text or HTML file")
    try:
        check_report_size(len(data), what)
    except ReportTooLarge as exc:
        raise AssessmentError(str(exc)) from None
    return decode(data)


def read_input(file: str) -> str:
    """The text of a report file, or of stdin for '-'; unreadable input is a clear error."""
    if file == "-":
        data = sys.stdin.buffer.read(MAX_REPORT_BYTES + 1)
        if len(data) > MAX_REPORT_BYTES:
            raise AssessmentError(f"the report on stdin is larger than {MAX_REPORT_BYTES:,} bytes: "
                                  "split it into separate reports")
    else:
        p = Path(file)
        if not p.exists():
            raise AssessmentError(f"cannot read {file}: no such file")
        if not p.is_file():
            raise AssessmentError(f"cannot read {file}: not a file (give the path of a report)")
        if p.stat().st_size > MAX_REPORT_BYTES:
            raise AssessmentError(f"{file} has {p.stat().st_size:,} bytes; the limit for one report is "
                                  f"{MAX_REPORT_BYTES:,}. Split it into separate reports.")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise AssessmentError(f"cannot read {file}: {exc.strerror}") from exc
    return text_of_bytes(data, file)


def as_of_time(as_of: AsOf, published: str | None) -> datetime:
    """`as_of` given, else the report's date (end of that day), else now. A date before 1900 or
    more than a day in the future is refused with the range."""
    at = _as_of_unchecked(as_of, published)
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    latest = now + timedelta(days=1)
    if datetime.combine(EARLIEST_AS_OF, time()) <= at <= latest:
        return at
    if as_of is None or as_of == "":  # a report's own date out of range is no basis: assess as of now
        return now
    raise AssessmentError(f"as_of {at.date().isoformat()} is out of range: give a date from "
                          f"{EARLIEST_AS_OF.isoformat()} to {latest.date().isoformat()}")


def _as_of_unchecked(as_of: AsOf, published: str | None) -> datetime:
    if isinstance(as_of, datetime):
        return as_of.replace(tzinfo=None)
    if isinstance(as_of, date):
        return datetime.combine(as_of, time(23, 59, 59))
    if isinstance(as_of, str) and as_of.strip():
        try:
            parsed = datetime.fromisoformat(as_of.strip())
        except ValueError as exc:
            raise AssessmentError(f"--as-of {as_of!r} is not an ISO date (YYYY-MM-DD)") from exc
        return parsed if "T" in as_of or " " in as_of.strip() else datetime.combine(parsed.date(), time(23, 59, 59))
    if published:
        try:
            return datetime.combine(date.fromisoformat(published[:10]), time(23, 59, 59))
        except ValueError:
            pass
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _given(as_of: AsOf) -> bool:
    return as_of is not None and not (isinstance(as_of, str) and not as_of.strip())


def _latest_text_date(incidents: list[Incident]) -> str | None:
    """An undated report is assessed as of the latest day it reports (not as of today, which
    would let it see everything stored since)."""
    days = [inc.date for inc in incidents if inc.date_source == "text"]
    today = datetime.now(UTC).date()
    days = [d for d in days if d <= today]
    return max(days).isoformat() if days else None


def assess_file(file: str, as_of: AsOf = None, store: Store | None = None) -> Assessment:
    return assess(read_input(file), as_of=as_of, store=store, source=None if file == "-" else Path(file).name)


# ------------------------------------------------------------------------------------------ assess
@dataclass(frozen=True)
class Reading:
    """What extraction read of a report: its document and incidents. It needs no store, only the
    gazetteer's layer of the store's places (`geo.event_places.use_store_places`), so it can be
    read in another process (the watch does: `watch.pages`) and assessed here."""

    doc: Document
    incidents: list[Incident]
    places: tuple[Any, ...] | None = None  # the `dataset_version` of the store places it was read under


def read_report(text: str, as_of: AsOf = None, places: tuple[Any, ...] | None = None) -> Reading:
    """Check and extract one report (plain text or HTML), as `assess` does before its steps, under
    the store places the gazetteer holds (`places`: their key, `use_store_places`)."""
    check_input(text, as_of)
    doc = extraction.read_document(text.encode("utf-8", "replace"))  # bytes: never taken for a file path; a lone surrogate is no character
    check_text(doc.text)
    # an undated report is read as of the day given: "On 11 March" as of 2020-03-12 is 11 March 2020
    anchor = as_of_time(as_of, None).date() if _given(as_of) else None
    return Reading(doc, extraction.extract(doc.text, published=doc.published, as_of=anchor), places)


def check_input(text: str, as_of: AsOf) -> None:
    """Refuse, before any work, a report that is empty or too large, or an as_of out of range."""
    check_text(text, english=False)
    if as_of not in (None, ""):
        as_of_time(as_of, None)


def assess(text: str, as_of: AsOf = None, store: Store | None = None, source: str | None = None,
           reading: Reading | None = None) -> Assessment:
    """Assess one report (plain text or HTML) as of a point in time. `reading`: the report's
    `read_report(text, as_of)` made already; it is made again here unless it was read under the
    store's places as they are."""
    check_input(text, as_of)  # before the store is read
    if store is None:
        store = open_store()
    places = use_store_places(store)  # the places of the user's own events: villages GeoNames lacks
    if reading is None or reading.places != places:
        reading = read_report(text, as_of, places)
    doc, incidents = reading.doc, reading.incidents
    published = doc.published.isoformat() if doc.published else None
    at = as_of_time(as_of, published or _latest_text_date(incidents))
    a = Assessment(Report(at.isoformat(), doc.title, published, source))
    run_steps(a, doc, incidents, store, at)
    return a


def report_events(assessment: Assessment, report_id: str) -> list[Event]:
    """The report's incidents as canonical Events (source "report", ids `<report id>#<index>`), for
    storing a report."""
    received = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    return [inc.event(f"{report_id}#{i}", received, assessment.report.source)
            for i, inc in enumerate(assessment.incidents)]


def report_id_for(text: str) -> str:
    return "rpt-" + hashlib.sha1(text.encode("utf-8", "ignore")).hexdigest()[:12]
