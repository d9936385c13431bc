"""The Spark session estimative runs on, and the message a user gets when Spark cannot start."""
from __future__ import annotations

import os
import shutil
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"


class SparkUnavailable(RuntimeError):
    """pyspark or Java is missing: the message says how to install them."""


def spark_session(master: str | None = None, app_name: str = "estimative") -> SparkSession:
    """A session on `master` (default `local[*]`; `spark://host:7077`, `yarn`, `k8s://...` on a
    cluster), or the one already active (under `spark-submit`, which sets the master itself).

    Times are read in UTC, as the store writes them (naive timestamps), and the web UI is off:
    the process opens no port beyond Spark's own block manager. On a local master the Python
    workers run this interpreter (on a cluster, PYSPARK_PYTHON names theirs)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("the Spark engine needs pyspark: pip install 'estimative[spark]' "
                               "(and a Java 17 runtime)") from None
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    if shutil.which("java") is None and not _java_home():
        raise SparkUnavailable("the Spark engine needs a Java runtime (17 or later) on PATH or in JAVA_HOME: "
                               "on Debian, apt-get install default-jre-headless")
    builder = SparkSession.builder.appName(app_name).master(master or DEFAULT_MASTER)
    for key, value in (("spark.sql.session.timeZone", "UTC"), ("spark.ui.enabled", "false"),
                       ("spark.ui.showConsoleProgress", "false"), ("spark.sql.shuffle.partitions", "8"),
                       ("spark.python.worker.reuse", "true")):
        builder = builder.config(key, value)
    if (master or DEFAULT_MASTER).startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        os.environ["PYSPARK_PYTHON"] = sys.executable  # pyspark reads it when the context starts
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _java_home() -> bool:
    home = os.environ.get("JAVA_HOME")
    return home is not None and home != "" and os.path.exists(os.path.join(home, "bin", "java"))
