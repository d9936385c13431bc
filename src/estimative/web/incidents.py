"""The analysis shown on a stored incident's page.

A stored event has facts but no assessment of its own. Two cases:
- it came from a report saved in the workbench: the page shows that report's stored assessment,
  exactly as it was made when the report was saved;
- otherwise (curated record, datasets): the page assesses a short report written from the
  record itself — a dateline and the record's notes, or one sentence built from its fields when
  it has no notes — as of the moment the store knew the record (`known_from`), through the same
  `assess` every report goes through. The facts table always shows the record, not the re-read.

Assessments are cached per (event, as-of, store generation): a write invalidates them. They run
on one background thread, so a slow one never holds a request longer than it chooses to wait.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date, datetime, time
from time import monotonic
from typing import Any

from estimative.assess.wording import long_date
from estimative.geo import country_name
from estimative.model import Event
from estimative.web.reports import ReportInputError, assess_text, report_of_event, stored_assessment

_CACHE_SIZE = 256
BUDGET_SECONDS = 120.0  # an analysis still running after this no longer holds up the pages behind it
MAX_OVERRUNS = 2  # analyses past their budget that may go on in the background; beyond, the next waits
log = logging.getLogger("estimative.web")


def _count_phrase(n: int | None, what: str) -> str | None:
    if n is None:
        return None
    return f"{n} {what}"


def event_report_text(e: Event) -> str:
    """A report about a stored event, in the words the record holds (nothing added)."""
    country = country_name(e.country) if e.country else None
    place = ", ".join(p for p in (e.location, e.admin1 if e.admin1 != e.location else None, country) if p)
    day = long_date(e.date_start)
    lines = [f"{place or 'Unknown place'}, {day}."]
    if e.notes and e.notes.strip():
        lines.append(e.notes.strip())
    else:
        what = (e.sub_event_type or e.event_type or "An incident").rstrip(".")
        weapons = ", ".join(w.name or w.cls.replace("_", " ") for w in e.weapons if w.cls != "unknown")
        sentence = f"{what}{' with ' + weapons if weapons else ''} in {e.location or place or 'an unknown place'}"
        sentence += f" on {day}"
        if e.target_type:
            sentence += f" targeting {e.target_type}"
        lines.append(sentence + ".")
        casualties = [c for c in (_count_phrase(e.fatalities.best, "people were killed"),
                                  _count_phrase(e.injuries.best, "were wounded")) if c]
        if casualties:
            lines.append(" and ".join(casualties).capitalize() + ".")
    if e.claim_status == "claimed" and e.claimant is not None:
        lines.append(f"{e.claimant.name} claimed responsibility.")
    elif e.perpetrators and e.perpetrators[0].name:
        lines.append(f"The attack was attributed to {e.perpetrators[0].name}.")
    return "\n\n".join(lines) + "\n"


class IncidentAnalyses:
    """The assessment behind each incident page, computed once per store generation.

    An assessment can take long the first time (a model is fitted for the incident's date), so
    it runs on a background thread: a request waits for it a while, and a page that could not
    wait shows the facts and reloads itself until the analysis is there.
    """

    def __init__(self) -> None:
        self._cache: OrderedDict[tuple[str, str, int], dict[str, Any]] = OrderedDict()
        self._running: dict[tuple[str, str, int], tuple[Future[dict[str, Any]], float]] = {}
        self._lock = threading.Lock()
        self._one_at_a_time = threading.Semaphore(1)
        self._overruns = threading.BoundedSemaphore(MAX_OVERRUNS)
        self.budget = BUDGET_SECONDS

    def for_event(self, store: Any, e: Event, generation: int, as_of: date | None = None,
                  wait: float = 15.0) -> dict[str, Any]:
        """{"assessment", "incident" (the one about this event), "basis", "error"}, or
        {"pending": seconds since it started} when it is not ready within `wait` seconds."""
        origin = report_of_event(e.source, e.source_id)
        if origin is not None:
            report = store.report(origin[0])
            if report is not None:
                a = stored_assessment(report)
                incs = a.get("incidents", [])
                inc = incs[origin[1]] if origin[1] < len(incs) else (incs[0] if incs else None)
                return {"assessment": a, "incident": inc, "report_id": origin[0], "error": None,
                        "basis": f"the assessment made when report {origin[0]} was saved"}
        at = datetime.combine(as_of, time(23, 59, 59)) if as_of else (e.known_from or datetime.now())
        key = (e.id, at.isoformat(), generation)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            if key not in self._running:
                self._running[key] = (self._start(store, e, at, key), monotonic())
            future, started = self._running[key]
        try:
            return future.result(timeout=wait)
        except FutureTimeout:
            return {"pending": round(monotonic() - started)}

    def _start(self, store: Any, e: Event, at: datetime, key: tuple[str, str, int]) -> Future[dict[str, Any]]:
        """Run the assessment on a daemon thread (one at a time): stopping the server never
        waits for an analysis nobody will read."""
        future: Future[dict[str, Any]] = Future()

        def work() -> None:
            try:
                result = self._assess(store, e, at, key)
                if not future.done():
                    future.set_result(result)
            except BaseException as exc:  # handed to whoever waits
                if not future.done():
                    future.set_exception(exc)

        def run() -> None:
            with self._one_at_a_time:
                worker = threading.Thread(target=work, name="estimative-analysis-work", daemon=True)
                worker.start()
                worker.join(self.budget)
                if worker.is_alive() and self._overruns.acquire(blocking=False):
                    # past its budget: the page says so, and the next analysis starts; the work
                    # goes on in the background (a thread cannot be stopped) and its result is kept
                    future.set_result(self._over_budget(e, at))
                    threading.Thread(target=self._release_after, args=(worker,), daemon=True).start()
                    return
                worker.join()

        threading.Thread(target=run, name="estimative-analysis", daemon=True).start()
        return future

    def _release_after(self, worker: threading.Thread) -> None:
        worker.join()
        self._overruns.release()

    def _over_budget(self, e: Event, at: datetime) -> dict[str, Any]:
        return {"assessment": {}, "incident": None, "report_id": None, "text": event_report_text(e),
                "error": f"the analysis ran past its time budget of {self.budget:.0f} seconds; it goes on in the "
                         "background and this page shows it once it is done (reload later)",
                "basis": f"an assessment of the stored record as known on {long_date(at.date())}"}

    def _assess(self, store: Any, e: Event, at: datetime, key: tuple[str, str, int]) -> dict[str, Any]:
        text = event_report_text(e)
        cacheable = True
        try:
            a = assess_text(store, text, at.isoformat(), source=f"stored record {e.id}")
            error = None
        except ReportInputError as exc:
            a, error = {}, str(exc)
        except Exception:  # a failing analysis must not hide the stored facts; the log has the trace
            log.exception("assessing stored event %s failed", e.id)
            a, error, cacheable = {}, "the analysis failed (the server log has the details)", False
        incs = a.get("incidents", [])
        inc = next((i for i in incs if i.get("matched_event") == e.id), incs[0] if incs else None)
        result = {"assessment": a, "incident": inc, "report_id": None, "error": error, "text": text,
                  "basis": f"an assessment of the stored record as known on {long_date(at.date())}"}
        with self._lock:
            self._running.pop(key, None)
            if cacheable:
                self._cache[key] = result
                while len(self._cache) > _CACHE_SIZE:
                    self._cache.popitem(last=False)
        return result
