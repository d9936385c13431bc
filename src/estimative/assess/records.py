"""The Assessment record: one report assessed, as the steps fill it and the brief reads it.

Its JSON (`to_dict`) is ../shared/specs/assessment.schema.json plus extra fields the brief uses
(`headline`, `related_events`, `timeline`, `sources`, `method`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class AssessmentError(Exception):
    """Nothing could be assessed: empty, unreadable or non-English input. The message says why."""


@dataclass
class Assessment:
    report: dict[str, Any]
    incidents: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    judgments: list[dict[str, Any]] = field(default_factory=list)
    forecasts: list[dict[str, Any]] = field(default_factory=list)
    headline: str = ""
    references: list[dict[str, Any]] = field(default_factory=list)
    related_events: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    outlook_drivers: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    method: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "report": self.report, "headline": self.headline, "incidents": self.incidents, "links": self.links,
            "judgments": self.judgments, "forecasts": self.forecasts, "references": self.references,
            "related_events": self.related_events, "timeline": self.timeline,
            "outlook_drivers": self.outlook_drivers, "sources": self.sources, "method": self.method,
        }
