"""The fuzz suite: Hypothesis over the CSV adapters, extraction and the assessment API.

`make test` runs about 10^4 examples in all; `make fuzz` sets ESTIMATIVE_FUZZ_SCALE=10 for
about 10^5. Each test's share is `examples(n)`; no deadline (timing belongs in benchmarks/)."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SCALE = max(1, int(os.environ.get("ESTIMATIVE_FUZZ_SCALE", "1")))


def examples(n: int) -> settings:
    return settings(max_examples=n * SCALE, deadline=None, derandomize=SCALE == 1,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])
