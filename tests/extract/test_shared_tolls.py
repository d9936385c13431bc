"""A toll the text says is shared among several coded events or attacks gives the incident its share (issue
#15): ACLED notes before 2019 that say "N fatalities coded over K events", and GTD January 2021 summaries
that count "across both attacks", read from ../shared/data at test time (the tuning splits)."""
from __future__ import annotations

import re

from estimative.eval.acled import load_acled
from estimative.eval.coded import field_accuracy
from estimative.eval.gtd import load_gtd
from estimative.extract.casualties import _share

_SPREAD = re.compile(r"(?:spread|split|coded|distributed|divided)\s+(?:over|across|between|among)\s+(?:the\s+)?"
                     r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:\w+\s+)?events", re.I)
_ACROSS = re.compile(r"\bacross (?:both|the) attacks\b")



def test_a_half_is_rounded_down():
    assert [_share(18, 2), _share(7, 2), _share(14, 8), _share(11, 4), _share(12, 12)] == [9, 3, 2, 3, 1]


def test_acled_tolls_spread_over_coded_events(data_dir):
    rows = [r for r in load_acled(data_dir, "tune") if _SPREAD.search(r.text) and r.fatalities is not None]
    assert len(rows) >= 40
    assert field_accuracy(rows, "fatalities") >= 0.5  # none was right when the whole toll was given to each event


def test_gtd_counts_told_across_attacks(data_dir):
    rows = [r for r in load_gtd(data_dir, "tune") if _ACROSS.search(r.text) and r.fatalities is not None]
    assert len(rows) >= 10
    assert field_accuracy(rows, "fatalities") >= 0.55
