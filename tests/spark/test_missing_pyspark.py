"""Without pyspark, the Spark engine says what to install: a real interpreter in which the
import of pyspark fails, as it does where the extra is not installed."""

from __future__ import annotations

import subprocess
import sys

# An import hook that refuses pyspark, installed before rightscreen is imported.
PROGRAM = """
import sys
class Absent:
    def find_spec(self, name, path=None, target=None):
        if name == "pyspark" or name.startswith("pyspark."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Absent())
from pathlib import Path
from rightscreen.errors import RightscreenError
from rightscreen.spark import screen_dataframe, screen_file_spark
for call in (lambda: screen_dataframe(None), lambda: screen_file_spark(Path("a.csv"),
                                                                       Path("b.json"))):
    try:
        call()
    except RightscreenError as exc:
        print(exc)
"""


def test_a_clear_message_when_pyspark_is_missing() -> None:
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True,
                          timeout=120, check=True)
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert all("pip install 'rightscreen[spark]'" in line for line in lines)

