"""The Spark engine beside the local one, in the same run on the same names and lists (the
built-in snapshot):

- parity: 5,000 names (variants of listed names and unlisted names, seed fixed) screened by the
  local engine (`Screener(snapshot.entities)`, as `rightscreen screen` builds it) and by
  `screen_dataframe` on local[2]: the same hits, entity ids and scores (to 1e-9), compared as
  whole hit dicts;
- throughput: `--names` names (default 100,000; the committed results are for 1,000,000, a
  19-minute run) screened by the local engine in this process,
  then by Spark on local[1] and on local[2], each after a warm-up job so that the figure is the
  steady rate; local[1] is the per-executor-core figure that predicts a cluster's;
- shipping the index: the bytes of the files shipped, the seconds to make them ready on the
  driver, to fetch and load them in a Python worker, and what pickling the same objects would
  weigh instead.

The names are written to Parquet in 8 files and read by Spark, as a job would read them.

Usage: python benchmarks/spark_screen.py [--names 100000] [--parity 5000]
       [--out results/spark_screen.json]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rightscreen import Query, Screener, load_snapshot
from rightscreen.cache import WarmCache
from rightscreen.model import Entity
from rightscreen.spark import screen_dataframe, ship_index

HERE = Path(__file__).parent
EVAL_NEGATIVES = ("validation_report__negatives_us.csv", "validation_report__negatives_global.csv")
COMPANY_WORDS = ("Trading", "Logistics", "Holdings", "Foods", "Textiles", "Machinery", "Marine",
                 "Pharma", "Software", "Consulting", "Agri", "Metals", "Printing", "Retail")
SUFFIXES = ("Ltd", "LLC", "GmbH", "Co., Ltd.", "S.A.", "Inc", "", "", "")
# Files the names are written to. Few and large: a Spark task costs ~0.3 s of its own on this
# machine (measured with a mapInPandas that does nothing), so a partition should hold tens of
# thousands of names; Spark packs these files into about one partition per core.
PARTS = 8


def perturb(name: str, rng: random.Random) -> str:
    """A typo, another case, the last word dropped, or the name as listed."""
    choice = rng.randrange(4)
    if choice == 0 and len(name) > 6:
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i + 1:]
    if choice == 1:
        return "".join(ch for ch in name.lower() if ch.isalnum() or ch == " ")
    if choice == 2 and " " in name:
        return name.rsplit(" ", 1)[0]
    return name


def make_names(entities: list[Entity], people: list[str], total: int, seed: int) -> list[str]:
    """Half variants of listed names; half unlisted: peers' negative person names, those names'
    words recombined, and made-up firms."""
    rng = random.Random(seed)
    listed = [e.name for e in entities]
    words = sorted({w for p in people for w in p.split() if len(w) > 2})
    names = []
    for i in range(total):
        kind = i % 4
        if kind < 2:
            names.append(perturb(rng.choice(listed), rng))
        elif kind == 2 and i < 4 * len(people):
            names.append(people[(i // 4) % len(people)])
        elif kind == 2:
            names.append(f"{rng.choice(words)} {rng.choice(words)}")
        else:
            names.append(f"{rng.choice(words)} {rng.choice(COMPANY_WORDS)} "
                         f"{rng.choice(SUFFIXES)}".strip())
    return names


def people_names(eval_dir: Path) -> list[str]:
    import csv

    out = []
    for file_name in EVAL_NEGATIVES:
        path = eval_dir / file_name
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                out.extend(r["full_name"] for r in csv.DictReader(fh) if r["full_name"].strip())
    return out or ["Maria Garcia Lopez", "John Smith", "Wei Zhang", "Olga Petrova"]


def write_parquet(names: list[str], folder: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True)
    size = -(-len(names) // PARTS)
    for part in range(PARTS):
        chunk = names[part * size:(part + 1) * size]
        ids = [f"N{part * size + i}" for i in range(len(chunk))]
        pq.write_table(pa.table({"qid": ids, "name": chunk}), folder / f"part-{part:02}.parquet")
    return folder


def local_engine(screener: Screener, names: list[str]) -> list[list[dict[str, Any]]]:
    return [[h.to_dict() for h in screener.screen(Query(n))] for n in names]


def local_throughput(screener: Screener, names: list[str]) -> tuple[int, float]:
    """Hits counted, not kept: a million names' hit dicts would not fit beside Spark."""
    started = time.perf_counter()
    hits = sum(len(screener.screen(Query(n))) for n in names)
    return hits, time.perf_counter() - started


def session(master: str) -> Any:
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.master(master).appName("rightscreen-bench")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def timed_count(frame: Any) -> tuple[int, float]:
    from pyspark.sql import functions as F

    started = time.perf_counter()
    row = frame.agg(F.count("*").alias("n")).first()
    return int(row["n"]), time.perf_counter() - started


def spark_run(master: str, names_dir: Path, parity: list[str] | None,
              warm_names: list[str]) -> dict[str, Any]:
    started = time.perf_counter()
    spark = session(master)
    out: dict[str, Any] = {"session_seconds": round(time.perf_counter() - started, 2)}
    try:
        shipped = ship_index(spark)
        out["ship_prepare_seconds"] = round(shipped.prepare_seconds, 2)
        out["shipped_bytes"] = shipped.bytes
        warm = spark.createDataFrame([(n,) for n in warm_names], "name string").repartition(
            int(master[len("local["):-1]))
        _, cold = timed_count(screen_dataframe(warm, lists=shipped))
        _, hot = timed_count(screen_dataframe(warm, lists=shipped))
        # the first job fetches the files and loads the index in each worker; the second not
        out["first_job_seconds"], out["warm_job_seconds"] = round(cold, 2), round(hot, 2)
        frame = spark.read.parquet(str(names_dir))
        out["partitions"] = frame.rdd.getNumPartitions()
        hits, seconds = timed_count(screen_dataframe(frame, "name", "qid", lists=shipped))
        total = frame.count()
        out.update(names=total, hits=hits, seconds=round(seconds, 2),
                   names_per_second=round(total / seconds, 1))
        if parity is not None:
            frame = spark.createDataFrame([(f"P{i}", n) for i, n in enumerate(parity)],
                                          "qid string, name string")
            out["parity_rows"] = screen_dataframe(frame, "name", "qid",
                                                  lists=shipped).collect()
    finally:
        spark.stop()
    return out


