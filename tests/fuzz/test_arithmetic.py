"""The arithmetic inside is safe for any input that passes the checks at the edge (issue #22)."""
from __future__ import annotations

import math

from fuzzing import examples
from hypothesis import given
from hypothesis import strategies as st

from estimative.analysis.linking import _sigmoid


def test_sigmoid_of_incidents_decades_apart_does_not_overflow() -> None:
    # a retaliation score falls with the days between the incidents: 13+ years gave z below -709
    assert _sigmoid(-1000.0) == 0.0 and _sigmoid(1000.0) == 1.0
    assert math.isclose(_sigmoid(0.0), 0.5)


@given(st.floats(allow_nan=False, allow_infinity=True))
def test_sigmoid_is_a_probability_for_any_score(z: float) -> None:
    p = _sigmoid(z)
    assert 0.0 <= p <= 1.0
    assert math.isclose(p + _sigmoid(-z), 1.0)


def test_the_series_search_is_bounded_whatever_the_dates(monkeypatch) -> None:
    """A stored 9999-12-31 once asked bayesian_blocks for 416,012 weekly bins (a quadratic hang)."""
    from datetime import date

    import numpy as np

    from estimative.analysis import series

    sizes: list[int] = []
    real = series.bayesian_blocks

    def bounded(counts: np.ndarray, p0: float = series.P0) -> np.ndarray:
        sizes.append(len(counts))
        assert len(counts) <= series.MAX_BINS, f"{len(counts):,} bins"  # fail fast rather than hang
        return real(counts, p0)

    monkeypatch.setattr(series, "bayesian_blocks", bounded)
    days = np.array([date(1, 1, 1).toordinal(), date(2006, 5, 1).toordinal(), date(9999, 12, 31).toordinal()])
    start, blocks = series.run_start(days, int(days.max()))
    assert sizes and max(sizes) <= series.MAX_BINS
    assert blocks[0][0] == days.min() and blocks[-1][1] == days.max() and start <= days.max()


@examples(20)  # each search over MAX_BINS bins takes a tenth of a second
@given(st.lists(st.integers(0, 3_000_000), min_size=1, max_size=30), st.integers(0, 3_000_000))
def test_series_runs_for_any_days(days: list[int], end: int) -> None:
    import numpy as np

    from estimative.analysis.series import run_start

    start, blocks = run_start(np.array(days), end)
    kept = [d for d in days if d <= end]
    if kept:
        assert min(kept) <= start <= end and blocks
    else:
        assert (start, blocks) == (end, [])
