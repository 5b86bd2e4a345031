"""A real local Spark for the Spark engine's tests: local[2], two shuffle partitions, no UI.
They skip, saying why, only when pyspark (with pandas and pyarrow) or Java is missing."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def spark_missing() -> str | None:
    """Why Spark cannot run here, or None when it can."""
    for module in ("pyspark", "pandas", "pyarrow"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install 'rightscreen[spark]')"
    java = (os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME")
            else shutil.which("java"))
    if java is None:
        return "Java is not installed (Spark needs a JRE 17, e.g. openjdk-17-jre-headless)"
    if subprocess.run([java, "-version"], capture_output=True).returncode != 0:
        return f"{java} -version fails"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    reason = spark_missing()
    if reason is not None:
        pytest.skip(reason)
    from pyspark.sql import SparkSession

    # Local Python workers run PYSPARK_PYTHON (else the `python3` on the PATH): this one has
    # rightscreen installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("rightscreen-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.default.parallelism", "2")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
