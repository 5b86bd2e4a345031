"""Screen a table of names on a Spark cluster and write the hits as Parquet.

    spark-submit --master yarn --deploy-mode client \\
        --conf spark.pyspark.python=/opt/rightscreen/venv/bin/python \\
        examples/spark_submit.py s3a://bucket/vendors/ s3a://bucket/hits/ \\
        --name-col supplier_name --id-col vendor_id --list /data/lists/sdn/

Every executor needs the same rightscreen installed as the driver (`pip install
'rightscreen[spark]'` in the Python that spark.pyspark.python names); an executor with other
code refuses to screen rather than give other hits. The lists are read and indexed once on the
driver (from the warm-start cache when it has them) and shipped to each executor as two files.
Inputs without hits have no output row; a row that could not be screened (no name) has one with
`problem` set.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from rightscreen.spark import screen_dataframe, ship_index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", help="Parquet file or folder (any path Spark reads)")
    parser.add_argument("output", help="where the Parquet of hits is written")
    parser.add_argument("--name-col", default="name")
    parser.add_argument("--id-col", default=None)
    parser.add_argument("--list", action="append", type=Path, dest="lists",
                        help="list file or folder on the driver (repeatable); "
                             "default: the built-in snapshot")
    parser.add_argument("--threshold", type=float, default=0.7)
    args = parser.parse_args()

    spark = SparkSession.builder.appName("rightscreen").getOrCreate()
    shipped = ship_index(spark, args.lists)
    print(f"index shipped: {shipped.bytes:,} bytes, ready in {shipped.prepare_seconds:.1f} s; "
          "lists: " + ", ".join(f"{i.id} ({i.date})" for i in shipped.infos))
    names = spark.read.parquet(args.input)
    hits = screen_dataframe(names, args.name_col, args.id_col, lists=shipped,
                            threshold=args.threshold)
    hits.write.mode("overwrite").parquet(args.output)
    written = spark.read.parquet(args.output)
    summary = written.agg(F.count(F.col("entity_id")).alias("hits"),
                          F.countDistinct(F.when(F.col("problem").isNull(), F.col("row")))
                          .alias("rows_with_hits"),
                          F.count(F.col("problem")).alias("rows_not_screened")).first()
    print(summary.asDict() if summary else {})
    spark.stop()


if __name__ == "__main__":
    main()
