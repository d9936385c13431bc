"""estimative: incident reports in, sourced and calibrated intelligence assessments out."""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def assess(text: str, as_of: Any = None, store: Any = None) -> Any:
    """Assess a report as of a point in time (see `estimative.assessment.assess`)."""
    from estimative.assessment import assess as _assess

    return _assess(text, as_of=as_of, store=store)
