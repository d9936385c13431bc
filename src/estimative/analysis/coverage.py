"""An incident's basis: how much the store knew, at the assessment's as-of time, about the area and
window its judgments read — and so whether they may be made at all.

* `none`: no stored event in the area in the window (or the incident could not be placed): no
  forecast states a probability, no series or significance claim is made, and no escalation
  level is drawn from history (red lines still speak);
* `thin`: fewer than THIN_BELOW events: the judgments drawn from history carry low confidence,
  and the forecasts' bands are wide (`probability_band`);
* `adequate` otherwise.

The window is the forecasts' history window (a year to the as-of day); the area is the
incident's country, or its country and neighbours when its series is a regional one. Counts are
read through the store's as-of view, so an old report is judged on what was known on its day;
the incident's own stored copy is not history for itself.

THIN_BELOW comes from the forecast backtests (`estimative eval forecast --dataset sigacts|ucdp
--format json`, `by_history`; docs/assessment.md, "Coverage"): 12 is the first bin of history
(events of the thread in its year) in which the Hawkes forecast beats the trailing-rate baseline
on both datasets' tuning origins (Brier skill 0.09 and 0.12; held out 0.07 and 0.20). Below it
the skill is at best marginal and often negative (1 to 11 events: SIGACTS -0.24 to 0.06, UCDP
-0.03 to 0.03, tuning and held-out origins alike).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from estimative.analysis.forecast import WINDOW_DAYS
from estimative.analysis.threads import as_of_day
from estimative.model import Event
from estimative.store import EventFilter, Store

THIN_BELOW = 12
BAND_LEVEL = 0.8  # the forecast band: the central 80% of the rate the history supports
Status = Literal["none", "thin", "adequate"]


@dataclass(slots=True)
class Coverage:
    """What the store held for an incident's area and window, known at the as-of time."""

    status: Status
    events: int
    country: str | None
    area: list[str]
    since: date
    until: date
    sources: dict[str, int] = field(default_factory=dict)
    latest_before: date | None = None  # the area's latest event before the window, if any
    window_days: int = WINDOW_DAYS

    @property
    def abstains(self) -> bool:
        return self.status == "none"

    def to_dict(self, note: str) -> dict[str, Any]:
        """The incident's `coverage` field (docs/assessment.md)."""
        return {"status": self.status, "events": self.events, "window_days": self.window_days,
                "country": self.country, "sources": sorted(self.sources), "note": note,
                "area": list(self.area), "since": self.since.isoformat(), "until": self.until.isoformat(),
                "events_by_source": dict(sorted(self.sources.items())),
                "latest_before": self.latest_before.isoformat() if self.latest_before else None,
                "thin_below": THIN_BELOW}


def status_of(events: int) -> Status:
    return "none" if events <= 0 else "thin" if events < THIN_BELOW else "adequate"


def incident_coverage(event: Event, store: Store, as_of: Any, area: list[str] | None = None,
                      itself: Event | None = None) -> Coverage:
    """The coverage of `event`'s area (default: its country) in the year to `as_of`'s day, as
    known then; `itself` is the incident's stored copy, which is not counted."""
    until = as_of_day(as_of)
    since = until - timedelta(days=WINDOW_DAYS - 1)
    place = list(area or ([event.country] if event.country else []))
    if not place:
        return Coverage("none", 0, None, [], since, until)
    flt = EventFilter(country=place, since=since, until=until)
    sources = {src: int(n) for src, n in store.facet("source", as_of, flt)}
    if itself is not None and itself.country in place and since <= itself.date_start <= until \
            and sources.get(itself.source):
        sources[itself.source] -= 1
    sources = {s: n for s, n in sources.items() if n > 0}
    total = sum(sources.values())
    latest = None
    if total == 0:
        latest = store.date_range(as_of, EventFilter(country=place, until=since - timedelta(days=1)))[1]
    return Coverage(status_of(total), total, event.country, place, since, until, sources, latest)


def probability_band(p: float, history_events: int, level: float = BAND_LEVEL) -> tuple[float, float] | None:
    """The range of a forecast probability that the history's size supports: the forecast's
    expected number of events (Λ, with p = 1 - exp(-Λ)) scaled by the central `level` interval of
    a Poisson rate seen `history_events` times (Gamma(n + ½), Jeffreys), relative to n. Narrow on a
    long history, wide on a thin one; None with no history."""
    from scipy.stats import gamma

    if history_events <= 0 or not 0.0 <= p < 1.0:
        return None
    n = history_events
    tail = (1.0 - level) / 2
    low, high = gamma.ppf(tail, n + 0.5) / n, gamma.ppf(1.0 - tail, n + 0.5) / n
    lam = -math.log1p(-p)
    return round(-math.expm1(-lam * low), 4), round(-math.expm1(-lam * high), 4)
