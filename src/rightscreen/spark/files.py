"""`rightscreen screen INPUT --engine spark`: a file of names screened on Spark, written as the
local engine's JSON envelope or as a Parquet table of hits."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rightscreen.errors import InputError
from rightscreen.matching.screener import DEFAULT_THRESHOLD
from rightscreen.model import RowProblem
from rightscreen.screening.names import EVIDENCE_COLUMNS, ScreeningResult, queries_from_table
from rightscreen.spark.batches import ROW
from rightscreen.spark.frames import evidence_columns, number_rows, screen_frame
from rightscreen.spark.shipping import ShippedIndex, require_pyspark, ship_index
from rightscreen.tables import find_column, read_table

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

PARQUET_MAGIC = b"PAR1"
OUTPUTS = (".json", ".parquet")


def screen_file_spark(input_path: Path, output_path: Path, *,
                      list_paths: list[Path] | None = None,
                      threshold: float = DEFAULT_THRESHOLD,
                      master: str | None = None) -> dict[str, Any]:
    """Screen a CSV, TSV, XLSX or Parquet file on Spark and write `output_path`.

    CSV, TSV and XLSX are read by the local engine's reader on the driver (the same encodings,
    row numbers and row problems, within the same limits) and screened on the executors;
    Parquet (a file or a folder of parts) is read by Spark, without a limit on rows. `.json`
    writes the local engine's envelope, one result per row in input order; `.parquet` writes
    one row per hit (columns of `screen_dataframe`). Returns the envelope; for Parquet output
    without `results`, with `output`, `hits` and `rows_with_hits` instead."""
    require_pyspark()
    suffix = output_path.suffix.lower()
    if suffix not in OUTPUTS:
        raise InputError(f"the Spark engine writes {' or '.join(OUTPUTS)}",
                         path=str(output_path))
    spark, created = _session(master)
    try:
        shipped = ship_index(spark, list_paths)
        frame, problems, rows = _input_frame(spark, input_path)
        per_row = suffix == ".json"
        screened = screen_frame(frame, "name", None, lists=shipped, threshold=threshold,
                           columns={f: f for f in frame.columns if f in EVIDENCE_COLUMNS},
                           per_row=per_row, row_col="row")
        if per_row:
            return _json_envelope(screened, shipped, problems, input_path, output_path,
                                  threshold)
        return _parquet_envelope(screened, shipped, problems, rows, input_path, output_path,
                                 threshold)
    finally:
        if created:
            spark.stop()


def _session(master: str | None) -> tuple[SparkSession, bool]:
    """The active session (under spark-submit or a notebook) unless a master is asked for;
    else a new one, stopped when the file is done (a running session is never stopped)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active, False
    if master is None or master.startswith("local"):
        # Local Python workers are started from PYSPARK_PYTHON (default: the `python3` on the
        # PATH, which may not have rightscreen); this process's interpreter has it.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("rightscreen").config("spark.ui.enabled", "false")
    if master is not None:
        builder = builder.master(master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    # getOrCreate hands back a session that was already running: only one made here is stopped.
    return spark, active is None


def _input_frame(spark: SparkSession, path: Path
                 ) -> tuple[DataFrame, list[RowProblem], int]:
    """The input as a DataFrame with `row`, `name` and evidence columns named by field; the
    rows the reader could not use (as problems); and the count of rows handed to Spark."""
    from pyspark.sql import functions as F

    if not path.exists():
        raise InputError("file not found", path=str(path))
    if _is_parquet(path):
        frame = spark.read.parquet(str(path))
        name = find_column(frame.columns, "name")
        if name is None:
            raise InputError(f"no name column (looked for name, vendor, company, ... among "
                             f"{frame.columns})", path=str(path))
        found = {"name": frame.columns[name], **evidence_columns(frame.columns)}
        numbered = number_rows(frame).withColumnRenamed(ROW, "row")
        picked = numbered.select("row", *(F.col(f"`{c}`").alias(f) for f, c in found.items()))
        return picked, [], frame.count()
    table = read_table(path)
    queries, problems = queries_from_table(table)
    present = [f for f in EVIDENCE_COLUMNS if any(f in q[1] for q in queries)]
    schema = ", ".join(["row long", "name string", *(f"{f} string" for f in present)])
    records = [(number, fields["name"], *(fields.get(f) for f in present))
               for number, fields, _ in queries]
    return spark.createDataFrame(records, schema), problems, len(records)


def _is_parquet(path: Path) -> bool:
    if path.is_dir():
        return any(path.glob("*.parquet"))
    with path.open("rb") as fh:
        return fh.read(4) == PARQUET_MAGIC


def _base(shipped: ShippedIndex, problems: list[RowProblem], input_path: Path,
          threshold: float) -> dict[str, Any]:
    return ScreeningResult(list(shipped.infos), threshold, [], problems,
                           input=str(input_path)).to_dict()


def _json_envelope(screened: DataFrame, shipped: ShippedIndex, problems: list[RowProblem],
                   input_path: Path, output_path: Path, threshold: float) -> dict[str, Any]:
    from rightscreen.reports.tabular import write_report

    results = []
    # in row order, without collecting the whole result at once
    for row in screened.orderBy("row").toLocalIterator():
        if row["problem"] is not None:
            problems.append(RowProblem(str(input_path), row["row"], row["problem"]))
        else:
            results.append({"row": row["row"], "query": json.loads(row["query"]),
                            "hits": json.loads(row["hits"])})
    envelope = _base(shipped, problems, input_path, threshold)
    envelope.update(results=results, rows_screened=len(results))
    write_report(envelope, output_path)
    return envelope


def _parquet_envelope(screened: DataFrame, shipped: ShippedIndex, problems: list[RowProblem],
                      rows: int, input_path: Path, output_path: Path, threshold: float
                      ) -> dict[str, Any]:
    from pyspark.sql import functions as F

    screened.write.mode("overwrite").parquet(str(output_path))
    written = screened.sparkSession.read.parquet(str(output_path))
    skipped = written.where(F.col("problem").isNotNull()).orderBy("row").collect()
    problems.extend(RowProblem(str(input_path), row["row"], row["problem"]) for row in skipped)
    hits = written.where(F.col("problem").isNull())
    counts = hits.agg(F.count("*").alias("hits"), F.countDistinct("row").alias("rows")).first()
    envelope = _base(shipped, problems, input_path, threshold)
    del envelope["results"]
    envelope.update(rows_screened=rows - len(skipped), output=str(output_path),
                    hits=int(counts["hits"]) if counts else 0,
                    rows_with_hits=int(counts["rows"]) if counts else 0)
    return envelope
