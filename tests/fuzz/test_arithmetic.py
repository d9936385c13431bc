"""The arithmetic inside is safe for any input that passes the checks at the edge (issue #22)."""
from __future__ import annotations

import math

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
