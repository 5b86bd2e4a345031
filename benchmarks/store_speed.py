"""The case store's cost, each figure beside its baseline measured in the same run:

- 100,000 subjects screened with the store (second run, no list change: every alert found
  again) against the same subjects screened without a store (goal: at most 1.5x);
- `monitor` after an update that changes 50 entries (an alias added to each), for those
  100,000 subjects (goal: at most 10 s), beside a full re-screen;
- `decide` throughput, one decision per transaction and 1,000 per call, on SQLite and (with
  --postgres URL or RIGHTSCREEN_TEST_POSTGRES) PostgreSQL.

Subjects are drawn with a fixed seed: 2% are names of listed entities (so that alerts exist),
the rest are real issuers from ../shared/data/holdings and synthetic company names.

Usage: python benchmarks/store_speed.py [--subjects 100000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from rightscreen import Screener, load_snapshot
from rightscreen.model import Entity, Name
from rightscreen.screening.casework import monitor, record_screening
from rightscreen.screening.names import RowResult, ScreeningResult
from rightscreen.store import Store

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from results_io import save  # noqa: E402

WORDS = ("North", "Pacific", "Delta", "Summit", "Harbor", "Granite", "Cedar", "Atlas",
         "Meridian", "Silver", "Lake", "Valley", "Crown", "Union", "Eastern", "Pioneer")
KINDS = ("Trading", "Logistics", "Foods", "Textiles", "Plastics", "Paper", "Furniture",
         "Tools", "Packaging", "Ceramics", "Garments", "Hardware")
FORMS = ("Ltd", "LLC", "Inc.", "GmbH", "Co., Ltd.", "S.A.", "")


def subjects(count: int, entities: list[Entity], rng: random.Random) -> list[dict[str, str]]:
    listed = [e.name for e in entities]
    out = []
    for n in range(count):
        if rng.random() < 0.02:
            name = rng.choice(listed)
        else:
            name = " ".join((rng.choice(WORDS), rng.choice(WORDS), rng.choice(KINDS),
                             rng.choice(FORMS))).strip()
        out.append({"id": f"S{n:06d}", "name": name})
    return out


def screen_all(screener: Screener, fields: list[dict[str, str]], lists: Any) -> ScreeningResult:
    from rightscreen.screening.casework import query_from_fields

    results = [RowResult(n, f, screener.screen(query_from_fields(f)))
               for n, f in enumerate(fields, start=1)]
    return ScreeningResult(lists, screener.threshold, results, input="benchmark")


def timed(label: str, report: dict[str, Any], func: Any) -> Any:
    start = time.perf_counter()
    value = func()
    report[label] = round(time.perf_counter() - start, 3)
    print(f"{label}: {report[label]} s", flush=True)
    return value


def decide_rate(url: str, report: dict[str, Any], label: str) -> None:
    store = Store.open(url)
    ids = [a["id"] for a in store.alerts("all")][:2000]
    single = ids[:500]
    start = time.perf_counter()
    for alert_id in single:
        store.decide([alert_id], decision="false_positive", reason="benchmark", by="bench")
    report[f"{label}_decisions_per_s_one_per_call"] = round(
        len(single) / (time.perf_counter() - start), 1)
    batch = ids[500:1500]
    if batch:
        start = time.perf_counter()
        store.decide(batch, decision="escalate", reason="benchmark", by="bench")
        report[f"{label}_decisions_per_s_{len(batch)}_per_call"] = round(
            len(batch) / (time.perf_counter() - start), 1)
    start = time.perf_counter()
    report[f"{label}_verify_ok"] = store.verify().ok
    report[f"{label}_verify_s"] = round(time.perf_counter() - start, 3)
    store.close()


def postgres_database(admin_url: str) -> tuple[str, Any]:
    name = f"rs_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    return admin_url.rsplit("/", 1)[0] + "/" + name, (admin, name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("RIGHTSCREEN_TEST_POSTGRES"))
    args = parser.parse_args()
    rng = random.Random(20261127)
    report: dict[str, Any] = {"subjects": args.subjects, "machine": "2 cores, shared"}
    snapshot = load_snapshot()
    screener = Screener(snapshot.entities)
    fields = subjects(args.subjects, snapshot.entities, rng)
    screen_all(screener, fields, snapshot.infos)  # warm-up: word analyses cached for all runs
    result = timed("screen_without_store_s", report,
                   lambda: screen_all(screener, fields, snapshot.infos))
    with tempfile.TemporaryDirectory() as tmp:
        url = str(Path(tmp) / "bench.sqlite")
        store = Store.open(url)
        first = timed("first_run_with_store_s", report, lambda: record_screening(
            store, screen_all(screener, fields, snapshot.infos), screener))
        report["alerts"] = first.counts["new"]
        second = timed("second_run_with_store_s", report, lambda: record_screening(
            store, screen_all(screener, fields, snapshot.infos), screener))
        report["second_run_new_alerts"] = second.counts["new"]
        start = time.perf_counter()
        record_screening(store, result, screener)
        report["record_only_second_run_s"] = round(time.perf_counter() - start, 3)
        report["ratio_second_run_to_no_store"] = round(
            report["second_run_with_store_s"] / report["screen_without_store_s"], 3)
        timed("monitor_first_full_s", report, lambda: monitor(
            store, screener, snapshot.infos, snapshot.entities))
        changed = copy.deepcopy(snapshot.entities)
        for entity in rng.sample([e for e in changed if e.schema != "Person"], 50):
            entity.names.append(Name(f"{entity.name} Holdings Branch", "alias", "list"))
        updated = Screener(changed)
        outcome = timed("monitor_after_50_changes_s", report, lambda: monitor(
            store, updated, snapshot.infos, changed))
        report["monitor_rescreened"] = outcome["rescreened"]
        report["monitor_counts"] = outcome["counts"]
        timed("monitor_full_rescreen_baseline_s", report, lambda: monitor(
            store, updated, snapshot.infos, changed, full=True))
        store.close()
        decide_rate(url, report, "sqlite")
    if args.postgres:
        url, (admin, name) = postgres_database(args.postgres)
        store = Store.open(url)
        record_screening(store, result, screener)
        store.close()
        decide_rate(url, report, "postgresql")
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    save(report, HERE / "results" / "store_speed.json")


if __name__ == "__main__":
    main()
