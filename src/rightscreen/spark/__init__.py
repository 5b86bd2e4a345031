"""Bulk screening on Apache Spark (`pip install 'rightscreen[spark]'`).

The index is built once on the driver (or read from the warm-start cache), shipped to the
executors as the cache's own files, loaded once per Python worker, and every row is screened by
the same Screener as the local engine, in Arrow batches: both engines give the same hits.

    from rightscreen.spark import screen_dataframe
    hits = screen_dataframe(spark.read.parquet("vendors.parquet"), "name", "vendor_id")

Importing this package needs no pyspark; calling it without pyspark raises a RightscreenError
that says what to install."""

from __future__ import annotations

from rightscreen.spark.files import screen_file_spark
from rightscreen.spark.frames import screen_dataframe
from rightscreen.spark.shipping import INSTALL_HINT, ShippedIndex, require_pyspark, ship_index

__all__ = ["INSTALL_HINT", "ShippedIndex", "require_pyspark", "screen_dataframe",
           "screen_file_spark", "ship_index"]
