"""`rightscreen screen --engine spark` through the command line: the local envelope's hits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from typer.testing import CliRunner

from rightscreen.cli import app

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_the_spark_engine_gives_the_local_engines_hits(spark: SparkSession,
                                                       tmp_path: Path) -> None:
    runner = CliRunner()
    local, remote = tmp_path / "local.json", tmp_path / "spark.json"
    vendors = str(EXAMPLES / "vendors.csv")
    assert runner.invoke(app, ["screen", vendors, "-o", str(local)]).exit_code == 0
    result = runner.invoke(app, ["screen", vendors, "--engine", "spark", "--spark-master",
                                 "local[2]", "-o", str(remote)])
    assert result.exit_code == 0, result.output
    ours, theirs = (json.loads(p.read_text("utf-8")) for p in (local, remote))
    assert [(r["row"], [h["entity_id"] for h in r["hits"]]) for r in ours["results"]] == \
        [(r["row"], [h["entity_id"] for h in r["hits"]]) for r in theirs["results"]]
    refused = runner.invoke(app, ["screen", vendors, "--engine", "spark", "-o",
                                  str(tmp_path / "x.csv")])
    assert refused.exit_code != 0
