"""Screening a Spark DataFrame of names: columns resolved on the driver, rows numbered in the
JVM, batches screened on the executors through Arrow."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rightscreen.errors import InputError
from rightscreen.matching.screener import DEFAULT_THRESHOLD
from rightscreen.screening.names import EVIDENCE_COLUMNS
from rightscreen.spark.batches import HITS_SCHEMA, ROW, ROWS_SCHEMA, Plan, screen_batches
from rightscreen.spark.shipping import ShippedIndex, require_pyspark, ship_index
from rightscreen.tables import find_column

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

# monotonically_increasing_id() puts the partition in the bits above these.
PARTITION_SHIFT = 33
MID = "_rs_mid"


def evidence_columns(header: Sequence[str]) -> dict[str, str]:
    """Evidence fields found among the columns, by the same synonyms as the local engine (see
    data/columns.yaml); a column named both country and nationality is a person's nationality,
    not a place of business."""
    found = {f: header[i] for f in EVIDENCE_COLUMNS
             if (i := find_column(list(header), f)) is not None}
    if "country" in found and found["country"] == found.get("nationality"):
        del found["country"]
    return found


def screen_dataframe(df: DataFrame, name_col: str = "name", id_col: str | None = None, *,
                     lists: Sequence[Path] | ShippedIndex | None = None,
                     threshold: float = DEFAULT_THRESHOLD,
                     columns: Mapping[str, str] | None = None) -> DataFrame:
    """Hits for the names in `df[name_col]`, one output row per hit, with the same hits, entity
    ids and scores as the local engine. Inputs without hits have no row; an input that could
    not be screened (a null or empty name) has one row with `problem` set and no hit.

    `lists`: list files or folders (default: the built-in snapshot), or an index already
    shipped with `ship_index`. `columns` maps evidence fields (country, isin, lei, ticker, uscc,
    birth_date, nationality) to column names; by default they are found by the local engine's
    column synonyms. Columns of any type are read as strings. `row` is the 1-based position of
    the input row in the DataFrame's order (stable for a file read; give `id_col` for a key of
    your own)."""
    return screen_frame(df, name_col, id_col, lists=lists, threshold=threshold, columns=columns)


def screen_frame(df: DataFrame, name_col: str, id_col: str | None, *,
                 lists: Sequence[Path] | ShippedIndex | None, threshold: float,
                 columns: Mapping[str, str] | None, per_row: bool = False,
                 row_col: str | None = None) -> DataFrame:
    """screen_dataframe, and for the file front-end: one output row per input row
    (`per_row`, ROWS_SCHEMA) and row numbers of the input's own (`row_col`)."""
    require_pyspark()
    from pyspark.sql import functions as F

    fields = _fields(df.columns, name_col, id_col, columns)
    shipped = (lists if isinstance(lists, ShippedIndex)
               else ship_index(df.sparkSession, list(lists) if lists is not None else None))
    numbered = (df.withColumn(ROW, F.col(row_col).cast("long")) if row_col is not None
                else number_rows(df))
    # Columns renamed by position: one column may serve two fields, and a name may be odd.
    inputs = numbered.select(F.col(ROW), *(F.col(f"`{column}`").cast("string").alias(f"_f{i}")
                                           for i, (_, column) in enumerate(fields)))
    plan = Plan(shipped, threshold, tuple((field, f"_f{i}") for i, (field, _) in
                                          enumerate(fields)), per_row=per_row)
    return inputs.mapInPandas(functools.partial(screen_batches, plan),
                              ROWS_SCHEMA if per_row else HITS_SCHEMA)


def _fields(header: list[str], name_col: str, id_col: str | None,
            columns: Mapping[str, str] | None) -> list[tuple[str, str]]:
    """(field, column) pairs: the name first, then the id and evidence; a column asked for
    that the DataFrame lacks is an InputError before any job starts."""
    evidence = dict(columns) if columns is not None else {
        f: c for f, c in evidence_columns(header).items() if f != "id"}
    unknown = sorted(set(evidence) - set(EVIDENCE_COLUMNS) - {"id"})
    if unknown:
        raise InputError(f"unknown evidence fields {unknown}; known: {list(EVIDENCE_COLUMNS)}")
    if id_col is not None:
        evidence["id"] = id_col
    pairs = [("name", name_col), *evidence.items()]
    missing = [column for _, column in pairs if column not in header]
    if missing:
        raise InputError(f"no column {', '.join(map(repr, missing))} among {header}")
    return pairs


def number_rows(df: DataFrame) -> DataFrame:
    """`df` with ROW, its rows numbered from 1 in partition order. Each row's partition and
    place in it come from monotonically_increasing_id(); one job counts the rows of each
    partition (Parquet answers it from its footers) and the offsets become a literal array."""
    from pyspark.sql import functions as F

    mid = F.monotonically_increasing_id()
    counts = (df.select(F.shiftright(mid, PARTITION_SHIFT).alias("p"))
              .groupBy("p").count().collect())
    sizes = {int(r["p"]): int(r["count"]) for r in counts}
    offsets, total = [], 0
    for partition in range(max(sizes, default=-1) + 1):
        offsets.append(total)
        total += sizes.get(partition, 0)
    if not offsets:
        return df.withColumn(ROW, F.lit(None).cast("long"))
    # The id is taken once into a column: each call of the function would count on its own.
    marked = df.withColumn(MID, mid)
    place = F.col(MID).bitwiseAND((1 << PARTITION_SHIFT) - 1)
    offset = F.element_at(F.array(*(F.lit(o) for o in offsets)),
                          (F.shiftright(F.col(MID), PARTITION_SHIFT) + 1).cast("int"))
    return marked.withColumn(ROW, offset + place + 1).drop(MID)
