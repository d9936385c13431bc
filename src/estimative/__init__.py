"""estimative: incident reports in, sourced and calibrated intelligence assessments out.

`estimative.assess(text, as_of=None, store=None)` assesses a report as of a point in time: the
`estimative.assess` package, which is callable (see `estimative.assess.api.assess`). It is
imported on first use, so `import estimative` stays light.
"""
from __future__ import annotations

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    if name == "assess":
        import importlib

        return importlib.import_module("estimative.assess")
    raise AttributeError(f"module 'estimative' has no attribute {name!r}")
