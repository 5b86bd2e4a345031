"""screen_file_spark: the local engine's envelope, from CSV and from Parquet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rightscreen import Screener
from rightscreen.errors import InputError
from rightscreen.screening.names import screen_file
from rightscreen.snapshot import Snapshot
from rightscreen.spark import screen_file_spark

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# A malformed row (too many fields), an empty name, a name hit by ISIN alone, a Chinese name.
VENDORS = ("vendor_id,Supplier,Country,ISIN\n"
           "V1,Northwind Traders,US,\n"
           "V2,HIKVISION,,\n"
           "V3,Bad,row,with,too,many\n"
           "V4,,CN,\n"
           "V5,Acme,,CNE100000PM8\n"
           "V6,浙江大华技术股份有限公司,CN,\n")


def test_csv_gives_the_local_engines_envelope(spark: SparkSession, tmp_path: Path,
                                              screener: Screener, builtin: Snapshot) -> None:
    path = tmp_path / "vendors.csv"
    path.write_text(VENDORS, "utf-8")
    local = screen_file(path, screener, builtin.infos).to_dict()
    envelope = screen_file_spark(path, tmp_path / "hits.json")
    assert json.loads((tmp_path / "hits.json").read_text("utf-8")) == envelope
    assert envelope == json.loads(json.dumps(local))
    assert envelope["rows_skipped"] == 2 and [p["row"] for p in envelope["problems"]] == [3, 4]


def test_parquet_in_json_and_parquet_out(spark: SparkSession, tmp_path: Path,
                                         screener: Screener, builtin: Snapshot) -> None:
    csv_path = tmp_path / "vendors.csv"
    csv_path.write_text(VENDORS.replace("V3,Bad,row,with,too,many\n", ""), "utf-8")
    local = screen_file(csv_path, screener, builtin.infos).to_dict()
    parquet = tmp_path / "vendors.parquet"
    (spark.read.option("header", True).csv(str(csv_path)).coalesce(1)
     .write.parquet(str(parquet)))
    envelope = screen_file_spark(parquet, tmp_path / "hits.json")
    assert envelope["results"] == json.loads(json.dumps(local["results"]))
    assert envelope["problems"] == [{"file": str(parquet), "row": 3,
                                     "message": "empty name; row not screened"}]
    summary = screen_file_spark(parquet, tmp_path / "hits.parquet")
    hits = spark.read.parquet(str(tmp_path / "hits.parquet")).where("problem is null")
    assert summary["hits"] == hits.count() == sum(len(r["hits"]) for r in local["results"])
    assert summary["rows_screened"] == 4 and summary["rows_skipped"] == 1
    assert {r["id"] for r in hits.collect()} == {"V2", "V5", "V6"}


def test_input_errors_before_any_job(spark: SparkSession, tmp_path: Path) -> None:
    path = tmp_path / "vendors.csv"
    path.write_text("code,amount\nA,1\n", "utf-8")
    with pytest.raises(InputError, match="no name column"):
        screen_file_spark(path, tmp_path / "hits.json")
    with pytest.raises(InputError, match="writes .json or .parquet"):
        screen_file_spark(path, tmp_path / "hits.xlsx")
    with pytest.raises(InputError, match="not found"):
        screen_file_spark(tmp_path / "absent.parquet", tmp_path / "hits.json")