def compare(parity: list[str], local: list[list[dict[str, Any]]], rows: list[Any]
            ) -> dict[str, Any]:
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        if row["problem"] is None:
            found.setdefault(int(row["id"][1:]), []).append(row.asDict())
    differ, worst = [], 0.0
    for i, hits in enumerate(local):
        theirs = found.get(i, [])
        same = ([json.loads(r["hit"]) for r in theirs] == json.loads(json.dumps(hits))
                and [r["entity_id"] for r in theirs] == [h["entity_id"] for h in hits])
        for r, h in zip(theirs, hits, strict=False):
            worst = max(worst, abs(r["score"] - h["score"]))
        if not same:
            differ.append(parity[i])
    return {"names": len(parity), "names_with_hits": sum(1 for h in local if h),
            "hits": sum(len(h) for h in local), "names_differing": len(differ),
            "examples_differing": differ[:10], "max_score_difference": worst,
            "identical": not differ and worst <= 1e-9}


def shipping_cost(snapshot: Any) -> dict[str, Any]:
    """What pickling would ship instead of the cache files, and a worker's load time."""
    # The same two files ship_index ships, written aside: the user's cache may hold another
    # key by now (other work prunes it), and a worker reads exactly these.
    key, directory = "benchmark", Path(tempfile.mkdtemp(prefix="rightscreen-bench-"))
    WarmCache(directory).write_lists(key, snapshot.lists, snapshot.skipped)
    WarmCache(directory).write_index(key, snapshot.name_index())
    started = time.perf_counter()
    cache = WarmCache(directory)
    cached = cache.read_lists(key)
    assert cached is not None
    entities = [e for lst in cached.lists() for e in lst.entities]
    Screener(entities, index=cache.read_index(key, entities))
    out: dict[str, Any] = {"worker_load_seconds": round(time.perf_counter() - started, 2)}
    started = time.perf_counter()
    pickled = pickle.dumps(snapshot.entities, protocol=pickle.HIGHEST_PROTOCOL)
    state = pickle.dumps(snapshot.name_index().state, protocol=pickle.HIGHEST_PROTOCOL)
    out["pickle_bytes"] = {"entities": len(pickled), "index_state": len(state),
                           "seconds": round(time.perf_counter() - started, 2),
                           "note": "the NameIndex object itself does not pickle (memoryviews)"}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=int, default=100_000)
    parser.add_argument("--parity", type=int, default=5000)
    parser.add_argument("--eval", type=Path, default=HERE.parent / "../shared/data/eval")
    parser.add_argument("--out", type=Path, default=HERE / "results/spark_screen.json")
    args = parser.parse_args()
    run_started = time.perf_counter()
    snapshot = load_snapshot()
    people = people_names(args.eval)
    started = time.perf_counter()
    screener = Screener(snapshot.entities)
    index_seconds = time.perf_counter() - started
    parity = make_names(snapshot.entities, people[::-1], args.parity, seed=5000)
    names = make_names(snapshot.entities, people, args.names, seed=20261127)
    local_parity = local_engine(screener, parity)
    local_hits, local_seconds = local_throughput(screener, names)
    report: dict[str, Any] = {
        "machine": f"{os.cpu_count()} cores shared with other work: Spark's JVM, its Python "
                   "workers and the driver compete for them",
        "lists": "built-in snapshot", "entities": len(snapshot.entities),
        "local_engine": {"names": len(names), "hits": local_hits,
                         "index_seconds": round(index_seconds, 2),
                         "seconds": round(local_seconds, 2),
                         "names_per_second": round(len(names) / local_seconds, 1)},
        "shipping": shipping_cost(snapshot),
    }
    with tempfile.TemporaryDirectory() as tmp:
        names_dir = write_parquet(names, Path(tmp) / "names")
        for master in ("local[1]", "local[2]"):
            run = spark_run(master, names_dir, parity if master == "local[2]" else None,
                            names[:2000])
            if "parity_rows" in run:
                report["parity"] = compare(parity, local_parity, run.pop("parity_rows"))
            run["same_hit_count_as_local"] = run["hits"] == report["local_engine"]["hits"]
            report[master] = run
    report["shipping"]["shipped_bytes"] = report["local[2]"]["shipped_bytes"]
    one = report["local[1]"]["names_per_second"]
    report["per_executor_core_names_per_second"] = one
    report["cluster_estimate"] = (
        f"about {one:,.0f} names/s per executor core once the index is loaded "
        f"(~{report['shipping'].get('worker_load_seconds', '?')} s per Python worker): "
        f"100 million names on 64 dedicated cores ~ {1e8 / (one * 64) / 60:,.0f} min")
    report["run_seconds"] = round(time.perf_counter() - run_started, 1)
    from results_io import save

    save(report, args.out)
    return 0 if report.get("parity", {}).get("identical") else 1


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    raise SystemExit(main())
