"""One Spark session (local[2]) for every Spark test, so the JVM starts once.

Where pyspark or Java is missing the tests are skipped on a developer's machine, and fail in CI
(`make test` installs both there: a skip would hide that the engine was not tested)."""
from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest


def _missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (make test installs estimative[spark])"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (scripts/system-deps.sh installs one)"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the Spark tests must run in CI: {missing}")
        pytest.skip(missing)
    from estimative.spark.session import spark_session

    session = spark_session("local[2]", "estimative-tests")
    yield session
    session.stop()
