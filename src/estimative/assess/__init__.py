"""One report in, one assessment out: `api` (assess and its input checks), `steps` (one function per
row of docs/assessment.md's table), `wording` (every English sentence), `models` (the attribution
model's life across calls), `records` (the Assessment).

`estimative.assess(text, as_of=..., store=...)` is the package's documented entry point (README),
and this package has the same name, so the package itself is callable: calling it is `api.assess`.
"""
from __future__ import annotations

import sys
import types
from typing import Any

from estimative.assess.api import (
    Assessment,
    AssessmentError,
    assess,
    assess_file,
    read_input,
    report_events,
    report_id_for,
    text_of_bytes,
)

__all__ = ["Assessment", "AssessmentError", "assess", "assess_file", "read_input", "report_events",
           "report_id_for", "text_of_bytes"]


class _CallablePackage(types.ModuleType):
    """`estimative.assess(...)` assesses, as it did when it was a function of `estimative`."""

    def __call__(self, text: str, as_of: Any = None, store: Any = None, source: str | None = None) -> Assessment:
        return assess(text, as_of=as_of, store=store, source=source)


sys.modules[__name__].__class__ = _CallablePackage
