"""Moved to `estimative.assess` (#18); this name stays until watch/ imports from there."""
from estimative.assess import *  # noqa: F403  (the same public names: Assessment, assess, report_events, ...)
